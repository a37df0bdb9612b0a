"""Reader gaps that left formulas of other sheets unread or misread (issue 8): conditions
written beside a formula (a premise or a range) and the comment column of an aligned row.

Each test uses notation of its own (other letters than the sheets that showed the gap) and
fails without the reading it names.
"""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import parse


# -- conditions written beside a formula -----------------------------------------------------------

def test_a_condition_beside_a_formula_is_its_premise():
    st = parse(r"g(u) = \sqrt{u}, \quad u \ge 0")
    assert len(st.relations) == 1 and [p.op for p in st.premises] == [">="]
    st = parse(r"\ln(uv) = \ln u + \ln v \qquad (u, v > 0)")
    assert len(st.relations) == 1 and len(st.premises) == 2
    st = parse(r"\ln(uv) = \ln u + \ln v, u, v > 0")
    assert len(st.relations) == 1 and len(st.premises) == 2


def test_a_range_beside_a_formula_is_a_premise_in_the_whole_numbers():
    st = parse(r"y_m = 3^m, \quad m = 0, 1, \dots")
    assert len(st.relations) == 1 and len(st.premises) == 1
    assert "Range(0, oo" in str(st.premises[0].lhs)
    st = parse(r"z_j = j^2, \quad j = 1, \ldots, M")
    assert "Range(1, M + 1" in str(st.premises[0].lhs)


def test_a_comparison_of_two_names_or_an_equation_stays_a_statement():
    assert len(parse(r"g(u) = 1, \quad u \le v").relations) == 2
    assert len(parse(r"c_{kl} = c_{lk}, c_{kk} = 0").relations) == 2
    assert len(parse(r"0 < u < 1").relations) == 2  # alone it is what the line states


def _formulas(latex):
    from cheatsheet.sheets import Segment, formulas_of

    return [f.latex for f in formulas_of(Segment(latex=latex, line=1, display=True))]


def test_the_sheet_keeps_a_condition_or_range_with_its_formula():
    assert _formulas(r"g(u) = \sqrt{u}, \quad u \ge 0") == [r"g(u) = \sqrt{u}, \quad u \ge 0"]
    assert _formulas(r"y_m = 3^m, \quad m = 0, 1, \dots") == [r"y_m = 3^m, \quad m = 0, 1, \dots"]
    assert len(_formulas(r"c_{kl} = c_{lk}, \quad c_{kk} = 0")) == 2


def test_the_comment_column_of_an_aligned_row_is_not_part_of_the_formula():
    got = _formulas(r"\begin{aligned} u &= v + 1 && \text{(step one)} \\ "
                    r"w &= 2u && \text{by the rule} \end{aligned}")
    assert got == ["u &= v + 1", "w &= 2u"]
