"""Which function of a law a formula states (verify/audit/law_function.py).

A CDF written with its "1 -" dropped is refuted by the law's CDF claim, with the right form in
the sheet's own letters, never "corrected" into a density; a correct CDF written in a letter of
its own is never refuted as the survival function whose typo it resembles; a formula whose
words call it one function is never credited as another. Notation of our own: other letters,
other wording than the catalog's and the sheets'.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.law_function import as_probability, functions_named


def _finding(text: str, start: str):
    return next(f for f in audit_text(text) if f.latex.startswith(start))


@pytest.mark.parametrize("said, law, formula", [
    ("Its cumulative distribution function", "the exponential law with rate $\\beta$",
     "G(t) = e^{-\\beta t}"),
    ("Distribution function", "an exponential waiting time of rate $\\kappa$",
     "F_T(u) = e^{-\\kappa u}"),
])
def test_a_cdf_with_its_one_minus_dropped_is_wrong_as_the_cdf(said, law, formula):
    text = f"# Waiting\n\n## On {law}\n\n{said}: ${formula}$\n"
    f = _finding(text, formula[:2])
    assert f.verdict == "wrong", f.reason
    assert f.claim.endswith(".cdf"), f.claim
    left = formula.split("=")[0].strip()
    assert f.expected.replace(" ", "").startswith(left.replace(" ", "") + "=1-"), f.expected


def test_a_right_cdf_read_as_the_cdf_holds():
    text = "# Waiting\n\n## Exponential, rate $\\beta$\n\nIts cumulative distribution " \
           "function: $G(t) = 1 - e^{-\\beta t}$\n"
    f = _finding(text, "G(t)")
    assert f.verdict == "ok" and f.claim.endswith(".cdf"), (f.verdict, f.claim, f.reason)


@pytest.mark.parametrize("said", ["CDF", "Cumulative distribution function", ""])
@pytest.mark.parametrize("formula", ["G(y) = 1 - e^{-(y/b)^k}",
                                     "Q(s) = 1 - \\exp(-(s/c)^m)"])
def test_a_weibull_cdf_in_a_letter_of_its_own_is_never_wrong(said, formula):
    """1 - e^{-(y/b)^k} is the survival function's recorded typo and the Weibull CDF said
    right: under words calling it the CDF, or no words at all, it is never refuted."""
    label = f"{said}: " if said else ""
    text = f"# Lifetimes\n\n## Weibull law, shape $k$, scale $b$\n\n{label}${formula}$\n"
    f = _finding(text, formula[:2])
    assert f.verdict != "wrong", (f.claim, f.reason)


def test_the_same_form_called_a_survival_function_is_still_wrong():
    """The counterpart: words that call it the survival function make it that claim's typo."""
    text = "# Lifetimes\n\n## Weibull law\n\nReliability function: " \
           "$R(u) = 1 - \\exp(-(u/c)^m)$\n"
    f = _finding(text, "R(u)")
    assert f.verdict == "wrong" and f.claim == "weibull.survival", (f.verdict, f.claim)


@pytest.mark.parametrize("said", ["CDF: ", ""])
def test_a_cdf_is_never_credited_as_a_survival_function(said):
    """F(y) = e^{-(y/b)^k} is the Weibull survival function's form, but F is the CDF (by its
    words, or by convention where they name none): it is not "ok" as the survival claim."""
    text = f"# Lifetimes\n\n## Weibull law\n\n{said}$F(y) = e^{{-(y/b)^k}}$\n"
    f = _finding(text, "F(y)")
    assert f.verdict != "ok", (f.claim, f.reason)


def test_functions_named_and_the_cdf_reading():
    assert functions_named("cumulative hazard of the Weibull law") == {"cumulative hazard"}
    assert functions_named("its c.d.f. and its density") == {"CDF", "density"}
    assert functions_named("probability distribution function") == set()
    assert as_probability("F(x) = e^{-a x}", "")[:2] == ("P(X \\leq x) = e^{-a x}", "F(x)")
    assert as_probability("G_Y(y) = 1 - y^2", "CDF")[:2] == ("P(Y \\leq y) = 1 - y^2", "G_Y(y)")
    # a letter its words call the survival function is P(X > y); F called a density, no CDF
    assert as_probability("G(y) = e^{-y}", "survival function")[0] == "P(X > y) = e^{-y}"
    assert as_probability("F(x) = e^{-x}", "density") is None
    # X used on the right side: another capital stands for the variable
    assert as_probability("F(x) = x^2 / X^2", "")[0].startswith("P(Y \\leq x)")


@pytest.mark.parametrize("said", ["Distribution function: ", ""])
def test_a_weibull_cdf_without_its_one_minus_is_wrong_as_the_cdf(said):
    """weibull.cdf: F is the CDF by its words or its letter, so the survival function's form
    written for it is the CDF's typo, corrected in the sheet's letters."""
    text = f"# Reliability\n\n## Weibull, shape $m$, scale $c$\n\n{said}$F(u) = e^{{-(u/c)^m}}$\n"
    f = _finding(text, "F(u)")
    assert f.verdict == "wrong" and f.claim == "weibull.cdf", (f.verdict, f.claim, f.reason)
    assert f.expected.replace(" ", "").startswith("F(u)=1-"), f.expected


@pytest.mark.parametrize("formula", ["F(x) = 1 - e^{-x^{\\gamma}/\\beta}",
                                     "F(x) = 1 - e^{-\\theta x^{a}}"])
def test_a_weibull_cdf_in_another_parametrisation_is_never_wrong(formula):
    """The Weibull law has several parametrisations (x^gamma / beta, theta x^a): a CDF in one
    the claim does not write is not its typo."""
    text = f"# Reliability\n\n## Weibull law\n\nCDF: ${formula}$\n"
    assert _finding(text, "F(x)").verdict != "wrong"


def test_a_probability_written_out_is_read_whatever_its_words_call_it():
    """P(X > t) says which probability it is: under words naming the survival function it is
    still decided by the exponential law's CDF claim, which states its complement."""
    text = "# Waiting\n\n## Exponential law, rate $\\kappa$\n\nSurvival function: " \
           "$P(X > t) = e^{-\\kappa t}$\n"
    f = _finding(text, "P(X > t)")
    assert f.verdict == "ok" and f.claim == "exponential.cdf", (f.verdict, f.claim, f.reason)


# --- survival functions: read as P(X > t), decided by the law's CDF claim (its complement)

@pytest.mark.parametrize("said, formula", [
    ("Survival", "Q(s) = e^{-\\eta s}"),
    ("Reliability", "R(s) = e^{-\\eta s}"),
    ("Complementary CDF", "\\bar F(s) = e^{-\\eta s}"),
    ("", "\\overline{F}(s) = e^{-\\eta s}"),
])
def test_a_right_survival_function_holds(said, formula):
    """Never wrong as the CDF or the density whose forms it resembles (\\bar F named the CDF
    and 'reliability' no function, so the two were refuted): it is P(X > s)."""
    label = f"{said}: " if said else ""
    text = f"# Waiting\n\n## Exponential law, rate $\\eta$\n\n{label}${formula}$\n"
    f = _finding(text, formula[:3])
    assert f.verdict == "ok" and f.claim == "exponential.cdf", (f.verdict, f.claim, f.reason)


@pytest.mark.parametrize("formula, right", [
    ("Q(s) = 1 - e^{-\\eta s}", "Q(s)=e^{-\\etas}"),
    ("Q(j) = 1 - (1 - r)^j", "Q(j)=(1-r)^j"),
])
def test_a_survival_function_with_a_one_minus_added_is_wrong_in_the_sheets_letters(formula,
                                                                                    right):
    law = "Geometric law (trials), success probability $r$" if "r)" in formula \
        else "Exponential law, rate $\\eta$"
    text = f"# Waiting\n\n## {law}\n\nSurvival function: ${formula}$\n"
    f = _finding(text, formula[:4])
    assert f.verdict == "wrong" and f.claim.endswith(".cdf"), (f.verdict, f.claim, f.reason)
    assert f.expected.replace(" ", "") == right, f.expected
    assert "survival" in f.reason


def test_complementary_cdf_names_no_cdf():
    assert functions_named("complementary CDF") == {"survival function"}
    assert functions_named("reliability of a component") == {"survival function"}
    assert functions_named("reliability diagram") == set()
    assert as_probability("S(x) = e^{-x}", "") is None  # S alone: a sigmoid's letter too
    assert as_probability("\\bar F(x) = e^{-x}", "") == (
        "P(X > x) = e^{-x}", "\\bar F(x)", "survival function")
