"""Mutants that passed because the check's random instances stayed far from the bound's worst
case (issue 13, part 2): gradient-descent rates on functions of every curvature scale (a bound
that drops 1/eta or L is not scale-free), with starts near x^*, far from it and near -x^*
(verify/checks/convergence.py); an RNN whose recurrent matrix is a multiple of an orthogonal one
in its nearly linear regime, where the Jacobian product's norm is ||W||_2 to the number of its
factors, BPTT from a nonzero first state, a BiRNN's output at another step read off the same
run (verify/checks/bptt.py, rnn_cells.py).  Each is refuted under several seeds, the canonical forms
still hold."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.quiz.mutate import mutations
from cheatsheet.verify.check import check_version

MUTANTS = [
    # one factor too many for the power of ||W||_2
    ("rnn.jacobian_norm_bound", r"\|\prod_{r=t}^{s} W^\top \operatorname{diag}(v(r))\|_2 \leq \|W\|_2^{s-t}"),
    # the 1/(2 eta t) dropped: f(x_t) - f^* grows with the curvature, ||x_0 - x^*||^2 does not
    ("gd.rate_convex", r"f(x_t) - f(x^*) \leq {1} \|x_0 - x^*\|^2"),
    # x_0 + x^*: small when the run starts near -x^*
    ("gd.rate_convex", r"f(x_t) - f(x^*) \leq \frac{1}{2\eta t} \|x_0 + x^*\|^2"),
    # a cube of the distance: below the square when the run starts near x^*
    ("gd.rate_convex", r"f(x_t) - f(x^*) \leq \frac{1}{2\eta t} \|x_0 - x^*\|^{3}"),
    # the square dropped: above the square when the run starts far from x^*
    ("gd.rate_convex", r"f(x_t) - f(x^*) \leq \frac{1}{2\eta t} \|x_0 - x^*\|"),
    ("gd.rate_nonconvex", r"g_{\min} \leq {2(f(x_0) - f^*)}"),
    ("gd.stationary_steps", r"T_{\varepsilon} \leq \frac{2L(f(x_0) - f^*)}{\varepsilon^{3}}"),
    # the first step's copy left out: its gradient vanished only because the run began at 0
    ("rnn.weight_sharing", r"D_{ab} = \sum_{i=2}^{T} g_i"),
    # an output at another step of the same run (it had no value: 'error')
    ("rnn.bidirectional_output", r"\hat{y}_{t-1} = \psi(W z_f + \tilde{W} z_b)"),
]


def _decide(claim_id, latex, seed):
    claim = get_catalog()[claim_id]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                             seed=seed, key=("mutant",), symbolic_first=False, thorough=False)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("claim_id,latex", MUTANTS,
                         ids=[f"{c}#{k}" for k, (c, _) in enumerate(MUTANTS)])
def test_the_mutant_is_refuted_whatever_the_seed(claim_id, latex, seed):
    ev = _decide(claim_id, latex, seed)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_the_mutants_are_the_quiz_operators_own():
    cat = get_catalog()
    for claim_id, latex in MUTANTS:
        assert latex in {m.latex for m in mutations(cat[claim_id].latex)}, (claim_id, latex)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("claim_id", sorted({c for c, _ in MUTANTS} | {
    "rnn.vanishing_gradient", "rnn.exploding_gradient_necessary", "gd.rate_strongly_convex",
    "rnn.bidirectional_output"}))
def test_the_canonical_form_still_holds(claim_id, seed):
    ev = _decide(claim_id, get_catalog()[claim_id].latex, seed)
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)
