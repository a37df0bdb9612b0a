"""Letters bound to roles by words ("beta-smooth", "m I <= Hessian <= M I") keep those roles
when a sheet's formula is read as a claim (verify/audit/roles.py)."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text, catalog
from cheatsheet.verify.audit.roles import bindings, claim_bindings, respecting


@pytest.mark.parametrize("words, expected", [
    (r"$\beta$-smooth and $\alpha$-strongly convex (Bubeck), step $1/\beta$",
     {"beta": "smooth", "alpha": "strongly convex"}),
    (r"Let $f$ satisfy $mI \preceq \nabla^2 f(z) \preceq MI$", {"m": "strongly convex", "M": "smooth"}),
    (r"$L$-smooth and $\mu$-PL, step $1/L$", {"L": "smooth", "mu": "strongly convex"}),
    (r"Polyak-Lojasiewicz with constant $\lambda$", {"lambda": "strongly convex"}),
    (r"its gradient is $L$-Lipschitz", {"L": "smooth"}),
    ("a non-smooth convex function", {}),                 # no letter before the hyphen
    (r"$L$-smooth, and also $L$-strongly convex", {}),     # one letter, two roles: no guide
])
def test_words_bind_letters_to_roles(words, expected):
    assert bindings(words) == expected


def test_a_claim_binds_its_letters_by_its_words_or_the_usual_ones():
    assert claim_bindings(catalog()["gd.rate_strongly_convex"]) == {
        "mu": "strongly convex", "L": "smooth"}
    # "a smooth loss L" names no smoothness constant
    assert claim_bindings(catalog()["dense.weight_gradient"]) == {}


def test_a_correspondence_is_put_right_or_refused():
    claim = {"mu": "strongly convex", "L": "smooth"}
    sheet = {"beta": "smooth", "alpha": "strongly convex"}
    assert respecting({"beta": "mu", "alpha": "L", "k": "k"}, sheet, claim) == {
        "beta": "L", "alpha": "mu", "k": "k"}
    # the step's letter gives way to the strong convexity constant, the other keeps a letter
    assert respecting({"alpha": "eta", "beta": "mu"}, sheet, claim) == {"alpha": "mu", "beta": "L"}
    same = {"beta": "L", "alpha": "mu"}
    assert respecting(same, sheet, claim) is same
    # two letters give way and two are freed: which takes which is not known
    assert respecting({"beta": "eta", "alpha": "t", "g": "L", "h": "mu"}, sheet, claim) is None


def _verdicts(text):
    return [(f.verdict, f.claim) for f in audit_text(text)]


RATES = """# Gradient descent rates

## {head}

- $f(x_k) - f^* \\le \\left(1 - \\frac{{{a}}}{{{b}}}\\right)^k (f(x_0) - f^*)$
"""


@pytest.mark.parametrize("head, lo, hi, caught", [
    (r"$\beta$-smooth and $\alpha$-strongly convex, step $1/\beta$", r"\alpha", r"\beta", True),
    # (a heading relating m and M to f is also taken as its own convention: not sure)
    (r"$mI \preceq \nabla^2 f \preceq MI$, step $1/M$", "m", "M", False),
    (r"$\lambda$-strongly convex, $\Lambda$-smooth, step $1/\Lambda$", r"\lambda", r"\Lambda", True),
])
def test_a_rate_in_other_letters_is_read_with_the_roles_the_words_give(head, lo, hi, caught):
    right = _verdicts(RATES.format(head=head, a=lo, b=hi))
    assert ("wrong", "pl.gd_linear_rate") not in right and all(v != "wrong" for v, _ in right)
    inverted = _verdicts(RATES.format(head=head, a=hi, b=lo))
    # the inverted ratio is never credited: read with the roles, it is refuted
    assert all(v != "ok" for v, _ in inverted)
    assert (("wrong", "pl.gd_linear_rate") in inverted) == caught


def test_distance_rate_with_a_fixed_step_is_no_typo():
    text = ("# GD: $\\beta$-smooth and $\\alpha$-strongly convex, step $1/\\beta$\n\n"
            "- $\\|x_k - x^*\\|^2 \\le \\left(1 - \\frac{\\alpha}{\\beta}\\right)^k "
            "\\|x_0 - x^*\\|^2$\n")
    assert all(v != "wrong" for v, _ in _verdicts(text))


def test_roles_bound_in_a_paragraph_reach_the_list_below():
    """'Let $f$ be $\\ell$-smooth and $\\lambda$-strongly convex.' binds the letters for the
    section (the words reach the decider without their math, so the bindings are read
    from each formula and the words right after it; red team 8)."""
    head = ("# Rates\n\nLet $f$ be $\\ell$-smooth and $\\lambda$-strongly convex.\n\n"
            "- Gradient descent with step $1/\\ell$: $f(x_k) - f^* \\le \\left(1 - "
            "\\frac{{{a}}}{{{b}}}\\right)^k (f(x_0) - f^*)$\n")
    inverted = audit_text(head.format(a="\\ell", b="\\lambda"))[-1]
    assert (inverted.verdict, inverted.claim) == ("wrong", "pl.gd_linear_rate")
    assert audit_text(head.format(a="\\lambda", b="\\ell"))[-1].verdict == "ok"


def test_a_letter_bound_to_one_role_is_never_read_as_a_claim_letter_of_another():
    """PL written with the smoothness constant L: pl.strongly_convex binds only mu, and the
    matcher read L as mu; the formula 'held' (red team 8 false ok)."""
    text = ("# Rates\n\nLet $f$ be $L$-smooth and $\\mu$-strongly convex.\n\n"
            "- PL inequality: $\\frac{1}{2}\\|\\nabla f(x)\\|^2 \\ge L (f(x) - f^*)$\n")
    assert audit_text(text)[-1].verdict != "ok"
    assert respecting({"L": "mu"}, {"L": "smooth"}, {"mu": "strongly convex"}) is None
