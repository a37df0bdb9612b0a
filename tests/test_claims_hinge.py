"""The hinge loss (issue 8: a claim public cheat sheets state that the catalog lacked), and a
finite label set its sheet pins ("labels in {-1, +1}") imposed on the claim's check rather than
taken as a special case that excuses a typo.  The check finds the loss as the least slack of
the margin constraint by linear programming, apart from the closed form; the audit runs on
sheets in notation of our own (u for the label, g for the score, other wording)."""
from __future__ import annotations

import pytest

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail
from cheatsheet.verify.checks.hinge import least_slack, least_slacks


@pytest.mark.parametrize("margin, slack", [(2.0, 0.0), (1.0, 0.0), (0.25, 0.75), (-1.5, 2.5)])
def test_the_least_slack_is_the_hinge_worked_by_hand(margin, slack):
    assert least_slack(margin) == pytest.approx(slack, abs=1e-9)


def test_one_program_for_many_margins_gives_each_its_own_least_slack():
    """The trials' programs solved as one: a slack a generous margin leaves at zero does not
    lend anything to a neighbour that needs one (worked by hand: 1 - margin, or 0)."""
    margins = [3.0, -0.5, 1.0, 0.9, -4.0]
    assert list(least_slacks(margins)) == pytest.approx([0.0, 1.5, 0.0, 0.1, 5.0], abs=1e-9)
    assert least_slacks([]).size == 0


def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails():
    assert_canonical_holds_and_wrong_forms_fail("hinge.loss", seed=5)


SHEET = r"""# Large-margin classifiers

Targets $u_k \in \{-1, +1\}$ and real scores $g_k$.

- WORDS: $\operatorname{loss}(u, g) = LOSS$
"""


def _finding(loss, words="hinge penalty"):
    from audit_helpers import audit_text

    text = SHEET.replace("LOSS", loss).replace("WORDS", words)
    (f,) = [f for f in audit_text(text) if f.latex.startswith(r"\operatorname{loss}")]
    return f


def test_the_right_hinge_is_ok_on_a_sheet_in_other_letters():
    f = _finding(r"\max(0, 1 - u g)")
    assert (f.verdict, f.claim) == ("ok", "hinge.loss")


@pytest.mark.parametrize("typo", [r"\max(0, 1 + u g)", r"\min(0, 1 - u g)", r"\max(0, - u g)"])
def test_a_typo_is_wrong_though_the_sheet_pins_the_labels(typo):
    """Before, 'u_k in {-1, +1}' excused the typo as a special case the claim might not
    assume; the check run with u in that set refutes it, so it is wrong."""
    f = _finding(typo)
    assert (f.verdict, f.claim) == ("wrong", "hinge.loss")


def test_a_set_on_which_the_formula_holds_still_excuses_it():
    """u^2 for 1 is right only where u is +-1: with the labels pinned there, it holds (and the
    claim assumes it too), so nothing is called wrong."""
    f = _finding(r"\max(0, u^2 - u g)")
    assert f.verdict != "wrong"


@pytest.mark.parametrize("words, loss", [
    ("squared hinge penalty", r"\max(0, 1 - u g)^2"),   # the L2-SVM's loss (a convention)
    ("hinge penalty", r"\max(0, 1 - u g)^2"),           # its form, even under "hinge"
    ("perceptron criterion", r"\max(0, - u g)"),        # another loss, other words
])
def test_related_margin_losses_are_not_called_wrong(words, loss):
    assert _finding(loss, words).verdict != "wrong"
