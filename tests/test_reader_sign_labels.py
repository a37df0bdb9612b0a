"""A lone minus superscript labels a name (a filter's prior S^-), and a plus beside it in the
same formula labels its posterior S^+; elsewhere ^+ keeps its meanings (pseudo-inverse,
positive part) and ^{-1} stays an inverse."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet.latex import parse, parse_expr


def _names(expr) -> set[str]:
    return {str(s) for s in expr.free_symbols}


def test_a_lone_minus_superscript_is_part_of_the_name():
    st = parse(r"S^{-}_t = G S_{t-1} G^T + W")
    lhs = st.relations[0].lhs
    assert isinstance(lhs, (sp.Symbol, sp.MatrixSymbol))
    assert "minus" in str(lhs) and str(lhs) != "S_t"


def test_unbraced_minus_on_an_accented_name():
    v = parse_expr(r"\tilde{m}^- + 1")
    assert any("minus" in n and "m" in n for n in _names(v))


def test_plus_beside_a_minus_label_is_the_posterior_not_a_pseudo_inverse():
    st = parse(r"\mathbf{S}^{+} = (\mathbf{I} - \mathbf{G}\mathbf{C})\mathbf{S}^{-}")
    rel = st.relations[0]
    assert "pinv" not in str(rel.lhs) and "plus" in str(rel.lhs)
    assert str(rel.lhs) != str(rel.rhs.args[-1])  # S^+ and S^- are two quantities


def test_plus_alone_keeps_its_meanings():
    assert isinstance(parse_expr(r"y^+"), sp.Max)
    assert "pinv" in str(parse_expr(r"\mathbf{B}^{+}"))


def test_minus_one_is_still_an_inverse():
    assert parse_expr(r"q^{-1}") == 1 / sp.Symbol("q", real=True)


def test_the_matchers_tokens_name_the_labels_as_the_reader_does():
    from cheatsheet.match.tokens import tokenize

    idents = [t.ident for t in tokenize(r"S^{+} = (I - G C) S^{-}") if t.ident]
    assert "S_plus" in idents and "S_minus" in idents
    assert "S_plus" not in [t.ident for t in tokenize(r"S^{+} = S^{T}")]


def test_a_lone_minus_beside_a_negative_power_of_the_same_letter_is_no_label():
    """``Q^{-} B Q^{-1/2}``: the letter is raised to a negative power in the same formula, so
    its lone minus is a power cut short (a slip), not a prior's label: unreadable, as before
    sign labels, never a quantity Q_minus of its own."""
    from cheatsheet.latex import LatexError, parse

    with pytest.raises(LatexError):
        parse(r"M = Q^{-} B Q^{-\frac{1}{2}}")
    assert "Q_minus" in str(parse(r"M = Q^{-} B Q^{\top}"))
