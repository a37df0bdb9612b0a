"""Function application binds tighter than a power after it: ``E(X)^2`` is (E[X])^2 as
``f(x)^2`` is (f(x))^2, whatever face the E is set in (red team 9, FA5: every E but the
blackboard one was read as a product E X^2, so the variance shortcut written with parentheses
was called wrong)."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import parse_expr

from audit_helpers import one

X = sp.Symbol("X", real=True)
RV = {"X": "rv"}
FACES = [r"E", r"\operatorname{E}", r"\mathrm{E}", r"\mathsf{E}", r"\mathbf{E}", r"\mathbb{E}",
         r"\text{E}"]


@pytest.mark.parametrize("E", FACES)
def test_applied_then_squared_in_every_face(E):
    assert parse_expr(rf"{E}(X)^2", RV) == ops.E(X) ** 2
    assert parse_expr(rf"{E}(X^2)", RV) == ops.E(X ** 2)
    assert parse_expr(rf"{E}[X]^2", RV) == ops.E(X) ** 2
    assert parse_expr(rf"{E}[X^2]", RV) == ops.E(X ** 2)


@pytest.mark.parametrize("E", [r"\operatorname{E}", r"\mathrm{E}", r"\mathsf{E}", r"\mathbf{E}"])
def test_an_operator_face_is_the_expectation_with_nothing_declared(E):
    assert parse_expr(rf"{E}(X)^2") == ops.E(X) ** 2


def test_a_plain_e_of_no_random_variable_stays_a_product():
    """E(x) may be an energy: only a declared random variable inside makes it a mean."""
    x = sp.Symbol("x", real=True)
    assert not parse_expr(r"E(x)^2").has(ops.E)
    assert not parse_expr(r"E(X)", {}).has(ops.E)
    assert parse_expr(r"E(x)^2", {"x": "real"}) == sp.Symbol("E", real=True) * x ** 2
    assert not parse_expr(r"\mathcal{E}(X)", RV).has(ops.E)


def test_other_operators_apply_before_the_power():
    A = sp.Symbol("A", real=True)
    assert parse_expr(r"\operatorname{Var}(X)^2", RV) == ops.Var(X) ** 2
    assert parse_expr(r"\mathbf{Var}(X)^2", RV) == ops.Var(X) ** 2
    assert parse_expr(r"P(A)^2") == ops.Prob(A) ** 2


@pytest.mark.parametrize("E,V", [(r"\operatorname{E}", r"\operatorname{Var}"), ("E", "Var"),
                                 (r"\mathrm{E}", r"\mathrm{Var}"), (r"\mathsf{E}", r"\mathbb{V}"),
                                 (r"\mathbf{E}", r"\mathbf{Var}")])
def test_the_variance_shortcut_with_parentheses_is_ok(E, V):
    f = one(f"$${V}(X) = {E}(X^2) - {E}(X)^2$$\n")
    assert f.verdict == "ok", f.reason


@pytest.mark.parametrize("line", [
    r"\operatorname{Var}(X) = \operatorname{E}(X)^2 - \operatorname{E}(X^2)",
    r"Var(X) = E(X^2) + E(X)^2",
    r"\mathrm{Var}(X) = \mathrm{E}(X^2) - \mathrm{E}(X)",
])
def test_a_typo_in_the_shortcut_is_still_caught(line):
    assert one(f"$${line}$$\n").verdict == "wrong"
