"""The reader's messages, written for the person who wrote the formula.

A message says in plain words what the reader stumbled on and quotes a short piece of the
formula as it was written (never the re-spaced token stream the grammar reads, never a
character offset or an internal name).  Positions come from :class:`._pre.Piece`.
"""
from __future__ import annotations

import re

QUOTE = 40    # longest quoted piece, in characters
CONTEXT = 3   # tokens of context on each side of a short quote


def shorten(text: str, limit: int = QUOTE) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    return text[:limit - 1].rstrip() + "…"


def q(text: str, limit: int = QUOTE, keep_end: bool = False) -> str:
    """``text`` quoted in backticks, shortened (from the left when its end matters)."""
    if keep_end:
        text = re.sub(r"\s+", " ", text).strip()
        if len(text) > limit:
            return f"`…{text[-(limit - 1):].lstrip()}`"
        return f"`{text}`"
    return f"`{shorten(text, limit)}`"


def whole(piece) -> str:
    """The formula as written (a piece's source, or the text itself)."""
    return getattr(piece, "source", None) or str(piece)


def written(piece, start, end) -> str | None:
    """What the writer wrote behind ``piece[start:end]``; None when nothing maps there."""
    if start is None:
        return None
    find = getattr(piece, "written", None)
    if find is None:
        return str(piece)[start:end].strip() or None
    return find(start, end)


_CELL_ENDS = {"&", "\\\\"}
_OPENERS = {"(", "[", "{", r"\{", r"\langle", r"\lvert", r"\lVert"}
_CLOSERS = {")", "]", "}", r"\}", r"\rangle", r"\rvert", r"\rVert"}


def around(piece, start, end) -> str | None:
    """A few tokens either side of ``piece[start:end]``, as written, widened so that the quote
    neither starts nor ends inside a brace or a script (``x_{t-1}``, not ``_{t-``)."""
    marks = getattr(piece, "marks", None)
    if not marks:
        return None
    inside = [k for k, (s, e, _, _) in enumerate(marks) if s < end and e > start]
    if not inside:
        return None
    lo, hi = inside[0] - CONTEXT, inside[-1] + CONTEXT
    for k in range(inside[0] - 1, max(lo, 0) - 1, -1):   # stay inside a matrix or cases cell
        if piece[marks[k][0]:marks[k][1]] in _CELL_ENDS:
            lo = k + 1
            break
    for k in range(inside[-1] + 1, min(hi, len(marks) - 1) + 1):
        if piece[marks[k][0]:marks[k][1]] in _CELL_ENDS:
            hi = k - 1
            break
    return _widen(piece, lo, hi)


def _widen(piece, lo: int, hi: int, right: bool = True) -> str:
    """The written text of marks lo..hi, widened to whole groups, scripts and arguments (to the
    right only when ``right``)."""
    marks = piece.marks
    last = len(marks) - 1
    lo, hi = max(0, lo), min(last, hi)
    text = [piece[s:e] for s, e, _, _ in marks]
    for _ in range(2 * len(marks)):
        depth, low = 0, 0
        for t in text[lo:hi + 1]:
            depth += t in _OPENERS
            depth -= t in _CLOSERS
            low = min(low, depth)
        if lo > 0 and text[lo - 1] in _CELL_ENDS or hi < last and text[hi + 1] in _CELL_ENDS:
            break
        if low < 0 and lo > 0:
            lo -= 1            # a closer whose opener is to the left
        elif right and depth - low > 0 and hi < last:
            hi += 1            # an opener whose closer is to the right
        elif lo > 0 and (text[lo] in ("_", "^", "{", "'") or text[lo - 1] in ("_", "^")
                         or text[lo] == "(" and _ends_operand(text[lo - 1])
                         or text[lo].isalpha() and text[lo - 1].isalpha()
                         and marks[lo - 1][3] == marks[lo][2]):
            lo -= 1            # a script, argument or call without what it belongs to
        elif right and hi < last and (text[hi] in ("_", "^") or text[hi + 1] in ("_", "^", "{")):
            hi += 1            # a name without its script or argument
        else:
            break
    return piece.source[marks[lo][2]:marks[hi][3]].strip()


def _mark_of(piece, k: int) -> int | None:
    """The index in ``piece.marks`` of token k."""
    pos = sum(len(t) + 1 for t in piece.toks[:k])
    for m, (s, _, _, _) in enumerate(piece.marks):
        if s == pos:
            return m
    return None


def _ends_operand(tok: str) -> bool:
    return tok[:1].isalnum() or tok in ("}", ")", "]") or (tok[:1] == "\\" and tok[1:2].isalpha())


def cannot_read(piece, reason: str, start=None, end=None) -> str:
    """``cannot read `X` in `context`: reason`` (the context only when X is a short piece of a
    longer formula; X is the whole formula when the trouble has no one place)."""
    all_ = whole(piece).strip()
    what = written(piece, start, end) if start is not None else None
    if not what:
        return f"cannot read {q(all_)}: {reason}"
    text = f"cannot read {q(what)}"
    if len(what) < 25 and what != all_:
        ctx = around(piece, start, end)
        if ctx and ctx != what:
            text += f" in {q(ctx, 50)}"
    return f"{text}: {reason}"


DOTS = "a row of dots stands for terms the reader cannot expand"


def size(shape) -> str:
    """``3×4``; a number for a scalar."""
    if not shape:
        return "a number"
    return f"{shape[0]}×{shape[1]}"


def rows(n) -> str:
    return "1 row" if str(n) == "1" else f"{n} rows"


_BRACKET_NAME = {"(": "bracket", "[": "bracket", "{": "brace", r"\{": "brace", r"\lvert": "bar",
                 r"\lVert": "norm bar", r"\langle": "angle bracket"}
_CLOSER_NAME = {")": "bracket", "]": "bracket", "}": "brace", r"\}": "brace", r"\rvert": "bar",
                r"\rVert": "norm bar", r"\rangle": "angle bracket"}


def _tok_text(piece, k: int) -> str:
    """Token k as written (a classified bar is written ``|``)."""
    s, e = _tok_span(piece, k)
    return piece.source[s:e] if s is not None else piece.toks[k]


def _tok_span(piece, k: int):
    t = piece.toks[k]
    return (t.start, t.end) if hasattr(t, "start") else (None, None)


def _written_tokens(piece, lo: int, hi: int) -> str:
    """Tokens lo..hi (inclusive) as written."""
    starts = [_tok_span(piece, k)[0] for k in range(max(0, lo), min(len(piece.toks), hi + 1))]
    ends = [_tok_span(piece, k)[1] for k in range(max(0, lo), min(len(piece.toks), hi + 1))]
    starts, ends = [s for s in starts if s is not None], [e for e in ends if e is not None]
    if not starts:
        return " ".join(piece.toks[max(0, lo):hi + 1])
    return piece.source[min(starts):max(ends)].strip()


def bracket_message(piece, found) -> str:
    """Plain words for a bracket that does not pair up (see ``_pre.unbalanced``)."""
    kind, i = found[0], found[1]
    m = _mark_of(piece, i)
    at = _widen(piece, m - 3, m, right=False) if m is not None else piece.toks[i]
    if kind == "open":
        name = _BRACKET_NAME.get(piece.toks[i], "bracket")
        if m is not None and m < 2:
            at = _widen(piece, m, m + 3, right=False)
        return f"the {name} opened at {q(at, keep_end=m is None or m >= 2)} is never closed"
    if kind == "close":
        name = _CLOSER_NAME.get(piece.toks[i], "bracket")
        return f"the closing {name} at {q(at, keep_end=True)} closes nothing"
    j = found[2]
    mj = _mark_of(piece, j)
    opener, closer = _tok_text(piece, i), _tok_text(piece, j)
    if m is not None and mj is not None:
        span = piece.source[piece.marks[m][2]:piece.marks[mj][3]]
        if len(span) <= QUOTE:
            return f"the {q(opener)} of {q(span)} is closed by {q(closer)}"
    end = _widen(piece, mj - 3, mj, right=False) if mj is not None else closer
    return (f"the {q(opener)} opened at {q(at, keep_end=True)} is closed by {q(closer)} at "
            f"{q(end, keep_end=True)}")


_TOKEN_REASON = {
    "REL": "a relation where a value belongs",
    "IMPLIES": "an implication where a value belongs",
    "SEP": "a separator where a value belongs",
    "CIRCUMFLEX": "a superscript with nothing before it",
    "UNDERSCORE": "a subscript with nothing before it",
    "MULOP": "an operation with nothing on one side",
    "AMP": "an alignment mark `&` outside a matrix",
    "ROWSEP": "a line break `\\\\` where the formula goes on",
    "MATEND": "a matrix that ends where an entry should follow",
    "BANG": "a factorial `!` with nothing before it",
}


def grammar_message(piece, exc) -> str:
    """Plain words for what the grammar stumbled on (a lark exception)."""
    toks = getattr(piece, "toks", None)
    if toks is not None:
        from . import _pre

        found = _pre.unbalanced(toks)
        if found is not None:
            return bracket_message(piece, found)
    text = str(piece)
    token = getattr(exc, "token", None)
    pos = getattr(exc, "pos_in_stream", None)
    if token is not None and token.type == "$END" or (token is None and hasattr(exc, "expected")
                                                      and pos is not None and pos >= len(text)):
        tail = around(piece, len(text) - 1, len(text)) or whole(piece)
        return f"cannot read {q(tail)}: the formula stops before it is complete"
    if token is not None and token.start_pos is not None:
        start, end = token.start_pos, token.end_pos
        reason = _TOKEN_REASON.get(token.type, "it cannot stand here")
        return cannot_read(piece, reason, start, end)
    char = getattr(exc, "char", None)
    if char == ".":
        return cannot_read(piece, DOTS, pos, pos + 1)
    if char is not None and pos is not None:
        return cannot_read(piece, f"the character {q(char)} is not part of a formula the reader "
                           "knows", pos, pos + 1)
    return f"cannot read {q(whole(piece))}: the reader cannot make out its structure"
