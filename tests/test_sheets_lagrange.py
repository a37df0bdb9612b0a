"""Lagrange's prime notation with the argument left out (cheatsheet/sheets/lagrange.py).

``(u/v)' = (u'v - uv')/v`` states the quotient rule on bare function letters; spelled out with
an implicit variable it is read as the catalog's rule, so its typo is refuted and its right
form accepted. A prime that transposes (a'b, x'A) is never read so. Letters of our own.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets.lagrange import own_notation, spelled_out


def _line(text: str):
    return next(f for f in audit_text(text) if f.line == 5)


def test_a_quotient_rule_without_the_square_is_wrong():
    text = ("# Notes\n\n## Differentiating ratios\n\n"
            "- Quotient rule: $\\left(\\frac{p}{q}\\right)' = \\frac{p' q - p q'}{q}$\n")
    f = _line(text)
    assert f.verdict == "wrong" and f.claim == "calculus.quotient_rule", (f.verdict, f.reason)
    # the right form in the sheet's letters, without the variable the reading added
    assert "q^2" in f.expected.replace(" ", "") and "(x)" not in f.expected, f.expected


def test_the_right_quotient_rule_holds():
    text = ("# Notes\n\n## Differentiating ratios\n\n"
            "- Quotient rule: $\\left(\\frac{p}{q}\\right)' = \\frac{p' q - p q'}{q^2}$\n")
    assert _line(text).verdict == "ok"


@pytest.mark.parametrize("head", ["Matrix algebra", "Derivatives (a prime is a transpose)"])
def test_a_transposing_prime_is_never_read_as_a_derivative(head):
    text = f"# Notes\n\n## {head}\n\n- Transpose of a product: $(c'd)' = d'c$\n"
    assert _line(text).verdict != "wrong"


def test_spelled_out_and_back():
    spelled, v, functions = spelled_out("(pq)' = p'q + pq'")
    assert spelled == "\\frac{d}{dx}\\left(p(x)q(x)\\right) = p'(x)q(x) + p(x)q'(x)"
    assert (v, functions) == ("x", frozenset("pq"))
    # x is taken: another variable; c is never primed, so it stays a constant
    spelled, v, _ = spelled_out("(c h)' = c h' + x")
    assert v == "t" and spelled.startswith("\\frac{d}{dt}\\left(c h(t)\\right)")
    assert own_notation("c h'(t) + \\log(t) h(t)", "t", frozenset("h")) == \
        "c h' + \\log(t) h"
    # no prime on a bracket, a capital's prime (a transpose), a composition: not this notation
    for latex in ("f'(x) = 2x", "(Ab)' = b'A'", "(f \\circ g)' = (f' \\circ g) g'"):
        assert spelled_out(latex) is None, latex
