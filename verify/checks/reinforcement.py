"""Custom checks of the reinforcement-learning claims (Sutton & Barto's notation).

Every trial draws a small random finite MDP and computes what the formulas speak of from it,
never from a formula:

* ``reinforcement.mdp``: N states, N actions and N reward levels (N the size of the finite sets
  the formula's unranged sums run over), dynamics p(s', r | s, a) drawn from a Dirichlet law, a
  random policy pi(a | s).  v_pi is the solution of the linear system (I - gamma P_pi) v = r_pi,
  q_pi follows from it by one look-ahead; v_* and q_* come from value iteration run to
  convergence (gamma < 0.95: 2000 sweeps leave an error below 1e-40).  A state s and an action
  a are drawn per trial.  A max over an action with no written range runs over the N actions,
  a sum over a named set (\\mathcal{A}, \\mathcal{S}) over its N members.
* ``reinforcement.returns``: an episode of random rewards R_1..R_L (zero after its end), its
  returns G_t computed backwards from the end, state values V of random states along it, and
  n-step returns.  An infinite sum is summed to a horizon of 2000 steps: exact for the
  episode's rewards, within gamma^2000 < 1e-40 for a geometric series (gamma <= 0.95).
* ``reinforcement.td``: one transition (S_t, A_t, R_{t+1}, S_{t+1}, A_{t+1}) and random tables
  Q_t, V_t; Q_{t+1} and V_{t+1} are the tables after one step of the algorithm the claim names
  (TD(0), constant-alpha Monte Carlo, Sarsa, Q-learning, Expected Sarsa), written here.

A typo that drops gamma, conditions on s where s' belongs or puts a max where the policy's
average belongs changes the value on almost every random MDP, so it is refuted with a printed
instance; the verdicts do not depend on the seed.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet.latex import ArgExtremum, Given
from cheatsheet.statement import Relation
from ..custom import register
from ..evaluate import Val

SWEEPS = 2000
HORIZON = 2000  # an infinite discounted sum is summed this far (gamma <= 0.95 is declared)
N_STATES = 3  # states, actions and reward levels of the random MDPs
PAST_STEPS = 2  # steps of the run before the transition a TD-style check computes
# the range of a max over an action written with none (\max_a q(s, a)): the N actions
_N_MDP = sp.Symbol("N_actions", integer=True, positive=True)


class _Table:
    """A function of states and actions given by a per-trial table (1-based arguments); an
    argument that is no valid state or action gives no value (NaN)."""

    def __init__(self, tab: np.ndarray, text: str, order: tuple[int, ...] | None = None):
        self.tab, self.text = tab, text
        self.order = order  # which table axis each argument indexes (pi(a, s) -> tab[s, a])

    def __call__(self, *args: Val) -> Val:
        T, shape = self.tab.shape[0], self.tab.shape[1:]
        if len(args) != len(shape):
            return Val(np.full(T, np.nan))
        idx = []
        bad = np.zeros(T, bool)
        for a in args:
            x = np.broadcast_to(np.asarray(a.arr, float).reshape(-1) if np.ndim(a.arr) else
                                np.asarray(a.arr, float), (T,))
            k = np.rint(x)
            bad |= ~np.isfinite(x) | (np.abs(x - k) > 1e-9)
            idx.append(np.where(np.isfinite(k), k, 1).astype(int) - 1)
        if self.order is not None:
            idx = [idx[j] for j in self.order]
        for j, n in zip(idx, shape):
            bad |= (j < 0) | (j >= n)
        idx = [np.clip(j, 0, n - 1) for j, n in zip(idx, shape)]
        out = self.tab[(np.arange(T), *idx)]
        return Val(np.where(bad, np.nan, out))

    def take(self, keep):
        return _Table(self.tab[keep], self.text, self.order)

    def describe(self, i):
        return f"{self.text}: {np.round(self.tab[i], 4).tolist()}"


class _Sequence:
    """A per-trial sequence R_1..R_L, zero outside 1..L (finitely supported)."""

    def __init__(self, tab: np.ndarray, text: str):
        self.tab, self.text = tab, text  # tab[:, k] is the member k (k = 0 unused, 0)
        self.support = (0, tab.shape[1] - 1)

    def __call__(self, k: Val) -> Val:
        T, L = self.tab.shape
        x = np.broadcast_to(np.asarray(k.arr, float).reshape(-1) if np.ndim(k.arr) else
                            np.asarray(k.arr, float), (T,))
        j = np.rint(x).astype(int)
        ok = (j >= 0) & (j < L)
        return Val(np.where(ok, self.tab[np.arange(T), np.clip(j, 0, L - 1)], 0.0))

    def take(self, keep):
        return _Sequence(self.tab[keep], self.text)

    def describe(self, i):
        return f"{self.text}: {np.round(self.tab[i], 4).tolist()}"


# -- statement plumbing -------------------------------------------------------------------------

def _fname(e) -> str:
    return type(e).__name__


def _names(stmt) -> set[str]:
    out = set()
    for r in stmt.relations + stmt.premises:
        for e in (r.lhs, r.rhs):
            out |= {getattr(s, "name", str(s)) for s in e.free_symbols}
            out |= {_fname(f) for f in e.atoms(AppliedUndef)}
            out |= {str(b.label) for b in e.atoms(sp.IndexedBase)}
    return out


def _rewrite(expr, N, horizon=None):
    """pi(a | s) -> pi(a, s); p(s', r | s, a) -> the dynamics table at (s', r index, s, a);
    p(s' | s, a) -> the transition table; a max over an action with no range -> over 1..N;
    R_k of an indexed reward sequence -> the sequence's value at k (finitely supported)."""
    def unwrap(e):
        if isinstance(e, sp.Function) and len(e.args) == 1 and isinstance(e.args[0], Given):
            g = e.args[0]
            parts = []
            for side in g.args:
                parts += list(side.args) if isinstance(side, sp.Tuple) else [side]
            parts = [_walk(p, unwrap) for p in parts]
            if _fname(e) in ("Prob", "p", "P"):
                return _prob(parts)
            return sp.Function(_fname(e))(*parts)
        if isinstance(e, ArgExtremum) and len(e.args) == 3 and N is not None:
            body, var, which = e.args
            k = sp.Symbol(var.name, integer=True)
            return ArgExtremum(_walk(body, unwrap).xreplace({var: k}), k, which, sp.Integer(1), N)
        if isinstance(e, sp.Sum) and horizon is not None and any(
                hi is sp.oo for _, _, hi in e.limits):
            # gamma <= 0.95: the terms past the horizon weigh less than gamma^H (1e-40)
            limits = [(k, lo, horizon if hi is sp.oo else hi) for k, lo, hi in e.limits]
            return sp.Sum(_walk(e.function, unwrap), *limits)
        if _fname(e) == "SetSum" and _fname(e.args[2]) == "NamedSet" and N is not None:
            # a sum over a named set of states or actions (\sum_{a \in \mathcal{A}}): the
            # MDP's N states or actions
            body, var = e.args[0], e.args[1]
            k = sp.Symbol(var.name, integer=True)
            return sp.Sum(_walk(body, unwrap).xreplace({var: k}), (k, 1, N))
        if isinstance(e, sp.Indexed) and str(e.base.label) == "R" and len(e.indices) == 1:
            return sp.Function("R_seq")(e.indices[0])
        return None

    def _prob(parts):
        out = []
        for p in parts:  # a reward written as a number in p(s', r | s, a): its level's index
            if isinstance(p, sp.Indexed) and str(p.base.label) == "values":
                out.append(p.indices[0])
            else:
                out.append(p)
        name = {4: "p_dyn", 3: "p_trans"}.get(len(out), "p_other")
        return sp.Function(name)(*out)

    return _walk(expr, unwrap)


def _walk(e, fn):
    got = fn(e)
    if got is not None:
        return got
    if not e.args or isinstance(e, (sp.Symbol, sp.Number)):
        return e
    new = [_walk(a, fn) if isinstance(a, sp.Basic) else a for a in e.args]
    if all(x is y for x, y in zip(new, e.args)):
        return e
    return e.func(*new)


def _prepared(stmt, N, horizon=None):
    rel = lambda r: Relation(_rewrite(r.lhs, N, horizon), r.op, _rewrite(r.rhs, N, horizon))  # noqa: E731
    return replace(stmt, relations=tuple(rel(r) for r in stmt.relations),
                   premises=tuple(rel(r) for r in stmt.premises))


def _unnamed_sizes(stmt) -> set[str]:
    """The counts the reader gave the sums with no written range (the places 1..N of the
    finite set they run over), and the range of the maxima over actions: all are N here."""
    out = {_N_MDP.name}
    for r in stmt.relations + stmt.premises:
        for e in (r.lhs, r.rhs):
            for s in e.atoms(sp.Sum):
                for _, _, hi in s.limits:
                    if isinstance(hi, sp.Symbol) and hi.is_integer and hi.is_positive:
                        out.add(hi.name)
    return out


def _trials(inst) -> int:
    return max((v.arr.shape[0] for v in inst.values.values() if np.ndim(v.arr)), default=1)


def _scalar(inst, name, default):
    v = inst.values.get(name)
    if v is None:
        return default
    return np.asarray(v.arr, float).reshape(-1)


# -- the random MDP -----------------------------------------------------------------------------

def mdp_values(P4, rewards, pi, gamma):
    """v_pi, q_pi, v_*, q_* and the expected rewards of finite MDPs (batched over trials).

    P4[t, s, a, s', j] = p(s', r_j | s, a); rewards[t, j] = r_j; pi[t, s, a] = pi(a | s)."""
    T, N = pi.shape[:2]
    P3 = P4.sum(axis=4)                                   # p(s' | s, a)
    rbar = np.einsum("tsaxj,tj->tsa", P4, rewards)        # r(s, a)
    P_pi = np.einsum("tsa,tsax->tsx", pi, P3)
    r_pi = np.einsum("tsa,tsa->ts", pi, rbar)
    g = gamma.reshape(T, 1, 1)
    v_pi = np.linalg.solve(np.eye(N)[None] - g * P_pi, r_pi[..., None])[..., 0]
    q_pi = rbar + g * np.einsum("tsax,tx->tsa", P3, v_pi)
    v = np.zeros((T, N))
    for _ in range(SWEEPS):
        q = rbar + g * np.einsum("tsax,tx->tsa", P3, v)
        v_new = q.max(axis=2)
        if np.max(np.abs(v_new - v)) < 1e-15:
            v = v_new
            break
        v = v_new
    q_star = rbar + g * np.einsum("tsax,tx->tsa", P3, v)
    return {"P3": P3, "rbar": rbar, "v_pi": v_pi, "q_pi": q_pi, "v_star": v, "q_star": q_star}


def _draw_mdp(rng, T, N):
    P4 = rng.dirichlet(np.ones(N * N), size=(T, N, N)).reshape(T, N, N, N, N)
    rewards = rng.uniform(-3, 3, size=(T, N))
    pi = rng.dirichlet(np.ones(N), size=(T, N))
    return P4, rewards, pi


@register("reinforcement.mdp")
def _mdp(stmt, ctx):
    """The Bellman equations and their relatives on random finite MDPs (module docstring)."""
    rng = ctx.rng("mdp")
    prepared = _prepared(stmt, _N_MDP)
    sizes = _unnamed_sizes(prepared)

    def extra(inst):
        T = _trials(inst)
        N = N_STATES
        gamma = _scalar(inst, "gamma", rng.uniform(0.1, 0.9, T))
        gamma = np.broadcast_to(gamma, (T,)).copy()
        P4, rewards, pi = _draw_mdp(rng, T, N)
        m = mdp_values(P4, rewards, pi, gamma)
        f = inst.functions
        f["pi"] = _Table(pi, "the policy pi(a | s) (rows s)", order=(1, 0))
        f["p_dyn"] = _Table(P4.transpose(0, 3, 4, 1, 2), "p(s', r | s, a)")
        f["p_trans"] = _Table(m["P3"].transpose(0, 3, 1, 2), "p(s' | s, a)")
        f["r"] = _Table(m["rbar"], "the expected reward r(s, a)")
        for name, key, text in (("v_pi", "v_pi", "v_pi"), ("q_pi", "q_pi", "q_pi"),
                                ("v_*", "v_star", "v_*"), ("q_*", "q_star", "q_*")):
            f[name] = _Table(m[key], text)
        f["A_pi"] = _Table(m["q_pi"] - m["v_pi"][..., None], "the advantage q_pi - v_pi")
        out = {"values": Val(rewards[..., None], True),
               "s": Val(rng.integers(1, N + 1, T).astype(float)),
               "a": Val(rng.integers(1, N + 1, T).astype(float))}
        out.update({name: Val(np.asarray(float(N))) for name in sizes})
        return out

    return ctx.numeric(prepared, extra=extra)


# -- returns of an episode ----------------------------------------------------------------------

@register("reinforcement.returns")
def _returns(stmt, ctx):
    """Returns G_t of a random episode, computed backwards from its end (module docstring)."""
    rng = ctx.rng("episode")
    prepared = _prepared(stmt, None, HORIZON)
    used = _names(prepared)

    def extra(inst):
        T = _trials(inst)
        gamma = np.broadcast_to(_scalar(inst, "gamma", rng.uniform(0.1, 0.9, T)), (T,))
        L = 24
        t = rng.integers(2, 6, T)                       # the present step
        end = t + rng.integers(4, 12, T)                # the last reward of the episode
        R = rng.uniform(-3, 3, size=(T, L + 1))
        R[:, 0] = 0.0
        R[np.arange(L + 1)[None, :] > end[:, None]] = 0.0
        G = np.zeros((T, L + 2))
        for k in range(L - 1, -1, -1):                  # G_k = R_{k+1} + gamma G_{k+1}
            G[:, k] = R[:, k + 1] + gamma * G[:, k + 1]
        states = rng.integers(1, 5, size=(T, L + 1))
        V = rng.normal(size=(T, 4))
        n = rng.integers(1, 4, T)
        rows = np.arange(T)
        out = {"t": Val(t.astype(float)), "n": Val(n.astype(float))}
        inst.functions["R_seq"] = _Sequence(R, "the rewards R_0 .. R_L (zero after the end)")
        inst.functions["V"] = _Table(V, "V over the states")
        for off in range(-2, 10):
            sub = "t" if off == 0 else f"t{off:+d}"
            out[f"R_{sub}"] = Val(R[rows, t + off])
            out[f"G_{sub}"] = Val(G[rows, t + off])
            out[f"S_{sub}"] = Val(states[rows, t + off].astype(float))
        if "G_t:t+n" in used:
            disc = gamma[:, None] ** np.arange(L)[None, :]
            nstep = np.array([np.sum(disc[i, :n[i]] * R[i, t[i] + 1:t[i] + 1 + n[i]])
                              + gamma[i] ** n[i] * V[i, states[i, t[i] + n[i]] - 1]
                              for i in range(T)])
            out["G_t:t+n"] = Val(nstep)
            out["S_t+n"] = Val(states[rows, t + n].astype(float))
        return out

    return ctx.numeric(prepared, extra=extra)


# -- one step of a tabular algorithm ------------------------------------------------------------

def td_step(claim: str, Q, V, pi, s, a, r, s2, a2, G, alpha, gamma):
    """The tables after one step of the algorithm ``claim`` names (Sutton & Barto, ch. 6-7)."""
    T = Q.shape[0]
    rows = np.arange(T)
    Q1, V1 = Q.copy(), V.copy()
    if claim == "td":
        V1[rows, s] = V[rows, s] + alpha * (r + gamma * V[rows, s2] - V[rows, s])
    elif claim == "mc":
        V1[rows, s] = V[rows, s] + alpha * (G - V[rows, s])
    elif claim == "sarsa":
        Q1[rows, s, a] = Q[rows, s, a] + alpha * (r + gamma * Q[rows, s2, a2] - Q[rows, s, a])
    elif claim == "qlearning":
        Q1[rows, s, a] = Q[rows, s, a] + alpha * (r + gamma * Q[rows, s2].max(axis=1)
                                                  - Q[rows, s, a])
    elif claim == "expected_sarsa":
        expect = np.sum(pi[rows, s2] * Q[rows, s2], axis=1)
        Q1[rows, s, a] = Q[rows, s, a] + alpha * (r + gamma * expect - Q[rows, s, a])
    return Q1, V1


def _target(which, Q, V, pi, s2, a2, gamma, rows):
    """What the step of ``which`` moves toward, from next state s2 (and next action a2)."""
    if which == "td":
        return gamma * V[rows, s2]
    if which == "sarsa":
        return gamma * Q[rows, s2, a2]
    if which == "qlearning":
        return gamma * Q[rows, s2].max(axis=1)
    if which == "expected_sarsa":
        return gamma * np.sum(pi[rows, s2] * Q[rows, s2], axis=1)
    return np.zeros(len(rows))


def _earlier_steps(rng, which, Q, V, pi, s, a, G, alpha, gamma, steps=PAST_STEPS):
    """The run before the transition at t, ``steps`` steps back, consistent with it: the step
    at t - k went from state S_{t-k}, action A_{t-k}, to S_{t-k+1}, A_{t-k+1} with reward
    R_{t-k+1}, and turned the tables at t - k into those at t - k + 1 (one entry changed: its
    old value is drawn, the reward is the one that makes the algorithm's step land on the
    later table; for Monte Carlo the return G_{t-k}, and R_{t-k+1} = G_{t-k} - gamma G_{t-k+1}).
    So a formula written one step earlier (V_t(S_{t-1}) = V_{t-1}(S_{t-1}) + ...) holds, and
    a member at the wrong step has a value that differs from the right one."""
    T = Q.shape[0]
    rows = np.arange(T)
    N = Q.shape[1]
    out = {}
    nxt_s, nxt_a, nxt_Q, nxt_V, nxt_G = s, a, Q, V, G
    for k in range(1, steps + 1):
        s0, a0 = rng.integers(0, N, T), rng.integers(0, N, T)
        Qp, Vp = nxt_Q.copy(), nxt_V.copy()
        if which in ("td", "mc"):
            old = rng.normal(size=T)
            Vp[rows, s0] = old
            later = nxt_V[rows, s0]
        else:
            old = rng.normal(size=T)
            Qp[rows, s0, a0] = old
            later = nxt_Q[rows, s0, a0]
        # later = old + alpha (y - old): the step's target y, then the reward behind it
        y = old + (later - old) / alpha
        if which == "mc":
            Gp = y
            r0 = Gp - gamma * nxt_G
        else:
            r0 = y - _target(which, Qp, Vp, pi, nxt_s, nxt_a, gamma, rows)
            Gp = r0 + gamma * nxt_G
        sub, rsub = f"t-{k}", ("t" if k == 1 else f"t-{k - 1}")
        out.setdefault(sub, {}).update({"S": s0, "A": a0, "Q": Qp, "V": Vp, "G": Gp})
        out.setdefault(rsub, {})["R"] = r0
        nxt_s, nxt_a, nxt_Q, nxt_V, nxt_G = s0, a0, Qp, Vp, Gp
    return out


@register("reinforcement.td")
def _td(stmt, ctx):
    """One transition and the tables after one step of the named algorithm, and the
    ``PAST_STEPS`` steps of the same run before it (``_earlier_steps``): members written at
    t - 1 or t - 2 (S_{t-1}, R_t, Q_{t-1}, G_{t-1}) have the values of that run.

    An earlier TD error delta_{t-k} is R_{t-k+1} + gamma V(S_{t-k+1}) - V(S_{t-k}) of that
    run, but which table V is the sheet's choice: the one of step t - k (the error the step
    t - k really used), or, where the formula writes an unindexed V, the current one (what
    that V reads).  Both are computed (``_earlier_errors``) and a refutation needs both
    readings refuted; a formula with every table indexed (V_t(S_{t-1}) = V_{t-1}(S_{t-1}) +
    alpha delta_{t-1}) means the table of the error's own step."""
    prepared = _prepared(stmt, _N_MDP)
    names = _names(prepared)
    earlier_errors = names & {f"delta_t-{k}" for k in range(1, PAST_STEPS + 1)}
    if not earlier_errors:
        return ctx.numeric(prepared, extra=_td_values(prepared, ctx, None))
    at_step = ctx.numeric(prepared, extra=_td_values(prepared, ctx, "at its step"))
    if "V" not in names:
        return at_step
    current = ctx.numeric(prepared, extra=_td_values(prepared, ctx, "current"))
    return _either_table(at_step, current)


def _either_table(at_step, current):
    """One verdict from the two readings of an earlier TD error (alternatives.over_readings):
    a refutation needs both readings refuted; where one holds and the other fails the line is
    undecided and says so."""
    from ..alternatives import over_readings

    return over_readings("the values of the table of its own step", at_step,
                         [("the values of the current table", current)],
                         of="an earlier TD error")


def _earlier_errors(earlier, V, s, gamma, reading):
    """delta_{t-k} for each earlier step k of the run: R_{t-k+1} + gamma V(S_{t-k+1}) -
    V(S_{t-k}), V the table at step t - k (``reading`` 'at its step') or the current V_t."""
    rows = np.arange(V.shape[0])
    out = {}
    nxt = s
    for k in range(1, PAST_STEPS + 1):
        step = earlier[f"t-{k}"]
        r = earlier["t" if k == 1 else f"t-{k - 1}"]["R"]
        tab = step["V"] if reading == "at its step" else V
        out[f"delta_t-{k}"] = Val(r + gamma * tab[rows, nxt] - tab[rows, step["S"]])
        nxt = step["S"]
    return out


def _td_values(prepared, ctx, reading):
    """The ``extra`` values of one trial batch of ``reinforcement.td``; ``reading`` says which
    table an earlier TD error is computed with (None: the formula writes none)."""
    rng = ctx.rng("transition")
    sizes = _unnamed_sizes(prepared)
    which = {"td": "td", "mc": "mc", "sarsa": "sarsa", "qlearning": "qlearning",
             "expected_sarsa": "expected_sarsa"}[ctx.claim_id.split(".")[0]]

    def extra(inst):
        T = _trials(inst)
        N = N_STATES
        alpha = np.broadcast_to(_scalar(inst, "alpha", rng.uniform(0.05, 0.9, T)), (T,))
        gamma = np.broadcast_to(_scalar(inst, "gamma", rng.uniform(0.1, 0.9, T)), (T,))
        Q = rng.normal(size=(T, N, N))
        V = rng.normal(size=(T, N))
        pi = rng.dirichlet(np.ones(N), size=(T, N))
        s, a, s2, a2 = (rng.integers(0, N, T) for _ in range(4))
        r = rng.uniform(-3, 3, T)
        G = rng.uniform(-5, 5, T)
        Q1, V1 = td_step(which, Q, V, pi, s, a, r, s2, a2, G, alpha, gamma)
        rows = np.arange(T)
        f = inst.functions
        f["Q_t"] = _Table(Q, "Q_t over (state, action)")
        f["Q_t+1"] = _Table(Q1, "Q_{t+1} over (state, action)")
        f["V_t"] = f["V"] = _Table(V, "V_t over the states")
        f["V_t+1"] = _Table(V1, "V_{t+1} over the states")
        f["pi"] = _Table(pi, "the policy pi(a | s) (rows s)", order=(1, 0))
        one = lambda x: Val((x + 1).astype(float))  # noqa: E731 - 1-based states and actions
        past = {}
        earlier = _earlier_steps(ctx.rng("earlier steps", T), which, Q, V, pi, s, a, G,
                                 alpha, gamma)
        for sub, got in earlier.items():
            for key, v in got.items():
                if key in ("Q", "V"):
                    f[f"{key}_{sub}"] = _Table(v, f"{key}_{{{sub}}}, the table at step {sub} "
                                                  "of the same run")
                elif key in ("S", "A"):
                    past[f"{key}_{sub}"] = one(v)
                else:
                    past[f"{key}_{sub}"] = Val(v)
        return {**past, "S_t": one(s), "A_t": one(a), "S_t+1": one(s2), "A_t+1": one(a2),
                "R_t+1": Val(r), "G_t": Val(G),
                # the same transition in the boxed algorithms' letters S, A, R, S', A'
                "S": one(s), "A": one(a), "S_prime": one(s2), "A_prime": one(a2), "R": Val(r),
                "delta_t": Val(r + gamma * V[rows, s2] - V[rows, s]),
                **(_earlier_errors(earlier, V, s, gamma, reading) if reading else {}),
                **{name: Val(np.asarray(float(N))) for name in sizes}}

    return extra
