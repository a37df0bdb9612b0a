"""British and American spellings of one word folded to one: the catalog writes
"reparameterisation" and "normalised", a sheet may write "Reparameterization" and "normalized".

The matcher compares a sheet's words with a claim's (``index.words_of``); a word spelled the
other way was a word the claim does not have, and a formula whose words named its claim was
taken for a guess. Folding goes to the British form the catalog mostly uses. It only changes a
word into the other spelling of itself, so two different words never become one: ``size``,
``prize`` and ``seize`` are too short for the -ize rule, and no British -ise word is touched.
"""
from __future__ import annotations

import re

# -ize/-yze and their forms (normalize, normalized, normalizing, normalizer, normalization,
# analyze): the stem before ``iz``/``yz`` is at least four letters
_IZE = re.compile(r"^([a-z]{4,}[iy])z(e|ed|es|er|ers|ing|ation|ations|able)$")
# -or where British writes -our (neighbors, behavioral, colored; not rigorous, laboratory:
# British writes those with -or too)
_OUR = ("neighbor", "behavior", "color", "favor", "flavor", "honor", "labor", "vapor", "harbor",
        "humor", "rumor", "odor", "vigor", "rigor", "endeavor", "savior", "armor", "tumor")
_OUR_STEM = re.compile(r"^(" + "|".join(_OUR) + r")(?=(?:s|ed|ing|hoods?|al|ally|ite|ites|able|ful|less)?$)")
# center, centered, centering (centre, centred, centring); fiber, liter, meter are left: a
# meter is also an instrument
_CENTRE = {"center": "centre", "centers": "centres", "centered": "centred",
           "centering": "centring"}
# modeled, labeling, traveled (British doubles the l: modelled, labelling, travelled); not
# after a doubled e (feeling, wheeled are spelled so on both sides)
_ONE_L = re.compile(r"^([a-z]{2,}[^e]e)l(ed|ing|er|ers)$")


def british(word: str) -> str:
    """``word`` (lower case) in the British spelling, or as it is if it has no other."""
    if word in _CENTRE:
        return _CENTRE[word]
    m = _IZE.match(word)
    if m:
        return f"{m.group(1)}s{m.group(2)}"
    m = _OUR_STEM.match(word)
    if m:
        return word[:m.end() - 1] + "ur" + word[m.end():]
    m = _ONE_L.match(word)
    if m:
        return f"{m.group(1)}ll{m.group(2)}"
    return word
