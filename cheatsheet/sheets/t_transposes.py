"""A sheet that says its transpose is a superscript t (``\\mathsf{A}^{t}``, ``x^{\\mathsf{t}}``)
has those superscripts read as transposes.

Without the words a ``^t`` stays what the reader makes of it (a power, or a transpose of a
name already known to be a matrix), because t is as often a step or an exponent
(``\\beta_1^t``, ``e^{t}`` in a moment generating function, ``\\rho^t`` of a convergence rate) —
so the rule is the announcement, not "t is used nowhere else": a sheet that never names a
step t still writes Adam's ``\\beta_1^t``.  With the words in force (from their line to the end
of the sheet, as for primes, ``primes.py``) a ``^{t}`` / ``^t`` / ``^{\\mathsf{t}}`` /
``^{\\mathrm{t}}`` inside math is written ``^{\\top}`` — only on what may be a vector or a
matrix: a bold, arrowed or sans-serif name, a capital (Latin or Greek), or a bracket holding
one.  On a lower-case plain letter, a number or e it stays a power.
"""
from __future__ import annotations

import re

from .announced import rewrite_math_after

# a lower-case t (case kept when the words are matched without it: ^T needs no announcing)
_T = r"(?-i:\\math(?:sf|rm|it)\s*\{\s*t\s*\}|\\text(?:rm|sf)?\s*\{\s*t\s*\}|t)"
# math that shows the mark: $t$, $^t$, $\mathsf{A}^{t}$, $A^{\mathsf{t}}$
_T_MATH = r"\$\s*(?:[^$]{0,40}\^\s*\{?\s*" + _T + r"\s*\}?|" + _T + r")\s*\$"
_ART = r"(?:an?\s+|the\s+)?"
_SAYS = re.compile(
    r"\btranspos\w*\s+(?:is|are)\s+(?:written\s+|denoted\s+|marked\s+|indicated\s+|shown\s+)?"
    r"(?:with\s+|by\s+|as\s+)?" + _ART + r"(?:superscript(?:ed)?\s+)?" + _T_MATH
    + r"|\btranspos\w*\s*[(,:]\s*" + _T_MATH
    + r"|(?:superscript\s+)?" + _T_MATH + r"\s+(?:is|denotes|means|stands\s+for|marks|for)\s+"
    + _ART + r"transpos", re.I)
_SUP = re.compile(r"\^\s*(?:\{\s*" + _T + r"\s*\}|\\math(?:sf|rm)\s*\{\s*t\s*\}|t(?![A-Za-z]))")
_SUBSCRIPT = re.compile(r"_\s*(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9])$")
_FONT = r"\\(?:mathbf|boldsymbol|bm|vec|mathsf|overrightarrow)"
_ARRAY_BASE = re.compile(
    _FONT + r"\s*(?:\{[^{}]*\}|[A-Za-z])$|(?<![\\A-Za-z])[A-Z]$"
    r"|\\(?:Sigma|Lambda|Phi|Psi|Theta|Omega|Gamma|Delta|Pi|Xi|Upsilon)$")
_ARRAY_INSIDE = re.compile(_FONT + r"|(?<![\\A-Za-z])[A-Z](?![A-Za-z])")
_PAIRS = {")": "(", "]": "["}


def announced(text: str) -> int | None:
    """Where the sheet's words say a superscript t is a transpose (an offset), or None."""
    m = _SAYS.search(text)
    return m.start() if m else None


def _array_base(before: str) -> bool:
    """May what stands before a ``^t`` be a vector or a matrix?"""
    before = _SUBSCRIPT.sub("", before.rstrip()).rstrip()
    if _ARRAY_BASE.search(before):
        return True
    if before[-1:] in _PAIRS:  # (\vec{x} - \vec{m})^t: a bracket holding an array's name
        close, depth = before[-1], 0
        for i in range(len(before) - 1, -1, -1):
            depth += (before[i] == close) - (before[i] == _PAIRS[close])
            if depth == 0:
                return bool(_ARRAY_INSIDE.search(before[i + 1:-1]))
    return False


def _transposed(math: str) -> str:
    out, last = [], 0
    for m in _SUP.finditer(math):
        if _array_base(math[:m.start()]):
            out += [math[last:m.start()], "^{\\top}"]
            last = m.end()
    out.append(math[last:])
    return "".join(out)


def with_t_transposes(text: str) -> str:
    """The sheet's text with its superscript-t transposes written ``^{\\top}`` in the math after
    the words that say so (unchanged where no words say so); no line moves."""
    return rewrite_math_after(text, announced(text), _transposed)
