"""Notation that is no part of a slip: an inline quotient, a result named by another letter.

A sheet writes ``softmax(Q K^T / d_k) V`` where the claim's right form writes
``\\frac{QK^T}{\\sqrt{d_k}}``: the slash and the \\frac are one quotient in two notations, and the
brackets the slash needs around a sum (``p(x) / (q(x) + r(x))``) are that notation's too. Left
in, they make the one dropped square root look like three edits. Likewise the claim's canonical
form may name its result by a bare letter of its own (``O = ...``) where the sheet writes
``Attn(Q, K, V) = ...``: a name of the result, not a symbol of the formula.

Both are taken out only where nothing is lost by it: quotients only where both sides write the
same number of them (so a quotient written or left out is still an edit), brackets only where
they group an operand of the slash (a function's call brackets stay), and a left side only where
the claim's is one letter the sheet writes nowhere.
"""
from __future__ import annotations

from cheatsheet.match import split_relation

_QUOTIENTS = {"/", "\\frac"}
# what stands before a bracket that opens a whole numerator
_BEFORE_WHOLE = {"(", "[", "=", "+", "-", ","}


def _key(t) -> str:
    return t.ident or t.key


def _group_end(toks: list, k: int) -> int | None:
    """The index of the bracket closing the one opened at ``k``."""
    depth = 0
    for j in range(k, len(toks)):
        if _key(toks[j]) == "(":
            depth += 1
        elif _key(toks[j]) == ")":
            depth -= 1
            if depth == 0:
                return j
    return None


def _group_start(toks: list, k: int) -> int | None:
    """The index of the bracket opening the one closed at ``k``."""
    depth = 0
    for j in range(k, -1, -1):
        if _key(toks[j]) == ")":
            depth += 1
        elif _key(toks[j]) == "(":
            depth -= 1
            if depth == 0:
                return j
    return None


def _without_slashes(toks: list) -> list:
    """The tokens with each slash dropped, and the brackets that only group its operands."""
    drop = set()
    for k, t in enumerate(toks):
        if _key(t) != "/":
            continue
        drop.add(k)
        if k + 1 < len(toks) and _key(toks[k + 1]) == "(":
            end = _group_end(toks, k + 1)
            if end is not None:
                drop |= {k + 1, end}
        if k > 0 and _key(toks[k - 1]) == ")":
            start = _group_start(toks, k - 1)
            # only brackets around the whole numerator: those of a call (f(x) / g) or of one
            # factor of it (v^T (u + w) / x) are the formula's own
            if start is not None and (start == 0 or _key(toks[start - 1]) in _BEFORE_WHOLE):
                drop |= {start, k - 1}
    return [t for k, t in enumerate(toks) if k not in drop]


def quotients_alike(a: list, b: list) -> tuple[list, list]:
    """Both token lists with their quotients' notation taken out, where one side writes a slash
    the other writes as \\frac and both write as many quotients; else both as given."""
    ka, kb = [_key(t) for t in a], [_key(t) for t in b]
    slashes = ka.count("/") + kb.count("/")
    count = lambda ks: sum(1 for x in ks if x in _QUOTIENTS)  # noqa: E731
    if not slashes or count(ka) != count(kb) or ka.count("/") == kb.count("/"):
        return a, b
    strip = lambda toks: [t for t in _without_slashes(toks) if _key(t) != "\\frac"]  # noqa: E731
    return strip(a), strip(b)


def result_renamed(sheet: list, right: list, written: set) -> tuple[list, list]:
    """The right sides alone where the right form names its result by one letter the sheet
    writes nowhere (the claim's O for the sheet's Attn(Q, K, V)); else both as given."""
    mine, theirs = split_relation(sheet), split_relation(right)
    if mine is None or theirs is None or _key(mine[1][0]) != _key(theirs[1][0]):
        return sheet, right
    left = [t for t in theirs[0] if t.norm or t.ident is not None]
    if len(left) != 1 or left[0].ident is None or left[0].ident in written:
        return sheet, right
    if [_key(t) for t in mine[0]] == [_key(t) for t in theirs[0]]:
        return sheet, right
    return mine[2], theirs[2]
