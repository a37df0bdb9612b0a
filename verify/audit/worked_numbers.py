"""Numbers worked out in a chain: ``N_p = (224/14)^2 = 196`` names a quantity, works it out
and states the result.

The link with the name is a definition (no claim need state it, and a name on one side only
may stand for anything), so the chain as a whole is not decided on its own. The links between
exact numbers are arithmetic, right or wrong as they stand: ``(224/14)^2`` is 256, whatever
``N_p`` is. Only exact numbers are judged: a decimal, a percentage or an approximation sign
anywhere in the chain may be a rounded value (and 1e-8, units or a degree sign beside a
number are no plain numbers to the reader), and a whole number that is a fraction rounded
(``(224 - 3)/2 + 1 = 111``, a floor left unsaid) is not called wrong either.
"""
from __future__ import annotations

import math
import re

import sympy as sp

from cheatsheet.latex import LatexError
from ..parsing import parse_cached
from .generic import _INEXACT

# 1e-8 typed as code (read as 1 times e, minus 8), a degree sign, words or units beside a
# number (10 GB, 7B), modular arithmetic: numbers the reader would take for others
_NOT_PLAIN = re.compile(r"\d\s*[eE]\s*[-+]?\s*\d|\\circ|\\text|\\mathrm|\\operatorname|\\mbox|"
                        r"\\[pb]?mod\b|\d\s*[A-Za-z]")


def _value(expr) -> float | None:
    """The real value of a closed expression, or None (a symbol, an unknown function, a
    complex number)."""
    if not expr.is_number or expr.free_symbols:
        return None
    try:
        z = complex(sp.N(expr, 30))
    except (TypeError, ValueError):
        return None
    if abs(z.imag) > 1e-12 * max(1.0, abs(z.real)) or not math.isfinite(z.real):
        return None
    return z.real


def _rounded(a: float, b: float) -> bool:
    """Is one side a whole number the other, a fraction, rounds to (down, up, nearest)?"""
    for x, y in ((a, b), (b, a)):
        if float(y).is_integer() and not float(x).is_integer() \
                and y in (math.floor(x), math.ceil(x), round(x)):
            return True
    return False


def worked_numbers_clash(latex: str, symbols: dict, layout: str = "denominator") -> str:
    """Why a chain's worked-out numbers are wrong ("256 on one side, 196 on the other"), or ''.
    Only chains that also name a quantity: a chain of numbers alone is arithmetic that the
    check on its own already decides."""
    if _INEXACT.search(latex) or _NOT_PLAIN.search(latex):
        return ""
    try:
        stmt = parse_cached(latex, dict(symbols or {}), layout=layout)
    except (LatexError, ValueError, TypeError):
        return ""
    if len(stmt.relations) < 2 or stmt.premises:
        return ""
    links = [(r, _value(r.lhs), _value(r.rhs)) for r in stmt.relations]
    if all(a is not None and b is not None for _, a, b in links):
        return ""  # numbers only: decided as arithmetic elsewhere
    for r, a, b in links:
        if r.op != "=" or a is None or b is None:
            continue
        if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or _rounded(a, b):
            continue
        return (f"the numbers it works out disagree: {_shown(a)} on one side, {_shown(b)} on "
                "the other")
    return ""


def _shown(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.6g}"
