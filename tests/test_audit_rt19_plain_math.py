"""Red team 19: a student writes an activation as a function letter applied to a vector.

verify/audit/other_quantity.call_read_as_product: ``h = psi(u)`` read as a claim's
``Y = alpha F`` (psi a number times u) is no typo of that claim.
"""
from __future__ import annotations

from audit_helpers import audit_text


def test_an_activation_applied_to_a_vector_is_no_product():
    """h = phi(z) was 'wrong' as residual.parameter_jacobians' Y = alpha F under words
    naming the chain rule: phi read as the claim's number alpha times z."""
    for f in (r"\vec{h} = \psi(\vec{u})", r"\vec{h} = \varphi(\vec{s})"):
        sheet = "## Chain rule in matrix form\n\n- $" + f + "$\n"
        assert audit_text(sheet)[-1].verdict != "wrong"
