"""Operator words set in bold: ``\\mathbf{Var}``, ``\\mathbf{Cov}``, ``{\\bf var}``, ``\\mathop{\\bf Tr}``.

Boyd and Vandenberghe, and the sheets that follow them, set the names of the variance, the
covariance, the trace or the probability in bold. The reader takes them as the operators; the
matcher must too, or a sheet's ``\\mathbf{Cov}(X + Y, X - Y)`` pairs with no claim (the bold
font is read as a letter's font and the word as the letters V, a, r). A word set in bold is
written here as the upright operator name, one token as the tokenizer has it for
``\\operatorname{Var}``. A single bold letter stays: ``\\mathbf{P}`` is as often a matrix.
"""
from __future__ import annotations

import re

_BOLD = {r"\mathbf", r"\boldsymbol", r"\bm", r"\pmb", r"\symbf", r"\bold"}
_OLD_BOLD = {r"\bf", r"\bfseries"}  # {\bf var}: a switch inside the group
# words that name an operator in any font (as match.tokens reads \operatorname{...})
_WORDS = {"var", "variance", "cov", "corr", "tr", "trace", "det", "diag", "kl", "pr", "prob",
          "rank"}


def _word(letters: list[str]) -> str | None:
    """The operator word these tokens spell (letters only, two or more), else None."""
    if len(letters) < 2 or not all(re.fullmatch(r"[A-Za-z]", t) for t in letters):
        return None
    word = "".join(letters)
    return word if word.lower() in _WORDS else None


def _group(raw: list[str], i: int) -> int | None:
    """Index of the ``}`` closing the group that opens at raw[i] (no nested group), or None."""
    if i >= len(raw) or raw[i] != "{":
        return None
    for j in range(i + 1, len(raw)):
        if raw[j] == "{":
            return None
        if raw[j] == "}":
            return j
    return None


def _operator(inner: list[str]) -> str | None:
    """The upright token for a group's content: a word (``Var``), a word after an old bold
    switch (``\\bf var``), or an upright word already (``\\mathrm{Var}``) set in bold."""
    if inner and inner[0] in _OLD_BOLD:
        inner = inner[1:]
    if len(inner) == 1 and re.fullmatch(r"\\(?:mathrm|operatorname|text|textrm)\{[A-Za-z]+\}",
                                        inner[0]):
        return inner[0] if _word(list(inner[0].split("{", 1)[1][:-1])) else None
    word = _word(inner)
    return rf"\operatorname{{{word}}}" if word else None


def bold_operator_words(raw: list[str]) -> list[str]:
    """The tokens with each operator word set in bold (``\\mathbf{Var}``, ``\\bm{Cov}``,
    ``{\\bf var}``, ``\\mathop{\\bf Tr}``, ``\\boldsymbol{\\mathrm{Var}}``) as one upright
    operator token."""
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        t = raw[i]
        if t == r"\mathop" and i + 1 < n and raw[i + 1] in _BOLD:
            # \mathop\mathbf{Tr}: \mathop{\bf Tr} once the reader's font switches wrote
            # \bf as \mathbf (and the group around one command was dropped)
            end = _group(raw, i + 2)
            op = _operator(raw[i + 3:end]) if end is not None else None
            if op:
                out.append(op)
                i = end + 1
                continue
        if t in _BOLD or t == r"\mathop":
            end = _group(raw, i + 1)
            inner = raw[i + 2:end] if end is not None else []
            if t in _BOLD and inner and inner[0] in _OLD_BOLD:
                inner = []  # (\mathbf{\bf x}: not a word)
            op = _operator(inner) if end is not None and (t in _BOLD or inner[:1] and (
                inner[0] in _OLD_BOLD)) else None
            if op:
                out.append(op)
                i = end + 1
                continue
        if t == "{" and i + 1 < n and raw[i + 1] in _OLD_BOLD:
            end = _group(raw, i)
            op = _operator(raw[i + 1:end]) if end is not None else None
            if op:
                out.append(op)
                i = end + 1
                continue
        out.append(t)
        i += 1
    return out
