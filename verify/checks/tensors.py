"""Tensors as matrices: contracting two tensors over their shared axes is the product of their
flattenings.

``tensors.contraction``: P has axes (i_1..i_a, j_1..j_b) and Q axes (j_1..j_b, k_1..k_c), drawn
with several shapes (a, b, c of 1 or 2 axes); T is their contraction over the j axes by
``numpy.tensordot`` (the definition, sum over every shared multi-index).  The claim speaks of
the row-major flattenings: P an I x J matrix, Q J x K, T I x K, with i, j, k the flattened
multi-indices; every formula is decided at the corner entries and one inside.
"""
from __future__ import annotations

import math

import numpy as np

from ..custom import register
from ..evaluate import Val

# (i axes, j axes, k axes) of the tensors drawn
SHAPES = [((2, 3), (2, 2), (3,)), ((3,), (2,), (2, 2)), ((2, 2), (3, 2), (2,))]


@register("tensors.contraction")
def contraction(stmt, ctx):
    rng = ctx.rng("tensors")
    ev = None
    for ia, jb, kc in SHAPES:
        I, J, K = math.prod(ia), math.prod(jb), math.prod(kc)
        for i, k in sorted({(1, 1), (I, K), (1, K), (I, 1), (I // 2 + 1, K // 2 + 1)}):

            def extra(inst, ia=ia, jb=jb, kc=kc, i=i, k=k):
                T = next(v.arr.shape[0] for v in inst.values.values() if v.arr.ndim)
                P = rng.normal(size=(T,) + ia + jb)
                Q = rng.normal(size=(T,) + jb + kc)
                C = np.stack([np.tensordot(P[t], Q[t], axes=len(jb)) for t in range(T)])
                n, m, r = math.prod(ia), math.prod(jb), math.prod(kc)
                return {"P": Val(P.reshape(T, n, m), True), "Q": Val(Q.reshape(T, m, r), True),
                        "T": Val(C.reshape(T, n, r), True),
                        "i": Val(np.asarray(float(i))), "k": Val(np.asarray(float(k)))}

            ev = ctx.numeric(stmt, extra=extra, dims=[{"I": I, "J": J, "K": K}], trials=6)
            if ev.verdict != "passed":
                return ev
    return ev
