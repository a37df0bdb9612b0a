"""Which probability law a formula speaks of (cheatsheet.verify.audit.laws): a formula about a
binomial is never credited to, or called a typo of, a claim about a Gamma law."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.laws import claim_laws, clash, sheet_laws


@pytest.mark.parametrize("title, laws", [
    ("Variance of the Gamma distribution (shape k, scale theta)", {"gamma"}),
    ("Mean of the Gamma distribution (shape alpha, rate beta)", {"gamma"}),  # beta: a parameter
    ("Normal equations of least squares", set()),
    ("Perplexity: the exponential of the per-token cross-entropy", set()),
    ("The Gaussian (RBF) kernel is positive semidefinite", set()),
    ("KL divergence between two univariate Gaussians", {"normal"}),
    ("Recurrence of the Gamma function", set()),  # Euler's function, no law
])
def test_a_claim_title_names_the_laws_it_is_about(title, laws):
    assert claim_laws(title) == laws


def test_the_nearest_naming_of_a_law_wins():
    # a law named beside the formula, or written in it
    assert sheet_laws("Poisson with rate", "", r"P(K = k)", {}) == {"poisson"}
    assert sheet_laws("", "", r"\mathrm{Bin}(n, p)", {}) == {"binomial"}
    # else a law declared on the formula's own line
    assert sheet_laws("and", "Distributions", r"\operatorname{Var}(N) = mq^2",
                      {"N": "Binomial(m, q)"}) == {"binomial"}
    # else the headings; "beta" as a Greek parameter is no law
    assert sheet_laws("", "Poisson distribution", "M(t)", {}) == {"poisson"}
    assert sheet_laws("Adam with beta = 0.9", "Optimisers", "m_t", {}) == set()


def test_a_clash_needs_a_named_law_on_both_sides():
    assert clash({"binomial"}, {"gamma"})
    assert not clash({"binomial", "gamma"}, {"gamma"})
    assert not clash(set(), {"gamma"}) and not clash({"gamma"}, set())


def test_a_binomial_variance_typo_is_not_credited_to_the_gamma_variance():
    # mq^2 is k theta^2 renamed: it held as the Gamma claim, so a typo was called "ok"
    found = audit_text("# Distributions\n\nFor $N \\sim \\mathrm{Bin}(m, q)$: "
                       "$\\operatorname{Var}(N) = mq^2$.\n")
    # (with the law declared on the line, the variance is computed from it: a typo)
    assert [(f.verdict, f.claim) for f in found if "Var" in f.latex] == [("wrong", None)]
    # a Beta mean written as the Gamma mean is the Beta claim's typo, not the Gamma's "ok"
    beta = audit_text("# Distributions\n\nBeta mean: "
                      "$\\mathbb{E}[\\Theta] = \\frac{\\alpha}{\\beta}$\n")
    assert [(f.verdict, f.claim) for f in beta] == [("wrong", "beta.mean")]


def test_a_laws_name_in_any_upright_font_is_the_law():
    from cheatsheet.verify.audit.laws import sheet_laws

    assert sheet_laws("", "", r"X \sim \textrm{Po}(\mu)", {}) == {"poisson"}
    assert sheet_laws("", "", r"X \sim \mathsf{Bin}(n, p)", {}) == {"binomial"}
    assert sheet_laws("", "", r"\textrm{Var}(X) = \sigma^2", {}) == set()


def test_a_law_stated_by_its_failure_probability_is_not_the_claims_parametrisation():
    """Red team 5: 'with p the probability of failure' above E[X] = 1/(1 - p) (trials until
    the first success) is right in that convention: unchecked, naming it. The same formula
    under a plain Geometric heading is still the typo of 1/p."""
    from cheatsheet.verify.audit.laws import parametrisation_clash

    assert parametrisation_clash("with p the probability of failure",
                                 "Mean of the geometric distribution (trials)")
    text = ("# Geometric law{h}\n\n- $\\mathbb{{E}}[X] = \\dfrac{{1}}{{1 - p}}$\n")
    stated = audit_text(text.format(h=" where $p$ is the probability of failure"))
    assert [f.verdict for f in stated if "E}" in f.latex or "mathbb" in f.latex] == \
        ["unchecked"]
    assert "wrong" in [f.verdict for f in audit_text(text.format(h=" (trials)"))]


_DOUBLE_EXP = ("| law | pdf | mean | variance |\n|---|---|---|---|\n"
               "| double exponential$(\\mu, \\sigma)$ | $f(x \\mid \\mu, \\sigma) = \\frac{1}{2\\sigma} "
               "e^{-\\lvert x - \\mu \\rvert/\\sigma}$ | $EX = \\mu$ | $\\operatorname{Var} X = {var}$ |\n")


def test_a_compound_law_name_never_names_the_shorter_law():
    # "double exponential" is the Laplace law (Casella-Berger), never the exponential
    assert sheet_laws("double exponential$(\\mu, \\sigma)$", "", "", {}) == {"laplace"}
    assert sheet_laws("negative binomial$(r, p)$", "", "", {}) != {"binomial"}
    found = audit_text(_DOUBLE_EXP.replace("{var}", "2\\sigma^2"))
    assert [(f.verdict, f.claim) for f in found if "Var" in f.latex] == [
        ("ok", "laplace.variance")]


def test_a_double_exponential_variance_typo_is_no_longer_the_exponentials_ok():
    # sigma^2 is the exponential's variance (mean as parameter): it was called ok
    found = audit_text(_DOUBLE_EXP.replace("{var}", "\\sigma^2"))
    assert [f.verdict for f in found if "Var" in f.latex] != ["ok"]
