"""Dirichlet moments red-team sheets state that the catalog lacked: the covariance of two
different components, and the mean, variance and covariance written with the total
concentration (alpha_0, the sum of the alphas).  Decided on the Dirichlet's stick-breaking
atoms, with the total computed from the law's own parameters, so a covariance that lost its
minus sign (components on the simplex compete for one unit of mass) is wrong."""
from __future__ import annotations

import pytest

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text, claim_verdict

CLAIMS = ["dirichlet.covariance", "dirichlet.mean_total", "dirichlet.variance_total",
          "dirichlet.covariance_total"]


@pytest.mark.parametrize("claim", CLAIMS)
def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails(claim):
    assert_canonical_holds_and_wrong_forms_fail(claim, seed=5)


def test_the_total_is_the_sum_of_the_parameters_never_a_free_number():
    # alpha_0 is computed: the mean is the ratio to it, and nothing else stands in for it
    assert claim_verdict("dirichlet.mean_total", r"\mathbb{E}[X_k] = \frac{\alpha_k}{\alpha_0}",
                         seed=2) == "passed"
    assert claim_verdict("dirichlet.mean_total",
                         r"\mathbb{E}[X_k] = \frac{\alpha_k}{\alpha_0 + \alpha_k}",
                         seed=2) == "refuted"


SHEET = ("# Topic proportions\n\n"
         "Dirichlet weights $\\mathbf{w} \\sim \\mathrm{Dir}(\\boldsymbol{\\beta})$ over $M$ topics.\n\n"
         "- Dirichlet covariance, for $r \\neq s$: $\\operatorname{Cov}(w_r, w_s) = COV$\n")


def _verdicts(cov):
    return [f.verdict for f in audit_text(SHEET.replace("COV", cov))
            if f.claim in ("dirichlet.covariance", "dirichlet.covariance_total")]


def test_the_right_covariance_in_other_letters_is_ok():
    assert _verdicts(r"-\frac{\beta_r \beta_s}{(\sum_{m=1}^M \beta_m)^2 (1 + \sum_{m=1}^M \beta_m)}") == ["ok"]


def test_the_covariance_without_its_minus_sign_is_wrong():
    assert _verdicts(r"\frac{\beta_r \beta_s}{(\sum_{m=1}^M \beta_m)^2 (1 + \sum_{m=1}^M \beta_m)}") == ["wrong"]


def test_with_the_total_written_as_alpha_0_a_slip_is_wrong_and_the_right_form_ok():
    sheet = SHEET.replace("\\beta", "\\alpha")

    def verdicts(cov):
        return [f.verdict for f in audit_text(sheet.replace("COV", cov))
                if (f.claim or "").startswith("dirichlet.")]
    assert verdicts(r"-\frac{\alpha_r \alpha_s}{\alpha_0^2 (1 + \alpha_0)}") == ["ok"]
    assert verdicts(r"\frac{\alpha_r \alpha_s}{\alpha_0^2 (1 + \alpha_0)}") == ["wrong"]
