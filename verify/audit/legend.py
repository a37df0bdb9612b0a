"""A legend after a formula: the list of words that names its quantities.

Sheets often follow a formula with the names of its letters, in order and nothing else:
"$H_{out} = \\lfloor (H_{in} + 2P - K)/S \\rfloor + 1$, height, input size, padding, kernel
size, stride". When such a formula does not write one of the claim's parameters, the audit
reads it as the claim with that parameter given a value (a rate with its step fixed to 1/L),
and stays unsure. A legend that names the parameter says otherwise: the formula is meant to
depend on it, so a constant standing in its place is no choice of value but the typo. Only a
bare list counts: "stride 2", "with stride one" or any sentence give or may give the value.
"""
from __future__ import annotations

import re

from .parameters import NOUNS, claim_named

# one item: one to three plain words ("kernel size", "Input size"), no letters of math, no
# numbers (a number may be the value the formula fixes: "stride 2")
_ITEM = re.compile(r"^[A-Za-z]+(?:[ -][A-Za-z]+){0,2}$")
_NUMBER_WORDS = {"one", "two", "three", "four", "unit", "single", "double", "half", "no",
                 "zero", "same", "valid", "fixed", "constant", "equal"}


def legend_items(after: str) -> list[str]:
    """The items of a legend, lower case, if the words after a formula are one: at least
    three short items separated by commas and nothing else (a sentence is no legend)."""
    text = after.strip().strip(",;:").strip().rstrip(".").strip()
    if not text or "$" in text or "\\" in text:
        return []
    items = [i.strip() for i in text.split(",")]
    if len(items) < 3 or not all(_ITEM.match(i) for i in items):
        return []
    items = [i.lower() for i in items]
    if any(set(i.replace("-", " ").split()) & _NUMBER_WORDS for i in items):
        return []
    return items


def named_in_legend(after: str, claim) -> set[str]:
    """The claim's letters whose parameter the legend after the formula names ("stride" names
    the S of a claim whose note says "stride S")."""
    items = legend_items(after)
    if not items:
        return set()
    own = claim_named(claim)
    out = set()
    for item in items:
        noun = NOUNS.get(item)
        if noun is not None and noun in own:
            out.add(own[noun])
    return out
