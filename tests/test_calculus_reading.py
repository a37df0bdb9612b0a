"""Reading derivatives as the sheets write them: entries of vector-valued functions, derivatives
on one line, layer superscripts on the variables, matrix-valued functions of a scalar."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from cheatsheet import ops
from cheatsheet.latex import LatexError, parse_expr
from cheatsheet.verify.evaluate import Instance, Val, evaluate

VEC = {"f": "vecfunction(m, n)", "x": "vector(n)", "m": "dim", "n": "dim", "i": "natural",
       "j": "natural"}


def _entry_derivative(latex, i, j):
    """The value of a reading of d f_i / d x_j for f(x) = tanh(M x), M 3 x 2."""
    M = np.array([[1.0, -2.0], [0.5, 0.3], [-1.5, 2.0]])
    x = np.array([[0.2], [-0.4]])
    inst = Instance(values={"x": Val(x, True), "i": Val(np.asarray(float(i))),
                            "j": Val(np.asarray(float(j)))},
                    functions={"f": lambda v: Val(np.tanh(M @ v.arr), True)})
    got = evaluate(parse_expr(latex, VEC), inst).arr
    want = (1 - np.tanh(M @ x)[i - 1, 0] ** 2) * M[i - 1, j - 1]
    return float(got), want


@pytest.mark.parametrize("latex", [
    r"\frac{\partial f_i(\mathbf{x})}{\partial x_j}",
    r"\frac{\partial f_i}{\partial x_j}",
    r"\partial f_i / \partial x_j",
])
def test_the_entry_of_a_vector_valued_function_is_kept(latex):
    """f_i of f: R^n -> R^m is entry i of f(x); it was read as f itself (index dropped)."""
    v = parse_expr(latex, VEC)
    assert any(isinstance(a, MatrixElement) for a in sp.preorder_traversal(v))
    for i, j in [(1, 1), (2, 1), (3, 2)]:
        got, want = _entry_derivative(latex, i, j)
        assert got == pytest.approx(want, rel=1e-6), (i, j)


def test_an_entry_of_a_vector_valued_function_called():
    v = parse_expr(r"f_i(\mathbf{x})", VEC)
    assert isinstance(v, MatrixElement) and v.args[1] == sp.Symbol("i", integer=True, positive=True) - 1


@pytest.mark.parametrize("inline, frac, symbols", [
    (r"\partial f / \partial x", r"\frac{\partial f}{\partial x}", {"f": "function"}),
    (r"\partial f / \partial x", r"\frac{\partial f}{\partial x}", None),
    (r"\partial^2 f / \partial x \partial y", r"\frac{\partial^2 f}{\partial x \partial y}", None),
    (r"\partial L / \partial \mathbf{w}", r"\frac{\partial L}{\partial \mathbf{w}}",
     {"L": "function(n)", "w": "vector(n)", "n": "dim"}),
    (r"2 \, \partial f / \partial x \cdot y", r"2 \frac{\partial f}{\partial x} y", None),
])
def test_a_derivative_written_on_one_line(inline, frac, symbols):
    assert parse_expr(inline, symbols) == parse_expr(frac, symbols)


@pytest.mark.parametrize("latex", [r"\partial x", r"\partial f / 2", r"\partial^2 f / \partial x"])
def test_a_lone_partial_is_refused_in_words(latex):
    with pytest.raises(LatexError) as e:
        parse_expr(latex)
    msg = str(e.value)
    assert "\\partial" in msg and "Tree" not in msg and "Token" not in msg


def test_layer_superscripts_on_variables_of_differentiation_are_indices():
    v = parse_expr(r"\frac{\partial h_j^l}{\partial z_k^l}")
    assert isinstance(v, sp.Derivative)
    (var, _), = v.variable_count
    assert isinstance(var, sp.Symbol) and var.name == "z_l_k"
    assert v.expr.name == "h_l_j"
    # the chain rule of a layer: every h^l, x^l is the same indexed name throughout
    st = parse_expr(r"\frac{\partial R}{\partial h_j^l} - \sum_{i=1}^{m} \frac{\partial R}{\partial x_i^l} "
                    r"\frac{\partial x_i^l}{\partial h_j^l}")
    names = {s.name for s in st.free_symbols if isinstance(s, sp.Symbol)}
    assert "h_l_j" in names and not any(isinstance(p, sp.Pow) for p in sp.preorder_traversal(st))
    # on one line too
    assert parse_expr(r"\partial h^l / \partial z^l") == parse_expr(r"\frac{\partial h^l}{\partial z^l}")


def test_powers_in_a_derivative_stay_powers():
    x, n = sp.Symbol("x", real=True), sp.Symbol("n", real=True)
    assert sp.simplify(parse_expr(r"\frac{\partial x^n}{\partial x}").doit() - n * x ** (n - 1)) == 0
    assert parse_expr(r"\frac{\partial x^2}{\partial x}").doit() == 2 * x


def test_a_matrix_valued_function_of_a_scalar_is_a_matrix():
    ab = parse_expr(r"\mathbf{A}(t) \mathbf{B}(t)")
    ba = parse_expr(r"\mathbf{B}(t) \mathbf{A}(t)")
    assert isinstance(ab, sp.MatMul) and ab != ba  # the order of the factors is kept
    d = parse_expr(r"\frac{d}{dt} \mathbf{A}(t)")
    assert isinstance(d, ops.MatApply) and d.shape[0] == d.shape[1]
    p = parse_expr(r"\mathbf{A}'(t)")
    assert isinstance(p, ops.MatApply) and p.op == "partial" and p.shape[0] == p.shape[1]
    f = parse_expr(r"\mathbf{f}'(t)")
    assert f.op == "partial" and f.shape[1] == 1  # a column's derivative is a column
    # a bold capital times a matrix or a number stays a product
    assert parse_expr(r"\mathbf{A}(2)") == 2 * sp.MatrixSymbol("A", *parse_expr(r"\mathbf{A}").shape)


def test_a_matrix_function_of_a_scalar_is_differentiated_entrywise():
    Y = np.array([[1.0, 2.0], [0.5, -1.0]])
    inst = Instance(values={"t": Val(np.asarray(0.3))},
                    functions={"A": lambda t: Val(np.cos(t.arr)[..., None, None] * Y, True)})
    v = parse_expr(r"\mathbf{A}'(t)")
    assert np.allclose(evaluate(v, inst).arr, -np.sin(0.3) * Y, atol=1e-8)
