"""The Gaussian's differential entropy written with its precision (entropy.gaussian_precision),
and a sheet's definition put in never clears a formula by reading the value's own letter as
the very quantity the definition names (verify/audit/defined.py)."""
from __future__ import annotations

from audit_helpers import audit_text

HEAD = "# Gaussian with precision matrix $P$\n\n"


def test_the_sign_slip_is_wrong_in_other_letters_and_the_right_form_ok():
    right = HEAD + "- entropy: $h = \\frac{m}{2}\\ln(2\\pi e) - \\frac{1}{2}\\ln\\det P$\n"
    typo = right.replace("- \\frac{1}{2}\\ln", "+ \\frac{1}{2}\\ln")
    ok, bad = audit_text(right)[-1], audit_text(typo)[-1]
    assert (ok.verdict, ok.claim) == ("ok", "entropy.gaussian_precision")
    assert (bad.verdict, bad.claim) == ("wrong", "entropy.gaussian_precision")


def test_a_definition_put_in_does_not_clear_a_typo_by_renaming_its_own_letters():
    """'precision P = V^{-1}' and the sign slip in P: with V^{-1} put in, the slip holds only
    with V read as the claim's precision (the inverse of what the sheet says V is)."""
    text = ("# Gaussian with precision $P = V^{-1}$\n\n"
            "- entropy: $h = \\frac{m}{2}\\ln(2\\pi e) + \\frac{1}{2}\\ln\\lvert P\\rvert$\n")
    last = audit_text(text)[-1]
    assert last.verdict != "ok"
    assert "V" in last.reason
