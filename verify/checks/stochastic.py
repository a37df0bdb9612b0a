"""Stochastic differential equations with known moments or solutions, decided by integrating
the equations numerically, never from the closed forms.

* Ornstein-Uhlenbeck dX_t = theta (mu - X_t) dt + sigma dW_t, X_0 = x_0 (mu = 0 where the
  formula has no mu): its mean m and variance v obey the moment equations m' = theta (mu - m),
  v' = -2 theta v + sigma^2 (Ito's isometry), integrated by classical Runge-Kutta from t = 0.
* Geometric Brownian motion dS_t = mu S_t dt + sigma S_t dW_t: a Brownian path is drawn on a
  grid of step 1e-4 and the equation integrated along it by Milstein's scheme (strong order 1); the
  path's W_t is handed to the formula with the S_t it led to.
"""
from __future__ import annotations

import re

import numpy as np
import sympy as sp

from cheatsheet import ops

from ..custom import register
from ..evaluate import Val
from .nodes import replace, sval

_RK_STEPS = 2000


def _arr(inst, name, T, default=None):
    if name not in inst.values:
        return np.full(T, default, float)
    return np.broadcast_to(np.asarray(inst.values[name].arr, float).reshape(-1), (T,))


def _lag(name: str, letter: str):
    """The offset k of a member ``{letter}_{t+k}`` of a process (0 for X_t), else None."""
    m = re.fullmatch(letter + r"_t([+-]\d+)?", name)
    return None if m is None else int(m.group(1) or 0)


def _moments_of(stmt):
    """E[X_{t+k}] and Var(X_{t+k}) -> symbols mean_X{k}, var_X{k} the check fills; the offsets."""
    lags = set()

    def rule(e):
        if isinstance(e, (ops.Var, ops.E)) and len(e.args) == 1:
            k = _lag(str(e.args[0]), "X")
            if k is not None:
                lags.add(k)
                return sp.Symbol(("var_X" if isinstance(e, ops.Var) else "mean_X") + str(k))
        return None
    return replace(stmt, rule), lags


def ou_moments(theta, mu, sigma, x0, t):
    """Mean and variance of the OU process at time t, from its moment equations by RK4."""
    h = t / _RK_STEPS

    def rhs(m, v):
        return theta * (mu - m), -2 * theta * v + sigma ** 2

    m, v = x0.copy(), np.zeros_like(x0)
    for _ in range(_RK_STEPS):
        k1 = rhs(m, v)
        k2 = rhs(m + h / 2 * k1[0], v + h / 2 * k1[1])
        k3 = rhs(m + h / 2 * k2[0], v + h / 2 * k2[1])
        k4 = rhs(m + h * k3[0], v + h * k3[1])
        m = m + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        v = v + h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
    return m, v


@register("sde.ou_moments")
def _ou(stmt, ctx):
    """Mean and variance at time t of an Ornstein-Uhlenbeck process (module docstring)."""
    prepared, lags = _moments_of(stmt)

    def extra(inst):
        T = len(np.asarray(inst.values["theta"].arr).reshape(-1))
        theta, sigma = _arr(inst, "theta", T), _arr(inst, "sigma", T, 1.0)
        mu, x0, t = _arr(inst, "mu", T, 0.0), _arr(inst, "x_0", T, 0.0), _arr(inst, "t", T)
        out = {}
        for k in lags:  # the moments at time t + k (none before the start)
            m, v = ou_moments(theta, mu, sigma, x0, np.maximum(t + k, 0.0))
            before = t + k < 0
            out[f"mean_X{k}"] = sval(np.where(before, np.nan, m))
            out[f"var_X{k}"] = sval(np.where(before, np.nan, v))
        return out

    return ctx.numeric(prepared, extra=extra)


_BLOCK = 2048  # steps drawn and integrated at once (a T x 2048 block, whatever the trials)


def gbm_path(mu, sigma, s0, times, rng):
    """{time: (W, S)} per trial: a Brownian path on a grid of step 1e-4 (times rounded to it)
    and dS = mu S dt + sigma S dW integrated along it by Milstein's scheme.  ``times`` maps a
    key to per-trial times; a negative time gives NaN.  The steps go by blocks: one draw of
    a block's increments is the same numbers as one draw per step, and running sums and
    products (``accumulate``) add and multiply in the same order as the step-by-step loop, so
    the path is the loop's bit for bit at a fraction of its Python overhead (issue 12)."""
    h = 1e-4
    at = {key: np.rint(np.asarray(tt, float) / h).astype(int) for key, tt in times.items()}
    steps = max(int(a.max()) for a in at.values()) if at else 0
    w, s = np.zeros_like(s0), s0.copy()
    out = {key: [np.full_like(s0, np.nan), np.full_like(s0, np.nan)] for key in at}
    for start in range(0, steps + 1, _BLOCK):
        n = min(_BLOCK, steps + 1 - start)
        # the values before each step of the block: (w, s) now, then after each of n - 1 steps
        dw = rng.standard_normal((n,) + s0.shape) * np.sqrt(h)
        factor = 1 + mu * h + sigma * dw + 0.5 * sigma ** 2 * (dw * dw - h)
        ws = np.add.accumulate(np.concatenate([w[None], dw]), axis=0)
        ss = np.multiply.accumulate(np.concatenate([s[None], factor]), axis=0)
        for key, a in at.items():
            hit = (a >= start) & (a < start + n)
            idx = np.flatnonzero(hit)
            out[key][0][idx] = ws[a[idx] - start, idx]
            out[key][1][idx] = ss[a[idx] - start, idx]
        w, s = ws[n], ss[n]
    return out


@register("sde.gbm_path")
def _gbm(stmt, ctx):
    """The value at time t of geometric Brownian motion along a drawn path (module docstring)."""
    rng = ctx.rng("path")
    names = {str(x) for r in stmt.relations for side in (r.lhs, r.rhs)
             for x in getattr(side, "free_symbols", ())}
    lags = {k for n in names for k in (_lag(n, "S"), _lag(n, "W")) if k is not None} | {0}

    def extra(inst):
        T = len(np.asarray(inst.values["sigma"].arr).reshape(-1))
        mu, sigma = _arr(inst, "mu", T), _arr(inst, "sigma", T)
        s0, t = _arr(inst, "S_0", T, 1.0), _arr(inst, "t", T)
        path = gbm_path(mu, sigma, s0, {k: t + k for k in lags}, rng)
        out = {}
        for k, (w, s) in path.items():  # the members S_{t+k}, W_{t+k} of the path
            tag = "" if k == 0 else f"{k:+d}"
            out[f"W_t{tag}"], out[f"S_t{tag}"] = sval(w), sval(s)
        return out

    return ctx.numeric(stmt, extra=extra)
