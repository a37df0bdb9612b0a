"""A sheet that says a prime is a transpose (``X'X``, ``\\mathbf{x}_i'\\boldsymbol{\\beta}``,
the econometrics habit) has its primes read as transposes.

Left as primes, ``X'`` is a name of its own (the matcher's ``X_prime``, a next value or a
derivative): ``X'X = VDV'`` then matches no SVD claim letter for letter, and the claim's
renaming of X leaves the primed X as it was. With the announcement in force (from its line to
the end of the sheet) every prime on a name, a bold name or a bracket inside ``$...$`` /
``\\[...\\]`` math is written ``^{\\top}`` before the sheet is read, as its own macros are,
the formula still quoted as written. A prime that is surely a derivative stays one: two
primes, or one on a lower-case letter or a command (``\\sigma'(t)``, ``f'(x)``) called with
an argument. Bare plain-text cribs (no math delimiters) are left alone: their quotes and
apostrophes cannot be told from primes.
"""
from __future__ import annotations

import re

# "a prime is a transpose", "primes denote transposes", "' for the transpose", "transposes
# are written with a prime"
_SAYS = re.compile(
    r"\bprimes?\s+(?:is|are|means?|denotes?|stands?\s+for|marks?|for)\s+(?:an?\s+|the\s+)?"
    r"transpos|\btranspos\w*\s+(?:is|are)\s+(?:written|denoted|marked)\s+(?:with|by|as)\s+"
    r"(?:an?\s+)?prime", re.I)
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$|\\\[.+?\\\]", re.S)
# a prime (not one of two) after a name, a group or a bracket: typed ' or written as the
# command, ^{\prime} / ^\prime (not ^{\prime\prime})
_PRIME = re.compile(r"(?<=[A-Za-z0-9}\)\]])(?:'(?!')(?<!'')"
                    r"|\^\s*(?:\{\s*\\prime\s*\}|\\prime(?![A-Za-z]))(?!\s*')(?!\s*\^\s*\{?\s*\\prime))")
_BOLD_GROUP = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{[^{}]*\}(?:_\{[^{}]*\}|_\\?\w)?$")
# functions by name (the activations, the elementary functions): a prime on them is f'
_FUNCTION = re.compile(r"\\(?:sigma|tanh|sinh|cosh|sin|cos|tan|exp|log|ln|arctan|operatorname\s*"
                       r"\{[^{}]*\})$")
_FUNCTION_BEFORE = re.compile(r"(?:(?<![A-Za-z\\])[a-z]|\\[A-Za-z]+(?:\{[^{}]*\})?)$")


def announced(text: str) -> int | None:
    """Where the sheet's words say a prime is a transpose (an offset in ``text``), or None."""
    m = _SAYS.search(text)
    return m.start() if m else None


def _derivative(math: str, at: int, end: int) -> bool:
    """Is the prime at ``math[at:end]`` a derivative: a function's called with an argument, or
    one of a function the sheet cannot mean as a matrix (``\\tanh' = 1 - \\tanh^2``)?"""
    before = math[:at]
    if _FUNCTION.search(before):
        return True
    if not re.match(r"\s*\(", math[end:]):
        return False
    if _BOLD_GROUP.search(before):
        return False
    return bool(_FUNCTION_BEFORE.search(before))


def _transposed(math: str) -> str:
    out, last = [], 0
    for m in _PRIME.finditer(math):
        if _derivative(math, m.start(), m.end()):
            continue
        out.append(math[last:m.start()])
        out.append("^{\\top}")
        last = m.end()
    out.append(math[last:])
    return "".join(out)


def with_prime_transposes(text: str) -> str:
    """The sheet's text with its primes written as transposes in the math after the words that
    say so (unchanged where no words say so); no line moves."""
    start = announced(text)
    if start is None:
        return text
    start = text.rfind("\n", 0, start) + 1  # (the announcing line's own math too)
    tail = _MATH.sub(lambda m: _transposed(m.group(0)), text[start:])
    return text[:start] + tail
