"""A plain-text crib names what it defines with a word called like a function:
``Attn(Q, K, V) = softmax(...) V``, ``Gain(S, A) = ...``. Read letter by letter this was a
product in which a letter was called like a function, and the line was refused (red team 21's
ASCII sheets). ``named_calls`` (cheatsheet/latex/_plain_text.py) reads the word as one name,
as ``\\text{Attn}(Q, K, V)`` writes it, only where it opens the formula and its brackets close
before a relation. Wording and names here are our own."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

from cheatsheet.latex._pre import tokens

SHEET = ("Transformer block, typed plain\n"
         "one head: Attn(Q, K, V) = softmax(Q K^T / {scale}) V\n"
         "split gain: Gain(S, A) = H(S) - H(S | A)\n")


def test_a_word_called_at_the_head_of_a_formula_is_one_name():
    assert tokens("Attn(Q, K) = Q K^T")[0] == r"\text{Attn}"


@pytest.mark.parametrize("plain", ["abc(x + 1) + 2 = y", "y = Att(Q, K)", "Att(Q) K"])
def test_a_word_elsewhere_or_not_before_a_relation_is_left(plain):
    assert not any(t.startswith(r"\text") for t in tokens(plain))


def test_the_right_lines_are_read_and_hold():
    found = audit_text(SHEET.format(scale="sqrt(d_k)"), name="block.txt")
    assert found[0].verdict == "ok"
    # the gain line is read now (it resembles the information gain in other letters: unsure)
    assert found[1].verdict != "wrong" and "cannot read" not in found[1].reason


def test_the_scale_without_its_root_is_not_called_right():
    found = audit_text(SHEET.format(scale="d_k"), name="block.txt")
    assert found[0].verdict != "ok"
