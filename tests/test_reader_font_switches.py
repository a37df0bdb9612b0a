"""Plain TeX font switches in a group read as the font commands: {\\rm T} as \\mathrm{T} (a
transpose, and after a minus the inverse transpose), {\\bf v} as \\mathbf{v}, {\\cal N} as
\\mathcal{N} (font_switches)."""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import parse, parse_expr
from cheatsheet.latex.base import is_matrix


def test_rm_t_is_a_transpose_before_a_name():
    v = parse_expr(r"\mathbf{g}^{\rm T}\mathbf{M}\mathbf{g}")
    assert v == parse_expr(r"\mathbf{g}^\top\mathbf{M}\mathbf{g}")


def test_minus_rm_t_is_the_inverse_transpose():
    v = parse_expr(r"\mathbf{Q}^{-{\rm T}}")
    assert v == sp.Inverse(sp.Transpose(parse_expr(r"\mathbf{Q}")))
    assert parse_expr(r"\mathbf{Q}^{-\mathrm{T}}") == v  # the command spelled out: the same


def test_bf_and_cal_groups_are_bold_and_calligraphic():
    v = parse_expr(r"{\bf c}^{\rm T} {\bf d}")
    assert v == parse_expr(r"\mathbf{c}^\top \mathbf{d}")
    st = parse(r"{\cal L}(w) = {\rm sum}")
    assert str(st.relations[0].lhs) == str(parse(r"\mathcal{L}(w) = 1").relations[0].lhs)


def test_upright_word_in_a_rm_group_is_one_name():
    a = parse_expr(r"2 {\rm err}")
    assert a == parse_expr(r"2 \mathrm{err}")
    assert not is_matrix(a)


def test_audit_decides_rm_transposes_both_ways():
    from audit_helpers import audit_text

    sheet = ("# Transposes\n\n"
             "Product: $(\\mathbf{G}\\mathbf{H})^{\\rm T} = \\mathbf{H}^{\\rm T}\\mathbf{G}^{\\rm T}$\n\n"
             "Product: $(\\mathbf{G}\\mathbf{H})^{\\rm T} = \\mathbf{G}^{\\rm T}\\mathbf{H}^{\\rm T}$\n")
    verdicts = {f.line: f.verdict for f in audit_text(sheet)}
    assert verdicts == {3: "ok", 5: "wrong"}
