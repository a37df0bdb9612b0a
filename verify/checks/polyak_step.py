"""``optimisation.polyak_step``: Polyak's step size for gradient descent with the optimal value
f* known, computed as the step that minimises the convexity bound on the next distance to a
minimiser, ||x - gamma g - x*||^2 <= ||x - x*||^2 - 2 gamma (f(x) - f*) + gamma^2 ||g||^2,
by bounded scalar search over gamma -- never from the closed form.  f is the instance's sampled
function of one variable, g its derivative at x_k; f* lies below f(x_k) by a sampled gap."""
from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

from ..custom import register
from ..evaluate import Val
from .optimisation import _grad1


def bound_minimiser(gap: float, grad_sq: float) -> float:
    """The gamma >= 0 that makes -2 gamma gap + gamma^2 grad_sq least (gap = f(x) - f*)."""
    hi = 10.0 * gap / grad_sq + 1.0
    res = minimize_scalar(lambda g: -2.0 * g * gap + g * g * grad_sq, bounds=(0.0, hi),
                          method="bounded", options={"xatol": 1e-12 * hi})
    return float(res.x)


@register("optimisation.polyak_step")
def _polyak(stmt, ctx):
    """gamma_k is the bound's minimiser at x_k, with f_star below f(x_k)."""
    rng = ctx.rng("polyak")

    def extra(inst):
        f = inst.functions["f"]
        x = np.asarray(inst.values["x_k"].arr, float)
        fx = np.asarray(f(Val(x)).arr, float)
        g = np.asarray(_grad1(f, x), float)
        gap = rng.uniform(0.2, 3.0, size=fx.shape)
        step = np.vectorize(bound_minimiser)(gap, g * g)
        return {"f_star": Val(fx - gap), "gamma_k": Val(step)}

    return ctx.numeric(stmt, extra=extra)
