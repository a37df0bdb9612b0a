"""The verdict cache of ``cheatsheet verify`` (verify/cache.py): a hit is the cold run's result,
a changed claim or engine misses, and a damaged or unwritable cache is never an error."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cheatsheet.cli import main
from cheatsheet.verify import cache as vcache
from cheatsheet.verify import runner
from cheatsheet.verify.evidence import ClaimResult, Evidence, SourceResult

FIXTURES = Path(__file__).parent / "fixtures" / "claims"


@pytest.fixture
def cached(monkeypatch, tmp_path):
    """The mini catalog with the cache on, in a folder of its own."""
    monkeypatch.delenv("CHEATSHEET_NO_CACHE", raising=False)
    monkeypatch.setenv("CHEATSHEET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(FIXTURES))
    return tmp_path / "cache"


def _verify(*args) -> dict:
    r = CliRunner().invoke(main, ["verify", "--json", "--jobs", "1", *args])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    data["summary"].pop("seconds")  # the run's own wall time
    return data


def _untimed(data):
    """The JSON without the check times, which differ between two runs that both check."""
    if isinstance(data, dict):
        return {k: _untimed(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [_untimed(v) for v in data]
    return data


def _checked(monkeypatch) -> list[str]:
    """Ids of the claims that are actually checked (not taken from the cache) from now on."""
    seen: list[str] = []
    real = runner._run_many

    def spy(claims, *args):
        seen.extend(c.id for c in claims)
        return real(claims, *args)

    monkeypatch.setattr(runner, "_run_many", spy)
    return seen


def test_a_hit_gives_the_cold_run_json(cached, monkeypatch):
    cold = _verify()
    assert (cached / "verify-results.sqlite").is_file()
    checked = _checked(monkeypatch)
    warm = _verify()
    assert checked == []  # every claim came from the cache
    assert warm == cold  # the check times too: they are the times of the run that checked
    assert _untimed(_verify("--no-cache")) == _untimed(cold)
    assert checked == ["mini.poisson", "mini.sigmoid_derivative", "mini.var_ax"]


def test_the_cache_is_what_answers_and_no_cache_bypasses_it(cached, monkeypatch):
    """A planted entry under a claim's key is what a cached run reports (so hits really come
    from the cache), and --no-cache ignores it."""
    from cheatsheet.catalog import get_catalog

    claim = get_catalog()["mini.var_ax"]
    planted = ClaimResult(claim.id, claim.topic, claim.title, claim.latex,
                          Evidence("passed", "numeric", detail="planted"), [])
    vcache.ResultCache(cached).put_many({vcache.claim_key(claim, 0, False): planted})
    by_id = {c["id"]: c for c in _verify("mini.var_ax")["claims"]}
    assert by_id["mini.var_ax"]["evidence"]["detail"] == "planted"
    by_id = {c["id"]: c for c in _verify("mini.var_ax", "--no-cache")["claims"]}
    assert by_id["mini.var_ax"]["evidence"]["detail"] != "planted"


def test_a_changed_claim_misses(cached, monkeypatch, tmp_path):
    _verify()
    changed = tmp_path / "changed"
    shutil.copytree(FIXTURES, changed)
    toml = changed / "mini.toml"
    text = toml.read_text()
    old = r"= \sigma(z)(1 - \sigma(z))'"
    assert old in text
    toml.write_text(text.replace(old, r"= \sigma(z)(1 + \sigma(z))'"))  # now wrong
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(changed))
    checked = _checked(monkeypatch)
    r = CliRunner().invoke(main, ["verify", "--json", "--jobs", "1"])
    assert checked == ["mini.sigmoid_derivative"]
    assert r.exit_code == 1  # the changed canonical claim no longer holds
    by_id = {c["id"]: c for c in json.loads(r.output)["claims"]}
    assert by_id["mini.sigmoid_derivative"]["verdict"] == "refuted"
    checked.clear()  # another seed is another key
    CliRunner().invoke(main, ["verify", "--json", "--jobs", "1", "--seed", "1"])
    assert len(checked) == 3


def test_a_corrupt_cache_file_is_ignored(cached):
    cold = _verify()
    db = cached / "verify-results.sqlite"
    db.write_bytes(b"this is not a database" * 100)
    assert _untimed(_verify()) == _untimed(cold)
    assert _verify() == _verify()  # it was started again: the second run comes from it


def test_a_damaged_entry_is_a_miss(cached, monkeypatch):
    import sqlite3

    cold = _verify()
    with sqlite3.connect(cached / "verify-results.sqlite") as db:
        db.execute("UPDATE results SET value = ?", (b"\x80\x05garbage",))
    checked = _checked(monkeypatch)
    assert _untimed(_verify()) == _untimed(cold)
    assert len(checked) == 3


def test_an_unwritable_cache_folder_is_ignored(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.delenv("CHEATSHEET_NO_CACHE", raising=False)
    monkeypatch.setenv("CHEATSHEET_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(FIXTURES))
    r = CliRunner().invoke(main, ["verify", "--jobs", "1"])
    assert r.exit_code == 0 and "Traceback" not in r.output


def test_timeouts_and_unexpected_exceptions_are_not_kept():
    ok = Evidence("passed", "numeric", seconds=0.1)
    assert vcache.cacheable(ClaimResult("a", "t", "", "", ok, []))
    cannot = Evidence("error", "check", detail="the check could not evaluate this line")
    src = SourceResult("s.txt", 1, "x", "undecided", evidence=cannot)
    assert vcache.cacheable(ClaimResult("a", "t", "", "", ok, [src]))  # the check's own answer
    for ev in (Evidence("timeout", "numeric"), Evidence("error", "runner")):
        src = SourceResult("s.txt", 1, "x", "undecided", evidence=ev)
        assert not vcache.cacheable(ClaimResult("a", "t", "", "", ok, [src]))
        assert not vcache.cacheable(ClaimResult("a", "t", "", "", ev, []))


def test_a_cache_named_for_one_run_serves_only_that_run(tmp_path):
    """The test suite's workers share results under the run's name, not the files' hash."""
    result = ClaimResult("a", "t", "", "", Evidence("passed", "numeric", seconds=0.1), [])
    vcache.ResultCache(tmp_path, engine="run 1").put_many({"k": result})
    found = vcache.ResultCache(tmp_path, engine="run 1").get_many(["k"])
    assert found["k"].verdict == "passed"
    assert vcache.ResultCache(tmp_path, engine="run 2").get_many(["k"]) == {}
    assert vcache.ResultCache(tmp_path).get_many(["k"]) == {}  # the engine's hash


def test_a_proof_cut_short_by_the_clock_is_not_kept(cached, monkeypatch):
    """With no time for SymPy the derivative is only tested numerically ("passed"): that must
    not be remembered, or a busy machine would turn a proof into a pass for good."""
    from cheatsheet.verify import check, symbolic

    # the proof's budget is CPU time (timelimit.cpu_limit), counted in scheduler ticks: make
    # the proof outlast a tiny budget for sure, as a slower machine would
    prepare = symbolic._prepare

    def slow_prepare(*args, **kwargs):
        start = time.process_time()
        while time.process_time() - start < 0.05:
            pass
        return prepare(*args, **kwargs)

    monkeypatch.setattr(check, "SYMBOLIC_BUDGET", 1e-3)
    monkeypatch.setattr(symbolic, "_prepare", slow_prepare)
    hurried = {c["id"]: c["verdict"] for c in _verify()["claims"]}
    assert hurried["mini.sigmoid_derivative"] == "passed"
    monkeypatch.setattr(check, "SYMBOLIC_BUDGET", 1.5)
    monkeypatch.setattr(symbolic, "_prepare", prepare)
    checked = _checked(monkeypatch)
    calm = {c["id"]: c["verdict"] for c in _verify()["claims"]}
    assert "mini.sigmoid_derivative" in checked
    assert calm["mini.sigmoid_derivative"] == "proved"


def test_the_engine_version_follows_the_code(monkeypatch, tmp_path):
    f = tmp_path / "engine.py"
    f.write_text("A = 1\n")
    monkeypatch.setattr(vcache, "_engine_files", lambda: [f])
    vcache.engine_version.cache_clear()
    try:
        before = vcache.engine_version()
        f.write_text("A = 2\n")
        vcache.engine_version.cache_clear()
        assert vcache.engine_version() != before
    finally:
        vcache.engine_version.cache_clear()


def test_the_engine_covers_the_reader_the_checks_and_the_sheet_context():
    names = {p.name for p in vcache._engine_files()}
    assert {"grammar.lark", "check.py", "numeric.py", "context.json", "attention.py"} <= names
