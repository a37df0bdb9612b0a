"""A law table's columns for a lifetime's functions (survival, hazard, cumulative hazard) and
its CDF name quantities the catalog states of some laws: a cell under such a column is read as
that claim's statement, decided by its check (cells.py, quantity_heads.py)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.quantity_heads import quantity_word
from cheatsheet.verify.audit.cells import quantities

_TABLE = ("# Lifetimes\n\n| model | {head1} | {head2} |\n|---|---|---|\n"
          "| Weibull with shape $m$ and scale $\\eta$ | {c1} | {c2} |\n")


def _cells(head1, head2, c1, c2):
    found = audit_text(_TABLE.format(head1=head1, head2=head2, c1=c1, c2=c2))
    return [(f.verdict, f.claim) for f in found[-2:]]


def test_header_words_and_formulas_name_a_lifetimes_functions():
    assert quantities("Reliability") == {"survival"}
    assert quantities("hazard rate") == {"hazard"}
    assert quantities("Cumulative hazard") == {"cumulative hazard"}  # not the hazard too
    assert quantities("cumulative distribution function") == {"cdf"}  # not the density
    assert quantity_word("S_T(y)") == "survival"
    assert quantity_word("\\lambda(y)") == "hazard"
    assert quantity_word("\\Lambda(y)") == "cumulative hazard"
    assert quantity_word("H(Y)") is None  # an entropy, not a cumulative hazard


def test_weibull_cells_under_worded_columns_are_decided_by_the_weibull_claims():
    surv = "$e^{-(y/\\eta)^{m}}$"
    haz = "$\\frac{m}{\\eta}\\left(\\frac{y}{\\eta}\\right)^{m - 1}$"
    assert _cells("Reliability $R(y)$", "hazard", surv, haz) == [
        ("ok", "weibull.survival"), ("ok", "weibull.hazard")]
    # the hazard's power typed as the survival's: wrong, by the hazard claim
    assert _cells("Reliability $R(y)$", "hazard", surv,
                  "$\\frac{m}{\\eta}\\left(\\frac{y}{\\eta}\\right)^{m}$")[-1] == (
        "wrong", "weibull.hazard")


def test_weibull_cells_under_formula_headers_and_the_cumulative_hazard():
    assert _cells("$S(y)$", "$\\Lambda(y)$", "$\\exp(-(y/\\eta)^m)$", "$(y/\\eta)^m$") == [
        ("ok", "weibull.survival"), ("ok", "weibull.cumulative-hazard")]
    assert _cells("$S(y)$", "$\\Lambda(y)$", "$\\exp(-(y/\\eta)^m)$",
                  "$(y/\\eta)^{m - 1}$")[-1] == ("wrong", "weibull.cumulative-hazard")


def test_an_exponential_cdf_column_is_decided_and_an_unstated_quantity_says_so():
    table = ("# Waiting times\n\n| law | $F(u)$ | survival |\n|---|---|---|\n"
             "| Exponential, rate $\\rho$ | $1 - e^{-\\rho u}$ | $e^{-\\rho u}$ |\n")
    found = audit_text(table)
    assert [(f.verdict, f.claim) for f in found[-2:]] == [
        ("ok", "exponential.cdf"), ("unchecked", None)]
    assert "survival function of the Exponential law, which no claim states" in found[-1].reason
    wrong = audit_text(table.replace("$1 - e^{-\\rho u}$", "$1 - e^{-u/\\rho}$"))
    assert (wrong[-2].verdict, wrong[-2].claim) == ("wrong", "exponential.cdf")
