"""Codeword lengths of prefix codes, for the Kraft inequality: the lengths come from random
D-ary code trees, never from the inequality under test.

A code tree starts as its root; a leaf drawn at random is split into D children until there
are enough leaves; the codewords are n of those leaves (a subset of a prefix code is one), and
in half of the trials, where D = 2, all the leaves of a tree with exactly n leaves: a complete
code, whose Kraft sum is 1, so a bound tightened by any factor fails.
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import Val
from .nodes import sval


def code_lengths(rng, n: int, D: int, complete: bool) -> np.ndarray:
    """The lengths of n codewords of a random D-ary prefix code (all leaves of a complete tree
    when ``complete``; then D must be 2 or n - 1 a multiple of D - 1)."""
    leaves = [0]
    while len(leaves) < n or (not complete and rng.random() < 0.3):
        depth = leaves.pop(int(rng.integers(len(leaves))))
        leaves += [depth + 1] * D
    if complete:
        return np.array(leaves, float)
    return np.array(rng.choice(leaves, n, replace=False), float)


@register("information.kraft")
def _kraft(stmt, ctx):
    """l holds the codeword lengths of a random prefix code over an alphabet of D letters (the
    module docstring); D is 2 or 3, or 2 where the claim writes no D."""
    rng = ctx.rng("kraft")

    def extra(inst):
        arr = np.asarray(inst.values["l"].arr, float)
        T, n = arr.shape[0], arr.shape[1]
        Ds = np.full(T, 2.0)
        lengths = np.zeros_like(arr)
        for t in range(T):
            complete = rng.random() < 0.5
            D = 2 if complete or "D" not in inst.values else int(rng.integers(2, 4))
            Ds[t] = D
            lengths[t, :, 0] = code_lengths(rng, n, D, complete)
        out = {"l": Val(lengths, True)}
        return {**out, "D": sval(Ds)} if "D" in inst.values else out

    return ctx.numeric(stmt, extra=extra)
