"""Conditions written beside a formula on its line, with no word to say so.

``\\log(ab) = \\log a + \\log b, \\quad a, b > 0``, ``H(p) = ..., \\quad 0 \\le p \\le 1`` and
``x_k = 2^k, \\quad k = 1, 2, \\dots`` state a formula and then where it holds.  Read as a
formula of its own, the tail is either unreadable (a row of dots) or, worse, a claim that
``a > 0`` for every a.  A tail that only compares plain names with numbers (or names with
names by ``\\neq``, ``<``), or runs a name over a list of whole numbers, is a premise of the
formula before it; a range ``k = 1, 2, \\dots`` / ``i = 1, \\dots, n`` becomes the membership
``k \\in \\{1, \\dots, \\infty\\}`` / ``i \\in \\{1, \\dots, n\\}`` the reader reads as a set of
whole numbers.

Works on the token lists of :mod:`._pre`; the sheet splitter asks :func:`is_side_condition`
so that such a tail stays with its formula.
"""
from __future__ import annotations

import re

from . import _pre as _p, _statements as _s

_ORDER = {"<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\neq", r"\ne", r"\leqslant", r"\geqslant"}
_DOTS = {r"\dots", r"\ldots", r"\cdots"}
_NUMBER_TOKS = {"-", "+", "/", "{", "}", r"\frac", r"\infty", r"\pi", "."}


def _is_number(toks: list[str]) -> bool:
    return bool(toks) and any(re.fullmatch(r"\d+(\.\d+)?", t) or t in (r"\infty", r"\pi")
                              for t in toks) and all(
        re.fullmatch(r"\d+(\.\d+)?", t) or t in _NUMBER_TOKS for t in toks)


def _name_end(toks: list[str], i: int) -> int | None:
    """End of one plain name at toks[i] (a letter or Greek letter, a subscript, primes)."""
    if i >= len(toks):
        return None
    t = toks[i]
    if not (re.fullmatch(r"[A-Za-z]", t) or re.fullmatch(r"\\[A-Za-z]+", t) and t.lstrip("\\")
            in _GREEK):
        return None
    j = i + 1
    if j + 1 < len(toks) and toks[j] == "_":
        if toks[j + 1] == "{":
            k = j + 2
            while k < len(toks) and toks[k] != "}":
                if toks[k] in ("{", "(", "[") or toks[k] in _ORDER or toks[k] == "=":
                    return None
                k += 1
            if k >= len(toks):
                return None
            j = k + 1
        else:
            j += 2
    while j < len(toks) and toks[j] == "'":
        j += 1
    return j


def _names(toks: list[str]) -> bool:
    """A comma list of plain names (``a, b``, ``\\lambda_i``, ``x'``)."""
    i = 0
    while True:
        j = _name_end(toks, i)
        if j is None:
            return False
        if j == len(toks):
            return True
        if toks[j] != ",":
            return False
        i = j + 1


def _split_at(toks: list[str], seps) -> tuple[list[list[str]], list[str]]:
    parts, ops, cur = [], [], []
    for t in toks:
        if t in seps:
            parts.append(cur)
            ops.append(t)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    return parts, ops


def _range(toks: list[str]) -> list[str] | None:
    """``k = 1, 2, \\dots`` / ``i = 1, \\dots, n`` / ``k = 0, 1, \\ldots``: the membership in the
    whole numbers it lists, as tokens; else None."""
    parts, ops = _split_at(toks, {"="})
    if ops != ["="] or _name_end(parts[0], 0) != len(parts[0]):
        return None
    items, _ = _split_at(parts[1], {","})
    if len(items) < 2 or not any(it and it[0] in _DOTS and len(it) == 1 for it in items):
        return None
    first = items[0]
    if not (len(first) == 1 and first[0].isdigit()):
        return None
    k = next(n for n, it in enumerate(items) if len(it) == 1 and it[0] in _DOTS)
    if not all(len(it) == 1 and it[0].isdigit() for it in items[1:k]):
        return None
    last = items[k + 1:]
    if len(last) > 1 or last and not (_name_end(last[0], 0) == len(last[0])
                                      or len(last[0]) == 1 and last[0][0].isdigit()):
        return None
    end = last[0] if last else [r"\infty"]
    like = toks[0]
    return [*parts[0], _p._like(like, r"\in"), _p._like(like, r"\{"), _p._like(like, first[0]),
            _p._like(like, ","), _p._like(like, r"\dots"), _p._like(like, ","),
            *(_p._like(like, t) for t in end), _p._like(like, r"\}")]


def side_condition(toks: list[str]) -> list[str] | None:
    """The premise a tail of a formula states (tokens, ranges written as memberships), or None
    when it states anything else."""
    toks = [t for t in toks if t not in ("&",)]
    while toks and toks[-1] in (",", ".", ";"):
        toks = toks[:-1]
    if len(toks) > 2 and toks[0] == "(" and toks[-1] == ")":
        toks = toks[1:-1]  # (a, b > 0)
    if not toks or any(t in ("(", "[", r"\{") for t in toks):
        return None
    rng = _range(toks)
    if rng is not None:
        return rng
    sides, ops = _split_at(toks, _ORDER)
    if not ops:
        return None
    names = [_names(s) for s in sides]
    if not any(names) or not all(n or _is_number(s) for n, s in zip(names, sides)):
        return None
    for (a, b), op in zip(zip(sides, sides[1:]), ops):
        if _names(a) and _names(b) and op not in (r"\neq", r"\ne", "<", ">"):
            return None  # x \le y between two names may well be what the line states
    return toks


def top_level(toks: list[str], seps) -> list[int]:
    """Positions of the separators ``seps`` outside every bracket and bar."""
    depth, out = 0, []
    for k, t in enumerate(toks):
        if t in _p._OPEN or t in (r"\lvert", r"\lVert"):
            depth += 1
        elif t in _p._CLOSE or t in (r"\rvert", r"\rVert"):
            depth -= 1
        elif depth == 0 and t in seps:
            out.append(k)
    return out


def trailing_condition(part: list[str]) -> list[str] | None:
    """``head, cond`` / ``head, \\quad cond`` (already split at \\quad by the caller) with a
    relation in head: ``cond \\implies head``; else None."""
    for k in top_level(part, {","}):
        head, tail = part[:k], part[k + 1:]
        if not _s._top_relations(head):
            continue
        cond = side_condition(tail)
        if cond is not None:
            return cond + [_p._like(part[k], r"\implies")] + head
    return None


def is_side_condition(latex: str) -> bool:
    """Does this piece of a line (the text after a formula) only state where it holds?"""
    try:
        return side_condition(_p.tokens(latex)) is not None
    except Exception:  # noqa: BLE001 - a piece the tokenizer trips on states no condition
        return False


from .names import GREEK as _GREEK  # noqa: E402
