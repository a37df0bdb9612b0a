"""AdaBoost's classifier weight, found by minimising the exponential loss, never from the
closed form the claim states.

After a weak learner with weighted error epsilon_t, AdaBoost gives it the weight alpha_t that
minimises the weighted exponential loss of the new ensemble (Freund and Schapire 1997; ESL 10.4,
eq. 10.12): with the sample weights normalised, that loss as a function of alpha is
(1 - epsilon_t) e^{-alpha} + epsilon_t e^{alpha} (right answers shrink, mistakes grow).  The check
minimises it numerically (scipy's Brent search) for each trial, so a slip in the closed form (a
lost 1/2, the ratio turned over, log base 2) is refuted.
"""
from __future__ import annotations

import numpy as np
from scipy import optimize

from ..custom import register
from ..evaluate import Val


def exp_loss_weight(eps: float) -> float:
    """arg min over alpha of (1 - eps) e^{-alpha} + eps e^{alpha}."""
    res = optimize.minimize_scalar(lambda a: (1 - eps) * np.exp(-a) + eps * np.exp(a),
                                   bracket=(-1.0, 1.0), tol=1e-12)
    return float(res.x)


@register("boosting.adaboost_weight")
def _adaboost_weight(stmt, ctx):
    """alpha_t from the weighted error epsilon_t by line search (module docstring)."""
    def extra(inst):
        eps = np.asarray(inst.values["epsilon_t"].arr, float)
        alpha = np.array([exp_loss_weight(e) for e in eps.ravel()]).reshape(eps.shape)
        return {"alpha_t": Val(alpha, False)}

    return ctx.numeric(stmt, extra=extra)
