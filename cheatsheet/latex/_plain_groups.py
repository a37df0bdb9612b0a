"""Groups a plain-text writer marks with parentheses or by touching, read as the LaTeX meant.

A sheet typed without LaTeX writes ``e^(−x)``, ``e^-x``, ``√(2/n)``, ``√d_k``, ``D*(x)`` and ``n_in``.
Read as TeX each is nonsense (a superscript ``(``, the root of a ``(``, a subscript on a root, a
product with a star, n_i times n), so the reader refused them or misread them; a student means
``e^{-x}``, ``\\sqrt{2/n}``, ``\\sqrt{d_k}``, ``D^*(x)`` and ``n_{in}``. Each pass rewrites only a
form whose TeX reading nobody means (the star only where a product reading would be odd), so
proper LaTeX is read as before.

Works on the token stream of :mod:`._pre` (called from ``_pre.tokens``).
"""
from __future__ import annotations

import re

from . import _pre as _p
from .names import command_name

_LETTER = re.compile(r"[A-Za-z]").fullmatch
_NUMBER = re.compile(r"\d+").fullmatch
_PAIRS = {"(": ")", "[": "]", "{": "}"}
# after a starred name these end it: V(D*, G), f* = ..., the optimum p* <= q
_AFTER_STAR = {",", ")", "]", "}", "=", "<", ">", r"\le", r"\ge", r"\leq", r"\geq", r"\neq",
               r"\approx", r"\in", ";", "|", r"\mid"}


def _close(toks: list[str], i: int) -> int | None:
    """Index of the bracket closing the one at toks[i], or None."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j] in _PAIRS:
            depth += 1
        elif toks[j] in _PAIRS.values():
            depth -= 1
            if depth == 0:
                return j
    return None


def _is_name(tok: str) -> bool:
    """A one-letter name: a Latin letter or a Greek letter's command."""
    return bool(_LETTER(tok)) or (tok.startswith("\\") and command_name(tok) is not None)


def _touching(a, b) -> bool:
    return isinstance(a, _p.Tok) and isinstance(b, _p.Tok) and a.end == b.start


def _lone_index(inner: list[str]) -> bool:
    """``(i)``, ``(l)``, ``(t-1)``: a layer, sample or time index, not an exponent."""
    if len(inner) == 1:
        return _is_name(inner[0])
    return len(inner) == 3 and _is_name(inner[0]) and inner[1] in ("+", "-") \
        and bool(_NUMBER(inner[2]))


def paren_exponents(toks: list[str]) -> list[str]:
    """``e^(−x)`` -> ``e^{-x}``; ``x^(i)`` -> ``x^{(i)}`` (an index, as the reader reads the
    braced form). What is inside decides: a lone letter after a name is an index; a signed or
    compound expression, anything on e or on a number, is a power. A letter ± a number after a
    name (``x^(n - 1)`` or ``h^(t-1)``: power or time index?) is left unread."""
    out = list(toks)
    i = 0
    while i + 1 < len(out):
        if out[i] == "^" and out[i + 1] == "(":
            j = _close(out, i + 1)
            if j is not None:
                inner = out[i + 2:j]
                base = out[i - 1] if i else ""
                named = (_is_name(base) or base == "}") and base != "e"
                index = named and len(inner) == 1 and _is_name(inner[0])
                if named and _lone_index(inner) and not index:
                    # x^(n - 1): a power, or the time index of h^(t-1)? Not guessed: refused
                    i += 1
                    continue
                brace = [_p._like(out[i + 1], "{")], [_p._like(out[j], "}")]
                kept = out[i + 1:j + 1] if index else inner
                out[i + 1:j + 1] = brace[0] + kept + brace[1]
        i += 1
    return out


def _atom_end(toks: list[str], k: int) -> int | None:
    """Index after one atom starting at toks[k]: a token, or a command with its brace argument
    (``\\hat{v}``, ``\\mathbf{x}``)."""
    if k >= len(toks) or toks[k] in ("{", "(", "[", "^", "_") or toks[k] in _PAIRS.values():
        return None
    if toks[k].startswith("\\") and k + 1 < len(toks) and toks[k + 1] == "{":
        return _p._drop_arg(toks, k + 1)
    return k + 1


def root_groups(toks: list[str]) -> list[str]:
    """``√(2/n)`` -> ``\\sqrt{(2/n)}``; ``√d_k``, ``√v̂_t`` -> ``\\sqrt{d_k}``,
    ``\\sqrt{\\hat{v}_t}``
    (TeX would put the subscript on the root, which nobody means). ``∛x`` arrives as
    ``\\sqrt[3]``: the same after its degree."""
    out = list(toks)
    i = 0
    while i < len(out):
        if out[i] == r"\sqrt":
            k = i + 1
            if k < len(out) and out[k] == "[":
                e = _close(out, k)
                k = e + 1 if e is not None else len(out)
            if k < len(out) and out[k] == "(":
                j = _close(out, k)
                if j is not None:
                    out[k:j + 1] = [_p._like(out[k], "{"), *out[k:j + 1], _p._like(out[j], "}")]
            else:
                e = _atom_end(out, k)
                if e is not None and e < len(out) and out[e] == "_" and e + 1 < len(out):
                    end = _p._drop_arg(out, e + 1) if out[e + 1] == "{" else e + 2
                    out[k:end] = [_p._like(out[k], "{"), *out[k:end], _p._like(out[end - 1], "}")]
        i += 1
    return out


def starred_names(toks: list[str]) -> list[str]:
    """``V(D*, G)``, ``D*(x)``, ``Q*(s, a)``: a star touching a one-letter name is the optimum's
    mark ``D^*`` when what follows cannot be a factor (a comma, a closer, a relation, the end) or
    is an argument list of names (a product ``a*(b + c)`` keeps its star)."""
    out = list(toks)
    i = 1
    while i < len(out):
        if out[i] == "*" and _is_name(out[i - 1]) and _touching(out[i - 1], out[i]) \
                and (i < 2 or out[i - 2] not in ("^", "_", "\\")):
            nxt = out[i + 1] if i + 1 < len(out) else None
            star = nxt is None or nxt in _AFTER_STAR
            if nxt == "(" and _touching(out[i], nxt):
                j = _close(out, i + 1)
                inner = out[i + 2:j] if j is not None else []
                parts = _p.split_top(inner, {","}) if inner else []
                star = bool(parts) and all(len(p) == 1 and _is_name(p[0]) for p in parts)
            if star:
                out.insert(i, _p._like(out[i], "^"))
                i += 1
        i += 1
    return out


def word_subscripts(toks: list[str]) -> list[str]:
    """``n_in``, ``p_data``, ``a_ij``: touching letters after an underscore are one subscript,
    ``n_{in}``. TeX would take the first letter only (n_i times n), a reading nobody means."""
    out, i = [], 0
    while i < len(toks):
        out.append(toks[i])
        # after a command or a group (\sum_ip(x_i), \mathbb{E}_xf(x)) the letter is a bound
        # variable and what touches it the summand, as TeX reads it: only a plain name's
        # subscript is a word
        if toks[i] == "_" and i and not toks[i - 1].startswith("\\") and toks[i - 1] != "}":
            j = i + 1
            while j < len(toks) and _LETTER(toks[j]) and _touching(toks[j - 1], toks[j]):
                j += 1
            # x_iy_i is x_i y_i (a second underscore starts the next name), as TeX reads it
            if j - i > 2 and not (j < len(toks) and toks[j] == "_"):
                out += [_p._like(toks[i + 1], "{"), *toks[i + 1:j], _p._like(toks[j - 1], "}")]
                i = j
                continue
        i += 1
    return out


_NUMBER_TOKEN = re.compile(r"\d+(\.\d+)?").fullmatch
# what may follow a signed exponent ``e^-x`` for the exponent to end there: an operator, a
# closer, a relation, a comma (``e^-x t`` might mean e^{-xt}: left unread)
_ENDS_EXPONENT = {"+", "-", "/", "*", r"\cdot", ")", "]", "}", "|", ","} | _AFTER_STAR


def signed_exponents(toks: list[str]) -> list[str]:
    """``e^-z``, ``(X^T X)^-1``: a minus touching the caret and one name or number touching it
    is a negative power, ``e^{-z}`` (TeX would raise the minus alone, a reading nobody means).
    Only where the exponent plainly ends: before an operator, closer or relation or at the end;
    ``^-1`` (the inverse, the reciprocal) also before a spaced factor. ``e^-k t`` (e^{-kt}?),
    ``e^-xy`` and ``e^-x^2`` are left as they were (unread)."""
    out = list(toks)
    i = 0
    while i + 2 < len(out):
        caret, sign, atom = out[i:i + 3]
        if caret == "^" and sign == "-" and _touching(caret, sign) and _touching(sign, atom) \
                and (_is_name(atom) or _NUMBER_TOKEN(atom)):
            nxt = out[i + 3] if i + 3 < len(out) else None
            ends = nxt is None or nxt in _ENDS_EXPONENT or (
                atom == "1" and not _touching(atom, nxt) and nxt not in ("^", "_", "."))
            if ends:
                out[i + 1:i + 3] = [_p._like(sign, "{"), sign, atom, _p._like(atom, "}")]
                i += 4
                continue
        i += 1
    return out


def plain_groups(toks: list[str]) -> list[str]:
    """All five rewrites, in an order where each sees the groups the others made."""
    return root_groups(signed_exponents(paren_exponents(starred_names(word_subscripts(toks)))))
