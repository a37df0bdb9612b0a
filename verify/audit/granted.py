"""Matrix properties a sheet gives a letter right beside a formula, for the generic check.

"$\\partial \\log\\det S / \\partial S = S^{-1}$ for $S$ symmetric positive definite": the check
of a formula no claim states draws S as any square matrix, where S^{-1} is not the gradient
(S^{-T} is); drawn as the sheet says, the two sides agree. Only words on the formula's own
line, after it or leading in to it ("for a symmetric $S$: ..."), and about a lone letter it
writes, count: they narrow where it claims to hold, so a refutation stands only where it
survives them (they can never make a line wrong).
"""
from __future__ import annotations

import re

from cheatsheet.sheets.conventions import lone_name, matrix_property
from .lead_in import own_after

# the strongest property first: "symmetric positive definite" is pd
_STRONGEST_FIRST = ("pd", "psd", "orthogonal", "diagonal", "symmetric")


def _property(words: str) -> str | None:
    return matrix_property(words, _STRONGEST_FIRST)


def says_a_property(words: str) -> bool:
    """Do the words give some matrix a property (symmetric, definite, orthogonal, diagonal)?"""
    return _property(words or "") is not None


def granted_beside(f, nxt) -> tuple:
    """(name, property) pairs the words after formula ``f`` give a lone letter on its line
    ("for $S$ symmetric positive definite", "with $Q$ orthogonal")."""
    if nxt is None or nxt.line != f.line or nxt.segment is f.segment \
            or len((nxt.segment.before or "").split()) > 3:
        return ()
    name = lone_name(nxt.latex)
    prop = _property(re.split(r"[.;:,]", own_after(nxt.segment) or "")[0])
    return ((name, prop),) if name and prop else ()


def granted_before(prev, f) -> tuple:
    """(name, property) pairs the words leading in to formula ``f`` give the lone letter
    right before it on its line ("for a symmetric invertible $S$: $\\partial ... = ...$"):
    the same narrowing as words after it, said first."""
    if prev is None or prev.line != f.line or prev.segment is f.segment \
            or len((f.segment.before or "").split()) > 1:
        return ()
    name = lone_name(prev.latex)
    prop = _property(re.split(r"[.;:,]", prev.segment.before or "")[-1])
    return ((name, prop),) if name and prop else ()


def restricted(specs: dict, granted: tuple) -> dict:
    """The symbols' kinds with each square matrix the sheet qualifies drawn as it says; {}
    when none of the granted letters is a square matrix of this reading."""
    out = {}
    for name, prop in granted:
        kind = specs.get(name, "")
        if kind.startswith("square("):
            out[name] = prop + kind[len("square"):]
    return {**specs, **out} if out else {}
