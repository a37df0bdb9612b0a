"""GDA's maximum-likelihood estimates (issue 8: claims public cheat sheets state that the
catalog lacked).  The checks find the estimates by maximising the Gaussian likelihood
numerically, apart from the closed forms; these tests pin those searches on values known by
hand and run the audit on sheets in notation of our own (c for the labels, z for the samples,
other wording; then every letter renamed): the right forms are ok, their typos wrong where the
letters are sure, never wrong where they are not, and ESL's unbiased pooled covariance is never
wrong."""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version
from cheatsheet.verify.checks.gda import _class_mean_mle, _shared_covariance_mle


def test_the_mean_search_finds_the_class_average():
    X = np.array([[1.0, 2.0], [3.0, -2.0], [2.0, 3.0]])
    S = np.array([[2.0, 0.5], [0.5, 1.0]])
    assert _class_mean_mle(X, S) == pytest.approx([2.0, 1.0], abs=1e-7)


def test_the_covariance_search_finds_the_average_outer_product():
    R = np.array([[1.0, 0.0], [-1.0, 1.0], [0.0, -1.0], [2.0, 1.0]])
    assert _shared_covariance_mle(R) == pytest.approx(R.T @ R / 4, abs=1e-6)


@pytest.mark.parametrize("claim_id", ["gda.class_mean", "gda.shared_covariance"])
def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails(claim_id):
    c = get_catalog()[claim_id]

    def verdict(latex):
        return check_version(c, latex, c.declarations, c.layout, list(c.assume), seed=3,
                             key=("gda",), symbolic_first=False, thorough=False).verdict

    assert verdict(c.latex) in ("passed", "proved")
    for wrong in list(c.wrong) + [conv["latex"] for conv in c.conventions]:
        assert verdict(wrong) == "refuted", wrong


SHEET = r"""# Fitting LDA by maximum likelihood

Labels $c_i$, feature vectors $\mathbf{z}_i$, $i = 1, \dots, N$.

- class mean: $\hat{\mu}_k = MEAN$
- shared covariance: $\hat{\Sigma} = COV$
"""
MEAN = r"\frac{\sum_{i=1}^N \mathbb{1}\{c_i = k\} \mathbf{z}_i}{\sum_{i=1}^N \mathbb{1}\{c_i = k\}}"
COV = (r"\frac{1}{N}\sum_{i=1}^{N} (\mathbf{z}_i - \boldsymbol{\mu}_{c_i})"
       r"(\mathbf{z}_i - \boldsymbol{\mu}_{c_i})^\top")


def _findings(mean=MEAN, cov=COV, sheet=SHEET):
    from audit_helpers import audit_text

    text = sheet.replace("MEAN", mean).replace("COV", cov)
    return [f for f in audit_text(text) if " = " in f.latex and f.latex.startswith(r"\hat")]


def test_the_right_estimates_are_ok_on_a_sheet_in_other_letters():
    assert [(f.verdict, f.claim) for f in _findings()] == [
        ("ok", "gda.class_mean"), ("ok", "gda.shared_covariance")]


@pytest.mark.parametrize("typo", [
    r"\frac{1}{N}\sum_{i=1}^N \mathbb{1}\{c_i = k\} \mathbf{z}_i",          # over all N samples
    r"\frac{\sum_{i=1}^N \mathbf{z}_i}{\sum_{i=1}^N \mathbb{1}\{c_i = k\}}",  # every sample summed
])
def test_a_typo_of_the_class_mean_is_wrong(typo):
    mean, _ = _findings(mean=typo)
    assert (mean.verdict, mean.claim) == ("wrong", "gda.class_mean")


@pytest.mark.parametrize("typo", [
    COV.replace(r"\frac{1}{N}", r"\frac{1}{N - 1}"),                      # an unbiased guess
    (r"\frac{1}{N}\sum_{i=1}^{N} (\mathbf{z}_i - \boldsymbol{\mu}_{c_i})^\top"  # the inner
     r"(\mathbf{z}_i - \boldsymbol{\mu}_{c_i})"),                           # product
])
def test_a_typo_of_the_shared_covariance_is_wrong(typo):
    _, cov = _findings(cov=typo)
    assert (cov.verdict, cov.claim) == ("wrong", "gda.shared_covariance")


def test_the_unbiased_pooled_covariance_is_a_convention_not_an_error():
    _, cov = _findings(cov=COV.replace(r"\frac{1}{N}", r"\frac{1}{N - K}"))
    assert cov.verdict != "wrong"


RENAMED = r"""# Linear discriminant analysis

- centroid of group $g$: $\hat{m}_g = MEAN$
"""


def test_with_every_letter_renamed_the_right_mean_holds_and_a_typo_is_not_called_wrong():
    """m, g, c, z, j, M for mu, k, y, x, i, N: the right form reads as the claim and holds; a
    typo is left unchecked, since with every letter renamed the match is not sure."""
    own = r"\frac{\sum_{j=1}^M \mathbb{1}\{c_j = g\} z_j}{\sum_{j=1}^M \mathbb{1}\{c_j = g\}}"
    (right,) = _findings(mean=own, sheet=RENAMED)
    assert (right.verdict, right.claim) == ("ok", "gda.class_mean")
    (typo,) = _findings(mean=r"\frac{1}{M}\sum_{j=1}^M \mathbb{1}\{c_j = g\} z_j", sheet=RENAMED)
    assert typo.verdict == "unchecked"
