"""A slash between two clear operands compares as the fraction it writes: a plain-text sheet's
``v_t / (1 - \\beta_2)`` is the catalog's ``\\frac{v_t}{1 - \\beta_2^t}`` but for one slip, and
its typo is caught like the LaTeX one."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.tokens import keys, tokenize


def same(a: str, b: str) -> bool:
    return keys(tokenize(a)) == keys(tokenize(b))


def test_a_slash_between_clear_operands_is_a_fraction():
    assert same(r"v_t / (1 - \beta_2^t)", r"\frac{v_t}{1 - \beta_2^t}")
    assert same(r"e^{-x}/(1 + e^{-x})", r"\frac{e^{-x}}{1 + e^{-x}}")
    assert same(r"\sigma^2/n", r"\frac{\sigma^2}{n}")
    assert same(r"\log(x)/n", r"\frac{\log(x)}{n}")
    assert same(r"a/b/c", r"\frac{a}{b}/c")  # (a/b)/c, never a/(b/c)


def test_unclear_operands_are_left_as_written():
    assert not same(r"1/f(x)", r"\frac{1}{f(x)}")  # a call or a product
    assert not same(r"1/(a+b)^2", r"\frac{1}{a+b}^2")  # the power is the group's
    assert not same(r"x / 2", r"x \cdot 2")


def test_a_slashed_typo_is_caught_like_the_fraction_and_the_right_form_holds():
    text = ("## Adam\n\nAdam's bias correction: $\\hat m_t = m_t / (1 - \\beta_1^t)$, "
            "$\\hat v_t = v_t / (1 - BETA)$.\n")
    right = audit_text(text.replace("BETA", "\\beta_2^t"))
    typo = audit_text(text.replace("BETA", "\\beta_2"))
    assert [f.verdict for f in right] == ["ok", "ok"]
    assert [(f.verdict, f.claim) for f in typo][1] == ("wrong", "adam.update")
