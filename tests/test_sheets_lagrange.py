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


def _rule(formula: str, words: str = "Rule"):
    return _line(f"# Notes\n\n## Differentiation rules\n\n- {words}: ${formula}$\n")


@pytest.mark.parametrize("formula, claim", [
    ("(mn)' = m'n + mn'", "calculus.product_rule"),
    ("(p(q))' = p'(q)\\, q'", "calculus.chain_rule"),
    ("(abc)' = a'bc + ab'c + abc'", "calculus.product_rule_three"),
    ("\\left(\\frac{m}{n}\\right)' = \\frac{m'n - mn'}{n^2}", "calculus.quotient_rule"),
    ("\\left(\\dfrac{m}{n}\\right)' = \\dfrac{m'n - mn'}{n^2}", "calculus.quotient_rule"),
])
def test_a_right_rule_holds_as_the_rule_it_states(formula, claim):
    f = _rule(formula)
    assert (f.verdict, f.claim) == ("ok", claim), (f.verdict, f.claim, f.reason)


@pytest.mark.parametrize("formula", ["(m + n)' = m' + n'", "(mn)' = m'n"])
def test_a_rule_the_catalog_does_not_state_is_credited_to_none(formula):
    # the product rule's check evaluates what it is given: a sum rule, or a product with n
    # read as a constant ((cm)' = c m'), holds there, but does not state the product rule
    f = _rule(formula)
    assert f.verdict != "wrong" and f.claim != "calculus.product_rule", (f.verdict, f.claim)


def test_a_quotient_rule_with_its_numerator_swapped_is_wrong():
    f = _rule("(m/n)' = (m n' - m' n)/n^2", "Quotient rule")
    assert (f.verdict, f.claim) == ("wrong", "calculus.quotient_rule"), (f.verdict, f.reason)
    assert "m'n-mn'" in f.expected.replace(" ", "") and "(x)" not in f.expected, f.expected


def test_a_primed_letter_goes_where_its_letter_goes():
    from cheatsheet.match.align import correspondence
    from cheatsheet.match.tokens import tokenize

    # the typo lines m' up under g' and n' under f': still m' is f' when m is f
    sheet = tokenize("\\frac{d}{dt} \\frac{m(t)}{n(t)} = \\frac{m(t) n'(t) - m'(t) n(t)}{n(t)^2}")
    form = tokenize("\\frac{d}{dx} \\frac{f(x)}{g(x)} = \\frac{f'(x) g(x) - f(x) g'(x)}{g(x)^2}")
    mapping = correspondence(sheet, form)
    assert mapping["m"] == "f" and mapping["n"] == "g"
    assert mapping.get("m_prime") == "f_prime" and mapping.get("n_prime") == "g_prime", mapping


def test_a_called_function_written_bare_is_not_read():
    # p is called on q on the left; p' bare on the right may be p'(q) written short: no reading
    assert spelled_out("(p(q))' = p'q'") is None
    assert _rule("(p(q))' = p'q'", "Chain rule").verdict != "wrong"
    assert spelled_out("(p(q))' = p'(q)\\, q'") is not None
