"""Rows of terms written with dots, rewritten as the sum or product they stand for.

``x_1 + x_2 + \\dots + x_n`` is ``\\sum_{k=1}^{n} x_k`` and ``a_1 a_2 \\cdots a_n`` is
``\\prod_{k=1}^{n} a_k``; ``\\min(x_1, \\dots, x_n)`` (or ``\\max``) is ``\\min_{k=1}^{n} x_k``: the terms beside the dots must be one template written with a whole
number (first term) and an expression (last term) in the same places, and the terms before the
dots must count up by one from the first.  Anything else is left as written, and the reader
says it cannot expand the dots.  This works on the token list (before the grammar), where the
terms are still the writer's text: one template, read once by the reader like any sum.
"""
from __future__ import annotations

import re

_DOTS = {r"\dots", r"\ldots", r"\cdots"}
_PAIRS = {"{": "}", "(": ")", "[": "]", r"\{": r"\}", r"\lvert": r"\rvert", r"\lVert": r"\rVert"}
_CLOSERS = set(_PAIRS.values())
_FONTS = {r"\mathbf", r"\boldsymbol", r"\bm", r"\vec", r"\mathbb", r"\mathcal", r"\hat", r"\bar",
          r"\tilde", r"\widehat", r"\widetilde", r"\overline", r"\dot"}
# what ends a term of a sum (a product's factors also end at + and -)
_TERM_END = {"+", "-", ",", ";", "=", "<", ">", ":=", r"\le", r"\leq", r"\ge", r"\geq", r"\neq",
             r"\ne", r"\approx", r"\in", r"\sim", r"\propto", r"\implies", r"\mid", r"\equiv",
             r"\to", r"\quad", r"\qquad", r"\pm", r"\mp"}
_TIMES = {r"\cdot", r"\times"}
_FRESH = ("k", "i", "j", "l", "m", "r", "s", "u", "v")


def _like(src, text):
    from ._pre import _like as like

    return like(src, text)


def _items(toks, lo, hi):
    """``toks[lo:hi]`` as items: a brace group (a script, a font's argument) is one item (a
    list of its tokens), any other token an item of its own; None if brackets do not pair up
    inside the span."""
    out, i, depth = [], lo, 0
    while i < hi:
        t = toks[i]
        if t == "{":
            d, j = 0, i
            while j < hi:
                d += toks[j] == "{"
                d -= toks[j] == "}"
                if d == 0:
                    break
                j += 1
            if j >= hi:
                return None
            out.append(list(toks[i:j + 1]))
            i = j + 1
            continue
        depth += t in _PAIRS
        depth -= t in _CLOSERS
        if depth < 0:
            return None
        out.append(t)
        i += 1
    return out if depth == 0 else None


def _text(item) -> str:
    return " ".join(item) if isinstance(item, list) else str(item)


def _whole(item):
    """The whole number an item holds (``2`` or ``{2}``), else None."""
    s = _text(item)
    m = re.fullmatch(r"\{ (\d+) \}|(\d+)", s)
    return int(m.group(1) or m.group(2)) if m else None


def _template(first, last):
    """The places where the first and last terms differ, as (lo, hi item), when they differ only
    where the first holds a whole number and the last one and the same expression."""
    if len(first) != len(last):
        return None
    pair, places = None, []
    for k, (a, b) in enumerate(zip(first, last)):
        if _text(a) == _text(b):
            continue
        lo = _whole(a)
        if lo is None or (pair is not None and (pair[0], _text(pair[1])) != (lo, _text(b))):
            return None
        if k == 0 or _text(first[k - 1]) not in ("_", "^"):
            if len(first) > 1:
                return None  # the number stands in a script, or is the whole term (1 + ... + n)
        pair = (lo, b)
        places.append(k)
    if pair is None:
        return None
    return pair[0], pair[1], places


def _fill(term, places, value) -> list:
    return [value if k in places else it for k, it in enumerate(term)]


def _flat(items) -> list:
    out = []
    for it in items:
        out += it if isinstance(it, list) else [it]
    return out


def _fresh(toks) -> str | None:
    used = {str(t) for t in toks}
    return next((c for c in _FRESH if c not in used), None)


def _span_back(toks, i):
    """Start of the term (or factor run) that ends before ``toks[i]``: back to the nearest
    term end or unmatched opener at the same depth."""
    depth, j = 0, i - 1
    while j >= 0:
        t = toks[j]
        if t in _CLOSERS:
            depth += 1
        elif t in _PAIRS:
            if depth == 0:
                return j + 1
            depth -= 1
        elif depth == 0 and (t in _TERM_END or t in _DOTS):
            return j + 1
        j -= 1
    return 0


def _span_fwd(toks, i):
    depth, j = 0, i
    while j < len(toks):
        t = toks[j]
        if t in _PAIRS:
            depth += 1
        elif t in _CLOSERS:
            if depth == 0:
                return j
            depth -= 1
        elif depth == 0 and (t in _TERM_END or t in _DOTS):
            return j
        j += 1
    return len(toks)


def _row_around(toks, d, sep):
    """The row of one template around the dots at ``d`` (``t_lo sep ... sep \\dots sep
    t_hi``): (start, end, lo, hi, last, places, whole), ``whole`` False where an entry
    before the counted ones is of another kind; None where the dots stand in no row."""
    if d < 2 or d + 2 > len(toks) or toks[d - 1] != sep or toks[d + 1] != sep:
        return None
    end = _span_fwd(toks, d + 2)
    last = _items(toks, d + 2, end)
    s = _span_back(toks, d - 1)
    term = _items(toks, s, d - 1)
    if not last or not term:
        return None
    got = _template(term, last)
    if got is None:
        return None
    lo, hi, places = got
    while s >= 2 and toks[s - 1] == sep and lo > 0:  # x_1, x_2, \dots: count down
        s2 = _span_back(toks, s - 1)
        prev = _items(toks, s2, s - 1)
        if prev is None or _template(prev, last) != (lo - 1, hi, places):
            return s, end, lo, hi, last, places, False
        s, lo = s2, lo - 1
    return s, end, lo, hi, last, places, True


def _sum_run(toks, d):
    """``t_lo + ... + \\dots + t_hi`` around the dots at ``d``: (start, end, replacement)."""
    row = _row_around(toks, d, "+")
    if row is None:
        return None
    start, end, lo, hi, last, places, _ = row
    return start, end, ("sum", lo, hi, last, places)


_EXTREMA = {r"\min", r"\max"}


def _list_run(toks, d):
    """``\\min(t_lo, ..., \\dots, t_hi)`` (or ``\\max``) around the dots at ``d``, the whole
    argument list a row of one template: (start, end, replacement).  A list with anything
    else in it (``\\min(a, x_1, \\dots, x_n)``) is left as written."""
    row = _row_around(toks, d, ",")
    if row is None:
        return None
    s, end, lo, hi, last, places, whole = row
    if not whole or end >= len(toks) or toks[end] not in (")", r"\right)"):
        return None  # another kind of entry in the list
    opener = s - 1
    if opener < 1 or toks[opener] not in ("(", r"\left("):
        return None
    if toks[opener] == r"\left(" or toks[end] == r"\right)":
        if (toks[opener], toks[end]) != (r"\left(", r"\right)"):
            return None
    head = opener - 1
    if toks[head] not in _EXTREMA:
        return None
    return head, end + 1, (str(toks[head])[1:], lo, hi, last, places)


def _factor_end(items, k):
    """End (exclusive) of the factor starting at item ``k``: a name (with its font argument) or
    a bracket, its scripts, and a call's argument in brackets."""
    def scripts(k):
        while k + 1 < len(items) and _text(items[k]) in ("_", "^"):
            k += 2
        return k

    def bracket(k):
        depth = 0
        for j in range(k, len(items)):
            depth += _text(items[j]) in _PAIRS
            depth -= _text(items[j]) in _CLOSERS
            if depth == 0:
                return j + 1
        return None

    if k >= len(items):
        return None
    t = _text(items[k])
    if t in _FONTS and k + 1 < len(items) and isinstance(items[k + 1], list):
        k += 2
    elif t in _PAIRS:
        k = bracket(k)
        return None if k is None else scripts(k)
    elif re.fullmatch(r"[A-Za-z]|\\[A-Za-z]+", t) and t not in _TERM_END | _TIMES | _DOTS:
        k += 1
    else:
        return None
    k = scripts(k)
    if k < len(items) and _text(items[k]) in ("(", "["):
        k = bracket(k)
        if k is None:
            return None
        k = scripts(k)
    return k


def _product_run(toks, d):
    """``a_1 a_2 \\cdots a_n`` (factors side by side or joined by ``\\cdot``): (start, end,
    replacement)."""
    start, end = _span_back(toks, d), _span_fwd(toks, d + 1)
    before, after = _items(toks, start, d), _items(toks, d + 1, end)
    if not before or not after:
        return None
    if _text(before[-1]) in _TIMES:
        before = before[:-1]
    if _text(after[0]) in _TIMES:
        after = after[1:]
    k = _factor_end(after, 0)
    if k is None or k != len(after):
        return None  # something follows the last factor: where the product ends is unclear
    last = after
    n = len(last)
    run, pos = [], len(before)
    while pos - n >= 0:
        cand = before[pos - n:pos]
        got = _template(cand, last)
        if got is None:
            break
        run.append((got, pos - n))
        pos -= n
        if pos and _text(before[pos - 1]) in _TIMES:
            pos -= 1
    if not run:
        return None
    (lo, hi, places), _ = run[-1]
    for n_, (got, _) in enumerate(reversed(run)):
        if got != (lo + n_, hi, places):
            return None
    if pos:
        return None  # a factor before the run: say nothing rather than guess its extent
    return start, end, ("prod", lo, hi, last, places)


def expand(toks: list) -> list:
    """The token list with every row of dots the reader can expand rewritten as a sum or
    product (a minimum, a maximum) over a fresh index; other rows are left for the reader to
    refuse."""
    for _ in range(8):
        d = next((i for i, t in enumerate(toks) if t in _DOTS), None)
        if d is None:
            return toks
        found = None
        for i, t in enumerate(toks):
            if t not in _DOTS:
                continue
            found = _sum_run(toks, i) or _list_run(toks, i) or (_product_run(toks, i) if t == r"\cdots" or (
                i and toks[i - 1] not in (",", "+", "-")) else None)
            if found:
                d = i
                break
        if not found:
            return toks
        start, end, (op, lo, hi, last, places) = found
        idx = _fresh(toks)
        if idx is None:
            return toks
        src = toks[d]
        body = _flat(_fill(last, places, ["{", _like(src, idx), "}"]))
        hi_toks = hi if isinstance(hi, list) else ["{", hi, "}"]
        new = ["{", _like(src, "\\" + op), "_", "{", _like(src, idx), "=", _like(src, str(lo)), "}",
               "^", *hi_toks, *body, "}"]
        toks = toks[:start] + [_like(src, t) if not hasattr(t, "start") else t for t in new] \
            + toks[end:]
    return toks
