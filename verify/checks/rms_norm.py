"""``mechanics.rms_norm``: RMSNorm's output computed as torch.nn.RMSNorm does (the input times
the reciprocal root of its mean square plus epsilon, times the gain), never from the formula
the claim states; decided entry by entry for a width of 3."""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import Val


def rms_norm(x: np.ndarray, g: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """RMSNorm over the features (axis -2 of a batch of column vectors)."""
    mean_square = np.mean(x * x, axis=-2, keepdims=True)
    return x * (1.0 / np.sqrt(mean_square + eps[..., None, None])) * g


@register("mechanics.rms_norm")
def _rms_norm(stmt, ctx):
    """y is the layer's output for the sampled x, gain g and epsilon; the free entry index i
    is set to each of 1, 2, 3."""
    ev = None
    for k in (1, 2, 3):
        def extra(inst, k=k):
            x = np.asarray(inst.values["x"].arr, float)
            g = np.asarray(inst.values["g"].arr, float)
            eps = np.asarray(inst.values["epsilon"].arr, float).reshape(x.shape[:-2])
            return {"y": Val(rms_norm(x, g, eps), True), "i": Val(np.asarray(float(k)))}

        ev = ctx.numeric(stmt, extra=extra, dims=[{"d": 3}],
                         trials=max(8, ctx.options.trials // 3))
        if ev.verdict != "passed":
            return ev
    return ev
