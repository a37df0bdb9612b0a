"""The effective sample size of importance weights (Kish), decided from what it means: the
number of equally weighted draws whose mean has the variance of the weighted mean.

For n independent draws of unit variance, the weighted mean sum_i w_i Y_i / sum_j w_j has the
variance of a linear combination, sum_i a_i^2 with a = w / sum(w), computed here from the
covariance a^T I a; a plain mean of m draws has variance 1 / m, so ESS = 1 / (a^T I a).
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from .nodes import sval


@register("importance.ess")
def _ess(stmt, ctx):
    """ESS of the sampled positive weights w (module docstring)."""

    def extra(inst):
        w = np.asarray(inst.values["w"].arr, float)
        w = w.reshape(w.shape[0], -1)
        a = w / w.sum(axis=1, keepdims=True)
        cov = np.eye(a.shape[1])  # independent draws of unit variance
        variance = np.einsum("ti,ij,tj->t", a, cov, a)
        return {"ESS": sval(1.0 / variance)}

    return ctx.numeric(stmt, extra=extra)
