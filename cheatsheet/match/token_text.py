"""Token streams back to text: LaTeX rebuilt after a renaming (``rebuild``), LaTeX as a person
writes it for messages (``pretty``), and the key streams the matcher compares (``keys``,
``compared``, ``units``). Kept apart from the tokeniser (tokens.py), which they only read."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .tokens import Tok


def rebuild(toks: list[Tok]) -> str:
    """LaTeX from tokens (raw text, spaced so that commands never run into letters)."""
    return " ".join(t.raw for t in toks if t.raw)


_TIGHT_AFTER = {"{", "(", "[", "_", "^", r"\{", "|"}
_TIGHT_BEFORE = {"}", ")", "]", "_", "^", ",", r"\}", "'"}
_SPACED = {"=", "<", ">", r"\le", r"\ge", r"\leq", r"\geq", r"\neq", r"\approx", "+", "-",
           r"\cdot", r"\times", r"\pm", r"\to", r"\implies", r"\in"}


def pretty(toks: list[Tok]) -> str:
    """LaTeX from tokens as a person would write it: spaces around relations and + -, none
    inside scripts and brackets (``\text{Var}[cX + b] = c^2 \text{Var}[X]``)."""
    out, prev, sign = "", "", False
    for t in toks:
        raw = t.raw
        if not raw:
            continue
        if not out:
            out, prev, sign = raw, raw, raw in ("-", "+")
            continue
        if sign:
            out += raw  # the operand of a sign: -t
        elif raw in _SPACED or prev in _SPACED or prev == ",":
            if prev in ("(", "[", "{", "_", "^", "=") and raw in ("-", "+") and prev != "=":
                out += raw
                sign = True
                prev = raw
                continue
            out += " " + raw
        elif prev in _TIGHT_AFTER or raw in _TIGHT_BEFORE:
            out += raw
        elif re.search(r"\\[A-Za-z]+$", prev) and re.match(r"[A-Za-z0-9\\]", raw):
            out += " " + raw  # \log x and \top A, never \logx or \topA
        elif raw.startswith("\\") and not raw.startswith(("\\{", "\\}")):
            out += " " + raw
        elif prev == "}" and (t.ident is not None or raw[:1].isalpha()):
            out += " " + raw  # \sum_{k=1}^{n} p_k
        else:
            out += raw
        sign = False
        prev = raw
    return out


def keys(toks: list[Tok]) -> list[str]:
    """The comparison stream: units as one marker, braces dropped."""
    return [t.key for t in toks if t.norm or t.ident is not None]


_OPERAND_END = {"ι", ")", "}"}
_OPERAND_START = {"ι", "("}


def compared(ks: list[str]) -> list[str]:
    """The keys as the matcher compares them: a ``*`` between two operands (``mu*t``,
    ``sigma^2 * t^2`` in plain text) is a product, which LaTeX writes by juxtaposition, so
    it is left out; plain text would otherwise differ from the catalog's LaTeX in every
    product. (A convolution ``f * g`` loses its star on both sides alike.)"""
    out = []
    for k, t in enumerate(ks):
        if t == "*" and 0 < k < len(ks) - 1 and (ks[k - 1] in _OPERAND_END
                                                  or ks[k - 1].isdigit()) \
                and (ks[k + 1] in _OPERAND_START or ks[k + 1].isdigit()
                     or ks[k + 1].startswith("\\")):
            continue
        out.append(t)
    return _subscripted(out)


# a derivative's d as its font or the partial sign writes it: dL/dW, \mathrm{d}L/\mathrm{d}W
# and \partial L/\partial W are one derivative to the comparison
_DIFFERENTIALS = {"d", "text:d"}
_INDEX_OPEN = {"(": ")", r"\langle": r"\rangle"}


def _subscripted(ks: list[str]) -> list[str]:
    """The keys with a superscript index in brackets (``W^{[l+1]}``, ``a^{(l)}``,
    ``h^{\langle t \rangle}``: a layer's or a step's number, never a power) written as the
    subscript it stands for (``W_{l+1}``), and a derivative's d as ``\partial``: sheets
    number layers and steps either way, and a catalog form in one notation was too far
    from a sheet's formula in the other for the claim to be among the closest."""
    out, k = [], 0
    while k < len(ks):
        t = ks[k]
        close = _INDEX_OPEN.get(ks[k + 1]) if t == "^" and 0 < k < len(ks) - 1 \
            and out[-1] == "ι" else None  # (a name's index: (1 + x)^{(n)} is left alone)
        if close is not None:
            inner = ks[k + 2:k + 3]
            if inner == ["ι"] and k + 3 < len(ks) and ks[k + 3] == close:
                out += ["_", "ι"]
                k += 4
                continue
            if inner == ["ι"] and k + 5 < len(ks) and ks[k + 3] in ("+", "-") \
                    and (ks[k + 4].isdigit() or ks[k + 4] == "ι") and ks[k + 5] == close:
                out += ["_", "ι", ks[k + 3], ks[k + 4]]
                k += 6
                continue
        out.append(r"\partial" if t in _DIFFERENTIALS else t)
        k += 1
    return out


def units(toks: list[Tok]) -> list[str]:
    """The unit names in order of appearance (with repeats)."""
    return [t.ident for t in toks if t.ident is not None]
