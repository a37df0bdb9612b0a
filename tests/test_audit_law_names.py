"""A law the sheet names (``$\\mathcal{G}_a = \\mathcal{N}(\\mathbf{m}_a, \\mathbf{S}_a)$``) is put
in where a later formula writes the name, so a divergence between named laws is decided
(cheatsheet/sheets/law_names.py, verify/audit/defined.py)."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets.law_names import implied_normals, law_given

_NAMED = ("Two Gaussians on $\\mathbb{{R}}^k$, $\\mathcal{{G}}_1 = \\mathcal{{N}}(\\boldsymbol{{m}}_1, "
          "\\boldsymbol{{\\Psi}}_1)$ and $\\mathcal{{G}}_2 = \\mathcal{{N}}(\\boldsymbol{{m}}_2, \\boldsymbol{{\\Psi}}_2)$:\n\n"
          "$$\\operatorname{{KL}}(\\mathcal{{G}}_1 \\,\\|\\, \\mathcal{{G}}_2) = \\frac{{1}}{{2}}\\left("
          "\\operatorname{{tr}}(\\boldsymbol{{\\Psi}}_2^{{-1}}\\boldsymbol{{\\Psi}}_1) + (\\boldsymbol{{m}}_2 - "
          "\\boldsymbol{{m}}_1)^{{\\top}}\\boldsymbol{{\\Psi}}_2^{{-1}}(\\boldsymbol{{m}}_2 - \\boldsymbol{{m}}_1) "
          "{sign} k + \\log\\frac{{\\det\\boldsymbol{{\\Psi}}_2}}{{\\det\\boldsymbol{{\\Psi}}_1}}\\right)$$\n")


def _kl(text):
    return [f for f in audit_text(text) if "KL" in f.latex][-1]


def test_a_divergence_between_calligraphic_named_laws_holds():
    f = _kl("# Divergences\n\n" + _NAMED.format(sign="-"))
    assert (f.verdict, f.claim) == ("ok", "kl.gaussians_multivariate")
    assert "put in" in f.reason


def test_a_slip_in_a_divergence_between_named_laws_is_caught():
    f = _kl("# Divergences\n\n" + _NAMED.format(sign="+"))
    assert (f.verdict, f.claim) == ("wrong", "kl.gaussians_multivariate")


def test_subscripted_plain_names_are_laws_too():
    text = ("# Divergences\n\nWith $q_1 = \\mathcal{N}(a_1, s_1^2)$ and $q_2 = \\mathcal{N}(a_2, s_2^2)$:\n"
            "$D(q_1 \\| q_2) = \\ln\\frac{s_2}{s_1} + \\frac{s_1^2 + (a_1 - a_2)^2}{2 s_2^2} + \\frac{1}{2}$\n")
    f = _kl(text.replace("D(", "\\operatorname{KL}("))
    assert f.verdict == "wrong"


@pytest.mark.parametrize("latex, name", [
    ("\\mathcal{N}_0 = \\mathcal{N}(\\mu_0, \\Sigma_0)", "\\mathcal{N}_0"),
    ("p_{\\theta} = \\mathrm{Bern}(\\theta)", "p_{\\theta}"),
    ("\\mathcal{P} := \\operatorname{Pois}(\\lambda)", "\\mathcal{P}"),
])
def test_a_name_given_one_law_call_is_read(latex, name):
    d = law_given(latex, 1)
    assert d is not None and d.name == name


@pytest.mark.parametrize("latex", [
    "P = \\mathcal{N}(0, 1)",  # (a one-letter name: definitions.name_given's)
    "\\mathcal{L}_1 = \\sum_i \\log p(x_i)",  # (no law)
    "p_1 = \\mathcal{N}(0, 1) + \\mathcal{N}(1, 1)",  # (more than one law call)
    "p_1 = \\mathcal{N}(0, 1) = q_1",  # (a chain)
    "f_1 = g(x)",  # (a call, but of no law)
])
def test_other_values_are_no_named_law(latex):
    assert law_given(latex, 1) is None


# a normal law named by its index only: KL(N_1 || N_2) beside m_1, sigma_1, m_2, sigma_2
_UNNAMED = ("## Divergence of two normal laws\n\n"
            "$\\operatorname{KL}(\\mathcal{N}_1 \\,\\|\\, \\mathcal{N}_2) = \\ln\\frac{\\sigma_2}{\\sigma_1} + "
            "\\frac{\\sigma_1^2 + (\\mu_1 - \\mu_2)^2}{2\\sigma_2^2} SIGN \\frac{1}{2}$\n")


def test_normal_laws_named_by_their_index_are_read_from_the_formulas_letters():
    right = _kl(_UNNAMED.replace("SIGN", "-"))
    slip = _kl(_UNNAMED.replace("SIGN", "+"))
    assert (right.verdict, right.claim) == ("ok", "kl.gaussians_log_ratio")
    assert (slip.verdict, slip.claim) == ("wrong", "kl.gaussians_log_ratio")
    assert "its own letters" in slip.reason


def test_no_law_is_implied_without_a_covariance_of_its_index():
    # (precisions Lambda_1, Lambda_2 instead: which law N_1 is stays the sheet's to say)
    latex = ("\\mathrm{KL}(\\mathcal{N}_1 \\| \\mathcal{N}_2) = \\frac{1}{2}\\left[\\operatorname{tr}"
             "(\\Lambda_2\\Lambda_1^{-1}) + (\\mu_2 - \\mu_1)^\\top\\Lambda_2(\\mu_2 - \\mu_1) - k\\right]")
    assert implied_normals(latex) == ()
    assert [d.body for d in implied_normals(latex.replace("Lambda", "Sigma"))] == [
        "\\mathcal{N}(\\mu_1, \\Sigma_1)", "\\mathcal{N}(\\mu_2, \\Sigma_2)"]


def test_a_law_the_sheet_names_is_not_implied_again():
    named = law_given("\\mathcal{N}_1 = \\mathcal{N}(\\mu_1, \\Sigma_1)", 3)
    latex = "\\mathrm{KL}(\\mathcal{N}_1 \\| \\mathcal{N}_2) = f(\\mu_1, \\Sigma_1, \\mu_2, \\Sigma_2)"
    assert [d.name for d in implied_normals(latex, (named,))] == ["\\mathcal{N}_2"]
