"""A plain-text sheet's relations ``<=``, ``>=``, ``!=`` are the relations TeX writes ``\\le``,
``\\ge``, ``\\ne`` (issue 8, red teams 12 and 20: every ``P(X >= a) <= ...`` of an ASCII sheet
was "a relation where a value belongs", so no tail bound of such a sheet was checked). Only two
touching characters: ``a < = b`` stays as written. Letters and bounds here are our own."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.latex._pre import tokens


def test_touching_characters_are_one_relation():
    assert tokens("P(W >= c) <= E[W]/c") == ["P", "(", "W", r"\geq", "c", ")", r"\leq", "E",
                                             "[", "W", "]", "/", "c"]
    assert tokens("v != 0") == ["v", r"\neq", "0"]
    assert tokens("a < = b") == ["a", "<", "=", "b"]
    # a plain formula stays plain: its spelled-out Greek letters are still read
    assert r"\nu" in tokens("P(|W - nu| >= r) <= s^2/r^2")


SHEET = """Tail bounds, typed in plain text

markov, W >= 0 and c > 0: $P(W >= c) <= BOUND$
"""


def test_a_plain_text_bound_is_decided():
    right = audit_text(SHEET.replace("BOUND", "E[W]/c"), name="bounds.txt")[-1]
    typo = audit_text(SHEET.replace("BOUND", "E[W]/c^2"), name="bounds.txt")[-1]
    assert (right.verdict, right.claim) == ("ok", "bound.markov")
    assert (typo.verdict, typo.claim) == ("wrong", "bound.markov")
