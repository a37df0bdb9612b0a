"""The tokeniser's plain-text passes (Greek words, operator and quantity names, one-line
derivatives) skip a formula that has nothing for them (issue 12: walking every token was about
half of tokenising, which every reading and the matcher's index go through). Skipping must
give exactly the tokens the walk gives, positions included."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cheatsheet.latex import _plain_text, _pre

# pieces that make runs of touching letters (Greek names, operator names, counts), differential
# marks, and the commands and brackets around them
PIECES = ["q", "w", "r", "k", "e", "t", "a", "n", "u", "m", "g", "h", "l", "o", "p", "i", "s",
          "T", "P", "F", "N", "R", "S", "E", "K", "L", "d", "x", "y", " ", "/", "(", ")", "[",
          "]", "{", "}", "^", "_", "+", "-", "=", "2", "\\partial", "\\mathrm{d}", "\\mathrm d",
          "\\nu", "\\frac", "\\cdot", "\\sum", "ρ", "ŷ", "²", "|", "\\|"]


def _walked(latex: str) -> list:
    """The tokens with every pass walking all tokens (no early return)."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(_plain_text, "_GREEK_IN", lambda s: True)
        m.setattr(_plain_text, "_PLAIN_IN", lambda s: True)
        m.setattr(_plain_text, "_has_d_mark", lambda toks: True)
        return _with_places(_pre._tokens.__wrapped__(latex))


def _with_places(toks) -> list:
    return [(str(t), getattr(t, "start", None), getattr(t, "end", None)) for t in toks]


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=18))
def test_skipping_gives_the_tokens_the_walk_gives(pieces):
    latex = "".join(pieces)
    assert _with_places(_pre._tokens.__wrapped__(latex)) == _walked(latex)


def test_each_pass_still_rewrites_what_it_is_for():
    # a Greek name, an operator before a bracket, a count in capitals, a one-line derivative
    for latex, token in [("rho/4 + q", r"\rho"), ("Tr(W) + KL(g, h)", r"\operatorname{Tr}"),
                         (r"\frac{FN}{FN + TN}", r"\text{FN}"), ("dv/dz = 3 z^2", r"\frac")]:
        toks = [str(t) for t in _pre._tokens.__wrapped__(latex)]
        assert token in toks, (latex, toks)
        assert _with_places(_pre._tokens.__wrapped__(latex)) == _walked(latex)


def test_a_formula_with_nothing_for_them_is_not_walked(monkeypatch):
    calls = []
    for name in ("_letter_run", "_d_mark"):
        real = getattr(_plain_text, name)
        monkeypatch.setattr(_plain_text, name,
                            lambda *a, _real=real, _name=name: calls.append(_name) or _real(*a))
    toks = _pre._tokens.__wrapped__(r"\|q_k - q^\star\|_2 \le c^k \|q_0 - q^\star\|_2")
    assert toks and calls == []
