"""A step whose gradient stands in the numerator with the step size (red team 14: RMSProp as
x_{t+1} = x_t - eta g_t / (s_t + eps), the square root dropped, stayed unchecked): the catalog
states the update with the gradient after the fraction, and the matcher did not take the one
for the other. The moved form is equal to the written one, so deciding it decides the line."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets.habits import gradient_out_of_fraction


@pytest.mark.parametrize("latex, moved", [
    (r"\psi_{t+1} = \psi_t - \frac{\lambda\, g_t}{\sqrt{u_t} + \delta}",
     r"\psi_{t+1} = \psi_t - \frac{\lambda}{\sqrt{u_t} + \delta} g_t"),
    (r"w_{k+1} = w_k - \dfrac{c_0 \nabla L(w_k)}{\sqrt{h_k + \delta}}",
     r"w_{k+1} = w_k - \frac{c_0}{\sqrt{h_k + \delta}} \nabla L(w_k)"),
])
def test_the_gradient_is_moved_after_the_fraction(latex, moved):
    assert gradient_out_of_fraction(latex) == moved


def test_other_fractions_are_left_alone():
    assert gradient_out_of_fraction(r"\frac{a b}{c} = \frac{a}{c} b") is None


SHEET = "## Adaptive rates\n\n### RMSProp\n\n$$u_t = \\kappa u_{t-1} + (1 - \\kappa) g_t^2$$\n\n$$STEP$$\n"


def _verdicts(step: str) -> list[str]:
    return [f.verdict for f in audit_text(SHEET.replace("STEP", step))]


def test_a_dropped_root_with_the_gradient_in_the_numerator_is_caught():
    assert _verdicts(r"\psi_{t+1} = \psi_t - \frac{\lambda\, g_t}{\sqrt{u_t} + \delta}") == ["ok", "ok"]
    found = audit_text(SHEET.replace("STEP", r"\psi_{t+1} = \psi_t - \frac{\lambda\, g_t}{u_t + \delta}"))
    assert [f.verdict for f in found] == ["ok", "wrong"]
    assert "sqrt" in found[1].expected and "g_t" in found[1].expected
