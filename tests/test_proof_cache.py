"""SymPy proof outcomes remembered across runs (verify/proofs.py): a remembered outcome is the
first attempt's word for word; the expression, the declarations, the budget and the engine all
key it; an attempt cut short by the clock is never kept; ``--no-cache`` runs truly cold."""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cheatsheet.cli import main
from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations
from cheatsheet.verify import proofs, runner, symbolic

FIXTURES = Path(__file__).parent / "fixtures" / "claims"
BERNOULLI = Declarations.from_mapping({"X": "Bernoulli(p)", "p": "prob"})
# the same formula reads to the same expression, but the mean of this law is 1/p, not p
EXPONENTIAL = Declarations.from_mapping({"X": "Exponential(p)", "p": "prob"})
MEAN = r"\mathbb{E}[X] = p"


@pytest.fixture
def store():
    s = proofs.Store()
    proofs.activate(s)
    yield s
    proofs.activate(None)


@pytest.fixture
def attempts(monkeypatch):
    """How many proofs are actually attempted (not answered from the store)."""
    seen = []
    real = symbolic._attempt

    def spy(*args):
        seen.append(args)
        return real(*args)

    monkeypatch.setattr(symbolic, "_attempt", spy)
    return seen


def _prove(latex, decls=None, budget=1.5):
    return symbolic.prove(parse(latex, decls), budget, decls)


def test_a_remembered_proof_is_the_first_ones_word_for_word(store, attempts):
    first = _prove("(x + 1)^2 = x^2 + 2x + 1")
    assert first is not None and first.verdict == "proved" and len(attempts) == 1
    again = _prove("(x + 1)^2 = x^2 + 2x + 1")
    assert len(attempts) == 1  # answered from the store
    assert (again.verdict, again.method, again.detail) == (first.verdict, first.method,
                                                           first.detail)


def test_a_failed_attempt_is_remembered_as_not_proved(store, attempts):
    assert _prove("x + 1 = x + 2") is None
    assert list(store.known.values()) == [proofs.NOT_PROVED]
    assert _prove("x + 1 = x + 2") is None and len(attempts) == 1


def test_the_declarations_key_the_proof(store):
    """E[X] = p under a Bernoulli law is proved; the same expression under an exponential law
    must be attempted afresh (and fails), not answered with the Bernoulli proof."""
    assert _prove(MEAN, BERNOULLI) is not None
    assert parse(MEAN, BERNOULLI).relations == parse(MEAN, EXPONENTIAL).relations
    assert _prove(MEAN, EXPONENTIAL) is None


def test_the_expression_keys_the_proof(store):
    assert _prove("(x + 1)^2 = x^2 + 2x + 1") is not None
    assert _prove("(x + 1)^2 = x^2 + x + 1") is None


def test_the_engine_and_the_budget_key_the_proof(store, monkeypatch):
    """An outcome planted under another engine's (or budget's) key is never used."""
    stmt = parse("x + 1 = x + 2")
    planted = "planted: not a proof"
    store.put(proofs.key(stmt.relations, None, 0.5), planted)
    assert symbolic.prove(stmt, 1.5) is None  # another budget
    proofs.engine.cache_clear()
    monkeypatch.setattr(proofs, "_ENGINE_MODULES", ())  # another engine
    try:
        store.put(proofs.key(stmt.relations, None, 1.5), planted)
        other = proofs.engine()
    finally:
        monkeypatch.undo()
        proofs.engine.cache_clear()
    assert proofs.engine() != other
    assert symbolic.prove(stmt, 1.5) is None
    # and a planted outcome under the right key is what answers (so the misses above are real)
    store.put(proofs.key(stmt.relations, None, 1.5), planted)
    assert symbolic.prove(stmt, 1.5).detail == planted


def test_the_engine_follows_the_provers_code(monkeypatch, tmp_path):
    fake = tmp_path / "prover.py"
    fake.write_text("A = 1\n")

    class Module:
        __file__ = str(fake)

    monkeypatch.setattr("importlib.import_module", lambda name: Module)
    proofs.engine.cache_clear()
    try:
        before = proofs.engine()
        fake.write_text("A = 2\n")
        proofs.engine.cache_clear()
        assert proofs.engine() != before
    finally:
        proofs.engine.cache_clear()


def test_an_attempt_cut_short_by_the_clock_is_not_kept(store, monkeypatch):
    prepare = symbolic._prepare

    def slow_prepare(*args, **kwargs):
        start = time.process_time()
        while time.process_time() - start < 0.05:
            pass
        return prepare(*args, **kwargs)

    monkeypatch.setattr(symbolic, "_prepare", slow_prepare)
    assert _prove("(x + 1)^2 = x^2 + 2x + 1", budget=1e-3) is None
    assert store.known == {}


def test_the_store_round_trips_and_a_damaged_file_is_ignored(tmp_path):
    proofs.save(tmp_path, {"a": "lhs - rhs reduces to 0 by expand", "b": proofs.NOT_PROVED})
    assert proofs.load(tmp_path).known == {"a": "lhs - rhs reduces to 0 by expand",
                                           "b": proofs.NOT_PROVED}
    (tmp_path / proofs.FILE).write_bytes(b"not a database" * 50)
    assert proofs.load(tmp_path).known == {}
    proofs.save(tmp_path, {"c": "x"})  # no error either
    assert proofs.load(None).known == {}


# -- through the CLI ---------------------------------------------------------------------------
@pytest.fixture
def cached(monkeypatch, tmp_path):
    monkeypatch.delenv("CHEATSHEET_NO_CACHE", raising=False)
    monkeypatch.setenv("CHEATSHEET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(FIXTURES))
    return tmp_path / "cache"


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


def test_a_run_with_only_the_proofs_proves_nothing_again(cached, attempts):
    """The claims are checked again (their results are gone) but the SymPy proof is the stored
    one: same JSON, no attempt."""
    cold = _verify("--jobs", "1")
    assert proofs.active() is None  # the runner turns the store off after the run
    with sqlite3.connect(cached / proofs.FILE) as db:
        assert db.execute("SELECT count(*) FROM proofs").fetchone()[0] >= 1
    (cached / "verify-results.sqlite").unlink()
    attempts.clear()
    again = _verify("--jobs", "1")
    assert attempts == []
    assert _untimed(again) == _untimed(cold)
    by_id = {c["id"]: c for c in again["claims"]}
    assert by_id["mini.sigmoid_derivative"]["verdict"] == "proved"


def test_no_cache_uses_and_writes_no_proofs(cached, attempts):
    _verify("--jobs", "1")
    (cached / "verify-results.sqlite").unlink()
    attempts.clear()
    _verify("--jobs", "1", "--no-cache")
    assert attempts  # proved afresh
    assert runner.proofs.active() is None


def test_forked_workers_hand_their_proofs_back(cached, attempts):
    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify.cache import ResultCache

    claims = list(get_catalog()) * 2  # enough claims for the worker pool
    first = runner.run_claims(claims, jobs=2, cache=ResultCache(cached, engine="test"))
    assert attempts == []  # the attempts ran in the workers
    with sqlite3.connect(cached / proofs.FILE) as db:
        assert db.execute("SELECT count(*) FROM proofs").fetchone()[0] >= 1
    again = runner.run_claims(claims, jobs=1, cache=ResultCache(cached, engine="other"))
    assert attempts == []  # results missed (another engine), the proofs did not
    assert [r.evidence.detail for r in again] == [r.evidence.detail for r in first]
    assert "proved" in {r.verdict for r in again}
