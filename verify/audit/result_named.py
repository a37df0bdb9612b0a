"""May a result the sheet names by its own letter be the claim's result, for a refutation?

``theta = (X^T X)^{-1} X^T y`` states least squares though the claim calls its result w-hat:
the reading takes the sheet's name for the claim's (readings.result_name), which is enough to
credit a right formula. To call such a formula a typo needs more, since a bare letter may name
any quantity (H = I - u u^T is a reflection, not a regression intercept; s^2 is no MLE): the
words of this formula itself name the claim ("normal equations", "max-pool, window q, stride
u"), the letter is no name the claim gives another of its quantities, and the rest of the
evidence (closeness, one slip, ...) still has to make the match sure.
"""
from __future__ import annotations

from dataclasses import replace

from cheatsheet.match import Candidate, split_relation

from .readings import result_name

# share of the claim's words that the formula's own words (not its block's) must hold
NAMED = 0.5


def _result_letters(c: Candidate) -> tuple[str, str] | None:
    """(the sheet's result name, the claim's) where the reading took one for the other."""
    mapping = result_name(c)
    taken = [(a, b) for a, b in mapping.items() if a not in c.mapping]
    return taken[0] if len(taken) == 1 else None


def result_named(c: Candidate, vocabulary: frozenset) -> bool:
    """Do the formula's own words name the claim whose result the sheet's letter is taken
    for, the letter being none the claim uses for another of its quantities? ``vocabulary``:
    the names the claim itself uses."""
    if c.mode != "whole" or c.near < NAMED:
        return False
    taken = _result_letters(c)
    if taken is None:
        return False
    mine, _ = taken
    base = mine.split("_", 1)[0]
    # (the sheet's S for the claim's H_out, where the claim's S is its stride: the letter
    # says the sheet may mean another of the claim's quantities)
    return not any(n == mine or n.split("_", 1)[0] == base for n in vocabulary)


def with_result(c: Candidate) -> Candidate:
    """The candidate whose correspondence also places the sheet's result name as the
    claim's, for the comparisons that need every name of the sheet placed (slips.one_slip)."""
    split = split_relation(c.sheet_tokens)
    if split is None:
        return c
    return replace(c, mapping=result_name(c))
