"""An entry whose subscript is a run of single letters, one of them bound by a sum, names a
multi-index entry: ``\\sum_q T_{pq} u_q`` reads ``T[p, q]``, never ``T[p*q]`` (a product of indices
makes a right line differ from its reading and a wrong one agree with it).  A subscript with a
number in it (``y_{3q}``) is still one index, a product."""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import parse_expr
from cheatsheet.symbols import Declarations


def _entries(expr):
    return sorted((str(e.base), tuple(str(i) for i in e.indices)) for e in expr.atoms(sp.Indexed))


def test_free_and_bound_letter_make_two_indices():
    assert _entries(parse_expr(r"\sum_{q} T_{pq} u_q")) == [("T", ("p", "q")), ("u", ("q",))]


def test_primed_bound_letter_is_an_index():
    assert _entries(parse_expr(r"\sum_{b'} G_{b'a}")) == [("G", ("b_prime", "a"))]


def test_repeated_letter_is_a_diagonal_entry_not_a_square():
    assert _entries(parse_expr(r"\sum_{c} D_{cc}")) == [("D", ("c", "c"))]


def test_both_letters_bound():
    assert _entries(parse_expr(r"\sum_{p}\sum_{q} H_{qp}")) == [("H", ("q", "p"))]


def test_declared_size_letter_is_a_row_index():
    d = Declarations.from_mapping({"m": "dim"})
    assert _entries(parse_expr(r"\sum_{q=1}^{m} z_{mq}", d)) == [("z", ("m", "q"))]


def test_number_in_the_subscript_stays_a_product():
    assert _entries(parse_expr(r"\sum_{q} y_{3q}")) == [("y", ("3*q",))]


def test_letter_naming_a_vector_keeps_the_old_reading():
    # a subscript letter that is a declared vector is not an index: no two-index entry is made
    d = Declarations.from_mapping({"v": "vector(n)", "n": "dim"})
    assert all(len(e.indices) == 1 for e in parse_expr(r"\sum_{q} S_{vq}", d).atoms(sp.Indexed))


def test_no_sum_keeps_the_name():
    # outside a sum the run of letters is part of the name, as before
    assert parse_expr(r"T_{pq}").atoms(sp.Indexed) == set()


def test_greek_or_text_subscript_is_a_name_not_letters():
    # \theta is one symbol, not the letters t, h, e, t, a (t bound by the sum)
    e = parse_expr(r"\sum_{t} p_\theta(x_t)")
    assert not any(len(i.indices) > 1 for i in e.atoms(sp.Indexed))
    assert _entries(parse_expr(r"\sum_{t} D_{\text{ta}} x_t")) == [("x", ("t",))]


def test_commas_between_letters_make_the_same_entry():
    assert _entries(parse_expr(r"\sum_{r} F_{p,r} G_{r,q}")) == [("F", ("p", "r")), ("G", ("r", "q"))]


def test_primed_free_letter_is_the_primed_name():
    # i' not bound: the index is the name i_prime (as a lone i' reads), never i_prime * j
    assert _entries(parse_expr(r"\sum_{v} K_{u'v}")) == [("K", ("u_prime", "v"))]
