"""Plain-text cribs write a negative power without braces: ``e^-u``, ``(Z^T Z)^-1``. TeX would
raise the minus alone, so the reader refused every such line ("a sub- or superscript the reader
cannot read"; red team 21's ASCII sheet: the sigmoid, tanh and least-squares lines). The
rewrite (cheatsheet/latex/_plain_groups.py, ``signed_exponents``) takes one name or number
after the minus as the exponent only where the exponent plainly ends. Letters are our own."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

from cheatsheet.latex import parse
from cheatsheet.latex._pre import tokens

SAME = [
    ("q = 1/(1 + e^-u)", r"q = \frac{1}{1 + e^{-u}}"),
    ("beta = (Z^T Z)^-1 Z^T r", r"\beta = (Z^T Z)^{-1} Z^T r"),
    ("c = e^-0.5 + e^-a", r"c = e^{-0.5} + e^{-a}"),
]


@pytest.mark.parametrize("plain, latex", SAME)
def test_a_signed_exponent_reads_as_the_negative_power(plain, latex):
    assert parse(plain) == parse(latex)


@pytest.mark.parametrize("plain", ["c = e^-k t", "c = e^-ab", "c = e^-a^2"])
def test_an_exponent_that_may_run_on_is_not_guessed(plain):
    """e^-k t might be e^{-kt}: no brace is made, the minus-only exponent stays unread."""
    assert "{" not in tokens(plain)


SHEET = ("Negative powers, typed plain\n"
         "sigmoid(u) = 1/(1 {s} e^-u)\n"
         "tanh(a) = (e^a {s2} e^-a) / (e^a {s} e^-a)\n"
         "beta = (Z^T Z)^-1 Z^T r\n")


def test_right_lines_hold():
    found = audit_text(SHEET.format(s="+", s2="-"), name="neg.txt")
    assert [f.verdict for f in found] == ["ok", "ok", "ok"]


def test_flipped_signs_are_caught():
    found = audit_text(SHEET.format(s="-", s2="+"), name="neg.txt")
    assert [f.verdict for f in found][:2] == ["wrong", "wrong"]
