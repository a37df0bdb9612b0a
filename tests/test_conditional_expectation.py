"""E[X | Y] and Var(X | Y): read as a random variable that is a function of Y, and evaluated
exactly on finite joint laws (the mean of X over the outcomes with the same value of Y)."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from cheatsheet.latex import LatexError, parse, parse_expr
from cheatsheet.latex.probability import CondExpect
from cheatsheet.verify.evaluate import Distribution, EvalError, Evaluator, Instance

X, Y, Z = (sp.Symbol(n, real=True) for n in "XYZ")
RV = {"X": "rv", "Y": "rv", "Z": "rv"}


def test_the_reader_builds_a_conditional_expectation():
    assert parse_expr(r"\mathbb{E}[X \mid Y]", RV) == CondExpect(X, sp.Tuple(Y))
    assert parse_expr(r"E[X | Y, Z]", RV) == CondExpect(X, sp.Tuple(Y, Z))
    var = parse_expr(r"\operatorname{Var}(X \mid Y)", RV)
    assert var == CondExpect(X ** 2, sp.Tuple(Y)) - CondExpect(X, sp.Tuple(Y)) ** 2


def test_conditioning_on_an_expression_is_refused():
    with pytest.raises(LatexError, match="conditional expectation"):
        parse(r"\mathbb{E}[X \mid Y + Z] = 0", RV)


def _instance(x, y, p):
    """One trial: X, Y take the values x, y with probabilities p (a joint law on len(p) atoms)."""
    law = Distribution(("X", "Y"), {"X": np.array([x], float), "Y": np.array([y], float)},
                       np.array([p], float))
    return Instance(values={}, dists=[law], functions={}, dims={}, index_ranges={},
                    layout="denominator")


# Y takes the value 0 on the first two outcomes and 1 on the last: E[X | Y] is 2 there
# (the mean of 1 and 3 with weights 0.1, 0.1) and 10 on the last
LAW = ([1.0, 3.0, 10.0], [0.0, 0.0, 1.0], [0.1, 0.1, 0.8])


def value(latex, law=LAW):
    return float(Evaluator(_instance(*law))(parse_expr(latex, RV)).arr.reshape(-1)[0])


def test_the_mean_of_a_conditional_expectation_is_exact():
    assert value(r"\mathbb{E}[\mathbb{E}[X \mid Y]^2]") == pytest.approx(0.2 * 4 + 0.8 * 100)
    assert value(r"\mathbb{E}[\mathbb{E}[X \mid Y]]") == pytest.approx(0.1 + 0.3 + 8.0)
    # Var(X | Y) is 1 where Y = 0 and 0 where Y = 1
    assert value(r"\mathbb{E}[\operatorname{Var}(X \mid Y)]") == pytest.approx(0.2)
    assert value(r"\operatorname{Var}(\mathbb{E}[X \mid Y])") == pytest.approx(
        0.2 * 4 + 0.8 * 100 - (0.4 + 8.0) ** 2)


def test_a_variable_that_determines_x_leaves_it_unchanged():
    law = ([1.0, 3.0, 10.0], [0.0, 0.5, 1.0], [0.1, 0.1, 0.8])
    assert value(r"\mathbb{E}[\operatorname{Var}(X \mid Y)]", law) == pytest.approx(0.0)
    assert value(r"\operatorname{Var}(\mathbb{E}[X \mid Y])", law) == pytest.approx(
        value(r"\operatorname{Var}(X)", law))


def test_a_conditional_expectation_alone_has_no_value():
    with pytest.raises(EvalError, match="random variable"):
        Evaluator(_instance(*LAW))(parse_expr(r"\mathbb{E}[X \mid Y]", RV))


def test_conditioning_on_an_independent_variable_gives_the_mean():
    lx = Distribution(("X",), {"X": np.array([[1.0, 5.0]])}, np.array([[0.25, 0.75]]))
    ly = Distribution(("Y",), {"Y": np.array([[0.0, 1.0]])}, np.array([[0.5, 0.5]]))
    inst = Instance(values={}, dists=[lx, ly], functions={}, dims={}, index_ranges={},
                    layout="denominator")
    v = Evaluator(inst)(parse_expr(r"\operatorname{Var}(\mathbb{E}[X \mid Y])", RV))
    assert float(v.arr.reshape(-1)[0]) == pytest.approx(0.0)
    m = Evaluator(inst)(parse_expr(r"\mathbb{E}[Y \mathbb{E}[X \mid Y]]", RV))
    assert float(m.arr.reshape(-1)[0]) == pytest.approx(0.5 * 4.0)
