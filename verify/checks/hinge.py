"""The hinge loss as the slack a soft-margin SVM pays, never from its closed form.

The soft-margin SVM relaxes each margin constraint y f >= 1 to y f >= 1 - xi with a slack
xi >= 0 it pays for (ESL 12.3.2; Shalev-Shwartz and Ben-David 15.2.3); the hinge loss of a score
f for a label y is the least slack that meets that constraint.  ``kernels.hinge`` solves that
one-variable linear program with scipy's ``linprog`` for each trial, so a slip in the closed
form (the margin's sign flipped, min for max, the floor moved) is refuted.
"""
from __future__ import annotations

import numpy as np
from scipy import optimize

from ..custom import register
from ..evaluate import Val


def least_slack(margin: float) -> float:
    """min xi subject to xi >= 0 and margin >= 1 - xi (as -xi <= margin - 1)."""
    res = optimize.linprog(c=[1.0], A_ub=[[-1.0]], b_ub=[margin - 1.0], bounds=[(0, None)],
                           method="highs")
    return float(res.x[0])


@register("kernels.hinge")
def _hinge(stmt, ctx):
    """ell_hinge from the label y and the score f by linear programming (module docstring)."""
    def extra(inst):
        y = np.asarray(inst.values["y"].arr, float)
        f = np.asarray(inst.values["f"].arr, float)
        m = (y * f).ravel()
        return {"ell_hinge": Val(np.array([least_slack(v) for v in m]).reshape(y.shape))}

    return ctx.numeric(stmt, extra=extra)
