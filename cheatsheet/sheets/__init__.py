"""Reading a student's sheet: math segments with their line, heading path and words around,
the prose blocks, and (in ``conventions``) what the sheet announces and introduces.

``read_sheet(path)`` takes Markdown (``.md``), LaTeX (``.tex``) and text with ``$...$`` math
(``.txt`` and anything else; a file that marks no math at all has its formula runs
marked, ``bare_math``); it raises :class:`SheetError` with a one-line message for a file
that is missing, a directory, binary or not UTF-8.
"""
from __future__ import annotations

from pathlib import Path

from .formulas import Formula, formulas_of
from .model import Heading, Segment, Sheet, SheetError, TextBlock

__all__ = ["read_sheet", "read_text", "Sheet", "Segment", "Heading", "TextBlock", "SheetError",
           "Formula", "formulas_of"]

_LATEX_SUFFIXES = {".tex", ".latex", ".ltx"}


def read_text(path: str | Path) -> str:
    """The file's text, or SheetError saying in one line why it cannot be read."""
    p = Path(path)
    if not p.exists():
        raise SheetError(f"{path}: no such file")
    if p.is_dir():
        raise SheetError(f"{path}: is a directory, not a sheet (give the sheet files)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SheetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data[:8192]:
        raise SheetError(f"{path}: is a binary file, not a sheet")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SheetError(f"{path}: is not UTF-8 text (an invalid byte on line {line}); "
                         "save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_sheet(path: str | Path, text: str | None = None) -> Sheet:
    """Read one sheet file (or ``text`` given for it) into segments, blocks and headings."""
    if text is None:
        text = read_text(path)
    from .aliases import with_aliases
    from .macros import expand_macros
    from .primes import with_prime_transposes
    from .t_transposes import with_t_transposes
    from .underlined import with_underlined_vectors
    from .intervals import with_interval_words
    from .prose_labels import with_moment_names
    from .words import in_english

    expanded = expand_macros(text)  # \newcommand{\E}{\mathbb{E}}: read as what it stands for
    expanded = with_prime_transposes(expanded)  # "a prime is a transpose": X'X read X^T X
    expanded = with_t_transposes(expanded)  # "the transpose is a superscript t": A^t read A^T
    expanded = with_underlined_vectors(expanded)  # "vectors are underlined": x-underline as bold
    # "Variância", "taxa": the words said in the English the later stages look for
    # x-bar +- z s/sqrt(n) "confidence interval": about the standard error of the mean
    # "with mean $1/q$ and variance $(1-q)/q$": the words name the law's moments the values are
    sheet = with_moment_names(with_interval_words(in_english(with_aliases(_read(expanded, path)))))
    if expanded != text:
        _quote_as_written(sheet, _read(text, path))
    return sheet


def _read(text: str, path) -> Sheet:
    if Path(path).suffix.lower() in _LATEX_SUFFIXES:
        from .latexdoc import read_latex

        return read_latex(text, str(path))
    from .bare_math import has_no_delimiters, mark_bare_math
    from .markdown import read_markdown

    if has_no_delimiters(text):  # a plain-text crib that types its math bare
        text = mark_bare_math(text)
    return read_markdown(text, str(path))


def _quote_as_written(sheet: Sheet, as_written: Sheet) -> None:
    """Give each segment the math the student wrote (``\Tr A`` where ``\operatorname{Tr} A`` is
    read), from the sheet read again without expanding its macros: segments pair up line by
    line, where a line holds as many in both readings (expansion adds no line)."""
    from dataclasses import replace

    def by_line(segments):
        out: dict = {}
        for seg in segments:
            out.setdefault(seg.line, []).append(seg)
        return out

    written = by_line(as_written.segments)
    expanded = by_line(sheet.segments)
    pairs = {}
    for line, segs in expanded.items():
        mine = written.get(line, [])
        if len(mine) == len(segs):
            pairs.update({id(s): w.latex for s, w in zip(segs, mine) if w.latex != s.latex})
    sheet.segments[:] = [replace(s, written=pairs[id(s)]) if id(s) in pairs else s
                         for s in sheet.segments]
