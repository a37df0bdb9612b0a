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

Members may also be sums over every integer of two sequences' values
(``\\sum_t f[t] h[u - t]``), or integrals over the line (``\\int_{-\\infty}^{\\infty} f(t)
g(u - t) dt``: with coefficients +-1 on the variable an identity between such integrals is
one between the sums). A first member the chain defines (``(f * h)[u] := \\sum_t ... =
\\sum_t ...``) is left out and the sums after it are compared. A chain whose terms hold
together only with every asterisk read as the one operation its own sums spell out
(``(f * g)(u) = (g * f)(u) = \\int f(t) g(u - t) dt``) is ok read so. Where nothing says the
operands are sequences (no argument of theirs, no sum, no definition in force),
``(a * b)(c)`` may be a product of numbers: no refutation then.
"""
from __future__ import annotations

import itertools
import random
import re

from cheatsheet.sheets.clauses import split_top

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


def _operand(name, _bracket, minus, dummy):
    if name in _NOT_NAMES:
        return None
    return name, (-1 if minus else 1), dummy


# a sum over every integer of two sequences' values: \sum_t f[t] g[u - t],
# \sum_{t=-\infty}^{\infty} f(u - t) \cdot g(t)
_SUM = re.compile(rf"\\sum_\{{?\s*([A-Za-z])\s*(?:=\s*-\s*\\infty\s*\}}\s*\^\s*\{{?\s*\\infty"
                  rf"|\\in\s*\\mathbb\s*\{{?\s*Z\s*\}}?)?\s*\}}?\s*"
                  rf"({_NAME})\s*([(\[])([^()\[\]]*)[)\]]\s*(?:\\cdot\s*)?"
                  rf"({_NAME})\s*([(\[])([^()\[\]]*)[)\]]")


# the same over the real line: \int_{-\infty}^{\infty} f(t) g(u - t) dt (with coefficients
# +-1 on the variable, an identity between such integrals is one between the sums: both are
# changes of variable that keep the measure)
_INT = re.compile(rf"\\int_\{{?\s*-\s*\\infty\s*\}}?\s*\^\s*\{{?\s*\\infty\s*\}}?\s*"
                  rf"({_NAME})\s*\(([^()]*)\)\s*(?:\\cdot\s*)?({_NAME})\s*\(([^()]*)\)\s*"
                  rf"(?:\\[,;!]\s*)?(?:d|\\mathrm\s*\{{\s*d\s*\}})\s*([A-Za-z])")


def _sum(member: str):
    """A sum over all integers (or an integral over the line) of two sequences' values, as
    (var, (f, arg), (g, arg)), or None."""
    m = _SUM.fullmatch(member)
    if m is not None:
        var, f, _, fa, g, _, ga = m.groups()
    else:
        m = _INT.fullmatch(member)
        if m is None:
            return None
        f, fa, g, ga, var = m.groups()
    fa, ga = _affine(fa), _affine(ga)
    if fa is None or ga is None or f in _NOT_NAMES or g in _NOT_NAMES or var in (f, g):
        return None
    if not any(v == var for _, v in fa) or not any(v == var for _, v in ga):
        return None
    if any(sum(sign for sign, v in a if v == var) not in (-1, 1) for a in (fa, ga)):
        return None
    return var, (f, fa), (g, ga)


def _split_top(latex: str) -> list[str]:
    """Members and the relations between them (= or :=), split outside brackets and braces
    only (the bounds of \\sum_{t=-\\infty} stay whole)."""
    members = split_top(latex, "=")
    out = [members[0]]
    for member in members[1:]:
        rel = ":=" if out[-1].endswith(":") else "="
        if rel == ":=":
            out[-1] = out[-1][:-1]
        out += [rel, member]
    return out


def _terms(latex: str):
    """The members the chain states equal, each ("star", left operand, right operand,
    argument) or ("sum", var, (f, arg), (g, arg)); a first member the chain defines
    (``:=``, or the asterisk defined by a sum) is left out. None unless every member is one
    of these, at least one an asterisk, and two remain."""
    parts = _split_top(latex)
    members = [m.strip() for m in parts[::2]]
    if len(members) < 2 or any(not m for m in members) or ":=" in parts[3::2]:
        return None
    defines = parts[1] == ":=" or defined_meaning(latex) is not None
    out = []
    for member in members:
        m = _TERM.fullmatch(member)
        if m is None:
            summed = _sum(member)
            if summed is None:
                return None
            out.append(("sum", *summed))
            continue
        left = _operand(*m.group(1, 2, 3, 4))
        right = _operand(*m.group(5, 6, 7, 8))
        arg = _affine(m.group(10))
        if left is None or right is None or arg is None:
            return None
        dummies = {d for _, _, d in (left, right) if d}
        if len(dummies) > 1 or any(v in {left[0], right[0]} | dummies for _, v in arg):
            return None
        out.append(("star", left, right, arg))
    if not any(t[0] == "star" for t in out):
        return None
    if defines:
        out = out[1:]
    return out if len(out) >= 2 else None


def defined_meaning(latex: str) -> str | None:
    """The meaning a formula gives the asterisk where it defines it by a sum
    (``(g * f)[u] = \\sum_t g[t] f[u + t]``, ``(f * h)[u] := \\sum_t f[t] h[u - t] = ...``):
    CONV, CORR or CORR_REV; else None."""
    parts = _split_top(latex)
    if len(parts) < 3:
        return None
    m = _TERM.fullmatch(parts[0].strip())
    summed = _sum(parts[2].strip())
    if m is None or summed is None or m.group(2) or m.group(6):
        return None  # (only bare operands: (g * f)[u])
    a, b, arg = m.group(1), m.group(5), _affine(m.group(10))
    var, (f, fa), (g, ga) = summed
    if a == b or arg is None or len(arg) != 1 or arg[0][0] != 1 or {f, g} != {a, b}:
        return None
    u = arg[0][1]
    if f != a:
        (f, fa), (g, ga) = (g, ga), (f, fa)
    plain, at_u = [(1, var)], lambda sign: [(1, u), (sign, var)]  # noqa: E731
    if fa == plain and ga in (at_u(1), at_u(-1)):
        return CORR if ga == at_u(1) else CONV
    if ga == plain and fa in (at_u(1), at_u(-1)):
        return CORR_REV if fa == at_u(1) else CONV
    return None


def _at(arg, vals, s=None, var=None) -> int:
    return sum(sign * (int(v) if v.isdigit() else s if v == var else vals[v]) for sign, v in arg)


def _value(term, reading, seq, vals, span):
    if term[0] == "sum":
        _, var, (f, fa), (g, ga) = term
        return sum(seq[f].get(_at(fa, vals, s, var), 0) * seq[g].get(_at(ga, vals, s, var), 0)
                   for s in span)
    _, (f, fs, _), (g, gs, _), arg = term
    u = _at(arg, vals)
    F = lambda s: seq[f].get(fs * s, 0)  # noqa: E731
    G = lambda s: seq[g].get(gs * s, 0)  # noqa: E731
    if reading == CONV:
        return sum(F(s) * G(u - s) for s in span)
    if reading == CORR:
        return sum(F(s) * G(u + s) for s in span)
    return sum(F(u + s) * G(s) for s in span)


def _example(functions, seq, vals, got) -> dict:
    """The counterexample in plain values: each sequence's entries at -3..3, the numbers."""
    shown = {f: f"{[seq[f].get(k, 0) for k in range(-3, 4)]} at -3..3, 0 elsewhere"
             for f in functions}
    return {"values": {**shown, **vals}, "left": got[0],
            "right": next(x for x in got[1:] if x != got[0])}


def decide(latex: str, meanings: tuple, seed: int = 0):
    """(verdict, reason, counterexample) for a chain of asterisk terms read every way, or
    None when the formula is no such chain or its readings disagree."""
    if "*" not in latex and r"\ast" not in latex:
        return None  # (asked of every formula left undecided: most have no asterisk)
    terms = _terms(latex)
    if terms is None:
        return None
    defined = [m for m in meanings if m != CONV]
    ways = (CONV, *dict.fromkeys(defined)) if defined else (CONV, CORR, CORR_REV)
    stars = [t for t in terms if t[0] == "star"]
    functions = sorted({t[1][0] for t in stars} | {t[2][0] for t in stars}
                       | {t[k][0] for t in terms if t[0] == "sum" for k in (2, 3)})
    bound = {t[1] for t in terms if t[0] == "sum"}
    letters = sorted({v for t in stars for _, v in t[3] if not v.isdigit()}
                     | {v for t in terms if t[0] == "sum" for k in (2, 3) for _, v in t[k][1]
                        if not v.isdigit() and v != t[1]})
    if bound & {v for t in stars for _, v in t[3]} or set(functions) & (set(letters) | bound):
        return None  # (a letter both bound and free, or both a sequence and a number)
    rng = random.Random(f"star {seed} {latex}")
    draws = []
    for _ in range(6):
        seq = {f: {k: rng.randint(-4, 4) for k in range(-3, 4)} for f in functions}
        vals = {v: rng.randint(-3, 3) for v in letters}
        draws.append((seq, vals))
    reach = 3 + sum(abs(int(v)) if v.isdigit() else 3 for t in stars for _, v in t[3]) + sum(
        abs(int(v)) if v.isdigit() else 3 for t in terms if t[0] == "sum" for k in (2, 3)
        for _, v in t[k][1])
    span = range(-reach - 8, reach + 9)
    holding, first_fail = [], None
    for assignment in itertools.product(ways, repeat=len(stars)):
        failed = None
        for seq, vals in draws:
            read = iter(assignment)
            got = [_value(t, next(read) if t[0] == "star" else None, seq, vals, span)
                   for t in terms]
            if len(set(got)) > 1:
                failed = (seq, vals, got)
                break
        if failed is None:
            holding.append(assignment)
        elif first_fail is None:
            first_fail = failed
    said = " or ".join(_SAY[w] for w in ways)
    if not holding and not meanings and not any(t[0] == "sum" or t[1][2] or t[2][2]
                                                for t in terms):
        # (a * b)(c) = ...: nothing says a and b are sequences rather than numbers
        return None
    if not holding and not stars:  # (the asterisk defined, the sums after it differ)
        seq, vals, got = first_fail
        return ("wrong", "the sums (or integrals) it states equal differ, for one", _example(
            functions, seq, vals, got))
    if not holding:
        seq, vals, got = first_fail
        here = ", as the sheet defines it here" if defined else ""
        return ("wrong", f"it fails whichever operation each asterisk stands for ({said}"
                         f"{here}); with every asterisk a convolution, for one",
                _example(functions, seq, vals, got))
    if len(holding) == len(ways) ** len(stars):
        return "ok", (f"it holds whichever operation each asterisk stands for ({said})"
                      if stars else "the asterisk defined, the sums (or integrals) it states "
                      "equal agree"), None
    uniform = [w for w in ways if (w,) * len(stars) in holding]
    if len(uniform) == 1 and any(t[0] == "sum" for t in terms) and len(stars) > 1:
        # (f * g)(u) = (g * f)(u) = \int f(t) g(u - t) dt: the line spells its asterisk out
        # (only the convolution makes its terms equal its integral), and holds read so
        return "ok", (f"it holds reading every asterisk as {_SAY[uniform[0]]}, as the line "
                      "itself spells it out"), None
    return None
