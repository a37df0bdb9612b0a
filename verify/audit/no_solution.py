"""An equation (or an inequality) no value satisfies: wrong however the sheet means it.

The generic check does not call an equation with a number on one side wrong for failing on
random values (``x w + b = 0`` is a boundary, ``w^0 = 0`` a start: conditions on unknowns, not
identities). That excuse needs a value that satisfies it. ``\\sigma(-z) = 1``, ``\\tanh(u) = 2``
or ``\\sin^2 x + \\cos^2 x = 2`` hold for no real value at all, so they are false as an identity
and as a condition alike. Only what SymPy settles is used: the sides' difference simplifies to
a number other than 0, or, in one unknown and through a function that is no polynomial (whose
complex roots a sheet may mean: ``\\lambda^2 + 1 = 0``), its real solutions are none.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet import ops
from ..timelimit import CheckTimeout, cpu_limit

_SECONDS = 2.0
# a limit or an approximation said beside it: "e^{-x} = 0 as x -> infinity" is a limit
_LIMIT_MATH = re.compile(r"\\to\b|\\rightarrow|\\longrightarrow|\\infty|\\lim\b|\\approx|\\sim\b")
# and words that pose it as a condition to solve ("set the derivative to 0", "if", "s.t.")
_LIMIT_WORDS = re.compile(r"\b(?:as|large|small|big|limit|limits|tends?|approach\w*|"
                          r"asymptot\w*|saturat\w*|set|setting|solve|solving|solutions?|roots?|"
                          r"stationary|optimal|optimum|such that|s\.t\.|if|iff|when|whenever|"
                          r"where|until)\b", re.I)


def _plain_scalar(expr, specs: dict) -> bool:
    """Only real scalars and elementary functions (the sigmoid among them): nothing whose
    meaning the reader guessed beyond that."""
    if any(isinstance(n, (sp.MatrixSymbol, AppliedUndef, sp.Derivative, sp.Integral, sp.Sum,
                          sp.Product))
           or (isinstance(n, ops.Op) and not isinstance(n, ops.Sigmoid))
           for n in sp.preorder_traversal(expr)):
        return False
    return all(specs.get(str(s)) == "real" for s in expr.free_symbols)


def never_holds(stmt, specs: dict, latex: str, line_math: str = "", line_words: str = "") \
        -> str | None:
    """Why one equation of the statement holds for no value (in words), or None when each
    may hold for some value or SymPy cannot tell."""
    if _LIMIT_MATH.search(f"{latex} {line_math}") or _LIMIT_WORDS.search(line_words or ""):
        return None
    for r in stmt.relations:
        if r.op not in _HOLDS or not (r.lhs.is_number or r.rhs.is_number):
            continue
        diff = r.lhs - r.rhs
        if not diff.free_symbols or not _plain_scalar(diff, specs):
            continue
        try:
            with cpu_limit(_SECONDS):
                why = _no_value(diff, r.op)
        except CheckTimeout:
            why = None
        except Exception:  # noqa: BLE001 - what SymPy cannot settle decides nothing
            why = None
        if why:
            return f"{_said(r.lhs)} {_SIGN[r.op]} {_said(r.rhs)} holds {why}"
    return None


def _said(expr) -> str:
    return sp.sstr(expr).replace("**", "^").replace("*", " ")


_SIGN = {"=": "=", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
# what a relation says of the difference of its sides
_HOLDS = {"=": sp.Eq, "<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan,
          ">=": sp.GreaterThan}


def _no_value(diff, op: str) -> str | None:
    names = sorted(diff.free_symbols, key=str)
    real = {s: sp.Symbol(str(s), real=True) for s in names}
    d = sp.simplify(diff.subs(real).rewrite(sp.exp))
    if d.is_number:
        holds = _HOLDS[op](d, 0) if d.is_real else None
        return "for no value: its two sides always differ by the same number" \
            if holds is sp.false else None
    if len(names) != 1:
        return None
    (x,) = real.values()
    numerator = sp.together(d).as_numer_denom()[0]
    if numerator.is_polynomial(x):
        return None
    if sp.solveset(_HOLDS[op](d, 0), x, domain=sp.S.Reals) is sp.S.EmptySet:
        return f"for no real value of {x}"
    return None
