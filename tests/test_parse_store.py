"""Readings remembered across runs (verify/parse_store.py): a stored reading loads back equal to
the reading it was made from (the whole catalog: test_catalog.py, claim by claim), its bound
Dummies are new ones in every load, the reader's code keys it, workers hand their readings
back, ``--no-cache`` reads afresh."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sympy as sp
from click.testing import CliRunner

from cheatsheet.cli import main
from cheatsheet.latex import parse
from cheatsheet.latex.sets import NamedSet
from cheatsheet.verify import parse_store, parsing, runner

FIXTURES = Path(__file__).parent / "fixtures" / "claims"
WARM_UP = "x + 1 = 1 + x"  # what the runner reads before forking, to build the grammar


def test_a_reading_that_loads_back_unequal_is_not_stored(monkeypatch):
    """The guard the store relies on: SymPy's == compares classes and arguments all the way
    down (a Symbol's assumptions included), Statement's == skips the LaTeX, so both count."""
    st = parse("x^2 + y = z")
    blob = parse_store.dump(st)
    back = parse_store.loads(blob, fresh=False)
    assert blob is not None and back == st and back.latex == st.latex
    other = parse("x^2 + y = w")
    monkeypatch.setattr(parse_store, "loads", lambda b, fresh=True: other)
    assert parse_store.dump(st) is None  # another formula
    relabelled = type(st)(st.relations, st.expr, st.premises, latex="x^2 + y = w")
    monkeypatch.setattr(parse_store, "loads", lambda b, fresh=True: relabelled)
    assert parse_store.dump(st) is None  # another LaTeX


def test_a_named_set_is_stored_by_its_name():
    """SymPy's own pickle rebuilds a NamedSet from its argument, Str(name), which NamedSet
    does not take: stored that way the reading would be refused."""
    import pickle

    st = parse(r"\Delta_j(S) = Q(S \cup \{j\}) - Q(S), \quad S \subseteq \mathcal{A}")
    sets = [a for r in st.relations for a in sp.preorder_traversal(r.rhs)
            if isinstance(a, NamedSet)] + [a for r in st.premises
                                           for a in sp.preorder_traversal(r.rhs)
                                           if isinstance(a, NamedSet)]
    if not sets:
        pytest.skip("the reader reads no named set here")
    try:  # why _Pickler pickles it by its name
        assert pickle.loads(pickle.dumps(sets[0])) != sets[0]
    except TypeError:
        pass
    assert parse_store.loads(parse_store.dump(sets[0])) == sets[0]
    assert parse_store.dump(st) is not None


def test_a_loaded_reading_has_new_dummies_the_same_throughout_it():
    """A bound variable the reader makes (a Dummy) is equal only to itself: each load makes
    new ones, as each fresh reading does, and one Dummy stays one Dummy inside the reading."""
    d = sp.Dummy("k", integer=True)
    expr = sp.Function("f")(d) + d ** 2
    st = type(parse("x = 1"))((), expr, (), latex="f(k) + k^2")
    blob = parse_store.dump(st)
    one, two = parse_store.loads(blob).expr, parse_store.loads(blob).expr
    (d1,), (d2,) = one.atoms(sp.Dummy), two.atoms(sp.Dummy)
    assert d1 != d and d2 != d and d1 != d2
    assert d1.name == "k" and d1.is_integer
    assert one == expr.xreplace({d: d1}) and two == expr.xreplace({d: d2})
    assert parse_store.loads(blob, fresh=False) == st


def test_the_reader_version_keys_a_reading(monkeypatch):
    store = parse_store.Store()
    memo_key = ("x + 1", (), "denominator", ())
    store.put(memo_key, parse("x + 1"))
    assert store.get(memo_key) == parse("x + 1")
    assert store.get(("x + 2", (), "denominator", ())) is None
    monkeypatch.setattr(parse_store, "reader_version", lambda: "an edited reader")
    assert store.get(memo_key) is None


def test_the_reader_version_follows_the_package_code(monkeypatch, tmp_path):
    import cheatsheet

    before = parse_store.reader_version()
    root = tmp_path / "cheatsheet"
    root.mkdir()
    (root / "__init__.py").write_text("")
    monkeypatch.setattr(cheatsheet, "__file__", str(root / "__init__.py"))
    parse_store.reader_version.cache_clear()
    try:
        assert parse_store.reader_version() != before
    finally:
        parse_store.reader_version.cache_clear()
    monkeypatch.undo()
    assert parse_store.reader_version() == before


def test_the_store_round_trips_and_a_damaged_file_is_ignored(tmp_path):
    store = parse_store.Store()
    store.put(("a", (), "denominator", ()), parse("a = b"))
    parse_store.save(tmp_path, store.take_new())
    again = parse_store.load(tmp_path)
    assert again.get(("a", (), "denominator", ())) == parse("a = b")
    (tmp_path / parse_store.FILE).write_bytes(b"not a database at all" * 100)
    assert parse_store.load(tmp_path).known == {}
    parse_store.save(tmp_path, {"k": b"x"})  # no error either
    assert parse_store.load(None).known == {}


def test_a_damaged_row_is_read_afresh():
    store = parse_store.Store({parse_store.key(("a", (), "denominator", ())): b"garbage"})
    assert store.get(("a", (), "denominator", ())) is None


# -- through the runner and the CLI -------------------------------------------------------------
@pytest.fixture
def cached(monkeypatch, tmp_path, own_parse_memo):
    monkeypatch.delenv("CHEATSHEET_NO_CACHE", raising=False)
    monkeypatch.setenv("CHEATSHEET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(FIXTURES))
    parsing._parse.cache_clear()  # this process's memo would answer before the store
    yield tmp_path / "cache"
    parsing._parse.cache_clear()


@pytest.fixture
def reads(monkeypatch):
    """The formulas the reader actually reads (not answered from a store or the memo) and
    can read (a refusal is remembered too: see the tests at the end)."""
    import cheatsheet.latex

    seen = []
    real = cheatsheet.latex.parse

    def spy(latex, *args, **kwargs):
        out = real(latex, *args, **kwargs)
        if latex != WARM_UP:
            seen.append(latex)
        return out

    monkeypatch.setattr(cheatsheet.latex, "parse", spy)
    return seen


def _verify(*args) -> dict:
    r = CliRunner().invoke(main, ["verify", "--json", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def _untimed(data):
    if isinstance(data, dict):
        return {k: _untimed(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [_untimed(v) for v in data]
    return data


def _rows(folder: Path) -> int:
    with sqlite3.connect(folder / parse_store.FILE) as db:
        return db.execute("SELECT count(*) FROM parses").fetchone()[0]


def test_a_run_after_an_edit_reads_no_formula_again(cached, reads):
    """The results are gone (as after an edit to a check): the claims are checked again from
    the stored readings, with the same report."""
    cold = _verify("--jobs", "1")
    assert parse_store.active() is None  # the runner turns the store off after the run
    assert reads and _rows(cached) >= 1
    (cached / "verify-results.sqlite").unlink()
    parsing._parse.cache_clear()
    reads.clear()
    again = _verify("--jobs", "1")
    assert reads == []
    assert _untimed(again) == _untimed(cold)


def test_no_cache_uses_and_writes_no_readings(cached, reads):
    _verify("--jobs", "1", "--no-cache")
    assert reads and not (cached / parse_store.FILE).exists()
    _verify("--jobs", "1")
    (cached / "verify-results.sqlite").unlink()
    parsing._parse.cache_clear()
    reads.clear()
    _verify("--jobs", "1", "--no-cache")
    assert reads  # read afresh though the store holds them
    assert parse_store.active() is None


def test_forked_workers_hand_their_readings_back(cached, reads):
    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify.cache import ResultCache

    claims = list(get_catalog()) * 2  # enough claims for the worker pool
    first = runner.run_claims(claims, jobs=2, cache=ResultCache(cached, engine="test"))
    assert reads == []  # the reading happened in the workers
    assert _rows(cached) >= len(get_catalog())
    again = runner.run_claims(claims, jobs=1, cache=ResultCache(cached, engine="other"))
    assert reads == []  # results missed (another engine), readings did not
    assert [(r.verdict, r.evidence.detail) for r in again] == \
           [(r.verdict, r.evidence.detail) for r in first]


# -- refusals -----------------------------------------------------------------------------------
UNREADABLE = r"[X] = \int_X t"  # an integral over a set: the reader refuses it


@pytest.fixture
def fresh_memo(own_parse_memo):
    parsing._parse.cache_clear()  # this process's memo would answer before the store
    yield
    parsing._parse.cache_clear()
    parse_store.activate(None)


def test_a_refusal_is_remembered_and_raised_again_without_reading(fresh_memo, monkeypatch):
    """A formula the reader refuses is not read again in the next run: the stored refusal is
    raised with the reader's class and message."""
    import cheatsheet.latex
    from cheatsheet.latex import LatexError

    store = parse_store.Store()
    parse_store.activate(store)
    with pytest.raises(LatexError) as first:
        parsing.parse_cached(UNREADABLE)
    rows = store.take_new()
    assert len(rows) == 1
    parsing._parse.cache_clear()  # the next run: the rows on disk, nothing in memory
    parse_store.activate(parse_store.Store(rows))

    def no_reading(*args, **kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(cheatsheet.latex, "parse", no_reading)
    with pytest.raises(LatexError) as again:
        parsing.parse_cached(UNREADABLE)
    assert type(again.value) is type(first.value) and str(again.value) == str(first.value)


def test_only_the_readers_verdict_on_the_text_is_remembered():
    """A refusal the run caused (a time limit or the recursion limit inside the reader, which
    it reports as a LatexError) or an error of another kind is read again next time."""
    from cheatsheet.latex import LatexError, LatexShapeError
    from cheatsheet.verify.timelimit import CheckTimeout

    def raised(cause):
        try:
            try:
                raise cause
            except Exception:
                raise LatexError("cannot read `x`: its parts do not combine") from None
        except LatexError as exc:
            return exc

    assert parse_store.dump_failure(LatexShapeError("the sizes do not fit")) is not None
    assert parse_store.dump_failure(raised(TypeError("nonsense"))) is not None
    for cause in (CheckTimeout(), RecursionError("deep"), MemoryError()):
        assert parse_store.dump_failure(raised(cause)) is None, cause
    assert parse_store.dump_failure(ValueError("a bug")) is None
    store = parse_store.Store()
    store.put_failure(("x", (), "denominator", ()), raised(CheckTimeout()))
    assert store.take_new() == {}


def test_a_run_loads_only_its_own_reader_s_rows(monkeypatch, tmp_path):
    """Rows another reader version left (kept for a month) are not loaded: a developer's cache
    held 1.4 GB of them, read in full by every run."""
    memo_key = ("x + 1", (), "denominator", ())
    store = parse_store.Store()
    store.put(memo_key, parse("x + 1"))
    parse_store.save(tmp_path, store.take_new())
    assert parse_store.load(tmp_path).get(memo_key) == parse("x + 1")
    monkeypatch.setattr(parse_store, "reader_version", lambda: "an edited reader")
    assert parse_store.load(tmp_path).known == {}
    other = parse_store.Store()
    other.put(memo_key, parse("x + 2"))
    parse_store.save(tmp_path, other.take_new())
    assert len(parse_store.load(tmp_path).known) == 1  # its own row only
    monkeypatch.undo()
    assert parse_store.load(tmp_path).get(memo_key) == parse("x + 1")
