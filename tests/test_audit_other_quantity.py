"""A formula about another quantity or another case than the claim's is no typo of it:
a distribution function read as a density (verify/audit/confidence.functional_renamed), an
update whose line names both the claim's case and its opposite (qualifiers.opposite_case)."""
from __future__ import annotations

from audit_helpers import audit_text

MONOTONE = ("# Change of variables\n\nLet $Y = g(X)$ with $g$ differentiable and strictly "
            "monotone, $X$ with density $p_X$.\n\n{}\n")


def test_a_distribution_function_is_not_read_as_the_density():
    """F_Y(y) = F_X(g^{-1}(y)) for increasing g was refuted as the density's change of
    variables, F read as p (red team 9, FA12)."""
    for line in ("For strictly increasing $g$: $F_Y(y) = F_X(g^{-1}(y))$.",
                 "For strictly decreasing $g$: $F_Y(y) = 1 - F_X(g^{-1}(y))$."):
        assert audit_text(MONOTONE.replace("{}", line))[-1].verdict != "wrong"


def test_the_density_without_its_jacobian_is_still_wrong():
    last = audit_text(MONOTONE.replace("{}", "The density of $Y$: $p_Y(y) = p_X(g^{-1}(y))$."))[-1]
    assert (last.verdict, last.claim) == ("wrong", "flow.change-of-variables")


ASCENT = "## Updates\n\n{}\n"


def test_a_line_naming_ascent_and_descent_leaves_the_sign_open():
    """'Gradient ascent on l is gradient descent on -l' beside theta + eta grad l (red team 9,
    FA13): the plus is right for the ascent the words name."""
    line = ("Gradient ascent on $\\ell$ with step $\\eta$ is gradient descent on $-\\ell$: "
            "$\\theta \\leftarrow \\theta + \\eta\\nabla_\\theta \\ell(\\theta)$.")
    assert audit_text(ASCENT.replace("{}", line))[-1].verdict != "wrong"


def test_a_descent_step_with_the_wrong_sign_is_still_wrong():
    line = ("Gradient descent on $\\ell$ with step $\\eta$: "
            "$\\theta \\leftarrow \\theta + \\eta\\nabla_\\theta \\ell(\\theta)$.")
    last = audit_text(ASCENT.replace("{}", line))[-1]
    assert (last.verdict, last.claim) == ("wrong", "gd.update")


def test_a_right_formula_on_a_line_naming_both_cases_still_holds():
    """Naming both cases leaves a refutation in doubt, not a formula that holds as the claim
    (seed sheet 004's Jensen line names convex and concave)."""
    line = ("For convex $f$ (for concave $f$ the inequality is reversed) and weights "
            "$\\lambda_i \\geq 0$ summing to one: "
            "$f\\left(\\sum_{i=1}^n \\lambda_i x_i\\right) \\leq \\sum_{i=1}^n \\lambda_i f(x_i)$")
    last = audit_text("## Jensen\n\n" + line + "\n")[-1]
    assert (last.verdict, last.claim) == ("ok", "jensen.finite")


def test_an_objective_called_F_is_no_distribution_function():
    """F(x_k) - F^* in a rate is an objective: the inverted ratio is still caught."""
    line = ("Let $F$ be $L$-smooth and $\\mu$-strongly convex. Gradient descent with step "
            "$1/L$: $F(x_k) - F^\\star \\leq \\left(1 - \\frac{L}{\\mu}\\right)^k "
            "(F(x_0) - F^\\star)$")
    last = audit_text("## Rates\n\n" + line + "\n")[-1]
    assert last.verdict == "wrong" and "distribution" not in last.reason
