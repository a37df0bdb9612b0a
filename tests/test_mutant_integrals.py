"""Divergent integrals among mutants (issue 13, part 2): an integrand that does not tend to 0 at
an infinite end (SymPy's limit, confirmed on the instances) gives an integral with no value, and
the formula is refuted with that reason.  Before, quadrature overflowed on every instance and the
check ended in 'error' (no instance left)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.claims import Claim
from cheatsheet.quiz.mutate import mutations
from cheatsheet.verify.check import check_version, verify_claim


def _decide(claim, latex):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=0, key=("mutant",), symbolic_first=False, thorough=False)


MUTANTS = [
    ("integral.gaussian", r"\int_{-\infty}^{\infty} e^{x^2} \, dx = \sqrt{\pi}"),
    ("integral.gaussian", r"\int_{-\infty}^{\infty} e^{-x^{3}} \, dx = \sqrt{\pi}"),
    ("integral.gaussian", r"\int_{-\infty}^{\infty} e^{-x} \, dx = \sqrt{\pi}"),
    ("integral.gaussian_scaled", r"\int_{-\infty}^{\infty} e^{a x^2} \, dx = \sqrt{\frac{\pi}{a}}"),
    ("integral.gaussian_scaled", r"\int_{-\infty}^{\infty} e^{-a x^{3}} \, dx = \sqrt{\frac{\pi}{a}}"),
    ("integral.gaussian_scaled", r"\int_{-\infty}^{\infty} e^{-a x} \, dx = \sqrt{\frac{\pi}{a}}"),
    ("gammafn.integral", r"\Gamma(x) = \int_0^\infty t^{x-1} e^{t} \, dt"),
]


@pytest.mark.parametrize("claim_id,latex", MUTANTS, ids=[f"{c}#{k}" for k, (c, _) in enumerate(MUTANTS)])
def test_a_divergent_integral_is_refuted(claim_id, latex):
    ev = _decide(get_catalog()[claim_id], latex)
    assert ev.verdict == "refuted" and "diverges" in ev.counterexample["why"], (ev.verdict, ev.detail)


def test_recorded_mutants_are_the_quiz_operators_own():
    cat = get_catalog()
    for claim_id, latex in MUTANTS:
        assert latex in {m.latex for m in mutations(cat[claim_id].latex)}, (claim_id, latex)


def _claim(latex, symbols):
    return Claim.from_dict({"id": "t.int", "title": "t", "latex": latex, "symbols": symbols}, "t")


@pytest.mark.parametrize("latex,symbols", [
    (r"\int_{-\infty}^{\infty} \frac{1}{1 + x^2} \, dx = \pi", {}),  # a slow, convergent tail
    (r"\int_0^{\infty} e^{-a t} \, dt = \frac{1}{a}", {"a": "positive"}),
    (r"\int_0^{\infty} \frac{1}{(1 + t)^2} \, dt = 1", {}),
])
def test_a_convergent_integral_over_an_infinite_range_holds(latex, symbols):
    assert verify_claim(_claim(latex, symbols)).verdict in ("proved", "passed")


def test_an_integrand_that_decays_for_some_parameter_values_is_not_called_divergent():
    # e^{a t} tends to 0 for a < 0 and to infinity for a > 0: SymPy's limit alone does not
    # decide it, the instances must show the integrand far from 0 on every trial
    claim = _claim(r"\int_0^{\infty} e^{a t} \, dt = -\frac{1}{a}", {"a": "real"})
    ev = _decide(claim, claim.latex)
    assert "diverges" not in str(ev.counterexample or "")
