"""A sheet that says its vectors are underlined (``\\underline{x}``, the signal-processing and
engineering habit) has those underlines read as the bold of a vector.

Left as it is, an underline is an accent: ``\\underline{m}_n`` is a name of its own, no
claim's ``m_n``, and every formula in the sheet's vector letters leaves one name unmatched.
An underline also marks a lower bound or a lower limit (``\\underline{x} \\le x``), so the rule
is the announcement, as for primes and superscript-t transposes (primes.py, t_transposes.py):
from the line of the words that say so to the end of the sheet, ``\\underline`` inside math is
written ``\\mathbf``, the formula still quoted as written. Without the words nothing changes.
"""
from __future__ import annotations

import re

from .announced import rewrite_math_after

_VECTOR = r"vectors?"
_UNDERLINED = r"(?:underlined|underlines?|an\s+underline|(?:a\s+)?\\underline)"
# "vectors are underlined", "vectors are written with an underline", "underlined letters are
# vectors", "an underline marks a vector"
_SAYS = re.compile(
    rf"\b{_VECTOR}\s+(?:are|is)\s+(?:written\s+|denoted\s+|marked\s+|typeset\s+|set\s+)?"
    rf"(?:with\s+|by\s+|as\s+)?{_UNDERLINED}"
    rf"|\b{_UNDERLINED}\s+(?:\w+\s+)?(?:are|is|means?|denotes?|marks?|for)\s+(?:an?\s+)?"
    rf"{_VECTOR}\b", re.I)
_UNDERLINE = re.compile(r"\\underline(?![A-Za-z])")


def announced(text: str) -> int | None:
    """Where the sheet's words say vectors are underlined (an offset in ``text``), or None."""
    m = _SAYS.search(text)
    return m.start() if m else None


def with_underlined_vectors(text: str) -> str:
    """The sheet's text with ``\\underline`` written ``\\mathbf`` in the math after the words
    that say vectors are underlined (unchanged where no words say so); no line moves."""
    return rewrite_math_after(text, announced(text),
                              lambda math: _UNDERLINE.sub(r"\\mathbf", math))
