"""An estimate the sheet calls unbiased is decided as that claim (verify/audit/unbiased.py).

'Unbiased' beside the 1/n variance used to steer away from the maximum-likelihood claim it
satisfies and leave the line unchecked; the word names what the sheet means, and the claim
of unbiasedness refutes 1/n. Letters and wording of our own (m draws Y_k, a spread v^2)."""
from __future__ import annotations

from audit_helpers import audit_text, catalog
from cheatsheet.verify.audit.unbiased import estimate_of, unbiased_claims

_SHEET = ("# Estimators\n\n$Y_1, \\dots, Y_m$ drawn i.i.d.\n\n"
          "- Bessel-corrected (unbiased) spread estimate: "
          "$v^2 = \\frac{1}{m}\\sum_{k=1}^{m}(Y_k - \\bar{Y})^2$\n")


def _last(text: str):
    return audit_text(text)[-1]


def test_an_unbiased_estimate_with_1_over_n_is_wrong_with_its_right_form():
    f = _last(_SHEET)
    assert (f.verdict, f.claim) == ("wrong", "estimator.sample_variance_unbiased"), f.reason
    assert f.expected.replace(" ", "").startswith(r"v^2=\frac{1}{m-1}")
    assert "unbiased" in f.reason and "\\mathbb" not in f.reason
    left, right = f.counterexample["left"], f.counterexample["right"]
    assert abs(left - right) > 1e-3  # (the mean of the 1/m form falls short)


def test_the_same_estimate_is_not_wrong_without_the_word_or_as_the_mle():
    """Without 'unbiased' (or said to be the maximum-likelihood one) the 1/m form is the
    MLE's, right; the unbiased form under the word is never called wrong."""
    for label in ("Spread estimate", "Maximum-likelihood spread estimate"):
        f = _last(_SHEET.replace("Bessel-corrected (unbiased) spread estimate", label))
        assert f.verdict != "wrong", f.reason
    f = _last(_SHEET.replace("\\frac{1}{m}", "\\frac{1}{m - 1}"))
    assert f.verdict != "wrong", f.reason


def test_only_an_estimate_named_alone_is_read_so():
    name, estimate = estimate_of(r"s^2 = \frac{1}{n}\sum_i x_i")
    assert (name, estimate.replace(" ", "")) == ("s^2", r"\frac{1}{n}\sum_ix_i")
    assert estimate_of(r"a = b = c") is None
    assert estimate_of(r"f(x) + g(x) = h") is None
    ids = [i for i, _ in unbiased_claims(catalog())]
    assert "estimator.sample_variance_unbiased" in ids
