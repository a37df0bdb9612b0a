"""The maximiser of a one-variable function on a bracket, for every trial of a batch at once.

A check that needs a maximiser per trial (a law's mode) used to call SciPy's bounded scalar
search once per trial: each call evaluates a SciPy density some 30-40 times on one number, and
SciPy's per-call overhead (~0.1 ms) made one claim ~0.5 s of a cold ``cheatsheet verify``
(issue 12).  Golden-section search moves every trial's bracket in step, so the function is
evaluated on arrays: ~50 calls for the whole batch.

Golden section needs the function unimodal on the bracket (a maximiser found on a fine grid,
bracketed by its grid neighbours, as the callers do); the result is within ``xatol`` of that
maximum's position, or as near as the function's rounding lets values be told apart (about
sqrt(machine epsilon) relative, as for SciPy's search).
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

_INV_PHI = (math.sqrt(5.0) - 1.0) / 2.0  # 0.618...: the golden section of a bracket


def argmax_bounded(f: Callable[[np.ndarray], np.ndarray], lo, hi,
                   xatol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """(x, f(x)) per trial: x maximises ``f`` on [lo, hi] (arrays of one shape).

    ``f`` maps an array of points (one per trial) to their values; a value that is NaN counts
    as lower than any number."""
    a = np.array(lo, dtype=float)
    b = np.array(hi, dtype=float)

    def value(x):
        with np.errstate(all="ignore"):
            v = np.asarray(f(x), dtype=float)
        return np.where(np.isnan(v), -np.inf, v)

    width = float(np.max(b - a)) if a.size else 0.0
    steps = (0 if not math.isfinite(width) or width <= xatol
             else math.ceil(math.log(xatol / width) / math.log(_INV_PHI)))
    c = b - _INV_PHI * (b - a)
    d = a + _INV_PHI * (b - a)
    fc, fd = value(c), value(d)
    for _ in range(steps):
        left = fc >= fd  # the maximum lies in [a, d]: d becomes the upper end, c the new d
        a = np.where(left, a, c)
        b = np.where(left, d, b)
        new = np.where(left, b - _INV_PHI * (b - a), a + _INV_PHI * (b - a))
        f_new = value(new)
        c, d = np.where(left, new, d), np.where(left, c, new)
        fc, fd = np.where(left, f_new, fd), np.where(left, fc, f_new)
    x = (a + b) / 2
    return x, value(x)
