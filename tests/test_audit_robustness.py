"""Robustness (issue 8): mutated formulas give findings, never a traceback or a hang.

Hypothesis throws formulas with random insertions, deletions and swaps of characters and LaTeX
tokens at every stage (reading the sheet, splitting, conventions, habits, matching, deciding).
Each formula must end in exactly one finding with a verdict and a reason for a person.
scripts/audit_fuzz.py does the same over thousands of the five sheets' formulas.
"""
from __future__ import annotations

import importlib.util
import random
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_helpers import decider
from cheatsheet.sheets import read_sheet
from cheatsheet.verify.audit import decide as decide_module
from cheatsheet.verify.audit.run import jobs_of

ROOT = Path(__file__).resolve().parents[1]
SHEETS = [ROOT / "tests" / "fixtures" / "sheets" / "probability_notes.md",
          ROOT / "tests" / "fixtures" / "audit" / "small.md"]


def _load_fuzz():
    spec = importlib.util.spec_from_file_location("audit_fuzz", ROOT / "scripts" / "audit_fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FUZZ = _load_fuzz()
SOURCE_MATH = sorted({s.latex for p in SHEETS for s in read_sheet(p).segments
                      if len(s.latex) > 8})
_INTERNALS = ("Traceback", "Token(", "Tree(", "File \"")

edit = st.tuples(st.sampled_from(FUZZ.OPERATIONS), st.floats(0, 1), st.floats(0, 1),
                 st.sampled_from(FUZZ.TOKENS), st.sampled_from(FUZZ.CHARS))


def apply_edits(latex: str, edits) -> str:
    """Insertions, deletions and swaps of characters and tokens, placed by hypothesis."""
    out = latex
    for op, where, other, token, char in edits:
        toks = FUZZ._TOKEN.findall(out)
        k, j = int(where * len(out)), int(other * len(out))
        t, u = int(where * len(toks)), int(other * len(toks))
        if op == "insert_char":
            out = out[:k] + char + out[k:]
        elif op == "delete_char" and out:
            out = out[:min(k, len(out) - 1)] + out[min(k, len(out) - 1) + 1:]
        elif op == "swap_chars" and len(out) > 1:
            k, j = min(k, len(out) - 1), min(j, len(out) - 1)
            chars = list(out)
            chars[k], chars[j] = chars[j], chars[k]
            out = "".join(chars)
        elif op == "insert_token":
            out = "".join(toks[:t] + [token] + toks[t:])
        elif op == "delete_token" and toks:
            t = min(t, len(toks) - 1)
            out = "".join(toks[:t] + toks[t + 1:])
        elif toks:
            t, u = min(t, len(toks) - 1), min(u, len(toks) - 1)
            toks[t], toks[u] = toks[u], toks[t]
            out = "".join(toks)
    return out


def audit_checked(text: str, name: str = "fuzz.md"):
    """Every formula of the sheet decided; each finding checked for what a person reads."""
    jobs = jobs_of(name, text)
    lines = text.split("\n")
    with pytest.MonkeyPatch.context() as mp, np.errstate(all="ignore"), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # as the audit's workers run
        mp.setattr(decide_module, "FORMULA_TIME_LIMIT", 2.0)  # keeps a slow mutant cheap
        findings = [decider().decide(j.formula, j.conv, j.file, j.habits) for j in jobs]
    assert len(findings) == len(jobs)
    for job, f in zip(jobs, findings):
        assert f.verdict in ("ok", "wrong", "unchecked")
        assert f.reason and "\n" not in f.reason
        assert not any(word in f.reason for word in _INTERNALS), f.reason
        assert (f.file, f.line, f.latex) == (name, job.formula.line, job.formula.latex)
        assert 1 <= f.line <= len(lines)
    return findings


SLOW_OK = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SLOW_OK
@given(latex=st.sampled_from(SOURCE_MATH), edits=st.lists(edit, min_size=1, max_size=4),
       display=st.booleans())
def test_a_mutated_formula_gets_a_finding_never_a_traceback(latex, edits, display):
    mutant = apply_edits(latex, edits)
    text = f"# Notes\n\n$$\n{mutant}\n$$\n" if display else f"# Notes\n\nSo ${mutant}$ here.\n"
    audit_checked(text)


@settings(SLOW_OK, max_examples=10)
@given(edits=st.lists(edit, min_size=1, max_size=6), data=st.data())
def test_a_sheet_with_mutated_math_reads_and_decides_every_formula(edits, data):
    """Mutations that break the sheet's structure ($ inserted or lost, a \\begin without its
    \\end) change how many formulas there are, never whether each gets a finding."""
    text = SHEETS[1].read_text(encoding="utf-8")
    spans = [m.span(1) for m in re.finditer(r"\$([^$\n]{4,})\$", text)]
    a, b = data.draw(st.sampled_from(spans))
    audit_checked(text[:a] + apply_edits(text[a:b], edits) + text[b:])


@pytest.mark.parametrize("text", [
    "$", "$$", "$$\n", "\\[", "$\\frac{$", "# $x = 1$\n", "| $a$ |\n|---|\n| $=$ |\n",
    "$\\begin{aligned} a &= b \\\\ &= \\end{aligned}$", "$" + "{" * 300 + "x" + "}" * 300 + "$",
    "$" + "(" * 120 + "x" + ")" * 120 + " = x$", "$x" + "^{x" * 60 + "}" * 60 + " = 1$",
    "$\\\\\\\\$", "$=$", "$a = $", "$\\ \\ \\ \\ $", "$\\left( \\right.$", "\x0c$a=b$\x0b",
])
def test_degenerate_sheets_read_and_decide(text):
    audit_checked(text)


def test_a_time_out_while_reading_is_not_remembered_for_later(monkeypatch):
    from cheatsheet import latex as reader
    from cheatsheet.verify import parsing
    from cheatsheet.verify.timelimit import CheckTimeout

    calls = []
    real = reader.parse

    def slow_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise CheckTimeout()
        return real(*args, **kwargs)

    monkeypatch.setattr(reader, "parse", slow_once)
    text = r"a + b = b + a + 0 \cdot q_{17}"
    with pytest.raises(CheckTimeout):
        parsing.parse_cached(text, {}, "denominator")
    assert parsing.parse_cached(text, {}, "denominator").relations  # read again, not replayed


# ------------------------------------------------------------------ scripts/audit_fuzz.py

def test_mutations_are_seeded_and_change_the_formula():
    a = [FUZZ.mutate(r"\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)", random.Random(5)) for _ in "ab"]
    assert a[0] == a[1]
    rng = random.Random(7)
    changed = [FUZZ.mutate("x + y = y + x", rng) for _ in range(50)]
    assert sum(m != "x + y = y + x" for m in changed) >= 45 and len(set(changed)) >= 30


def test_the_fuzz_script_reports_counts_and_exits_0(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("# T\n\n$\\sigma(-s) = 1 - \\sigma(s)$\n\n"
                                    "$\\log(uv) = \\log u + \\log v$\n", encoding="utf-8")
    assert FUZZ.main([str(tmp_path), "--count", "6", "--seed", "3", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "mutated formulas: 6" in out and "findings:" in out and "slowest formula" in out
    assert "exceptions, hangs or overruns: 0" in out
    assert FUZZ.main([str(tmp_path / "missing")]) == 2
