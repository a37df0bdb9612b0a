"""Findings and readings remembered across audits (verify/audit/remembered.py): a run from the
remembered rows gives exactly the findings of a cold run, decides nothing it has seen, and
never keeps a finding the clock or a failure of ours shaped."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cheatsheet.verify import cache
from cheatsheet.verify.audit import decide as decide_module
from cheatsheet.verify.audit import remembered
from cheatsheet.verify.audit.decide import Decider
from cheatsheet.verify.audit.run import audit_files

# Adam in the sheet's own letters (s for v): the typo on the second row is wrong only in the
# second pass, with the renaming the first row confirms (test_audit_confirmed_renaming.py)
_ADAM = r"\vartheta_k = \vartheta_{k-1} - \alpha\,\dfrac{\hat{m}_k}{\sqrt{\hat{s}_k} + \varepsilon}"
_ADAMW_TYPO = (r"\vartheta_k = \vartheta_{k-1} - \alpha\left(\dfrac{\hat{m}_k}{\sqrt{\hat{s}_k} + "
               r"\varepsilon} - \lambda\,\vartheta_{k-1}\right)")
SHEET = ("# Probability\n\n$\\operatorname{Var}(X) = E[X^2] - E[X]^2$\n\n"
         "$\\operatorname{Var}(aX) = a \\operatorname{Var}(X)$\n\n"
         "## Updates\n\n" + f"$${_ADAM}$$\n\n$${_ADAMW_TYPO}$$\n")
NAME = "remembered_sheet.md"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("CHEATSHEET_NO_CACHE", raising=False)
    monkeypatch.setenv("CHEATSHEET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)
    return tmp_path / "cache"


def _audit(text=SHEET):
    res = audit_files([NAME], jobs=1, texts={NAME: text}, remember=True)
    return [f.to_json() for f in res.findings]


def _counting(monkeypatch) -> list:
    calls = []
    real = Decider.decide

    def counted(self, formula, *a, **kw):
        calls.append(formula.latex)
        return real(self, formula, *a, **kw)

    monkeypatch.setattr(Decider, "decide", counted)
    return calls


def test_a_second_run_gives_the_cold_findings_deciding_nothing(cache_dir, monkeypatch):
    monkeypatch.setenv("CHEATSHEET_NO_CACHE", "1")
    cold = _audit()
    monkeypatch.delenv("CHEATSHEET_NO_CACHE")
    assert [f["verdict"] for f in cold] == ["ok", "wrong", "ok", "wrong"]
    assert _audit() == cold  # computed, and remembered
    calls = _counting(monkeypatch)
    assert _audit() == cold
    assert calls == []  # the first pass and the second look both came from the rows
    edited = SHEET.replace("a \\operatorname{Var}(X)$", "a^2 \\operatorname{Var}(X)$")
    again = _audit(edited)
    # the new line, and its neighbour two lines above, whose context (the pair of statements
    # it may form with the next line: verify/audit/pairs.py) changed with it; not the Adam rows
    assert calls == [r"\operatorname{Var}(X) = E[X^2] - E[X]^2",
                     r"\operatorname{Var}(aX) = a^2 \operatorname{Var}(X)"]
    assert [f["verdict"] for f in again] == ["ok", "ok", "ok", "wrong"]


def test_a_finding_decided_while_a_time_limit_expired_is_not_kept(cache_dir, monkeypatch):
    real = Decider.decide

    def rushed(self, formula, *a, **kw):
        cache.expiries()
        cache._EXPIRED[0] += 1  # as if a proof had been cut short meanwhile
        return real(self, formula, *a, **kw)

    monkeypatch.setattr(Decider, "decide", rushed)
    first = _audit()
    monkeypatch.setattr(Decider, "decide", real)
    calls = _counting(monkeypatch)
    assert _audit() == first
    assert len(calls) >= len(first)  # every formula decided again


@pytest.mark.parametrize("trouble", [ValueError("bug"), RecursionError()])
def test_failures_of_ours_are_not_kept(trouble, cache_dir, monkeypatch):
    def failing(self, *a, **kw):
        raise trouble

    monkeypatch.setattr(Decider, "_variants", failing)
    found = _audit("$x + y = y + x$\n")
    assert found[0]["verdict"] == "unchecked"
    assert not remembered.keepable(_finding(found[0]))


def test_a_formula_out_of_time_is_not_kept(cache_dir, monkeypatch):
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 1e-4)
    found = _audit("$\\operatorname{Var}(X) = E[X^2] - E[X]^2$\n")
    assert "no decision within" in found[0]["reason"]
    assert not remembered.keepable(_finding(found[0]))


def _finding(d):
    from cheatsheet.verify.audit.finding import Finding

    return Finding(d["file"], d["line"], d["latex"], d["verdict"], d["reason"])


def test_the_key_covers_the_catalog_the_sheets_left_out_and_the_seed():
    from cheatsheet.catalog import get_catalog

    cat = get_catalog()
    base = remembered.context(cat, (), 0)
    assert remembered.context(cat, ("a.txt",), 0) != base
    assert remembered.context(cat, (), 1) != base
    claims = list(cat)
    claims[0].wrong = list(claims[0].wrong) + ["x = 1"]
    try:
        assert remembered.context(cat, (), 0) != base
    finally:
        claims[0].wrong = claims[0].wrong[:-1]
    assert remembered.context(cat, (), 0) == base


def test_a_digest_is_the_content_whatever_the_process():
    assert remembered.digest(frozenset({"a", "b"})) == remembered.digest(frozenset({"b", "a"}))
    assert remembered.digest({"a": 1, "b": 2}) != remembered.digest({"b": 2, "a": 1})
    assert remembered.digest((1,)) != remembered.digest([1]) != remembered.digest((True,))
    code = ("from cheatsheet.verify.audit.run import jobs_of\n"
            "from cheatsheet.verify.audit.remembered import job_keys\n"
            f"print(job_keys('x', jobs_of('s.md', {SHEET!r})))")
    keys = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": seed},
                           check=True).stdout for seed in ("1", "2")}
    assert len(keys) == 1 and "None" not in keys.pop()


def test_a_damaged_store_is_only_a_miss(cache_dir):
    cache_dir.mkdir(parents=True)
    (cache_dir / remembered.FILE).write_bytes(b"not a database" * 100)
    first = _audit()
    assert json.dumps(first)  # the audit ran, nothing raised


# A section in letters of our own that binds its letters (bound_letters.rebound): the Gram
# matrix with the right singular vectors Q, then M M^T with Q where P belongs, which holds as
# the Gram identity only with Q read as its U; the section's reading is a second check
_SECTION = ("# Factorisations\n\n## Singular values\n\n"
            "A real matrix $M$ factors as $M = P D Q^T$.\n\n"
            "$$M^T M = Q D^T D Q^T$$\n\n$$M M^T = Q D D^T Q^T$$\n")


def _counting_rereads(monkeypatch) -> list:
    from cheatsheet.verify.audit.bound_letters import Rereading

    calls = []
    real = Rereading.reread

    def counted(self, job, claim_id, changes):
        calls.append((job.formula.latex, claim_id))
        return real(self, job, claim_id, changes)

    monkeypatch.setattr(Rereading, "reread", counted)
    return calls


def test_a_rerun_reads_no_line_again_under_its_sections_letters(cache_dir, monkeypatch):
    from cheatsheet.verify.audit import run

    rereads = _counting_rereads(monkeypatch)
    cold = _audit(_SECTION)
    assert [f["verdict"] for f in cold][-2:] == ["ok", "unchecked"]
    assert rereads  # the slip was read the section's way, and failed so
    rereads.clear()
    built = []
    real_decider = run.decider
    monkeypatch.setattr(run, "decider", lambda *a, **kw: built.append(1) or real_decider(*a, **kw))
    assert _audit(_SECTION) == cold
    assert rereads == [] and built == []  # no check run, the checks not even loaded
    # another heading (the lines' context) or another seed: read again
    found = _audit(_SECTION.replace("# Factorisations", "# Matrices"))
    assert [f["verdict"] for f in found][-2:] == ["ok", "unchecked"] and rereads
    rereads.clear()
    res = audit_files([NAME], jobs=1, texts={NAME: _SECTION}, remember=True, seed=1)
    assert [f.verdict for f in res.findings][-2:] == ["ok", "unchecked"] and rereads


def test_an_undecided_rereading_is_not_kept():
    assert remembered.keepable_reread("refuted") and remembered.keepable_reread(None)
    assert not remembered.keepable_reread("undecided")
