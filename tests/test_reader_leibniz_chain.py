"""Leibniz's chain rule as the sheets write it: ``\\frac{\\partial \\mathbf{f}}{\\partial \\mathbf{g}}``
is the derivative of f by its argument, taken at g's value, the point where the formula applies g
(the left side's f(g(x))).  Before, any derivative by a function name was unreadable."""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet import ops
from cheatsheet.latex import LatexError, parse
from cheatsheet.symbols import Declarations
from cheatsheet.verify import scope
from cheatsheet.verify.evaluate import Instance, Val, evaluate

DECLS = Declarations.from_mapping({"x": "vector(3)", "f": "vecfunction(3, 3)",
                                   "g": "vecfunction(3, 3)", "h": "vecfunction(3, 3)"})
F = np.array([[1.0, -2.0, 0.3], [0.5, 0.3, -1.0], [-1.5, 2.0, 0.7]])
G = np.array([[0.4, 1.1, -0.6], [-0.8, 0.2, 0.9], [1.3, -0.5, 0.1]])
H = np.array([[0.9, -0.3, 0.2], [0.1, 0.6, -1.2], [-0.4, 0.8, 0.5]])
LHS2 = r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{f}(\mathbf{g}(\mathbf{x}))] = "
LHS3 = r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{f}(\mathbf{g}(\mathbf{h}(\mathbf{x})))] = "
DF = r"\frac{\partial \mathbf{f}}{\partial \mathbf{g}}"
DG = r"\frac{\partial \mathbf{g}}{\partial \mathbf{x}}"


def _sides(latex, layout="numerator"):
    st = parse(latex, DECLS, layout=layout)
    (rel,) = st.relations
    inst = Instance(values={"x": Val(np.array([[0.2], [-0.4], [0.7]]), True)},
                    functions={n: (lambda M: lambda v: Val(np.tanh(M @ v.arr), True))(M)
                               for n, M in (("f", F), ("g", G), ("h", H))},
                    layout=layout)
    return evaluate(rel.lhs, inst).arr, evaluate(rel.rhs, inst).arr


@pytest.mark.parametrize("latex, layout, holds", [
    (LHS2 + DF + " " + DG, "numerator", True),
    (LHS2 + DG + " " + DF, "numerator", False),
    (LHS2 + DG + " " + DF, "denominator", True),
    (LHS3 + DF + r" \frac{\partial \mathbf{g}}{\partial \mathbf{h}} \frac{\partial \mathbf{h}}"
            r"{\partial \mathbf{x}}", "numerator", True),
    (LHS3 + DF + r" \frac{\partial \mathbf{h}}{\partial \mathbf{x}} \frac{\partial \mathbf{g}}"
            r"{\partial \mathbf{h}}", "numerator", False),
])
def test_the_outer_factor_is_taken_at_the_inner_value(latex, layout, holds):
    lhs, rhs = _sides(latex, layout)
    assert np.allclose(lhs, rhs, atol=1e-5) == holds


def test_the_point_is_bound_where_the_formula_applies_g():
    st = parse(LHS2 + DF + " " + DG, DECLS, layout="numerator")
    (at,) = [n for n in st.relations[0].rhs.atoms(ops.MatApply) if n.op == "at"]
    assert str(at.operands[2]) == "call(g(x))"
    assert not scope.problems(st, scope.vocabulary(DECLS, None))  # the placeholder is bound


def test_an_intermediate_the_left_side_never_composes_is_undefined():
    """d/dx f(g(x)) = df/dg dg/dh dh/dx (two sheets): h is read, sized as g's argument, and
    the left side applies g to x, not to h, so the line is not well-formed; the reason says
    which composition the factor belongs to."""
    decls = Declarations.from_mapping({"x": "vector(3)", "f": "vecfunction(3, 3)",
                                       "g": "vecfunction(3, 3)"})
    st = parse(LHS2 + DF + r" \frac{\partial \mathbf{g}}{\partial \mathbf{h}} \frac{\partial "
               r"\mathbf{h}}{\partial \mathbf{x}}", decls, layout="numerator")
    problems = scope.problems(st, scope.vocabulary(decls, None))
    assert problems and "g is not a function of h" in problems[0]


@pytest.mark.parametrize("latex", [
    DF,  # g applied nowhere: no point to take the derivative at
    r"\frac{\partial \mathbf{f}}{\partial \mathbf{g}} = \mathbf{g}(\mathbf{x}) + \mathbf{g}(2 \mathbf{x})",
    r"\frac{\partial u}{\partial \mathbf{g}} \mathbf{g}(\mathbf{x})",  # u is no declared function
])
def test_no_point_or_no_function_is_refused(latex):
    with pytest.raises(LatexError):
        parse(latex, DECLS, layout="numerator")


def test_a_value_differentiated_as_a_function_is_still_refused():
    """Only a name the formula differentiates by (the intermediate h of dg/dh dh/dx) is read
    again as that variable; a factor f before df/dx stays a clash of readings."""
    with pytest.raises(LatexError, match="called like a function"):
        parse(r"f \frac{\partial f}{\partial x} = 1")
