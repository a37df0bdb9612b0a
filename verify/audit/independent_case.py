"""Independence the sheet names, imposed on the claim's check before it excuses a formula.

"Variance of a difference (independent): Var(X - Y) = Var(X) - Var(Y)" fails the general claim
Var(X - Y) = Var(X) + Var(Y) - 2 Cov(X, Y), whose check draws X and Y jointly. The word names a
case the claim does not assume, so the formula used to be left unchecked: it may state that
case. Whether it does is decided, not assumed: the check is run again with every random
variable of the claim drawn on its own (the product law). Refuted there, the formula fails
for independent (hence also for uncorrelated) variables, the very case its words name: it is
wrong. Holding there, it stays excused.

Only where the claim's check is the one that draws its variables (no check of its own, which
may draw them however it likes and would ignore the request): a refutation under a check that
never imposed independence would say nothing about the independent case. A claim about i.i.d.
draws (its title or note says so: the variance of the mean of n i.i.d. draws) is that case
already: its own check's refutation stands.
"""
from __future__ import annotations

import re
from dataclasses import replace

# the words naming independence (or the weaker lack of correlation, of which it is a case)
_INDEPENDENT = re.compile(r"\bindependent\b|\buncorrelated\b|\bi\.?i\.?d\b|\\perp", re.I)
# a claim stated for i.i.d. draws (not "non-i.i.d.", "need not be i.i.d.")
_IID_CLAIM = re.compile(r"(?<!not )(?<!non-)(?<!non )\bi\.i\.d\.", re.I)


def independent_claim(special: str, claim, reading):
    """The claim with every random variable of the reading drawn independently (the claim
    itself where it is about i.i.d. draws), or None when the words do not name independence,
    the claim's own check draws its variables (a custom check), fewer than two random
    variables are drawn, or they are drawn so already."""
    if not _INDEPENDENT.search(special):
        return None
    if _IID_CLAIM.search(f"{claim.title} {claim.note}"):
        return claim  # (its check draws the i.i.d. case already)
    if claim.check:
        return None
    rvs = tuple(d.name for d in reading.decls if d.domain == "rv")
    if len(rvs) < 2 or set(rvs) <= set(claim.independent):
        return None
    return replace(claim, independent=list(rvs))


def fails_independent(special: str, claim, reading, seed: int) -> bool:
    """Is the reading refuted by its values with the claim's variables drawn independently?"""
    from ..check import check_version
    from ..timelimit import CheckTimeout

    free = independent_claim(special, claim, reading)
    if free is None:
        return False
    try:
        ev = check_version(free, reading.latex, reading.decls, reading.layouts[0],
                           reading.assume, seed=seed,
                           key=("audit", "independent", reading.latex),
                           symbolic_first=False, thorough=False)
    except CheckTimeout:
        raise
    except Exception:  # noqa: BLE001 - a reading the engine trips on decides nothing
        return False
    return ev.verdict == "refuted" and bool(ev.counterexample) \
        and ev.method not in ("scope", "shapes")
