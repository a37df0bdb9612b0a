"""The output layer's backprop error delta = (gradient of the loss by the activations) times
f'(pre-activation), entrywise: a claim of its own, so that a right output-layer line is no
longer compared with the recursion between layers (a near false alarm), and a slip in it is
caught.  The check takes delta as a finite difference of the loss through the layer."""
from __future__ import annotations

import pytest

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text, claim_verdict

CLAIM = "backprop.output_error"


def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails():
    assert_canonical_holds_and_wrong_forms_fail(CLAIM, seed=3)


def test_delta_as_the_derivative_by_the_pre_activation_is_not_refuted():
    """delta^[L] = dL/dz^[L] is delta's definition: L by z is the loss through the layer."""
    latex = r"\delta^{[L]} = \frac{\partial \mathcal{L}}{\partial z^{[L]}}"
    assert claim_verdict(CLAIM, latex, seed=3) in ("passed", "proved")


SHEET = ("## Backpropagation\n\nAt the last layer $K$ of a network with activation $h$ and "
         "cost $J$, the output error is\n\n$$FORMULA$$\n")


def _said(latex):
    (f,) = [f for f in audit_text(SHEET.replace("FORMULA", latex)) if f.latex == latex]
    return f


def test_the_output_error_in_other_letters_is_ok():
    f = _said(r"\delta^{[K]} = \nabla_{y^{[K]}} J \odot h'(u^{[K]})")
    assert (f.verdict, f.claim) == ("ok", CLAIM), f.reason


@pytest.mark.parametrize("typo", [
    r"\delta^{[K]} = \nabla_{y^{[K]}} J \odot h'(y^{[K]})",  # f' at the activations
    r"\delta^{[K]} = \nabla_{u^{[K]}} J \odot h'(u^{[K]})",  # gradient by the pre-activation
])
def test_a_slip_in_the_output_error_is_wrong(typo):
    f = _said(typo)
    assert (f.verdict, f.claim) == ("wrong", CLAIM), f.reason


def test_the_error_written_as_the_derivative_by_the_pre_activation_is_decided():
    latex = r"\frac{\partial \mathcal{L}}{\partial z^{[L]}} = \nabla_{a^{[L]}} \mathcal{L} \odot f'(z^{[L]})"
    assert claim_verdict(CLAIM, latex, seed=3) in ("passed", "proved")
