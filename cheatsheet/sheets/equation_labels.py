"""Equation labels typed inside the math by R Markdown's bookdown: ``(\\#eq:ols)``.

bookdown numbers a display whose math ends in ``(\\#eq:label)`` and cites it with
``\\@ref(eq:label)``; the label is markup, like ``\\label{...}`` in LaTeX, not part of the
formula (read as math, ``\\#`` is a character no formula uses and the line went unread).
"""
from __future__ import annotations

import re

# "(\#eq:ols)", "( \#eq:cond-cov )" at the end of a formula, with spacing before it
_BOOKDOWN_LABEL = re.compile(r"(?:\s|~|\\[,;:!]|\\q?quad)*\(\s*\\#\s*eq:[\w.:-]+\s*\)\s*[,.;]?\s*$")


def trailing_label(text: str) -> re.Match | None:
    """A bookdown equation label ending ``text``, or None."""
    return _BOOKDOWN_LABEL.search(text)
