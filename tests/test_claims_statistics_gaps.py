"""Statistics claims red teams found missing: the adjusted R^2, the QDA discriminant and the
pooled two-proportion z statistic.  The values the checks compute, on hand cases; canonical
forms hold and slips are refuted under two seeds; the audit reads them in a sheet's letters."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version

NEW = ["regression.adjusted_r2", "qda.discriminant", "ztest.two_proportions",
       "ztest.pooled_proportion"]


def _verdict(claim_id, latex, seed=0):
    c = get_catalog()[claim_id]
    ev = check_version(c, latex, c.declarations, c.layout, list(c.assume), seed=seed,
                       key=("stats-gap",), symbolic_first=False, thorough=False)
    return ev.verdict


def test_adjusted_r2_of_a_fit_is_below_its_r2_and_matches_the_variance_ratio():
    from cheatsheet.verify.checks.statistics import r_squared

    rng = np.random.default_rng(1)
    X = rng.normal(size=(12, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + rng.normal(size=12)
    r2, adj = r_squared(X, y)
    assert 0 < adj < r2 < 1
    assert adj == pytest.approx(1 - (1 - r2) * 11 / 8)


def test_the_discriminant_is_the_log_prior_times_density_up_to_the_shared_constant():
    from cheatsheet.verify.checks.statistics import _Discriminant
    from cheatsheet.verify.evaluate import Val

    mu = np.array([[[1.0], [0.0]]])
    Sigma = np.array([[[2.0, 0.0], [0.0, 0.5]]])
    x = Val(np.array([[[0.0], [1.0]]]), True)
    got = _Discriminant(mu, Sigma, np.array([0.25]))(x).arr[0]
    by_hand = -0.5 * np.log(1.0) - 0.5 * (1.0 / 2.0 + 1.0 / 0.5) + np.log(0.25)
    assert got == pytest.approx(by_hand)


def test_the_pooled_z_squared_is_pearsons_chi_squared():
    """The reference the check uses, on a table worked by hand: 30/50 against 20/50."""
    table = np.array([[30, 20], [20, 30]])
    chi2 = stats.chi2_contingency(table, correction=False)[0]
    p = 50 / 100
    z = (0.6 - 0.4) / np.sqrt(p * (1 - p) * (1 / 50 + 1 / 50))
    assert chi2 == pytest.approx(z ** 2)


@pytest.mark.parametrize("claim_id", NEW)
@pytest.mark.parametrize("seed", [0, 7])
def test_the_canonical_form_holds_and_the_slips_are_refuted(claim_id, seed):
    c = get_catalog()[claim_id]
    assert _verdict(claim_id, c.latex, seed) in ("passed", "proved")
    assert [_verdict(claim_id, w, seed) for w in c.wrong] == ["refuted"] * len(c.wrong)


SHEET = r"""# Statistics

- Adjusted: $\bar{R}^2 = 1 - (1 - R^2)\frac{n-1}{n-p-1}$
- QDA: $\delta_k(x) = -\frac{1}{2}\log|\Sigma_k| - \frac{1}{2}(x-\mu_k)^\top\Sigma_k^{-1}(x-\mu_k) + \log\pi_k$
- Two proportions: $z = \frac{\hat{p}_1 - \hat{p}_2}{\sqrt{\hat{p}(1-\hat{p})(\frac{1}{n_1} + \frac{1}{n_2})}}$
"""

SLIPS = {r"\frac{n-1}{n-p-1}": r"\frac{n-p-1}{n-1}",
         r"(x-\mu_k)^\top\Sigma_k^{-1}(x-\mu_k)": r"(x-\mu_k)^\top\Sigma_k(x-\mu_k)",
         r"\frac{1}{n_1} + \frac{1}{n_2}": r"\frac{1}{n_1} - \frac{1}{n_2}"}


def test_audit_reads_them_and_calls_the_slips_wrong():
    from audit_helpers import audit_text

    right = [(f.verdict, f.claim) for f in audit_text(SHEET)]
    assert right == [("ok", "regression.adjusted_r2"), ("ok", "qda.discriminant"),
                     ("ok", "ztest.two_proportions")]
    text = SHEET
    for a, b in SLIPS.items():
        text = text.replace(a, b)
    assert [f.verdict for f in audit_text(text)] == ["wrong"] * 3


def test_n_minus_p_is_a_convention_never_called_wrong():
    """With p counting the intercept among the parameters, n - p is right: the audit leaves it
    unchecked, naming the convention, and never calls it wrong."""
    from audit_helpers import audit_text

    text = SHEET.replace(r"\frac{n-1}{n-p-1}", r"\frac{n-1}{n-p}")
    assert audit_text(text)[0].verdict == "unchecked"


def test_the_adjusted_r2_in_sums_of_squares_catches_a_slipped_degree_of_freedom():
    """adjusted_r2.sums in letters of our own (N samples) and other words: the
    right form holds, TSS over N + 1 is wrong."""
    from audit_helpers import audit_text

    right = ("# Choosing a model\n\n- adjusted: $\\bar{R}^2 = 1 - \\frac{\\mathrm{RSS}/(N - d - 1)}"
             "{\\mathrm{TSS}/(N - 1)}$\n")
    ok = audit_text(right)[-1]
    bad = audit_text(right.replace("(N - 1)", "(N + 1)"))[-1]
    assert (ok.verdict, ok.claim) == ("ok", "adjusted_r2.sums")
    assert (bad.verdict, bad.claim) == ("wrong", "adjusted_r2.sums")
