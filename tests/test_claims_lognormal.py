"""The log-normal law's density, mean and variance (facts red-team sheets state that the
catalog lacked): decided on Gauss-Hermite atoms of exp(mu + sigma Z) and SciPy's density, so
a slip in e^{mu + sigma^2/2} or in the variance is wrong in the sheet's own letters."""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text
from cheatsheet.verify.checks.distributions import LAWS

CLAIMS = ["lognormal.pdf", "lognormal.mean", "lognormal.variance"]


def test_the_atoms_give_the_moments_of_exp_of_a_normal():
    mu, sigma = np.array([0.3, -1.0]), np.array([1.2, 0.4])
    atoms, probs = LAWS["lognormal"].atoms((mu, sigma), 2)
    second = (atoms ** 2 * probs).sum(axis=1)
    assert np.allclose(second, np.exp(2 * mu + 2 * sigma ** 2), rtol=1e-9)


@pytest.mark.parametrize("claim", CLAIMS)
def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails(claim):
    assert_canonical_holds_and_wrong_forms_fail(claim, seed=7)


SHEET = ("# Multiplicative noise\n\n"
         "- Log-normal mean: $\\mathbb{E}[V] = MEAN$\n"
         "- Log-normal variance: $\\operatorname{Var}(V) = VAR$\n")


def _findings(mean, var):
    text = SHEET.replace("MEAN", mean).replace("VAR", var)
    return {f.claim: f.verdict for f in audit_text(text) if f.claim in CLAIMS}


def test_right_lines_in_other_letters_are_ok():
    assert _findings(r"e^{a + b^2/2}", r"(e^{b^2} - 1)e^{2a + b^2}") == {
        "lognormal.mean": "ok", "lognormal.variance": "ok"}


def test_slips_are_wrong():
    assert _findings(r"e^{a + b^2}", r"(e^{b^2} - 1)e^{a + b^2}") == {
        "lognormal.mean": "wrong", "lognormal.variance": "wrong"}
