"""Words of a sheet written in Portuguese, Spanish, French or Italian, said in the English the
later stages know.

The matcher, the law readers and the table readers look for English words ("variance",
"Poisson", "rate", "moment generating function"). A Brazilian or Spanish sheet says
"Variância", "Esperança", "taxa", "função geradora de momentos": read as written, its table
columns name no quantity and its laws no parametrisation. Each word (accents ignored, case
ignored) or fixed phrase of the glossary (cheatsheet/glossary.py, the vocabulary's one home,
which the matcher's words use too) is replaced by its English; the math between dollars and
LaTeX commands are left alone, and so is any other word.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..glossary import PHRASES as _PHRASES, PROSE_WORDS as _WORDS, plain
from .model import Heading, Sheet, TextBlock

_SPLIT = re.compile(r"(\$\$.*?\$\$|\$[^$]*\$|\\[A-Za-z]+|\\[()\[\]])", re.S)
_TERM = re.compile(r"[^\W\d_]+(?:[-\s]+[^\W\d_]+)*", re.U)
_LONGEST = max(len(k.split()) for k in _PHRASES)


@lru_cache(maxsize=8192)
def english(text: str) -> str:
    """The text with the glossary's Portuguese and Spanish words said in English (memoised:
    a sheet repeats its headings and lead-ins on every segment under them)."""
    if not text:
        return text
    folded = plain(text)  # once, not once per stem: ~20 s of a cold five-sheet audit
    if not any(k in folded for k in _KEYS_HINT):
        return text
    parts = _SPLIT.split(text)
    return "".join(p if k % 2 else _words_of(p) for k, p in enumerate(parts))


def _words_of(prose: str) -> str:
    words = re.split(r"(\s+|[^\w\s-]+)", prose)
    out, i = [], 0
    while i < len(words):
        w = words[i]
        if not w or not w[0].isalpha():
            out.append(w)
            i += 1
            continue
        said, used = _said(words, i)
        out.append(said if said is not None else w)
        i += used
    return "".join(out)


def _said(words: list[str], i: int) -> tuple[str | None, int]:
    """The English of the phrase or word at ``words[i]`` and how many pieces it took."""
    for n in range(_LONGEST, 1, -1):  # phrases: n words with the white space between them
        span = words[i:i + 2 * n - 1]
        if len(span) < 2 * n - 1 or any(not span[j].isspace() for j in range(1, len(span), 2)):
            continue
        key = " ".join(plain(span[j]) for j in range(0, len(span), 2))
        if key in _PHRASES:
            return _cased(span[0], _PHRASES[key]), len(span)
    key = plain(words[i])
    if key in _WORDS:
        return _cased(words[i], _WORDS[key]), 1
    return None, 1


def _cased(written: str, said: str) -> str:
    return said[:1].upper() + said[1:] if written[:1].isupper() else said


# a cheap test before splitting: the text has one of the glossary's stems
_KEYS_HINT = tuple(sorted({k.split()[0][:5] for k in (*_PHRASES, *_WORDS)}))


def in_english(sheet: Sheet) -> Sheet:
    """The sheet with the words of its segments, blocks and headings in English."""
    def heads(hs):
        return tuple(Heading(english(h.title), h.level, h.line) for h in hs)

    sheet.segments = [replace(
        s, headings=heads(s.headings), before=english(s.before), after=english(s.after),
        lead=english(s.lead), label=english(s.label), block=english(s.block),
        row=english(s.row), intro=english(s.intro)) for s in sheet.segments]
    sheet.blocks = [TextBlock(english(b.text), b.line, heads(b.headings)) for b in sheet.blocks]
    sheet.notes = [TextBlock(english(b.text), b.line, heads(b.headings)) for b in sheet.notes]
    sheet.headings = list(heads(sheet.headings))
    return sheet
