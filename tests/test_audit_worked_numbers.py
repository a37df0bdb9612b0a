"""Numbers worked out in a chain that names a quantity (verify/audit/worked_numbers.py).

``N_p = (224/14)^2 = 196`` defines a name and works out its value: no claim states it and the
name is on one side only, so the chain was left unchecked, though its arithmetic is wrong as
it stands (red team 31's config comments). Letters and numbers here are our own.
"""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.verify.audit.worked_numbers import worked_numbers_clash

SHEET = """# Sizes of the small model

Tokens per clip: $M = 8 \\cdot (112 / 16)^2 = 382$

Tokens per image: $M_1 = (112 / 16)^2 = 49$

Stride-two output, floor left unsaid: $q = (57 - 4)/2 + 1 = 27$

Rounded share: $s = 2/3 = 0.67$

If $c = 3 + 4 = 8$, the budget is exceeded.
"""


def _verdicts():
    return {f.line: (f.verdict, f.reason) for f in audit_text(SHEET)
            if f.latex.count("=") >= 2}


def test_a_wrong_worked_value_is_wrong():
    verdict, reason = _verdicts()[3]
    assert verdict == "wrong"
    assert "392" in reason and "382" in reason


def test_right_rounded_or_assumed_chains_are_not_wrong():
    found = _verdicts()
    assert all(found[n][0] != "wrong" for n in (5, 7, 9, 11))


def test_the_clash_needs_exact_numbers_on_both_sides_of_a_link():
    assert worked_numbers_clash(r"m = 2^{6} = 60", {})
    assert not worked_numbers_clash(r"m = 2^{6} = 64", {})
    assert not worked_numbers_clash(r"m = 2^{k} = 64", {})   # an equation in k
    assert not worked_numbers_clash(r"m = 2^{6} \approx 60", {})
    assert not worked_numbers_clash(r"2^{6} = 60", {})   # numbers alone: decided elsewhere
    assert not worked_numbers_clash(r"\epsilon = 10^{-8} = 1e-8", {})  # code's 1e-8, not 1 e - 8
    assert not worked_numbers_clash(r"m = 64 \text{ MB} = 2^{26}", {})  # units beside a number
