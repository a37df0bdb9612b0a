"""Formulas that found no claim (issue 8, red-team "no claim" misses), in notation of our own.

- data/claims/estimation.toml, conjugate.rule_of_succession: Laplace's rule (k + 1)/(n + 2)
  under a uniform prior was no claim's form (the Beta-Bernoulli predictive has alpha and beta
  where the rule has numbers), so (k + 1)/(n + 1) stayed unchecked;
- cheatsheet/match/tokens.py, _atom: on a plain-text sheet ``TN / (TN + FP)`` divides
  upright names; the slash was left as typed, so the formula did not compare with the
  catalog's fraction and found no claim.
"""
from __future__ import annotations

from audit_helpers import audit_text

COINS = ("## Coin tosses\n\n"
         "Laplace's estimate under a uniform prior, $s$ heads in $m$ tosses:\n\n"
         "- $P(\\tilde{z} = 1 \\mid s) = {}$\n")


def _stated(findings):
    return [f for f in findings if "=" in f.latex]


def test_the_rule_of_succession_holds_and_its_slip_is_wrong_in_other_letters():
    (right,) = _stated(audit_text(COINS.replace("{}", "\\frac{s + 1}{m + 2}")))
    (slip,) = _stated(audit_text(COINS.replace("{}", "\\frac{s + 1}{m + 1}")))
    assert (right.verdict, right.claim) == ("ok", "conjugate.rule_of_succession")
    assert (slip.verdict, slip.claim) == ("wrong", "conjugate.rule_of_succession")


def test_the_rule_of_succession_is_not_the_predictive_with_a_prior_of_letters():
    # with a Beta(a, b) prior the predictive is the general claim's, not Laplace's rule
    text = ("## Coin tosses\n\nBeta prior with $a$ and $b$, $s$ heads in $m$ tosses:\n\n"
            "- $P(\\tilde{z} = 1 \\mid \\mathcal{D}) = \\frac{s + a}{m + a + b}$\n")
    (f,) = _stated(audit_text(text))
    assert f.verdict != "wrong"


PLAIN = "ROC NOTES\nx axis of the ROC curve: ${}$\n"


def test_a_slash_between_upright_names_reads_as_the_fraction():
    (f,) = audit_text(PLAIN.format("FPR = FP / (FP + TN)"), name="roc.txt")
    assert (f.verdict, f.claim) == ("ok", "metrics.fpr")
