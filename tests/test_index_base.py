"""Indices outside a vector (issue 13 part 2, issue 9 part 2): refuted as not well-formed only
when no count of the entries, from 1 or from 0, makes every index fit (verify/index_base.py);
a form that fits counted from 0 is never refuted.  Also: a function of a column vector given a
row, and the inverse of a non-square matrix, are size mismatches."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.latex import parse_expr
from cheatsheet.symbols import Declarations
from cheatsheet.verify.check import check_version
from cheatsheet.verify.evaluate import EvalError, Evaluator, Instance, ShapeError, Val
from cheatsheet.verify.index_base import IndexRangeError

DECLS = Declarations.from_mapping({"n": "dim", "x": "vector(n)", "t": "natural",
                                   "i": "index(n)", "A": "matrix(n, n)", "B": "matrix(n, 2)"})


def _inst(n=3, **scalars):
    rng = np.random.default_rng(0)
    values = {"x": Val(rng.normal(size=(2, n, 1)), True), "n": Val(np.full(2, float(n))),
              "A": Val(rng.normal(size=(2, n, n)), True), "B": Val(rng.normal(size=(2, n, 2)), True)}
    values.update({k: Val(np.asarray(v, float)) for k, v in scalars.items()})
    return Instance(values, dims={"n": n}, index_ranges={"i": "n"})


def _ev(latex, **scalars):
    return Evaluator(_inst(**scalars))(parse_expr(latex, DECLS))


def _check(claim_id, latex):
    claim = get_catalog()[claim_id]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=0, key=("index-base",), symbolic_first=False, thorough=False)


@pytest.mark.parametrize("latex", [r"\sum_{i=1}^{n+1} x_i", r"\sum_{i=0}^{n} x_i",
                                   r"\sum_{i=1}^{n} x_i + x_0", r"\sum_{i=2}^{n+2} x_{i-2}"])
def test_an_index_outside_under_both_counts_is_not_well_formed(latex):
    with pytest.raises(IndexRangeError) as err:
        _ev(latex)
    assert isinstance(err.value, ShapeError)
    assert "no way of counting the entries fits every index" in str(err.value)


def test_the_reason_names_the_index_and_the_size_in_words():
    with pytest.raises(IndexRangeError) as err:
        _ev(r"\sum_{i=1}^{n+1} x_i")
    assert str(err.value).startswith("x_{n+1} is past the end of x, which has n = 3 entries")


@pytest.mark.parametrize("latex", [r"\sum_{i=0}^{n-1} x_i", r"x_0 + x_{n-1}",
                                   r"\sum_{i=0}^{n-1} A_{i,0}", r"x_{i} + \sum_{j=0}^{n-1} x_j",
                                   r"\sum_{i=2}^{n+1} x_{i-2}"])
def test_a_form_that_fits_counted_from_0_is_never_refuted(latex):
    # the free index i is given as a check gives it, counted from 1 (here its last value, n):
    # read from 0 it is n - 1, the last entry too, so x_i + sum_{j=0}^{n-1} x_j fits
    with pytest.raises(EvalError) as err:
        _ev(latex, i=3)
    assert not isinstance(err.value, ShapeError)
    assert "counted from 0" in str(err.value)


def test_a_form_that_fits_counted_from_1_is_evaluated_as_before():
    inst = _inst()
    got = Evaluator(inst)(parse_expr(r"\sum_{i=1}^{n} x_i", DECLS)).arr
    assert np.allclose(got, inst.values["x"].arr.sum(axis=(-1, -2)))


def test_an_index_made_of_a_sampled_value_is_no_finding():
    # t is a sampled natural, not a size or a declared index: x_{t} past the end may be the
    # instance's doing, so nothing is concluded
    with pytest.raises(EvalError) as err:
        _ev(r"x_{t} + \sum_{i=0}^{n} x_i", t=7)
    assert not isinstance(err.value, ShapeError)


@pytest.mark.parametrize("claim_id,latex", [
    ("mle.bernoulli", r"\hat{p} = \frac{1}{n} \sum_{i=0}^{n-1} x_i"),
    ("softmax.definition",
     r"\text{softmax}(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=0}^{n-1} e^{z_j}}"),
    ("cauchy_schwarz.sums", r"\left(\sum_{i=0}^{n-1} x_i y_i\right)^2 \leq "
                            r"\left(\sum_{i=0}^{n-1} x_i^2\right)\left(\sum_{i=0}^{n-1} y_i^2\right)"),
])
def test_a_consistent_sheet_counting_from_0_is_not_refuted(claim_id, latex):
    ev = _check(claim_id, latex)
    assert ev.verdict != "refuted", ev.counterexample


@pytest.mark.parametrize("claim_id,latex", [
    ("mle.bernoulli", r"\hat{p} = \frac{1}{n} \sum_{i=1}^{n+1} x_i"),
    ("softmax.definition", r"\text{softmax}(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=0}^{n} e^{z_j}}"),
    ("graph.degree", r"d_m = \sum_{n=0}^M A_{nm}"),
])
def test_a_real_out_of_range_form_is_refuted_with_its_reason(claim_id, latex):
    ev = _check(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample
    assert "no way of counting the entries fits every index" in ev.counterexample["why"]


def test_a_function_of_a_column_given_a_row_is_not_well_formed():
    ev = _check("convex.first_order",
                r"f(\mathbf{y}^T) \geq f(\mathbf{x}) + \nabla f(\mathbf{x})^T (\mathbf{y} - \mathbf{x})")
    assert ev.verdict == "refuted" and "takes a column vector" in ev.counterexample["why"]


def test_the_inverse_of_a_non_square_matrix_is_a_size_mismatch():
    from sympy import Determinant, Inverse

    B = parse_expr("B", DECLS)
    for e in (Inverse(B), Determinant(B)):
        with pytest.raises(ShapeError, match="only a square matrix"):
            Evaluator(_inst())(e)
