"""Posterior moments of the conjugate pairs Beta-Binomial and Gamma-Poisson, by quadrature of
prior x likelihood, never from the closed-form updates the claims state.

``conjugate.posterior_moments`` draws data for the parameter the claim conditions on (theta:
k successes in n Bernoulli trials; lambda: counts x_1..x_n), multiplies the prior density
(Beta, or Gamma with shape alpha and rate beta, up to constants) by the likelihood, and
integrates over log lambda (or logit theta), where the density is smooth: E[param | D] and
E[param^2 | D] stand in for the formula's conditional moments (a Var(param | D) is read as
their difference).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet.latex.probability import CondExpect

from ..custom import register
from ..evaluate import Val
from .nodes import replace

_PARAMS = ("theta", "lambda")


def _moment_rule(e):
    """E[theta | D] -> post_m1, E[theta^2 | D] -> post_m2 (for theta or lambda)."""
    if isinstance(e, CondExpect):
        what = e.args[0]
        if isinstance(what, sp.Symbol) and what.name in _PARAMS:
            return sp.Symbol("post_m1")
        if isinstance(what, sp.Pow) and getattr(what.base, "name", None) in _PARAMS \
                and what.exp == 2:
            return sp.Symbol("post_m2")
    return None


def _integrate(t, logpost, v):
    """First and second moments of a density known up to a constant, integrated in a variable
    t on the whole line (param = v at t, logpost including the Jacobian): in t the density is
    smooth with exponential tails, so the trapezoid rule converges fast (per trial)."""
    w = np.exp(logpost - logpost.max(axis=1, keepdims=True))
    z = np.trapezoid(w, t, axis=1)
    return np.trapezoid(w * v, t, axis=1) / z, np.trapezoid(w * v ** 2, t, axis=1) / z


def _integrate_rows(T, t, logpost_of, v, rows=16):
    """``_integrate`` a few trials (rows) at a time: ``logpost_of(rows)`` builds the log
    posterior of those trials only.  Each trial's sums run over its own row in the same order,
    so the moments are bit for bit those of the whole batch at once, but the temporaries stay
    small (16 rows, not 144: with a finer grid, a dozen fresh 138 MB arrays per check spent
    about half its CPU time on the page faults of that memory)."""
    m1, m2 = np.empty(T), np.empty(T)
    for i in range(0, T, rows):
        part = slice(i, min(i + rows, T))
        m1[part], m2[part] = _integrate(t, logpost_of(part), v)
    return m1, m2


# t grids: tails as flat as e^{alpha t} reach far; lambda = e^t stays below e^10 (its posterior
# falls like e^{-(beta + n) lambda} there), theta's logit runs both ways.  The densities in t
# are analytic in a strip about the real line, so the trapezoid rule's error falls like
# e^{-c / h} in the spacing h: 0.12 in logit theta and 0.036 in log lambda give the Beta and
# Gamma posterior moments to ~1e-14 (alpha, beta in 0.1..10, n up to 30, sum x up to 200;
# tests/test_check_speedups.py), like grids ten and four times as fine did at that cost
# (issue 12: the Beta-Binomial check was the catalog's third slowest)
_LOG_GRID = np.linspace(-700.0, 10.0, 20001)[None, :]
_LOGIT_GRID = np.linspace(-700.0, 700.0, 12001)[None, :]


# the grids' fixed curves, computed once (the same values each call computed afresh)
_EXP_LOG_GRID = np.exp(_LOG_GRID)
_LOG_TH = -np.logaddexp(0, -_LOGIT_GRID)  # log theta
_LOG_1M = -np.logaddexp(0, _LOGIT_GRID)   # log (1 - theta)
_THETA = np.exp(_LOG_TH)


def _scalar(inst, name, T):
    return np.broadcast_to(np.asarray(inst.values[name].arr, float).reshape(-1), (T,))


@register("conjugate.posterior_moments")
def _posterior_moments(stmt, ctx):
    """Posterior mean and second moment by quadrature (module docstring)."""
    rng = ctx.rng("data")
    prepared = replace(stmt, _moment_rule)
    poisson = ctx.decls.get("lambda") is not None  # Gamma-Poisson, else Beta-Binomial

    def extra(inst):
        a = np.asarray(inst.values["alpha"].arr, float).reshape(-1)
        T = a.shape[0]
        a = _scalar(inst, "alpha", T)
        b = _scalar(inst, "beta", T)
        out = {}
        if poisson:  # lambda = e^t; prior Gamma(alpha, rate beta), counts x_1..x_n
            n = inst.dims.get("n", 4)
            t, e_t = _LOG_GRID, _EXP_LOG_GRID
            v = e_t  # lambda
            lam = rng.gamma(2.0, 1.5, T)
            x = rng.poisson(lam[:, None], size=(T, n)).astype(float)

            def logpost(r):
                return ((a[r, None] - 1) * t - b[r, None] * e_t + t  # prior, Jacobian
                        + sum(x[r, i:i + 1] * t - e_t for i in range(n)))

            out["x"] = Val(x[..., None], True)
        else:  # theta = 1 / (1 + e^{-t}); prior Beta(alpha, beta), k successes in n trials
            t = _LOGIT_GRID
            n = np.rint(_scalar(inst, "n", T)) if "n" in inst.values else np.full(T, 6.0)
            k = np.floor(rng.uniform(0, 1, T) * (n + 1))
            log_th, log_1m, v = _LOG_TH, _LOG_1M, _THETA

            def logpost(r):
                return ((a[r, None] - 1) * log_th + (b[r, None] - 1) * log_1m
                        + log_th + log_1m                                 # Jacobian
                        + k[r, None] * log_th + (n - k)[r, None] * log_1m)

            out["k"], out["n"] = Val(k), Val(n)
        m1, m2 = _integrate_rows(T, t, logpost, v)
        out["post_m1"], out["post_m2"] = Val(m1), Val(m2)
        return out

    return ctx.numeric(prepared, extra=extra)
