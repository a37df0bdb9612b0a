"""One factor's power wrong is a slip however far the sheet's notation is from the claim's form
(verify/audit/factor_slip.py): a density written with \\exp, \\tfrac and |K| differs from the
catalog's form in many symbols, but its right side is the claim's times |K|."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet.verify.audit.factor_slip import sides_one_factor_apart
from tests.audit_helpers import audit_text

a, b, u, v, w, r = sp.symbols("a b u v w r", positive=True)
m = sp.symbols("m", integer=True, positive=True)
K = sp.MatrixSymbol("K", 3, 3)


@pytest.mark.parametrize("right, mine", [
    (sp.Determinant(K) ** sp.Rational(-1, 2) * sp.exp(-u), sp.sqrt(sp.Determinant(K)) * sp.exp(-u)),
    (u / sp.sqrt(r), u / r),                                    # a square root dropped
    (a ** 2 * u + b ** 2 * v + 2 * a * b * w, a * u + b ** 2 * v + 2 * a * b * w),  # in one term
    (sp.exp(-u) / sp.sqrt((2 * sp.pi) ** m * sp.Determinant(K)),
     sp.exp(-u) / sp.sqrt((2 * sp.pi) ** m) * sp.sqrt(sp.Determinant(K))),  # inside a power
])
def test_one_factors_power_changed_is_one_slip(right, mine):
    assert sides_one_factor_apart(right, mine)


@pytest.mark.parametrize("right, mine, counts", [
    (u / 2, u, set()),                                  # a constant: a convention (1/2 of a loss)
    (a ** 2 * u + 2 * a * b * w, a ** 2 * u + a * b * w, set()),  # a constant in one term
    (u / m, u, {m}),                                    # a count: a sum for a mean
    (u * v, u * v * r, set()),                          # a factor the claim does not write
    (sp.exp(-u ** 2 / 2), sp.exp(-u ** 2), set()),      # inside a function: not a factor
    (u * v, u ** 4 * v, set()),                         # u^3: more than a square
    (u * v + w, u * v + w, set()),                      # the same
])
def test_other_differences_are_not_one_factors_slip(right, mine, counts):
    assert not sides_one_factor_apart(right, mine, counts)


_SHEET = ("# Normal laws\n\nLet $\\mathbf{w} \\sim \\mathcal{N}(\\mathbf{c}, \\mathbf{K})$."
          "\n\n- Multivariate normal density: "
          "$q(\\mathbf w) = (2\\pi)^{-d/2} |\\mathbf K|^{EXP} \\exp\\left(-\\tfrac12 "
          "(\\mathbf w - \\mathbf c)^\\top \\mathbf K^{-1} (\\mathbf w - \\mathbf c)\\right)$\n")


def test_a_density_with_its_determinants_exponent_flipped_is_wrong():
    found = [f for f in audit_text(_SHEET.replace("EXP", "1/2")) if "exp" in f.latex]
    assert [(f.verdict, f.claim) for f in found] == [("wrong", "gauss.density")]


def test_the_same_density_written_right_is_ok():
    found = [f for f in audit_text(_SHEET.replace("EXP", "-1/2")) if "exp" in f.latex]
    assert [f.verdict for f in found] == ["ok"]
