"""Custom checks of the RL estimators red-team sheets state beyond the tabular updates: the
generalised advantage estimate (GAE), the Monte Carlo error as a sum of TD errors, the return of
a constant reward, the Bellman equation in matrix form and PPO's clipped surrogate.

Each computes what the formula speaks of without the formula:

* ``reinforcement.advantage``: a random episode (rewards R_1..R_L, zero after its end, states
  S_0..S_L, terminal after the end, a value table V with V(terminal) = 0); the TD errors
  delta_k = R_{k+1} + gamma V(S_{k+1}) - V(S_k) and the advantages computed backwards by the
  recursion A_k = delta_k + gamma lambda A_{k+1} from the end.  A_hat_t is the present step's
  advantage, T the terminal time (the step after the last reward's), delta_k the sequence.
* ``reinforcement.constant_reward``: G_t summed as c + gamma c + gamma^2 c + ... to 2000 steps.
* ``reinforcement.matrix_form``: a random finite MDP and policy; v_pi solved by value
  iteration (policy evaluation sweeps), P_pi and r_pi averaged over the policy.
* ``reinforcement.ppo_ratio``: two random policies; the ratio is read off their tables at a
  sampled state and action.
* ``reinforcement.ppo_clip``: PPO's per-sample surrogate by cases: with a positive advantage the
  ratio is capped at 1 + epsilon, with a negative one floored at 1 - epsilon (Schulman et al.'s
  reading of min(r A, clip(r) A)); the clip function itself is numpy's.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import sympy as sp

from cheatsheet.statement import Relation
from ..custom import register
from ..evaluate import Val
from .reinforcement import (HORIZON, _Sequence, _Table, _prepared, _scalar, _trials, _walk,
                            mdp_values)


def _sequences(stmt, names=("delta",)):
    """delta_k (an indexed TD error) -> the episode's sequence of TD errors at k."""
    def fn(e):
        if isinstance(e, sp.Indexed) and str(e.base.label) in names and len(e.indices) == 1:
            return sp.Function(f"{e.base.label}_seq")(e.indices[0])
        return None
    rel = lambda r: Relation(_walk(r.lhs, fn), r.op, _walk(r.rhs, fn))  # noqa: E731
    return replace(stmt, relations=tuple(rel(r) for r in stmt.relations),
                   premises=tuple(rel(r) for r in stmt.premises))


@register("reinforcement.advantage")
def _advantage(stmt, ctx):
    """TD errors and GAE advantages of a random episode (module docstring)."""
    rng = ctx.rng("episode")
    prepared = _sequences(_prepared(stmt, None, HORIZON))

    def extra(inst):
        T = _trials(inst)
        gamma = np.broadcast_to(_scalar(inst, "gamma", rng.uniform(0.1, 0.9, T)), (T,))
        lam = np.broadcast_to(_scalar(inst, "lambda", rng.uniform(0.1, 0.9, T)), (T,))
        L = 24
        t = rng.integers(2, 6, T)
        end = t + rng.integers(4, 12, T)               # the last reward is R_end
        R = rng.uniform(-3, 3, size=(T, L + 1))
        R[:, 0] = 0.0
        R[np.arange(L + 1)[None, :] > end[:, None]] = 0.0
        n_states = 4                                   # state n_states + 1 is terminal
        S = rng.integers(1, n_states + 1, size=(T, L + 2))
        S[np.arange(L + 2)[None, :] >= end[:, None]] = n_states + 1
        V = np.concatenate([rng.normal(size=(T, n_states)), np.zeros((T, 1))], axis=1)
        rows = np.arange(T)[:, None]
        VS = V[rows, S - 1]                            # V(S_k), k = 0..L+1
        R_next = np.pad(R[:, 1:], ((0, 0), (0, 1)))     # R_{k+1}, k = 0..L
        delta = R_next + gamma[:, None] * VS[:, 1:] - VS[:, :-1]
        A = np.zeros((T, L + 2))
        for k in range(L, -1, -1):                     # A_k = delta_k + gamma lambda A_{k+1}
            A[:, k] = delta[:, k] + gamma * lam * A[:, k + 1]
        G = np.zeros((T, L + 2))
        for k in range(L - 1, -1, -1):                 # G_k = R_{k+1} + gamma G_{k+1}
            G[:, k] = R[:, k + 1] + gamma * G[:, k + 1]
        r = np.arange(T)
        f = inst.functions
        f["delta_seq"] = _Sequence(delta, "the TD errors delta_0 .. delta_L (zero after the end)")
        f["R_seq"] = _Sequence(R, "the rewards R_0 .. R_L (zero after the end)")
        f["V"] = _Table(V, "V over the states (the last is terminal, 0)")
        out = {"t": Val(t.astype(float)), "T": Val((end).astype(float))}
        for off in range(-1, 4):
            sub = "t" if off == 0 else f"t{off:+d}"
            out[f"A_hat_{sub}"] = Val(A[r, t + off])
            out[f"delta_{sub}"] = Val(delta[r, t + off])
            out[f"S_{sub}"] = Val(S[r, t + off].astype(float))
            out[f"R_{sub}"] = Val(R[r, t + off])
            out[f"G_{sub}"] = Val(G[r, t + off])
        return out

    return ctx.numeric(prepared, extra=extra)


@register("reinforcement.constant_reward")
def _constant_reward(stmt, ctx):
    """G_t of the reward c at every step, summed to a horizon of 2000 (gamma <= 0.95)."""
    def extra(inst):
        c = _scalar(inst, "c", None)
        gamma = _scalar(inst, "gamma", None)
        if c is None or gamma is None:
            return {}
        k = np.arange(HORIZON)
        G = Val((c[:, None] * gamma[:, None] ** k[None, :]).sum(axis=1))
        # the reward is c at every step, so the return is the same at every step
        return {"G_t": G, **{f"G_t{o:+d}": G for o in (-2, -1, 1, 2)}}

    return ctx.numeric(stmt, extra=extra)


@register("reinforcement.matrix_form")
def _matrix_form(stmt, ctx):
    """v_pi, P_pi and r_pi of a random finite MDP and policy (module docstring)."""
    rng = ctx.rng("mdp")

    def extra(inst):
        T = _trials(inst)
        N = inst.dims.get("N", 3)
        gamma = np.broadcast_to(_scalar(inst, "gamma", rng.uniform(0.1, 0.9, T)), (T,)).copy()
        P4 = rng.dirichlet(np.ones(N * 2), size=(T, N, N)).reshape(T, N, N, N, 2)
        rewards = rng.uniform(-3, 3, size=(T, 2))
        pi = rng.dirichlet(np.ones(N), size=(T, N))
        m = mdp_values(P4, rewards, pi, gamma)
        P_pi = np.einsum("tsa,tsax->tsx", pi, m["P3"])
        r_pi = np.einsum("tsa,tsa->ts", pi, m["rbar"])
        v = np.zeros((T, N))                          # policy evaluation, not the formula
        for _ in range(4000):
            v = r_pi + gamma[:, None] * np.einsum("tsx,tx->ts", P_pi, v)
        return {"v_pi": Val(v[..., None], True), "P_pi": Val(P_pi, True),
                "r_pi": Val(r_pi[..., None], True)}

    return ctx.numeric(stmt, extra=extra)


@register("reinforcement.ppo_clip")
def _ppo_clip(stmt, ctx):
    """PPO's clipped surrogate of one sample, by the cases of the advantage's sign."""
    rng = ctx.rng("samples")

    def extra(inst):
        eps = _scalar(inst, "epsilon", None)
        if eps is None:
            return {}
        T = _trials(inst)
        inst.functions["clip"] = _clip
        out = {}
        for off in range(-2, 3):  # samples t-2 .. t+2 of a batch, each its own ratio and advantage
            sub = "t" if off == 0 else f"t{off:+d}"
            r = rng.uniform(0.2, 2.5, T)
            A = rng.normal(size=T) * 2.0
            out[f"r_{sub}"], out[f"A_hat_{sub}"] = Val(r), Val(A)
            out[f"L_{sub}"] = Val(np.where(A >= 0, np.minimum(r, 1 + eps),
                                           np.maximum(r, 1 - eps)) * A)
        return out

    return ctx.numeric(stmt, extra=extra)


class _Clip:
    """clip(x, lo, hi): x limited to [lo, hi]."""

    def __call__(self, *args: Val) -> Val:
        if len(args) != 3:
            return Val(np.full(np.shape(args[0].arr), np.nan))
        x, lo, hi = (np.asarray(a.arr, float) for a in args)
        return Val(np.minimum(np.maximum(x, lo), hi))

    def take(self, keep):
        return self

    def describe(self, i):
        return "clip(x, lo, hi) = min(max(x, lo), hi)"


_clip = _Clip()


class _Constant:
    """A function of theta that is one per-trial number (the ratio at the sampled pair)."""

    def __init__(self, values: np.ndarray, text: str):
        self.values, self.text = values, text

    def __call__(self, *args: Val) -> Val:
        return Val(self.values.copy())

    def take(self, keep):
        return _Constant(self.values[keep], self.text)

    def describe(self, i):
        return f"{self.text}: {round(float(self.values[i]), 4)}"


@register("reinforcement.ppo_ratio")
def _ppo_ratio(stmt, ctx):
    """Two random policies (new pi_theta, old pi_theta_old) over N states and actions, a sampled
    pair (s_t, a_t); r_t(theta) is the new policy's probability of a_t at s_t over the old's."""
    rng = ctx.rng("policies")
    prepared = _prepared(stmt, None)

    def extra(inst):
        T = _trials(inst)
        N = 3
        new = rng.dirichlet(np.ones(N), size=(T, N))
        old = rng.dirichlet(np.ones(N), size=(T, N))
        rows = np.arange(T)
        f = inst.functions
        f["pi_theta"] = _Table(new, "the new policy pi_theta(a | s) (rows s)", order=(1, 0))
        f["pi_theta_old"] = _Table(old, "the old policy pi_theta_old(a | s) (rows s)",
                                   order=(1, 0))
        out = {}
        for off in range(-2, 3):  # the samples t-2 .. t+2 of a batch, each its own pair
            sub = "t" if off == 0 else f"t{off:+d}"
            s, a = rng.integers(0, N, T), rng.integers(0, N, T)
            f[f"r_{sub}"] = _Constant(new[rows, s, a] / old[rows, s, a],
                                      f"the probability ratio of a_{sub} at s_{sub}, new over old")
            out[f"s_{sub}"], out[f"a_{sub}"] = Val((s + 1).astype(float)), Val((a + 1).astype(float))
        return out

    return ctx.numeric(prepared, extra=extra)
