"""A derivative by a transposed variable, ``\\frac{\\partial f}{\\partial \\mathbf{x}^T}`` (issue 13):
in denominator layout it is the derivative by x in numerator layout (Magnus & Neudecker's D f:
a row for a scalar f, the m x n Jacobian for f in R^m, a gradient shaped like X^T), and reader,
``ops.partial_shape`` and evaluator agree on it; in numerator layout it is read two ways and
left unread; a tensor by a transposed matrix has no layout."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
import sympy as sp

from cheatsheet import ops
from cheatsheet.catalog import get_catalog
from cheatsheet.latex import LatexError, parse, parse_expr
from cheatsheet.symbols import Declarations
from cheatsheet.verify.check import check_version
from cheatsheet.verify.custom import stream
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler

n = sp.Symbol("n", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)
S = {"a": "vector(n)", "x": "vector(n)", "n": "dim", "A": "matrix(m, n)", "m": "dim",
     "B": "square(n)", "X": "matrix(m, n)", "C": "square(n)"}


def decide(latex, layout="denominator", symbols=S):
    d = Declarations.from_mapping(symbols)
    stmt = parse(latex, d, layout=layout)
    return check_numeric(stmt, Sampler(d), stream(0, latex), NumericOptions(layout=layout), seed=0)


@pytest.mark.parametrize("latex, shape", [
    (r"\frac{\partial \mathbf{a}^T \mathbf{x}}{\partial \mathbf{x}^T}", (1, n)),
    (r"\frac{\partial \mathbf{A} \mathbf{x}}{\partial \mathbf{x}^T}", (m, n)),
    (r"\frac{\partial \mathbf{a}^T \mathbf{X}^T \mathbf{X} \mathbf{a}}{\partial \mathbf{X}^T}", (n, m)),
])
def test_sizes_in_denominator_layout_are_numerator_layout_by_x(latex, shape):
    v = parse_expr(latex, S, layout="denominator")
    assert tuple(v.shape) == shape
    assert v.operands[1] == sp.MatrixSymbol("x", n, 1) or v.operands[1].name == "X"
    assert v.operands[2].name == "numerator"


@pytest.mark.parametrize("latex, verdict", [
    (r"\frac{\partial \mathbf{a}^T \mathbf{x}}{\partial \mathbf{x}^T} = \mathbf{a}^T", "passed"),
    (r"\frac{\partial \mathbf{a}^T \mathbf{x}}{\partial \mathbf{x}^T} = \mathbf{a}", "refuted"),
    (r"\frac{\partial \mathbf{B} \mathbf{x}}{\partial \mathbf{x}^T} = \mathbf{B}", "passed"),
    (r"\frac{\partial \mathbf{B} \mathbf{x}}{\partial \mathbf{x}^T} = \mathbf{B}^T", "refuted"),
    (r"\frac{\partial \mathbf{x}^T \mathbf{B} \mathbf{x}}{\partial \mathbf{x}^T} = "
     r"\mathbf{x}^T (\mathbf{B} + \mathbf{B}^T)", "passed"),
    (r"\frac{\partial \mathbf{a}^T \mathbf{X}^T \mathbf{X} \mathbf{a}}{\partial \mathbf{X}^T} = "
     r"2 \mathbf{a} \mathbf{a}^T \mathbf{X}^T", "passed"),
    (r"\frac{\partial \mathbf{a}^T \mathbf{X}^T \mathbf{X} \mathbf{a}}{\partial \mathbf{X}^T} = "
     r"2 \mathbf{X} \mathbf{a} \mathbf{a}^T", "refuted"),
])
def test_values_agree_with_the_sizes(latex, verdict):
    assert decide(latex).verdict == verdict


def test_the_t_of_a_transposed_variable_is_no_index():
    """A letter superscript on a variable of differentiation is an index (``\\partial z^l``),
    but ``^T`` is the transpose: X^2 beside it stays a power."""
    tr = r"\frac{\partial}{\partial \mathbf{X}^T} \text{Tr}(\mathbf{X}^2) = "
    sym = {"X": "square(n)", "n": "dim"}
    assert decide(tr + r"2 \mathbf{X}", symbols=sym).verdict == "passed"
    assert decide(tr + r"2 \mathbf{X}^T", symbols=sym).verdict == "refuted"


def test_numerator_layout_leaves_it_unread_with_the_reason():
    with pytest.raises(LatexError, match="read two ways"):
        parse_expr(r"\frac{\partial \mathbf{a}^T \mathbf{x}}{\partial \mathbf{x}^T}", S,
                   layout="numerator")


def test_a_vector_by_a_transposed_matrix_has_no_layout():
    with pytest.raises(LatexError, match="transposed matrix"):
        parse_expr(r"\frac{\partial \mathbf{X} \mathbf{a}}{\partial \mathbf{X}^T}", S)


def test_one_home_for_the_rule():
    x = sp.MatrixSymbol("x", n, 1)
    assert ops.by_transposed((), x.T, "denominator") == (x, "numerator")
    assert ops.by_transposed((), x, "denominator") == (x, "denominator")
    assert isinstance(ops.by_transposed((), x.T, "numerator"), str)


@pytest.mark.parametrize("layout", ["denominator", "numerator"])
def test_hessian_written_by_x_and_x_transposed(layout):
    for dens in (r"\partial \mathbf{x} \partial \mathbf{x}^T", r"\partial \mathbf{x}^T \partial \mathbf{x}"):
        head = rf"\frac{{\partial^2 \mathbf{{x}}^T \mathbf{{C}} \mathbf{{x}}}}{{{dens}}}"
        assert decide(head + r" = \mathbf{C} + \mathbf{C}^T", layout).verdict == "passed"
        assert decide(head + r" = 2 \mathbf{C}", layout).verdict == "refuted"


# Mutants of derivative claims that add a transpose in a denominator: all once survivors (an
# evaluation error), now refuted.
MUTANTS = [
    ("deriv.product.scalar", r"\frac{\partial}{\partial \mathbf{x}^T} [u(\mathbf{x}) v(\mathbf{x})] = u(\mathbf{x}) \frac{\partial v(\mathbf{x})}{\partial \mathbf{x}} + v(\mathbf{x}) \frac{\partial u(\mathbf{x})}{\partial \mathbf{x}}"),
    ("deriv.quadratic.form", r"\frac{\partial}{\partial \mathbf{x}^T} [\mathbf{x}^T \mathbf{A} \mathbf{x}] = (\mathbf{A} + \mathbf{A}^T) \mathbf{x}"),
    ("deriv.sm.trace_axb", r"\frac{\partial}{\partial \mathbf{X}^T} [\text{Tr}(\mathbf{A} \mathbf{X} \mathbf{B})] = \mathbf{A}^T \mathbf{B}^T"),
    ("deriv.sm.trace_square", r"\frac{\partial}{\partial \mathbf{X}^T} \text{Tr}(\mathbf{X}^2) = 2 \mathbf{X}^T"),
]


@pytest.mark.parametrize("claim_id, latex", MUTANTS)
def test_a_transpose_added_in_a_denominator_is_refuted(claim_id, latex):
    claim = get_catalog()[claim_id]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        ev = check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                           seed=0, key=("mutant",), symbolic_first=False, thorough=False)
    assert ev.verdict == "refuted" and ev.counterexample, (claim_id, ev.verdict, ev.detail)
