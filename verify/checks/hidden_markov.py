"""The forward, backward and Viterbi recursions of a hidden Markov model (Rabiner 1989), decided
by enumerating every hidden state path, never by the recursions the claims state.

A random HMM per trial (N states, M symbols: initial law pi, transitions a_{ij}, emissions
b_j(o)) and a random observation sequence o_1..o_T.  Over all N^T state paths the check sums
(or maximises) the path probabilities: alpha_t(i) = P(o_1..o_t, q_t = i), beta_t(i) =
P(o_{t+1}..o_T | q_t = i), delta_t(i) = the largest P(o_1..o_t, q_1..q_{t-1}, q_t = i) and the
state posterior gamma_t(i) = P(q_t = i | o_1..o_T), each a table over times and states (t is
drawn in 2..T-1, one per batch).  The reader names alpha_{t+1}(j) and b_j(o) as functions called
alpha_t+1 and b_j: the check gives each its subscript back as an argument (alpha(t + 1, j),
b(j, o)), so b_j inside a sum over j is b of state j, and alpha_i is alpha at time i.
"""
from __future__ import annotations

import itertools
import re

import numpy as np
import sympy as sp

from ..custom import register
from ..evaluate import Val
from .nodes import fname, replace

_EMIT = "b@state"
_SUBSCRIPTED = re.compile(r"b_(\w+)$")
_SIZES = [{"N": 3, "T": 5}, {"N": 2, "T": 6}, {"N": 4, "T": 4}, {"N": 3, "T": 4}]


_TIMED = re.compile(r"(alpha|beta|delta|gamma)_(\w+?)([+-]\d+)?$")


def _by_state_and_time(stmt):
    """b_j(o) -> b@state(j, o) and alpha_{t+1}(j) -> alpha@time(t + 1, j), with j and t the
    formula's own symbols of those names (a bound index included): the reader names a
    function by its subscript, so without this b_j inside a sum over j would be one function."""
    symbols = {}
    for r in stmt.relations:
        for side in (r.lhs, r.rhs):
            for s in getattr(side, "free_symbols", ()) | _bound(side):
                symbols.setdefault(str(s), s)

    def symbol(sub):
        if sub.isdigit():
            return sp.Integer(int(sub))
        return symbols.get(sub, sp.Symbol(sub))

    def rule(e):
        if not (isinstance(e, sp.core.function.AppliedUndef) and len(e.args) == 1):
            return None
        m = _SUBSCRIPTED.match(fname(e))
        if m:
            return sp.Function(_EMIT)(symbol(m.group(1)), e.args[0])
        m = _TIMED.match(fname(e))
        if m:
            time = symbol(m.group(2)) + (int(m.group(3)) if m.group(3) else 0)
            return sp.Function(f"{m.group(1)}@time")(time, e.args[0])
        return None
    return replace(stmt, rule)


def _bound(e) -> set:
    """Symbols bound by sums, products and maxima inside e."""
    out = set()
    if isinstance(e, sp.Basic):
        for node in sp.preorder_traversal(e):
            for lim in getattr(node, "limits", ()) or ():
                if lim and isinstance(lim[0], sp.Symbol):
                    out.add(lim[0])
            for a in getattr(node, "args", ()):
                if isinstance(a, sp.Tuple) and a and isinstance(a[0], sp.Symbol):
                    out.add(a[0])
    return out


def path_tables(pi, A, B, obs):
    """alpha, beta, delta, gamma (each T x N) of one HMM by enumerating all state paths."""
    N, T = len(pi), len(obs)
    paths = np.array(list(itertools.product(range(N), repeat=T)))          # (P, T)
    emit = B[paths, obs[None, :]]                                           # (P, T)
    trans = np.concatenate([pi[paths[:, :1]], A[paths[:, :-1], paths[:, 1:]]], axis=1)
    step = trans * emit
    prefix = np.cumprod(step, axis=1)                                       # P(o_1..t, q_1..t)
    suffix = np.ones_like(step)                                             # P(o_t+1..T | q_t)
    for t in range(T - 2, -1, -1):
        suffix[:, t] = suffix[:, t + 1] * step[:, t + 1]
    alpha, beta, delta = (np.zeros((T, N)) for _ in range(3))
    for t in range(T):
        for i in range(N):
            on = paths[:, t] == i
            # each prefix is counted once per continuation, each suffix once per history
            alpha[t, i] = prefix[on, t].sum() / N ** (T - 1 - t)
            beta[t, i] = suffix[on, t].sum() / N ** t
            delta[t, i] = prefix[on, t].max()
    joint = prefix[:, -1]
    gamma = np.array([[joint[paths[:, t] == i].sum() for i in range(N)] for t in range(T)])
    return alpha, beta, delta, gamma / joint.sum()


class _ByTime:
    """alpha(t, i) and the like: a table over times 1..T and states 1..N, per trial."""

    def __init__(self, tab: np.ndarray, text: str):
        self.tab, self.text = tab, text  # (trials, T, N)

    @property
    def entry_indices(self) -> dict:
        """The state (second argument) is an entry index of N: the evaluator counts it like a
        vector's entries, so a sum over states 0..N or 1..N+1 fits no count (index_base)."""
        return {1: self.tab.shape[2]}

    entry_word = "state"

    @property
    def shown(self) -> str:
        return f"{self.text}"

    def __call__(self, *args: Val) -> Val:
        n, L, N = self.tab.shape
        if len(args) != 2:
            return Val(np.full(n, np.nan))
        t, i = (np.broadcast_to(np.asarray(a.arr, float).reshape(-1), (n,)) for a in args)
        bad = (t < 1) | (t > L) | (i < 1) | (i > N) | (np.abs(t - np.rint(t)) > 1e-9) \
            | (np.abs(i - np.rint(i)) > 1e-9)
        tt = np.clip(np.rint(t), 1, L).astype(int) - 1
        ii = np.clip(np.rint(i), 1, N).astype(int) - 1
        return Val(np.where(bad, np.nan, self.tab[np.arange(n), tt, ii]))

    def take(self, keep):
        return _ByTime(self.tab[keep], self.text)

    def describe(self, i):
        return f"{self.text} (rows: times): {np.round(self.tab[i], 4).tolist()}"


class _Emission:
    """b(j, o): the probability that state j emits symbol o (1-based), per trial."""

    def __init__(self, B: np.ndarray):
        self.B = B

    @property
    def entry_indices(self) -> dict:
        """The state (first argument) is an entry index of N, as for the tables."""
        return {0: self.B.shape[1]}

    entry_word = "state"
    shown = "the emission probabilities b"

    def __call__(self, *args: Val) -> Val:
        T, N, M = self.B.shape
        if len(args) != 2:
            return Val(np.full(T, np.nan))
        j, o = (np.broadcast_to(np.asarray(a.arr, float).reshape(-1), (T,)) for a in args)
        bad = (j < 1) | (j > N) | (o < 1) | (o > M) | (np.abs(j - np.rint(j)) > 1e-9) \
            | (np.abs(o - np.rint(o)) > 1e-9)
        jj = np.clip(np.rint(j), 1, N).astype(int) - 1
        oo = np.clip(np.rint(o), 1, M).astype(int) - 1
        return Val(np.where(bad, np.nan, self.B[np.arange(T), jj, oo]))

    def take(self, keep):
        return _Emission(self.B[keep])

    def describe(self, i):
        return f"the emission probabilities b_j(o) (rows: states): {np.round(self.B[i], 4).tolist()}"


_TABLES = {"alpha": "the forward variable alpha", "beta": "the backward variable beta",
           "delta": "the Viterbi variable delta", "gamma": "the state posterior gamma"}


@register("hmm.paths")
def _hmm(stmt, ctx):
    """Forward, backward, Viterbi and posterior tables of random HMMs (module docstring)."""
    rng = ctx.rng("hmm")
    prepared = _by_state_and_time(stmt)

    def extra(inst):
        T_trials = next(iter(inst.values.values())).arr.shape[0]
        N, L = inst.dims["N"], inst.dims["T"]
        M = 3
        pis, As, Bs, obs, tabs = [], [], [], [], []
        for _ in range(T_trials):
            pi = rng.dirichlet(np.ones(N))
            A = rng.dirichlet(np.ones(N), size=N)
            B = rng.dirichlet(np.ones(M), size=N)
            o = rng.integers(0, M, L)
            pis.append(pi), As.append(A), Bs.append(B), obs.append(o)
            tabs.append(path_tables(pi, A, B, o))
        tabs = [np.stack([tb[k] for tb in tabs]) for k in range(4)]          # (trials, L, N)
        # t and a free state are one per batch (the evaluator takes entries such as o_{t+1}
        # and a_{ij} at one index per batch); the HMMs differ per trial
        t = np.full(T_trials, rng.integers(2, L))                             # 2..L-1
        f = inst.functions
        for k, name in enumerate(_TABLES):
            f[f"{name}@time"] = _ByTime(tabs[k], _TABLES[name])
        f[_EMIT] = _Emission(np.stack(Bs))
        # a state the formula leaves free (alpha_{t+1}(j) for every j)
        free = {k: Val(np.full(T_trials, float(rng.integers(1, N + 1)))) for k in ("i", "j")}
        return {**free, "t": Val(t.astype(float)), "a": Val(np.stack(As), True),
                "pi": Val(np.stack(pis)[..., None], True),
                "o": Val((np.stack(obs) + 1.0)[..., None], True)}

    return ctx.numeric(prepared, extra=extra, dims=_SIZES)
