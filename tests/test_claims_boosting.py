"""AdaBoost's classifier weight (issue 8: a claim public cheat sheets state that the catalog
lacked).  The check finds the weight by minimising the exponential loss, apart from the closed
form; these tests pin that search on values known by hand and run the audit on a sheet in
notation of our own (another letter for the weight and the error, an unmarked log, another
round index): the right form is ok, its typos are wrong, the ESL convention is never wrong."""
from __future__ import annotations

import math

import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version
from cheatsheet.verify.checks.boosting import exp_loss_weight


@pytest.mark.parametrize("eps", [0.1, 0.25, 0.5, 0.7])
def test_the_weight_minimises_the_exponential_loss(eps):
    # the stationary point of (1 - eps) e^{-a} + eps e^{a}, worked by hand
    assert exp_loss_weight(eps) == pytest.approx(0.5 * math.log((1 - eps) / eps), abs=1e-7)


def test_a_chance_level_learner_gets_no_vote():
    assert exp_loss_weight(0.5) == pytest.approx(0.0, abs=1e-8)


@pytest.mark.parametrize("seed", [0, 7])
def test_the_canonical_form_holds_and_the_convention_fails_it(seed):
    c = get_catalog()["adaboost.classifier_weight"]

    def verdict(latex):
        return check_version(c, latex, c.declarations, c.layout, list(c.assume), seed=seed,
                             key=("boosting",), symbolic_first=False, thorough=False).verdict

    assert verdict(c.latex) in ("passed", "proved")
    # a convention must fail the canonical check (it is excused by the audit, not by the check)
    assert verdict(c.conventions[0]["latex"]) == "refuted"


SHEET = r"""# Ensembles

## Boosting by reweighting

Round $k$ fits a stump; its share of the committee, from the stump's weighted error rate:

$$\alpha_k = \frac{1}{2} \log \frac{1 - r_k}{r_k}$$
"""
RIGHT = r"\frac{1}{2} \log \frac{1 - r_k}{r_k}"


def _findings(text):
    from audit_helpers import audit_text

    return {f.latex: f for f in audit_text(text) if f.latex.startswith((r"\alpha_k", r"\beta_m"))}


def test_the_right_vote_is_ok_on_a_sheet_in_other_letters():
    (f,) = _findings(SHEET).values()
    assert (f.verdict, f.claim) == ("ok", "adaboost.classifier_weight")


@pytest.mark.parametrize("typo", [
    r"\frac{1}{2} \log \frac{r_k}{1 - r_k}",      # the odds turned over
    r"\frac{1}{2} \log \frac{1 + r_k}{r_k}",      # a sign slip
    r"\frac{1}{2} \log \frac{1}{r_k}",            # the 1 - r_k lost
])
def test_a_typo_of_the_vote_is_wrong(typo):
    (f,) = _findings(SHEET.replace(RIGHT, typo)).values()
    assert (f.verdict, f.claim) == ("wrong", "adaboost.classifier_weight")


def test_the_vote_without_the_half_is_a_convention_not_an_error():
    (f,) = _findings(SHEET.replace(RIGHT, r"\log \frac{1 - r_k}{r_k}")).values()
    assert f.verdict != "wrong"


def test_with_every_letter_renamed_a_turned_ratio_is_not_called_wrong():
    """beta_m and r_m for alpha_t and epsilon_t: the matcher cannot be sure of the letters,
    so the audit says unchecked rather than risk a false alarm."""
    text = SHEET.replace(r"\alpha_k", r"\beta_m").replace("r_k", "r_m").replace(
        r"\frac{1 - r_m}{r_m}", r"\frac{r_m}{1 - r_m}")
    (f,) = _findings(text).values()
    assert f.verdict == "unchecked"
