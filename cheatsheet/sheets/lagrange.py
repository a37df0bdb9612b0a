"""Lagrange's prime notation with the argument left out: ``(f/g)' = (f'g - fg')/g^2``.

Calculus sheets state the rules of differentiation on bare function letters: a letter that
carries a prime somewhere is a function of one implicit variable, and a prime on a bracketed
expression is the derivative of that expression. The reader takes a prime only on a name, so
such a rule is unreadable as written; spelled out with the variable (``\\frac{d}{dx}(f(x)/g(x))
= (f'(x) g(x) - f(x) g'(x))/g(x)^2``) it is what the catalog's rules state. Letters never
primed stay constants ((cf)' = c f'). Sheets whose prime transposes (x'A) write capitals or
bold letters there, which are left alone.
"""
from __future__ import annotations

import re

# a command (its letters are no names), a letter with its primes, anything else
_TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z]'*|.", re.S)
_VARIABLES = ("x", "t", "u", "s", "z")
# writing a transpose, a composition, vectors or words: no place for this reading
_ELSEWHERE = re.compile(r"\\top|\^\s*\{?\s*T\b|\\circ|\\mathbf|\\boldsymbol|\\bm\b|\\vec"
                        r"|\\text|\\mathrm|\\operatorname|[A-Z]\s*'")


def spelled_out(latex: str) -> tuple[str, str, frozenset] | None:
    """(the formula with each function letter called on an implicit variable and each primed
    bracket a derivative, the variable, the function letters), or None when the formula has no
    prime on a bracket, or no primed lowercase letter, or writes a transpose (a primed
    capital), a composition, a vector or words."""
    if _ELSEWHERE.search(latex) or not re.search(r"\)\s*'", latex):
        return None
    toks = _TOKEN.findall(latex)
    names = [t for t in toks if t[0].isalpha()]
    functions = frozenset(t[0] for t in names if t.endswith("'"))
    if not functions:
        return None
    v = next((c for c in _VARIABLES if c not in {t[0] for t in names}), None)
    if v is None:
        return None
    out = _brackets_derived(latex, v)
    if out is None:
        return None
    toks = _TOKEN.findall(out)
    called = []
    for k, t in enumerate(toks):
        nxt = next((u for u in toks[k + 1:] if not u.isspace()), "")
        if t[0] in functions and t[0].isalpha() and nxt != "(":
            t = f"{t}({v})"  # f -> f(v), f' -> f'(v), unless already called
        called.append(t)
    return "".join(called), v, functions


def _brackets_derived(latex: str, v: str) -> str | None:
    """Each ``(E)'`` / ``\\left(E\\right)'`` as ``\\frac{d}{dv}\\left(E\\right)``; None when a
    prime closes no bracket it can match."""
    out = latex
    while True:
        m = re.search(r"\)\s*'", out)
        if m is None:
            return out
        k = m.start()  # the closing bracket
        depth, j = 0, k
        while j >= 0:
            depth += {")": 1, "(": -1}.get(out[j], 0)
            if depth == 0:
                break
            j -= 1
        if j < 0:
            return None
        left = re.search(r"\\left\s*$", out[:j])
        start = left.start() if left else j
        inner = re.sub(r"\\right\s*$", "", out[j + 1:k])
        out = out[:start] + rf"\frac{{d}}{{d{v}}}\left({inner}\right)" + out[m.end():]


def own_notation(expected: str, v: str, functions: frozenset) -> str:
    """A right form found for the spelled-out formula, told again without the variable the
    spelling added (f(x) back to f)."""
    toks = _TOKEN.findall(expected)
    out, k = [], 0
    while k < len(toks):
        t = toks[k]
        out.append(t)
        k += 1
        if t[0].isalpha() and t[0] in functions:
            rest = [(j, u) for j, u in enumerate(toks[k:], k) if not u.isspace()][:3]
            if [u for _, u in rest] == ["(", v, ")"]:
                k = rest[-1][0] + 1
    return "".join(out)
