"""The rate-distortion function R(D) of a Gaussian source of variance sigma^2 under squared
error: the least mutual information I(X; Xhat) over test channels with E(X - Xhat)^2 <= D.
Computed by minimising over the Gaussian channels Xhat = a X + N (N independent, of variance
s = D - (1 - a)^2 sigma^2, the whole distortion budget), whose information is
1/2 log(1 + a^2 sigma^2 / s), by bounded scalar search over a -- never from the
1/2 log(sigma^2 / D) closed form.  Zero for D >= sigma^2 (Xhat = 0 costs nothing)."""
from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

from ..custom import register
from ..evaluate import EvalError, Val
from .channel_capacity import line_unit


def gaussian_rate(D: float, var: float) -> float:
    """R(D) in nats for a N(0, var) source, by minimising over Gaussian test channels."""
    if D >= var:
        return 0.0
    r = np.sqrt(D / var)

    def info(a):
        s = D - (1 - a) ** 2 * var
        return 0.5 * np.log1p(a * a * var / s) if s > 0 else np.inf

    res = minimize_scalar(info, bounds=(1 - r + 1e-12, 1 + r - 1e-12), method="bounded",
                          options={"xatol": 1e-12})
    return float(res.fun)


class _Rate:
    """R as a per-trial function of the distortion: each trial has its own source variance."""

    def __init__(self, var, unit):
        self.var, self.unit = np.asarray(var, float), unit

    def __call__(self, *args):
        if len(args) != 1:
            raise EvalError("R is a function of the distortion alone")
        D = np.broadcast_to(np.asarray(args[0].arr, float), self.var.shape)
        return Val(np.array([gaussian_rate(d, v) for d, v in zip(D.ravel(), self.var.ravel())]
                            ).reshape(self.var.shape) / self.unit)

    def take(self, keep):
        return _Rate(self.var[keep], self.unit)

    def describe(self, i):
        return (f"the rate-distortion function of a N(0, {float(self.var.ravel()[i]):.4g}) "
                "source, minimised over Gaussian test channels")


@register("information.gaussian_rate_distortion")
def _gaussian_rate_distortion(stmt, ctx):
    """R is the computed rate-distortion function of a N(0, sigma^2) source, in the unit of the
    line's logarithms (bits for log_2).  Only a line that names it R(...) = ... is decided: R
    is no general quantity a renaming could stand for (h(X) <= 1/2 log(2 pi e sigma^2) is
    another statement)."""
    for r in stmt.relations:
        if not (r.op == "=" and getattr(r.lhs, "func", None) is not None
                and str(r.lhs.func) == "R" and len(r.lhs.args) == 1):
            raise EvalError("the rate-distortion function is decided only where the line "
                            "names it R(D) = ...")
    unit = line_unit(stmt)

    def extra(inst):
        sigma = np.asarray(inst.values["sigma"].arr, float)
        inst.functions["R"] = _Rate(sigma ** 2, unit)
        return {}

    return ctx.numeric(stmt, extra=extra)
