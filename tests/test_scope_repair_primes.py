"""A repair that trades a letter for its own primed self (v' where v belongs) decides nothing:
sheets write v' for a second point or a transpose as often as they slip
(verify/audit/scope_repair.py, primed_pair). Other one-name repairs stay sure.
"""
from __future__ import annotations

from audit_helpers import audit_text
from test_audit_scope_repair import SEEDS

GRADIENT = ("# Quadratic forms\n\nThe gradient of a quadratic form:\n\n"
            "$$\\frac{{\\partial}}{{\\partial \\mathbf{{x}}}} \\left({form}\\right) = "
            "\\left(\\mathbf{{A}} + \\mathbf{{A}}^{{\\top}}\\right) \\mathbf{{x}}$$\n")

SUM_DENSITY = ("# Adding independent variables\n\nWith $U, V$ independent, $S = U + V$ has "
               "the convolution density\n\n"
               "$$f_S(s) = \\int_{{-\\infty}}^{{\\infty}} f_U(w) \\, f_V(s - w) \\, d{d}$$\n")


def _last(text: str):
    return audit_text(text, without=SEEDS)[-1]


def test_a_primed_copy_of_the_variable_is_not_called_wrong():
    """x'^T A x' (or x'^T A x) under d/dx: x' may be the sheet's name for a point of its
    own; the repair x for x' would make it the claim's, but says nothing sure."""
    for right in ("\\mathbf{x}'", "\\mathbf{x}"):
        f = _last(GRADIENT.format(form=f"\\mathbf{{x}}'^{{\\top}} \\mathbf{{A}} {right}"))
        assert f.verdict == "unchecked", (right, f.verdict, f.reason)
        assert "prime" in f.reason and "x′" in f.reason, f.reason
        assert "_prime" not in f.reason and "ₚ" not in f.reason, f.reason


def test_another_letter_in_the_variable_place_is_still_wrong():
    """b^T A x under d/dx: no prime, one letter for another, a sure slip."""
    f = _last(GRADIENT.format(form="\\mathbf{b}^{\\top} \\mathbf{A} \\mathbf{x}"))
    assert (f.verdict, f.claim) == ("wrong", "deriv.quadratic.form"), f.reason


def test_integrating_over_the_wrong_differential_is_still_wrong():
    f = _last(SUM_DENSITY.format(d="t"))
    assert (f.verdict, f.claim) == ("wrong", "density.sum_convolution"), f.reason
    assert f.reason.startswith("t where w belongs"), f.reason


def test_which_names_are_one_letter_primed():
    from cheatsheet.verify.audit.scope_repair import primed_pair

    assert primed_pair("x_prime", "x") and primed_pair("x", "x_prime_prime")
    assert primed_pair("theta_hat_prime", "theta_hat")
    assert not primed_pair("x_hat", "x")  # an estimate for the truth: a slip
    assert not primed_pair("theta_star", "theta")  # an optimum
    assert not primed_pair("x_prime", "y") and not primed_pair("x_t_prime", "x")
    assert not primed_pair("x", "x")
