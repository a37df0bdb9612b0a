"""A hold whose two sides are 0 in every trial is not credited (constant_sides.py),
unless the claim's own form is such an identity of constants."""
import warnings

import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.audit.constant_sides import REASON, unless_vacuous
from cheatsheet.verify.audit.readings import Reading
from cheatsheet.verify.check import check_version
from cheatsheet.verify.constancy import Constancy
from cheatsheet.verify.evaluate import Val

import numpy as np


def _check(claim, latex):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=3, key=("test",), symbolic_first=False, thorough=False)


def _outcome(claim, latex):
    ev = _check(claim, latex)
    reading = Reading(latex, claim.declarations, (claim.layout,), list(claim.assume), {}, {})
    return ("cand", "holds" if ev.holds else "refuted", ev, "", reading)


@pytest.fixture(scope="module")
def catalog():
    return get_catalog()


def test_derivative_by_a_letter_nothing_depends_on_is_not_credited(catalog):
    claim = catalog["shapley.weights"]  # phi is a vector of values, j no letter of it
    out = _outcome(claim, r"\frac{\partial \phi}{\partial j} = 0")
    assert out[1] == "holds" and out[2].constant_sides
    after = unless_vacuous(out, lambda: _check(claim, claim.latex))
    assert after[1] == "undecided" and after[3] == REASON


def test_a_claim_of_constants_keeps_its_holds(catalog):
    claim = catalog["cov.independent_zero"]  # Cov(X, Y) = 0: both sides 0, by the claim
    out = _outcome(claim, r"\operatorname{Cov}(Y, X) = 0")
    assert out[1] == "holds" and out[2].constant_sides
    assert unless_vacuous(out, lambda: _check(claim, claim.latex)) is out


def test_a_hold_comparing_varying_values_stands(catalog):
    claim = catalog["cov.independent_zero"]
    out = _outcome(claim, r"\operatorname{Cov}(X + Y, Y) = \operatorname{Var}(Y)")
    assert out[1] == "holds" and not out[2].constant_sides
    assert unless_vacuous(out, lambda: _check(claim, claim.latex)) is out


def test_constancy_tells_one_number_from_several():
    same = Constancy()
    same.see(Val(np.zeros(5)), Val(np.zeros(5)), 5)
    assert same.constant and same.zero
    ones = Constancy()  # d(w + b)/db = 1: one number, but a typo would change it
    ones.see(Val(np.ones(5)), Val(np.ones(5)), 5)
    assert ones.constant and not ones.zero
    varying = Constancy()
    varying.see(Val(np.zeros(5)), Val(np.arange(5.0)), 5)
    assert not varying.constant
