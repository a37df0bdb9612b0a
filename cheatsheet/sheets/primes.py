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

Without the words, a prime is read as a transpose only where no other reading fits it: on a
bold or capital name (or a bracket holding one) standing directly before another factor of a
product (``\\mathbf{x}'\\mathbf{x}``, ``(X'X)^{-1}X'y``, ``(y - X b)'(y - X b)``), on a sheet
that writes no other transpose mark (``^T``, ``^\\top``...). Read as a name of its own, such a
prime makes a product whose sizes clash, and the clash would be taken for a typo. A second point
(``k(x, x')``, ``\\|x - x'\\|``), a next value (``H' = ...``) or a derivative (``F'(x)``,
``K_X'(0)``: a bracket holding no vector or matrix) is followed by no factor and stays a prime.
"""
from __future__ import annotations

import re

from .announced import MATH, rewrite_math_after

# "a prime is a transpose", "primes denote transposes", "' for the transpose", "transposes
# are written with a prime"
_SAYS = re.compile(
    r"\bprimes?\s+(?:is|are|means?|denotes?|stands?\s+for|marks?|for)\s+(?:an?\s+|the\s+)?"
    r"transpos|\btranspos\w*\s+(?:is|are)\s+(?:written|denoted|marked)\s+(?:with|by|as)\s+"
    r"(?:an?\s+)?prime", re.I)
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


# another way of writing a transpose: ^T, ^{\top}, ^\intercal, ^{\mathsf{T}}, ^{\rm T}
_OTHER_TRANSPOSE = re.compile(
    r"\^\s*\{?\s*(?:\\(?:math(?:sf|rm|bf|it)|text(?:rm|sf)?)\s*\{\s*T\s*\}|\\rm\s*T|T(?![A-Za-z])"
    r"|\\top(?![A-Za-z])|\\intercal(?![A-Za-z])|\\mathsf\s*T)")
_GREEK = ("alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|"
          "nu|xi|pi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|"
          "Sigma|Upsilon|Phi|Psi|Omega")
# a factor of a product following the prime: a letter (not the d of an integral's dx), a bold
# or Greek name, an opening bracket
_FACTOR_AFTER = re.compile(
    r"\s*(?:\\[,;!: ]\s*)*(?:(?P<open>(?:\\(?:left|bigl?|Bigl?|biggl?|Biggl?)\s*)?[(\[])|(?!d(?:[A-Za-z]|\\))[A-Za-z]"
    r"|\\(?:mathbf|boldsymbol|bm|vec|mathsf|tilde|hat|bar)(?![A-Za-z])|\\(?:" + _GREEK + r")(?![A-Za-z]))")
_ONE_NAME = re.compile(r"\s*(?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])"
                       r"(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?\s*$")
_CLOSE = {"(": ")", "[": "]"}


def _bracket_inside(after: str) -> str | None:
    """What the bracket opening ``after`` holds (None if it is not closed)."""
    start = after.index("(") if "(" in after[:12] and (
        "[" not in after[:12] or after.index("(") < after.index("[")) else after.index("[")
    open_, close, depth = after[start], _CLOSE[after[start]], 0
    for i in range(start, len(after)):
        depth += (after[i] == open_) - (after[i] == close)
        if depth == 0:
            return after[start + 1:i]
    return None


def _on_array(before: str) -> bool:
    """May what stands before the prime be a vector or a matrix (a bold or capital name, a
    bracket holding one; a capital after another, V D V')?"""
    from .t_transposes import _SUBSCRIPT, _array_base

    return _array_base(before) or bool(
        re.search(r"(?<![\\a-z])[A-Z]$", _SUBSCRIPT.sub("", before.rstrip()).rstrip()))


def _transposing(math: str, at: int, end: int) -> bool:
    """Is the prime at ``math[at:end]`` surely a transpose on a sheet that says nothing of
    primes: on a vector or matrix, directly before another factor of a product?"""
    from .t_transposes import _ARRAY_INSIDE

    if not math[at:end].startswith("'") or not _on_array(math[:at]):
        return False
    m = _FACTOR_AFTER.match(math, end)
    if not m:
        return False
    if m.group("open"):
        # F'(x), K_X'(0), f'(\mathbf{x}): a derivative called with its argument; a transpose
        # multiplies a bracket holding a vector or a matrix in an expression (X'(y - Xb))
        inside = _bracket_inside(math[m.start("open"):])
        if inside is None or not _ARRAY_INSIDE.search(inside) or _ONE_NAME.match(inside):
            return False
    return True


_NAME_END = re.compile(r"(?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])"
                       r"(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]))?\s*$")


def _argument(math: str, at: int, end: int) -> bool:
    """Is the primed name at ``math[:at]`` an argument of a call, a second point
    (``k(\\mathbf{x}, \\mathbf{x}')``, ``\\phi(\\mathbf{x}')``), not a factor?"""
    name = _NAME_END.search(math[:at])
    before = math[:name.start()].rstrip() if name else math[:at].rstrip()
    after = math[end:].lstrip()
    if before.endswith(",") or after.startswith(","):
        return True
    called = re.search(r"(?:[A-Za-z}]|\\[A-Za-z]+)\s*(?:\\left\s*)?\($", before)
    return bool(called) and re.match(r"(?:\\right\s*)?\)", after) is not None


def _unannounced(math: str) -> str:
    """The formula with its transposing primes written ``^{\\top}``; once one prime in it is
    a transpose, so is every prime on a vector or matrix not called (``X'X = V D V'``)."""
    primes = [(m, _transposing(math, m.start(), m.end())) for m in _PRIME.finditer(math)]
    if not any(transposing for _, transposing in primes):
        return math
    out, last = [], 0
    for m, transposing in primes:
        if transposing or m.group(0) == "'" and _on_array(math[:m.start()]) \
                and not re.match(r"\s*(?:\\left\s*)?\(", math[m.end():]) \
                and not _argument(math, m.start(), m.end()):
            out += [math[last:m.start()], "^{\\top}"]
            last = m.end()
    out.append(math[last:])
    return "".join(out)


def may_transpose(math: str) -> bool:
    """Does a prime in this formula stand where a transpose would (on a vector or matrix,
    before another factor)? On a sheet that also writes transposes otherwise it is not read as
    one, but a size clash it makes is no sure sign of a typo."""
    return any(_transposing(math, m.start(), m.end()) for m in _PRIME.finditer(math))


def writes_other_transposes(text: str) -> bool:
    """Does the sheet's math write a transpose some other way than a prime?"""
    return any(_OTHER_TRANSPOSE.search(m.group(0)) for m in MATH.finditer(text))


def with_prime_transposes(text: str) -> str:
    """The sheet's text with its primes written as transposes in the math after the words that
    say so, or (no words saying so) those that can be nothing else; no line moves."""
    start = announced(text)
    if start is None:
        if writes_other_transposes(text):
            return text
        return MATH.sub(lambda m: _unannounced(m.group(0)), text)
    return rewrite_math_after(text, start, _transposed)
