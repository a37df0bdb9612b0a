"""Markdown and plain-text sheets (``$...$``, ``$$...$$``, ``\\[...\\]``, ``\\(...\\)``).

markdown-it-py with mdit-py-plugins' dollarmath (dollars) and texmath (brackets) finds the math;
headings come from ``#`` or, for transcribed text, from heading-like lines (see headings.py).
markdown-it gives block lines only, so each math piece is located in the source in reading order
to get the line where it starts.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from .formulas import strip_math
from .html_tables import html_rows, opens_table
from .headings import HeadingStack, clean, markdown_level, plain_heading, statement_label
from .model import Heading, Segment, Sheet, TextBlock, block_words
from .quantity_heads import quantity_word
from .row_labels import item_name, row_name
from .words import english

_MATH_INLINE = {"math_inline", "math_inline_double"}
_MATH_BLOCK = {"math_block", "math_block_label", "math_block_eqno"}
_OPENERS = ("$", "\\(", "\\[")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.texmath import texmath_plugin

    md = MarkdownIt("commonmark", {"html": True})
    md.use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
    md.use(texmath_plugin, delimiters="brackets")
    md.enable("table")
    return md


class _Locator:
    """Finds each math piece in the source, in reading order, and gives its 1-based line."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
        self.cursor = 0

    def find(self, content: str, block_line: int | None) -> int:
        probe = content.strip()[:60] or content
        lo = self.cursor
        if block_line is not None:
            lo = max(lo, self.starts[min(block_line, len(self.starts) - 1)])
        pos = self._opened(probe, lo)
        if pos < 0 and block_line is not None:
            pos = self._opened(probe, self.starts[min(block_line, len(self.starts) - 1)])
        if pos < 0:
            return (block_line or 0) + 1
        self.cursor = pos + len(probe)
        return bisect.bisect_right(self.starts, pos)

    def _opened(self, probe: str, lo: int) -> int:
        """The first place from ``lo`` where ``probe`` follows a math opener; the same text in
        the prose before it ("the pmf" before ``$p$``) would give the prose's line."""
        first = pos = self.text.find(probe, lo)
        for _ in range(200):  # bounded: a probe with no opener before it falls back to the first
            if pos < 0 or self.text[max(0, pos - 40):pos].rstrip().endswith(_OPENERS):
                return pos if pos >= 0 else first
            pos = self.text.find(probe, pos + 1)
        return first


def _inline_parts(inline, breaks: bool = False) -> list[tuple[str, str]]:
    """('text', words) and ('math', latex) pieces of one inline token, in order (and
    ('break', '') at line breaks when asked)."""
    parts: list[tuple[str, str]] = []
    for child in inline.children or []:
        if child.type in _MATH_INLINE:
            parts.append(("math", child.content))
        elif child.type in ("text", "code_inline"):
            parts.append(("text", child.content))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(("break", "") if breaks else ("text", " "))
    return parts


def _words(parts) -> str:
    return clean(" ".join(p for k, p in parts if k == "text"))


_NAMED = re.compile(r"\\(?:mathrm|text|operatorname|textrm|mathsf|mathcal)\s*\{\s*([A-Za-z][A-Za-z ]*)\}")


def _cell_words(parts) -> str:
    """A table cell's words, with the names its math spells out as written
    (``\\mathrm{Bern}(p)``, ``\\mathcal{U}(a, b)`` in a row's first cell name its law)."""
    named = [m.group(0) for kind, text in parts if kind == "math" for m in _NAMED.finditer(text)]
    return clean(" ".join([_words(parts)] + named))


def _header_words(parts) -> str:
    """A header cell's words, with the quantity a header formula names (``$E[X]$``: mean)."""
    said = [quantity_word(text) for kind, text in parts if kind == "math"]
    return clean(" ".join([_cell_words(parts)] + [w for w in said if w]))


def _leads(text: str) -> bool:
    """Does a line of a paragraph introduce the lines after it ("GRU:", "LSTM, size m:")?"""
    return bool(re.search(r"[A-Za-z]{3}", text)) and text.rstrip().endswith(":")


def _has_math(parts) -> bool:
    return any(k == "math" for k, _ in parts)


def _comment(markup: str, parts) -> bool:
    """Is a ``#`` line of a plain-text sheet a code comment that holds a formula, not a
    heading?  A heading names its section ("## 2.4 ReLU networks", "### Bounds for $S$"); a
    comment opens with a small letter, code or the formula itself, or introduces its formula
    with a colon ("# step: $...$", "# and $...$")."""
    if not markup.startswith("#") or not _has_math(parts):
        return False
    first = parts[0]
    if first[0] != "text" or not first[1].strip():
        return True  # the formula (or code) comes first
    text = first[1].strip()
    return not (text[0].isupper() or text[0].isdigit()) or text.endswith(":")


def _block_words(parts, maths, extra: str) -> str:
    """A block's words, for those of its several formulas that have no words of their own."""
    return f"{extra} {_words(parts)}".strip() if len(maths) > 1 else ""


class _MarkdownReader:
    def __init__(self, text: str, path: str):
        # transcribed text marks sections with plain lines ("Denominator Convention"); in a
        # Markdown file a short plain line is prose ("Let the pmf of"), only a numbered one
        # ("4.3 Vector-by-Vector") may still be a heading
        self.plain_headings = not path.lower().endswith((".md", ".markdown"))
        self.loc = _Locator(text)
        self.stack = HeadingStack()
        self.sheet = Sheet(path, line_count=text.count("\n") + 1)
        self.lead = ""  # words of the last prose block in this section
        self.label = ""  # the last statement label of this section
        self.lists: list[str] = []  # per open list, the words of the block before it

    def heading(self, title: str, level: int, line: int, structural: bool = True) -> None:
        self.stack.push(Heading(title, level, line), structural)
        self.lead = self.label = ""

    def inline(self, parts, block_line: int | None, extra_before: str = "", raw: str = "",
               cell: bool = False, row: str = "") -> None:
        """Segments for the math of one block, with the words around each; then its words."""
        label = statement_label(raw, _words(parts)) if raw else None
        if label:
            self.label = label
        maths = [k for k, (kind, _) in enumerate(parts) if kind == "math"]
        block = _block_words(parts, maths, extra_before)
        for n, k in enumerate(maths):
            lo = maths[n - 1] + 1 if n else 0
            hi = maths[n + 1] if n + 1 < len(maths) else len(parts)
            before = f"{extra_before} {_words(parts[lo:k])}".strip()
            opens_block = not _words(parts[:k])
            line = self.loc.find(parts[k][1], block_line)
            after = _words(parts[k + 1:hi])
            # "- hinge: $\\max(0, 1 - y f)$": the label names what the expression gives
            named = "" if cell or extra_before else item_name(before, after, parts[k][1]) or ""
            self.sheet.segments.append(Segment(
                parts[k][1], line, False, self.stack.path, before, after,
                # a table cell's words are its row's: the row above is about another law
                self.lead if opens_block and not cell else "", self.label,
                block_words(block, before, after), cell, row, self._intro(), item_named=named))
        words = _words(parts)
        if words:
            self.sheet.blocks.append(TextBlock(words, (block_line or 0) + 1, self.stack.path))
            if re.search(r"[A-Za-z]{3}", words) and not cell:
                self.lead = words

    def display(self, token) -> None:
        block_line = token.map[0] if token.map else None
        line = self.loc.find(token.content, block_line)
        self.sheet.segments.append(Segment(strip_math(token.content), line, True, self.stack.path,
                                           lead=self.lead, label=self.label,
                                           intro=self._intro()))

    def _intro(self) -> str:
        return self.lists[-1] if self.lists else ""

    def paragraph(self, inline) -> None:
        """A paragraph's first line, or any numbered line, may be a heading of a transcribed
        sheet ("4 Derivatives" directly above "<b>– 4.1 – ...</b>" with no blank line)."""
        first = inline.map[0] if inline.map else 0
        pending: list = []
        pending_line = first
        lines, cur = [], []
        for kind, content in _inline_parts(inline, breaks=True):
            if kind == "break":
                lines.append(cur)
                cur = []
            else:
                cur.append((kind, content))
        lines.append(cur)
        for n, line in enumerate(lines):
            text = " ".join(c for k, c in line if k == "text")
            h = None if _has_math(line) else plain_heading(text, self.stack.last_structural)
            if h is not None and not h[2] and not self.plain_headings:
                h = None
            if h is not None and (n == 0 or h[2]):
                if pending:
                    self.inline(pending, pending_line)
                    pending = []
                self.heading(h[0], h[1], first + n + 1, structural=h[2])
                pending_line = first + n + 1
                continue
            if pending and _leads(text) and any(k == "math" for k, _ in pending):
                # "LSTM, hidden size m:" then a formula per line: the lines after a lead-in
                # are about what it names, not about the lines above it
                self.inline(pending, pending_line)
                pending = []
                pending_line = first + n
            if pending:
                pending.append(("text", " "))
            pending.extend(line)
        if pending:
            self.inline(pending, pending_line, raw=inline.content if pending_line == first else "")

    def table_row(self, cells, header_cells, row_line) -> None:
        row_words = [_cell_words(_inline_parts(c)) for c in cells]
        row_text = [" ".join(f"${text}$" if kind == "math" else text
                             for kind, text in _inline_parts(c)) for c in cells]
        first = _inline_parts(cells[0]) if cells else []
        label = "" if _has_math(first) else _words(first)
        for col, cell in enumerate(cells):
            header = header_cells[col] if col < len(header_cells) else ""
            others = " ".join(w for w in row_words[:col] if w)
            parts = _inline_parts(cell)
            made = len(self.sheet.segments)
            self.inline(parts, row_line, extra_before=f"{others} {header}".strip(),
                        cell=True, row=row_text[0] if col else "")  # the row's label
            named = row_name(english(label), header) if col == 1 and len(cells) == 2 \
                and label else None
            if named and len(self.sheet.segments) == made + 1:
                self.sheet.segments[-1] = replace(self.sheet.segments[-1], named=named)

    def html_table(self, token, header_cells: list[str]) -> list[str]:
        """The rows of a table written in HTML, read as a pipe table's; the header it leaves
        (a table's rows may come in several blocks, split by blank lines)."""
        if opens_table(token.content):
            header_cells = []
        start = token.map[0] if token.map else 0
        for row in html_rows(token.content):
            cells = [_parser().parseInline(text)[0] for text in row.cells]
            if row.header:
                header_cells = [_header_words(_inline_parts(c)) for c in cells]
            else:
                self.table_row(cells, header_cells, start + row.offset)
        return header_cells

    def read(self, tokens) -> Sheet:
        i = 0
        header_cells: list[str] = []
        while i < len(tokens):
            t = tokens[i]
            if t.type == "heading_open":
                inline = tokens[i + 1]
                parts = _inline_parts(inline)
                if t.markup in ("-", "=") and (_has_math(parts) or len(inline.content) > 90) \
                        or self.plain_headings and _comment(t.markup, parts):
                    # a line over '--': transcriptions use '--' as a rule, not a setext heading;
                    # '# lr schedule: $...$' in plain text: a code comment holding a formula
                    self.inline(parts, t.map[0])
                else:
                    # (emphasis marks cleaned from the words only: $y_i$ keeps its index)
                    title = " ".join(clean(p) if k == "text" else f"${p}$" for k, p in parts)
                    title = re.sub(r"\s+", " ", title).strip()
                    # the tag, not the markup: a setext '---' underline is a level-2 heading
                    self.heading(title, markdown_level("#" * int(t.tag[1:]), title),
                                 t.map[0] + 1)
                    if _has_math(parts):
                        self.inline(parts, t.map[0])
                i += 3
                continue
            if t.type in _MATH_BLOCK:
                self.display(t)
            elif t.type in ("bullet_list_open", "ordered_list_open"):
                self.lists.append(self.lead)  # a nested list's is its parent item's words
            elif t.type in ("bullet_list_close", "ordered_list_close") and self.lists:
                self.lists.pop()
            elif t.type == "thead_open":
                header_cells = []
                while tokens[i].type != "thead_close":
                    if tokens[i].type == "inline":
                        header_cells.append(_header_words(_inline_parts(tokens[i])))
                    i += 1
            elif t.type == "tr_open":
                cells, row_line = [], t.map[0] if t.map else None
                while tokens[i].type != "tr_close":
                    if tokens[i].type == "inline":
                        cells.append(tokens[i])
                    i += 1
                self.table_row(cells, header_cells, row_line)
            elif t.type == "inline":
                self.paragraph(t)
            elif t.type == "html_block":
                header_cells = self.html_table(t, header_cells)
            i += 1
        self.sheet.headings = self.stack.all
        return self.sheet


# \[ ... \] display math (not the \\[4pt] of a line break inside an environment)
_BRACKETS = re.compile(r"(?<!\\)\\\[(.*?)(?<!\\)\\\]", re.S)


def _brackets_as_dollars(text: str) -> str:
    """``\[ ... \]`` written as ``$$ ... $$`` (same length, so lines and offsets stay):
    texmath finds a bracket display only as a block of its own, while a transcribed sheet puts
    it right under its label line, inside the paragraph, where dollarmath finds ``$$``."""
    return _BRACKETS.sub(lambda m: f"$${m.group(1)}$$", text)


# a pandoc / Quarto attribute after a closing ``$$``: ``$$ {#eq-adam}``, ``$$ {#eq:adam}``
_DISPLAY_ATTRIBUTE = re.compile(r"(?<=\$\$)([ \t]*\{#[^{}\n]*\})")


def _display_attributes_blanked(text: str) -> str:
    """``$$ ... $$ {#eq-label}`` with the label blanked (same length, so lines and offsets stay):
    dollarmath does not close a display followed by a pandoc attribute, and every ``$`` after
    it would then pair with the wrong partner, reading the prose as math."""
    return _DISPLAY_ATTRIBUTE.sub(lambda m: " " * len(m.group(1)), text)


def read_markdown(text: str, path: str) -> Sheet:
    text = _display_attributes_blanked(_brackets_as_dollars(text))
    return _MarkdownReader(text, path).read(_parser().parse(text))
