"""A forward pass written with its weights laid out the other way (``h = U^T r + c``, or the
row-vector ``h = r U + c``) fixes the layout of the gradients the sheet states later, also
under another heading: a sheet's "Forward" and "Backward" sections are one network. Before,
only a forward pass just above the gradient or on its line counted, so the backward section's
right gradients were called wrong (issue 8: a false alarm is worse than a miss).

The gradients keep the claim's letters (W, x, delta): in letters of its own the matcher does
not take them surely for the dense-layer claims at all, so nothing would be at stake."""
from __future__ import annotations

from audit_helpers import audit_text

_SHEET = """# Perceptron layers

## Forward
A layer maps its input to ${forward}$, then applies $a = \\sigma(z)$.

## Backward
With $\\delta = \\partial L / \\partial z$ the error signal of the layer:

- to the input: ${gradient}$

## Backpropagation through layers
$\\delta^{{[l]}} = {recursion}$
"""


_INPUT = "\\frac{\\partial L}{\\partial x} = W \\delta"
_DOWN = "W^{[l+1]} \\delta^{[l+1]} \\odot \\sigma'(z^{[l]})"


def _verdict(forward: str, gradient: str = _INPUT, recursion: str = _DOWN) -> list:
    text = _SHEET.format(forward=forward, gradient=gradient, recursion=recursion)
    return [(f.verdict, f.reason) for f in audit_text(text, "layers.md")
            if "partial x}" in f.latex or "odot" in f.latex]


def test_the_input_gradient_under_a_transposed_layer_in_another_section_is_not_wrong():
    found = _verdict("z = W^\\top x + b")
    assert [v for v, _ in found] == ["unchecked", "unchecked"]
    assert all("z = W^\\top x + b" in reason for _, reason in found)


def test_a_row_vector_layer_in_another_section_is_not_wrong_either():
    found = _verdict("z = x W + b")
    assert len(found) == 2 and "wrong" not in [v for v, _ in found]


def test_under_the_claims_own_layout_in_another_section_the_slip_is_still_wrong():
    found = _verdict("z = W x + b")
    assert [v for v, _ in found] == ["wrong", "wrong"]
