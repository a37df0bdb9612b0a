"""A law in its other parametrisation (verify/audit/parametrisation.py): a scale where the
claim has a rate, or back, is never refuted; a typo in either is still not credited.
Notation of our own: other letters and wording than the catalog's and the sheets'."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.parametrisation import inverse_readings


def _finding(text: str, start: str):
    return next(f for f in audit_text(text) if f.latex.startswith(start))


@pytest.mark.parametrize("law, formula", [
    ("Gamma law", "g(y) = \\frac{1}{\\Gamma(a) r^a} y^{a-1} e^{-y/r}"),
    ("Exponential law", "Q(y) = 1 - e^{-y/\\lambda}"),
    ("Exponential law, rate $\\lambda$", "Q(y) = 1 - e^{-y/\\lambda}"),
])
def test_the_scale_form_is_never_wrong_as_the_rate_claim(law, formula):
    """Each was refuted by the rate claim (gamma.pdf_rate, exponential.pdf) before; words
    that call the letter a rate do not make a refutation that rests on the convention sure."""
    text = f"# Laws\n\n## {law}\n\n${formula}$\n"
    f = _finding(text, formula[:4])
    assert f.verdict != "wrong" and "parametrisation" in f.reason, (f.claim, f.reason)


def test_a_survival_function_in_the_scale_form_holds():
    text = "# Laws\n\n## Exponential law\n\nSurvival function: $Q(y) = e^{-y/\\lambda}$\n"
    f = _finding(text, "Q(y)")
    assert f.verdict == "ok" and "parametrisation" in f.reason, (f.verdict, f.reason)


@pytest.mark.parametrize("formula", ["q(y) = \\lambda e^{y/\\lambda}", "q(y) = e^{-\\lambda y}",
                                     "q(y) = \\frac{1}{\\lambda} e^{-\\lambda y}"])
def test_a_typo_in_either_form_is_not_rescued(formula):
    """The inverse reading of a typo fails too: still no ok."""
    text = f"# Laws\n\n## Exponential law, rate $\\lambda$\n\nDensity: ${formula}$\n"
    assert _finding(text, formula[:4]).verdict != "ok"


def test_inverse_readings_leave_the_variable_and_e_alone():
    readings = dict(inverse_readings("p(y \\mid \\mu) = \\mu e^{-\\mu y}"))
    assert set(readings) == {"\\mu"}
    assert readings["\\mu"].count("\\frac{1}{\\mu}") == 2


@pytest.mark.parametrize("said, formula", [
    ("CDF", "G(s) = 1 - e^{-(\\eta s)^{q}}"),
    ("Survival function", "Q(s) = \\exp(-(s \\eta)^{q})"),
])
def test_a_weibull_law_with_a_rate_holds(said, formula):
    """(eta s)^q: a rate where weibull.* has a scale; the words calling eta a rate do not rule
    the scale claim out for that reading. Found no claim before."""
    text = f"# Lifetimes\n\n## Weibull law with rate $\\eta$ and shape $q$\n\n{said}: ${formula}$\n"
    f = _finding(text, formula[:4])
    assert f.verdict == "ok" and f.claim.startswith("weibull."), (f.verdict, f.claim, f.reason)
    assert "parametrisation" in f.reason


def test_a_weibull_rate_form_without_its_one_minus_is_not_credited():
    text = "# Lifetimes\n\n## Weibull law with rate $\\eta$ and shape $q$\n\n" \
           "CDF: $G(s) = e^{-(\\eta s)^{q}}$\n"
    assert _finding(text, "G(s)").verdict != "ok"


def test_an_inverted_reading_against_the_words_credits_nothing():
    """'rate eta' said, and e^{-s/eta} holds only with eta a scale: not ok (nor wrong)."""
    text = "# Laws\n\n## Exponential law with rate $\\lambda$\n\nSurvival function: " \
           "$Q(s) = e^{-s/\\lambda}$\n"
    assert _finding(text, "Q(s)").verdict == "unchecked"


def test_no_inverse_reading_without_the_variable_on_the_right():
    """h(t) = eta (a hazard) is no 1/eta mean of a law read inverted."""
    assert inverse_readings("h(t) = \\eta") == []
    assert inverse_readings("G(s) = 1 - e^{-\\eta s}")
