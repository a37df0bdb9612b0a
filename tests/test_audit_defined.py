"""A name the sheet defines just before a formula (kappa = L/mu, v = sigma^2) is put in before
a claim's refutation is believed (verify/audit/defined.py)."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

RIGHT = [
    # (red team 7, FA7-E: each was 'wrong' with the abbreviation read as a claim letter)
    ("# Gradient descent rates\n\nLet $f$ be $L$-smooth and $\\mu$-strongly convex, with "
     "condition number $\\kappa = L/\\mu$.\n\n- Linear rate with step $1/L$: "
     "$f(x_k) - f^\\star \\le \\left(1 - \\dfrac{1}{\\kappa}\\right)^{k} (f(x_0) - f^\\star)$\n",
     "pl.gd_linear_rate"),
    ("# Normal law\n\n- Normal MGF, with $v = \\sigma^2$: "
     "$M_X(t) = \\exp\\left(\\mu t + \\frac{v t^2}{2}\\right)$\n", "mgf.normal"),
    ("# Strong convexity\n\n- Strong convexity with $c = \\mu/2$: "
     "$f(y) \\ge f(x) + \\nabla f(x)^\\top (y - x) + c\\|y - x\\|^2$\n",
     "strong_convexity.first_order"),
]


@pytest.mark.parametrize("text, claim", RIGHT)
def test_a_defined_abbreviation_is_put_in_and_the_formula_holds(text, claim):
    last = audit_text(text)[-1]
    assert (last.verdict, last.claim) == ("ok", claim)
    assert "put in, as the sheet defines it" in last.reason


def test_a_typo_written_with_the_abbreviation_is_still_caught():
    text = ("# Normal law\n\n- Normal MGF, with $v = \\sigma^2$: "
            "$M_X(t) = \\exp\\left(\\mu t + v t^2\\right)$\n")
    last = audit_text(text)[-1]
    assert (last.verdict, last.claim) == ("wrong", "mgf.normal")
    assert "sigma^2" in last.expected


def test_a_function_of_a_greek_variable_defined_an_item_before_is_put_in():
    """I_n(theta) = n I(theta), then Var(theta_hat) >= 1/I_n(theta): the Cramer-Rao bound
    with the sample's information (red team 8); the definition's variable is Greek."""
    text = ("# Cramer-Rao bound\n\n- Information of the sample of $n$ draws: "
            "$I_n(\\theta) = n I(\\theta)$\n- Bound for an unbiased $\\hat{\\theta}$: "
            "$\\operatorname{Var}(\\hat{\\theta}) \\ge \\frac{1}{I_n(\\theta)}$\n")
    last = audit_text(text)[-1]
    assert (last.verdict, last.claim) == ("ok", "estimator.cramer_rao")
    typo = text.replace("\\frac{1}{I_n(\\theta)}", "\\frac{n}{I_n(\\theta)}")
    assert audit_text(typo)[-1].verdict != "ok"


def test_a_value_given_in_a_sections_opening_paragraph_reaches_its_subsections():
    """'where stated, f is also mu-strongly convex and kappa = L/mu' opening the chapter, and
    the rate (1 - 1/kappa)^k two headings below (red team 7): kappa is L/mu there too."""
    text = ("# Rates\n\nLet $f$ be $L$-smooth; where stated, $f$ is also $\\mu$-strongly "
            "convex and $\\kappa = L/\\mu$.\n\n## Gradient descent with step $1/L$\n\n"
            "- Strongly convex: $f(x_k) - f^\\star \\le \\left(1 - \\dfrac{1}{\\kappa}"
            "\\right)^{k} (f(x_0) - f^\\star)$\n")
    last = audit_text(text)[-1]
    assert (last.verdict, last.claim) == ("ok", "pl.gd_linear_rate")
