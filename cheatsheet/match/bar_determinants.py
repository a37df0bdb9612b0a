"""Determinants written with bars: ``|A|``, ``|\\Sigma|``, ``\\left|D + CA^{-1}B\\right|``.

Many sheets write the determinant of a matrix as ``|A|`` where the catalog writes ``\\det A``;
the reader reads bars around a matrix as its determinant, the matcher must too, or the line
pairs with no claim. Bars are read as ``\\det( ... )`` only when what they hold is surely made
of matrices: a bold capital (``\\mathbf{K}``), ``\\Sigma`` or ``\\Lambda``, or a capital the
formula itself uses as a matrix (inverted, transposed, in a Kronecker product, under ``\\det``).
Once one pair of bars in a formula is a determinant, bars around a lone capital in the same
formula are too (``|M| = |A| |D - CA^{-1}B|``). Bars around scalars (``|x - \\mu|``), a random
variable (``E|X|``), a set (``|A \\cup B|``) and norms ``\\|x\\|`` stay as they are.
"""
from __future__ import annotations

import re
from functools import lru_cache

_BARS = {"|", r"\vert", r"\lvert", r"\rvert"}  # (not \mid: a conditioning bar)
_BOLD = {r"\mathbf", r"\boldsymbol", r"\bm", r"\pmb", r"\symbf", r"\mathbfit", r"\bold"}
_SURE = {r"\Sigma", r"\Lambda"}  # covariance and precision matrices
_CAPITAL = re.compile(r"[A-Z]|\\(?:Gamma|Delta|Theta|Xi|Pi|Phi|Psi|Omega|Upsilon)")
# coefficients: 2, \pi, \lambda, \sigma (not \cup, \setminus: sets)
_SCALAR = re.compile(r"[a-z0-9.]|\\(?:alpha|beta|gamma|delta|epsilon|eta|theta|kappa|lambda|mu|"
                     r"nu|pi|rho|sigma|tau|phi|psi|omega)")
_JOINS = {"+", "-", r"\otimes", r"\cdot", r"\times", "(", ")"}
_INVERSE_OR_T = ([r"{", "-", "1", "}"], ["T"], [r"\top"], ["{", "T", "}"], ["{", r"\top", "}"],
                 ["{", "-", "T", "}"], ["{", "-", r"\top", "}"], ["{", "-", "1", "/", "2", "}"])


def _group_end(raw: list[str], i: int) -> int | None:
    """Index just past the group opening at raw[i] (``{...}`` or one token), or None."""
    if i >= len(raw):
        return None
    if raw[i] != "{":
        return i + 1
    depth = 0
    for j in range(i, len(raw)):
        depth += {"{": 1, "}": -1}.get(raw[j], 0)
        if depth == 0:
            return j + 1
    return None


def _atom(raw: list[str], i: int) -> tuple[str, str, int] | None:
    """(name, kind, end) of the name at raw[i]: kind ``sure`` (bold capital, Sigma, Lambda),
    ``capital`` or ``scalar``; its subscript and superscript are skipped."""
    t = raw[i]
    if t in _BOLD:
        end = _group_end(raw, i + 1)
        inner = raw[i + 2:end - 1] if end is not None and raw[i + 1] == "{" else raw[i + 1:end]
        if end is None or len(inner) != 1 or not _CAPITAL.fullmatch(inner[0]) and \
                inner[0] not in _SURE:
            return None
        name, kind = "".join(raw[i:end]), "sure"
    elif t in _SURE:
        name, kind, end = t, "sure", i + 1
    elif _CAPITAL.fullmatch(t):
        name, kind, end = t, "capital", i + 1
    elif _SCALAR.fullmatch(t) and t not in _BARS:
        name, kind, end = t, "scalar", i + 1
    else:
        return None
    while end < len(raw) and raw[end] in ("_", "^"):
        nxt = _group_end(raw, end + 1)
        if nxt is None or raw[end + 1] in _BARS:
            return None
        end = nxt
    return name, kind, end


def declared_matrices(symbols: dict | None) -> frozenset:
    """The single capitals (``K``, ``\\Gamma``) a sheet's declarations make matrices."""
    return frozenset(filter(None, (_matrix_token(name, spec) for name, spec in
                                   (symbols or {}).items() if isinstance(spec, str))))


@lru_cache(maxsize=4096)
def _matrix_token(name: str, spec: str) -> str | None:
    """The token of a declared matrix's name (``K``; ``Gamma`` is ``\\Gamma``), else None."""
    from cheatsheet.symbols import Decl, DeclarationError

    token = name if len(name) == 1 else "\\" + name
    if not _CAPITAL.fullmatch(token):
        return None
    try:
        return token if Decl(name, spec).kind == "matrix" else None
    except DeclarationError:
        return None


def _used_as_matrices(raw: list[str]) -> set[str]:
    """The capitals the formula inverts, transposes, puts in a Kronecker product or under det."""
    used = set()
    for i, t in enumerate(raw):
        if not _CAPITAL.fullmatch(t):
            continue
        after = raw[i + 1:]
        if after[:1] == ["^"] and any(after[1:1 + len(p)] == p for p in _INVERSE_OR_T) or \
                r"\otimes" in raw[i - 1:i] + after[:1] or raw[i - 1:i] == [r"\det"] or \
                raw[i - 2:i] == [r"\det", "("]:
            used.add(t)
    return used


def _content(raw: list[str], i: int) -> tuple[int, list[tuple[str, str]]] | None:
    """(index of the closing bar, the names inside) of bars opening at raw[i] around names,
    coefficients, sums, products and parentheses only; None for anything else."""
    j, names, depth = i + 1, [], 0
    while j < len(raw) and raw[j] not in _BARS:
        if raw[j] in _JOINS:
            depth += {"(": 1, ")": -1}.get(raw[j], 0)
            if depth < 0:
                return None
            j += 1
            continue
        atom = _atom(raw, j)
        if atom is None:
            return None
        names.append(atom[:2])
        j = atom[2]
    if j >= len(raw) or depth != 0 or not names:
        return None
    return j, names


def bar_determinants(raw: list[str], declared: frozenset = frozenset()) -> list[str]:
    """The tokens with bars around matrices written as ``\\det( ... )``; ``declared``: the
    capitals the sheet declares as matrices."""
    if not any(t in _BARS for t in raw):
        return raw
    used = _used_as_matrices(raw) | declared
    pairs, lone = [], []  # (open, close) read as det; bars around one capital, unsure
    i = 0
    while i < len(raw):
        found = _content(raw, i) if raw[i] in _BARS else None
        if found is None:
            i += 1
            continue
        close, names = found
        if any(kind == "sure" or kind == "capital" and name in used for name, kind in names):
            pairs.append((i, close))
        elif len(names) == 1 and names[0][1] == "capital":
            lone.append((i, close))
        i = close + 1
    if not pairs:
        return raw
    out = list(raw)
    for i, j in sorted(pairs + lone, reverse=True):
        det = [r"\det", "("] + raw[i + 1:j] + [")"]
        # log|A|: the catalog writes log|det A| as often as log det A; the bars stay around
        out[i:j + 1] = ["|"] + det + ["|"] if raw[i - 1:i] in ([r"\log"], [r"\ln"]) else det
    return out
