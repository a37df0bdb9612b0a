"""The Huber loss and PyTorch's smooth L1 loss, computed as a Moreau envelope, never from the
piecewise formulas the claims state.

The Huber loss with threshold delta is the Moreau envelope of delta |.|:
L_delta(a) = min_z 1/2 (a - z)^2 + delta |z|, whose minimiser is the soft threshold
z = sign(a) max(|a| - delta, 0).  The check evaluates that (no cases written out), so a slip in
either case of a sheet's formula, or in the boundary between them, is refuted.  Smooth L1 with
parameter beta (torch.nn.SmoothL1Loss) is the Huber loss with delta = beta, divided by beta.
Derivatives of the functions are taken by the evaluator (central differences).
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import Val
from .nn import Injected


def huber(a: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """min_z 1/2 (a - z)^2 + delta |z|, at the soft-threshold minimiser."""
    z = np.sign(a) * np.maximum(np.abs(a) - delta, 0.0)
    return 0.5 * (a - z) ** 2 + delta * np.abs(z)


def _param(inst, names):
    for n in names:
        if n in inst.values:
            return np.asarray(inst.values[n].arr, float)
    return None


@register("robust.huber")
def _huber(stmt, ctx):
    """L_delta (Huber) and ell_beta (smooth L1) as Moreau envelopes (module docstring)."""
    def extra(inst):
        delta = _param(inst, ("delta",))
        beta = _param(inst, ("beta",))
        if delta is not None:
            inst.functions["L_delta"] = Injected(
                lambda d, v: Val(huber(np.asarray(v.arr, float), d["p"])),
                "the Huber loss, min over z of (a - z)²/2 + δ|z|", {"p": delta})
        if beta is not None:
            inst.functions["ell_beta"] = Injected(
                lambda d, v: Val(huber(np.asarray(v.arr, float), d["p"]) / d["p"]),
                "smooth L1: the Huber loss with δ = β, divided by β", {"p": beta})
        return {}

    return ctx.numeric(stmt, extra=extra)
