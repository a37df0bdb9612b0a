"""Conditional moments of or given a vector are read as conditional quantities
(latex/vector_conditionals.py), and the GP check gives them their predictive values."""
from __future__ import annotations

import pytest
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import LatexError, parse
from cheatsheet.latex.probability import CondExpect

from audit_helpers import claim_verdict


def _lhs(latex: str):
    return parse(latex).relations[0].lhs


def test_number_given_a_vector_is_a_conditional_expectation():
    e = _lhs(r"\mathbb{E}[g \mid \mathbf{d}] = 0")
    assert isinstance(e, CondExpect)
    (given,) = e.args[1].args
    assert isinstance(given, sp.MatrixSymbol) and given.name == "d"


def test_variance_given_a_matrix_is_second_moment_less_squared_mean():
    e = _lhs(r"\operatorname{Var}(g \mid \mathbf{W}) = 1")
    conds = [n for n in sp.preorder_traversal(e) if isinstance(n, CondExpect)]
    assert {str(c.args[0]) for c in conds} == {"g", "g**2"}


def test_vector_mean_and_covariance_given_a_vector_keep_their_shapes():
    m = _lhs(r"\mathbb{E}[\mathbf{u} \mid \mathbf{v}] = \mathbf{0}")
    assert isinstance(m, ops.MatApply) and m.op == "CondE" and m.shape[1] == 1
    c = _lhs(r"\mathrm{Var}(\mathbf{u} \mid \mathbf{v}) = \mathbf{0}")
    assert isinstance(c, ops.MatApply) and c.op == "CondVar" and c.shape[0] == c.shape[1]


def test_conditioning_on_an_expression_of_vectors_is_still_refused():
    with pytest.raises(LatexError):
        parse(r"\mathbb{E}[g \mid \mathbf{W}\mathbf{d}] = 0")


def test_gp_check_values_the_moments_given_the_targets():
    var = r"\mathrm{Var}(f_* \mid \mathbf{y}) = k(\mathbf{x}_*, \mathbf{x}_*) SIGN \mathbf{k}_*^\top (K + \sigma_n^2 I)^{-1} \mathbf{k}_*"
    assert claim_verdict("gp.predictive_variance", var.replace("SIGN", "-")) == "passed"
    assert claim_verdict("gp.predictive_variance", var.replace("SIGN", "+")) == "refuted"
    mean = r"\mathbb{E}[f_* \mid \mathbf{y}] = \mathbf{k}_*^\top (K + \sigma_n^2 I)^{-1} \mathbf{y}"
    assert claim_verdict("gp.predictive_mean", mean) == "passed"
    assert claim_verdict("gp.predictive_mean", mean.replace(r"\sigma_n^2 I", "I")) == "refuted"


def test_gp_check_leaves_a_moment_given_something_else_undecided():
    # given only the test input, f_* keeps its prior law: another quantity, never wrong
    var = r"\mathrm{Var}(f_* \mid \mathbf{x}_*) = k(\mathbf{x}_*, \mathbf{x}_*) - \mathbf{k}_*^\top (K + \sigma_n^2 I)^{-1} \mathbf{k}_*"
    assert claim_verdict("gp.predictive_variance", var) == "undecided"


# ------------------------------------------- lone names as the claim's mu_{z|x} (conditional_names)

FACTORS = ("# Latent factors\n\nFactor model $\\mathbf{x} = W\\mathbf{z} + \\boldsymbol\\mu + "
           "\\boldsymbol\\epsilon$, noise covariance $\\Sigma$ (diagonal).\n\n")


def _last(formula: str):
    from audit_helpers import audit_text

    return audit_text(FACTORS + f"Posterior of the factors: ${formula}$\n")[-1]


def test_mean_of_a_lone_vector_given_another_names_the_claims_posterior_mean():
    f = _last(r"\mathbb{E}[\mathbf{z} \mid \mathbf{x}] = W^\top (WW^\top + \Sigma)^{-1}"
              r"(\mathbf{x} - \boldsymbol\mu)")
    assert (f.verdict, f.claim) == ("ok", "fa.posterior-mean"), f.reason


def test_the_reverse_conditioning_names_nothing():
    """E[x | z] is another quantity than the claim's mu_{z|x}: never wrong by its right side."""
    f = _last(r"\mathbb{E}[\mathbf{x} \mid \mathbf{z}] = W^\top (WW^\top + \Sigma)^{-1}"
              r"(\mathbf{z} - \boldsymbol\mu)")
    assert f.verdict != "wrong", f.reason
    assert f.claim != "fa.posterior-mean", f.reason
