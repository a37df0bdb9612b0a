"""A letter the sheet defines once as an expression of others (``$q = 1 - p$``) in table cells.

Tables of laws abbreviate: a sheet says "q = 1 - p" in its conventions and then writes the
binomial's variance as ``npq`` and the geometric's as ``q/p^2``. A cell holds no relation of
its own, so nothing else tells the reader what q is; with the definition put in, the cell is
the law's quantity in the law's own parameters. A definition holds for the cells of its own
section and the sections under it (the whole sheet when the sheet calls it a convention or
its notation), and only a plain one counts: one lower-case letter equal
to a sum of numbers and other single letters, not a relation the sheet derives.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .model import Sheet

_SHEET_WIDE = re.compile(r"\b(conventions?|notations?|throughout|everywhere)\b", re.I)
_ALIAS = re.compile(r"^\s*([a-z])\s*=\s*([0-9a-z][0-9a-z+\-\s]*)$")


# a command (kept whole: \\epsilon has an e but is no e), a word in \\text{...}, or one letter
# (npq is n times p times q)
_PIECE = re.compile(r"\\(?:text|mathrm|operatorname|textrm)\s*\{[^{}]*\}|\\[A-Za-z]+|([A-Za-z])")


def _uses(latex: str, name: str) -> bool:
    return any(m.group(1) == name for m in _PIECE.finditer(latex))


def alias_of(latex: str) -> tuple[str, str] | None:
    """(letter, expression) when the math only defines a letter as a sum of others."""
    m = _ALIAS.match(latex)
    if m is None:
        return None
    name, body = m.group(1), m.group(2).strip()
    letters = set(re.findall(r"[a-z]", body))
    if name in letters or not letters or not re.search(r"[+\-]", body):
        return None
    return name, body


def with_aliases(sheet: Sheet) -> Sheet:
    """The sheet with each table cell given the definitions in force where it stands."""
    made: list[tuple[tuple, int, str, str]] = []  # (heading path, line, letter, expression)
    for seg in sheet.segments:
        if seg.cell:
            continue
        found = alias_of(seg.latex)
        if found:
            # said as the sheet's convention ("Conventions: ..., $q = 1 - p$"): everywhere
            said = " ".join([seg.before, seg.block, seg.lead] +
                            [b.text for b in sheet.blocks if b.line == seg.line])
            made.append(((), seg.line, *found) if _SHEET_WIDE.search(said)
                        else (seg.heading_path, seg.line, *found))
    if not made:
        return sheet
    segments = []
    for seg in sheet.segments:
        here = {}
        if seg.cell:
            path = seg.heading_path
            for where, line, name, body in made:  # the latest in force wins
                if line < seg.line and path[:len(where)] == where and _uses(seg.latex, name):
                    here[name] = body
        segments.append(replace(seg, aliases=tuple(here.items())) if here else seg)
    sheet.segments = segments
    return sheet


def put_aliases(latex: str, aliases) -> str:
    """The cell with each defined letter replaced by its expression, bracketed."""
    for name, body in aliases:
        latex = _PIECE.sub(lambda m: f"({body})" if m.group(1) == name else m.group(0), latex)
    return latex
