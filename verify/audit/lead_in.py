"""Which words after a formula speak of it, and which lead in to the next one.

A display's ``after`` words run up to the next math of its paragraph. After an align block of
MGFs, "Gamma with shape $\\alpha$ and rate $\\beta$:" is a sentence of its own that introduces
the formulas after it: the Gamma it names is not the law of the Poisson MGF above it. A
sentence that begins after the display (a capital, not a word pointing back such as "where"
or "here") and runs on into more math, unfinished or ending in a colon, is the next
formula's lead-in. Only words that tell which law a formula is about are kept from it; the
formula's own sentence, and a note closed by its full stop, still speak of it.
"""
from __future__ import annotations

import re

# words that open a sentence about what was just displayed, not about what follows
_BACK = {"where", "here", "this", "that", "these", "those", "it", "its", "which", "note",
         "for", "i.e", "e.g", "and", "or", "so", "thus", "hence", "then", "valid", "holds",
         "true", "only", "if", "when", "with", "as", "in", "under", "same", "similarly"}
_OPENS = re.compile(r"^([A-Z][a-z]+)\b")


def leads_on(seg) -> bool:
    """Do the words after a displayed formula begin a sentence of their own that runs on into
    the next math (the next formula's lead-in)?"""
    after = (getattr(seg, "after", "") or "").strip()
    if not getattr(seg, "display", False) or not after:
        return False
    m = _OPENS.match(after)
    if m is None or m.group(1).lower() in _BACK:
        return False
    return after.endswith(":") or not re.search(r"[.!?)\]]$", after)


def own_after(seg) -> str:
    """The words after a formula that may speak of it ('' when they lead in to the next)."""
    return "" if leads_on(seg) else (seg.after or "")


def after_of_its_own(seg) -> str:
    """The words after a formula that surely speak of it: '' also where they run on,
    unfinished, into the next math ("... and the marginal is $p(x_a) = ...$" names the next
    formula, whatever word it opens with). Stricter than ``own_after``, for rules that take
    a named claim from the words (a word of the next formula must not name this one's)."""
    after = (seg.after or "").strip()
    return "" if not re.search(r"[.!?;)\]]$", after) else own_after(seg)

