"""Chains that give a quantity a second name: the link that only names it is a definition
(verify/naming.py), the rest of the chain is matched and checked (issue 8, task h2)."""
from __future__ import annotations

from audit_helpers import audit_text

_MLE = ("# Spread of the draws\n\nThe maximum-likelihood estimate of the variance of the "
        "draws:\n\n$$\\hat\\sigma^2 = v_m^2 = \\frac{1}{m}\\sum_{j=1}^m (y_j - \\bar y)^{P}$$\n")


def _found(text: str):
    return [f for f in audit_text(text) if "v_m" in f.latex]


def test_a_squared_name_in_the_middle_of_a_chain_is_a_definition():
    """v_m^2 names the estimate: read with it as a definition, the chain is the MLE."""
    found = _found(_MLE.replace("{P}", "{2}"))
    assert [f.verdict for f in found] == ["ok"], [f.reason for f in found]
    assert found[0].claim == "mle.gaussian_variance"


def test_a_chain_with_a_wrong_last_side_is_never_ok():
    found = _found(_MLE.replace("^{P}", ""))
    assert [f.verdict for f in found] != ["ok"], [f.reason for f in found]
