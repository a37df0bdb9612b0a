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
