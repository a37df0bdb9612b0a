"""A side with no value anywhere on the declared domain, the other side having one on every
instance, is refuted (verify/numeric.py, ``_Nowhere``); a side with a value on part of the
domain is decided where it has one, as before (issue 13: mutants once left as 'error')."""
from __future__ import annotations

import warnings

import numpy as np

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version

TANH = r"\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"


def _decide(latex):
    claim = get_catalog()["tanh.definition"]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=0, key=("nowhere",), symbolic_first=False, thorough=False)


def test_a_side_defined_nowhere_is_refuted():
    ev = _decide(r"\tanh(x) = " + TANH + r" + \sqrt{-x^2 - 1}")
    assert ev.verdict == "refuted" and ev.counterexample
    assert "no value on any" in ev.counterexample["why"]


def test_a_side_defined_on_part_of_the_domain_is_not_refuted_for_it():
    # sqrt(x) - sqrt(x) has a value only for x >= 0, where the sides agree
    ev = _decide(r"\tanh(x) = " + TANH + r" + \sqrt{x} - \sqrt{x}")
    assert ev.verdict != "refuted", ev.detail
