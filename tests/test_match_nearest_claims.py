"""The matcher's nearest forms keep every form tied with the last one kept
(cheatsheet.match.nearest): cut at the limit exactly, a tie was decided by the forms' order in
the index, and claims added to the catalog pushed another claim out by that order alone."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.nearest import Nearest


def test_forms_tied_with_the_last_place_are_all_kept():
    forms = ["abc", "abd", "abe", "abf", "xyz"]  # four at 66.7 from "abc" after the first
    for prepared in (False, True):
        near = Nearest(forms, 2, 10)
        if prepared:
            near.prepare(["abc"])
        found = near("abc")
        assert [k for _, k in found] == [0, 1, 2, 3]  # (cut at two, abe and abf went by order)


def test_a_cdf_definition_in_other_letters_is_still_the_cdf_claims():
    # the survival claims' forms S(t) = ..., h(t) = ... tied with it and, by their place in
    # the index, had crowded the CDF claim out: unchecked instead of ok
    found = audit_text("# Waiting times\n\nThe distribution function of the wait is "
                       "$G_W(w) = P(W \\leq w)$ and its density is its derivative.\n")
    assert (found[-1].verdict, found[-1].claim) == ("ok", "density.cdf_derivative")


def test_a_prepared_row_keeps_the_same_forms_as_the_whole_sorted_list_cut_with_ties():
    # a prepared row is cut at the limit-th best score before its forms are sorted and made
    # into pairs (issue 12): the same forms in the same order, ties at the cut kept
    import numpy as np

    from cheatsheet.match.nearest import _best, _nearest, _with_ties

    rng = np.random.default_rng(7)
    for k in range(300):
        row = rng.integers(0, 9, size=int(rng.integers(0, 80))).astype(float) * 12.5
        limit = int(rng.integers(1, 30))
        assert _nearest(row, 44.0, limit) == _with_ties(_best(row, 44.0, None), limit)
    tied = np.array([50.0, 90.0, 70.0, 70.0, 30.0, 70.0, 95.0])
    assert _nearest(tied, 44.0, 3) == [(95.0, 6), (90.0, 1), (70.0, 2), (70.0, 3), (70.0, 5)]
