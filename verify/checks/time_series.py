"""The stationary AR(1) process x_t = c + phi x_{t-1} + w_t (|phi| < 1, white noise w_t of
variance sigma^2), decided from its causal moving-average form, never from the closed forms.

x_t = c sum_j phi^j + sum_j phi^j w_{t-j}, so the check sums the series (to 1000 terms: with
|phi| <= 0.9 the rest is below 1e-44, far past double precision): the mean c sum_j phi^j and
the autocovariance gamma(h) = sigma^2 sum_j phi^j phi^{j+|h|}, the autocorrelation
gamma(h) / gamma(0).  They
are the functions ``gamma`` and ``rho`` of the formulas, and Var(x_t), E[x_t] the values
gamma(0) and the mean.  sigma_w is sigma written with the white noise's subscript.
"""
from __future__ import annotations

import re

import numpy as np
import sympy as sp

from cheatsheet import ops

from ..custom import register
from ..evaluate import Val
from .nodes import replace, sval

_TERMS = 1000  # 4000 summed 3000 terms below 1e-180 (issue 12: most of ar1's CPU time)


class _Lagged:
    """A function of the (integer) lag h, per trial: an autocovariance or autocorrelation."""

    def __init__(self, phi: np.ndarray, scale: np.ndarray, text: str):
        self.phi, self.scale, self.text = phi, scale, text

    def __call__(self, *args: Val) -> Val:
        T = self.phi.shape[0]
        if len(args) != 1:
            return Val(np.full(T, np.nan))
        h = np.broadcast_to(np.asarray(args[0].arr, float).reshape(-1)
                            if np.ndim(args[0].arr) else np.asarray(args[0].arr, float), (T,))
        k = np.rint(h)
        bad = ~np.isfinite(h) | (np.abs(h - k) > 1e-9)
        lag = np.abs(np.where(bad, 0, k)).astype(int)
        j = np.arange(_TERMS)[None, :]
        # sum_j phi^j phi^{j+|h|}, summed term by term (not the geometric closed form)
        terms = self.phi[:, None] ** j * self.phi[:, None] ** (j + lag[:, None])
        out = self.scale * terms.sum(axis=1)
        return Val(np.where(bad, np.nan, out))

    def take(self, keep):
        return _Lagged(self.phi[keep], self.scale[keep], self.text)

    def describe(self, i):
        return f"{self.text} of the AR(1) process with phi = {self.phi[i]:.4g}"


_MEMBER = re.compile(r"x_t([+-]\d+)?$")


def _moments(stmt):
    """Var(x_t) and E[x_t] -> the symbols the check fills (x_{t-1}, x_{t+1} alike: the process
    is stationary, so every member has the same mean and variance)."""
    def rule(e):
        if isinstance(e, (ops.Var, ops.E)) and len(e.args) == 1 and _MEMBER.match(str(e.args[0])):
            return sp.Symbol("var_x" if isinstance(e, ops.Var) else "mean_x")
        return None
    return replace(stmt, rule)


@register("timeseries.ar1")
def _ar1(stmt, ctx):
    """Mean, variance, autocovariance and autocorrelation of a stationary AR(1) (docstring)."""
    prepared = _moments(stmt)
    used = {str(x) for r in prepared.relations for side in (r.lhs, r.rhs)
            for x in getattr(side, "free_symbols", ())}
    noise = next((n for n in ("sigma", "sigma_w") if n in used), "sigma")

    def extra(inst):
        if "phi" not in inst.values:
            return {}
        phi = np.asarray(inst.values["phi"].arr, float).reshape(-1)
        T = phi.shape[0]
        s2 = (np.asarray(inst.values[noise].arr, float).reshape(-1) ** 2
              if noise in inst.values else np.ones(T))
        s2 = np.broadcast_to(s2, (T,))
        gamma = _Lagged(phi, s2, "the autocovariance")
        rho = _Lagged(phi, 1.0 / gamma(Val(np.zeros(T))).arr, "the autocorrelation")
        inst.functions["gamma"], inst.functions["rho"] = gamma, rho
        out = {"var_x": sval(gamma(Val(np.zeros(T))).arr)}
        if "c" in inst.values:
            c = np.broadcast_to(np.asarray(inst.values["c"].arr, float).reshape(-1), (T,))
            mean = c * (phi[:, None] ** np.arange(_TERMS)[None, :]).sum(axis=1)
            out["mean_x"] = out["mu"] = sval(mean)
        else:
            out["mean_x"] = sval(np.zeros(T))
        return out

    return ctx.numeric(prepared, extra=extra)


_RETURN = re.compile(r"(?:r|epsilon|a|u|y)_t([+-]\d+)?$")


@register("timeseries.garch11")
def _garch11(stmt, ctx):
    """The unconditional variance of a GARCH(1,1) return r_t = sigma_t z_t with sigma_t^2 =
    omega + alpha r_{t-1}^2 + beta sigma_{t-1}^2 (z_t iid, mean 0, variance 1): E[r_t^2] =
    E[sigma_t^2] obeys v_t = omega + (alpha + beta) v_{t-1}, iterated here from v_0 = 0 until
    it settles (alpha + beta < 1), never from the closed form; Var(r_t) and E[sigma_t^2] are
    given that value."""
    def rule(e):
        if isinstance(e, ops.Var) and len(e.args) == 1 and _RETURN.match(str(e.args[0])):
            return sp.Symbol("v_uncond")
        if isinstance(e, ops.E) and len(e.args) == 1 and isinstance(e.args[0], sp.Pow) \
                and e.args[0].exp == 2 and re.match(r"(?:sigma|h)_t|r_t", str(e.args[0].base)):
            return sp.Symbol("v_uncond")
        return None

    prepared = replace(stmt, rule)

    def extra(inst):
        om, a, b = (np.asarray(inst.values[n].arr, float).reshape(-1)
                    for n in ("omega", "alpha", "beta"))
        v = np.zeros_like(om)
        for _ in range(_TERMS):  # v_t = omega + (alpha + beta) v_{t-1}: E[r_t^2] step by step
            v = om + (a + b) * v
        return {"v_uncond": sval(v), "sigma_bar": sval(np.sqrt(v))}

    return ctx.numeric(prepared, extra=extra)
