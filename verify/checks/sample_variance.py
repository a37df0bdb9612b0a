"""The sample variance s^2 with Bessel's correction, computed as half the mean squared
difference of the pairs of observations: s^2 = (1 / (n (n - 1))) sum_{i < j} (x_i - x_j)^2.

That is the unbiased U-statistic of the variance, a different expression from the claim's
(1 / (n - 1)) sum_i (x_i - x_bar)^2, so a divisor n + 1, an unsquared deviation or a missing
mean is refuted.  x_bar is the sample mean (a definition).
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from .estimation import MLE_SIZES, _scalar_val, _vec


def pairwise_variance(x: np.ndarray) -> np.ndarray:
    """Half the mean squared difference over the ordered pairs i != j, per row of x (T, n)."""
    n = x.shape[1]
    d = x[:, :, None] - x[:, None, :]
    return (d ** 2).sum(axis=(1, 2)) / (2 * n * (n - 1))


@register("estimation.sample_variance")
def _sample_variance(stmt, ctx):
    """s (its square the unbiased sample variance) and x_bar of a random sample x."""
    def extra(inst):
        x = _vec(inst, "x")
        return {"s": _scalar_val(np.sqrt(pairwise_variance(x))), "x_bar": _scalar_val(x.mean(axis=1))}
    return ctx.numeric(stmt, extra=extra, dims=MLE_SIZES)
