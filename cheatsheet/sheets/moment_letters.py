"""Letters a sheet declares, in words, for the expectation and the variance.

Russian-school texts write the mean of $\\xi$ as ``\\mathsf{M}\\xi`` and its variance
("dispersion") as ``\\mathsf{D}\\xi``; Chinese ones ``D(X)``. Read as written these
are a letter times a variable. A sheet that says what its letter is ("$\\mathsf{M}\\xi$ is the
mathematical expectation", "$D(X)$, the variance") has that letter, where it is applied to
something, rewritten as the operator the reader knows (``\\mathbb{E}``, ``\\operatorname{Var}``)
for the whole sheet (``Habits.moments``, applied in ``verify/audit/variants.py``).  Only a
declaration naming one of the two kinds counts; a letter the sheet also uses bare or as a
matrix elsewhere keeps those uses (only an applied letter is rewritten).
"""
from __future__ import annotations

import re

from .model import Sheet

# the head as written: a capital in a font command (\mathsf{M}, \operatorname{D}, \mathbf{M}),
# applied to one argument (\xi, X, (X), [X], \mathbf{x}); a bare capital is too often a law or a
# function named beside words on means ("$N(a, \sigma^2)$ is the normal law with mean $a$")
_FONT = r"\\(?:mathsf|mathrm|mathbf|operatorname|textsf|textrm|mathsfit)\s*\{\s*[A-Z]\s*\}"
_HEAD = rf"(?P<head>{_FONT})"
_ARG = (r"(?:\\(?:xi|eta|zeta|theta|mathbf\s*\{\s*[A-Za-z]\s*\}"
        r"|boldsymbol\s*\{\s*\\?[A-Za-z]+\s*\})|[A-Za-z](?![A-Za-z])|\(|\[|\\left|\\\{)")
# a declaration is the whole inline formula: the head applied to one argument
_DECLARED = re.compile(rf"^\s*{_HEAD}\s*(?:_\s*\{{?\\?\w+\}}?\s*)?(?P<arg>{_ARG}).*$", re.S)
_MEAN = re.compile(r"\b(expectation|expected\s+value|mean)\b", re.I)
_VARIANCE = re.compile(r"\b(variance|dispersion)\b", re.I)
_OPERATORS = {"mean": r"\mathbb{E}", "variance": r"\operatorname{Var}"}
_KNOWN = {"E", "V", "P"}  # read already (E, \mathbb{V}) or a probability, never rewritten


def _clause(words: str) -> str:
    """The words up to the end of their clause (a comma, semicolon or full stop)."""
    return re.split(r"[,;.]\s", words + " ", maxsplit=1)[0]


def declared_moments(sheet: Sheet) -> tuple[tuple[str, str], ...]:
    """(head as written, the operator it stands for) for each letter the sheet declares, in
    the words right after it ("is the mathematical expectation", "its dispersion (the
    variance)") or right before it ("we write ... for the variance:"), as the mean or the
    variance of what it is applied to."""
    found: dict[str, set[str]] = {}
    for seg in sheet.segments:
        m = _DECLARED.match(seg.latex)
        if not m or len(seg.latex) > 40:
            continue
        head = m.group("head")
        if re.sub(r"[^A-Z]", "", head) in _KNOWN:
            continue
        said = _clause(seg.after) or _clause(seg.before[::-1])[::-1]
        kinds = {k for k, p in (("mean", _MEAN), ("variance", _VARIANCE)) if p.search(said)}
        if len(kinds) == 1:
            found.setdefault(re.sub(r"\s+", "", head), set()).update(kinds)
    return tuple(sorted((h, _OPERATORS[k.pop()]) for h, k in found.items() if len(k) == 1))


def with_moments(latex: str, moments) -> str | None:
    """The formula with each declared head that is applied to something written as its
    operator, or None when nothing changes."""
    out = latex
    for head, op in moments:
        letter = re.search(r"[A-Z]", head).group(0)
        cmd = re.escape(head[:head.index("{")])
        pattern = rf"{cmd}\s*\{{\s*{letter}\s*\}}"
        out = re.sub(rf"{pattern}(?=\s*(?:_\s*(?:\{{[^{{}}]*\}}|\\?\w+)\s*)?{_ARG})",
                     lambda _: op + " ", out)
    return out if out != latex else None
