"""British and American spellings are one word where the matcher and the audit compare words
(cheatsheet/match/spelling.py)."""
from audit_helpers import audit_text

from cheatsheet.match.index import words_of
from cheatsheet.match.spelling import british


def test_both_spellings_are_one_word():
    assert words_of("Reparameterization of the normalized Laplacian over neighbors, centered") \
        == words_of("Reparameterisation of the normalised Laplacian over neighbours, centred")
    assert british("minimizers") == "minimisers" and british("analyze") == "analyse"
    assert british("modeled") == "modelled" and british("behavioral") == "behavioural"


def test_other_words_are_left_as_they_are():
    # too short for -ize, spelled so on both sides, or another word
    for word in ("size", "sized", "prize", "seize", "citizen", "horizon", "rigorous",
                 "laboratory", "feeling", "wheeled", "noise", "supervised", "precise",
                 "scaled", "kernel"):
        assert british(word) == word


def test_a_title_word_spelled_the_american_way_names_the_claim():
    # the words name ridge.closed_form ("Minimiser of the ridge objective") only once
    # "Minimizer" is its word; the formula keeps X where X^T y belongs
    (f,) = audit_text("Minimizer of the ridge objective: "
                      "$w^* = (X^\\top X + \\lambda I)^{-1} X$\n")
    assert f.verdict == "wrong" and f.claim == "ridge.closed_form", (f.verdict, f.reason)


def test_a_qualifier_in_the_claims_title_spelled_the_other_way_excuses_nothing():
    # "normalized" narrows nothing when the claim's title says "normalised" itself
    right, wrong = (audit_text(
        "Normalized attention coefficients of one node, over its neighbors: "
        f"$\\sum_{{j=1}}^{{K}} \\frac{{\\exp(e_{{j}})}}{{\\sum_{{k=1}}^{{K}} \\exp(e_{{k}})}} = {v}$\n")
        for v in ("1", "K"))
    assert [f.verdict for f in right] == ["ok"]
    assert [(f.verdict, f.claim) for f in wrong] == [("wrong", "gat.attention_normalised")], \
        wrong[0].reason
