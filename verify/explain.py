"""Counterexamples and reasons in plain words, for people.

Every place that tells a person why a formula failed (``cheatsheet verify`` and ``show``, the
quiz's explanations, ``cheatsheet audit``) goes through this module, so the wording is the same
everywhere and nothing internal leaks: no parser offsets or token dumps, no exception class
names, no ``null`` sides, no walls of numbers (a big array shows its shape and a few entries).

    counterexample_lines(cx, rename=None) -> list[str]   the lines that describe a counterexample
    plain_reason(evidence) -> str                         why a check decided what it did
    plain_text(text, rename=None) -> str                  any message from a check or the reader
    value_text(value) -> str                              one value: a number, vector, matrix, law

``rename`` maps the checker's symbol names to the names a reader uses (``{"lambda": "λ"}``, or
a sheet's own symbols); names are replaced as whole words, in values' descriptions too.
The first words of the lines are stable (``why: ``, ``at ``, ``left side = ``), since other
layers pick lines by them.
"""
from __future__ import annotations

import math
import re

# how much of an array is shown: vectors up to this length whole, else the first entries
WHOLE_VECTOR = 6
FIRST_ENTRIES = 3
WHOLE_MATRIX = 3  # up to 3 x 3 whole
LONG_TEXT = 90  # a described value (a sampled function) is cut after this many characters
LINE = 76  # the symbol values wrap to lines of about this width (80 columns, indented)

_SKIP_KEYS = {"why", "instance", "lhs", "rhs", "relation", "seed"}


# -- values -------------------------------------------------------------------------------------

def _number(x) -> str:
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        if math.isnan(x):
            return "undefined (not a number)"
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        if x.is_integer() and abs(x) < 1e12:
            return str(int(x))
        return f"{x:.8g}"
    return str(x)


def _shape(v) -> tuple[int, ...] | None:
    """The shape of a nested list of numbers, or None when it is ragged or not numeric."""
    if not isinstance(v, list):
        return () if isinstance(v, (int, float)) else None
    if not v:
        return (0,)
    inner = [_shape(x) for x in v]
    if any(s is None for s in inner) or len(set(inner)) != 1:
        return None
    return (len(v),) + inner[0]


def _row(v: list, first: int = FIRST_ENTRIES) -> str:
    items = [_number(x) for x in v[:first]]
    return "[" + ", ".join(items) + (", …" if len(v) > first else "") + "]"


def _whole(v) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_whole(x) for x in v) + "]"
    return _number(v)


def value_text(value, rename: dict | None = None) -> str:
    """One value for people: ``2.06``, ``[0.43, 0.57]``, ``a vector of 12 entries: [0.31,
    -1.2, 0.5, …]``, ``a 12×12 matrix: [[0.31, -1.2, 0.5, …], …]``; ``undefined`` for a value
    that does not exist; a law of a finite random variable as its values and probabilities."""
    if value is None:
        return "undefined"
    if isinstance(value, str):
        text = plain_text(value, rename)
        return text if len(text) <= LONG_TEXT else text[:LONG_TEXT - 1].rstrip() + "…"
    if isinstance(value, dict):
        return _law_text(value, rename)
    if isinstance(value, (int, float)):
        return _number(value)
    shape = _shape(value)
    if shape is None:  # ragged: say how many parts, show the first
        return f"{len(value)} parts, the first {value_text(value[0], rename)}"
    if len(shape) == 1:
        if shape[0] <= WHOLE_VECTOR:
            return _whole(value)
        return f"a vector of {shape[0]} entries: {_row(value)}"
    if len(shape) == 2:
        r, c = shape
        if r <= WHOLE_MATRIX and c <= WHOLE_MATRIX:
            return _whole(value)
        rows = ", ".join(_row(x) for x in value[:2]) + (", …" if r > 2 else "")
        return f"a {r}×{c} matrix: [{rows}]"
    flat = value
    while isinstance(flat, list) and flat and isinstance(flat[0], list):
        flat = flat[0]
    return f"a {'×'.join(map(str, shape))} array, starting {_row(flat)}"


# Checks name their own helper values with characters no LaTeX name has: ``X@point`` is the
# value of X at the point where a law is evaluated, ``X#joint`` a code for the joint value of a
# vector.  A person is shown the point as such and never the codes.
_AT_POINT = "@point"


def _helper(name: str) -> bool:
    return "#" in name


def _law_text(law: dict, rename: dict | None) -> str:
    """``{"P": [...], "X": [...], "Y": [...]}``: a finite (joint) law, outcome k with
    probability P[k], as "takes the values … with probabilities …"."""
    probs = law.get("P")
    names = [k for k in law if k != "P" and not _helper(k)]
    if len(names) == 1:
        values = _outcomes_text(law[names[0]], rename)
    else:
        values = "(" + ", ".join(f"{_rename(k, rename)} = {value_text(law[k], rename)}"
                                 for k in names) + ")"
    if probs is None:
        return values
    return f"the values {values} with probabilities {value_text(probs, rename)}"


def _outcomes_text(outcomes, rename: dict | None) -> str:
    """A random vector's outcomes as vectors ("[1.8, -1.0], [-0.8, -0.4], … (6 vectors)"),
    not as one matrix whose rows a reader would have to know to read."""
    if isinstance(outcomes, list) and outcomes and isinstance(outcomes[0], list):
        shown = ", ".join(value_text(_flat(v), rename) for v in outcomes[:2])
        more = ", …" if len(outcomes) > 2 else ""
        return f"{shown}{more} ({len(outcomes)} vectors)"
    return value_text(outcomes, rename)


def _flat(value):
    """A column [[a], [b]] as the vector [a, b]."""
    if isinstance(value, list) and value and all(isinstance(v, list) and len(v) == 1
                                                 for v in value):
        return [v[0] for v in value]
    return value


# -- words --------------------------------------------------------------------------------------

def _rename(name: str, rename: dict | None) -> str:
    return rename.get(name, name) if rename else name


def _apply_rename(text: str, rename: dict | None) -> str:
    if not rename:
        return text
    pattern = re.compile(r"(?<![\w\\])(" + "|".join(
        re.escape(k) for k in sorted(rename, key=len, reverse=True)) + r")(?!\w)")
    return pattern.sub(lambda m: rename[m.group(1)], text)


_CLASS_PREFIX = re.compile(r"\b(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Warning|Timeout)"
                           r"\b:?\s*")
_OFFSET = re.compile(r"(?:,?\s*\b(?:at|in|near)\s+)?\b(?:line\s+\d+,?\s*)?"
                     r"(?:col(?:umn)?|char(?:acter)?|offset)\s+\d+\b[:,]?"
                     r"|\bat\s+\d+\s*:\s*")
_TOKEN = re.compile(r"Token\(\s*'[A-Z_]+'\s*,\s*(['\"])(.*?)\1\s*\)")
_EXPECTED = re.compile(r"\s*Expected(?: one of)?:?[\s\S]*$")
_PREVIOUS = re.compile(r"\s*Previous tokens:[\s\S]*$")
_INTERNAL = {
    "MatrixSymbol": "matrix", "ImmutableDenseMatrix": "matrix", "ImmutableMatrix": "matrix",
    "BlockMatrix": "block matrix", "MatApply": "", "AppliedUndef": "function",
    "UndefinedFunction": "function", "Symbol": "", "Dummy": "", "NoneType": "nothing",
}
_CAMEL = re.compile(r"\b(" + "|".join(sorted(_INTERNAL, key=len, reverse=True)) + r")\b")
_SPACED_LATEX = re.compile(r"'((?:\\?[A-Za-z]+|[^'\s]) (?:[^']*?))'")


def plain_text(text: str, rename: dict | None = None) -> str:
    """A message from a check or the reader, cleared of what only a programmer can use:
    exception class names, offsets (``at 75:``, ``column 12``), token dumps and lists of
    expected tokens, internal type names; LaTeX the parser spaced out token by token
    (``'\\mathbf { x } - \\hat {'``) is joined up again."""
    if not text:
        return ""
    t = str(text)
    t = _PREVIOUS.sub("", _EXPECTED.sub("", t))
    t = _TOKEN.sub(lambda m: f"'{m.group(2)}'", t)
    t = _CLASS_PREFIX.sub("", t)
    t = _OFFSET.sub(" ", t)
    t = _SPACED_LATEX.sub(lambda m: "'" + _unspace(m.group(1)) + "'", t)
    t = _CAMEL.sub(lambda m: _INTERNAL[m.group(1)], t)
    t = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"[ \t]{2,}", " ", t)).strip(" :;,")
    return _apply_rename(t, rename)


def _unspace(latex: str) -> str:
    """``\\mathbf { x } - \\hat { ...`` -> ``\\mathbf{x} - \\hat{...``: the parser's token
    dump back to LaTeX as written."""
    s = re.sub(r"\s*\{\s*", "{", latex)
    s = re.sub(r"\s+\}", "}", s)
    return re.sub(r"\s*([\^_])\s*", r"\1", s)


def counterexample_lines(cx: dict | None, rename: dict | None = None) -> list[str]:
    """The lines that describe a counterexample: why it fails (when the check says), the values
    of the symbols (``at t = -0.48, λ = 2.06, X ~ Poisson(λ)``), both sides, anything else the
    check recorded, and how to reproduce it."""
    if not cx:
        return []
    lines = []
    if cx.get("why"):
        lines.append(f"why: {plain_text(cx['why'], rename)}")
    inst = cx.get("instance") or {}
    if inst:
        lines += _packed(bindings(inst, rename))
    lhs, rhs = cx.get("lhs"), cx.get("rhs")
    if lhs is not None or rhs is not None:
        lines.append(f"left side = {value_text(lhs, rename)}, "
                     f"right side = {value_text(rhs, rename)}")
    elif "lhs" in cx or "rhs" in cx:
        if not cx.get("why"):
            lines.append("neither side has a value here")
    for k, v in cx.items():
        if k not in _SKIP_KEYS and v is not None:
            lines.append(f"{k.replace('_', ' ')}: {value_text(v, rename)}")
    if cx.get("seed") is not None:
        lines.append(f"(seed {cx['seed']}; rerun with --seed {cx['seed']} to reproduce)")
    return lines


def _packed(bindings: list[str], width: int = LINE) -> list[str]:
    """``at a = 1, b = 2, …`` on as many lines as it takes, continuation lines indented."""
    lines, current = [], "at "
    for k, b in enumerate(bindings):
        piece = b + ("," if k < len(bindings) - 1 else "")
        if current.strip() not in ("at", "") and len(current) + len(piece) > width:
            lines.append(current.rstrip())
            current = "   "
        current += piece + " "
    lines.append(current.rstrip())
    return lines


def bindings(inst: dict, rename: dict | None) -> list[str]:
    """One phrase per symbol; the random variables of one joint law share one phrase, and the
    values of a point where a law is evaluated share one ("the point checked: X = …")."""
    out, done = [], set()
    point = [k for k in inst if k.endswith(_AT_POINT) and not _helper(k)]
    for name, value in inst.items():
        if name in done or _helper(name):
            continue
        if name in point:
            if name == point[0]:
                out.append("the point checked: " + ", ".join(
                    _binding(k[:-len(_AT_POINT)], inst[k], rename) for k in point))
            continue
        if isinstance(value, dict) and "P" in value:
            group = [k for k, v in inst.items() if v == value and not _helper(k)]
            done.update(group)
            names = [_rename(k, rename) for k in group]
            who = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
            verb = "takes" if len(names) == 1 else "take"
            out.append(f"{who} {verb} {_law_text(value, rename)}")
            continue
        out.append(_binding(name, value, rename))
    return out


def _binding(name: str, value, rename: dict | None) -> str:
    shown = _rename(name, rename)
    if isinstance(value, str) and value.startswith("~"):
        return f"{shown} {plain_text(value, rename)}"
    return f"{shown} = {value_text(value, rename)}"


_DEFAULT_REASON = {
    "proved": "proved symbolically",
    "passed": "no counterexample on the random instances",
    "refuted": "a counterexample shows it does not hold",
    "undecided": "it cannot be decided as written",
    "error": "the check could not run",
    "timeout": "the check found no decision in its time limit",
}


def plain_reason(evidence) -> str:
    """Why a check decided what it did, in plain words (its ``detail`` cleared of internals;
    a default sentence for the verdict when it says nothing)."""
    if evidence is None:
        return ""
    text = plain_text(getattr(evidence, "detail", "") or "")
    return text or _DEFAULT_REASON.get(getattr(evidence, "verdict", ""), "")
