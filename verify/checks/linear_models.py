"""Custom checks of the linear-model claims (logistic and softmax regression, Gaussian
generative classifiers).

* ``linear_models.logistic``: NLL(w) is supplied as the logistic negative log-likelihood of the
  instance's data (X N x D, one sample per row, labels y), so its gradient and Hessian are finite
  differences of the loss itself; mu = sigma(X w), S = diag(mu (1 - mu)) and the IRLS working
  response z = X w + S^{-1} (y - mu) are the quantities the formulas name.
* ``linear_models.softmax_targets``: the targets y_i are made probability vectors (rows of a
  random softmax), as one-hot labels and soft labels are.
* ``linear_models.gaussian_classes``: p(y = 1 | x) by Bayes' rule with scipy's Gaussian
  densities (shared covariance for LDA, one per class for QDA) and priors pi_1, pi_0 = 1 - pi_1.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import special, stats

from cheatsheet import ops
from ..custom import register
from ..evaluate import Val
from .theory import replace


def _mval(a) -> Val:
    return Val(np.asarray(a, float), True)


def _sval(a) -> Val:
    return Val(np.asarray(a, float), False)


class _LogisticNLL:
    """w -> -sum_i [y_i log sigma(x_i^T w) + (1 - y_i) log(1 - sigma(x_i^T w))] for the
    per-trial data X (T, N, D) and y (T, N, 1); stable through logaddexp."""

    def __init__(self, X, y):
        self.X, self.y = X, y

    def __call__(self, w: Val) -> Val:
        nb = w.nbatch
        X = self.X.reshape(self.X.shape[:1] + (1,) * (nb - 1) + self.X.shape[1:])
        y = self.y.reshape(self.y.shape[:1] + (1,) * (nb - 1) + self.y.shape[1:])
        t = X @ w.arr  # logits (..., N, 1)
        nll = y * np.logaddexp(0, -t) + (1 - y) * np.logaddexp(0, t)
        return Val(nll.sum(axis=(-1, -2)))

    def take(self, keep):
        return _LogisticNLL(self.X[keep], self.y[keep])

    def describe(self, i):
        return "the logistic negative log-likelihood of (X, y)"


@register("linear_models.logistic")
def _logistic(stmt, ctx):
    def extra(inst):
        X, w, y = (inst.values[n].arr for n in ("X", "w", "y"))
        inst.functions["NLL"] = _LogisticNLL(X, y)
        mu = special.expit(X @ w)
        s = (mu * (1 - mu))[..., 0]
        out = {"mu": _mval(mu), "S": _mval(s[..., None] * np.eye(s.shape[-1]))}
        if "z" in ctx.decls:
            out["z"] = _mval(X @ w + (y - mu) / (mu * (1 - mu)))
        return out

    return ctx.numeric(stmt, extra=extra)


@register("linear_models.softmax_targets")
def _softmax_targets(stmt, ctx):
    def extra(inst):
        y = inst.values["y"].arr  # (T, K, N): the columns are the targets y_i
        return {"y": _mval(special.softmax(2 * y, axis=-2))}

    return ctx.numeric(stmt, extra=extra)


@register("linear_models.gaussian_classes")
def _gaussian_classes(stmt, ctx):
    """Every p(...) of the formula is the posterior of class 1, from scipy's densities."""
    post = sp.Symbol("posterior_exact")
    st = replace(stmt, lambda e: post if isinstance(e, ops.Prob) else None)

    def extra(inst):
        x, m0, m1, pi1 = (inst.values[n].arr for n in ("x", "mu_0", "mu_1", "pi_1"))
        shared = "Sigma" in inst.values
        S0 = inst.values["Sigma" if shared else "Sigma_0"].arr
        S1 = inst.values["Sigma" if shared else "Sigma_1"].arr
        out = []
        for t in range(len(x)):
            l1 = stats.multivariate_normal(m1[t, :, 0], S1[t]).logpdf(x[t, :, 0])
            l0 = stats.multivariate_normal(m0[t, :, 0], S0[t]).logpdf(x[t, :, 0])
            a1, a0 = np.log(pi1[t]) + l1, np.log1p(-pi1[t]) + l0
            out.append(np.exp(a1 - np.logaddexp(a1, a0)))
        return {"posterior_exact": _sval(out), "pi_0": _sval(1 - pi1)}

    return ctx.numeric(st, extra=extra)
