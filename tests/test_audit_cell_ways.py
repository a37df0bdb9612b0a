"""A table's words saying how its laws are parametrised ("Rates, not scales") decide which
claims read its cells, over the habit of a letter (theta is the catalog's Gamma scale)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.verify.audit.laws import ways

_TABLE = ("{words}\n\n| law | density $f(w)$ | $\\mathbb{{E}}[W]$ | $\\operatorname{{Var}}(W)$ |\n"
          "|---|---|---|---|\n| $\\mathrm{{Gamma}}(k, \\theta)$ | {pdf} | {mean} | {var} |\n")
_RATE_PDF = "$\\dfrac{\\theta^k w^{k - 1}e^{-\\theta w}}{\\Gamma(k)}$"
_SCALE_PDF = "$\\dfrac{w^{k - 1}e^{-w/\\theta}}{\\Gamma(k)\\theta^k}$"


def _cells(words, pdf, mean, var):
    found = audit_text(_TABLE.format(words=words, pdf=pdf, mean=mean, var=var))
    return [(f.verdict, f.claim) for f in found[-2:]]


def test_words_denying_a_way_state_the_other():
    assert ways("Rates, not scales") == {"rate"}
    assert ways("the scales of the laws") == {"scale"}


def test_a_rate_table_with_theta_is_read_in_rates():
    # red team 11: k/theta called wrong as the scale claim's k theta
    words = "**Rates, not scales**: the gamma row uses a rate $\\theta > 0$."
    assert _cells(words, _RATE_PDF, "$\\dfrac{k}{\\theta}$", "$\\dfrac{k}{\\theta^2}$") == [
        ("ok", "gamma.mean_rate"), ("ok", "gamma.variance_rate")]
    # its variance typo is caught, by the rate claim
    assert _cells(words, _RATE_PDF, "$\\dfrac{k}{\\theta}$", "$\\dfrac{k}{\\theta}$")[-1] == (
        "wrong", "gamma.variance_rate")


def test_a_scale_table_with_theta_is_still_read_in_scales():
    words = "Laws of waiting times."
    assert _cells(words, _SCALE_PDF, "$k\\theta$", "$k\\theta$") == [
        ("ok", "gamma.mean_scale"), ("wrong", "gamma.variance_scale")]


def test_a_row_in_the_claims_letters_is_not_read_in_rates_unless_the_sheet_says_so():
    # Casella-Berger's gamma(alpha, beta) has beta a scale: mean alpha beta is no rate typo
    from audit_helpers import catalog
    from cheatsheet.verify.audit.cells import cell_reading

    row, rate = "$\\mathrm{Gamma}(\\alpha, \\beta)$", catalog()["gamma.mean_rate"]
    assert cell_reading("\\alpha\\beta", rate, row) is None
    assert cell_reading("\\alpha/\\beta", rate, row, "the rows use rates") is not None
