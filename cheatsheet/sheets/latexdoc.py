"""LaTeX documents (``.tex``): math nodes and math environments, sections, and the prose.

pylatexenc's walker gives every node with its position; we keep inline and display math,
``equation``/``align``/``gather``/... bodies, ``\\section``-like headings, and the words of
text between them (macro arguments such as ``\\textbf{Adam}`` included). An ``\\item`` ends
the block before it, as a list item does in Markdown: the words of the next item ("Laplace
with scale $b$: ...") do not speak of the formula that ends this one, and an item after the
first opening with math takes no lead.
"""
from __future__ import annotations

import bisect
import re

from .formulas import strip_math
from .headings import HeadingStack, clean
from .model import Heading, Segment, Sheet, SheetError, TextBlock, block_words
from .row_labels import item_name

_SECTIONS = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "subsubsection": 4,
             "paragraph": 5, "subparagraph": 6}
_MATH_ENVS = {"equation", "align", "gather", "multline", "eqnarray", "flalign", "alignat",
              "displaymath", "math", "dmath"}
_SKIP_ENVS = {"figure", "table", "tikzpicture", "verbatim", "lstlisting", "comment"}
_LIST_ENVS = {"itemize", "enumerate", "description"}
_BEGIN = re.compile(r"\\begin\s*\{[^}]*\}(\{[^}]*\})?\s*")
_TEXT_MACROS = {"textbf", "textit", "emph", "underline", "text", "textrm", "textsc", "textsf",
                "mbox", "item", "caption", "footnote"}


def _env_body(src: str, node) -> str:
    body = src[node.pos:node.pos + node.len]
    body = re.sub(r"^\\begin\{[^}]*\}(\{[^}]*\})?", "", body)
    body = re.sub(r"\\end\{[^}]*\}$", "", body)
    body = re.sub(r"\\(label|tag|nonumber|notag)\b(\{[^}]*\})?", " ", body)
    return body.strip()


def _sentence_before(pieces) -> str:
    """The words of the sentence a display ends ("Weight decay step (on $J + ...$):" above
    an align*): its label, though inline math split it from the display."""
    words: list[str] = []
    for kind, content, _, _ in reversed(pieces):
        if kind != "text":
            continue
        parts = re.split(r"[.;!?]\s", content)
        words.insert(0, parts[-1])
        if len(parts) > 1:
            break
    return clean(" ".join(words))


def _note(sheet: Sheet, words: str, line: int, headings) -> None:
    """Keep a comment's words; a comment on the line after another continues its note (a
    sentence of the preamble's conventions often runs over several % lines)."""
    if not words:
        return
    last = sheet.notes[-1] if sheet.notes else None
    if last is not None and last.line + last.text.count("\n") + 1 == line \
            and last.headings == headings:
        sheet.notes[-1] = TextBlock(f"{last.text}\n{words}", last.line, headings)
    else:
        sheet.notes.append(TextBlock(words, line, headings))


def read_latex(text: str, path: str) -> Sheet:
    from pylatexenc.latexwalker import (LatexCharsNode, LatexCommentNode, LatexEnvironmentNode,
                                        LatexGroupNode,
                                        LatexMacroNode, LatexMathNode, LatexWalker,
                                        LatexWalkerError)

    starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
    line_of = lambda pos: bisect.bisect_right(starts, pos)  # noqa: E731
    try:
        nodes, _, _ = LatexWalker(text, tolerant_parsing=True).get_latex_nodes()
    except LatexWalkerError as exc:  # pragma: no cover - tolerant parsing rarely raises
        raise SheetError(f"{path}: not a readable LaTeX document ({exc.msg})") from None
    sheet = Sheet(path, line_count=len(starts))
    stack = HeadingStack()
    pending: list[tuple[str, str, int, bool]] = []  # ("text"|"math", content, pos, display)
    lead = ""
    # the lead in force where the current list began (its intro line), None outside a list
    # or before its first item: the first item opening with math is led as a paragraph is,
    # a later one by nothing (not by the item before it, nor by the intro's words about other
    # letters: "$M$ is not symmetric unless stated" is no word on the fifth item's W)
    list_lead: list[str | None] = [None]

    def flush():
        """Turn the current paragraph's pieces into segments and a text block."""
        nonlocal lead, pending
        words_all = clean(" ".join(c for k, c, _, _ in pending if k == "text"))
        maths = [n for n, p in enumerate(pending) if p[0] == "math"]
        for m, n in enumerate(maths):
            lo = maths[m - 1] + 1 if m else 0
            hi = maths[m + 1] if m + 1 < len(maths) else len(pending)
            before = clean(" ".join(c for k, c, _, _ in pending[lo:n] if k == "text"))
            after = clean(" ".join(c for k, c, _, _ in pending[n + 1:hi] if k == "text"))
            opened = not clean(" ".join(c for k, c, _, _ in pending[:n] if k == "text"))
            _, latex, pos, display = pending[n]
            if display and not re.search(r"[A-Za-z]{3}", before):
                before = _sentence_before(pending[:n]) or before
            block = block_words(words_all, before, after) if len(maths) > 1 else ""
            # "\\item parameters with biases: $...$": the label names what the value gives, as
            # a Markdown list item's does (row_labels.item_name)
            named = "" if display else item_name(before, after, latex) or ""
            sheet.segments.append(Segment(latex, line_of(pos), display, stack.path, before,
                                          after, lead if opened else "", block=block,
                                          item_named=named))
        if words_all:
            first = pending[0][2]
            sheet.blocks.append(TextBlock(words_all, line_of(first), stack.path))
            lead = words_all
        pending = []

    def walk(nodelist):
        nonlocal lead
        for node in nodelist or []:
            if node is None:
                continue
            if isinstance(node, LatexCommentNode):
                _note(sheet, clean(node.comment or ""), line_of(node.pos), stack.path)
            elif isinstance(node, LatexCharsNode):
                chunks = re.split(r"\n\s*\n", node.chars)
                for k, chunk in enumerate(chunks):
                    if k:
                        flush()
                    if chunk.strip():
                        pending.append(("text", chunk, node.pos, False))
            elif isinstance(node, LatexMathNode):
                display = node.displaytype == "display"
                body = text[node.pos:node.pos + node.len]
                for d in node.delimiters:
                    body = body.replace(d, "", 1) if body.startswith(d) else body
                if body.endswith(node.delimiters[1]):
                    body = body[: len(body) - len(node.delimiters[1])]
                pending.append(("math", strip_math(body), node.pos, display))
            elif isinstance(node, LatexEnvironmentNode):
                env = node.environmentname.rstrip("*")
                if env in _MATH_ENVS:
                    body = _env_body(text, node)
                    # where the body starts in the source (searching for its text fails when
                    # a \label was taken out of its first row)
                    opening = _BEGIN.match(text, node.pos)
                    start = opening.end() if opening else node.pos
                    pending.append(("math", body, start, True))
                elif env in _SKIP_ENVS:
                    continue
                elif env in _LIST_ENVS:
                    list_lead.append(None)
                    walk(node.nodelist)
                    flush()
                    ended = list_lead.pop()
                    if ended is not None:
                        lead = ended
                else:
                    walk(node.nodelist)
            elif isinstance(node, LatexMacroNode):
                name = node.macroname.rstrip("*")
                if name in _SECTIONS:
                    flush()
                    title = ""
                    if node.nodeargd and node.nodeargd.argnlist:
                        arg = node.nodeargd.argnlist[-1]
                        if arg is not None:
                            title = clean(text[arg.pos:arg.pos + arg.len].strip("{}"))
                    stack.push(Heading(title, _SECTIONS[name], line_of(node.pos)))
                    lead = ""
                elif name == "par":
                    flush()
                elif name == "item" and len(list_lead) > 1:
                    flush()
                    if list_lead[-1] is None:
                        list_lead[-1] = lead
                    else:
                        lead = ""
                    if node.nodeargd and node.nodeargd.argnlist:  # \item[label]: its words
                        for arg in node.nodeargd.argnlist:
                            if arg is not None and hasattr(arg, "nodelist"):
                                walk(arg.nodelist)
                elif node.nodeargd and node.nodeargd.argnlist:
                    if name in _TEXT_MACROS:
                        for arg in node.nodeargd.argnlist:
                            if arg is not None and hasattr(arg, "nodelist"):
                                walk(arg.nodelist)
            elif isinstance(node, LatexGroupNode):
                walk(node.nodelist)
        return None

    walk(nodes)
    flush()
    sheet.headings = stack.all
    return sheet
