"""A formula that writes a covariance is no independence rule (rivals._erased_by_independence):
red team 18's 'Var(X + Y) = Var(X) + Var(Y) - 2 Cov(X, Y)' held as the rule for independent
variables (whose covariance is 0), and that hold kept the recorded sign typo of the general
rule unchecked."""
from __future__ import annotations

from audit_helpers import audit_text

SHEET = "# Moments\n\n- {}\n"


def test_a_covariance_with_the_wrong_sign_is_wrong():
    line = ("variance of a total: $\\operatorname{Var}(U + W) = \\operatorname{Var}(U) + "
            "\\operatorname{Var}(W) - 2\\operatorname{Cov}(U, W)$")
    f = audit_text(SHEET.format(line))[-1]
    assert (f.verdict, f.claim) == ("wrong", "var.sum_two"), f.reason


def test_the_right_sign_holds():
    line = ("variance of a total: $\\operatorname{Var}(U + W) = \\operatorname{Var}(U) + "
            "\\operatorname{Var}(W) + 2\\operatorname{Cov}(U, W)$")
    assert audit_text(SHEET.format(line))[-1].verdict == "ok"


def test_variances_that_add_without_a_word_of_independence_are_not_wrong():
    # no covariance written: the sheet may mean independent variables (unchanged)
    line = "variance of a total: $\\operatorname{Var}(U + W) = \\operatorname{Var}(U) + \\operatorname{Var}(W)$"
    assert audit_text(SHEET.format(line))[-1].verdict != "wrong"
