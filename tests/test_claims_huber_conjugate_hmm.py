"""Huber / smooth L1 losses, conjugate posterior moments and HMM recursions: the checks' values
on cases known by hand, right forms and slips decided, and the audit of sheets in letters of our
own (H_c(r) for the Huber loss, F, G, V, P_{uv}, h_v(y) for an HMM), right forms ok and planted
slips wrong.  Also the matcher's reading of a piecewise block: its conditions are no relations
of the formula and the letters of `cases` are no names."""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import audit_text
from mutants import decide_mutant


def _finding(text: str, latex: str):
    (f,) = [f for f in audit_text(text) if f.latex == latex]
    return f


# -- what the checks compute, on cases known by hand ---------------------------------------

def test_the_huber_loss_is_the_moreau_envelope_of_the_absolute_value():
    from cheatsheet.verify.checks.robust_losses import huber

    a = np.array([0.5, -0.5, 3.0, -3.0])
    assert np.allclose(huber(a, np.ones(4)), [0.125, 0.125, 2.5, 2.5])  # a^2/2; |a| - 1/2


def test_hmm_tables_by_paths_agree_with_a_two_step_hand_computation():
    from cheatsheet.verify.checks.hidden_markov import path_tables

    pi = np.array([0.6, 0.4])
    A = np.array([[0.7, 0.3], [0.2, 0.8]])
    B = np.array([[0.9, 0.1], [0.3, 0.7]])
    obs = np.array([0, 1])
    alpha, beta, delta, gamma = path_tables(pi, A, B, obs)
    a1 = pi * B[:, 0]
    assert np.allclose(alpha[0], a1)
    assert np.allclose(alpha[1], (a1 @ A) * B[:, 1])
    assert np.allclose(beta[0], A @ B[:, 1]) and np.allclose(beta[1], 1.0)
    assert np.allclose(delta[1], (a1[:, None] * A).max(axis=0) * B[:, 1])
    assert np.allclose(gamma[0], a1 * beta[0] / (a1 @ beta[0]))


@pytest.mark.parametrize("claim_id,latex,holds", [
    ("huber.derivative", r"\frac{d}{da} L_\delta(a) = \begin{cases} a & |a| \le \delta \\ "
     r"\delta \operatorname{sign}(a) & \text{otherwise} \end{cases}", True),
    # the boundary case belongs to either piece: both are continuous there
    ("huber.loss", r"L_\delta(a) = \begin{cases} \frac{1}{2} a^2 & |a| < \delta \\ \delta "
     r"\left(|a| - \frac{1}{2} \delta\right) & |a| \ge \delta \end{cases}", True),
    ("huber.loss", r"L_\delta(a) = \begin{cases} \frac{1}{2} a^2 & |a| \le \delta \\ \delta "
     r"|a| & \text{otherwise} \end{cases}", False),
    ("conjugate.beta_binomial_mean", r"\mathbb{E}[\theta \mid \mathcal{D}] = "
     r"\frac{\alpha + k}{\alpha + \beta + n}", True),
    ("conjugate.beta_binomial_mean", r"\mathbb{E}[\theta \mid \mathcal{D}] = "
     r"\frac{k}{n}", False),
    ("conjugate.gamma_poisson_mean", r"\mathbb{E}[\lambda \mid \mathcal{D}] = "
     r"\frac{\alpha + \sum_{i=1}^n x_i}{\beta + n}", True),
    ("conjugate.gamma_poisson_mean", r"\mathbb{E}[\lambda \mid \mathcal{D}] = "
     r"\frac{\sum_{i=1}^n x_i}{n}", False),
    ("hmm.forward_recursion", r"\alpha_{t+1}(j) = b_j(o_{t+1}) \sum_{i=1}^{N} \alpha_t(i) a_{ij}",
     True),
    ("hmm.backward_recursion", r"\beta_t(i) = \sum_{j=1}^{N} a_{ij} b_i(o_{t+1}) "
     r"\beta_{t+1}(j)", False),
    ("hmm.viterbi_recursion", r"\delta_{t+1}(j) = \max_{i} \delta_t(i) a_{ij} b_j(o_{t+1})", True),
])
def test_the_checks_decide_right_forms_and_slips(claim_id, latex, holds):
    ev = decide_mutant(claim_id, latex)
    assert (ev.verdict in ("passed", "proved")) == holds, (ev.verdict, ev.detail)


# -- the matcher's reading of a piecewise block -----------------------------------------------

def test_the_conditions_of_a_cases_block_are_not_relations_of_the_formula():
    from cheatsheet.match import split_relation
    from cheatsheet.match.tokens import tokenize

    toks = tokenize(r"g(u) = \begin{cases} u & u \ge 0 \\ 0 & u < 0 \end{cases}")
    lhs, rel, rest = split_relation(toks)
    assert rel[0].norm == "=" and split_relation(rest) is None
    names = {t.ident for t in toks if t.ident}
    assert names == {"g", "u"}  # no c, a, s, e from the environment's name


# -- the audit, in letters of our own -------------------------------------------------------

HUBER = ("# Robust regression\n\nResidual $r$, threshold $c > 0$.\n\n## Huber loss\n\n"
         "- ${loss}$\n")
RIGHT = (r"H_c(r) = \begin{cases} \frac{1}{2} r^2 & |r| \le c \\ c\left(|r| - \frac{1}{2} "
         r"c\right) & \text{otherwise} \end{cases}")
SLIP = r"H_c(r) = \begin{cases} \frac{1}{2} r^2 & |r| \le c \\ c\left(|r| - c\right) & \text{otherwise} \end{cases}"


@pytest.mark.parametrize("latex,verdict", [(RIGHT, "ok"), (SLIP, "wrong")])
def test_a_huber_loss_in_other_letters_is_decided(latex, verdict):
    f = _finding(HUBER.replace("{loss}", latex), latex)
    assert (f.verdict, f.claim) == (verdict, "huber.loss"), f.reason


HMM = ("# HMM revision\n\nHidden states $1..K$, transition matrix entries $P_{uv}$, emission "
       "probabilities $h_v(y)$, observations $y_1, \\dots, y_n$.\n\n## Forward-backward\n\n"
       "- forward: ${fwd}$\n- backward: ${bwd}$\n")
FWD = r"F_{s+1}(v) = \left[\sum_{u=1}^{K} F_s(u) P_{uv}\right] h_v(y_{s+1})"
FWD_SLIP = r"F_{s+1}(v) = \left[\sum_{u=1}^{K} F_s(u) P_{vu}\right] h_v(y_{s+1})"
BWD = r"G_s(u) = \sum_{v=1}^{K} P_{uv} h_v(y_{s+1}) G_{s+1}(v)"
BWD_SLIP = r"G_s(u) = \sum_{v=1}^{K} P_{uv} h_v(y_s) G_{s+1}(v)"


@pytest.mark.parametrize("fwd,bwd,verdicts", [
    (FWD, BWD, ("ok", "ok")),
    (FWD_SLIP, BWD_SLIP, ("wrong", "wrong")),
])
def test_hmm_recursions_in_other_letters_are_decided(fwd, bwd, verdicts):
    text = HMM.replace("{fwd}", fwd).replace("{bwd}", bwd)
    assert (_finding(text, fwd).verdict, _finding(text, bwd).verdict) == verdicts
