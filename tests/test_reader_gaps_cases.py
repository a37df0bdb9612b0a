"""Reader gaps that left formulas of other sheets unread or misread (issue 8): a definition by
cases written in words (if ... else / otherwise).

Each test uses notation of its own (other letters than the sheets that showed the gap) and
fails without the reading it names.
"""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import parse


# -- a definition by cases written in words --------------------------------------------------------

def test_if_else_in_words_is_one_piecewise_definition():
    for latex in (r"g_c(r) = r^3 \text{ if } r \ge c \text{ else } c^3",
                  r"g_c(r) = r^3 \text{ if } r \ge c, \; c^3 \text{ otherwise}",
                  r"g_c(r) = r^3 \text{ if } r \ge c \quad c^3 \text{ otherwise}",
                  r"g_c(r) = r^3 \text{ if } r \ge c \text{ and } c^3 \text{ otherwise}"):
        st = parse(latex)
        assert len(st.relations) == 1 and not st.premises, latex
        pw = st.relations[0].rhs
        assert isinstance(pw, sp.Piecewise) and len(pw.args) == 2, latex
        r, c = sp.Symbol("r", real=True), sp.Symbol("c", real=True)
        assert pw.subs({r: 2, c: 1}) == 8 and pw.subs({r: 0, c: 1}) == 1, latex


def test_a_lone_if_stays_a_premise():
    st = parse(r"g(r) = r \text{ if } r > 0")
    assert len(st.relations) == 1 and [p.op for p in st.premises] == [">"]
