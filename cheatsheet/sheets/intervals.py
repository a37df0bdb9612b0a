r"""A confidence interval for a mean, ``\bar{x} \pm z_{\alpha/2} \frac{\sigma}{\sqrt{n}}``.

An interval written with ``\pm`` states no relation, yet what it says is checkable: its
half-width is a quantile (``z_{\alpha/2}``, ``t_{n-1, \alpha/2}``, ``z^*``, 1.96) times the
standard error of the centre. When the centre is a sample mean (a bar over one letter) and a
quantile comes first, the formula is read as what it states about that standard error,
``\sqrt{\operatorname{Var}(\bar{x})} = \frac{\sigma}{\sqrt{n}}``; a typo there (``\sigma/n``)
is a typo of that statement. Only where the words around call it an interval and the
half-width divides by something. Other intervals (a proportion's, a difference of means, a
prediction interval) are left as written.
"""
from __future__ import annotations

import re

_GROUP = r"\{(?:[^{}]|\{[^{}]*\})*\}"
_CENTRE = r"(?:\\bar|\\overline)\s*(?:\{\s*[A-Za-z]\s*\}|[A-Za-z](?![A-Za-z]))"
_QUANTILE = (rf"(?:[zt](?![A-Za-z])(?:\s*_\s*(?:{_GROUP}|[A-Za-z0-9]))?(?:\s*\^\s*(?:\{{\s*\*\s*\}}|\*))?"
             r"|1\.96|2\.58|1\.645)")
_MEAN_INTERVAL = re.compile(
    rf"^\s*(?P<centre>{_CENTRE})\s*\\pm\s*(?P<q>{_QUANTILE})\s*(?:\\cdot|\\times|\*)?\s*"
    r"(?P<se>\S.*?)\s*$", re.S)


_SAID = re.compile(r"\b(confidence|interval|intervals|CI|CIs|standard error)\b", re.I)


def standard_error_statement(latex: str, words: str) -> str | None:
    """``\\sqrt{\\operatorname{Var}(centre)} = half-width / quantile`` for a mean's interval,
    where the words call it an interval and the half-width divides by something (a standard
    error, not ``\\bar{x} \\pm 2s``: where most of the data lie)."""
    m = _MEAN_INTERVAL.match(latex)
    if m is None or not _SAID.search(words):
        return None
    se = m.group("se")
    if not re.search(r"\\frac|/", se):
        return None
    if se.count("\\pm") or re.search(r"(?<![\\{])[=<>]|\\pm|\\mp", se):
        return None
    return rf"\sqrt{{\operatorname{{Var}}({m.group('centre')})}} = {se}"


def with_interval_words(sheet):
    """The sheet with each mean's interval saying in words what it is read as (the standard
    error of the mean), as a label beside it would: the matcher wants words naming the claim
    before it calls a typo of it wrong."""
    from dataclasses import replace

    def words(s):  # its own and its line's ("Interval, $\\sigma$ known: $...$")
        return " ".join([s.words()] + [b.text for b in sheet.blocks if b.line == s.line])

    sheet.segments = [
        replace(s, after=f"{s.after} (standard error of the mean)".strip())
        if "\\pm" in s.latex and standard_error_statement(s.latex, words(s)) else s
        for s in sheet.segments]
    return sheet
