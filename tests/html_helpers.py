"""What the HTML tests share: the visible text of a page outside <code> and <math>, and the
LaTeX left in it (a checker the tests show can fail)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

RAW_LATEX = re.compile(r"\\[A-Za-z]+|[\^_]\{")


class _Visible(HTMLParser):
    """Text a reader sees as running text: not in <code>, <script>, <style>, <title>."""
    SKIP = {"code", "script", "style", "title"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def running_text(page: str) -> str:
    p = _Visible()
    p.feed(page)
    return " ".join(p.parts)


def raw_latex(text: str) -> list[str]:
    return RAW_LATEX.findall(text)
