"""Optimiser steps in other letters and in bold (red team 17: an Obsidian note wrote RMSProp as
$\\boldsymbol{\\xi}_{t+1} = \\boldsymbol{\\xi}_t - \\frac{\\gamma}{\\mathbf{r}_t + \\epsilon}
\\mathbf{g}_t$ and the slip, the square root dropped, went unchecked).

g_t is the gradient at the iterate on optimiser sheets; it was recognised only as a plain g and
at theta, w or x. Now a bold g is the same shorthand, and the iterate is the name the step
updates whatever its letter (xi_{t+1} = xi_t - ..., phi_t = phi_{t-1} - ..., the gradient then
taken at phi_{t-1})."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets.habits import gradient_shorthand

SHEET = ("## Updates\n\nRMSProp with decay $\\kappa$:\n\n"
         "- $\\mathbf{u}_t = \\kappa\\,\\mathbf{u}_{t-1} + (1 - \\kappa)\\,\\mathbf{g}_t^2$\n"
         "- $STEP$\n")
RIGHT = r"\boldsymbol{\psi}_{t+1} = \boldsymbol{\psi}_t - \frac{\lambda}{\sqrt{\mathbf{u}_t} + \epsilon}\,\mathbf{g}_t"
SLIP = r"\boldsymbol{\psi}_{t+1} = \boldsymbol{\psi}_t - \frac{\lambda}{\mathbf{u}_t + \epsilon}\,\mathbf{g}_t"


def _verdicts(step: str) -> list[str]:
    return [f.verdict for f in audit_text(SHEET.replace("STEP", step)) if "=" in f.latex]


def test_a_bold_rmsprop_in_other_letters_is_decided():
    assert _verdicts(RIGHT) == ["ok", "ok"]
    assert _verdicts(SLIP) == ["ok", "wrong"]


@pytest.mark.parametrize("latex, spelled", [
    (r"\mathbf{w}_{t+1} = \mathbf{w}_t - \eta\mathbf{g}_t",
     r"\mathbf{w}_{t+1} = \mathbf{w}_t - \eta\nabla J(\mathbf{w}_t)"),
    (r"\psi_{t+1} = \psi_t - \lambda g_t", r"\psi_{t+1} = \psi_t - \lambda \nabla J(\psi_t)"),
    (r"\phi_t = \phi_{t-1} - \lambda g_t", r"\phi_t = \phi_{t-1} - \lambda \nabla J(\phi_{t-1})"),
    (r"u_t = \kappa u_{t-1} + (1 - \kappa) g_t", r"u_t = \kappa u_{t-1} + (1 - \kappa) \nabla J(\theta_t)"),
])
def test_which_iterate_g_t_is_taken_at(latex, spelled):
    assert gradient_shorthand(latex) == spelled
