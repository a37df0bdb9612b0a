"""A chain read as a claim, with the members that speak of names the claim does not know left out.

``\\hat\\lambda = n / \\sum_i x_i = 1 / \\bar x`` read as the exponential MLE: the claim knows
lambda-hat, n and x, not x-bar, so the whole chain fails the claim's check by scope alone ("a
name it uses is not the claim's"), which says nothing about the formula. A chain states every
link of it, and what follows from them: with a member left out, ``a = b = c`` still states
``a = c`` (``a <= b = c`` states ``a <= c``). So the chain without the members that use a
foreign name is checked by the claim: if that part fails, the chain fails with it (a
refutation of what the chain states, decided by the claim's own check); if it holds, the part
the claim states is right and the rest is beyond it (unchecked, saying so). Relations that do
not compose (``a \\le b \\ge c``) leave nothing to check.
"""
from __future__ import annotations

from cheatsheet.match import split_relation
from cheatsheet.match.tokens import Tok, rebuild, tokenize

_UP = {"<", r"\le", r"\leq", r"\leqslant"}
_DOWN = {">", r"\ge", r"\geq", r"\geqslant"}
_STRICT = {"<", ">"}


def members(latex: str) -> tuple[list[list[Tok]], list[Tok]] | None:
    """The members of a chain of three or more and the relation tokens between them, or None
    (not a chain, or a relation other than =, < , <=, >, >=)."""
    try:
        toks = tokenize(latex)
    except Exception:  # noqa: BLE001 - a formula the tokeniser trips on is no chain
        return None
    out, rels = [], []
    rest = toks
    while True:
        split = split_relation(rest)
        if split is None:
            out.append(rest)
            break
        left, rel, rest = split
        out.append(left)
        rels.append(rel[0])
    if len(out) < 3 or any(not m for m in out):
        return None
    if any(r.norm != "=" and r.norm not in _UP | _DOWN for r in rels):
        return None
    return out, rels


def _composed(a: Tok, b: Tok) -> Tok | None:
    """The relation between the members around a left-out one (a R b S c -> a T c)."""
    if a.norm == "=":
        return b
    if b.norm == "=":
        return a
    if (a.norm in _UP) != (b.norm in _UP):
        return None  # a <= b >= c says nothing of a and c
    return a if a.norm in _STRICT else b


def without(chain: tuple[list[list[Tok]], list[Tok]], k: int) -> str | None:
    """The chain's LaTeX with member ``k`` left out, or None when what remains states nothing
    the chain states."""
    mems, rels = chain
    if k == 0:
        mems, rels = mems[1:], rels[1:]
    elif k == len(mems) - 1:
        mems, rels = mems[:-1], rels[:-1]
    else:
        joined = _composed(rels[k - 1], rels[k])
        if joined is None:
            return None
        mems = mems[:k] + mems[k + 1:]
        rels = rels[:k - 1] + [joined] + rels[k + 1:]
    toks: list[Tok] = list(mems[0])
    for rel, mem in zip(rels, mems[1:]):
        toks += [rel, *mem]
    return rebuild(toks)


def foreign_names(chain: tuple[list[list[Tok]], list[Tok]], k: int) -> str:
    """The names only member ``k`` writes, in plain words (t̄, or "a name" when none)."""
    from .explain import _plain

    mems = chain[0]
    others = {t.ident for j, m in enumerate(mems) if j != k for t in m if t.ident}
    own = {}
    for t in mems[k]:
        if t.ident and t.ident not in others:
            own.setdefault(t.ident, t.raw)
    shown = [_plain(raw) for raw in own.values()][:3]
    return ", ".join(shown) if shown else "a name"
