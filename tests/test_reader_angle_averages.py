"""Angle brackets around one expression are an average (physics' ⟨X⟩ for E[X]); braces after
an upright E / Var / Cov are the operator's argument brackets (E{X}, as signal texts write)."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import LatexError, parse, parse_expr
from cheatsheet.latex.probability import ExpectOver
from cheatsheet.symbols import Declarations
from cheatsheet.verify.custom import stream
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler

U, W = sp.Symbol("U", real=True), sp.Symbol("W", real=True)
RV = {"U": "rv", "W": "rv"}


def decide(latex, symbols=RV):
    d = Declarations.from_mapping(symbols)
    return check_numeric(parse(latex, d), Sampler(d), stream(0, latex), NumericOptions(),
                         seed=0).verdict


@pytest.mark.parametrize("latex", [r"\langle W \rangle", r"⟨W⟩", r"\left\langle W \right\rangle"])
def test_one_argument_in_angle_brackets_is_the_mean(latex):
    assert parse_expr(latex, RV) == ops.E(W)


def test_two_arguments_stay_an_inner_product():
    assert isinstance(parse_expr(r"\langle a, b \rangle"), ops.Inner)


def test_a_subscript_names_the_law_averaged_under():
    v = parse_expr(r"\langle \ln g \rangle_q")
    assert isinstance(v, ExpectOver) and v.args[2].name == "q"


def test_a_subscript_drawing_the_variable_binds_it():
    v = parse_expr(r"⟨u^3⟩_{u \sim r}")
    assert isinstance(v, ExpectOver) and [str(s) for s in v.args[1]] == ["u"]


def test_a_bar_inside_stays_unread_with_the_reason():
    with pytest.raises(LatexError, match="bra-ket"):
        parse(r"\langle U \mid W \rangle = 0", Declarations.from_mapping(RV))


def test_angle_averages_are_checked_both_ways():
    assert decide(r"\langle U^2 \rangle - \langle U \rangle^2 \ge 0") == "passed"
    assert decide(r"\langle 3 U - 2 \rangle = 3 \langle U \rangle - 2") == "passed"
    assert decide(r"\langle 3 U - 2 \rangle = 3 \langle U \rangle + 2") == "refuted"


@pytest.mark.parametrize("latex", [r"\mathrm{E}\{W\}", r"\operatorname{E}\{W\}",
                                   r"\mathbf{E}\{W\}", r"\mathbb{E}\{W\}"])
def test_braces_after_an_upright_e_hold_its_argument(latex):
    assert parse_expr(latex, RV) == ops.E(W)


def test_braces_after_var_and_cov():
    assert parse_expr(r"\mathrm{Cov}\{U, W\}", RV) == ops.Cov(U, W)
    assert decide(r"\mathsf{E}\{W^2\} - \mathsf{E}\{W\}^2 = \operatorname{var}\{W\}") == "passed"
    assert decide(r"\mathsf{E}\{W^2\} + \mathsf{E}\{W\}^2 = \operatorname{var}\{W\}") == "refuted"


def test_a_plain_e_before_braces_stays_a_letter_unless_the_argument_is_random():
    assert parse_expr(r"E\{k\}") != ops.E(sp.Symbol("k"))
    assert parse_expr(r"E\{W\}", RV) == ops.E(W)
