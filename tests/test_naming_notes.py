"""A trailing parenthesised note naming the formula's letters in inline math
(``\\quad \\text{(scores $U$, $V$ of one test)}``) is no part of what the formula states
(cheatsheet/sheets/formulas.py, _naming_note); a note that may state a condition stays."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.verify.audit.run import jobs_of

SUM = (r"\operatorname{Var}(U + V) = \operatorname{Var}(U) + \operatorname{Var}(V) + "
       r"2\operatorname{Cov}(U, V)")


def _stated(note: str) -> list[str]:
    text = f"# Moments\n\nVariance of a sum:\n\n$${SUM} \\quad \\text{{{note}}}$$\n"
    return [j.formula.latex for j in jobs_of("sheet.md", text)]


def test_a_naming_note_is_left_out_of_the_formula():
    assert _stated("(scores $U$, $V$ of one test)") == [SUM]


def test_a_note_that_may_state_a_condition_stays():
    for note in ("($U$, $V$ independent)", "(when $U = V$)", "(for $n > 0$ draws)"):
        assert all(note in latex for latex in _stated(note)), note


def test_the_formula_with_a_naming_note_is_decided():
    text = f"# Moments\n\nVariance of a sum:\n\n$${SUM} \\quad \\text{{(scores $U$, $V$)}}$$\n"
    found = [f for f in audit_text(text) if "Var" in f.latex]
    assert [f.verdict for f in found] == ["ok"], [f.reason for f in found]
