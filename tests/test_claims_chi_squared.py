"""The chi-squared law's mean, variance and MGF (facts red-team sheets state that the catalog
lacked), declared as the Gamma law of shape k/2 and scale 2: each claim's check refutes its
recorded slips, and the audit calls a slip on a sheet wrong in the sheet's own letters."""
from __future__ import annotations

import pytest

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text

CLAIMS = ["chi_squared.mean", "chi_squared.variance", "chi_squared.mgf"]


@pytest.mark.parametrize("claim", CLAIMS)
def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails(claim):
    assert_canonical_holds_and_wrong_forms_fail(claim, seed=5)


SHEET = ("# Laws of quadratic forms\n\n"
         "- Chi-square law with $m$ degrees of freedom: $\\operatorname{Var}(Q) = VAR$.\n"
         "- Its moment generating function (chi-square, $m$ degrees of freedom), for $u < 1/2$: "
         "$M_Q(u) = MGF$.\n")


def _findings(var, mgf):
    text = SHEET.replace("VAR", var).replace("MGF", mgf)
    return {f.claim: f for f in audit_text(text) if f.claim in CLAIMS}


def test_right_lines_in_other_letters_are_ok():
    got = _findings("2m", "(1 - 2u)^{-m/2}")
    assert {k: f.verdict for k, f in got.items()} == {
        "chi_squared.variance": "ok", "chi_squared.mgf": "ok"}


def test_slips_are_wrong_and_the_counterexample_names_the_law_in_the_sheets_letters():
    got = _findings("m", "(1 - 2u)^{m/2}")
    assert {k: f.verdict for k, f in got.items()} == {
        "chi_squared.variance": "wrong", "chi_squared.mgf": "wrong"}
    values = got["chi_squared.variance"].counterexample["values"]
    assert values["Q"] == "~ Gamma(m/2,2)", values
