"""Numerical helpers shared by the tests (not fixtures, so not in conftest)."""
from __future__ import annotations

import numpy as np


def fd_grad(f, x, eps=1e-6):
    """Central finite-difference gradient of the scalar function f at x (float64), in place."""
    g = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        fp = f(x)
        x[i] = old - eps
        fm = f(x)
        x[i] = old
        g[i] = (fp - fm) / (2 * eps)
    return g
