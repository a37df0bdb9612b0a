"""Limits in law and in probability: ``\\sqrt{n}(\\bar X_n - \\mu) \\xrightarrow{d}
\\mathcal{N}(0, \\sigma^2)``, ``\\stackrel{p}{\\to}``, ``\\overset{\\mathcal D}{\\longrightarrow}``.

Normal limits in law of a sample mean (the CLT) or of a smooth function of an estimator whose
own limit its line states (the delta method) are decided by limit_laws.py; any other limit
stays unchecked, and its reason says that it states a limit, not that it "states no relation"
(which read as though the sheet had written a bare expression).
"""
from __future__ import annotations

import re

_ARROW = r"\\(?:to|rightarrow|longrightarrow|Rightarrow|rightsquigarrow)(?![A-Za-z])"
# the mode over the arrow: d, D, \mathcal{D}, \mathcal L, p, P, \mathbb{P}, a.s., law, dist
_LETTER = r"(?:d|D|p|P|L|a\.\s*s\.?|as|law|dist|prob|m\.\s*s\.?|L\^?\{?2\}?|L_?\{?2\}?)"
_FONT = r"\\(?:mathcal|mathbb|mathbf|mathrm|mathscr|text|textrm|operatorname)"
_SPACE = r"(?:\s|\\[;,:!]|\\q?quad)*"
_MODE = rf"{_SPACE}(?:{_LETTER}|{_FONT}\s*(?:\{{\s*{_LETTER}\s*\}}|{_LETTER}(?![A-Za-z]))){_SPACE}"
_LIMIT = re.compile(rf"\\xrightarrow\s*(?:\[[^\]]*\])?\s*\{{{_MODE}\}}"
                    rf"|\\(?:stackrel|overset)\s*\{{{_MODE}\}}\s*\{{\s*{_ARROW}\s*\}}"
                    rf"|{_ARROW}\s*_\s*\{{?{_MODE}\}}?|\\rightsquigarrow(?![A-Za-z])")


def states_limit(latex: str) -> bool:
    """Does the formula state a limit in law or in probability (an arrow with its mode)?"""
    return bool(_LIMIT.search(latex))


REASON = ("states a limit in law or in probability (an arrow marked with its mode) that is not "
          "checked: only a normal limit of a sample mean (the central limit theorem) or of a "
          "function of an estimator whose own limit its line states (the delta method) is")
