"""Polyak's step size (polyak.step_size): the canonical form holds and its slips are refuted by
the step that minimises the convexity bound, found by search; a sheet in letters of our own
(eta for the step, n its count; the loss L at w, or f at a vector x) has the unsquared norm called
wrong and its right lines not."""
from __future__ import annotations

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text

from cheatsheet.verify.checks.polyak_step import bound_minimiser


def test_the_searched_step_is_the_bound_minimiser():
    assert abs(bound_minimiser(2.0, 4.0) - 0.5) < 1e-6
    assert abs(bound_minimiser(0.3, 0.09) - 0.3 / 0.09) < 1e-5


def test_canonical_form_holds_and_slips_are_refuted():
    assert_canonical_holds_and_wrong_forms_fail("polyak.step_size")


SHEET = """# Step sizes

- Polyak step, optimal loss $L^\\star$ known: $\\eta_n = \\frac{L(w_n) - L^\\star}{\\lVert \\nabla L(w_n) \\rVert^2}$
- Polyak step, optimal loss $L^\\star$ known: $\\eta_n = \\frac{L(\\mathbf{w}_n) - L^\\star}{\\lVert \\nabla L(\\mathbf{w}_n) \\rVert^2}$
- Polyak step, optimal value $f^\\star$ known: $\\gamma_n = \\frac{f(\\mathbf{x}_n) - f^\\star}{\\lVert \\nabla f(\\mathbf{x}_n) \\rVert}$
"""


def test_the_unsquared_norm_is_caught_and_the_right_lines_are_not():
    found = {}
    for f in audit_text(SHEET, "steps.md"):
        found.setdefault(f.line, []).append(f)
    assert all(f.verdict != "wrong" for f in found[3] + found[4])
    assert ("wrong", "polyak.step_size") in [(f.verdict, f.claim) for f in found[5]]
