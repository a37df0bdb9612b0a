"""Reader gaps that left formulas of other sheets unread or misread (issue 8): vec, the
Kronecker product and a transpose written \\mathrm T.

Each test uses notation of its own (other letters than the sheets that showed the gap) and
fails without the reading it names.
"""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import parse


def _rel(latex, decls=None, k=0):
    return parse(latex, decls).relations[k]


# -- vec and the Kronecker product take matrices ---------------------------------------------------

def test_vec_and_kronecker_make_plain_capitals_matrices():
    rel = _rel(r"\operatorname{vec}(PQR) = (R^T \otimes P)\,\mathrm{vec}(Q)")
    assert rel.lhs.is_Matrix or getattr(rel.lhs, "is_MatrixExpr", False)
    assert rel.lhs.shape == rel.rhs.shape
    assert sp.KroneckerProduct in {type(a) for a in sp.preorder_traversal(rel.rhs)}


def test_vec_of_a_lower_case_name_is_still_refused():
    import pytest
    from cheatsheet.latex import LatexError

    with pytest.raises(LatexError):
        parse(r"\operatorname{vec}(u) = u")


# -- a text command with one unbraced character ----------------------------------------------------

def test_a_text_command_takes_one_character_as_its_argument():
    rel = _rel(r"(UV)^{\mathrm T} = V^{\mathrm T} U^{\mathrm T}",
               {"U": "matrix(m, m)", "V": "matrix(m, m)", "m": "dim"})
    assert str(rel.rhs) == "V.T*U.T" and str(rel.lhs) == "(U*V).T"
