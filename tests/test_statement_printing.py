"""A statement prints as SymPy's ``sstr`` prints it, without negating every matrix product it
meets to choose parentheses (cheatsheet/statement.py; issue 12: every counterexample prints
its relation)."""
from __future__ import annotations

import sympy as sp
import pytest
from sympy.matrices.expressions.matexpr import MatrixExpr

from cheatsheet.catalog import get_catalog
from cheatsheet.statement import Relation, sstr
from cheatsheet.verify.parsing import parse_cached

G, H = sp.MatrixSymbol("G", 4, 4), sp.MatrixSymbol("H", 4, 4)
u, v = sp.MatrixSymbol("u", 4, 1), sp.MatrixSymbol("v", 4, 1)
c, t = sp.symbols("c t")

OWN = [
    -3 * G * H,                      # a negative coefficient, printed with its sign
    G * H - 2 * H * G,               # a difference of products
    (G - H) * (G + H) * u,           # sums inside a product
    -(G * H).T * u,                  # a transposed product under a minus
    (G * H).I - sp.Rational(1, 2) * H.T * G,
    c * sp.exp(t) * G * u + v,       # a scalar function as a factor
    (u.T * G * v)[0, 0] * c,
    sp.sqrt(c) * (-G) * H * (G - H).T,
    sp.I * G * H - (1 - sp.I) * H,   # complex coefficients
]


@pytest.mark.parametrize("expr", OWN, ids=range(len(OWN)))
def test_matrix_products_print_as_sympy_prints_them(expr):
    assert sstr(expr) == sp.sstr(expr)


def test_a_relation_prints_without_negating_its_products(monkeypatch):
    rel = Relation(G * H * u - 2 * H.T * v, "=", (G - H) * (-u))
    expected = f"{sp.sstr(rel.lhs)} = {sp.sstr(rel.rhs)}"

    def no_negation(self):
        raise AssertionError("a matrix product was negated to be printed")

    monkeypatch.setattr(MatrixExpr, "__neg__", no_negation)
    assert str(rel) == expected


def test_a_sample_of_the_catalogs_matrix_forms_prints_as_sympy_prints_them():
    """Every 8th claim's forms (canonical and wrong) that hold a matrix product."""
    cat = get_catalog()
    sides = []
    for claim in list(cat)[::8]:
        for latex in [claim.latex, *claim.wrong]:
            try:
                st = parse_cached(latex, claim.declarations, layout=claim.layout)
            except Exception:  # unreadable forms are the reader's tests' business
                continue
            sides += [e for r in st.relations for e in (r.lhs, r.rhs) if e.has(sp.MatMul)]
    assert len(sides) > 20
    assert [sstr(e) for e in sides] == [sp.sstr(e) for e in sides]
