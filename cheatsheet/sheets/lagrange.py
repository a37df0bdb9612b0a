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
    if not functions or _argument_unsaid(toks, functions):
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


def _argument_unsaid(toks: list[str], functions: frozenset) -> bool:
    """Does a function the formula calls on something (f in (f(g))') stand bare elsewhere (f'g')?
    Then its argument there is unsaid: f'g' may be f'(g) g' written short, or f'(x) g'(x)."""
    def called(k: int) -> bool:
        return next((u for u in toks[k + 1:] if not u.isspace()), "") == "("

    spots = [(t[0], called(k)) for k, t in enumerate(toks) if t[0] in functions]
    return any(name in {n for n, c in spots if c} for name, c in spots if not c)


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
        # (u/v)': the ratio written as a fraction, as the rules of the catalog write it
        inner = re.sub(r"^\s*([A-Za-z])\s*/\s*([A-Za-z])\s*$", r"\\frac{\1}{\2}", inner)
        derived = inner.strip() if _one_call(inner) else rf"\left({inner}\right)"
        out = out[:start] + rf"\frac{{d}}{{d{v}}}{derived}" + out[m.end():]


def _one_call(inner: str) -> bool:
    """Is the bracket's content one function called (f(g) in (f(g))'), which needs no bracket
    of its own: d/dx f(g(x)), as the chain rule is written?"""
    m = re.match(r"\s*[A-Za-z]\s*\(", inner)
    if m is None:
        return False
    depth = 0
    for k in range(m.end() - 1, len(inner)):
        depth += {"(": 1, ")": -1}.get(inner[k], 0)
        if depth == 0:
            return not inner[k + 1:].strip()
    return False


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


def skeleton(latex: str) -> str:
    """The formula with its letters made alike and its brackets and spacing left out: what a
    derivative's left side does to its functions (a product, a ratio, a composition),
    whatever they are called. ``\\frac{d}{dx}\\left(u(x)v(x)\\right)`` and ``\\frac{d}{dx}
    (f(x) g(x))`` have one skeleton; ``(u(x) + v(x))`` another."""
    out = re.sub(r"\\(?:left|right)\b|\\[,;:! ]", "", latex)
    out = re.sub(r"\\[dt]frac\b", r"\\frac", out)
    out = re.sub(r"(\\[A-Za-z]+)|[A-Za-z]'*", lambda m: m.group(1) or "N", out)
    return re.sub(r"[\s{}()]", "", out)
