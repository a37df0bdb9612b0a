"""Names a sheet gives a value on a line of their own, subscripted ones too: ``$N_k =
\\sum_{i=1}^{n} r_{ik}$``, ``$\\hat y_i = \\sigma(x_i^T \\beta)$``, in force for the rest of the
section (and the sections below it).

A later formula may write the value where the catalog writes the name (the mixing weight as
(1/n) times the sum of responsibilities, where the claim has N_k / N), or the name where the
catalog writes the value. Either way the formula read letter by letter resembles no claim
surely; read with the name folded back in (or its value put in) it may. definitions.py keeps
the one-letter names and the functions, each for a line or two; these reach further, so they
only ever give an extra reading (verify/audit/folded.py), never replace the plain one.
"""
from __future__ import annotations

import re

from .definitions import Definition, _unaligned

# a name: a letter or Greek letter, perhaps accented or in bold, perhaps with a subscript
_NAME = (r"(?:\\(?:hat|bar|tilde|mathbf|boldsymbol|bm)\s*\{?\s*)?\\?[A-Za-z]+\s*\}?"
         r"(?:\s*_\s*(?:\{[A-Za-z0-9,\s]+\}|[A-Za-z0-9]))?")
_GIVEN = re.compile(rf"^\s*({_NAME})\s*(?:=|:=|\\coloneqq)\s*(.+?)\s*$", re.S)
_ACCENT = re.compile(r"\\(?:hat|bar|tilde)(?![A-Za-z])")  # (x-bar is no x: x_i in its value)
_RELATION = re.compile(r"=|\\le|\\ge|<|>|\\approx|\\sim|\\propto|\\in\b")
# a value worth folding back: it writes an operator, not just another name
_OPERATOR = re.compile(r"\\(?:sum|prod|frac|dfrac|tfrac|int|sqrt|operatorname|cdot)(?![A-Za-z])"
                       r"|\\(?!(?:mathbf|boldsymbol|bm|mathrm|hat|bar|tilde)\b)[A-Za-z]+\s*"
                       r"(?:\(|\\left\b)|[-+/]")


def squeezed(latex: str) -> str:
    """``latex`` with one-character scripts braced and the spaces LaTeX ignores dropped
    (``\\sum_{i=1}^{n} r_{ik}`` and ``\\sum_{i=1}^n r_{ik}`` alike), so two writings of one
    value compare equal as text."""
    out = re.sub(r"([_^])\s*(\\[A-Za-z]+|[A-Za-z0-9])", r"\1{\2}", latex.strip())
    return re.sub(r"\s+", lambda m: " " if _letters_around(m) else "", out)


def _letters_around(m: re.Match) -> bool:
    s, a, b = m.string, m.start(), m.end()
    return 0 < a and b < len(s) and s[a - 1].isalpha() and s[b].isalpha()


def _top_level(latex: str) -> str:
    """``latex`` without what its braces hold (the i = 1 of a sum's bounds)."""
    out, depth = [], 0
    for ch in latex:
        depth += ch == "{"
        if depth == 0:
            out.append(ch)
        depth -= ch == "}" and depth > 0
    return "".join(out)


def bare(name: str) -> str:
    """The name without its font and spaces (``\\mathbf{x}_i`` -> ``x_i``)."""
    return re.sub(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*(\\?[A-Za-z]+)\s*\}", r"\1",
                  squeezed(name))


def _recursive(base: str, subscripted: bool, body: str) -> bool:
    """Does the value write the name itself (x_t = x_{t-1} + v_t is a recursion)? For a
    subscripted name, only the letter with a subscript counts: N_k = sum_{i=1}^{N} r_{ik}
    writes the total N, another name. (An accented name is only its own value's if that
    writes it accented: u_s in the value of u-bar is another name.)"""
    tail = r"\s*_" if subscripted else ""
    return bool(re.search(rf"(?<![\\A-Za-z]){re.escape(base)}(?![A-Za-z]){tail}", body))


def value_given(latex: str, line: int) -> Definition | None:
    """The name a formula gives a value that writes an operator, or None: no chain, no
    recursion (the name in its own value), no function of an argument (definitions.py)."""
    m = _GIVEN.match(_unaligned(latex))
    if not m:
        return None
    name, body = m.group(1).strip(), m.group(2).strip()
    base = re.sub(r"\\(?:hat|bar|tilde|mathbf|boldsymbol|bm)\s*\{?\s*|[{}\s]", "",
                  name).split("_")[0]
    if not base or _RELATION.search(_top_level(body)) or not _OPERATOR.search(body) or "," in body \
            or _recursive(base, "_" in name, body) and not _ACCENT.match(name) \
            or squeezed(name) in squeezed(body):
        return None
    return Definition(name, None, body, line)
