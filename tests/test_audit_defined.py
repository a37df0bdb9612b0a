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


# ---------------------------------------------------------------- red team 9 (FA7-FA10)

def test_a_matrix_defined_as_an_inverse_is_put_in_after_another_command():
    """Lambda = Sigma^{-1} on the line before, then the density with |Lambda|^{1/2} and
    (x - mu)^\\top Lambda (x - mu): the Lambda right after \\top is Lambda too (red team 9,
    FA7; it was left in and the density read with Lambda as the claim's Sigma)."""
    text = ("## Densities\n\nMultivariate normal written with the precision matrix "
            "$\\Lambda = \\Sigma^{-1}$:\n\n$$p(x) = \\frac{|\\Lambda|^{1/2}}{(2\\pi)^{d/2}}"
            "\\exp\\left(-\\frac{1}{2}(x - \\mu)^\\top\\Lambda(x - \\mu)\\right)$$\n")
    last = audit_text(text)[-1]
    assert (last.verdict, last.claim) == ("ok", "gauss.density")
    typo = text.replace("{(2\\pi)^{d/2}}", "{(2\\pi)^{d}}")
    last = audit_text(typo)[-1]
    assert (last.verdict, last.claim) == ("wrong", "gauss.density")


NORMAL_VARIANCE_V = ("## Variance instead of standard deviation\n\nNormal with variance $v$: its "
                     "density is $f(x) = \\frac{1}{\\sqrt{2\\pi v}}\\exp\\left(-\\frac{(x - "
                     "\\mu)^2}{2v}\\right)$.\n")


@pytest.mark.parametrize("text, claim", [
    (NORMAL_VARIANCE_V, "normal.pdf"),
    ("## Entropy\n\nNormal with variance $v$: its differential entropy is "
     "$\\frac{1}{2}\\ln(2\\pi e v)$ nats.\n", "entropy.differential_normal"),
])
def test_a_parameter_named_in_words_on_the_line_is_put_in(text, claim):
    """"Normal with variance $v$": v is sigma^2, not the claim's sigma (red team 9, FA9)."""
    last = audit_text(text)[-1]
    assert (last.verdict, last.claim) == ("ok", claim)
    assert "as the sheet's words define it" in last.reason


def test_a_typo_written_with_a_parameter_named_in_words_is_still_caught():
    typo = NORMAL_VARIANCE_V.replace("\\sqrt{2\\pi v}", "\\sqrt{2\\pi} v")
    last = audit_text(typo)[-1]
    assert (last.verdict, last.claim) == ("wrong", "normal.pdf")
    last = audit_text("## Entropy\n\nNormal with variance $v$: its differential entropy is "
                      "$\\frac{1}{2}\\ln(2\\pi v)$ nats.\n")[-1]
    assert (last.verdict, last.claim) == ("wrong", "entropy.differential_normal")
    assert "v = \\sigma^2 put in" in last.reason


def test_the_whole_samples_information_named_in_words_is_put_in():
    """"With $I_n(\\theta)$ the information of the whole sample": I_n = n I (red team 9,
    FA8); a bound with n on top is no longer right."""
    text = ("## Estimation\n\nWith $I_n(\\theta)$ the information of the *whole sample*, an "
            "unbiased estimator satisfies\n$\\operatorname{Var}(\\hat{\\theta}) \\geq "
            "\\frac{1}{I_n(\\theta)}$.\n")
    last = audit_text(text)[-1]
    assert (last.verdict, last.claim) == ("ok", "estimator.cramer_rao")
    typo = text.replace("\\frac{1}{I_n(\\theta)}", "\\frac{n}{I_n(\\theta)}")
    assert audit_text(typo)[-1].verdict != "ok"


KAPPA_IN_WORDS = ("## Rates\n\nFor gradient descent with step $1/L$ on a function that is "
                  "$\\mu$-strongly convex with\n$L$-Lipschitz gradient, writing $\\kappa$ for the "
                  "ratio of $L$ to $\\mu$:\n$f(x_k) - f^\\star \\leq \\left(1 - \\frac{1}{\\kappa}"
                  "\\right)^k (f(x_0) - f^\\star)$.\n")


def test_a_condition_number_defined_in_words_is_put_in():
    """"writing $\\kappa$ for the ratio of $L$ to $\\mu$" with mu and L bound to their roles:
    kappa = L/mu (red team 9, FA10; kappa was read as the claim's L)."""
    last = audit_text(KAPPA_IN_WORDS)[-1]
    assert (last.verdict, last.claim) == ("ok", "pl.gd_linear_rate")


def test_a_typo_with_a_condition_number_named_in_words_is_still_caught():
    typo = KAPPA_IN_WORDS.replace("\\left(1 - \\frac{1}{\\kappa}\\right)^k",
                                  "\\left(1 - \\frac{2}{\\kappa}\\right)^k")
    assert audit_text(typo)[-1].verdict == "wrong"
    sure = typo.replace("writing $\\kappa$ for the ratio of $L$ to $\\mu$",
                        "with condition number $\\kappa$")
    last = audit_text(sure)[-1]
    assert (last.verdict, last.claim) == ("wrong", "pl.gd_linear_rate")
    assert "kappa = L/\\mu put in" in last.reason
    # (and the right rate with the condition number named in words holds)
    right = KAPPA_IN_WORDS.replace("writing $\\kappa$ for the ratio of $L$ to $\\mu$",
                                   "with condition number $\\kappa$")
    assert audit_text(right)[-1].verdict == "ok"


def test_parameters_are_paired_with_the_words_just_before_their_names():
    from cheatsheet.sheets.word_definitions import parameters_named

    got = parameters_named("Normal with mean and variance", "m s", 3)
    assert [(d.name, d.body) for d in got] == [("s", "\\sigma^2"), ("m", "\\mu")]
    assert [(d.name, d.body) for d in parameters_named("a law with standard deviation", "s",
                                                       1)] == [("s", "\\sigma")]
    # a sample's mean is no law's mean; "the variance of X" names X's law, not a variance;
    # a formula before that is no single name pairs with nothing
    assert parameters_named("the sample mean", "m", 1) == []
    assert parameters_named("the variance of", "X", 1) == []
    assert parameters_named("with variance", "2v", 1) == []


def test_a_command_name_is_put_in_after_another_command():
    from cheatsheet.sheets.definitions import Definition, put_in

    d = Definition("\\Lambda", None, "\\Sigma^{-1}", 1)
    assert put_in("x^\\top\\Lambda x", [d]) == "x^\\top\\left(\\Sigma^{-1}\\right) x"
    assert put_in("\\Lambdax", [d]) is None


def test_a_ratio_named_in_words_on_the_line_is_read_with_its_letters():
    from cheatsheet.sheets.word_definitions import ratio_named

    d = ratio_named("-Lipschitz gradient, writing for the ratio of to", "L \\kappa L \\mu", 4)
    assert (d.name, d.body) == ("\\kappa", "L/\\mu")
    assert ratio_named("writing for the ratio of to", "\\kappa \\mu L", 4).body == "\\mu/L"
    assert ratio_named("the ratio of and", "\\kappa L \\mu", 4) is None


def test_a_variable_defined_as_a_transform_names_it_in_a_densitys_subscript():
    """"The density of $Y = aX$ is $p_Y(y) = \\frac{1}{a} p_X(y/a)$" (red team 9, FA14): p_Y is
    the density of aX. Read letter by letter, the sheet's X took the claim's Y and the formula
    failed; with Y = aX put in the subscript it is the scaled-density rule as the claim
    writes it."""
    text = ("# Densities\n\nThe density of $Y = aX$ for $a > 0$ is "
            "$p_Y(y) = \\frac{1}{a}p_X(y / a)$.\n")
    last = audit_text(text)[-1]
    assert (last.verdict, last.claim) == ("ok", "density.scaled")
    assert "Y = aX put in" in last.reason
    typo = text.replace("\\frac{1}{a}p_X", "a\\, p_X")
    assert audit_text(typo)[-1].verdict != "ok"


def test_put_in_writes_a_subscript_as_a_group():
    from cheatsheet.sheets.definitions import Definition, put_in
    d = Definition("Y", None, "aX + b", 1)
    assert put_in("f_Y(y) + F_{Y}(y) = Y", [d]) == \
        "f_{aX + b}(y) + F_{aX + b}(y) = \\left(aX + b\\right)"


def test_a_row_restating_a_function_for_its_own_law_is_not_read_through_the_row_above():
    """A table of exponential families: Bernoulli's a(eta) = log(1 + e^eta), then the
    Gaussian's a(eta) = eta^2/2 (red team 10). The second row gives a its own value; with the
    first row's put in it read log(1 + e^eta) = eta^2/2 and was called wrong."""
    text = ("## Generalised linear models\n\n"
            "- Bernoulli: $a(\\eta) = \\log(1 + \\exp(\\eta))$, $b(y) = 1$\n"
            "- Gaussian with unit variance: $\\eta = \\mu$, $a(\\eta) = \\dfrac{\\eta^2}{2}$\n")
    assert all(f.verdict != "wrong" for f in audit_text(text))
