"""A bare name on the left that the claim's value is made of (y-hat beside the claim's y)
defines that ingredient; it is no name for the claim's result (red team 21: "y-hat =
softmax(z)" next to the softmax cross-entropy gradient was called wrong for lacking "- y")."""
from __future__ import annotations

from audit_helpers import audit_text


def test_a_marked_prediction_is_not_read_as_the_gradient():
    for sheet in (
        "## Output layer\n\nWith a softmax output and the cross-entropy loss, the network "
        "predicts $\\tilde{y} = \\operatorname{softmax}(z)$.\n",
        "## Classifier head\n\nSoftmax layer followed by cross-entropy; its output "
        "$\\bar{\\mathbf{y}} = \\operatorname{softmax}(\\mathbf{z})$ sums to one.\n",
    ):
        last = audit_text(sheet)[-1]
        assert last.verdict == "unchecked", (sheet, last.reason)
        assert "defines that letter" in last.reason


def test_a_name_of_its_own_for_the_gradient_is_still_checked():
    """g is no letter of the claim's value: it still names the gradient, and a flipped sign is
    caught; so is the gradient written out."""
    last = audit_text("## Cross-entropy loss\n\nThe gradient of the softmax cross-entropy in "
                      "the logits, one-hot $y$: $g = \\operatorname{softmax}(z) + y$\n")[-1]
    assert (last.verdict, last.claim) == ("wrong", "ce.softmax_gradient")
    last = audit_text("## Cross-entropy loss\n\nIn the logits: $\\frac{\\partial}{\\partial z}"
                      "\\left(-y^\\top \\log \\operatorname{softmax}(z)\\right) = y - "
                      "\\operatorname{softmax}(z)$\n")[-1]
    assert (last.verdict, last.claim) == ("wrong", "ce.softmax_gradient")
