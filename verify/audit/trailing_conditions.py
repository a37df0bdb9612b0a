"""A comparison its sentence adds after a formula, introduced by "with", "for", "when", ...

"$\\partial \\ln|X| / \\partial X = X^{-T}$ for invertible $X$ with $|X| > 0$": the last piece
of math says where the formula before it holds; it states no fact of its own. Checked as a
claim it can only be misread (``|X| > 0`` taken for "a PSD matrix has det >= 0" and refuted
by "> where >= belongs"). So a lone comparison is a condition of the formula before it when
the words right before it end in such a word, a formula stating a relation stands earlier
on its line, no sentence ends in between, and nothing but punctuation or another condition
follows it. Such a condition is never called wrong on its own; it may still be credited ok
("pushes x across the boundary if $y(w^\\top(x + \\delta) + b) \\le 0$" is a criterion a claim
records). A premise before its formula ("with $\\gamma \\le 1/L$: ...") is
``caveats.premise_word``'s.
"""
from __future__ import annotations

import re

from cheatsheet.sheets.clauses import _COMPARISON, _EQUATION
from cheatsheet.sheets.formulas import has_relation

# the word that makes the math after it a condition ("for invertible $X$ with")
_CUE = re.compile(r"\b(with|for|where|when|whenever|if|provided(?:\s+that)?|assuming|given|"
                  r"(?:as|so)\s+long\s+as|valid\s+for|holds\s+for)\s*[,:]?\s*$", re.I)
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
# what may follow a condition in its sentence: an end, a bracket, another condition
_AFTER = re.compile(r"^\s*(?:$|[.,;:)]|and\b|or\b)", re.I)


def _lone_comparison(latex: str) -> bool:
    """One comparison (t < lambda, |X| > 0, m > p + 1), no equation or chain."""
    return len(_COMPARISON.findall(latex)) == 1 and not _EQUATION.search(latex)


def trailing_condition(seg, latex: str, line_math: str) -> str:
    """The word making ``latex`` a condition of an earlier formula of its line, or ''."""
    # (the whole math of its piece: "with $\eta \le 1/L, f(x_t) - f^* \le ...$" goes on to
    # state a rate after the condition)
    if not _lone_comparison(latex) or not _lone_comparison(seg.latex) \
            or not has_relation(line_math or ""):
        return ""
    before = seg.before or ""
    m = _CUE.search(before)
    if m is None or _SENTENCE_END.search(before) or not _AFTER.match(seg.after or ""):
        return ""
    return m.group(1).lower()
