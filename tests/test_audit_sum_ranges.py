"""A sheet's sum with no range (``\\sum_j``, "over all j") is read over the range the claim's
form writes at the same place, and the right form is shown with the sheet's unranged sum
(verify/audit/readings.ranges_from_form, ranges_as_sheet)."""
from __future__ import annotations

from audit_helpers import audit_text

CHAIN = ("\\section{Back-propagation}\n\nFor $\\boldsymbol{y} = g(\\boldsymbol{x})$ and "
         "$z = f(\\boldsymbol{y})$:\n\\begin{equation} {} \\end{equation}\n")
CONV = ("\\section{Convolution layer}\n\nFor the layer $y = f * w$, the gradient of the risk "
        "through the outputs:\n\\begin{equation} {} \\end{equation}\n")


def test_the_generic_chain_rule_over_all_j_is_not_called_wrong():
    """DL book eq. 6.45: read with j over a vector's entries 1..n while the convolution
    claim's check indexes its outputs over -12..12, the sum left indices out (red team 9,
    FA4)."""
    text = CHAIN.replace("{}", "\\frac{\\partial z}{\\partial x_i} = \\sum_j \\frac{\\partial z}"
                               "{\\partial y_j}\\frac{\\partial y_j}{\\partial x_i}")
    assert audit_text(text, name="s.tex")[-1].verdict != "wrong"


def test_an_index_typo_in_the_unranged_chain_rule_is_still_caught_and_shown_unranged():
    text = CONV.replace("{}", "\\frac{\\partial R}{\\partial w_i} = \\sum_k \\frac{\\partial R}"
                              "{\\partial y_k}\\frac{\\partial y_i}{\\partial w_i}")
    last = audit_text(text, name="s.tex")[-1]
    assert (last.verdict, last.claim) == ("wrong", "conv.weight_chain_rule")
    assert "12" not in last.expected and "12" not in last.reason
    assert last.reason == "i where k belongs"


def test_the_right_unranged_convolution_chain_rule_holds():
    text = CONV.replace("{}", "\\frac{\\partial R}{\\partial w_i} = \\sum_k \\frac{\\partial R}"
                              "{\\partial y_k}\\frac{\\partial y_k}{\\partial w_i}")
    last = audit_text(text, name="s.tex")[-1]
    assert (last.verdict, last.claim) == ("ok", "conv.weight_chain_rule")
