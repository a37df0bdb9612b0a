"""A plain-text crib types the elementwise product as ``(.)`` (``u (.) v``, where TeX writes
``\\odot``): the reader takes it for that product (cheatsheet/latex/_plain_text.py,
``elementwise_dots``). Before, the dot in brackets was read as "a row of dots" and every gate
line of an ASCII LSTM was refused (red team 21). ``f(.)`` -- the bracket touching a name -- is a
placeholder argument, and a ``(.)`` with no value after it is no product: both stay as written.
Letters and wording here are our own, not the red team's."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

from cheatsheet.latex import parse
from cheatsheet.latex._pre import tokens

SAME = [
    ("s = a (.) b", r"s = a \odot b"),
    ("q = (1 - u_k) (.) p_{k-1} + u_k (.) r_k", r"q = (1 - u_k) \odot p_{k-1} + u_k \odot r_k"),
    ("e_j = (V^T d) (.) w", r"e_j = (V^T d) \odot w"),
]


@pytest.mark.parametrize("plain, latex", SAME)
def test_a_dot_in_brackets_between_values_is_the_elementwise_product(plain, latex):
    assert parse(plain) == parse(latex)


@pytest.mark.parametrize("plain", ["y = g(.)", "g (.) = 0", "y = a + (.)", "u = (.) v"])
def test_a_placeholder_or_a_lone_dot_is_no_product(plain):
    assert r"\odot" not in tokens(plain)


SHEET = ("Gated memory cell, PyTorch's letters; (.) is the Hadamard product\n"
         "\n"
         "h_n = o_n (.) tanh(c_n)\n")


def test_a_gate_line_typed_with_dots_is_checked():
    """The LSTM's output line in index n holds by the claim's check (was: cannot read)."""
    (found,) = audit_text(SHEET, name="gates.txt")
    assert (found.verdict, found.claim) == ("ok", "lstm.gates")
