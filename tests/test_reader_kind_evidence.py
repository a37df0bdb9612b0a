"""What the notation itself says about a name: a transpose on an undeclared lower-case name
makes it a column vector (a number is never transposed), and a Greek letter's name spelled in
letters is that letter only where the reading is sure."""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import parse
from audit_helpers import audit_text


def _kinds(latex, decls=None):
    st = parse(latex, decls or {})
    return {str(s): type(s).__name__ for s in st.free_symbols}


def test_a_transposed_name_is_a_vector():
    assert _kinds(r"\nabla_z z^T B z = 2 B z")["z"] == "MatrixSymbol"
    kinds = _kinds(r"(u - v)^T (u - v) = u^T u - 2 u^T v + v^T v")
    assert kinds["u"] == kinds["v"] == "MatrixSymbol"


def test_a_declared_number_or_a_bound_index_keeps_its_kind():
    assert _kinds("z^T = z", {"z": "real"})["z"] == "Symbol"
    st = parse(r"\sum_{k=1}^{n} k^T = \frac{n(n+1)}{2}")
    assert not any(isinstance(s, sp.MatrixSymbol) for s in st.free_symbols)


def _verdicts(text):
    return [f.verdict for f in audit_text(text, name="sheet.md")]


def test_the_gradient_of_a_quadratic_form_is_decided_as_vectors():
    # read as numbers, 2Bz held and the general (B + B^T) z needed a symmetric B
    assert _verdicts("- $\\nabla_z z^T B z = (B + B^T) z$\n") == ["ok"]
    assert _verdicts("- $\\nabla_z z^T B z = 2 B z$\n") == ["unchecked"]  # B symmetric only
    assert _verdicts("- $(u - v)^T (u - v) = u^T u - u^T v + v^T v$\n") == ["wrong"]


def test_short_greek_names_only_in_plain_text():
    assert str(parse("mu/2 = 1")) == str(parse(r"\mu/2 = 1"))
    assert str(parse(r"\frac{mu}{2} = 1")) == str(parse(r"\frac{m u}{2} = 1"))  # LaTeX: m times u
    assert str(parse(r"\frac{rho}{2} = 1")) == str(parse(r"\frac{r h o}{2} = 1"))
    # a long name is the letter anywhere: nobody multiplies l, a, m, b, d, a
    assert str(parse(r"\frac{lambda}{2} = 1")) == str(parse(r"\frac{\lambda}{2} = 1"))


def test_a_name_after_a_row_is_a_column():
    # w^T x: the inner product of two columns, not a row times a number
    assert _kinds(r"\mathbf{w}^T u = 1")["u"] == "MatrixSymbol"
    assert _kinds(r"z^T B z = 1")["B"] == "Symbol"  # a capital there: left to the check's readings
    assert _verdicts("- $\\nabla_u c^T u = c$\n") == ["ok"]
