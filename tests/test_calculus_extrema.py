"""arg max / arg min (ArgExtremum, MatApply('argmax' | 'argmin')), case definitions with
relations as conditions, and positive parts, on sampled instances."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from cheatsheet.latex import parse, parse_expr
from cheatsheet.symbols import Declarations
from cheatsheet.verify.custom import stream
from cheatsheet.verify.evaluate import Instance, Val, evaluate
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler


def value(latex, decls=None, **values):
    vals = {k: Val(np.asarray(v, float), np.ndim(v) >= 2) for k, v in values.items()}
    return evaluate(parse_expr(latex, decls), Instance(values=vals)).arr


def decide(latex, symbols, seed=0):
    d = Declarations.from_mapping(symbols)
    return check_numeric(parse(latex, d), Sampler(d), stream(seed, latex), NumericOptions(),
                         seed=seed)


# ---------------------------------------------------------------- over an index
def test_arg_max_over_an_index_is_exact_and_one_based():
    d = {"p": "vector(n)", "n": "dim"}
    assert value(r"\arg\max_k p_k", d, p=[[0.1], [0.7], [0.2]], n=3) == 2
    assert value(r"\operatorname*{arg\,min}_k p_k", d, p=[[0.1], [0.7], [0.2]], n=3) == 1
    # per trial; a tie names no index (no value: the trial decides nothing)
    got = value(r"\arg\max_k p_k", d, p=[[[0.1], [0.7], [0.2]], [[0.5], [0.2], [0.5]]], n=3)
    assert got[0] == 2 and np.isnan(got[1])


def test_arg_max_of_a_probability_vector_is_decided():
    d = {"p": "probvec(n)", "n": "dim"}
    assert decide(r"\arg\max_k (-p_k) = \arg\min_k p_k", d).verdict == "passed"
    assert decide(r"\arg\max_k p_k = \arg\min_k p_k", d).verdict == "refuted"


# ---------------------------------------------------------------- over a real variable
@pytest.mark.parametrize("latex, a, want", [
    (r"\arg\min_x (x - a)^2", [1.5, -2.0, 300.0], [1.5, -2.0, 300.0]),
    (r"\arg\min_x |x - a|", [1.5, -2.0], [1.5, -2.0]),            # a kink
    (r"\arg\max_x [a x - e^x]", [0.5, 3.0], np.log([0.5, 3.0])),  # interior maximum
])
def test_arg_min_over_a_real_variable(latex, a, want):
    # values cannot tell points closer than about sqrt(machine epsilon) apart at a smooth extremum
    assert np.allclose(value(latex, a=a), want, rtol=1e-7, atol=1e-7)


@pytest.mark.parametrize("latex", [
    r"\arg\max_x \cos(x)",      # several points attain it
    r"\arg\min_x a",            # a flat body
])
def test_no_value_where_the_search_cannot_be_sure(latex):
    assert np.isnan(value(latex, a=[1.5])).all()



@pytest.mark.parametrize("latex", [
    r"\arg\max_x x",                       # no maximum: the body keeps growing
    r"\arg\min_x [(x - a)^3 + |x|]",       # keeps falling towards -infinity
])
def test_an_extremum_no_point_attains_has_no_value_at_all(latex):
    # not a trial that decides nothing (NaN) but a term with no value on any instance: the
    # formula using it is not well-formed, and the checker says why
    from cheatsheet.verify.arrays import ShapeError

    with pytest.raises(ShapeError, match="has no value: the body keeps"):
        value(latex, a=[1.5, -2.0])

# ---------------------------------------------------------------- over a vector
RIDGE = {"X": "matrix(m, n)", "y": "vector(m)", "w": "vector(n)", "lambda": "positive",
         "m": "dim", "n": "dim"}


def test_arg_min_over_a_vector_finds_the_ridge_solution():
    rng = np.random.default_rng(0)
    X, y, lam = rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 4, 1)), np.array([0.5, 2.0])
    got = value(r"\arg\min_{\mathbf{w}} [\|\mathbf{X}\mathbf{w} - \mathbf{y}\|^2 + \lambda \|\mathbf{w}\|^2]",
                RIDGE, X=X, y=y, w=np.zeros((2, 3, 1)), **{"lambda": lam})
    for t in range(2):
        want = np.linalg.solve(X[t].T @ X[t] + lam[t] * np.eye(3), X[t].T @ y[t])
        assert np.allclose(got[t], want, atol=1e-8)


def test_ridge_solution_as_an_arg_min_is_decided():
    lhs = r"\arg\min_{\mathbf{w}} [\|\mathbf{X}\mathbf{w} - \mathbf{y}\|^2 + \lambda \|\mathbf{w}\|^2]"
    right = lhs + r" = (\mathbf{X}^T \mathbf{X} + \lambda \mathbf{I})^{-1} \mathbf{X}^T \mathbf{y}"
    assert decide(right, RIDGE).verdict == "passed"
    wrong = lhs + r" = (\mathbf{X}^T \mathbf{X} + 2 \lambda \mathbf{I})^{-1} \mathbf{X}^T \mathbf{y}"
    assert decide(wrong, RIDGE).verdict == "refuted"


@pytest.mark.parametrize("latex", [
    r"\arg\min_{\mathbf{w}} [\|\mathbf{w}\|^4 - \|\mathbf{w}\|^2]",  # a whole sphere of minima
    r"\arg\max_{\mathbf{w}} \mathbf{a}^T \mathbf{w}",                  # unbounded
])
def test_no_vector_where_the_search_cannot_be_sure(latex):
    got = value(latex, {"w": "vector(n)", "a": "vector(n)"}, w=np.zeros((1, 2, 1)),
                a=np.ones((1, 2, 1)))
    assert np.isnan(got).all()


def test_an_unsure_arg_min_is_never_a_refutation():
    ev = decide(r"\arg\min_{\mathbf{w}} [\|\mathbf{w}\|^4 - \|\mathbf{w}\|^2] = \mathbf{a}",
                {"w": "vector(n)", "a": "vector(n)", "n": "dim"})
    assert ev.verdict != "refuted"


# ---------------------------------------------------------------- cases and positive parts
def test_cases_with_relations_as_conditions():
    x = sp.Symbol("x", real=True)
    pw = sp.Piecewise((1, sp.Eq(x, 0)), (x ** 2, sp.Le(x, 1)), (-x, sp.Ge(x, 1)), evaluate=False)
    inst = Instance(values={"x": Val(np.array([-2.0, 0.0, 0.5, 3.0]))})
    assert np.allclose(evaluate(pw, inst).arr, [4.0, 1.0, 0.25, -3.0])


@pytest.mark.parametrize("latex", [r"(x)_+", r"[x]_+", r"x^+"])
def test_positive_part_of_a_number(latex):
    assert np.allclose(value(latex, x=[-1.5, 0.0, 2.0]), [0.0, 0.0, 2.0])


def test_positive_part_of_a_vector_is_entrywise():
    v = np.array([[-1.0], [2.0], [0.0]])
    assert np.allclose(value(r"(\mathbf{x})_+", {"x": "vector(3)"}, x=v), [[0.0], [2.0], [0.0]])
    assert decide(r"[\mathbf{x}]_+ - [-\mathbf{x}]_+ = \mathbf{x}", {"x": "vector(3)"}).verdict == "passed"
    assert decide(r"(\mathbf{x})_+ = \mathbf{x}", {"x": "vector(3)"}).verdict == "refuted"


def test_a_relu_sum_with_knots_is_decided():
    """Sheet 002:100 writes a piecewise-linear function as a line plus c_i (x - xi_i)_+."""
    d = {"x": "real", "a": "real", "b": "real", "c": "vector(m)", "xi": "vector(m)", "m": "dim"}
    ok = decide(r"a x + b + \sum_{i=1}^{m} c_i (x - \xi_i)_+ = a x + b + \sum_{i=1}^{m} "
                r"c_i \max\{0, x - \xi_i\}", d)
    assert ok.verdict == "passed"
    assert decide(r"\sum_{i=1}^{m} c_i (x - \xi_i)_+ = \sum_{i=1}^{m} c_i (x - \xi_i)", d).verdict == "refuted"


# ---------------------------------------------------------------- arg extremum before a sum
@pytest.mark.parametrize("latex", [
    r"\hat\theta = \operatorname*{arg\,min}_\theta L(\theta) - c",
    r"\hat\theta = \text{argmax}_\theta L(\theta) + c",
])
def test_an_arg_extremum_followed_by_a_sum_is_refused_not_read_term_by_term(latex):
    # read term by term it would be the arg min of the first term only, a false alarm
    with pytest.raises(Exception, match="arg max or arg min followed by"):
        parse(latex)


def test_an_arg_extremum_whose_variable_occurs_in_later_terms_takes_them_all():
    # w is bound, so the later term belongs to the operand: no other reading makes sense
    v = parse(r"\hat{\mathbf{w}} = \arg\min_{\mathbf{w}} \|X\mathbf{w} - \mathbf{y}\|^2 "
              r"+ \lambda \|\mathbf{w}\|^2").relations[0].rhs
    assert "lambda" in str(v.args[3]) and "y" in str(v.args[3])


def test_an_arg_extremum_in_the_last_term_or_bracketed_still_reads():
    assert "ArgExtremum" in str(parse(r"a = b + \arg\max_k p_k"))
    assert "ArgExtremum" in str(parse(r"y = (\arg\max_k p_k) + 1"))


# ---------------------------------------------------------------- matrix powers
def test_negative_integer_powers_of_a_non_symmetric_matrix_are_inverse_powers():
    a = np.array([[2.0, 1.0], [0.0, 3.0]])
    d = {"A": "matrix(2, 2)"}
    got = value(r"A^{-2}", d, A=a)
    assert np.allclose(got, np.linalg.inv(a @ a))


def test_fractional_powers_need_a_symmetric_positive_semidefinite_matrix():
    from cheatsheet.verify.evaluate import EvalError
    d = {"A": "matrix(2, 2)"}
    s = np.array([[4.0, 0.0], [0.0, 9.0]])
    assert np.allclose(value(r"A^{1/2}", d, A=s), [[2, 0], [0, 3]])
    with pytest.raises(EvalError, match="not symmetric"):
        value(r"A^{1/2}", d, A=[[2.0, 1.0], [0.0, 3.0]])
    with pytest.raises(EvalError, match="negative eigenvalue"):
        value(r"A^{1/2}", d, A=[[-1.0, 0.0], [0.0, 1.0]])
