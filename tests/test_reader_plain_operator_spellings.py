"""Plain-text cribs write an operator's derivative with a prime (``tanh'(u)``) and shorten the
sigmoid as Torch does (``sigm(u)``): the reader takes both for the operator
(cheatsheet/latex/_plain_text.py, ``plain_names``). Before, each was read as a product of
letters (s times i times g times m) and the line was never checked (red team 21's ASCII sheet).
Letters and wording here are our own."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

from cheatsheet.latex import parse

SAME = [
    ("r = sigm(u)", r"r = \sigma(u)"),
    ("tanh'(u) = 1 - tanh(u)^2", r"\tanh'(u) = 1 - \tanh(u)^2"),
    ("sigm'(w) = sigm(w) (1 - sigm(w))", r"\sigma'(w) = \sigma(w) (1 - \sigma(w))"),
]


@pytest.mark.parametrize("plain, latex", SAME)
def test_a_plain_operator_name_reads_as_the_operator(plain, latex):
    assert parse(plain) == parse(latex)


def test_a_longer_run_of_letters_is_no_operator():
    assert parse("y = xsigm(u)") != parse(r"y = x \sigma(u)")


SHEET = ("Squashing functions, typed plain\n"
         "\n"
         "sigm'(w) = sigm(w) (1 {sign} sigm(w))\n"
         "tanh(w) = 2 sigm({k}w) - 1\n")


def _verdicts(sign, k):
    return [f.verdict for f in audit_text(SHEET.format(sign=sign, k=k), name="squash.txt")]


def test_right_lines_hold():
    assert _verdicts("-", "2") == ["ok", "ok"]


def test_a_flipped_sign_and_a_lost_factor_are_caught():
    assert _verdicts("+", "") == ["wrong", "wrong"]


RAMP = ("Smooth ramp, typed plain\n"
        "\n"
        "softplus'(a) = {slope}\n"
        "softplus(a) - softplus(-a) = a\n")


def test_softplus_typed_plain_reads_as_the_operator():
    """``softplus'(a)``: softplus is one of the plain operator names too (before, s o f t p l u s
    was a product of letters and the prime line could not be read at all)."""
    assert parse("q = softplus'(a)") == parse(r"q = \operatorname{softplus}'(a)")


def test_softplus_lines_hold_and_a_wrong_slope_is_caught():
    ok = audit_text(RAMP.format(slope="sigmoid(a)"), name="ramp.txt")
    assert [f.verdict for f in ok] == ["ok", "ok"]
    bad = audit_text(RAMP.format(slope="1 - sigmoid(a)"), name="ramp.txt")
    assert [f.verdict for f in bad][0] == "wrong"
