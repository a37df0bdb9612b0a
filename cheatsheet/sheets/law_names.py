"""Names a sheet gives a law: ``For $\\mathcal{N}_0 = \\mathcal{N}(\\mu_0, \\Sigma_0)$ and
$\\mathcal{N}_1 = \\mathcal{N}(\\mu_1, \\Sigma_1)$: $\\mathrm{KL}(\\mathcal{N}_0 \\| \\mathcal{N}_1) = ...$``,
``$p_\\theta = \\mathrm{Bern}(\\theta)$``.

A later formula that writes the name where the catalog writes the law (a divergence, an
entropy of it) is about that law; read letter by letter it only resembles the claim, its
law's parameters unbound, so a slip in it went unseen. definitions.name_given keeps the
one-letter names (P = ..., Q = ...); a law's name is as often subscripted or calligraphic,
and no other value is written that way with a law call for its value, so those are taken
here, for laws only. They are put in like any name given a value (verify/audit/defined.py).
"""
from __future__ import annotations

import re

from cheatsheet.latex.law_statements import named_law

from .brackets import past_closing
from .definitions import Definition, _after, _unaligned

# a letter, perhaps in a font (calligraphic, script, blackboard, upright, bold), perhaps with
# a one-piece subscript: \mathcal{N}_0, p_1, Q_{\phi}, \mathcal{P}
_NAME = (r"(?:\\(?:mathcal|mathscr|mathbb|mathrm|mathbf|boldsymbol|bm)\s*\{\s*\\?[A-Za-z]+\s*\}"
         r"|\\?[A-Za-z]+)(?:\s*_\s*(?:\{\s*\\?[A-Za-z0-9]+\s*\}|\\?[A-Za-z0-9]))?")
_GIVEN = re.compile(rf"^\s*({_NAME})\s*(?:=|:=|\\coloneqq)\s*(.+?)\s*$", re.S)


def _one_law_call(body: str) -> bool:
    """Is the value one law written as a call, ``\\mathcal{N}(\\mu, \\Sigma)``, and nothing
    after its closing bracket (no sum or product of laws, no chain)?"""
    if named_law(body) is None:
        return False
    opened = body.find("(")
    if opened < 0:
        return False
    end = past_closing(body, opened + 1)
    return end is not None and not re.sub(r"\\right\s*\)?$", "", body[end:]).strip()


def law_given(latex: str, line: int) -> Definition | None:
    """The name a formula gives a law, or None. One-letter names without a font or subscript
    are definitions.name_given's."""
    m = _GIVEN.match(_unaligned(latex))
    if not m:
        return None
    name, body = m.group(1).strip(), m.group(2).strip()
    if re.fullmatch(r"\\?[A-Za-z]+", name) or not _one_law_call(body):
        return None
    if re.search(rf"{_after(name)}{re.escape(name)}(?![A-Za-z0-9])", body):
        return None  # (the name in its own value)
    return Definition(name, None, body, line)


# \mathcal{N}_k, N_k: a normal law named by its index only
_NORMAL_NAME = re.compile(r"(?<!\\)(\\mathcal\s*\{\s*N\s*\}|\\mathcal\s+N)\s*_\s*(\{\s*[0-9A-Za-z]\s*\}|[0-9A-Za-z])")
# its mean and covariance written with the same index: \boldsymbol{\mu}_1, \mathbf{m}_1, \Sigma_1,
# \sigma_1 (a scalar's standard deviation: the law's variance is its square)
_FONT = r"(?:\\(?:boldsymbol|mathbf|bm)\s*\{\s*{letter}\s*\}|{letter})"
_MEANS = (r"\\mu", "m")
_SPREADS = ((r"\\Sigma", False), (r"\\sigma", True))


def _indexed(latex: str, letters, index: str) -> str | None:
    """The first of ``letters`` (any bold font) the formula writes with subscript ``index``,
    as written."""
    for letter in letters:
        font = _FONT.replace("{letter}", letter)
        m = re.search(rf"(?<![\\A-Za-z])({font})\s*_\s*(?:\{{\s*{index}\s*\}}|{index}(?![0-9A-Za-z]))",
                      latex)
        if m:
            return m.group(0)
    return None


def implied_normals(latex: str, defined=()) -> tuple:
    """The laws a formula's undefined \\mathcal{N}_1, \\mathcal{N}_2 stand for, read from the
    letters it writes with the same index: KL(N_0 || N_1) beside mu_0, Sigma_0, mu_1, Sigma_1
    is KL(N(mu_0, Sigma_0) || N(mu_1, Sigma_1)), the way Wikipedia and most sheets write it.
    None unless every such name has both a mean and a covariance (or a standard deviation)
    of its index in the formula; a name the sheet gave a law (``defined``) keeps that law.
    Their line is 0: no line of the sheet states them."""
    taken = {re.sub(r"\s", "", d.name) for d in defined}
    out = {}
    for m in _NORMAL_NAME.finditer(latex):
        name = m.group(0)
        if re.sub(r"\s", "", name) in taken or name in out:
            continue
        index = m.group(2).strip("{} ")
        mean = _indexed(latex, _MEANS, index)
        spread = None
        for letter, scalar in _SPREADS:
            found = _indexed(latex, (letter,), index)
            if found:
                spread = f"{found}^2" if scalar else found
                break
        if mean is None or spread is None:
            return ()
        out[name] = Definition(name, None, f"\\mathcal{{N}}({mean}, {spread})", 0)
    return tuple(out.values())
