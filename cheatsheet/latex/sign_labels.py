"""Sign superscripts that label a name: ``P^-`` (prior) and ``P^+`` (posterior).

Filters write the estimate before and after a measurement as ``\\hat{x}^-_k`` and
``\\hat{x}^+_k``, their covariances as ``P^-`` and ``P^+``.  A lone minus is never a power, so
on a name it is part of the name (``P^-`` is a quantity of its own, as ``P'`` or ``\\tilde P``
would be).  A lone plus means more (a pseudo-inverse ``A^+``, a positive part ``x^+``), so it is
a label only in a formula that also writes a minus label: there the two come as a pair.
The label joins the name as a word (``P_minus``, ``P_plus``), as a star does (``theta_star``),
in the reader and in the matcher's tokens alike.
"""
from __future__ import annotations

import re

# a superscript that is a lone minus: x^{-}, x^- (not x^{-1}, x^{-T}, x^-1)
_MINUS_LABEL = re.compile(r"\^\s*(?:\{\s*-\s*\}|-(?!\s*[A-Za-z0-9\\{(]))")


def writes_minus_label(text: str) -> bool:
    """Does the formula write a lone minus as a superscript somewhere?"""
    return bool(_MINUS_LABEL.search(text))


def is_sign_label(raw: str, text: str, base: str = "") -> bool:
    """Is a superscript (as written, spaces removed) a sign that labels the name ``base`` it
    is on? Not where the formula raises that very letter to a negative power (``D^{-}`` beside
    ``D^{-1/2}``): there the lone minus is a power cut short, unreadable as before."""
    if raw == "-":
        return not _negative_power_of(base, text)
    return raw == "+" and writes_minus_label(text)


def _negative_power_of(base: str, text: str) -> bool:
    letter = base.split("_", 1)[0]
    if not letter:
        return False
    name = re.escape("\\" + letter if len(letter) > 1 else letter)
    return bool(re.search(rf"(?<![A-Za-z]){name}\s*\}}?\s*\^\s*\{{?\s*-\s*[0-9\\]", text))


def sign_suffix(raw: str) -> str:
    """The word a sign label adds to its name."""
    return "minus" if raw == "-" else "plus"
