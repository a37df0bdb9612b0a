"""Derivatives on sampled instances: central differences, laid out by the layout convention.

The evaluator's part for ``Derivative`` (scalar by scalar, any order), ``MatApply('partial', ...)``
and ``ops.Partial`` (by vectors and matrices) and ``MatApply('hessian', ...)``.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from .arrays import EvalError, Val, _scalarize, _to_batch, add, mul


class DerivativesMixin:
    def _Derivative(self, e):
        expr, *vars_counts = e.args
        out_expr = expr
        # d^k/dx^k by repeated central differences, innermost first; each outer level takes a
        # 10x wider step, since it differentiates a quotient already carrying rounding error
        level = 0
        for var, count in vars_counts:
            for _ in range(int(count) if count.is_number else self._int(count)):  # f^{(k)}
                out_expr = FiniteDifference(out_expr, var, sp.Integer(level))
                level += 1
        return self.ev(out_expr)

    def _FiniteDifference(self, e):
        expr, var, level = e.args
        h = self.inst.fd_step * 10 ** int(level)
        base = self._lookup(var.name, var)
        saved = self.env.get(var.name)
        try:
            self.env[var.name] = Val(base.arr + h, base.mat)
            up = self.ev(expr)
            self.env[var.name] = Val(base.arr - h, base.mat)
            down = self.ev(expr)
        finally:
            self.env[var.name] = saved if saved is not None else base
        diff = add(up, mul(Val(np.asarray(-1.0)), down))
        return mul(Val(np.asarray(1.0 / (2 * h))), diff)

    def _Partial(self, e):
        f, x, layout = e.args
        return _scalarize(self._partial(f, x, layout.name))

    def _partial(self, f, x, layout: str, wider: float = 1) -> Val:
        """d f / d x by central differences, laid out by the convention."""
        name = x.name
        base = self._lookup(name, x)
        h = self.inst.fd_step * wider
        if not base.mat:
            return self.ev(FiniteDifference(f, x, sp.Integer(1 if wider > 1 else 0)))
        rows, cols = base.mshape
        saved = self.env.get(name)
        cols_out = []
        try:
            for i in range(rows):
                for j in range(cols):
                    step = np.zeros((rows, cols))
                    step[i, j] = h
                    self.env[name] = Val(base.arr + step, True)
                    up = self.ev(f)
                    self.env[name] = Val(base.arr - step, True)
                    down = self.ev(f)
                    d = add(up, mul(Val(np.asarray(-1.0)), down))
                    cols_out.append(mul(Val(np.asarray(1 / (2 * h))), d))
        finally:
            self.env[name] = saved if saved is not None else base
        fval = cols_out[0]
        by_matrix = cols != 1
        if not fval.mat or fval.mshape == (1, 1):
            parts = [_scalarize(v) for v in cols_out]
            nb = max(p.nbatch for p in parts)
            stacked = np.stack([_to_batch(p, nb) for p in parts], axis=-1)  # (..., rows*cols)
            grid = stacked.reshape(stacked.shape[:-1] + (rows, cols))
            if by_matrix:
                return Val(grid if layout == "denominator" else np.swapaxes(grid, -1, -2), True)
            # scalar by vector: gradient column (denominator) or row (numerator)
            return Val(grid if layout == "denominator" else np.swapaxes(grid, -1, -2), True)
        if by_matrix:
            raise EvalError("derivative of a vector by a matrix is a 3-tensor; not supported")
        fr, fc = fval.mshape
        if fc != 1:
            raise EvalError(f"derivative of a {fval.mshape} matrix by a vector")
        nb = max(p.nbatch for p in cols_out)
        # column k of the numerator-layout Jacobian is d f / d x_k
        jac = np.concatenate([_to_batch(p, nb) for p in cols_out], axis=-1)  # (..., m, n)
        return Val(jac if layout == "numerator" else np.swapaxes(jac, -1, -2), True)


class FiniteDifference(sp.Expr):
    """Central difference quotient of an expression in a scalar variable (internal node)."""

    def __new__(cls, expr, var, level=sp.Integer(0)):
        return sp.Expr.__new__(cls, expr, var, level)
