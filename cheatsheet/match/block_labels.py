"""Numbered blocks of a partitioned matrix: ``\\Sigma_{12}`` read as ``\\Sigma_{ab}`` is.

Sheets number the blocks of a partitioned covariance 1, 2 (``\\Sigma_{11} - \\Sigma_{12}
\\Sigma_{22}^{-1}\\Sigma_{21}``, ``\\mu_{1|2}``) where the catalog may letter them
(``\\Sigma_{BB} - \\Sigma_{BA}\\Sigma_{AA}^{-1}\\Sigma_{AB}``). A letter pair is a subscript of
two index letters the matcher can rename; a number subscript is a label, one name with its base.
So the tokeniser reads the block numbers as letters (one unit per digit, renamed like any name)
only where the formula surely speaks of blocks: one capital (a matrix) or one bracketed matrix
``(M^{-1})_{12}`` carries two different two-digit subscripts and no lettered ones (not the
entries ``a_{11}``, ``a_{1n}`` of a row), or a subscript conditions one number on another
(``\\mu_{1|2}``). There the single-digit subscripts of those numbers (``\\mu_1``,
``\\mathbf{y}_2``: the blocks of a vector) are read so too; elsewhere numbers stay labels.
"""
from __future__ import annotations

import re

_CAPITAL = re.compile(r"[A-Z]|\\(?:Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Phi|Psi|Omega|Upsilon)")
_PAIR = re.compile(r"[1-9]{2}")
_BARS = {"|", r"\mid", r"\vert"}


def _group_end(raw: list[str], i: int) -> int:
    """Index after the brace group opening at raw[i] (or after the single token there)."""
    if i >= len(raw) or raw[i] != "{":
        return i + 1
    depth = 0
    for j in range(i, len(raw)):
        depth += {"{": 1, "}": -1}.get(raw[j], 0)
        if depth == 0:
            return j + 1
    return len(raw)


def _subscript(raw: list[str], k: int) -> tuple[list[str], int]:
    """The subscript opening after ``raw[k] == '_'`` (without its braces), and where it ends."""
    end = _group_end(raw, k + 1)
    inner = raw[k + 1:end]
    if inner[:1] == ["{"] and inner[-1:] == ["}"]:
        inner = inner[1:-1]
    return inner, end


def _base(raw: list[str], k: int) -> str | None:
    """The name a subscript at ``raw[k]`` belongs to: its letter (``\\mathbf{Q}``: Q), ``()``
    for a bracketed expression (``(M^{-1})_{12}``), else None."""
    if k == 0:
        return None
    prev = raw[k - 1]
    if prev in (")", r"\right)"):
        return "()"
    if prev == "}":  # a font's group: \boldsymbol{\Sigma}
        depth = 0
        for j in range(k - 1, -1, -1):
            depth += {"}": 1, "{": -1}.get(raw[j], 0)
            if depth == 0:
                inner = raw[j + 1:k - 1]
                return inner[0] if len(inner) == 1 else None
        return None
    return prev


def _digits_only(sub: list[str]) -> bool:
    """A subscript of digits only: ``{12}`` and ``{1 2}`` (spaced, two tokens) alike."""
    return bool(sub) and all(t.isdigit() for t in sub)


def _conditioned(sub: list[str]) -> list[str] | None:
    """``1 | 2``, ``1 \\mid 2``: the digits of a subscript conditioning one number on another."""
    if len(sub) == 3 and sub[1] in _BARS and sub[0].isdigit() and sub[2].isdigit() \
            and len(sub[0]) == len(sub[2]) == 1 and sub[0] != sub[2]:
        return [sub[0], sub[2]]
    return None


def block_digits(raw: list[str]) -> frozenset[str]:
    """The digits that number blocks in this formula's tokens (the reader's), or none."""
    pairs: dict[str, set[str]] = {}
    lettered: set[str] = set()
    digits: set[str] = set()
    for k, t in enumerate(raw):
        if t != "_":
            continue
        sub, _ = _subscript(raw, k)
        cond = _conditioned(sub)
        if cond:
            digits.update(cond)
            continue
        base = _base(raw, k)
        if base is None:
            continue
        text = "".join(sub)
        if _digits_only(sub) and _PAIR.fullmatch(text):
            pairs.setdefault(base, set()).add(text)
        elif re.search(r"[A-Za-z]", text):
            lettered.add(base)
    for base, subs in pairs.items():
        if len(subs) >= 2 and base not in lettered and (base == "()" or _CAPITAL.fullmatch(base)):
            digits.update("".join(subs))
    return frozenset(digits)


def block_subscript(sub: list[str], digits: frozenset[str]) -> list[str] | None:
    """The subscript's parts as block names (``12`` -> 1, 2; ``1 \\mid 2`` -> 1, |, 2; ``2``),
    when it numbers blocks among ``digits``; else None."""
    if not digits:
        return None
    text = "".join(sub)
    if _digits_only(sub) and len(text) <= 2 and set(text) <= digits:
        return list(text)
    cond = _conditioned(sub)
    if cond and set(cond) <= digits:
        return [str(t) for t in sub]  # (plain text: the reader's tokens carry positions)
    return None
