"""A law statement about a sum written with dots, read as the sum it stands for.

"$T_1 + \\dots + T_m \\sim \\mathrm{Gamma}(m, \\theta)$": the reader expands the row into
``\\sum_{k=1}^{m} T_k`` and the law check decides it, but the matcher compares the line as
written, so letter by letter T_1 pairs with the claim's index and no claim fits surely. Read
with the row written as the sum, it pairs letter for letter with a claim written
``\\sum_{i=1}^{n} X_i \\sim ...``.

The matcher itself keeps the row as written: rewriting it there for every formula cost a catch
(``M_{Z_1 + \\dots + Z_m}(u) = m M_Z(u)`` then resembled the MGF claim only loosely). So this
is an extra reading, tried only for a law statement (``\\sim``) whose left side holds the row,
and only where the formula as written stays unchecked; it is decided like any reading (a
wrong one needs the usual sure match).
"""
from __future__ import annotations

from cheatsheet.latex import _pre, _runs


def _index(toks) -> str | None:
    return _runs._fresh(toks)


def rewritten(latex: str) -> str | None:
    """``latex`` with each row of one template joined by ``+`` around dots on the left of a
    top-level ``\\sim`` written as the sum over a fresh index; None where there is none."""
    toks = _pre.tokens(latex)
    depth, sim = 0, None
    for k, t in enumerate(toks):
        depth += t in _runs._PAIRS or t == "{"
        depth -= t in _runs._CLOSERS
        if depth == 0 and t == r"\sim":
            if sim is not None:
                return None  # two laws on one line: not one statement
            sim = k
    if sim is None:
        return None
    out, pos, changed = [], 0, False
    k = 0
    left = toks[:sim]
    while k < len(left):
        if left[k] not in _runs._DOTS:
            k += 1
            continue
        row = _runs._row_around(left, k, "+")
        if not row or not row[-1]:
            return None  # a row the reader cannot expand, or one with another term before it
        start, end, lo, hi, last, places, _ = row
        idx = _index(toks)
        spans = [(t.start, t.end) for t in left[start:end] if hasattr(t, "start")]
        if idx is None or len(spans) != end - start or \
                any(a[1] > b[0] for a, b in zip(spans, spans[1:])) or spans[0][0] < pos:
            return None  # (a token made by the tokenizer's rewriting: no place in the text)
        body = " ".join(_runs._flat(_runs._fill(last, places, ["{", idx, "}"])))
        top = _runs._text(hi)
        top = top if top.startswith("{") else "{" + top + "}"
        out.append(latex[pos:spans[0][0]] + f"\\sum_{{{idx}={lo}}}^{top} {body}")
        pos, k, changed = spans[-1][1], end, True
    return "".join(out) + latex[pos:] if changed else None


def decided_dotted(decider, formula, conv, file: str, plain):
    """The finding of the law statement read with its dotted sum written as a sum, where that
    reading decides it; else ``plain``."""
    text = rewritten(formula.reading)
    if text is None:
        return plain
    f = decider._decide(formula, conv, file, text)
    if f.verdict == "unchecked":
        return plain
    f.reason = f"{f.reason} (read with the terms joined by dots as the sum they stand for)"
    return f
