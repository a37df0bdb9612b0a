"""The exact line-search step on a convex quadratic f(x) = 1/2 x^T Q x - b^T x, found by
search along the direction, never from the closed form.

For each trial a point x and the gradient g = Qx - b there are drawn (b follows from them), and
the direction d is the sampled one (or -g where the formula has no d).  The step alpha that
minimises t -> f(x + t d) is located by bisection on the sign of the directional derivative
(Q(x + t d) - b)^T d, which is increasing in t since Q is positive definite; it is accurate to
rounding, unlike a search on the values of f, which are flat near the minimum.
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import Val


def exact_step(Q: np.ndarray, g: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Per trial, the t minimising f(x + t d) for f = 1/2 x^T Q x - b^T x with gradient g at x
    (shapes (T, n, n), (T, n, 1), (T, n, 1)); a point x is drawn and b = Qx - g."""
    rng = np.random.default_rng(len(Q))
    x = rng.standard_normal(g.shape)
    b = Q @ x - g

    def slope(t):  # d/dt f(x + t d) = (Q(x + t d) - b)^T d
        y = x + t[:, None, None] * d
        return ((Q @ y - b) * d).sum(axis=(1, 2))

    bound = 1.0
    for _ in range(200):  # a bracket [-bound, bound] with the slope changing sign inside
        inside = (slope(-np.full(len(Q), bound)) <= 0) & (slope(np.full(len(Q), bound)) >= 0)
        if inside.all():
            break
        bound *= 4
    lo, hi = np.full(len(Q), -bound), np.full(len(Q), bound)
    for _ in range(200):
        mid = (lo + hi) / 2
        up = slope(mid) > 0
        lo, hi = np.where(up, lo, mid), np.where(up, mid, hi)
    return (lo + hi) / 2


@register("linesearch.exact_step")
def _exact_step(stmt, ctx):
    """alpha: the exact minimiser of f along d (or along -g), by bisection (module docstring)."""

    def extra(inst):
        Q = np.asarray(inst.values["Q"].arr, float)
        g = np.asarray(inst.values["g"].arr, float).reshape(len(Q), -1, 1)
        d = (np.asarray(inst.values["d"].arr, float).reshape(g.shape) if "d" in inst.values
             else -g)
        return {"alpha": Val(exact_step(Q, g, d))}

    return ctx.numeric(stmt, extra=extra)
