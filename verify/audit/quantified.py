"""A letter the words right after a rate quantify for it, which the rate never uses.

"linear convergence ($O(\\delta^t)$ for some $q < 1$)": the words bind q, a base below one,
for the formula before them, yet the formula's base is another letter, one the sheet defines
nowhere (or Euler's e, under which the rate grows).  Read as the sheet's words say, the rate is
O(q^t) and the formula's base is a slip: the same scope rule ``cheatsheet verify`` applies to a
recorded line whose words introduce a letter (a source's ``exists``, scope.unused_free).

Only this reading is sure: a power of one undefined letter (or e) with the iteration as its
exponent, "for some" and a bound below one on a letter the formula lacks.  "O(1/k) for some
step eta < 1" binds a letter of the method, not of the rate, and states no power to replace;
a base the sheet wrote before (rho = 1 - mu/L) is its own name for the rate, and is kept.
"""
from __future__ import annotations

import re

from cheatsheet.match.tokens import tokenize

_SOME = re.compile(r"^\s*(?:for|with)\s+some\s*$", re.I)
_LETTER = r"\\?[A-Za-z]+"
_BOUND = re.compile(rf"^\s*(?:0\s*(?:<|\\leq?|\\lt)\s*)?(?P<c>{_LETTER})\s*(?:<|\\lt)\s*1\s*$|"
                    rf"^\s*(?P<d>{_LETTER})\s*\\in\s*(?:\\left\s*)?[(\[]\s*0\s*,\s*1\s*"
                    r"(?:\\right\s*)?[)\]]\s*$")
_RATE = re.compile(r"^\s*(?:\\mathcal\s*\{\s*O\s*\}|\\mathcal\s*O|O)\s*(?:\\left\s*|\\big\s*)?\(\s*"
                   r"(?P<b>\\[A-Za-z]+|[A-Za-z])\s*\^\s*(?:\{\s*(?P<k1>[A-Za-z])\s*\}|(?P<k2>[A-Za-z]))"
                   r"\s*(?:\\right\s*|\\big\s*)?\)\s*$")


def _bare(name: str) -> str:
    return name.lstrip("\\")


def unused_rate_letter(latex: str, conv) -> tuple[str, str, str] | None:
    """(the quantified letter, the formula's base, the right form) when the words right after
    the rate bind a letter below one that the rate never uses, and its base is a letter
    nothing on the sheet defines (or e); else None."""
    after = tuple(conv.after or ())
    if len(after) < 2 or not _SOME.match(after[0] or ""):
        return None
    bound = _BOUND.match(after[1] or "")
    rate = _RATE.match(latex)
    if bound is None or rate is None:
        return None
    letter = bound.group("c") or bound.group("d")
    base, power = rate.group("b"), rate.group("k1") or rate.group("k2")
    try:
        used = {t.ident for t in tokenize(latex) if t.ident}
    except Exception:  # noqa: BLE001 - a formula the tokeniser trips on is left alone
        return None
    name = _bare(letter)
    if name in used or _bare(base) in (name, power) or name == power:
        return None
    if _bare(base) != "e":
        given = {d.name for d in tuple(conv.definitions) + tuple(conv.named)}
        if _bare(base) in conv.seen or _bare(base) in conv.symbols or _bare(base) in given:
            return None  # the sheet's own name for the rate's base
    right = latex[:rate.start("b")] + letter + (" " if letter.startswith("\\") else "") + \
        latex[rate.end("b"):]
    return letter, base, right


def reason(letter: str, base: str) -> str:
    from ..scope import display

    c, b = display(_bare(letter)), display(_bare(base))
    why = ("is Euler's number, under which the rate grows" if _bare(base) == "e" else
           "is defined nowhere on the sheet")
    return (f"the words after it introduce {c} (for some {c} below 1) for this rate, but it "
            f"never uses {c}; its base {b} {why}: the rate's base is {c}")
