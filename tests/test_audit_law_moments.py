"""A conditional normal law written with its moments (verify/audit/law_moments.py).

``q(\\beta \\mid Z, t) = \\mathcal{N}(m, R)`` says the posterior mean is m and the covariance R;
the catalog states such moments as equations of their own. Each moment is read as the claims
stating it: a mean surely wrong makes the law wrong; a law is ok only when both moments hold;
a likelihood or a law whose moments no claim states stays unchecked. Letters are our own.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.law_moments import normal_moments

SHEET = """# Bayesian regression of targets t on the rows of Z

Prior $\\beta \\sim \\mathcal{{N}}(0, R)$ with noise variance $\\tau^2$.

$P^{{-1}} = R^{{-1}} + \\frac{{1}}{{\\tau^2}} Z Z^\\top$

${law}$
"""


def _law(law: str):
    return audit_text(SHEET.format(law=law))[-1]


@pytest.mark.parametrize("law", [
    r"q(\beta \mid Z, t) = \mathcal{N}(P^{-1} \frac{1}{\tau^2} Z t, P)",
    r"\beta \mid Z, t \sim \mathcal{N}(P^{-1} \frac{1}{\tau^2} Z t, P)",
    r"q(\beta \mid Z, t) = \mathcal{N}(\beta; P^{-1} \frac{1}{\tau^2} Z t, P)",
])
def test_a_posterior_mean_written_with_the_precision_is_wrong(law):
    f = _law(law)
    assert f.verdict == "wrong", f.reason
    assert f.claim == "blr.posterior-mean-precision-form"
    assert "mean" in f.reason
    # the right form is the law as the sheet writes it, with the right mean in its place
    assert r"P \frac{1}{\tau^2}" in f.expected and "P^{-1}" not in f.expected
    assert r"\mathcal{N}(" in f.expected and f.expected.endswith(", P)")


@pytest.mark.parametrize("law", [
    r"q(\beta \mid Z, t) = \mathcal{N}(P \frac{1}{\tau^2} Z t, P)",  # right (cov not stated)
    r"q(\beta \mid Z, t) = \mathcal{N}(P \frac{1}{\tau^2} Z t, P^{-1})",  # cov unchecked
    r"q(t \mid Z, \beta) = \mathcal{N}(Z^\top \beta, \tau^2 I)",  # a likelihood
])
def test_a_law_whose_moments_are_not_all_checked_is_not_wrong(law):
    assert _law(law).verdict == "unchecked"


def test_a_predictive_law_with_both_moments_right_is_ok():
    (f,) = audit_text("# GP regression\n\n$g_* \\mid A, b, a_* \\sim \\mathcal{N}("
                      "c_*^\\top (C + s^2 I)^{-1} b, c(a_*, a_*) - c_*^\\top "
                      "(C + s^2 I)^{-1} c_*)$\n")
    assert f.verdict == "ok", f.reason


@pytest.mark.parametrize("latex, moments", [
    (r"p(v \mid D) = \mathcal{N}(a, B)", ("v", "a", "B")),
    (r"v | D \sim N(a + b, c^2)", ("v", "a + b", "c^2")),
    (r"p(v \mid D) = \mathcal{N}(v \mid a, B)", ("v", "a", "B")),
    (r"p(v) = \mathcal{N}(a, B)", None),  # no condition: a prior, not a posterior
    (r"p(v \mid D) = \mathcal{N}(u; a, B)", None),  # the density of another variable
    (r"p(v \mid D) = \mathcal{N}(a, B) + c", None),  # more than the law
    (r"p(v \mid D) = \text{Beta}(a, b)", None),  # parameters that are no moments
])
def test_which_formulas_write_a_conditional_normal_law(latex, moments):
    assert normal_moments(latex) == moments


def test_a_prior_stated_before_the_posterior_is_its_premise():
    """The prior written first on the formula is split off (clauses.py) and, being the law of
    the posterior's own variable, does not stop the moments' check (a law of another letter
    there would: the check cannot impose it)."""
    wrong = _law(r"\beta \sim \mathcal{N}(0, R), \quad "
                 r"q(\beta \mid Z, t) = \mathcal{N}(P^{-1} \frac{1}{\tau^2} Z t, P)")
    assert wrong.verdict == "wrong", wrong.reason
    right = _law(r"\beta \sim \mathcal{N}(0, R), \quad "
                 r"q(\beta \mid Z, t) = \mathcal{N}(P \frac{1}{\tau^2} Z t, P)")
    assert right.verdict != "wrong"
    other = _law(r"e \sim \mathcal{N}(0, R), \quad "
                 r"q(\beta \mid Z, t) = \mathcal{N}(P^{-1} \frac{1}{\tau^2} Z t, P)")
    assert other.verdict == "unchecked"
