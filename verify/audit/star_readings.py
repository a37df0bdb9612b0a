"""An asterisk between two sequences: a convolution, or a cross-correlation where a sheet
writes * for it, decided only where every reading agrees.

``(f(t) * g(t))(-y) = (f(-t) * g(t))(y)`` may mean the convolution sum_t f(t) g(y - t) or
the cross-correlation sum_t f(t) g(y + t) (deep-learning sheets write * for the layer's
correlation), and a sheet may even mean one at one asterisk and the other at the next. The
reader refuses to guess. Here each asterisk of a chain of such terms is read every way it
may be read, independently: the convolution, and the cross-correlation as the sheet defines
it in force (``(g * f)[u] = \\sum_t g[t] f[u + t]``), or both orientations of it where the
sheet defines none. The chain is evaluated exactly on random finitely supported integer
sequences. Wrong only when no assignment of readings makes it hold; ok only when every one
does; otherwise this says nothing (the formula goes on to the other checks).
"""
from __future__ import annotations

import itertools
import random
import re

CONV, CORR, CORR_REV = "convolution", "correlation", "correlation (reversed)"
_SAY = {CONV: "a convolution (f * g)(u) = sum_t f(t) g(u - t)",
        CORR: "the cross-correlation sum_t f(t) g(u + t)",
        CORR_REV: "the cross-correlation sum_t f(u + t) g(t)"}

_NAME = r"(?:[A-Za-z]|\\[a-zA-Z]+)"
# an operand: f, f(t), f(-t), f[t], f[-t]
_OPERAND = rf"\s*({_NAME})\s*(?:([(\[])\s*(-?)\s*([A-Za-z])\s*[)\]])?\s*"
_TERM = re.compile(rf"\(\s*{_OPERAND}(?:\*|\\ast)\s*{_OPERAND}\)\s*([(\[])([^()\[\]]*)[)\]]")
_AFFINE = re.compile(r"\s*([+-]?)\s*([A-Za-z]|[0-9]+)\s*")
_NOT_NAMES = {r"\sum", r"\int", r"\frac", r"\mathcal", r"\operatorname", r"\text", r"\left",
              r"\right", r"\cdot", r"\times", r"\mathbb", r"\mathrm", r"\hat", r"\bar",
              r"\tilde"}


def _affine(text: str) -> list[tuple[int, str]] | None:
    """``-y + 1`` as [(-1, 'y'), (1, '1')], or None when it is no such sum."""
    out, pos = [], 0
    text = text.strip()
    if not text:
        return None
    while pos < len(text):
        m = _AFFINE.match(text, pos)
        if m is None or m.end() == pos or (out and not m.group(1)):
            return None
        out.append((-1 if m.group(1) == "-" else 1, m.group(2)))
        pos = m.end()
    return out


def _operand(name, bracket, minus, dummy):
    if name in _NOT_NAMES:
        return None
    return name, (-1 if minus else 1), dummy


def _terms(latex: str):
    """The chain's members, each (left operand, right operand, argument), and whether every
    relation between them is =; None unless every member is one such term."""
    members = [m.strip() for m in latex.split("=")]
    if len(members) < 2 or any(not m for m in members):
        return None
    out = []
    for member in members:
        m = _TERM.fullmatch(member)
        if m is None:
            return None
        left = _operand(*m.group(1, 2, 3, 4))
        right = _operand(*m.group(5, 6, 7, 8))
        arg = _affine(m.group(10))
        if left is None or right is None or arg is None:
            return None
        dummies = {d for _, _, d in (left, right) if d}
        if len(dummies) > 1 or any(v in {left[0], right[0]} | dummies for _, v in arg):
            return None
        out.append((left, right, arg))
    return out


def defined_meaning(latex: str) -> str | None:
    """The meaning a formula gives the asterisk where it defines it by a sum
    (``(g * f)[u] = \\sum_t g[t] f[u + t]``): CONV, CORR or CORR_REV; else None."""
    m = re.fullmatch(rf"\s*\(\s*({_NAME})\s*(?:\*|\\ast)\s*({_NAME})\s*\)\s*[(\[]\s*([A-Za-z])\s*"
                     rf"[)\]]\s*(?::=|=)\s*\\sum_\{{?\s*([A-Za-z])[^ ]*?\s+(.*)", latex)
    if m is None:
        return None
    a, b, u, t, body = m.groups()
    if u == t or a == b:
        return None
    call = r"\s*[(\[]\s*{}\s*[)\]]\s*"
    first = re.fullmatch(re.escape(a) + call.format(t) + re.escape(b)
                         + call.format(rf"{u}\s*([+-])\s*{t}"), body.strip())
    if first is not None:
        return CONV if first.group(1) == "-" else CORR
    second = re.fullmatch(re.escape(a) + call.format(rf"{u}\s*([+-])\s*{t}") + re.escape(b)
                          + call.format(t), body.strip())
    if second is not None:
        return CONV if second.group(1) == "-" else CORR_REV
    return None


def _value(term, reading, seq, vals, span):
    (f, fs, _), (g, gs, _), arg = term
    u = sum(sign * (int(v) if v.isdigit() else vals[v]) for sign, v in arg)
    F = lambda s: seq[f].get(fs * s, 0)  # noqa: E731
    G = lambda s: seq[g].get(gs * s, 0)  # noqa: E731
    if reading == CONV:
        return sum(F(s) * G(u - s) for s in span)
    if reading == CORR:
        return sum(F(s) * G(u + s) for s in span)
    return sum(F(u + s) * G(s) for s in span)


def decide(latex: str, meanings: tuple, seed: int = 0):
    """(verdict, reason, counterexample) for a chain of asterisk terms read every way, or
    None when the formula is no such chain or its readings disagree."""
    terms = _terms(latex)
    if terms is None:
        return None
    defined = [m for m in meanings if m != CONV]
    ways = (CONV, *dict.fromkeys(defined)) if defined else (CONV, CORR, CORR_REV)
    functions = sorted({t[0][0] for t in terms} | {t[1][0] for t in terms})
    letters = sorted({v for t in terms for _, v in t[2] if not v.isdigit()})
    rng = random.Random(f"star {seed} {latex}")
    draws = []
    for _ in range(6):
        seq = {f: {k: rng.randint(-4, 4) for k in range(-3, 4)} for f in functions}
        vals = {v: rng.randint(-3, 3) for v in letters}
        draws.append((seq, vals))
    reach = 3 + sum(abs(int(v)) if v.isdigit() else 3 for t in terms for _, v in t[2])
    span = range(-reach - 8, reach + 9)
    holding, first_fail = [], None
    for assignment in itertools.product(ways, repeat=len(terms)):
        failed = None
        for seq, vals in draws:
            got = [_value(t, r, seq, vals, span) for t, r in zip(terms, assignment)]
            if len(set(got)) > 1:
                failed = (seq, vals, got)
                break
        if failed is None:
            holding.append(assignment)
        elif first_fail is None:
            first_fail = failed
    said = " or ".join(_SAY[w] for w in ways)
    if not holding:
        seq, vals, got = first_fail
        shown = {f: [seq[f].get(k, 0) for k in range(-3, 4)] for f in functions}
        values = {**{f: f"{v} at t = -3..3, 0 elsewhere" for f, v in shown.items()},
                  **{v: x for v, x in vals.items()}}
        return ("wrong", f"it fails whichever operation each asterisk stands for ({said}, "
                         f"as the sheet defines it here); with every asterisk a convolution, for one"
                if defined else f"it fails whichever operation each asterisk stands for "
                f"({said}); with every asterisk a convolution, for one",
                {"values": values, "left": got[0],
                 "right": next(x for x in got[1:] if x != got[0])})
    if len(holding) == len(ways) ** len(terms):
        return "ok", f"it holds whichever operation each asterisk stands for ({said})", None
    return None
