"""Derivatives on sampled instances: central differences, laid out by the layout convention.

The evaluator's part for ``Derivative`` (scalar by scalar, any order), ``ops.Partial`` and
``MatApply('partial' | 'grad' | 'hessian' | 'chain', ...)`` (by vectors and matrices).

Every derivative by a vector or matrix is first taken as the full array ``D[..., i, j, k, l] =
d F_ij / d X_kl`` (one pair of central differences per entry of X), then laid out as
:func:`cheatsheet.ops.partial_shape` says for the *declared* shapes (a ``matrix(m, n)`` drawn with
n = 1 is still laid out as a matrix): gradients like X (or transposed), Jacobians, entrywise
derivatives by a scalar, and 3- and 4-tensors by vec.  A ``partial`` with two more operands,
``left`` and ``right``, is the derivative of ``left F right`` with ``left`` and ``right`` held at
their values: the reader's reading of ``a^T (dA/dx) g``, a tensor contracted with fixed factors.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet import ops
from .arrays import EvalError, Val, _scalarize, _to_batch, add, mul


EPS = float(np.finfo(float).eps)


def declared_shape(e) -> tuple:
    """The declared (symbolic) shape of an expression; () for a scalar."""
    return tuple(e.shape) if isinstance(e, sp.MatrixExpr) else ()


def _as_matrix(v: Val) -> np.ndarray:
    return v.arr if v.mat else v.arr[..., None, None]


# the exact derivatives found so far (or None): SymPy's doit is a function of the node alone,
# and one node is evaluated once per batch, relation and difference step (issue 12: the same
# derivative of a sum was taken some 10 times per sheet line, most of conv.weight_chain_rule)
_EXACT: dict = {}
_EXACT_MAX = 4096


def _entry_derivative_of_sum(e):
    """d/dw_i of a sum over the entries of w (``\\sum_{o=-p}^{p} y_{k-o} w_o``), taken exactly:
    SymPy's Kronecker delta picks the one term o = i, and the range becomes a condition on i
    (the term, where -p <= i <= p; 0 elsewhere).  Central differences cannot step along an entry
    whose position varies per trial or lies outside a sampled vector.  None where SymPy does not
    finish the derivative (then differences are taken as before).  Remembered per node, except
    an attempt a time limit cut short (the next may finish)."""
    expr, *vars_counts = e.args
    if not (expr.has(sp.Sum) and all(isinstance(v, sp.Indexed) for v, _ in vars_counts)):
        return None
    if e in _EXACT:
        return _EXACT[e]
    from .timelimit import CheckTimeout

    try:
        out = e.doit().doit()
    except CheckTimeout:  # the clock, not SymPy: not remembered
        return None
    except Exception:  # noqa: BLE001 - SymPy's own limits; differences decide then
        out = None
    if out is not None and (out.has(sp.Derivative) or out.has(sp.KroneckerDelta)):
        out = None
    if len(_EXACT) >= _EXACT_MAX:
        _EXACT.clear()
    _EXACT[e] = out
    return out


class DerivativesMixin:
    def _Derivative(self, e):
        expr, *vars_counts = e.args
        exact = _entry_derivative_of_sum(e)
        if exact is not None:
            return self.ev(exact)
        counts = [int(c) if c.is_number else self._int(c) for _, c in vars_counts]  # f^{(k)}
        # d^k/dx^k by k nested central differences, all with one step h: their rounding error
        # grows like eps / h^k and their truncation error like h^2, so h ~ eps^(1/(k+2)) (the
        # instance's step is the first-order one, eps^(1/3)); as a ratio, so the step still
        # scales with the instance's
        order = sum(counts)
        ratio = (EPS ** (1 / (order + 2))) / (EPS ** (1 / 3))
        out_expr = expr
        for (var, _), count in zip(vars_counts, counts):
            for _ in range(count):
                out_expr = FiniteDifference(out_expr, var, sp.Float(ratio))
        return self.ev(out_expr)

    def _FiniteDifference(self, e):
        expr, var, ratio = e.args
        return self._central(expr, var, self.inst.fd_step * float(ratio))

    def _central(self, expr, var, h: float, entry=None) -> Val:
        """(expr(var + h e) - expr(var - h e)) / 2h, e the unit step of ``entry`` (0-based (i, j))
        of a matrix variable, of the variable itself when it is a scalar, of entry j of vector x
        when var is ``x_j`` (``Indexed``)."""
        name, base, step = self._step_of(var, h, entry)
        saved = self.env.get(name)
        try:
            self.env[name] = Val(base.arr + step, base.mat)
            up = self.ev(expr)
            self.env[name] = Val(base.arr - step, base.mat)
            down = self.ev(expr)
        finally:
            self.env[name] = saved if saved is not None else base
        diff = add(up, mul(Val(np.asarray(-1.0)), down))
        return mul(Val(np.asarray(1.0 / (2 * h))), diff)

    def _step_of(self, var, h, entry):
        if isinstance(var, sp.Indexed):  # x_j: a step along entry j (1-based) of the vector x
            name = str(var.base.label)
            base = self._lookup(name, var)
            if not base.mat:
                raise EvalError(f"{name} is a scalar and has no entry to differentiate by")
            rows, cols = base.mshape
            idx = [self._int(i) - self.base for i in var.indices]
            i, j = (idx[0] % rows, idx[0] // rows) if len(idx) == 1 else idx[:2]
            if not (0 <= i < rows and 0 <= j < cols):
                raise EvalError(f"entry {var} is out of range for {name} of shape {base.mshape}")
            entry = (i, j)
        else:
            name = var.name
            base = self._lookup(name, var)
        if entry is None:
            return name, base, h
        step = np.zeros(base.mshape)
        step[entry] = h
        return name, base, step

    def _Partial(self, e):
        f, x, layout = e.args
        return _scalarize(self._partial(f, x, layout.name))

    def _matrix_derivative(self, e: ops.MatApply) -> Val:
        """``MatApply('partial', rows, cols, f, x, layout[, left, right])``, ``'grad'`` (a
        gradient column) and ``'hessian'`` (the Jacobian of the gradient)."""
        args = e.operands
        if e.op == "chain":
            return self._chain(e)
        if e.op == "grad":
            return self._partial(args[0], args[1], "denominator")
        if e.op == "hessian":
            f, x = args[:2]
            g = ops.MatApply("partial", x.shape[0], 1, f, x, sp.Symbol("denominator"))
            return self._partial(g, x, "numerator", wider=10)  # outer step: see _Derivative
        f, x, layout = args[:3]
        left, right = (args[3], args[4]) if len(args) == 5 else (None, None)
        return self._partial(f, x, layout.name, left=left, right=right)

    def _partial(self, f, x, layout: str, wider: float = 1, left=None, right=None) -> Val:
        """d (left f right) / d x by central differences (left, right held), laid out by the
        convention for the declared shapes."""
        h = self.inst.fd_step * wider
        fshape = declared_shape(f)
        if left is not None:
            fshape = (left.shape[0], fshape[1] if fshape else left.shape[1])
        if right is not None:
            fshape = (fshape[0] if fshape else right.shape[0], right.shape[1])
        plain = ops.by_transposed(fshape, x, layout)
        if isinstance(plain, str):
            raise EvalError(plain)
        x, layout = plain  # d f / d x^T: by x in numerator layout, as the reader reads it
        xshape = declared_shape(x)
        kind = ops.partial_kind(fshape, xshape)
        if not isinstance(x, sp.MatrixSymbol):
            if left is None and right is None:
                D = self.ev(FiniteDifference(f, x, sp.Float(wider)))
            else:
                D = self._held(self._central(f, x, h), left, right)
            if kind == "by_scalar" and D.mat and D.mshape[1] == 1 and ops.partial_shape(
                    fshape, xshape, layout) != tuple(fshape):
                return Val(np.swapaxes(D.arr, -1, -2), True)  # a column by a scalar, as a row
            return D
        return Val(_lay_out(self._array(f, x, h, left, right), kind, layout), True)

    def _array(self, f, x, h, left=None, right=None) -> np.ndarray:
        """D[..., i, j, k, l] = d (left f right)_ij / d X_kl for a matrix variable X."""
        base = self._lookup(x.name, x)
        if not base.mat:
            raise EvalError(f"{x.name} is declared a matrix but has a number here")
        n, q = base.mshape
        parts = [self._held(self._central(f, x, h, (k, l)), left, right)
                 for k in range(n) for l in range(q)]
        nb = max(p.nbatch for p in parts)
        arrs = [_to_batch(Val(_as_matrix(p), True), nb) for p in parts]
        shape = np.broadcast_shapes(*(a.shape for a in arrs))
        D = np.stack([np.broadcast_to(a, shape) for a in arrs], axis=-1)  # (..., m, p, n*q)
        return D.reshape(D.shape[:-1] + (n, q))

    def _chain(self, e: ops.MatApply) -> Val:
        """``MatApply('chain', rows, cols, G, Y, X, layout)``: the chain rule through a matrix
        (or vector) Y, dL/dX = sum_kl (dL/dY)_kl dY_kl/dX, with G = dL/dY the gradient as the
        reader laid it out (like Y in denominator layout, transposed in numerator layout)."""
        G, Y, X, layout = e.operands
        g = self.ev(G)
        gy = _as_matrix(g)
        if G.operands[2].name == "numerator":
            gy = np.swapaxes(gy, -1, -2)  # back to Y's shape
        if not isinstance(X, sp.MatrixSymbol):
            d = _as_matrix(self._central(Y, X, self.inst.fd_step))
            gy, d = np.broadcast_arrays(gy, d)
            return Val((gy * d).sum(axis=(-1, -2)))
        D = self._array(Y, X, self.inst.fd_step)
        gnb, dnb = gy.ndim - 2, D.ndim - 4  # batch axes; new ones go last, as in _to_batch
        gy = gy.reshape(gy.shape[:-2] + (1,) * max(0, dnb - gnb) + gy.shape[-2:])
        D = D.reshape(D.shape[:-4] + (1,) * max(0, gnb - dnb) + D.shape[-4:])
        out = np.einsum("...kl,...klab->...ab", gy, D)
        return Val(out if layout.name == "denominator" else np.swapaxes(out, -1, -2), True)

    def _held(self, d: Val, left, right) -> Val:
        """left d right, the fixed factors at their values (not differentiated)."""
        if left is not None:
            d = mul(self.ev(left), d)
        if right is not None:
            d = mul(d, self.ev(right))
        return d


def _lay_out(D: np.ndarray, kind: str, layout: str) -> np.ndarray:
    """D[..., i, j, k, l] = d F_ij / d X_kl as the matrix ``partial_shape`` gives for ``kind``."""
    m, p, n, q = D.shape[-4:]
    lead = D.shape[:-4]
    if kind == "gradient":  # like X (denominator) or its transpose (numerator)
        g = D[..., 0, 0, :, :]
        return g if layout == "denominator" else np.swapaxes(g, -1, -2)
    if kind == "jacobian":  # J[i, k] = d F_i / d x_k, entries of rows and columns alike
        J = D.reshape(lead + (m * p, n * q))
        return J if layout == "numerator" else np.swapaxes(J, -1, -2)
    # a tensor by vec (columns stacked): d vec(F) / d vec(X)^T in numerator layout
    V = np.swapaxes(np.swapaxes(D, -4, -3), -2, -1).reshape(lead + (m * p, n * q))
    return V if layout == "numerator" else np.swapaxes(V, -1, -2)


class FiniteDifference(sp.Expr):
    """Central difference quotient of an expression in a scalar variable (internal node), with
    a step ``ratio`` times the instance's."""

    def __new__(cls, expr, var, ratio=sp.Float(1)):
        return sp.Expr.__new__(cls, expr, var, ratio)
