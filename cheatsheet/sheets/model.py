"""What a sheet is once read: its math segments, the prose blocks between them, and headings.

Every reader (Markdown, plain text with ``$...$``, LaTeX documents) produces these, so the
stages after it (conventions, matching, deciding) never care about the file format.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class SheetError(ValueError):
    """A file that cannot be read as a sheet; the message is one line for a person."""


@dataclass(frozen=True)
class Heading:
    title: str
    level: int  # smaller is outer; a heading closes every open heading of its level or deeper
    line: int


@dataclass(frozen=True)
class Segment:
    """One piece of math as written (delimiters removed), where it starts, and its words.

    ``before``/``after`` are the words of its own block up to the neighbouring math, ``lead`` the
    words of the last block with words when the math opens its block (a display under a label
    line), ``label`` the last statement label of the section ("D. (Entropy)", "**Adam**")."""

    latex: str
    line: int  # 1-based line where the math starts
    display: bool
    headings: tuple[Heading, ...] = ()
    before: str = ""
    after: str = ""
    lead: str = ""
    label: str = ""  # the statement label in force ("T. (Properties of Convex Functions)")

    @property
    def heading_path(self) -> tuple[str, ...]:
        return tuple(h.title for h in self.headings)

    def words(self) -> str:
        """All words that may tell what the formula is about, nearest first."""
        return " ".join(w for w in (self.before, self.after, self.lead, self.label,
                                    *reversed(self.heading_path)) if w)


@dataclass(frozen=True)
class TextBlock:
    """Prose of one block (paragraph, list item, table row), with the headings it sits under.
    Conventions and symbol introductions are read from these and from the math."""

    text: str
    line: int
    headings: tuple[Heading, ...] = ()


@dataclass
class Sheet:
    path: str  # as given on the command line
    segments: list[Segment] = field(default_factory=list)
    blocks: list[TextBlock] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    line_count: int = 0
