"""Holds that compare nothing: a reading whose two sides are one constant in every trial.

A formula that differentiates or takes a moment, read in a claim's letters, may hold only
because the claim's world makes the thing differentiated or averaged constant: d phi/d j where
phi does not depend on j, Var(p(x)) where p(x) is no random quantity. Both sides are then 0 (or
one constant) in every trial and the claim's check "passes" without comparing anything, so a
typo of the formula would pass as well. Such a hold is not a credit. A claim whose own form is
constant on both sides (E[X - E X] = 0) is a genuine identity of constants, and its holds stand.
"""
from __future__ import annotations

import re
import warnings

import numpy as np

from ..evidence import Evidence

# what makes a side constant only through the claim's world: a derivative or a moment
_OPERATOR = re.compile(r"\\partial|\\nabla|\\frac\s*\{\s*d\b|\\operatorname\{(?:Var|Cov)\}|"
                       r"\\(?:text|mathrm)\{(?:Var|Cov)\}|\\mathbb\{E\}|\\(?:Var|Cov)\b")
_TRIALS = 24
_BATCHES = 3
_canonical: dict[str, bool | None] = {}


def constant_both(latex: str, decls, layout: str) -> bool | None:
    """Do both sides of every relation take one and the same value in every trial of the
    generic evaluation (the declarations' own draws, seeded)? None when it cannot be told."""
    from ..check import _parse
    from ..evaluate import Evaluator
    from ..numeric import _trials_of
    from ..sampling import Sampler

    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            stmt = _parse(latex, decls, layout)
            if not stmt.relations or stmt.premises:
                return None
            sampler = Sampler(decls)
            rng = np.random.default_rng(20261207)
            first = None
            for _ in range(_BATCHES):
                inst = sampler.sample(rng, _TRIALS, layout=layout)
                ev = Evaluator(inst)
                for rel in stmt.relations:
                    lhs = np.asarray(_trials_of(ev(rel.lhs), _TRIALS), dtype=float)
                    rhs = np.asarray(_trials_of(ev(rel.rhs), _TRIALS), dtype=float)
                    if lhs.shape != rhs.shape or not np.all(np.isfinite(lhs)) \
                            or not np.all(np.isfinite(rhs)):
                        return None
                    value = lhs.reshape(-1)[0]
                    if first is None:
                        first = value
                    if not (np.allclose(lhs, value, rtol=1e-9, atol=1e-12)
                            and np.allclose(rhs, value, rtol=1e-9, atol=1e-12)):
                        return False
    except Exception:  # noqa: BLE001 - what the generic evaluation cannot read tells nothing
        return None
    return True


def vacuous(claim, reading, layout: str) -> str:
    """Why a holding reading compared nothing ('' when it compared something): the reading
    differentiates or takes a moment, both its sides are one constant in every trial, and the
    claim's own form is not known to be constant so (a form only the claim's check can compute
    is taken as varying: the reading that evaluates without it lost what it computes)."""
    if not _OPERATOR.search(reading.latex):
        return ""
    if constant_both(reading.latex, reading.decls, layout) is not True:
        return ""
    if claim.id not in _canonical:
        _canonical[claim.id] = constant_both(claim.latex, claim.declarations, claim.layout)
    if _canonical[claim.id] is True:
        return ""  # the claim itself states constants: the hold stands
    return ("read as the claim, both sides are constant: the claim's letters make what it "
            "differentiates or averages constant, so nothing was compared")


def unless_vacuous(out, claim):
    """The outcome of a trial, a hold that compared nothing turned undecided with the reason."""
    if out is None or out[1] != "holds":
        return out
    why = vacuous(claim, out[4], out[4].layouts[0])
    if not why:
        return out
    c, _, ev, _, reading = out
    return c, "undecided", Evidence("undecided", ev.method, seed=ev.seed, detail=why), why, \
        reading
