"""The elementary functions the evaluator applies entry by entry, and powers of matrices.

One table each for SymPy's functions (``sp.exp`` -> ``np.exp``), the reader's elementwise
operators (``MatApply('sigmoid', ...)``) and relations, so a new function has one home.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from cheatsheet import ops
from .arrays import EvalError, ShapeError, Val, _align


def square(v: Val, what: str) -> Val:
    """``v`` when it is a square matrix; an inverse, determinant or power of any other shape
    is a size mismatch (the formula is not well-formed)."""
    if v.mat and v.mshape[0] != v.mshape[1]:
        raise ShapeError("{} of a {} x {} matrix: only a square matrix has one".format(
            what, *v.mshape))
    return v


def _mat_power(v: Val, p) -> Val:
    if p != 1:
        square(v, "a power" if p != -1 else "the inverse")
    if p == -1:
        return Val(np.linalg.inv(v.arr), True)
    if float(p).is_integer():
        a = v.arr if p >= 0 else np.linalg.inv(v.arr)
        return Val(np.linalg.matrix_power(a, abs(int(p))), True)
    # fractional powers: defined here for symmetric positive semi-definite matrices only
    a = v.arr
    scale = max(1.0, float(np.abs(a).max(initial=0.0)))
    if not np.allclose(a, np.swapaxes(a, -1, -2), rtol=0, atol=1e-9 * scale):
        raise EvalError("a fractional power of a matrix that is not symmetric")
    w, q = np.linalg.eigh(a)
    if (w < -1e-9 * scale).any():
        raise EvalError("a fractional power of a matrix with a negative eigenvalue")
    w = np.clip(w, 0, None) ** float(p)
    return Val(np.matmul(q * w[..., None, :], np.swapaxes(q, -1, -2)), True)


def _mat_power_batched(b: Val, x: Val) -> Val:
    """A^p where p may vary per trial (A^t with t sampled): one power per distinct value."""
    pw = np.asarray(x.arr, float)
    if pw.ndim == 0 or np.all(pw == pw.flat[0]):
        return _mat_power(b, float(pw.flat[0]))
    bb, pp = _align(b, Val(pw))
    bb = np.broadcast_to(bb, pp.shape + bb.shape[pp.ndim:]).copy()
    out = np.empty_like(bb)
    for u in np.unique(pp):
        m = pp == u
        out[m] = _mat_power(Val(bb[m], True), float(u)).arr
    return Val(out, True)


def _elementwise(fn):
    return lambda v: Val(fn(v.arr), v.mat)


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _softmax(v: Val) -> Val:
    """Of a column vector, over its entries; of a matrix with several columns, over each row
    (the convention of softmax(Q K^T / sqrt(d)) V: each query's weights over the keys)."""
    axis = -2 if v.arr.shape[-1] == 1 else -1
    a = v.arr - v.arr.max(axis=axis, keepdims=True)
    e = np.exp(a)
    return Val(e / e.sum(axis=axis, keepdims=True), True)


def _comb(n, k):
    n, k = np.broadcast_arrays(np.asarray(n, float), np.asarray(k, float))
    out = np.vectorize(lambda a, b: math.comb(int(a), int(b)) if 0 <= b <= a else 0.0)(n, k)
    return out.astype(float)


_FUNCS = {
    sp.exp: np.exp, sp.log: np.log, sp.tanh: np.tanh, sp.sinh: np.sinh, sp.cosh: np.cosh,
    sp.sin: np.sin, sp.cos: np.cos, sp.tan: np.tan, sp.Abs: np.abs, sp.floor: np.floor,
    sp.ceiling: np.ceil, sp.sign: np.sign, sp.atan: np.arctan, sp.atanh: np.arctanh,
    sp.asin: np.arcsin, sp.acos: np.arccos, sp.asinh: np.arcsinh, sp.acosh: np.arccosh,
    sp.Heaviside: lambda x: np.heaviside(x, 0.5),
    sp.factorial: lambda x: np.vectorize(lambda t: math.gamma(t + 1))(np.asarray(x, float)),
    sp.gamma: lambda x: np.vectorize(math.gamma)(np.asarray(x, float)),
    sp.erf: lambda x: np.vectorize(math.erf)(np.asarray(x, float)),
    ops.Sigmoid: _sigmoid,
}
_ELEMENTWISE_OPS = {"sigmoid": _sigmoid, "tanh": np.tanh, "exp": np.exp, "log": np.log,
                    "relu": lambda x: np.maximum(x, 0.0), "abs": np.abs, "sign": np.sign,
                    "logit": lambda y: np.log(y / (1 - y)), "atanh": np.arctanh,
                    "softplus": lambda x: np.logaddexp(0.0, x)}
_REL = {"==": np.isclose, "!=": lambda a, b: ~np.isclose(a, b), "<": np.less, "<=": np.less_equal,
        ">": np.greater, ">=": np.greater_equal}
