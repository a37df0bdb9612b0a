"""A definition by cases written in words: ``f(x) = A \\text{ if } C \\text{ else } B``.

Sheets write the Huber loss, a ReLU's derivative or a clipped step with words instead of a
``cases`` environment: ``A \\text{ if } C \\text{ else } B``, ``A \\text{ if } C, \\; B
\\text{ otherwise}``, ``A \\text{ if } C \\quad B \\text{ otherwise}``.  Read word by word the
``else`` is prose and the formula is refused; read as an implication (``C \\implies f = A``)
the second case is lost.  Both cases are one ``Piecewise``: the tokens are rewritten as the
``\\begin{cases} A & C \\\\ B & \\text{otherwise} \\end{cases}`` they stand for, which the reader
reads (:mod:`.conditions`).  Works on the token lists of :mod:`._pre`.
"""
from __future__ import annotations

from . import _pre as _p, _statements as _s

_ELSE = {"else", "otherwise", "and otherwise", "or else"}


def _top(part: list[str]):
    """(index, token, word) at bracket depth 0."""
    depth = 0
    for k, t in enumerate(part):
        if t in _p._OPEN or t in (r"\lvert", r"\lVert"):
            depth += 1
        elif t in _p._CLOSE or t in (r"\rvert", r"\rVert"):
            depth -= 1
        elif depth == 0:
            yield k, t, _s.word(t)


def join_otherwise(parts: list[list[str]]) -> list[list[str]]:
    """``A \\text{ if } C \\quad B \\text{ otherwise}``: the two pieces the \\quad split are one
    definition (joined by a comma)."""
    out: list[list[str]] = []
    for part in parts:
        prev = out[-1] if out else None
        if prev is not None and any(w == "if" for _, _, w in _top(prev)) and part \
                and _s.word(part[-1]) in _ELSE and not any(w == "if" for _, _, w in _top(part)):
            out[-1] = prev + [_p._like(part[0], ",")] + part
        else:
            out.append(part)
    return out


def cases_from_words(part: list[str]) -> list[str] | None:
    """The tokens of ``HEAD A if C else B`` as ``HEAD \\begin{cases} A & C \\\\ B &
    \\text{otherwise} \\end{cases}``; None when the part is no such definition."""
    top = list(_top(part))
    ifs = [k for k, _, w in top if w == "if"]
    rels = [k for k, t, _ in top if t in _s._COMPARISONS or t in (":=", r"\coloneqq")]
    if len(ifs) != 1 or not rels or rels[0] > ifs[0]:
        return None
    i, r = ifs[0], rels[0]
    after = [(k, t, w) for k, t, w in top if k > i]
    elses = [k for k, _, w in after if w in _ELSE]
    if len(elses) != 1:
        return None
    j = elses[0]
    if j < len(part) - 1:  # A if C else B
        cond, other = part[i + 1:j], part[j + 1:]
    else:  # A if C, B otherwise (or: A if C and B otherwise)
        seps = [k for k, t, w in after if k < j and (t == "," or w in ("and", ", and"))]
        if not seps:
            return None
        cond, other = part[i + 1:seps[-1]], part[seps[-1] + 1:j]
    value = part[r + 1:i]
    if not (value and cond and other) or any(t in ("&", "\\\\") for t in part):
        return None
    like = part[i]
    amp, row = _p._like(like, "&"), _p._like(like, "\\\\")
    return (part[:r + 1] + [_p._like(like, r"\begin{cases}"), *value, amp, *cond, row, *other,
                            amp, _p._like(like, r"\text{otherwise}"),
                            _p._like(part[j], r"\end{cases}")])
