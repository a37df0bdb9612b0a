"""A function named by its row label is the claim's function (verify/audit/label_function.py).

"| Sigmoid | $h(u) = 1/(1 - e^{-u})$ |": read in the claim's letters the sheet's h is
dropped, which used to leave the typo unchecked; the row's word says h is the sigmoid.
Letters of our own (h, u) and a table of our own."""
from __future__ import annotations

from audit_helpers import audit_text


def _table(label: str, cell: str) -> str:
    return (f"# Models\n\n| Name | Formula |\n|---|---|\n| {label} | ${cell}$ |\n"
            "| Squared loss | $L(u, v) = \\frac{1}{2}(v - u)^2$ |\n")


def test_a_row_naming_the_function_makes_its_typo_wrong():
    f = audit_text(_table("Sigmoid", r"h(u) = \frac{1}{1 - e^{-u}}"))[0]
    assert (f.verdict, f.claim) == ("wrong", "sigmoid.definition"), f.reason
    assert f.counterexample["left"] != f.counterexample["right"]


def test_the_right_function_or_a_label_naming_something_else_is_not_wrong():
    f = audit_text(_table("Sigmoid", r"h(u) = \frac{1}{1 + e^{-u}}"))[0]
    assert f.verdict == "ok", f.reason
    # a row that does not name the claim's function: h may be any function of that form
    f = audit_text(_table("Gate", r"h(u) = \frac{1}{1 - e^{-u}}"))[0]
    assert f.verdict != "wrong", f.reason
