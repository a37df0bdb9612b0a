"""The capacity C of the Gaussian channel Y = X + Z (input power P, noise variance N): the
mutual information I(X; Y) at the best input, the Gaussian N(0, P), taken as h(Y) - h(Z) from
SciPy's entropies of the two normal laws, never from the log(1 + P/N) closed form.

Capacity is in bits, nats or digits as the line's logarithms are: a line whose logs are base 2
(written log_2, or an unmarked log on a sheet in bits) is compared with C in bits, so a right
line in either unit holds, and a slip in the formula (the 1/2, the ratio) is still caught.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import stats

from ..custom import register
from ..evaluate import EvalError, Val

_UNITS = {sp.log(2): np.log(2.0), sp.log(10): np.log(10.0)}


def line_unit(stmt) -> float:
    """ln(b) for a line whose logarithms are base b (a constant log 2 or log 10 divides them),
    1 for natural logarithms; a line that mixes bases has no unit of its own."""
    found = {u for atom in _UNITS for r in stmt.relations for u in [_UNITS[atom]]
             if r.lhs.has(atom) or r.rhs.has(atom)}
    if len(found) > 1:
        raise EvalError("the line mixes logarithms of several bases, so its unit is unclear")
    return found.pop() if found else 1.0


@register("information.gaussian_capacity")
def _gaussian_capacity(stmt, ctx):
    """C is set to the capacity in the line's unit; only a line that names it C = ... is
    decided (C is no general quantity a renaming could stand for)."""
    for r in stmt.relations:
        if not (isinstance(r.lhs, sp.Symbol) and r.lhs.name == "C"):
            raise EvalError("the capacity is decided only where the line names it C = ...")
    unit = line_unit(stmt)

    def extra(inst):
        P, N = (np.asarray(inst.values[n].arr, float) for n in ("P", "N"))
        h_y = stats.norm(scale=np.sqrt(P + N)).entropy()
        h_z = stats.norm(scale=np.sqrt(N)).entropy()
        return {"C": Val((h_y - h_z) / unit)}

    return ctx.numeric(stmt, extra=extra)
