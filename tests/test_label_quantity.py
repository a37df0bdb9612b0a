"""A formula's own label naming another quantity of the law than the claim's (label_quantity.py)."""
from audit_helpers import audit_text

from cheatsheet.verify.audit.label_quantity import label_names_another

BOXES = """# Law boxes in a distribution summary

## Gamma law

| Gamma law | $W \\sim \\operatorname{Gamma}(\\alpha, \\beta)$, rate $\\beta$ |
|---|---|
| Mode | $(\\alpha - 1)/\\beta$ when $\\alpha \\ge 1$ |
| Variance | $\\operatorname{Var}[W] = \\alpha / \\beta$ |

## Bernoulli law

| Bernoulli law | $B \\sim \\operatorname{Bernoulli}(p)$ |
|---|---|
| Parameters | $r = 1 - p$ |
| Mean | $\\mathbb{E}[B] = 1 - p$ |
"""


def _verdicts():
    return {f.latex: f for f in audit_text(BOXES)}


def test_a_row_labelled_with_another_quantity_is_not_the_mean_s_typo():
    found = _verdicts()
    # the Gamma mode and a letter the Parameters row defines: right, never the mean's typo
    assert found["(\\alpha - 1)/\\beta"].verdict != "wrong"
    assert "mode" in found["(\\alpha - 1)/\\beta"].reason
    assert found["r = 1 - p"].verdict != "wrong"


def test_rows_labelled_with_the_claim_s_quantity_still_catch_typos():
    found = _verdicts()
    assert found["\\operatorname{Var}[W] = \\alpha / \\beta"].verdict == "wrong"
    assert found["\\mathbb{E}[B] = 1 - p"].verdict == "wrong"


def test_label_names_another():
    assert label_names_another("Mode", "Mean of the Gamma distribution") == "mode"
    assert label_names_another("Expected value", "Mean of the Poisson distribution") == ""
    assert label_names_another("CF", "MGF of the exponential distribution") == "cf"
    # a mean squared error names no mean; a claim naming no quantity is not judged
    assert label_names_another("Mean squared error", "Mean of the Gamma distribution") == "error"
    assert label_names_another("Mode", "Bayes' rule") == ""
    # words after the head name what the quantity is of, not the quantity
    assert label_names_another("CE between two pmfs", "Cross-entropy of two laws") == ""
    assert label_names_another("Mode of the density", "Mean of the Beta distribution") == "mode"
    # a sentence is no property's name
    assert label_names_another("the mode of the law is where the density peaks", "Mean") == ""
