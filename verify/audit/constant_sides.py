"""Holds that compare nothing: a reading whose two sides are 0 in every trial.

A formula that differentiates or takes a moment, read in a claim's letters, may hold only
because the claim's world makes the thing differentiated or averaged constant: d phi/d j where
phi does not depend on j, Var(p(x)) where p(x) is no random quantity. Both sides are then 0 in
every trial and the claim's check "passes" without comparing anything, so a typo of the formula
(a factor lost, a term dropped) would pass as well. Such a hold is not a credit. A side that is
another constant (d(w + b)/db = 1) still compares something: a typo changes the number. A claim
whose own form is 0 on both sides (E[X - E X] = 0) is a genuine identity of constants, and its
holds stand.
"""
from __future__ import annotations

import re

from ..evidence import Evidence

# what makes a side constant only through the claim's world: a derivative or a moment
_OPERATOR = re.compile(r"\\partial|\\nabla|\\frac\s*\{\s*d\b|\\operatorname\s*\{\s*(?:Var|Cov)|"
                       r"\\(?:text|mathrm)\s*\{\s*(?:Var|Cov)|\\mathbb\s*\{\s*E\s*\}|"
                       r"\\(?:Var|Cov)\b")
REASON = ("read as the claim, both sides are 0 in every case: the claim's letters make what "
          "it differentiates or averages constant, so nothing was compared")


def vacuous(ev: Evidence, reading, canonical) -> bool:
    """Did a holding reading compare nothing? It differentiates or takes a moment, its check
    saw both sides 0 in every trial, and the claim's own form (``canonical``: a function giving
    the evidence of the claim's canonical check) is not 0 so."""
    if not ev.constant_sides or not _OPERATOR.search(reading.latex):
        return False
    own = canonical()
    return own is not None and own.holds and not own.constant_sides


def unless_vacuous(out, canonical):
    """The outcome of a trial, a hold that compared nothing turned undecided with the reason."""
    if out is None or out[1] != "holds" or not vacuous(out[2], out[4], canonical):
        return out
    c, _, ev, _, reading = out
    return c, "undecided", Evidence("undecided", ev.method, seed=ev.seed, detail=REASON), \
        REASON, reading
