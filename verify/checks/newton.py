"""Newton's method written as an update of the iterate, x_{t+1} = x_t - [Hessian]^{-1} gradient.

On a strictly convex quadratic f(x) = 1/2 x^T A x + b^T x + c one Newton step from any x_t lands
on the minimiser, the solution of A x = -b: the check gives x_{t+1} that minimiser (solved
here, not read from the formula) and f for the formula's derivatives (finite differences), so a
sign slip, a missing inverse or the gradient taken at the wrong point is refuted.
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import Val
from .convergence import _Quad
from .optimisation import _num


@register("optimisation.newton_update")
def _newton_update(stmt, ctx):
    """x_{t+1} is the minimiser of a random strictly convex quadratic f, x_t a random point."""

    def extra(inst):
        A, b, c = _num(inst, "A"), _num(inst, "b"), _num(inst, "c")
        inst.functions["f"] = _Quad(A, b, c)
        x = _num(inst, "x_t")
        # x_{t-1}: another point of the run (the previous iterate is not x_t's minimiser step)
        prev = x + ctx.rng("previous", x.shape).normal(size=x.shape)
        return {"x_t+1": Val(-np.linalg.solve(A, b), True), "x_t-1": Val(prev, True)}

    return ctx.numeric(stmt, extra=extra)
