"""Sizes a sheet's other lines pin, read in the sheet's confirmed letters (verify/audit/
notation.py ``pinned_letters``): dE/dV = delta u^T holding as the dense layer's weight gradient
needs V to be delta's length by u's, the claim's W. A line of the same topic that writes V
for W and fails only by its sizes (V delta for W^T delta) clashed only "as the claim
declares", so it stayed unchecked; with the other line's sizes the clash is the sheet's own.
"""
from __future__ import annotations

import pytest

from audit_helpers import both_passes as _both_passes
from cheatsheet.verify.audit import decide as decide_module

HEAD = ("\\documentclass{article}\n\\begin{document}\n"
        "\\section*{Backpropagation through a dense layer}\n"
        "Input $\\mathbf{u} \\in \\mathbb{R}^{n}$.\n\\begin{align}\n")
WEIGHTS = "\\dfrac{\\partial E}{\\partial \\mathbf{V}} &= \\boldsymbol{\\delta}\\,\\mathbf{u}^\\top \\\\\n"
TAIL = "\n\\end{align}\n\\end{document}\n"
TYPO = "\\dfrac{\\partial E}{\\partial \\mathbf{u}} &= \\mathbf{V}\\,\\boldsymbol{\\delta}"
RIGHT = "\\dfrac{\\partial E}{\\partial \\mathbf{u}} &= \\mathbf{V}^\\top\\boldsymbol{\\delta}"


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


def both_passes(text: str, name: str = "sheet.tex") -> list:
    """audit_helpers.both_passes, for a LaTeX sheet (the notation-role test imports it)."""
    return _both_passes(text, name)




def _last(*rows: str):
    return both_passes(HEAD + "".join(rows) + TAIL)[-1]


def test_sizes_another_line_pins_make_the_missing_transpose_wrong():
    f = _last(WEIGHTS, TYPO)
    assert (f.verdict, f.claim) == ("wrong", "dense.input_gradient_delta"), f.reason


def test_without_the_pinning_line_it_stays_unchecked():
    assert _last(TYPO).verdict == "unchecked"


def test_the_right_input_gradient_stays_ok():
    assert _last(WEIGHTS, RIGHT).verdict == "ok"


def test_a_line_holding_only_in_the_other_layout_pins_nothing():
    # dL/dW = delta x^T holding only in numerator layout may hold with the sheet's W
    # transposed (a sheet writing h = V^T u): its W's size is then not the claim's
    from types import SimpleNamespace

    from audit_helpers import catalog
    from cheatsheet.verify.audit.notation import pinned_letters
    from cheatsheet.verify.audit.readings import Reading

    claim = catalog()["dense.weight_gradient_delta"]
    reading = Reading(claim.latex, claim.declarations, ("denominator", "numerator"), [], {}, {})
    c = SimpleNamespace(mapping={"V": "W", "u": "x", "delta": "delta", "E": "L"})
    assert ("W", "matrix(m, n)", "V") in pinned_letters(c, claim, reading, "")
    assert pinned_letters(c, claim, reading, " in numerator layout (the sheet does not say "
                                             "which it uses)") == ()
