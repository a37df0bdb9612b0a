"""The claims a decision of one reading of a formula can name, told before deciding it.

A caller that can use a finding only when it names one of some claims need not decide a
reading none of those claims can be found for: a law's moment counts only as read by a claim
stating that moment (law_moments.py), a law's parameter read as its inverse only as a claim
stated in one parametrisation (parametrisation.py). Deciding (decide.Decider._decide) names
only claims the matcher finds for the text, and every look-up of it, whatever its words,
``keep`` or ``limit``, draws on the same forms closest to it by structure
(Matcher.reachable; the pair of a neighbour and the formula is only tried for such a claim,
pairs.py); besides those, it reads an estimate the sheet calls unbiased as the catalog's
claims of unbiasedness (unbiased.py), reads the formula as the recorded typo of a claim
its own words name by a word of its id (named_instead.NamedTypo), and decides the text
again with the definitions in reach put in (defined.py). Those are the claims within reach;
a new way for the decider to name a claim found otherwise must be added here, or the skip
is no longer exact. For the eleven laws of a seed sheet, 154 full decisions of their
moments were ~15% of its audit, and the inverse readings of the five seed sheets ~6% of
theirs; few of either could count.
"""
from __future__ import annotations

from cheatsheet.match.tokens import tokenize
from cheatsheet.sheets.formulas import has_relation

from ..timelimit import CheckTimeout
from .defined import with_definitions
from .unbiased import estimate_of, unbiased_claims

_DEPTH = 4  # definitions put in within definitions put in: beyond, reach is not told


def within_reach(decider, formula, conv, latex: str, depth: int = 0) -> set[str] | None:
    """The ids of the claims ``decider._decide(formula, conv, file, latex)`` can name in its
    finding, or None where that is not told (then any claim may be named)."""
    if not has_relation(latex) or depth > _DEPTH:
        return None  # (a bare value is read as a table's cell by other means: cells.py)
    try:
        toks = tokenize(latex)
        out = set(decider.matcher.reachable(toks))
        # the one claim the formula's own words name, whose recorded typo it may be typed
        # again (named_instead.NamedTypo): found by words, not by form
        out |= set(decider._named_ids(formula, conv))
        if estimate_of(latex) is not None:
            out |= _unbiased_ids(decider)
    except CheckTimeout:
        raise
    except Exception:  # noqa: BLE001 - the decision will say what is wrong with it
        return None
    put = with_definitions(formula, conv, latex)
    if put is not None:
        more = within_reach(decider, formula, put[1], put[0], depth + 1)
        if more is None:
            return None
        out |= more
    return out


def may_name(decider, formula, conv, latex: str, wanted) -> bool:
    """Can deciding this reading give a finding that names a claim ``wanted(claim_id)``
    accepts? False only where none is within reach."""
    reach = within_reach(decider, formula, conv, latex)
    return reach is None or any(wanted(claim_id) for claim_id in reach)


def _unbiased_ids(decider) -> set[str]:
    ids = getattr(decider, "_unbiased_ids", None)
    if ids is None:
        ids = decider._unbiased_ids = {claim_id for claim_id, _ in
                                       unbiased_claims(decider.catalog)}
    return ids
