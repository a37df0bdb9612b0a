"""The gradient shorthand with the step index k (red team 10: an optimiser sheet indexed its
steps by k, r_k = rho r_{k-1} + (1 - rho) g_k^2, and every line written with g_k stayed
unchecked: g_k was read as a parameter, not as the gradient at the iterate).

g_k is the gradient only where the formula steps in k (a name at k - 1 or k + 1 beside it);
a g_k of a sum or a sequence is left alone."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets.habits import gradient_shorthand


@pytest.mark.parametrize("latex, spelled", [
    (r"q_k = \nu q_{k-1} + (1 - \nu) g_k^2", r"q_k = \nu q_{k-1} + (1 - \nu) \nabla J(\theta_k)^2"),
    (r"\omega_{k+1} = \omega_k - \lambda g_k", r"\omega_{k+1} = \omega_k - \lambda \nabla J(\omega_k)"),
    (r"\omega_k = \omega_{k-1} - \lambda g_k", r"\omega_k = \omega_{k-1} - \lambda \nabla J(\omega_{k-1})"),
])
def test_g_k_is_the_gradient_where_the_formula_steps_in_k(latex, spelled):
    assert gradient_shorthand(latex) == spelled


@pytest.mark.parametrize("latex", [r"\sum_k g_k = 1", r"f(x) = \sum_{k=0}^{n} g_k x^k", r"g_k = 2k"])
def test_g_k_without_a_step_is_no_gradient(latex):
    assert gradient_shorthand(latex) is None


SHEET = ("## Adaptive steps\n\n"
         "- RMSProp, decay $\\nu$: $q_k = \\nu q_{k-1} + (1 - \\nu) g_k^2$, "
         "$\\omega_{k+1} = \\omega_k - \\dfrac{\\lambda}{\\sqrt{q_k} + \\delta} g_k$\n"
         "- Adam: $a_k = \\beta_1 a_{k-1} + (1 - \\beta_1) g_k$, "
         "$b_k = \\beta_2 b_{k-1} + (1 - \\beta_2) g_k^2$\n")


def test_optimiser_lines_stepped_in_k_are_decided():
    assert [f.verdict for f in audit_text(SHEET) if "=" in f.latex] == ["ok"] * 4


def test_a_slip_in_a_step_in_k_is_caught():
    slip = SHEET.replace(r"\sqrt{q_k} + \delta", r"q_k + \delta")
    assert [f.verdict for f in audit_text(slip) if "=" in f.latex] == ["ok", "wrong", "ok", "ok"]
