"""Reinforcement-learning claims (returns, Bellman equations, tabular TD updates): the values
the checks compute on hand cases, every canonical form holding and every wrong form refuted
under two seeds, and the audit reading an RL sheet in other letters (arrow updates included):
right forms ok, planted slips wrong."""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version

TOPIC = "reinforcement"


def _claims():
    return [c for c in get_catalog() if c.topic == TOPIC]


def _verdict(claim, latex, seed=0):
    ev = check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                       seed=seed, key=("rl-test",), symbolic_first=False, thorough=False)
    return ev.verdict


# -- what the checks compute, on cases known by hand -------------------------------------------

def test_a_one_state_mdp_is_worth_its_reward_over_one_minus_gamma():
    from cheatsheet.verify.checks.reinforcement import mdp_values

    P4 = np.zeros((1, 1, 2, 1, 2))
    P4[0, 0, 0, 0, 0] = 1.0          # action 1: reward r_1 = 1
    P4[0, 0, 1, 0, 1] = 1.0          # action 2: reward r_2 = 3
    rewards = np.array([[1.0, 3.0]])
    pi = np.array([[[0.5, 0.5]]])
    m = mdp_values(P4[:, :, :, :, :], rewards, pi, np.array([0.5]))
    assert m["v_pi"][0, 0] == pytest.approx(2.0 / 0.5)      # mean reward 2, over 1 - gamma
    assert m["v_star"][0, 0] == pytest.approx(3.0 / 0.5)    # always the better action
    assert m["q_star"][0, 0, 0] == pytest.approx(1.0 + 0.5 * 6.0)


def test_random_mdp_values_solve_their_bellman_equations():
    from cheatsheet.verify.checks.reinforcement import _draw_mdp, mdp_values

    rng = np.random.default_rng(5)
    P4, rewards, pi = _draw_mdp(rng, 4, 3)
    gamma = np.array([0.3, 0.6, 0.9, 0.95])
    m = mdp_values(P4, rewards, pi, gamma)
    assert np.allclose(m["v_pi"], np.einsum("tsa,tsa->ts", pi, m["q_pi"]))
    assert np.allclose(m["v_star"], m["q_star"].max(axis=2))
    assert np.all(m["v_star"] >= m["v_pi"] - 1e-12)


def test_one_q_learning_step_moves_one_entry_towards_the_greedy_target():
    from cheatsheet.verify.checks.reinforcement import td_step

    Q = np.array([[[0.0, 1.0], [2.0, 5.0]]])
    V = np.zeros((1, 2))
    pi = np.full((1, 2, 2), 0.5)
    args = (np.array([0]), np.array([1]), np.array([1.0]), np.array([1]), np.array([0]),
            np.array([0.0]), np.array([0.5]), np.array([0.9]))
    Q1, _ = td_step("qlearning", Q, V, pi, *args)
    assert Q1[0, 0, 1] == pytest.approx(1.0 + 0.5 * (1.0 + 0.9 * 5.0 - 1.0))
    Q1[0, 0, 1] = Q[0, 0, 1]
    assert np.array_equal(Q1, Q)                             # nothing else moves
    Qs, _ = td_step("sarsa", Q, V, pi, *args)
    assert Qs[0, 0, 1] == pytest.approx(1.0 + 0.5 * (1.0 + 0.9 * 2.0 - 1.0))
    Qe, _ = td_step("expected_sarsa", Q, V, pi, *args)
    assert Qe[0, 0, 1] == pytest.approx(1.0 + 0.5 * (1.0 + 0.9 * 3.5 - 1.0))


# -- every canonical form holds, every wrong form is refuted, under any seed --------------------

@pytest.mark.parametrize("seed", [0, 7])
def test_the_canonical_forms_hold(seed):
    bad = [(c.id, v) for c in _claims() if (v := _verdict(c, c.latex, seed)) not in
           ("passed", "proved")]
    assert not bad


@pytest.mark.parametrize("seed", [0, 7])
def test_the_wrong_forms_are_refuted(seed):
    bad = [(c.id, w, v) for c in _claims() for w in c.wrong
           if (v := _verdict(c, w, seed)) != "refuted"]
    assert not bad


def test_the_topic_covers_the_core_of_a_course():
    ids = {c.id for c in _claims()}
    assert {"return.discounted", "return.recursion", "bellman.v_pi", "bellman.q_pi",
            "bellman.v_star", "bellman.q_star", "td.error", "td.update", "sarsa.update",
            "qlearning.update", "expected_sarsa.update"} <= ids


# -- the audit reads a sheet in other letters ---------------------------------------------------

RIGHT = r"""# Reinforcement learning

## Values

- $v_\pi(x) = \sum_u \pi(u \mid x) \, q_\pi(x, u)$
- Bellman expectation: $q_\pi(x, u) = \sum_{y, r} p(y, r \mid x, u) \left[r + \gamma v_\pi(y)\right]$
- $v_*(x) = \max_u q_*(x, u)$
- Over the named action set: $v_\pi(x) = \sum_{u \in \mathcal{U}} \pi(u \mid x) q_\pi(x, u)$

## Learning

- Return: $G_t = R_{t+1} + \gamma G_{t+1}$
- TD(0): $V(S_t) \leftarrow V(S_t) + \alpha \left[R_{t+1} + \gamma V(S_{t+1}) - V(S_t)\right]$
- Q-learning: $Q(S_t, A_t) \leftarrow Q(S_t, A_t) + \alpha \left[R_{t+1} + \gamma \max_b Q(S_{t+1}, b) - Q(S_t, A_t)\right]$
"""

TYPOS = {
    r"\left[r + \gamma v_\pi(y)\right]": r"\left[r - \gamma v_\pi(y)\right]",
    r"G_t = R_{t+1} + \gamma G_{t+1}": r"G_t = R_{t+1} + G_{t+1}",
    r"\gamma V(S_{t+1}) - V(S_t)": r"\gamma V(S_t) - V(S_{t+1})",
}


def _verdicts(text):
    from audit_helpers import audit_text

    return [(f.verdict, f.claim) for f in audit_text(text)]


def test_audit_calls_the_right_forms_ok():
    got = _verdicts(RIGHT)
    assert [v for v, _ in got] == ["ok"] * 7, got


def test_audit_calls_the_planted_slips_wrong():
    text = RIGHT
    for right, typo in TYPOS.items():
        assert right in text
        text = text.replace(right, typo)
    got = _verdicts(text)
    assert [v for v, _ in got].count("wrong") == len(TYPOS), got
    assert "ok" in {v for v, _ in got}
