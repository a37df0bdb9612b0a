"""Equation numbers typed by hand after a display (cheatsheet/sheets/formulas.py).

Markdown has no ``\\tag``: a README's "Method" section numbers its displays by writing
``\\qquad (11)`` after the formula. Read as part of the formula, the number becomes a factor
(``(11)`` times the right side) and a right formula fails its claim; red team 31's model
README had a right Adam bias correction called wrong that way. Letters here are our own.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets import Segment, formulas_of


def split(latex: str) -> list[str]:
    return [f.latex for f in formulas_of(Segment(latex, 3, True))]


@pytest.mark.parametrize("latex, stated", [
    (r"y = a x + c \qquad (7)", "y = a x + c"),
    (r"y = a x + c \quad (A.3)", "y = a x + c"),
    (r"y = a x + c \hfill (2b)", "y = a x + c"),
    (r"y = a x + c \qquad (4.1).", "y = a x + c"),
])
def test_a_number_after_a_wide_space_is_dropped(latex, stated):
    assert split(latex) == [stated]


def test_each_formula_of_a_numbered_row_keeps_its_own_text():
    assert split(r"u = v + 1, \qquad w = 2u \qquad (12)") == ["u = v + 1", "w = 2u"]


@pytest.mark.parametrize("latex", [
    r"y = 3\,(2)",          # a thin space inside a product, no equation number
    r"y = x (2)",           # written against the formula
    r"y = x \quad (x > 0)",  # a condition, read elsewhere
])
def test_what_is_no_equation_number_stays(latex):
    assert split(latex) == [latex]


SHEET = """# Adam, as we run it

Second moment with decay $\\rho$, corrected at step $k$:

$$\\hat{\\mathbf{s}}_k = \\frac{\\mathbf{s}_k}{1 - \\rho^{k}} \\qquad (4)$$

$$\\mathbf{s}_k = \\rho\\,\\mathbf{s}_{k-1} + (1 - \\rho)\\,\\mathbf{d}_k \\odot \\mathbf{d}_k, \\qquad \\hat{\\mathbf{s}}_k = \\frac{\\mathbf{s}_k}{1 - \\rho^{k}} \\quad (B.2)$$
"""


def test_numbered_right_displays_hold():
    found = {(f.line, f.latex): f.verdict for f in audit_text(SHEET) if f.line in (5, 7)}
    corrected = r"\hat{\mathbf{s}}_k = \frac{\mathbf{s}_k}{1 - \rho^{k}}"
    assert found[(5, corrected)] == "ok"
    assert found[(7, corrected)] == "ok"
