"""A letter the words after a rate quantify for it, which the rate never uses
(verify/audit/quantified.py): "O(delta^t) for some q < 1" is the rate O(q^t) with a slip in its
base. Letters and wording are our own."""
from __future__ import annotations

from audit_helpers import audit_text


def _rates(text):
    return {f.latex: (f.verdict, f.expected) for f in audit_text(text) if "O" in f.latex}


def test_a_rate_whose_base_is_not_the_quantified_letter_is_wrong():
    got = _rates("# Rates\n\n"
                 "- Strongly convex: linear ($\\mathcal{O}(\\delta^t)$ for some $q < 1$).\n"
                 "- Strongly convex: linear ($O(e^t)$ for some $0 < q < 1$).\n")
    assert got[r"\mathcal{O}(\delta^t)"] == ("wrong", r"\mathcal{O}(q^t)")
    assert got["O(e^t)"] == ("wrong", "O(q^t)")


def test_a_rate_that_uses_its_letter_or_the_sheets_own_base_is_not_wrong():
    got = _rates("# Rates\n\n"
                 "- Linear ($O(q^t)$ for some $q < 1$).\n"
                 "- Convex: sublinear ($O(1/t)$ for some step $\\eta < 1$).\n"
                 "- With $\\rho = 1 - \\mu/L$: linear ($O(\\rho^t)$ for some $q < 1$).\n"
                 "- Linear ($O(\\gamma^t)$ with $\\gamma < 1$).\n")
    assert all(v == "unchecked" for v, _ in got.values()), got
