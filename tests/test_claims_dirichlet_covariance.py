"""The covariance of two different Dirichlet components (a fact red-team sheets state that the
catalog lacked): decided on the Dirichlet's stick-breaking atoms, so a covariance that lost
its minus sign (components on the simplex compete for one unit of mass) is wrong."""
from __future__ import annotations

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text

CLAIM = "dirichlet.covariance"


def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails():
    assert_canonical_holds_and_wrong_forms_fail(CLAIM, seed=5)


SHEET = ("# Topic proportions\n\n"
         "Dirichlet weights $\\mathbf{w} \\sim \\mathrm{Dir}(\\boldsymbol{\\beta})$ over $M$ topics.\n\n"
         "- for $r \\neq s$: $\\operatorname{Cov}(w_r, w_s) = COV$\n")


def _verdict(cov):
    found = [f.verdict for f in audit_text(SHEET.replace("COV", cov)) if f.claim == CLAIM]
    return found[0] if found else None


def test_the_right_covariance_in_other_letters_is_ok():
    assert _verdict(r"-\frac{\beta_r \beta_s}{(\sum_{m=1}^M \beta_m)^2 (1 + \sum_{m=1}^M \beta_m)}") == "ok"


def test_the_covariance_without_its_minus_sign_is_wrong():
    assert _verdict(r"\frac{\beta_r \beta_s}{(\sum_{m=1}^M \beta_m)^2 (1 + \sum_{m=1}^M \beta_m)}") == "wrong"
