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


def _integrate(t, logpost, value):
    """First and second moments of a density known up to a constant, integrated in a variable
    t on the whole line (param = value(t), logpost including the Jacobian): in t the density is
    smooth with exponential tails, so the trapezoid rule converges fast (per trial)."""
    w = np.exp(logpost - logpost.max(axis=1, keepdims=True))
    z = np.trapezoid(w, t, axis=1)
    v = value(t)
    return np.trapezoid(w * v, t, axis=1) / z, np.trapezoid(w * v ** 2, t, axis=1) / z


# t grids: tails as flat as e^{alpha t} reach far; lambda = e^t stays below e^10 (its posterior
# falls like e^{-(beta + n) lambda} there), theta's logit runs both ways
_LOG_GRID = np.linspace(-700.0, 10.0, 80001)[None, :]
_LOGIT_GRID = np.linspace(-700.0, 700.0, 120001)[None, :]


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
            t = _LOG_GRID
            lam = rng.gamma(2.0, 1.5, T)
            x = rng.poisson(lam[:, None], size=(T, n)).astype(float)
            logpost = ((a[:, None] - 1) * t - b[:, None] * np.exp(t) + t  # prior, Jacobian
                       + sum(x[:, i:i + 1] * t - np.exp(t) for i in range(n)))
            value = np.exp
            out["x"] = Val(x[..., None], True)
        else:  # theta = 1 / (1 + e^{-t}); prior Beta(alpha, beta), k successes in n trials
            t = _LOGIT_GRID
            n = np.rint(_scalar(inst, "n", T)) if "n" in inst.values else np.full(T, 6.0)
            k = np.floor(rng.uniform(0, 1, T) * (n + 1))
            log_th, log_1m = -np.logaddexp(0, -t), -np.logaddexp(0, t)
            logpost = ((a[:, None] - 1) * log_th + (b[:, None] - 1) * log_1m
                       + log_th + log_1m                                 # Jacobian
                       + k[:, None] * log_th + (n - k)[:, None] * log_1m)
            value = lambda u: np.exp(-np.logaddexp(0, -u))  # noqa: E731
            out["k"], out["n"] = Val(k), Val(n)
        m1, m2 = _integrate(t, logpost, value)
        out["post_m1"], out["post_m2"] = Val(m1), Val(m2)
        return out

    return ctx.numeric(prepared, extra=extra)
