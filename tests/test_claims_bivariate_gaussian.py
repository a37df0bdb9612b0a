"""The conditional moments of a bivariate Gaussian (facts red-team sheets state that the
catalog lacked): the reader builds E[X | Y = y] as a number, and the check integrates the
joint density at Y = y, so a regression slope with the standard deviations' ratio upside down
or a residual variance with rho not squared is wrong in the sheet's own letters, given the
event or given the variable."""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text
from cheatsheet.verify.checks.bivariate_gaussian import _conditional_moments
from cheatsheet.verify.evaluate import Val

CLAIMS = ["gauss.bivariate_conditional_mean", "gauss.bivariate_conditional_variance",
          "gauss.bivariate_regression_function", "gauss.bivariate_residual_variance"]


@pytest.mark.parametrize("claim", CLAIMS)
def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails(claim):
    assert_canonical_holds_and_wrong_forms_fail(claim, seed=11)


def test_the_integrated_moments_follow_the_joint_law_far_out_in_the_given_tail():
    # Y observed 20 of its standard deviations out: the grid must still hold X's density there
    # (the truth here is the textbook regression line, which the check itself never uses)
    vals = {"mu_X": 1.0, "mu_Y": -2.0, "sigma_X": 0.5, "sigma_Y": 0.1, "rho": -0.8, "v": 0.0}
    inst = type("I", (), {"values": {k: Val(np.array([x])) for k, x in vals.items()}})()
    m1, m2 = _conditional_moments(inst, "X", "Y", "v", 1)
    slope = -0.8 * 0.5 / 0.1
    assert np.allclose(m1, 1.0 + slope * 2.0, rtol=1e-9)
    assert np.allclose(m2 - m1 ** 2, 0.25 * (1 - 0.64), rtol=1e-7)
    # and given X, the roles swap
    m1, _ = _conditional_moments(inst, "Y", "X", "v", 1)
    assert np.allclose(m1, -2.0 - 0.8 * 0.1 / 0.5 * (0.0 - 1.0), rtol=1e-9)


SHEET = ("# Height and weight\n\n"
         "Jointly normal $(H, W)$, means $a_H, a_W$, spreads $t_H, t_W$, correlation $c$:\n\n"
         "- regression of $W$ on $H$: $MEAN$\n"
         "- its residual variance: $VAR$\n")


def _findings(mean, var):
    text = SHEET.replace("MEAN", mean).replace("VAR", var)
    return {f.claim: f.verdict for f in audit_text(text) if f.claim in CLAIMS}


def test_right_lines_given_the_event_in_other_letters_are_ok():
    assert _findings(r"\mathbb{E}[W \mid H = h] = a_W + c\frac{t_W}{t_H}(h - a_H)",
                     r"\operatorname{Var}(W \mid H = h) = t_W^2(1 - c^2)") == {
        "gauss.bivariate_conditional_mean": "ok", "gauss.bivariate_conditional_variance": "ok"}


def test_slips_given_the_event_are_wrong():
    assert _findings(r"\mathbb{E}[W \mid H = h] = a_W + c\frac{t_H}{t_W}(h - a_H)",
                     r"\operatorname{Var}(W \mid H = h) = t_W^2(1 - c)") == {
        "gauss.bivariate_conditional_mean": "wrong",
        "gauss.bivariate_conditional_variance": "wrong"}


def test_slips_given_the_variable_are_wrong():
    assert _findings(r"\mathbb{E}[W \mid H] = a_W + c\frac{t_H}{t_W}(H - a_H)",
                     r"\operatorname{Var}(W \mid H) = t_W^2(1 - c)") == {
        "gauss.bivariate_regression_function": "wrong",
        "gauss.bivariate_residual_variance": "wrong"}
