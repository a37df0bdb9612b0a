"""Mutual information in square brackets, as entropy sheets write H[U]: I[U; V] is I(U; V)
(the semicolon tells it from an indicator, whose condition holds none)."""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import parse, parse_expr


def test_information_in_brackets_reads_as_in_parentheses():
    a = parse(r"\mathrm{I}[S; T] = \mathrm{H}[S] - \mathrm{H}[S \mid T]").relations[0]
    b = parse(r"\mathrm{I}(S; T) = \mathrm{H}(S) - \mathrm{H}(S \mid T)").relations[0]
    assert a.lhs == b.lhs and a.rhs == b.rhs


def test_conditional_information_in_brackets():
    a = parse_expr(r"I[S; T \mid R]")
    assert a == parse_expr(r"I(S; T \mid R)")


def test_an_indicator_in_brackets_stays_an_indicator():
    assert isinstance(parse_expr(r"\mathbb{I}[s > 0]"), sp.Piecewise)
