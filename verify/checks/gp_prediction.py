"""Gaussian-process regression at a test input (Rasmussen & Williams eq. 2.25-2.26), decided by
conditioning a joint Gaussian built from a real kernel.

The check draws training inputs x_1..x_n and keeps the test input x_* the sampler drew, picks a
squared-exponential kernel k with a random signal variance and length scale, and builds the Gram
matrix K = k(X, X), the column k_* = k(X, x_*) and k(x_*, x_*) from it.  The predictive law of
f_* given y = f + noise (variance sigma_n^2, written sigma^2 too) is read off the precision matrix of the joint law of
(f_*, y), never from the closed forms the claims state, so a dropped noise term, a missing
inverse or a sign slip is refuted.  The kernel itself is the function ``k`` of the formulas, so
a sheet writing ``k(x_*, x_*)`` gets the prior variance at the test input.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex.probability import CondExpect

from ..custom import register
from ..evidence import Evidence
from ..evaluate import Val
from .nodes import fname, mval, replace, sval


class _Kernel:
    """k(x, x') = s^2 exp(-|x - x'|^2 / (2 l^2)) per trial, on vectors (or scalars)."""

    def __init__(self, s2: np.ndarray, ell: np.ndarray):
        self.s2, self.ell = s2, ell

    def of(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        d2 = ((a - b) ** 2).reshape(a.shape[0], -1).sum(axis=1)
        return self.s2 * np.exp(-d2 / (2 * self.ell ** 2))

    def __call__(self, *args: Val) -> Val:
        if len(args) != 2:
            return Val(np.full(self.s2.shape, np.nan))
        a, b = (np.broadcast_to(np.asarray(v.arr, float), np.broadcast_shapes(
            np.shape(args[0].arr), np.shape(args[1].arr))) for v in args)
        return Val(self.of(a, b))

    def take(self, keep):
        return _Kernel(self.s2[keep], self.ell[keep])

    def describe(self, i):
        return (f"k the squared-exponential kernel with signal variance {self.s2[i]:.4g} "
                f"and length scale {self.ell[i]:.4g}")


_TEST = ("f_*", "y_*")


# what a predictive moment may be conditioned on: the targets y (or the data D) and the inputs,
# which the check holds fixed
_DATA = ("y", "D")
_INPUTS = ("X", "x_*")


def _given_data(given) -> bool:
    """Is a conditioning the data the predictive law conditions on (y, maybe with the inputs)?"""
    names = [getattr(g, "name", None) for g in given.args]
    return any(n in _DATA for n in names) and all(n in _DATA + _INPUTS for n in names)


def _named_moments(stmt):
    """Var(f_*) / V[f_*] and E[f_*] -> the symbols the check fills (the predictive moments);
    so are E[f_* | y] and E[f_*^2 | y] (a Var(f_* | y) is read as their difference,
    ``latex/vector_conditionals.py``) given the targets, with or without the inputs."""
    def rule(e):
        if isinstance(e, (ops.Var, ops.E)) and len(e.args) == 1 and str(e.args[0]) in _TEST:
            kind = "var" if isinstance(e, ops.Var) else "mean"
            return sp.Symbol(f"{kind}_{e.args[0]}")
        if isinstance(e, CondExpect) and _given_data(e.args[1]):
            body = e.args[0]
            base, k = (body.base, body.exp) if isinstance(body, sp.Pow) else (body, 1)
            if str(base) in _TEST and k in (1, 2):
                return sp.Symbol(f"{'mean' if k == 1 else 'm2'}_{base}")
        return None
    return replace(stmt, rule)


@register("gp.predictive")
def _gp_predictive(stmt, ctx):
    """Predictive mean and variance of f_* (and y_*) by conditioning the joint Gaussian."""
    rng = ctx.rng("gp")
    if any(isinstance(e, CondExpect) and not _given_data(e.args[1])
           for r in stmt.relations for side in (r.lhs, r.rhs)
           for e in sp.preorder_traversal(side)):
        # E[f_* | f], noise-free: another quantity than the predictive law given the targets
        return Evidence("undecided", "custom:gp.predictive", seed=ctx.seed,
                        detail="a moment conditioned on something other than the targets")
    prepared = _named_moments(stmt)
    used = {str(x) for r in prepared.relations for side in (r.lhs, r.rhs)
            for x in getattr(side, "free_symbols", ())}
    # the noise as the formula writes it (sigma_n^2 or sigma^2): the other name is unused
    noise = next((n for n in ("sigma", "sigma_n") if n in used), "sigma")

    def extra(inst):
        if "x_*" not in inst.values or noise not in inst.values:
            return {}
        xs = np.asarray(inst.values["x_*"].arr, float)
        T = xs.shape[0]
        n = inst.dims.get("n", 3)
        xs = xs.reshape(T, -1)
        d = xs.shape[1]
        X = rng.normal(size=(T, n, d)) * 1.2
        kern = _Kernel(rng.uniform(0.5, 2.0, T), rng.uniform(0.5, 2.0, T))
        K = np.empty((T, n, n))
        for i in range(n):
            for j in range(n):
                K[:, i, j] = kern.of(X[:, i], X[:, j])
        ks = np.stack([kern.of(X[:, i], xs) for i in range(n)], axis=1)      # (T, n)
        kss = kern.of(xs, xs)
        s2 = np.asarray(inst.values[noise].arr, float).reshape(T) ** 2
        y = np.asarray(inst.values["y"].arr, float).reshape(T, n) if "y" in inst.values \
            else rng.normal(size=(T, n))
        # joint covariance of (f_*, y) and its precision: condition f_* on y
        joint = np.zeros((T, n + 1, n + 1))
        joint[:, 0, 0] = kss
        joint[:, 0, 1:] = ks
        joint[:, 1:, 0] = ks
        joint[:, 1:, 1:] = K + s2[:, None, None] * np.eye(n)
        P = np.linalg.inv(joint)
        var = 1.0 / P[:, 0, 0]
        mean = -var * np.einsum("tj,tj->t", P[:, 0, 1:], y)
        inst.functions["k"] = kern
        out = {"K": mval(K), "k_*": mval(ks[..., None]), "y": mval(y[..., None]),
               "f_bar_*": sval(mean), "mu_*": sval(mean), "mean_f_*": sval(mean),
               "mean_y_*": sval(mean), "var_f_*": sval(var), "var_y_*": sval(var + s2),
               "sigma_*": sval(np.sqrt(var)), "m2_f_*": sval(var + mean ** 2),
               "m2_y_*": sval(var + s2 + mean ** 2)}
        return out

    return ctx.numeric(prepared, extra=extra)
