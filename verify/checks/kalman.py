"""The Kalman filter's measurement update, computed in information form.

For a prior N(x_hat_{k|k-1}, P_{k|k-1}) of the state and a measurement z_k = H x + v with
v ~ N(0, R), the posterior is Gaussian with precision P_{k|k-1}^{-1} + H^T R^{-1} H (precisions
add) and mean P_{k|k} (P_{k|k-1}^{-1} x_hat_{k|k-1} + H^T R^{-1} z_k); the gain is the weight of
the measurement in that mean, K = P_{k|k} H^T R^{-1}.  K_k, H_k and R_k are K, H and R written
with the step index: they get the same values.  None of this is
the covariance form the claims state (P H^T (H P H^T + R)^{-1}, (I - K H) P), so a slip in those
is refuted by a printed instance.  Names are the claims' (verify/../data/claims/kalman.toml).
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import Val
from .optimisation import _num


@register("kalman.update")
def _kalman(stmt, ctx):
    """Posterior mean, covariance and gain of a random linear Gaussian measurement update."""
    def extra(inst):
        # the prior covariance, with the step indices (P_{k|k-1}) or without them (P)
        P = _num(inst, "P_kmidk-1" if "P_kmidk-1" in inst.values else "P")
        H = _num(inst, "H")
        R = _num(inst, "R")
        Ri = np.linalg.inv(R)
        Ht = np.swapaxes(H, -1, -2)
        post = np.linalg.inv(np.linalg.inv(P) + Ht @ Ri @ H)
        gain = Val(post @ Ht @ Ri, True)
        # K_k, H_k, R_k: the same matrices written with the step index (kalman.toml)
        out = {"P_kmidk": Val(post, True), "K": gain, "K_k": gain,
               "H_k": Val(H, True), "R_k": Val(R, True)}
        if "x_hat_kmidk-1" in inst.values and "z_k" in inst.values:
            x, z = _num(inst, "x_hat_kmidk-1"), _num(inst, "z_k")
            out["x_hat_kmidk"] = Val(post @ (np.linalg.solve(P, x) + Ht @ Ri @ z), True)
        return out

    return ctx.numeric(stmt, extra=extra)
