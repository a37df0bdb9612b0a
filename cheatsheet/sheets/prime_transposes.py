"""Primes read as transposes on a sheet that says so ("a prime is a transpose").

Statistics texts (ESL, many regression courses) write X'X for X^T X and x_i'beta for x_i^T
beta. Read as the prime of analysis, X' is another matrix and X'X an ill-sized product, so
every such line was left unchecked, right or wrong. A sheet that announces the notation in
its prose has each prime that is not a function's (f'(x), sigma'(t): a call follows) read as
^\\top; the finding still quotes the math as written. Without that announcement primes are
left as they are: on most sheets f' and x' are a derivative and another point.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .model import Sheet

# the announcement: "a prime is a transpose", "primes denote transposes", "' for transpose",
# "transposes are written with a prime"
_SAID = re.compile(
    r"primes?\s+(?:is|are|denotes?|means?|stands?\s+for|marks?|for)\s+(?:a\s+|the\s+)?"
    r"transpos|transpos\w*\s+(?:is\s+|are\s+)?(?:written|denoted|marked)\s+(?:with|by|as)\s+"
    r"(?:a\s+)?prime", re.I)
# a prime after a closing bracket ((y - X b)'(y - X b): no function's name ends there), or
# after a letter, digit or brace but not before a call (F'(x) is a derivative); not doubled
_PRIME = re.compile(r"(?<=[)\]])'(?!')|(?<=[A-Za-z0-9}])'(?!')(?!\s*\()")


def announces_prime_transposes(sheet: Sheet) -> bool:
    """Does the sheet's prose say that a prime marks a transpose?"""
    return any(_SAID.search(b.text) for b in sheet.blocks)


def as_transposes(latex: str) -> str:
    """The math with each transpose prime written ^\\top (derivative primes kept)."""
    return _PRIME.sub(r"^\\top ", latex)


def with_prime_transposes(sheet: Sheet) -> Sheet:
    """The sheet with its primes read as transposes where it announces them."""
    if not announces_prime_transposes(sheet):
        return sheet
    segments = []
    for seg in sheet.segments:
        read = as_transposes(seg.latex)
        segments.append(seg if read == seg.latex else
                        replace(seg, latex=read, written=seg.written or seg.latex))
    sheet.segments[:] = segments
    return sheet
