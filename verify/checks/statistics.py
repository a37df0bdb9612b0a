"""Custom checks of statistics claims public cheat sheets state: the adjusted R^2, the QDA
discriminant and the pooled two-proportion z statistic.  Each computes its value apart from the
formula:

* ``statistics.adjusted_r2``: random regression data (n samples, p or d predictors, an intercept)
  fitted by least squares; R^2 = 1 - SS_res / SS_tot, and the adjusted R^2 as one minus the
  ratio of the unbiased variance estimates of the residuals and of y (NumPy's ddof); RSS and
  TSS, where a claim writes them, are the fit's two sums of squares.
* ``statistics.qda``: delta_k(x) is log(pi_k N(x; mu_k, Sigma_k)) + (D/2) log(2 pi), from
  scipy's Gaussian density: the log posterior of class k up to what every class shares.
* ``statistics.two_proportion_z``: two binomial samples; z^2 is Pearson's chi-squared statistic
  of their 2 x 2 table (scipy, no continuity correction), z has the sign of p_hat_1 - p_hat_2.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import stats

from ..custom import register
from ..evaluate import Val
from .theory import replace


def _trials(inst) -> int:
    return max((v.arr.shape[0] for v in inst.values.values() if np.ndim(v.arr)), default=1)


def _ints(inst, name, T):
    return np.broadcast_to(np.rint(np.asarray(inst.values[name].arr, float)).reshape(-1),
                           (T,)).astype(int)


def fit_sums(X: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    """R^2, adjusted R^2, RSS and TSS of the least-squares fit of y on [1, X].  The adjusted
    R^2 is one minus the ratio of NumPy's unbiased variance estimates (ddof = p + 1 for the
    residuals, 1 for y), not any closed form in R^2 or in the sums."""
    n, p = X.shape
    A = np.column_stack([np.ones(n), X])
    beta, *_ = np.linalg.lstsq(A, y, rcond=None)
    resid = y - A @ beta
    ss_res = float(np.sum(resid ** 2))
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    adj = 1 - np.var(resid, ddof=p + 1) / np.var(y, ddof=1)  # (residuals have mean 0)
    return 1 - ss_res / ss_tot, float(adj), ss_res, ss_tot


def r_squared(X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """R^2 and adjusted R^2 of the least-squares fit of y on [1, X]."""
    return fit_sums(X, y)[:2]


@register("statistics.adjusted_r2")
def _adjusted_r2(stmt, ctx):
    """R^2 and its adjusted form of a random regression with the instance's n and p."""
    rng = ctx.rng("regression")
    r2, adj = sp.Symbol("R2_fit"), sp.Symbol("R2_adjusted_fit")

    def swap(e):
        if isinstance(e, sp.Pow) and e.exp == 2 and isinstance(e.base, sp.Symbol):
            if e.base.name == "R":
                return r2
            if e.base.name == "R_bar":
                return adj
        return None

    st = replace(stmt, swap)

    def extra(inst):
        T = _trials(inst)
        n = _ints(inst, "n", T)  # (the predictors: p, or d in ISLR's letters)
        p = _ints(inst, "p" if "p" in inst.values else "d", T)
        out = np.full((4, T), np.nan)
        for t in range(T):
            if n[t] - p[t] - 1 < 1:
                continue
            X = rng.normal(size=(n[t], p[t]))
            y = X @ rng.normal(size=p[t]) * rng.uniform(0, 1) + rng.normal(size=n[t])
            out[:, t] = fit_sums(X, y)
        got = {"R2_fit": Val(out[0]), "R2_adjusted_fit": Val(out[1])}
        for k, name in ((2, "RSS"), (3, "TSS")):  # the sums, where the claim writes them
            if name in inst.values:
                got[name] = Val(out[k])
        return got

    return ctx.numeric(st, extra=extra)


class _Discriminant:
    """x -> log(pi_k N(x; mu_k, Sigma_k)) + (D/2) log(2 pi), per trial."""

    def __init__(self, mu, Sigma, prior):
        self.mu, self.Sigma, self.prior = mu, Sigma, prior

    def __call__(self, x: Val) -> Val:
        xs = np.asarray(x.arr, float)
        T, D = self.mu.shape[0], self.mu.shape[1]
        xs = np.broadcast_to(xs, (T, D, 1))
        out = np.array([np.log(self.prior[t]) + D / 2 * np.log(2 * np.pi)
                        + stats.multivariate_normal(self.mu[t, :, 0], self.Sigma[t])
                        .logpdf(xs[t, :, 0]) for t in range(T)])
        return Val(out)

    def take(self, keep):
        return _Discriminant(self.mu[keep], self.Sigma[keep], self.prior[keep])

    def describe(self, i):
        return "log(pi_k N(x; mu_k, Sigma_k)) + (D/2) log 2pi"


@register("statistics.qda")
def _qda(stmt, ctx):
    def extra(inst):
        T = _trials(inst)
        prior = np.broadcast_to(np.asarray(inst.values["pi_k"].arr, float).reshape(-1), (T,))
        inst.functions["delta_k"] = _Discriminant(inst.values["mu_k"].arr,
                                                  inst.values["Sigma_k"].arr, prior)
        return {}

    return ctx.numeric(stmt, extra=extra)


@register("statistics.two_proportion_z")
def _two_proportion_z(stmt, ctx):
    """Two binomial samples of the instance's sizes; z from Pearson's chi-squared."""
    rng = ctx.rng("samples")

    def extra(inst):
        T = _trials(inst)
        n1, n2 = _ints(inst, "n_1", T), _ints(inst, "n_2", T)
        z, p1, p2, pooled = (np.full(T, np.nan) for _ in range(4))
        for t in range(T):
            q1, q2 = rng.uniform(0.1, 0.9, 2)
            x1, x2 = rng.binomial(n1[t], q1), rng.binomial(n2[t], q2)
            table = np.array([[x1, n1[t] - x1], [x2, n2[t] - x2]])
            if x1 / n1[t] == x2 / n2[t] or min(table.sum(axis=0)) == 0:
                continue  # no difference, or a column of zeros: no statistic
            chi2 = stats.chi2_contingency(table, correction=False)[0]
            p1[t], p2[t] = x1 / n1[t], x2 / n2[t]
            z[t] = np.sign(p1[t] - p2[t]) * np.sqrt(chi2)
            pooled[t] = (x1 + x2) / (n1[t] + n2[t])
        return {"z": Val(z), "p_hat_1": Val(p1), "p_hat_2": Val(p2), "p_hat": Val(pooled)}

    return ctx.numeric(stmt, extra=extra)
