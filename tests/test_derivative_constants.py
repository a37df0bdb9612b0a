"""Issue 9, class 4: derivatives the engine takes on sampled instances (verify/derivatives.py).
A declared constant (a real a, a matrix A) has derivative zero, so a product rule with a
constant factor keeps only the other term and a form that keeps only the constant's term is
refuted; derivatives of a vector or a matrix by a matrix are taken whole (a 3- or 4-tensor laid
out by vec), so a right side that drops the dependence is refuted, not passed."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.claims import Claim
from cheatsheet.verify.check import check_version

SYMBOLS = {"x": "vector(n)", "n": "dim", "m": "dim", "a": "real", "A": "matrix(m, n)",
           "h": "vecfunction(m, n)", "X": "matrix(n, n)", "B": "matrix(n, n)", "b": "vector(n)",
           "c": "vector(m)", "Y": "matrix(m, n)"}


def _verdict(latex: str, layout: str) -> str:
    claim = Claim.from_dict({"id": "t.d", "title": "t", "latex": latex, "symbols": SYMBOLS,
                             "layout": layout}, "t")
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, [], seed=0,
                             key=("t",), symbolic_first=False, thorough=False).verdict


@pytest.mark.parametrize("layout,latex,verdict", [
    ("numerator", r"\frac{\partial a}{\partial \mathbf{x}} = 0", "passed"),
    ("numerator", r"\frac{\partial a}{\partial \mathbf{x}} = \mathbf{x}^T", "refuted"),
    ("denominator", r"\frac{\partial \mathbf{A}}{\partial \mathbf{x}} = 0", "passed"),
    # product rule with a constant factor: the constant's term vanishes
    ("denominator", r"\frac{\partial}{\partial \mathbf{x}} [a \mathbf{h}(\mathbf{x})] = "
                    r"a \frac{\partial \mathbf{h}(\mathbf{x})}{\partial \mathbf{x}}", "passed"),
    ("numerator", r"\frac{\partial}{\partial \mathbf{x}} [a \mathbf{h}(\mathbf{x})] = \mathbf{h}"
                  r"(\mathbf{x}) \frac{\partial a}{\partial \mathbf{x}} + a \frac{\partial "
                  r"\mathbf{h}(\mathbf{x})}{\partial \mathbf{x}}", "passed"),
    ("denominator", r"\frac{\partial}{\partial \mathbf{x}} [a \mathbf{h}(\mathbf{x})] = "
                    r"\frac{\partial a}{\partial \mathbf{x}} \mathbf{h}(\mathbf{x})^T", "refuted"),
    ("denominator", r"\frac{\partial}{\partial \mathbf{x}} [\mathbf{A} \mathbf{x}] = \mathbf{A}^T",
     "passed"),
    # by a matrix: scalar, vector and matrix functions of X
    ("numerator", r"\frac{\partial \mathbf{c}^T \mathbf{Y} \mathbf{x}}{\partial \mathbf{Y}} = "
                  r"\mathbf{x} \mathbf{c}^T", "passed"),
    ("numerator", r"\frac{\partial \mathbf{c}^T \mathbf{Y} \mathbf{x}}{\partial \mathbf{Y}} = "
                  r"\mathbf{c} \mathbf{x}^T", "refuted"),
    ("denominator", r"\frac{\partial}{\partial \mathbf{X}} [\mathbf{X}] = \mathbf{I}", "passed"),
    ("denominator", r"\frac{\partial}{\partial \mathbf{X}} [\mathbf{X} \mathbf{b}] = \mathbf{b}",
     "refuted"),
    ("denominator", r"\frac{\partial}{\partial \mathbf{X}} [\mathbf{B} \mathbf{X}] = \mathbf{B}",
     "refuted"),
])
def test_derivatives_of_constants_and_by_matrices(layout, latex, verdict):
    assert _verdict(latex, layout) == verdict
