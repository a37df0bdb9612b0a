"""A scope refutation whose stray name resembles one unused claim name (completion.py).

The sheet writes the sample mean X-bar where the claim writes X-bar_n: placed on the claim's
name, the formula is decided by the claim's own check. Wrong then, it is the claim's typo;
right then, it holds as the claim (and is no other claim's typo).
"""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.verify.audit.completion import resembles

_TYPO = (r"Hoeffding's inequality: $\Pr(|\bar{X} - \mu| \ge \delta) \le "
         r"2\exp(-2 n \delta^2/(b - a))$")
_RIGHT = _TYPO.replace("(b - a))$", "(b - a)^2)$")


def _finding(text: str):
    (f,) = [f for f in audit_text(text) if f.claim or "resembles" in f.reason]
    return f


def test_stray_sample_mean_placed_on_the_claims_and_the_typo_caught():
    f = _finding(_TYPO)
    assert f.verdict == "wrong" and f.claim == "bound.hoeffding"
    assert "(b - a)^2" in f.expected and r"\delta" in f.expected  # the sheet's letters


def test_right_formula_with_the_same_stray_name_holds():
    f = _finding(_RIGHT)
    assert f.verdict == "ok" and f.claim == "bound.hoeffding"


def test_holding_once_completed_is_no_typo_of_a_neighbouring_claim():
    # Var(W) where the claims write Var(W_ij): placed on W_ij, Glorot's variance holds; it
    # is not He's 2/n_in with a term added, though the words name He too
    (f,) = audit_text(r"He initialisation, Glorot variant: "
                      r"$\operatorname{Var}(W) = 2/(n_{in} + n_{out})$")
    assert f.verdict == "ok" and f.claim == "init.xavier"


def test_only_case_or_subscript_may_differ():
    assert resembles("X_bar", "X_bar_n")
    assert resembles("n", "N")
    assert not resembles("x_hat", "x")  # an estimate is not the quantity
    assert not resembles("sigma", "Sigma")  # a scalar and a matrix
    assert not resembles("f_star", "y_star")  # another letter: another quantity
    assert not resembles("N", "N")


def test_completion_leaving_a_claim_quantity_out_is_none():
    # N resembles only a claim's size n: read so, the claim's other matrix goes unused, and
    # the product's inverse "holds" as a scalar's; no reading, and the typo stays wrong
    (f,) = audit_text(r"$(AN)^{-1} = A^{-1}N^{-1}$")
    assert f.verdict == "wrong"
