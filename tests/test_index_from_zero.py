"""A relation that fits only when entries are counted from 0 is evaluated whole that way
(verify/index_base.py ``from_zero``, verify/numeric.py): a consistent 0-based sheet line
holds, and a line wrong under both counts is refuted instead of left undecided (issue 13's
mutant sum_{i=0}^{m-1} of a sum that runs over m - 1 terms from 1)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version


def _check(claim_id, latex):
    claim = get_catalog()[claim_id]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=0, key=("from-zero",), symbolic_first=False, thorough=False)


@pytest.mark.parametrize("claim_id,latex", [
    ("mle.bernoulli", r"\hat{p} = \frac{1}{n} \sum_{i=0}^{n-1} x_i"),
    ("cauchy_schwarz.sums", r"\left(\sum_{i=0}^{n-1} x_i y_i\right)^2 \leq "
                            r"\left(\sum_{i=0}^{n-1} x_i^2\right)\left(\sum_{i=0}^{n-1} y_i^2\right)"),
    ("mlp.piecewise_linear_relu_sum",
     r"g(x) = ax + b + \sum_{i=0}^{m-2} c_i \max\{0, x - \xi_i\}"),
])
def test_a_consistent_line_counting_from_0_holds(claim_id, latex):
    assert _check(claim_id, latex).verdict == "passed"


@pytest.mark.parametrize("claim_id,latex", [
    # from 1, c_0 does not exist; from 0 the sum takes one term too many
    ("mlp.piecewise_linear_relu_sum",
     r"g(x) = ax + b + \sum_{i=0}^{m-1} c_i \max\{0, x - \xi_i\}"),
    # from 1, x_0 does not exist; from 0 the sum leaves out the last entry
    ("mle.bernoulli", r"\hat{p} = \frac{1}{n} \sum_{i=0}^{n-2} x_i"),
])
def test_a_line_wrong_under_both_counts_is_refuted_saying_how_it_was_read(claim_id, latex):
    ev = _check(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample
    assert "counted from 0" in ev.counterexample["entries"]
