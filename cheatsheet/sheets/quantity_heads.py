"""A table column headed by a formula names a quantity in words: ``$\\mathbb{E}[X]$`` is "mean".

Sheets head a table of laws with the quantity's own formula as often as with its name:
``$E[X]$``, ``$\\mathsf{E}$``, ``$\\operatorname{Var}(X)$``, ``$\\mathbb{V}[X]$``, ``$M_X(t)$``; a
lifetime law's ``$S(t)$``, ``$h(t)$``, ``$H(t)$``, ``$F(x)$`` are its survival function, hazard,
cumulative hazard and CDF.
The reader adds the word to the column's words, so that a cell under it is known to state that
quantity of its row's law, as it is under a column headed "Mean". Only a header that is the
operator alone or applied to one bare letter counts: ``$E[X^2]$`` (a second moment) or
``$\\psi(\\omega)$`` (a characteristic function) names none of these.
"""
from __future__ import annotations

import re

_FONT = r"(?:\\(?:mathbb|mathsf|mathrm|mathbf|mathcal|operatorname|text|textrm|textsf|bm)\s*)?"
_ARG = r"(?:[\[(]\s*\\?[A-Za-z]+\s*[\])]|\s*\\?[A-Za-z]\b|\s*\\mathbf\s*\{?[A-Za-z]\}?)?"
_SUB = r"(?:_\s*\{?\s*[A-Z]\s*\}?)?"  # F_X(x), S_T(t)
_HEADS = (
    ("mean", re.compile(rf"{_FONT}\{{?\s*E\s*\}}?\s*{_ARG}")),
    ("variance", re.compile(rf"{_FONT}\{{?\s*(?:Var|var|V|Variance)\s*\}}?\s*{_ARG}")),
    # M_X(t), M(s); with a random variable's capital below, any letter as its argument
    # (M_Y(r), M_U(u)): the subscript says whose generating function it is
    ("mgf", re.compile(r"(?:M|m)(?:_\s*\{?\s*[A-Za-z]\s*\}?)?\s*\(\s*[ts]\s*\)|" +
                       r"M_\s*\{?\s*[A-Z]\s*\}?\s*\(\s*[a-z]\s*\)|" +
                       rf"{_FONT}\{{?\s*MGF\s*\}}?\s*{_ARG}")),
    # a lifetime's functions, of a lower-case variable (H(X) would be an entropy)
    ("survival", re.compile(rf"S{_SUB}\s*\(\s*[a-z]\s*\)")),
    ("hazard", re.compile(rf"(?:h|\\lambda){_SUB}\s*\(\s*[a-z]\s*\)")),
    ("cumulative hazard", re.compile(rf"(?:H|\\Lambda){_SUB}\s*\(\s*[a-z]\s*\)")),
    ("cdf", re.compile(rf"F{_SUB}\s*\(\s*[a-z]\s*\)|P\s*\(\s*[A-Z]\s*(?:\\le|\\leq|<)"
                       r"\s*[a-z]\s*\)")),
)


def quantity_word(math: str) -> str | None:
    """The quantity a column header's formula names ("mean", "variance", "mgf", "survival",
    "hazard", "cumulative hazard", "cdf"), or None."""
    text = re.sub(r"\\(?:left|right|big|Big)\b", "", math).strip()
    text = re.sub(r"\\[,;!: ]", "", text).strip()
    if text == "V":  # a bare V may be a value or a volume; \mathbb{V}, V(X) are variances
        return None
    for word, pattern in _HEADS:
        if pattern.fullmatch(text):
            return word
    return None
