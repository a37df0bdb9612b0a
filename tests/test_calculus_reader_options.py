"""The reader's options (a sheet's log base, its superscript indices) reach the reader through
the parsing memo and ``check_version``, and are part of the memo's key."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet.claims import Claim
from cheatsheet.verify.check import check_version
from cheatsheet.verify.parsing import parse_cached

x = sp.Symbol("x", real=True)


def test_parse_cached_passes_the_log_base_and_keeps_readings_apart():
    natural = parse_cached(r"\log x", {"x": "positive"})
    base2 = parse_cached(r"\log x", {"x": "positive"}, reader={"log_base": "2"})
    again = parse_cached(r"\log x", {"x": "positive"})
    xp = sp.Symbol("x", positive=True)
    assert sp.simplify(natural.expr - sp.log(xp)) == 0
    assert sp.simplify(base2.expr - sp.log(xp) / sp.log(2)) == 0
    assert again is natural  # the memo still answers the plain reading with the plain reading


def test_parse_cached_passes_superscript_indices_in_any_order():
    a = parse_cached(r"w^{t+1} = w^t - \eta g", reader={"superscript_index": ["w"]})
    b = parse_cached(r"w^{t+1} = w^t - \eta g", reader={"superscript_index": frozenset({"w"})})
    assert a is b
    names = {s.name for s in a.relations[0].lhs.free_symbols}
    assert names == {"w_t+1"}
    plain = parse_cached(r"w^{t+1} = w^t - \eta g")
    assert isinstance(plain.relations[0].lhs, sp.Pow)


def test_bad_options_are_clear_errors():
    with pytest.raises(ValueError, match="log_base"):
        parse_cached(r"\log x", reader={"log_base": "3"})
    with pytest.raises(ValueError, match="collection of names"):
        parse_cached(r"w^t", reader={"superscript_index": "w"})


def _decide(latex, **kw):
    claim = Claim(id="t.log", topic="t", title="log", latex=r"\log_2 8 = 3", symbols={})
    return check_version(claim, latex, claim.declarations, "denominator", [], seed=0,
                         key=("t",), symbolic_first=True, thorough=False, **kw)


def test_check_version_reads_a_line_with_its_sheets_log_base():
    assert _decide(r"\log 8 = 3").verdict == "refuted"  # natural log: 2.079
    assert _decide(r"\log 8 = 3", reader={"log_base": "2"}).holds
    assert _decide(r"\log 100 = 2", reader={"log_base": "10"}).holds


def test_check_version_reads_a_line_with_its_sheets_superscript_indices():
    claim = Claim(id="t.gd", topic="t", title="gd", latex=r"w_{t+1} - w_t = -(w_t - w_{t+1})",
                  symbols={"w_t+1": "real", "w_t": "real"})

    def run(**kw):
        return check_version(claim, r"w^{t+1} - w^t = -(w^t - w^{t+1})", claim.declarations,
                             "denominator", [], seed=0, key=("t",), symbolic_first=True,
                             thorough=False, **kw)

    assert not run().holds  # powers of a w the claim does not declare
    assert run(reader={"superscript_index": {"w"}}).holds  # the names w_{t+1}, w_t
