"""Differentials (``\\mathrm{d}\\mathbf{Y}``, ``d(X^{-1})``) are no values: a formula with them is
never refuted by reading d as a number, while derivatives written with an upright d still are."""
from __future__ import annotations

from audit_helpers import audit_text


def test_an_upright_differential_is_not_a_number():
    # red team 11: refuted "with d = 0.84", reading d(Y^{-1}) as d times Y^{-1}
    found = audit_text("\\section*{Differentials}\n\\begin{align}\n"
                       "\\mathrm{d}(\\mathbf{Y}^{-1}) &= -\\mathbf{Y}^{-1}(\\mathrm{d}\\mathbf{Y})"
                       "\\mathbf{Y}^{-1}\n\\end{align}\n", name="sheet.tex")
    assert [f.verdict for f in found] != ["wrong"]


def test_a_derivative_with_an_upright_d_is_still_checked():
    right = audit_text("- $\\dfrac{\\mathrm{d}}{\\mathrm{d}x} e^{x^2} = 2x e^{x^2}$\n")
    typo = audit_text("- $\\dfrac{\\mathrm{d}}{\\mathrm{d}x} e^{x^2} = x e^{x^2}$\n")
    assert [f.verdict for f in right] == ["ok"]
    assert [f.verdict for f in typo] == ["wrong"]
