"""Worked numbers are decided as they stand: exact numbers on both sides of an equality are
arithmetic, not an equation in unknowns.

Red team 15's exam write-up had "$8 \\cdot (3 \\cdot 3 \\cdot 1 + 1) = 72$ parameters" (80 with
the biases): unchecked, because an equality with a number on one side was always taken for an
equation its unknowns satisfy. Decimals and percentages are rounded values and stay undecided,
and a fraction that a whole number rounds (a conv size with its floor unsaid) is not wrong.
"""
from __future__ import annotations

from audit_helpers import audit_text


def _verdict(latex: str) -> tuple[str, str]:
    f = next(f for f in audit_text(f"Worked out: ${latex}$ weights.\n") if f.latex == latex)
    return f.verdict, f.reason


def test_false_arithmetic_is_wrong_and_true_arithmetic_ok():
    assert _verdict(r"6 \cdot (2 \cdot 2 \cdot 3 + 1) = 72")[0] == "wrong"
    assert _verdict(r"6 \cdot (2 \cdot 2 \cdot 3 + 1) = 78")[0] == "ok"
    assert _verdict(r"\binom{6}{3} = 15")[0] == "wrong"
    assert _verdict(r"\binom{6}{3} = 20")[0] == "ok"


def test_rounded_values_are_not_wrong():
    # (100 - 6)/4 + 1 = 24.5: a conv size rounded up to a whole number
    assert _verdict(r"\frac{100 - 6}{4} + 1 = 25")[0] != "wrong"
    # decimals are rounded values
    assert _verdict(r"0.3 \cdot 0.3 = 0.1")[0] != "wrong"
