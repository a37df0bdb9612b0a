"""The Kalman filter's measurement update, computed in information form.

For a prior N(x_hat_{k|k-1}, P_{k|k-1}) of the state and a measurement z_k = H_k x + v with
v ~ N(0, R_k), the posterior is Gaussian with precision P_{k|k-1}^{-1} + H_k^T R_k^{-1} H_k
(precisions add) and mean P_{k|k} (P_{k|k-1}^{-1} x_hat_{k|k-1} + H_k^T R_k^{-1} z_k); the gain
is the weight of the measurement in that mean, K_k = P_{k|k} H_k^T R_k^{-1}.  None of this is
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
        P = _num(inst, "P_kmidk-1")
        H = _num(inst, "H_k")
        R = _num(inst, "R_k")
        Ri = np.linalg.inv(R)
        Ht = np.swapaxes(H, -1, -2)
        post = np.linalg.inv(np.linalg.inv(P) + Ht @ Ri @ H)
        out = {"P_kmidk": Val(post, True), "K_k": Val(post @ Ht @ Ri, True)}
        if "x_hat_kmidk-1" in inst.values and "z_k" in inst.values:
            x, z = _num(inst, "x_hat_kmidk-1"), _num(inst, "z_k")
            out["x_hat_kmidk"] = Val(post @ (np.linalg.solve(P, x) + Ht @ Ri @ z), True)
        return out

    return ctx.numeric(stmt, extra=extra)
