"""Claims that public cheat sheets state and the course sheets do not (issue 8, recall on public
sheets): simple regression, the standard error, Cramer-Rao, "same" padding, the Beta mode and
the classification metrics.  Each check computes its value apart from the formula; these tests
pin that computation on cases known by hand, show the check refutes the typos public sheets
make, and run the audit on a sheet in everyday notation (right forms ok, typos wrong)."""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version
from cheatsheet.verify.checks import distributions as D
from cheatsheet.verify.checks.conv_sizes import same_padding
from cheatsheet.verify.checks.estimation import CR_FAMILIES, fisher_information
from cheatsheet.verify.checks.metrics import metrics_of

NEW = ["linreg.simple_slope", "linreg.simple_slope_moments", "linreg.simple_intercept",
       "estimator.standard_error_mean", "estimator.cramer_rao", "beta.mode", "conv.same_padding",
       "metrics.precision", "metrics.recall", "metrics.specificity", "metrics.accuracy",
       "metrics.f1", "metrics.f1_counts"]


def _verdict(claim_id, latex, seed=0):
    c = get_catalog()[claim_id]
    ev = check_version(c, latex, c.declarations, c.layout, list(c.assume), seed=seed,
                       key=("public-gap",), symbolic_first=False, thorough=False)
    return ev.verdict


# -- the values the checks compare with, on cases known by hand ---------------------------

def test_confusion_metrics_are_the_frequencies_they_name():
    y = np.array([1, 1, 1, 0, 0, 0, 0, 1])
    y_hat = np.array([1, 0, 1, 1, 0, 0, 0, 0])
    m = metrics_of(y, y_hat)
    assert (m["TP"], m["FP"], m["FN"], m["TN"]) == (2, 1, 2, 3)
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["recall"] == pytest.approx(1 / 2)
    assert m["specificity"] == pytest.approx(3 / 4)
    assert m["accuracy"] == pytest.approx(5 / 8)
    assert m["f1"] == pytest.approx(4 / 7)  # 2|A and B| / (|A| + |B|) = 4 / (3 + 4)


@pytest.mark.parametrize("n,k,p", [(5, 1, 0), (9, 3, 1), (9, 5, 2), (12, 7, 3)])
def test_same_padding_is_found_by_running_the_layer(n, k, p):
    assert same_padding(n, k) == p


def test_an_even_kernel_has_no_same_padding_at_stride_1():
    assert np.isnan(same_padding(8, 4))


@pytest.mark.parametrize("a,b,mode", [(2.0, 2.0, 0.5), (3.0, 2.0, 2 / 3), (1.5, 4.0, 0.5 / 3.5)])
def test_beta_mode_is_the_density_maximiser(a, b, mode):
    law = D.LAWS["beta"]
    got = D.law_modes(law, [np.array([a]), np.array([b])], 1)
    assert got[0] == pytest.approx(mode, abs=1e-7)


def test_a_discrete_laws_mode_is_its_most_likely_atom():
    got = D.law_modes(D.LAWS["geometric"], [np.array([0.3])], 1)
    assert got[0] == 1.0


def test_fisher_information_of_the_check_families_matches_known_values():
    rng = np.random.default_rng(3)
    known = {"_cr_bernoulli": lambda th: 1 / (th * (1 - th)), "_cr_poisson": lambda th: 1 / th,
             "_cr_normal_variance": lambda th: 1 / (2 * th ** 2),
             "_cr_exponential_rate": lambda th: 1 / th ** 2}
    for fam in CR_FAMILIES:
        if fam.__name__ not in known:
            continue
        th, var, logp, atoms, probs = fam(rng, 5)
        assert fisher_information(logp, th, atoms, probs) == pytest.approx(
            known[fam.__name__](th), rel=1e-6)


# -- the checks can fail: typos public sheets make ------------------------------------------

TYPOS = [
    ("beta.mode", r'\operatorname{mode}(X) = \frac{\alpha - 1}{\alpha + \beta - 1}'),
    ("estimator.cramer_rao", r'\operatorname{Var}(\hat{\theta}) \geq \frac{n}{I(\theta)}'),
    ("conv.same_padding", r'P = \frac{K + 1}{2}'),
    ("estimator.standard_error_mean", r'\sqrt{\operatorname{Var}(\bar{X})} = \frac{\sigma}{n}'),
    ("linreg.simple_intercept", r'\hat{\beta}_0 = \bar{y} + \hat{\beta}_1 \bar{x}'),
    ("linreg.simple_slope", r'\hat{\beta}_1 = \frac{\sum_{i=1}^n (x_i - \bar{x})(y_i - \bar{y})}'
                            r'{\sum_{i=1}^n (y_i - \bar{y})^2}'),
    ("metrics.precision", r'\text{Precision} = \frac{\text{TP}}{\text{TP} + \text{FN}}'),
    ("metrics.recall", r'\text{Recall} = \frac{\text{TP}}{\text{TP} + \text{FP}}'),
    ("metrics.f1", r'F_1 = \frac{P + R}{2}'),
]


@pytest.mark.parametrize("claim_id,latex", TYPOS)
@pytest.mark.parametrize("seed", [0, 7])
def test_a_public_sheets_typo_is_refuted_under_any_seed(claim_id, latex, seed):
    assert _verdict(claim_id, latex, seed) == "refuted"


@pytest.mark.parametrize("claim_id", NEW)
@pytest.mark.parametrize("seed", [0, 7])
def test_the_canonical_form_holds_under_any_seed(claim_id, seed):
    assert _verdict(claim_id, get_catalog()[claim_id].latex, seed) in ("passed", "proved")


def test_a_weaker_cramer_rao_bound_is_not_refuted():
    """1/(n^2 I) is below 1/(n I): a true, looser bound, never called wrong."""
    assert _verdict("estimator.cramer_rao",
                    r'\operatorname{Var}(\hat{\theta}) \geq \frac{1}{n^2 I(\theta)}') == "passed"


# -- the audit reads them on a sheet in everyday notation -----------------------------------

RIGHT = r"""# Statistics

## Simple linear regression

- Slope: $\hat{\beta}_1 = \frac{\sum_i(x_i - \bar{x})(y_i - \bar{y})}{\sum_i(x_i - \bar{x})^2}$
- Intercept: $\hat{\beta}_0 = \bar{y} - \hat{\beta}_1\bar{x}$

## Estimators and laws

- Standard error of the mean: $\text{SE}(\bar{X}) = \frac{\sigma}{\sqrt{n}}$
- Cramér–Rao: for an unbiased estimator, $Var(\hat{\theta}) \ge \frac{1}{nI(\theta)}$
- Beta mode for $\alpha, \beta > 1$: $\frac{\alpha - 1}{\alpha + \beta - 2}$

## Metrics

- $\text{Recall} = \frac{\text{TP}}{\text{TP} + \text{FN}}$
- $F_1 = \frac{2PR}{P + R}$ with precision $P$ and recall $R$
"""

TYPO_LINES = {
    r'\bar{y} - \hat{\beta}_1\bar{x}': r'\bar{y} + \hat{\beta}_1\bar{x}',
    r'\frac{\sigma}{\sqrt{n}}': r'\frac{\sigma}{n}',
    r'\frac{1}{nI(\theta)}': r'\frac{n}{I(\theta)}',
    r'\alpha + \beta - 2}': r'\alpha + \beta - 1}',
    r'\frac{\text{TP}}{\text{TP} + \text{FN}}': r'\frac{\text{TP}}{\text{FN}}',
    r'\frac{2PR}{P + R}': r'\frac{P + R}{2}',
}


def _verdicts(text):
    from audit_helpers import audit_text

    return {f.latex: (f.verdict, f.reason) for f in audit_text(text) if f.claim}


def test_audit_calls_the_right_forms_ok():
    got = _verdicts(RIGHT)
    assert {v for v, _ in got.values()} == {"ok"}, got
    assert len(got) == 7, sorted(got)


def test_audit_calls_the_typos_wrong():
    text = RIGHT
    for right, typo in TYPO_LINES.items():
        text = text.replace(right, typo)
    got = _verdicts(text)
    wrong = [k for k, (v, _) in got.items() if v == "wrong"]
    assert len(wrong) == len(TYPO_LINES), got


@pytest.mark.parametrize("latex,verdict", [
    (r'\hat{\beta}_1 = r_{xy} \frac{s_y}{s_x}', "passed"),
    (r'\hat{\beta}_1 = \frac{s_{yx}}{s_x^2}', "passed"),  # the covariance is symmetric
    (r'\hat{\beta}_1 = r_{xy} \frac{s_x}{s_y}', "refuted"),
])
def test_the_slope_by_sample_moments_in_its_other_spellings(latex, verdict):
    assert _verdict("linreg.simple_slope_moments", latex) == verdict
