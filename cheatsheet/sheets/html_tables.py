"""Tables written in HTML inside a Markdown sheet (``<table><tr><td>$...$</td></tr>...``).

Note apps and HTML exports write their tables this way; for markdown-it such a table is one raw
``html_block``, so none of its math would be read. This finds its rows and cells, with the line
each row starts on, and gives each cell's text as Markdown (entities decoded, inline tags gone)
for the reader to read as it reads a pipe table's cells.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr\s*>|(?=<tr\b)|$)", re.S | re.I)
_CELL = re.compile(r"<(t[dh])\b[^>]*>(.*?)(?:</t[dh]\s*>|(?=<t[dh]\b)|$)", re.S | re.I)
# inline markup inside a cell; other `<` (in math: `a < b`) stays
_INLINE_TAG = re.compile(r"</?(?:b|i|em|strong|code|span|font|sub|sup|a|p|div|small|u)\b[^>]*>"
                         r"|<br\s*/?>", re.I)
_TABLE_OPEN = re.compile(r"<table\b", re.I)


@dataclass(frozen=True)
class HtmlRow:
    offset: int  # lines from the start of the HTML block to the row's `<tr>`
    cells: tuple[str, ...]  # each cell's text, as Markdown
    header: bool  # every cell is a `<th>`


def opens_table(content: str) -> bool:
    """Does this HTML block start a new table (so the header of the previous one is done)?"""
    return bool(_TABLE_OPEN.search(content))


def _cell_text(raw: str) -> str:
    text = _INLINE_TAG.sub(" ", raw)
    return " ".join(html.unescape(text).split())


def html_rows(content: str) -> list[HtmlRow]:
    """The table rows of one HTML block, in order."""
    rows = []
    for m in _ROW.finditer(content):
        cells = [(tag.lower(), _cell_text(raw)) for tag, raw in _CELL.findall(m.group(1))]
        if not cells:
            continue
        rows.append(HtmlRow(content.count("\n", 0, m.start()), tuple(c for _, c in cells),
                            all(tag == "th" for tag, _ in cells)))
    return rows
