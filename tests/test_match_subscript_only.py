"""Which names stand only in subscripts (cheatsheet.match.align.subscript_only), read in one
pass over the formula: walking back to each name's enclosing brace cost a long formula its
length squared (issue 12)."""
from __future__ import annotations

from cheatsheet.match.align import subscript_only
from cheatsheet.match.tokens import tokenize


class _Counted(list):
    """A token list that counts how often its items are read."""

    reads = 0

    def __getitem__(self, k):
        _Counted.reads += 1
        return super().__getitem__(k)


def test_names_inside_subscript_groups_and_outside_them():
    assert subscript_only(tokenize(r"w_{u_{r}} + q_r")) == {"u", "r"}
    assert subscript_only(tokenize(r"w_{u} + u")) == set()
    assert subscript_only(tokenize(r"\frac{a}{b_c} + {c}_d")) == {"d"}  # {c}: no subscript
    assert subscript_only(tokenize(r"y_{k+1} = y_k + h")) == {"k"}


def test_a_closing_brace_with_none_open_closes_nothing():
    toks = tokenize(r"a } + x_{m } + m")
    assert subscript_only(toks) == set()
    assert subscript_only(tokenize(r"a } + x_{m }")) == {"m"}


def test_a_long_formula_is_read_once_not_once_per_name():
    toks = tokenize(" + ".join(r"z_{p} \cdot u" for _ in range(150)))
    _Counted.reads = 0
    found = subscript_only(_Counted(toks))
    assert found == {"p"}
    assert _Counted.reads <= 4 * len(toks)  # (walking back: ~len^2 / 4 reads)
