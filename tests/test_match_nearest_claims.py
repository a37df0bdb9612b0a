"""The matcher's nearest forms count claims, not forms (cheatsheet.match.nearest): a claim
recorded with many alike forms, or claims added with forms alike, must not push another claim
out of the places by the mere order of ties."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.nearest import Nearest


def test_places_count_claims_and_keep_every_form_of_a_claim_in():
    forms = ["abc", "abd", "abe", "abf", "abx"]
    groups = ["one", "one", "one", "one", "two"]
    for prepared in (False, True):
        near = Nearest(forms, 2, 10, groups)
        if prepared:
            near.prepare(["abc"])
        found = near("abc")
        assert {groups[k] for _, k in found} == {"one", "two"}
        assert len(found) == 5  # (by forms, two places held two forms of one claim only)
    assert len(Nearest(forms, 2, 10)("abc")) == 2  # without claims: places are forms


def test_a_cdf_definition_in_other_letters_is_still_the_cdf_claims():
    # the survival claims' many forms S(t) = ..., h(t) = ... tied with it and, by their
    # place in the index, had crowded the CDF claim out: unchecked instead of ok
    found = audit_text("# Waiting times\n\nThe distribution function of the wait is "
                       "$G_W(w) = P(W \\leq w)$ and its density is its derivative.\n")
    assert (found[-1].verdict, found[-1].claim) == ("ok", "density.cdf_derivative")
