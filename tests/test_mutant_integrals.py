"""Divergent integrals and expectations among mutants (issue 13, part 2): an integrand that does
not tend to 0 at an infinite end (SymPy's limit, confirmed on the instances), or a variable that
is infinite with positive probability under a finite law, gives a value that does not exist, and
the formula is refuted with that reason.  Before, quadrature or the atoms overflowed on every
instance and the check ended in 'error' (no instance left)."""
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


EXPECTATIONS = [
    ("dropout.inverted_mean", r"\mathbb{E}\left[\frac{p}{m h}\right] = h"),
    ("dropout.inverted_variance", r"\operatorname{Var}\left(\frac{p}{m h}\right) = \frac{1 - p}{p} h^2"),
    ("estimator.sample_variance_unbiased", r"\mathbb{E}\left[\frac{1}{n - 1} \sum_{i=1}^n (X_i - \bar{X})^{-2}\right] = \sigma^2"),
]


@pytest.mark.parametrize("claim_id,latex", EXPECTATIONS, ids=[c for c, _ in EXPECTATIONS])
def test_an_expectation_of_a_variable_infinite_with_positive_probability_is_refuted(claim_id, latex):
    cat = get_catalog()
    assert latex in {m.latex for m in mutations(cat[claim_id].latex)}
    ev = _decide(cat[claim_id], latex)
    assert ev.verdict == "refuted" and "infinite with positive probability" in \
        ev.counterexample["why"], (ev.verdict, ev.detail)


def test_a_singularity_between_the_nodes_of_a_density_is_not_called_infinite():
    # 1/|X| for a normal X is integrable nowhere near an atom: the nodes of a density are not
    # its atoms, so the mechanism leaves it to the comparison
    claim = _claim(r"\mathbb{E}[X^2] = \mu^2 + \sigma^2",
                   {"X": "Normal(mu, sigma^2)", "mu": "real", "sigma": "positive"})
    assert _decide(claim, claim.latex).verdict == "passed"
    ev = _decide(claim, r"\mathbb{E}\left[\frac{1}{X - \mu}\right] = 0")
    assert "infinite with positive probability" not in str(ev.counterexample or "")
