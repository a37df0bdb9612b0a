"""A bound said to be enough, against a claim that says what is needed; and a claim's own
assumption written on its own.

"GD converges for every step $0 < \\gamma < 2/\\lambda_{\\min}$" says the bound is sufficient:
every step under it converges. The catalog's "GD converges only for steps below
2/lambda_max" says a bound is necessary, and its check draws steps that converge and tests
the sheet's bound on them. The directions differ: a bound above the claim's passes the
necessary test and is false as sufficient (the steps in between do not converge, by the
claim); a bound below it ("with step $\\gamma \\le 1/L$") fails the necessary test and may
well be sufficient. So where the words say "for every", "with", the claim's verdict is
replaced: the sheet's bound exceeding the claim's on some instance is wrong, anything else
is left unchecked (a necessary condition cannot show a sufficient one).

A formula that only restates a condition a claim assumes (the Gamma MGF's ``t < 1/\\beta``,
read from ``\\gamma \\le 1/L``) holds because the check samples under that condition: read
with its letters renamed and under no words of the claim, it says nothing, and is not
credited as the claim (in the claim's own letters, "for $t < 1/\\beta$" beside its MGF is
its domain, said right).
"""
from __future__ import annotations

import re

import sympy as sp

from cheatsheet.latex import LatexError
from cheatsheet.statement import Relation

from ..parsing import parse_cached
from .wording import in_sentence

# words just before a bound that make it a sufficient condition: "for every step", "with step"
_ENOUGH = re.compile(r"\b(?:for (?:every|all|any|each)|with)(?:\s+(?:a|the|any|step|steps|"
                     r"stepsize|step-size|size|learning|rate|rates))*\s*$", re.I)
# a claim's title saying its bound is needed: "converges only for steps below 2/lambda_max"
_NEEDED = re.compile(r"\bonly (?:for|if|when|below|above)\b", re.I)
_UPPER = re.compile(r"<|\\leq?(?![A-Za-z])|\\leqslant")


def said_sufficient(seg) -> bool:
    """Do the words just before the formula make its bound a sufficient condition?"""
    before = seg.before or ""
    return bool(_ENOUGH.search(before)) and not re.search(r"\bonly\b", before[-40:], re.I)


def necessary(claim) -> bool:
    """Does the claim state a necessary condition (its title says 'only for')?"""
    return bool(_NEEDED.search(claim.title))


def _upper_bound(latex: str) -> str | None:
    """The right side of a formula's last upper bound (``0 < x < B``: B), or None."""
    parts = _UPPER.split(latex)
    if len(parts) < 2 or re.search(r"=|>|\\ge", parts[-1]):
        return None
    return parts[-1].strip() or None


def sufficiency(decider, claim, reading):
    """(verdict, reason, evidence) for a bound the sheet says is sufficient, decided against
    a claim that states a necessary one: ('wrong', ...) where the sheet's bound exceeds the
    claim's on an instance, else ('unchecked', ...); None where either bound cannot be read."""
    mine, theirs = _upper_bound(reading.latex), _upper_bound(claim.latex)
    if mine is None or theirs is None:
        return None
    try:
        st = parse_cached(f"{mine} \\le {theirs}", reading.decls, layout=reading.layouts[0])
    except (LatexError, ValueError, TypeError):
        return None
    ev = decider.confidence._side_check(claim, st, reading)
    title = in_sentence(claim.title)
    if ev is not None and ev.verdict == "refuted" and ev.counterexample:
        return "wrong", (f"the sheet says every step below its bound works, but {title}: "
                         "its bound is larger on some instances, and the steps in between "
                         "do not"), ev
    return "unchecked", (f"the sheet says its bound is enough; {claim.id} says only what is "
                         "needed, which cannot show that"), None


def restates_assumption(claim, reading) -> bool:
    """Does the reading state only one of the conditions the claim assumes?"""
    if not claim.assume:
        return False
    try:
        mine = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
    except (LatexError, ValueError, TypeError):
        return False
    if len(mine.relations) != 1:
        return False
    a = mine.relations[0]
    for text in claim.assume:
        try:
            theirs = parse_cached(text, reading.decls, layout=reading.layouts[0])
        except (LatexError, ValueError, TypeError):
            continue
        if len(theirs.relations) == 1 and _same(a, theirs.relations[0]):
            return True
    return False


_DIRECTION = {"<": "<", "<=": "<", ">": ">", ">=": ">"}


def _same(a: Relation, b: Relation) -> bool:
    """Do two inequalities bound the same difference the same way (strict or not)?"""
    if _DIRECTION.get(a.op, a.op) != _DIRECTION.get(b.op, b.op):
        return False
    try:
        return sp.simplify((a.lhs - a.rhs) - (b.lhs - b.rhs)) == 0
    except Exception:  # noqa: BLE001 - sides sympy cannot subtract are not the same
        return False



def sufficient_finding(decider, formula, file: str, c, reading, ids):
    """The finding for a formula whose words make its bound sufficient, where the claim it
    is read as states a necessary one; None where that is not the case."""
    claim = decider.catalog[c.claim_id]
    if not (necessary(claim) and said_sufficient(formula.segment)):
        return None
    from cheatsheet.match.tokens import pretty

    from .explain import expected_tokens, plain_counterexample

    found = sufficiency(decider, claim, reading)
    if found is None:
        return decider._finding(formula, file, "unchecked",
                                f"the sheet says its bound is enough; {c.claim_id} says only "
                                "what is needed", candidates=ids)
    verdict, reason, ev = found
    if verdict == "wrong":
        return decider._finding(formula, file, "wrong", reason, claim=c.claim_id,
                                expected=pretty(expected_tokens(c, claim)),
                                method=ev.method, counterexample=plain_counterexample(
                                    ev.counterexample, reading.names_back))
    return decider._finding(formula, file, "unchecked", reason, candidates=ids)
