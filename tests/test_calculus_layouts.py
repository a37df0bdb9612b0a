"""Derivatives by vectors and matrices: their sizes in each layout, their values on instances, and
the verdicts they lead to (constants, row vectors, entrywise derivatives by a scalar, 3- and
4-tensors by vec, a tensor contracted with fixed factors)."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import LatexError, LatexShapeError, parse, parse_expr
from cheatsheet.symbols import Declarations
from cheatsheet.verify.custom import stream
from cheatsheet.verify.evaluate import Instance, Val, evaluate
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler

n = sp.Symbol("n", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)


def decide(latex, symbols, layout="denominator", seed=0):
    d = Declarations.from_mapping(symbols)
    stmt = parse(latex, d, layout=layout)
    return check_numeric(stmt, Sampler(d), stream(seed, latex), NumericOptions(layout=layout),
                         seed=seed)


def value(expr, **values):
    vals = {k: Val(np.asarray(v, float), np.ndim(v) == 2) for k, v in values.items()}
    return evaluate(expr, Instance(values=vals)).arr


CONST = {"a": "vector(3)", "A": "square(3)", "x": "vector(n)", "n": "dim",
         "g": "vecfunction(3, n)"}


# ---------------------------------------------------------------- sizes
@pytest.mark.parametrize("latex, symbols, layout, shape", [
    # a row vector is differentiated by its entries: d a^T / dx is d a / dx
    (r"\frac{\partial \mathbf{a}^T}{\partial \mathbf{x}}", CONST, "denominator", (n, 3)),
    (r"\frac{\partial \mathbf{a}^T}{\partial \mathbf{x}}", CONST, "numerator", (3, n)),
    # a matrix by a scalar: entrywise, in either layout
    (r"\frac{\partial \mathbf{Y}}{\partial t}", {"Y": "matrix(m, n)", "t": "real"}, "denominator", (m, n)),
    (r"\frac{\partial \mathbf{Y}}{\partial t}", {"Y": "matrix(m, n)", "t": "real"}, "numerator", (m, n)),
    # a column by a scalar: m x 1 (numerator), 1 x m (denominator), as before
    (r"\frac{\partial \mathbf{y}}{\partial t}", {"y": "vector(m)", "t": "real"}, "numerator", (m, 1)),
    (r"\frac{\partial \mathbf{y}}{\partial t}", {"y": "vector(m)", "t": "real"}, "denominator", (1, m)),
    # 3- and 4-tensors by vec: d vec F / d vec X^T (numerator), its transpose (denominator)
    (r"\frac{\partial (\mathbf{X} \mathbf{a})}{\partial \mathbf{X}}",
     {"X": "matrix(m, n)", "a": "vector(n)"}, "numerator", (m, m * n)),
    (r"\frac{\partial (\mathbf{X} \mathbf{a})}{\partial \mathbf{X}}",
     {"X": "matrix(m, n)", "a": "vector(n)"}, "denominator", (m * n, m)),
    (r"\frac{\partial \mathbf{A}}{\partial \mathbf{x}}", CONST, "numerator", (9, n)),
    (r"\frac{\partial \mathbf{X}^T}{\partial \mathbf{X}}", {"X": "matrix(m, n)"}, "numerator",
     (m * n, m * n)),
    # a tensor held between fixed factors is the derivative of the product: here a gradient
    (r"\mathbf{a}^T \frac{\partial \mathbf{A}}{\partial \mathbf{x}} \mathbf{g}(\mathbf{x})", CONST,
     "denominator", (n, 1)),
    (r"\mathbf{a}^T \frac{\partial \mathbf{A}}{\partial \mathbf{x}} \mathbf{g}(\mathbf{x})", CONST,
     "numerator", (1, n)),
    (r"\mathbf{c}^T \frac{\partial (\mathbf{X} \mathbf{a})}{\partial \mathbf{X}}",
     {"X": "matrix(m, n)", "a": "vector(n)", "c": "vector(m)"}, "numerator", (n, m)),
])
def test_sizes_of_derivatives(latex, symbols, layout, shape):
    v = parse_expr(latex, symbols, layout=layout)
    assert tuple(v.shape) == shape


def test_partial_kind_names_each_case():
    assert ops.partial_kind((), ()) == "scalar"
    assert ops.partial_kind((), (n, 1)) == "gradient"
    assert ops.partial_kind((1, 3), (n, 1)) == "jacobian"  # a row vector is a vector
    assert ops.partial_kind((m, n), ()) == "by_scalar"
    assert ops.partial_kind((3, 3), (n, 1)) == "tensor"
    assert ops.partial_kind((m, 1), (m, n)) == "tensor"


# ---------------------------------------------------------------- values
def test_vector_by_matrix_is_laid_out_by_vec():
    rng = np.random.default_rng(1)
    X, a = rng.normal(size=(3, 2)), rng.normal(size=(2, 1))
    d = {"X": "matrix(3, 2)", "a": "vector(2)"}
    num = parse_expr(r"\frac{\partial (\mathbf{X} \mathbf{a})}{\partial \mathbf{X}}", d,
                     layout="numerator")
    # d vec(X a) / d vec(X)^T = a^T kron I_3 (vec stacks the columns)
    assert np.allclose(value(num, X=X, a=a), np.kron(a.T, np.eye(3)), atol=1e-8)
    den = parse_expr(r"\frac{\partial (\mathbf{X} \mathbf{a})}{\partial \mathbf{X}}", d)
    assert np.allclose(value(den, X=X, a=a), np.kron(a.T, np.eye(3)).T, atol=1e-8)


def test_matrix_by_matrix_is_laid_out_by_vec():
    rng = np.random.default_rng(2)
    A, X = rng.normal(size=(2, 3)), rng.normal(size=(3, 4))
    v = parse_expr(r"\frac{\partial (\mathbf{A} \mathbf{X})}{\partial \mathbf{X}}",
                   {"A": "matrix(2, 3)", "X": "matrix(3, 4)"}, layout="numerator")
    assert v.shape == (8, 12)
    assert np.allclose(value(v, A=A, X=X), np.kron(np.eye(4), A), atol=1e-8)


def test_matrix_by_vector_is_laid_out_by_vec():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 1))
    v = parse_expr(r"\frac{\partial (\mathbf{x} \mathbf{x}^T)}{\partial \mathbf{x}}",
                   {"x": "vector(2)"}, layout="numerator")
    # d vec(x x^T) / d x^T = x kron I + I kron x
    want = np.kron(x, np.eye(2)) + np.kron(np.eye(2), x)
    assert np.allclose(value(v, x=x), want, atol=1e-8)


def test_held_factors_are_not_differentiated():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 1))
    d = {"x": "vector(2)", "u": "vector(2)"}
    # u^T (d (x x^T) / dx) x with x held in the right factor: d/dy [u^T y y^T x] at y = x
    v = parse_expr(r"\mathbf{u}^T \frac{\partial (\mathbf{x} \mathbf{x}^T)}{\partial \mathbf{x}}"
                   r" \mathbf{x}", d)
    u = rng.normal(size=(2, 1))
    want = u * (x.T @ x).item() + x * (u.T @ x).item()  # gradient of y -> (u.y)(y.x), x fixed
    assert np.allclose(value(v, x=x, u=u), want, atol=1e-7)


def test_a_row_vector_by_a_scalar_stays_a_row():
    v = parse_expr(r"\frac{\partial (t \mathbf{u}^T)}{\partial t}", {"u": "vector(3)", "t": "real"})
    u = np.arange(3.0).reshape(3, 1)
    assert v.shape == (1, 3)
    assert np.allclose(value(v, u=u, t=np.asarray(0.5)), u.T)


# ---------------------------------------------------------------- verdicts
def test_derivative_of_a_declared_constant_is_zero():
    assert decide(r"\frac{\partial \mathbf{a}^T}{\partial \mathbf{x}} = 0", CONST).verdict == "passed"
    assert decide(r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{a}^T \mathbf{x}] = \mathbf{a}",
                  {"a": "vector(n)", "x": "vector(n)", "n": "dim"}).verdict == "passed"
    assert decide(r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{a}^T \mathbf{x}] = 0",
                  {"a": "vector(n)", "x": "vector(n)", "n": "dim"}).verdict == "refuted"


def test_product_rule_whose_right_side_vanishes_is_refuted_by_value():
    """Sheet 001:143: with a and A constant both terms on the right are zero, while the left
    side is (dg/dx) A^T a: refuted by its values, not by its sizes."""
    wrong = (r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{a}^T \mathbf{A} \mathbf{g}(\mathbf{x})] = "
             r"\frac{\partial \mathbf{a}^T}{\partial \mathbf{x}} \mathbf{A} \mathbf{g}(\mathbf{x}) + "
             r"\mathbf{a}^T \frac{\partial \mathbf{A}}{\partial \mathbf{x}} \mathbf{g}(\mathbf{x})")
    ev = decide(wrong, CONST)
    assert ev.verdict == "refuted"
    cx = ev.counterexample
    assert "why" not in cx and np.allclose(cx["rhs"], 0) and not np.allclose(cx["lhs"], 0)
    with pytest.raises(LatexShapeError):  # in numerator layout (dA/dx^T) A is not even defined
        parse(wrong, CONST, layout="numerator")
    right = (r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{a}^T \mathbf{A} \mathbf{g}(\mathbf{x})] = "
             r"\frac{\partial \mathbf{g}(\mathbf{x})}{\partial \mathbf{x}} \mathbf{A}^T \mathbf{a}")
    assert decide(right, CONST).verdict == "passed"
    # the product rule written in full holds: the held term is zero, the rest is the answer
    full = right + r" + \mathbf{a}^T \frac{\partial \mathbf{A}}{\partial \mathbf{x}} \mathbf{g}(\mathbf{x})"
    assert decide(full, CONST).verdict == "passed"


def test_inverse_of_a_matrix_function_of_a_scalar():
    d = {"Y": "square(n)", "t": "positive", "n": "dim"}
    right = (r"\frac{\partial (t \mathbf{Y} + \mathbf{I})^{-1}}{\partial t} = -(t \mathbf{Y} + \mathbf{I})^{-1}"
             r" \frac{\partial (t \mathbf{Y} + \mathbf{I})}{\partial t} (t \mathbf{Y} + \mathbf{I})^{-1}")
    for layout in ("denominator", "numerator"):
        assert decide(right, d, layout).verdict == "passed"
    # Y commutes with (tY + I)^{-1}, so the squared inverse is right here too
    squared = (r"\frac{\partial (t \mathbf{Y} + \mathbf{I})^{-1}}{\partial t} = -(t \mathbf{Y} + \mathbf{I})^{-2}"
               r" \frac{\partial (t \mathbf{Y} + \mathbf{I})}{\partial t}")
    assert decide(squared, d).verdict == "passed"
    wrong = right.replace("= -(", "= (")  # the sign lost
    assert decide(wrong, d).verdict == "refuted"


def test_contracted_vector_by_matrix_derivative():
    d = {"X": "matrix(m, n)", "a": "vector(n)", "c": "vector(m)", "m": "dim", "n": "dim"}
    lhs = r"\mathbf{c}^T \frac{\partial (\mathbf{X} \mathbf{a})}{\partial \mathbf{X}}"
    assert decide(lhs + r" = \mathbf{c} \mathbf{a}^T", d).verdict == "passed"
    assert decide(lhs + r" = \mathbf{a} \mathbf{c}^T", d, "numerator").verdict == "passed"
    assert decide(lhs + r" = \mathbf{a} \mathbf{c}^T", d).verdict == "refuted"


def test_a_tensor_equated_with_a_matrix_is_not_well_formed():
    d = {"X": "matrix(m, n)", "a": "vector(n)", "m": "dim", "n": "dim"}
    ev = decide(r"\frac{\partial}{\partial \mathbf{X}} [\mathbf{X} \mathbf{a}] = \mathbf{X}^T", d)
    assert ev.verdict == "refuted"
    r = {"y": "vector(d)", "Theta": "square(d)", "A": "square(d)", "d": "dim"}
    ev = decide(r"\frac{\partial \mathbf{y}}{\partial \Theta} = \mathbf{A} + \mathbf{I}", r, "numerator")
    assert ev.verdict == "refuted"


# ---------------------------------------------------------------- chain rule through a matrix
def test_gradient_times_tensor_of_its_variable_is_the_chain_rule():
    d = {"L": "real", "Y": "matrix(m, p)", "X": "matrix(n, q)"}
    q_ = sp.Symbol("q", integer=True, positive=True)
    for latex in (r"\frac{\partial L}{\partial \mathbf{Y}} \frac{\partial \mathbf{Y}}{\partial \mathbf{X}}",
                  r"\frac{\partial \mathbf{Y}}{\partial \mathbf{X}} \frac{\partial L}{\partial \mathbf{Y}}"):
        v = parse_expr(latex, d)
        assert v.op == "chain" and v.shape == (n, q_)  # a gradient by X, laid out like X
        w = parse_expr(latex, d, layout="numerator")
        assert w.shape == (q_, n)
    # a square Y is not multiplied into the tensor as a fixed factor
    sq = parse_expr(r"\frac{\partial L}{\partial \mathbf{Y}} \frac{\partial \mathbf{Y}}{\partial \mathbf{X}}",
                    {"L": "real", "Y": "square(m)", "X": "square(m)"})
    assert sq.op == "chain" and sq.shape == (m, m)


def test_chain_rule_through_a_matrix_is_evaluated_as_a_contraction():
    rng = np.random.default_rng(5)
    A, B, X = rng.normal(size=(2, 3)), rng.normal(size=(2, 4)), rng.normal(size=(3, 4))
    As, Bs, Xs = sp.MatrixSymbol("A", 2, 3), sp.MatrixSymbol("B", 2, 4), sp.MatrixSymbol("X", 3, 4)
    Ys = sp.MatrixSymbol("Y", 2, 4)
    for layout in ("denominator", "numerator"):
        lay = sp.Symbol(layout)
        G = ops.MatApply("partial", *ops.partial_shape((), (2, 4), layout), sp.Trace(Bs.T * Ys), Ys, lay)
        chain = ops.MatApply("chain", *ops.partial_shape((), (3, 4), layout), G, As * Xs, Xs, lay)
        got = value(chain, A=A, B=B, X=X, Y=A @ X)
        want = A.T @ B  # d tr(B^T A X) / dX
        assert np.allclose(got, want if layout == "denominator" else want.T, atol=1e-7)


RESIDUAL = {"y_k": "vector(d)", "y_k-1": "vector(d)", "Theta_k": "square(d)", "alpha": "positive",
            "f": "vecfunction(d, d)", "d": "dim"}


@pytest.mark.parametrize("latex, symbols", [
    # sheet 002:692: two derivatives by a matrix multiplied (d x d^2 by d x d^2)
    (r"\frac{\partial y_k}{\partial \Theta_k} = \alpha \frac{\partial f(y_{k-1}, \Theta_k)}{\partial "
     r"\Theta_k} \frac{\partial y_{k-1}}{\partial \Theta_k}", RESIDUAL),
    (r"\mathbf{B} \frac{\partial \mathbf{Y}}{\partial \mathbf{X}}",
     {"B": "square(k)", "Y": "matrix(m, p)", "X": "matrix(n, q)"}),
])
def test_a_product_no_layout_defines_is_a_size_clash_in_words(latex, symbols):
    """Every layout was tried (held rows and columns, a chain, vec): a clash in all of them is a
    size clash of the formula (refuted as not well-formed), said with the sizes."""
    with pytest.raises(LatexShapeError) as e:
        parse(latex, symbols)
    assert "no layout makes this product meaningful" in str(e.value)
    assert "×" in str(e.value)
