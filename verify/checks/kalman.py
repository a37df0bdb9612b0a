"""The Kalman filter's measurement update, computed by conditioning the joint Gaussian.

For a prior N(x_hat_{k|k-1}, P_{k|k-1}) of the state and a measurement z_k = H x + v with
v ~ N(0, R), the pair (x, z) is jointly Gaussian with covariance [[P, P H^T], [H P, H P H^T + R]].
Its precision matrix Lambda (one generic inverse) gives the posterior: covariance the inverse of
the x block Lambda_xx, and mean x_hat + K (z - H x_hat) with the gain K = -Lambda_xx^{-1} Lambda_xz
(the regression of x on z read off the precision).  That is neither the covariance form
(P H^T (H P H^T + R)^{-1}, (I - K H) P) nor the information form (P^{-1} + H^T R^{-1} H) the
claims state, so a slip in either is refuted by a printed instance.  K_k, H_k and R_k are K, H and R written
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
        n = P.shape[-1]
        # no H declared: the state itself is measured (H = I, the local level model)
        H = _num(inst, "H") if "H" in inst.values else np.broadcast_to(np.eye(n), P.shape)
        R = _num(inst, "R")
        Ht = np.swapaxes(H, -1, -2)
        # the joint covariance of (x, z) and its precision: conditioning on z keeps the x block
        joint = np.concatenate([np.concatenate([P, P @ Ht], axis=-1),
                                np.concatenate([H @ P, H @ P @ Ht + R], axis=-1)], axis=-2)
        lam = np.linalg.inv(joint)
        post = np.linalg.inv(lam[..., :n, :n])
        gain = Val(-post @ lam[..., :n, n:], True)
        # K_k, H_k, R_k: the same matrices written with the step index (kalman.toml)
        out = {"P_kmidk": Val(post, True), "K": gain, "K_k": gain, "R_k": Val(R, True)}
        if "H" in inst.values:
            out["H_k"] = Val(H, True)
        if "x_hat_kmidk-1" in inst.values and "z_k" in inst.values:
            x, z = _num(inst, "x_hat_kmidk-1"), _num(inst, "z_k")
            out["x_hat_kmidk"] = Val(x + gain.arr @ (z - H @ x), True)
        return out

    return ctx.numeric(stmt, extra=extra)
