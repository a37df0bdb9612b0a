"""Notation a sheet announces in words ("primes are transposes", "vectors are underlined")
holds from the announcing line to the end of the sheet: one home for that scope rule and for
what counts as the sheet's math, shared by primes.py, t_transposes.py and underlined.py."""
from __future__ import annotations

import re
from typing import Callable

# the math of a sheet's text: $$...$$, $...$ (one line), \[...\]
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$|\\\[.+?\\\]", re.S)


def rewrite_math_after(text: str, offset: int | None, rewrite: Callable[[str], str]) -> str:
    """The text with ``rewrite`` applied to each piece of math from the line holding ``offset``
    (the announcing words: that line's own math too) to the end; unchanged when ``offset`` is
    None. No line moves, so findings keep their line numbers."""
    if offset is None:
        return text
    start = text.rfind("\n", 0, offset) + 1
    return text[:start] + MATH.sub(lambda m: rewrite(m.group(0)), text[start:])
