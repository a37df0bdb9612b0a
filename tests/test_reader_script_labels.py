"""A letter or word superscript written before a name's subscript labels the name (a layer,
a head, a method): u^k_{ab}, M^{V}_{pq}, z^{EMA}_s; a number there is still a power, and a
transpose or an inverse still applies to the whole name."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet.latex import LatexError, parse, parse_expr


def _names(expr) -> set[str]:
    return {str(s) for s in expr.free_symbols}


def test_layer_label_then_index_is_one_name():
    v = parse_expr(r"u^k_{ab} + c^k_a")
    assert not v.has(sp.Pow)
    assert len(_names(v)) == 2


def test_same_label_and_index_read_alike_on_both_sides():
    st = parse(r"\frac{\partial E}{\partial c^k_a} = r^k_a")
    rel = st.relations[0]
    assert isinstance(rel.lhs, sp.Derivative) and rel.rhs.is_Symbol


def test_word_and_capital_labels():
    assert parse_expr(r"z^{EMA}_s").is_Symbol
    assert parse_expr(r"M^{V}_{pq}").is_Symbol


def test_shifted_layer_label():
    v = parse_expr(r"u^{k+1}_{ba} r^{k+1}_b")
    assert not v.has(sp.Pow) and len(_names(v)) == 2


def test_a_number_before_the_index_is_still_a_power():
    assert parse_expr(r"q^3_j") == sp.Symbol("q_j", real=True) ** 3


@pytest.mark.parametrize("latex", [r"M^T_{pq}", r"M^{-1}_{pq}"])
def test_transpose_or_inverse_before_an_index_is_not_a_label(latex):
    with pytest.raises(LatexError):
        parse_expr(latex)


def test_a_labelled_function_letter_is_still_called():
    v = parse_expr(r"g^k_a(r^k_a)")
    assert any(isinstance(n, sp.core.function.AppliedUndef) for n in sp.preorder_traversal(v))
