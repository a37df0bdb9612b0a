"""The reading store (verify/parse_store.py) shared by two copies of the checker in one cache:
from the repository's root the checker is importable as ``verify`` as well as
``cheatsheet.verify``. A row pickles the store's own classes and helpers by the module path of
the copy that wrote it, so a row another copy wrote loaded as that copy's ``Unreadable`` (not
this copy's: the refusal came back as a reading, "'Unreadable' object has no attribute
'relations'") and through that copy's Dummy helper (the bound variables kept their numbers,
shared by every load)."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
import sympy as sp

from cheatsheet.latex import LatexError, parse
from cheatsheet.verify import parse_store, parsing

REPO = Path(__file__).resolve().parents[1]
REFUSED = r"[Y] = \int_Y s"  # an integral over a set: the reader refuses it


@pytest.fixture
def second_copy(monkeypatch):
    """Imports a module of the checker under its other name, ``verify.``; the copy goes with
    the test."""
    monkeypatch.syspath_prepend(str(REPO))
    yield lambda name: importlib.import_module(f"verify.{name}")
    for name in [n for n in sys.modules if n == "verify" or n.startswith("verify.")]:
        del sys.modules[name]


@pytest.fixture
def other_copy(second_copy):
    """The store's module imported as ``verify.parse_store``."""
    other = second_copy("parse_store")
    assert other is not parse_store and other.Unreadable is not parse_store.Unreadable
    parsing._parse.cache_clear()
    yield other
    parsing._parse.cache_clear()
    parse_store.activate(None)


def _refusal():
    with pytest.raises(LatexError) as refused:
        parse(REFUSED)
    return refused.value


def test_a_refusal_the_other_copy_stored_is_raised_again(other_copy, tmp_path):
    memo_key = (REFUSED, (), "denominator", ())
    written = other_copy.Store()
    written.put_failure(memo_key, _refusal())
    other_copy.save(tmp_path, written.take_new())
    store = parse_store.load(tmp_path)
    assert isinstance(store.get(memo_key), parse_store.Unreadable)
    parse_store.activate(store)
    with pytest.raises(LatexError):
        parsing.parse_cached(REFUSED)
    # and the other way round: a row this copy wrote loads as the other copy's refusal
    mine = parse_store.Store()
    mine.put_failure(memo_key, _refusal())
    assert isinstance(other_copy.Store(mine.take_new()).get(memo_key), other_copy.Unreadable)


def test_a_reading_the_other_copy_stored_gets_new_dummies(other_copy):
    j = sp.Dummy("j", positive=True)
    expr = sp.Function("g")(j) - 3 * j
    st = type(parse("y = 2"))((), expr, (), latex="g(j) - 3 j")
    blob = other_copy.dump(st)
    assert blob is not None
    one, two = parse_store.loads(blob).expr, parse_store.loads(blob).expr
    (d1,), (d2,) = one.atoms(sp.Dummy), two.atoms(sp.Dummy)
    assert d1 != j and d2 != j and d1 != d2 and d1.is_positive


def test_a_row_that_loads_as_no_reading_is_a_miss(tmp_path):
    import pickle

    memo_key = ("y", (), "denominator", ())
    store = parse_store.Store({parse_store.key(memo_key): pickle.dumps(["not", "a reading"])})
    assert store.get(memo_key) is None


def test_a_result_the_other_copy_cached_is_this_copy_s(second_copy, tmp_path):
    """The claims' results (verify/cache.py) are keyed by the engine's bytes alike in both
    copies: a row the other copy wrote is a hit, as this copy's ClaimResult."""
    from cheatsheet.verify.cache import ResultCache
    from cheatsheet.verify.evidence import ClaimResult

    other_cache, other_ev = second_copy("cache"), second_copy("evidence")
    assert other_ev.ClaimResult is not ClaimResult
    made = other_ev.ClaimResult("t.id", "topic", "a title", "y = y",
                                other_ev.Evidence("passed", "numeric", detail="both sides agree"))
    other_cache.ResultCache(tmp_path, engine="one").put_many({"k": made})
    (back,) = ResultCache(tmp_path, engine="one").get_many(["k"]).values()
    assert type(back) is ClaimResult and type(back.evidence) is not other_ev.Evidence
    assert back.verdict == "passed" and back.evidence.detail == "both sides agree"


def test_no_test_or_script_imports_the_checker_s_second_copy():
    """Tests, scripts and benchmarks name the checker ``cheatsheet.verify``: a second copy in
    one process is twice the memory and classes that are not each other's."""
    import re

    pattern = re.compile(r"^\s*(from|import)\s+verify(\.|\s)", re.M)
    found = [str(p.relative_to(REPO)) for folder in ("tests", "scripts", "benchmarks")
             for p in (REPO / folder).rglob("*.py") if pattern.search(p.read_text())]
    assert found == []
