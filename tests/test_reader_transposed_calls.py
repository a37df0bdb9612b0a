"""A transposed undeclared name before a bracket multiplies it: F^T(F u - c) is F^T times the
bracket, even for a letter that usually names a function (F, G, H, M ...)."""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import parse, parse_expr


def test_plain_function_letter_transposed_before_a_bracket_is_a_product():
    st = parse(r"q = 2 F^T (F u - c)")
    rhs = st.relations[0].rhs
    assert not any(isinstance(n, sp.core.function.AppliedUndef) for n in sp.preorder_traversal(rhs))
    assert rhs.has(sp.Symbol("F", real=True))


def test_bold_capital_transposed_before_a_bracket_in_a_gain_formula():
    st = parse(r"\mathbf{L} = \mathbf{S}\mathbf{G}^{\top}\left(\mathbf{G}\mathbf{S}\mathbf{G}^{\top}"
               r" + \mathbf{V}\right)^{-1}")
    rhs = st.relations[0].rhs
    assert rhs.has(sp.Transpose) or "G.T" in str(rhs)
    assert not any(isinstance(n, sp.core.function.AppliedUndef) for n in sp.preorder_traversal(rhs))


def test_an_untransposed_function_letter_is_still_called():
    v = parse_expr(r"h(z) + 1")
    assert any(isinstance(n, sp.core.function.AppliedUndef) for n in sp.preorder_traversal(v))
