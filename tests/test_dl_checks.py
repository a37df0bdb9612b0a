"""The deep-learning checks' own machinery: derivatives of a constructed model substituted into a
formula, the row/column rearrangement predicates, and the unit perplexity's entropy is read in."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations
from cheatsheet.verify.checks.graphs import _rearranges
from cheatsheet.verify.checks.language import _entropy_base
from cheatsheet.verify.checks.nn import with_derivatives
from cheatsheet.verify.evaluate import Val

CHAIN = r'\frac{\partial R}{\partial h_j} = \sum_{i=1}^{m} \frac{\partial R}{\partial x_i} \frac{\partial x_i}{\partial h_j}'
DECLS = {"R": "real", "h": "vector(K)", "x": "vector(m)", "j": "natural", "m": "dim", "K": "dim"}


def test_with_derivatives_indexes_by_numerator_then_denominator():
    stmt = parse(CHAIN, Declarations.from_mapping(DECLS))
    out = with_derivatives(stmt, {("R", "h"): "dR_dh", ("R", "x"): "dR_dx", ("x", "h"): "dx_dh"})
    rel = out.relations[0]
    assert not rel.lhs.atoms(sp.Derivative) and not rel.rhs.atoms(sp.Derivative)
    assert str(rel.lhs) == "dR_dh[j]"
    entries = {str(e) for e in rel.rhs.atoms(sp.Indexed)}
    assert entries == {"dR_dx[i]", "dx_dh[i, j]"}


def test_with_derivatives_leaves_unlisted_derivatives_of_what_the_model_does_not_compute():
    # x is the model's output here, R is not: dR/dx_i stays for the engine
    stmt = parse(CHAIN, Declarations.from_mapping(DECLS))
    out = with_derivatives(stmt, {("x", "h"): "dx_dh"})
    assert len(out.relations[0].rhs.atoms(sp.Derivative)) == 1


def test_with_derivatives_refuses_an_output_s_derivative_it_does_not_supply():
    # R is an output whose derivatives by x the table does not give: the engine would take R
    # for a constant (dR/dx_i = 0), so the formula is not evaluated at all
    from cheatsheet.verify.arrays import EvalError

    stmt = parse(CHAIN, Declarations.from_mapping(DECLS))
    with pytest.raises(EvalError, match="not the derivative of R"):
        with_derivatives(stmt, {("R", "h"): "dR_dh"})


def _val(a):
    return Val(np.asarray(a, float)[None], True)


@pytest.mark.parametrize("axis,perm,expected", [
    (0, lambda X: X[[2, 0, 1]], 1.0),        # rows in another order
    (1, lambda X: X[[2, 0, 1]], 0.0),        # ... are not a column rearrangement
    (1, lambda X: X[:, [1, 0]], 1.0),        # columns in another order
    (0, lambda X: X[:, [1, 0]], 0.0),
    (1, lambda X: X.T, 0.0),                 # another shape is never a rearrangement
    (0, lambda X: X + 1e-3, 0.0),            # other numbers
])
def test_rearrangement_predicates(axis, perm, expected):
    X = np.random.default_rng(0).normal(size=(3, 2))
    got = _rearranges(axis)(_val(perm(X)), _val(X)).arr
    assert got.tolist() == [expected]


@pytest.mark.parametrize("latex,base", [
    (r'\text{PPL} = 2^{H}', 2.0),
    (r'\text{PPL} = 10^{H}', 10.0),
    (r'\text{PPL} = e^{H}', np.e),
    (r'\text{PPL} = e^{-H}', np.e),
    (r'\text{PPL} = \exp(H)', np.e),
])
def test_perplexity_reads_entropy_in_the_base_it_is_raised_to(latex, base):
    stmt = parse(latex, Declarations.from_mapping({"PPL": "positive", "H": "real"}))
    assert _entropy_base(stmt) == pytest.approx(base)
