"""The evaluator's values and the arithmetic every part of it shares.

A ``Val`` is an array whose leading axes are batch axes (trials, atoms of an expectation,
quadrature nodes) and, for a matrix, whose last two axes are the matrix axes.  ``add``, ``mul``
and ``hadamard`` broadcast the batch axes and check the matrix sizes (``ShapeError``).
"""
from __future__ import annotations

from contextlib import contextmanager

from dataclasses import dataclass

import numpy as np


class EvalError(ValueError):
    """A formula that has no numeric meaning on the instance (unknown node, missing value...)."""


class ShapeError(EvalError):
    """Sizes that do not fit (a 3x4 times a 3x3).  For a sheet's formula this is a finding: the
    formula is not even well-formed on the instance, which the checker reports as refuted."""


@dataclass
class Val:
    arr: np.ndarray
    mat: bool = False
    # its +-inf entries are values (a limit that diverges), not overflows: numeric.compare
    # decides a trial where they meet a finite other side.  Arithmetic does not carry it.
    exact_inf: bool = False

    @property
    def nbatch(self) -> int:
        return self.arr.ndim - (2 if self.mat else 0)

    @property
    def mshape(self):
        return self.arr.shape[-2:] if self.mat else ()


def _to_batch(v: Val, nb: int) -> np.ndarray:
    """Insert singleton batch axes so ``v`` has ``nb`` batch axes (new axes go last)."""
    missing = nb - v.nbatch
    if missing <= 0:
        return v.arr
    a = v.arr
    pos = v.nbatch
    return a.reshape(a.shape[:pos] + (1,) * missing + a.shape[pos:])


def _scalarize(v: Val) -> Val:
    """A 1 x 1 matrix is a scalar (x^T y against a number)."""
    if v.mat and v.mshape == (1, 1):
        return Val(v.arr[..., 0, 0], False)
    return v


def _align(a: Val, b: Val):
    nb = max(a.nbatch, b.nbatch)
    return _to_batch(a, nb), _to_batch(b, nb)


def _scal_for_mat(s: Val, m: Val) -> tuple[np.ndarray, np.ndarray]:
    sa, ma = _align(s, m)
    return sa[..., None, None], ma


def add(a: Val, b: Val) -> Val:
    if a.mat != b.mat:
        a, b = _scalarize(a), _scalarize(b)
    if a.mat and b.mat:
        if a.mshape != b.mshape:
            raise ShapeError(f"cannot add matrices of shapes {a.mshape} and {b.mshape}")
        x, y = _align(a, b)
        return Val(x + y, True)
    if a.mat or b.mat:
        raise ShapeError(f"cannot add a scalar and a {(a if a.mat else b).mshape} matrix")
    x, y = _align(a, b)
    return Val(x + y, False)


def mul(a: Val, b: Val) -> Val:
    if a.mat and b.mat:
        if a.mshape[1] != b.mshape[0]:
            if a.mshape == (1, 1) or b.mshape == (1, 1):
                return mul(_scalarize(a), _scalarize(b))
            raise ShapeError(f"cannot multiply matrices of shapes {a.mshape} and {b.mshape}")
        x, y = _align(a, b)
        return Val(np.matmul(x, y), True)
    if a.mat:
        y, x = _scal_for_mat(b, a)
        return Val(x * y, True)
    if b.mat:
        x, y = _scal_for_mat(a, b)
        return Val(x * y, True)
    x, y = _align(a, b)
    return Val(x * y, False)


def hadamard(a: Val, b: Val) -> Val:
    if a.mat and b.mat and a.mshape != b.mshape:
        raise ShapeError(f"elementwise product of shapes {a.mshape} and {b.mshape}")
    if not (a.mat and b.mat):
        return mul(a, b)
    x, y = _align(a, b)
    return Val(x * y, True)


def _transpose(v: Val) -> Val:
    return Val(np.swapaxes(v.arr, -1, -2), True) if v.mat else v


@contextmanager
def kept(env: dict, *names: str):
    """Bind names in ``env`` for a while (a bound variable, an integration node, a sum's
    index): on leaving, each has the value it had before, or none if it had none."""
    saved = {name: env.get(name) for name in names}
    try:
        yield env
    finally:
        for name, old in saved.items():
            if old is None:
                env.pop(name, None)
            else:
                env[name] = old
