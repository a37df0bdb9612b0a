"""A sheet that types a recorded wrong form letter for letter is read as that form, even where
its names set aside tie with the canonical one (cheatsheet/match: the typed form wins the tie;
verify/audit/excuses.typed_typo: a name the claim lacks is then the typo itself)."""
from __future__ import annotations

from audit_helpers import audit_text

GMM = ("# Mixture models\n\nM-step of EM for a Gaussian mixture with $K$ components, "
       "$k = 1, \\dots, K$, and $N_k = \\sum_{i=1}^n \\gamma_{ik}$:\n\n- $\\pi_k = {}$\n")


def test_the_recorded_typo_is_caught_although_the_sheet_uses_its_letter_before():
    """K appears in the sheet before (k = 1..K), which excuses an unknown name; but N_k / K
    is the catalog's recorded typo of the mixture weight, typed as it stands."""
    last = audit_text(GMM.replace("{}", "\\dfrac{N_k}{K}"))[-1]
    assert (last.verdict, last.claim) == ("wrong", "gmm.mstep_weight")
    assert last.reason.startswith("K where N belongs")
    assert "N" in last.expected


def test_the_right_weight_is_not_called_wrong():
    last = audit_text(GMM.replace("{}", "\\dfrac{N_k}{N}"))[-1]
    assert last.verdict != "wrong"


def test_a_renamed_typo_keeps_the_excuse():
    """With the letters renamed (M for the count), the form is no longer the recorded one
    letter for letter: an unknown name that the sheet wrote before is excused as before."""
    text = GMM.replace("$K$ components", "$M$ components").replace(
        "k = 1, \\dots, K", "k = 1, \\dots, M").replace("{}", "\\dfrac{N_k}{M}")
    last = audit_text(text)[-1]
    assert last.verdict != "wrong"
