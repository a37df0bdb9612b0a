"""A condition said in words beside a formula: "$\\tilde g = \\frac{c}{\\|g\\|} g$ when the norm
exceeds $c$", "if it is longer than $c$, $\\tilde g = ...$".

With the condition in math (``if $\\|g\\| > c$``) the audit checks the formula where it holds
(excuses.py, "holds where ..., as the sheet says"); in words the reader cannot turn it into a
relation, and a rule stated for one case (a clipped gradient, a large margin) fails its
claim's check on the other case. A formula refuted there is not surely the claim's typo.
"""
from __future__ import annotations

import re

# a conditional word, then within the same clause a comparison
_CONDITION = re.compile(
    r"\b(?:when|whenever|if|once|as long as|provided(?: that)?)\b[^.;:!?]*?"
    r"\b(?:exceeds?|exceeding|greater|larger|longer|bigger|above|below|smaller|shorter|"
    r"less than|more than)\b", re.I)


def condition_in_words(seg) -> str | None:
    """The clause of the words beside the formula (after it up to the next math, or before
    it back to the last math: "if it is longer than one, then $...$") that states a condition
    by comparison in words; None when there is none."""
    for words in ((seg.after or ""), (seg.before or "")):
        m = _CONDITION.search(words)
        if m:
            return " ".join(m.group(0).split())
    return None
