"""What a sheet is once read: its math segments, the prose blocks between them, and headings.

Every reader (Markdown, plain text with ``$...$``, LaTeX documents) produces these, so the
stages after it (conventions, matching, deciding) never care about the file format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


class SheetError(ValueError):
    """A file that cannot be read as a sheet; the message is one line for a person."""


@dataclass(frozen=True)
class Heading:
    title: str
    level: int  # smaller is outer; a heading closes every open heading of its level or deeper
    line: int


BLOCK_WORDS = 30  # a block up to this many words may speak of each of its formulas


def block_words(block: str, before: str, after: str) -> str:
    r"""The words of a formula's block, for a formula with no words of its own beside it
    ("variance $\sigma^2$, $\bar X := ...$: $V[\bar X] = ...$"): in a short block they
    speak of it too. A formula with its own words keeps to them; a long block's words may be
    another formula's ("... Condition number of $\kappa$")."""
    if re.search(r"[A-Za-z]{3}", f"{before} {after}") or len(block.split()) > BLOCK_WORDS:
        return ""
    return block


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
    # the words of its whole block when the block holds other math too: in "sample mean of $n$
    # draws with variance $\sigma^2$: $V[\bar X] = ...$" the formula's own neighbours are ":"
    block: str = ""
    cell: bool = False  # it stands in a table's cell (its row and column say what it states)
    row: str = ""  # a cell's row label (its first cell) as written: "Uniform $(0, 1)$"
    # the words introducing the list its item belongs to ("Geometric, number of failures:"
    # above "- MGF: $...$"): an item with words of its own has no ``lead``, yet is about them
    intro: str = ""
    # letters the sheet defined before for a cell ("q = 1 - p"): (letter, expression) pairs
    aliases: tuple = ()
    # the math as the student wrote it, where the sheet's own macros changed it (\Tr for
    # \operatorname{Tr}): what a finding quotes; ``latex`` is what is read
    written: str = ""
    # the left side a table row's label gives a cell that states no relation of its own
    # ("| Precision | $\\frac{TP}{TP + FP}$ |": \\text{Precision}; see row_labels.py)
    named: str = ""
    # the left side a list item's label may give math that states no relation ("- Gini:
    # $1 - \\sum_k p_k^2$": \\text{Gini}); read so only where the line is left unchecked
    item_named: str = ""

    @property
    def heading_path(self) -> tuple[str, ...]:
        return tuple(h.title for h in self.headings)

    def words(self, block: bool = True) -> str:
        """All words that may tell what the formula is about, nearest first; ``block=False``
        leaves out the words its block says of its other formulas."""
        return " ".join(w for w in (self.before, self.after, self.block if block else "",
                                    self.lead, self.label, *reversed(self.heading_path)) if w)


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
    # the words of a source's comments (LaTeX's %): read for the conventions they announce
    # ("the derivative by X has the shape of X"), never for formulas or a formula's words
    notes: list[TextBlock] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    line_count: int = 0
