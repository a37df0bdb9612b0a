"""Headings and the section path a line sits under.

Transcribed sheets rarely use Markdown's ``#``: a heading is often a plain line ("4.3 — Vector-by-
Vector", "12. Convolutional Neural Networks", "Denominator Convention"). Conventions a sheet
announces hold for the rest of their section, so the levels matter: a numbered heading's level is
its numbering depth, an un-numbered short line sits one level below the heading before it.
"""
from __future__ import annotations

import re

from .model import Heading

_NUMBERED = re.compile(r"^\s*[–—-]?\s*(\d+(?:\s*[.\-]\s*\d+)*)\s*\.?\s*(?:[–—:-]\s*)?(?P<title>\S.*?)\s*[–—-]?\s*$")
_TAGS = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)")
# a statement label such as "T.", "D. (Entropy)", "Com." starts a statement, not a section
_LABEL = re.compile(r"^\s*(T|D|P|L|C|Com|Rem|Ex|Def|Thm|Prop|Lem|Cor|Remark|Note|Proof)\.(\s|\(|$)")
_MAX_WORDS = 9


def clean(text: str) -> str:
    """Text without HTML tags, emphasis marks and doubled spaces."""
    text = _TAGS.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()



def statement_label(raw: str, text: str) -> str | None:
    """The label a block opens with, when it opens with one: "T. (Chebyshev)", a bold run
    ("**Adam updates**"), "D. (Entropy)". Later formulas of the section are about it."""
    m = re.match(r"^\s*(\*\*|__|<b>)(.+?)(\*\*|__|</b>)", raw)
    if m:
        label = clean(m.group(2))
        return label if len(label) > 2 else None
    m = re.match(r"^\s*((T|D|P|L|Thm|Def|Prop|Lem|Cor)\.\s*\([^)]{2,80}\))", text)
    return m.group(1) if m else None


def numbering_depth(number: str) -> int:
    return len(re.split(r"\s*[.\-]\s*", number.strip()))


# "--- 4. SOFTMAX + CROSS-ENTROPY ---", "=== Kernels ===": a title between rules of dashes
_DECORATED = re.compile(r"^\s*([-=~#*+]{2,})\s*(?P<title>[^-=~#*+\s].*?)\s*\1\s*$")


def plain_heading(text: str, outer_level: int) -> tuple[str, int, bool] | None:
    """(title, level, numbered) when a one-line block without math reads as a heading; a
    title between rules ("--- 4. Softmax ---") is one whatever its case, as sure as a
    number."""
    deco = _DECORATED.match(text)
    if deco and len(deco.group("title")) <= 90 and re.search(r"[A-Za-z]{3}", deco.group("title")):
        title = clean(deco.group("title"))
        m = _NUMBERED.match(title)
        return title, numbering_depth(m.group(1)) if m else max(outer_level, 1), True
    t = clean(text)
    if not t or len(t) > 90 or _LABEL.match(t):
        return None
    if t.endswith((".", ",", ";", ":", "?", "!")):
        return None
    words = t.split()
    m = _NUMBERED.match(t)
    if m and len(m.group("title").split()) <= _MAX_WORDS and m.group("title")[:1].isupper():
        return t, numbering_depth(m.group(1)), True
    if len(words) > 6 or not words[0][:1].isupper():
        return None
    if any(ch in t for ch in "=$\\{}"):
        return None
    return t, outer_level + 1, False


def markdown_level(markup: str, title: str) -> int:
    """A Markdown heading's level: its numbering depth when numbered ("## 1 Probability" is a
    chapter), else the count of #."""
    m = _NUMBERED.match(clean(title))
    if m and m.group("title")[:1].isalpha():
        return numbering_depth(m.group(1))
    return len(markup)


class HeadingStack:
    """The open headings while a sheet is read top to bottom."""

    def __init__(self):
        self.stack: list[Heading] = []
        self.all: list[Heading] = []
        self.last_structural = 0  # level of the last numbered or Markdown heading

    def push(self, heading: Heading, structural: bool = True) -> None:
        while self.stack and self.stack[-1].level >= heading.level:
            self.stack.pop()
        self.stack.append(heading)
        self.all.append(heading)
        if structural:
            self.last_structural = heading.level

    @property
    def path(self) -> tuple[Heading, ...]:
        return tuple(self.stack)
