"""Letters a formula's own sentence introduces just before it: "unbiased from $n$ i.i.d.
samples: $\\operatorname{Var}(\\hat\\theta) \\ge 1/I(\\theta)$".

A formula that does not write one of the claim's parameters may be the claim with a value put
in for it (a rate with its step fixed to 1/L), so the audit stays unsure of it
(confidence.left_out). A sentence that writes the parameter's very letter as a name of its own
right before the formula, with only words between, says otherwise: the formula is about that
many samples, that rate, so leaving the letter out is no choice of value but the slip. Words
that may give a value ("$n$ = one sample", "with $n$ equal to 1", a number) keep the doubt.
"""
from __future__ import annotations

import re

from cheatsheet.sheets.word_definitions import is_name

# words between the letter and the formula that may give the letter a value
_VALUE = re.compile(r"\d|=|\b(?:one|single|unit|equal|equals|set|fixed|constant|zero|two|"
                    r"half|same|when|if|per|each|out\s+of|only)\b", re.I)
# at most this many words between the letter and the formula ("i.i.d. samples:")
_NEAR = 4


def _ident(latex: str) -> str:
    """The reader's name of one bare letter as written ($\\alpha$ -> alpha, n_{0} -> n_0)."""
    name = latex.strip().lstrip("\\")
    return re.sub(r"[{}]", "", name)


def introduced_before(line_math: str, line_words: str, between: str) -> frozenset:
    """The letter the formula's line writes as a bare name right before it, with only a few
    words between, and no words on the line that may give it a value ("for a single draw out
    of $n$:"). ``line_math``: the formulas before this one on its line, joined with spaces;
    ``line_words``: the words before each of them, joined; ``between``: the words from the
    last of them to this one."""
    names = line_math.split()
    if not names or not is_name(names[-1]):
        return frozenset()
    words = re.findall(r"[^\s]+", between)
    if len(words) > _NEAR or _VALUE.search(f"{line_words} {between}"):
        return frozenset()
    return frozenset({_ident(names[-1])})
