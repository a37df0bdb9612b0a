"""Numeric meaning of a parsed formula on a batch of sampled instances.

``lambdify`` is not enough here: formulas contain expectations over sampled distributions,
derivatives of sampled functions in either layout convention, and matrix algebra that must run on
a batch of instances at once (one batch axis per trial group, one more inside each expectation).
So this module walks the SymPy tree itself.  Every value is a ``Val``: an array whose leading
axes are batch axes and, for matrices, whose last two axes are the matrix axes.  Expectations
append a batch axis (the atoms of the distribution) and reduce it with the atoms' weights.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from cheatsheet import ops
from cheatsheet.latex.sets import Card, Member, SetExtremum, SetSum
from .arrays import (EvalError, ShapeError, Val, _align, _scalarize,  # noqa: F401
                     _to_batch, _transpose, add, hadamard, mul)
from .derivatives import DerivativesMixin
from .extrema import ExtremaMixin


def _mat_power(v: Val, p) -> Val:
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
                    "logit": lambda y: np.log(y / (1 - y)), "atanh": np.arctanh}
_REL = {"==": np.isclose, "!=": lambda a, b: ~np.isclose(a, b), "<": np.less, "<=": np.less_equal,
        ">": np.greater, ">=": np.greater_equal}


@dataclass
class Distribution:
    """A joint distribution of some random variables, as weighted atoms (batch, m, ...)."""

    names: tuple[str, ...]
    atoms: dict[str, np.ndarray]  # name -> (batch..., m) or (batch..., m, r, 1)
    probs: np.ndarray  # (batch..., m)
    vector: dict[str, bool] = field(default_factory=dict)
    label: str = ""  # "Poisson(lambda)" for a named law; empty for a sampled finite one


@dataclass
class Instance:
    """Sampled values for one batch of trials: the evaluator's environment."""

    values: dict[str, Val]
    dists: list[Distribution] = field(default_factory=list)
    functions: dict[str, object] = field(default_factory=dict)  # name -> sampled Function
    dims: dict[str, int] = field(default_factory=dict)
    index_ranges: dict[str, int] = field(default_factory=dict)
    layout: str = "denominator"
    fd_step: float = 1e-5


class Evaluator(DerivativesMixin, ExtremaMixin):
    """Evaluates SymPy trees on an ``Instance``; one per instance."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.env: dict[str, Val] = dict(inst.values)
        self._rv_of = {n: d for d in inst.dists for n in d.names}

    # -- public ----------------------------------------------------------------------------
    def __call__(self, expr) -> Val:
        return self.ev(expr)

    # -- dispatch -------------------------------------------------------------------------
    def ev(self, e) -> Val:
        if isinstance(e, (int, float)):
            return Val(np.asarray(float(e)))
        if isinstance(e, sp.MatrixSymbol):
            return self._lookup(e.name, e)
        if isinstance(e, sp.Symbol):
            return self._lookup(e.name, e)
        if e.is_Number or e is sp.pi or e is sp.E:
            if e is sp.oo or e is -sp.oo:
                return Val(np.asarray(np.inf if e is sp.oo else -np.inf))
            return Val(np.asarray(float(e)))
        if e is sp.EulerGamma:
            return Val(np.asarray(float(e)))
        method = getattr(self, "_" + type(e).__name__, None)
        if method is not None:
            return method(e)
        if isinstance(e, (sp.Set, SetSum, SetExtremum, Member, Card)):
            from . import sets  # sets and the operators over them
            return sets.evaluate(self, e)
        if isinstance(e, ops.MatApply):
            return self._matapply(e)
        if isinstance(e, sp.Sum):
            return self._sum(e, np.add, 0.0)
        if isinstance(e, sp.Product):
            return self._sum(e, np.multiply, 1.0)
        if isinstance(e, sp.Indexed):
            return self._indexed(e)
        if isinstance(e, MatrixElement):
            m = self.ev(e.parent)
            i, j = (int(self._int(x)) for x in e.indices[:2])
            return Val(m.arr[..., i, j])
        if type(e) in _FUNCS:
            (arg,) = e.args
            v = self.ev(arg)
            return Val(_FUNCS[type(e)](v.arr), v.mat)
        if isinstance(e, sp.core.function.AppliedUndef):
            return self._call_function(e)
        if isinstance(e, sp.core.relational.Relational):
            a, b = (_scalarize(self.ev(x)) for x in e.args)
            x, y = _align(a, b)
            op = {sp.Eq: "==", sp.Ne: "!=", sp.Lt: "<", sp.Le: "<=", sp.Gt: ">", sp.Ge: ">="}
            return Val(_REL[op[type(e)]](x, y).astype(float))
        if isinstance(e, sp.And):
            out = Val(np.asarray(1.0))
            for a in e.args:
                out = mul(out, self.ev(a))
            return out
        raise EvalError(f"no numeric meaning for {type(e).__name__}: {sp.sstr(e)[:60]}")

    def _lookup(self, name, e) -> Val:
        if name in self.env:
            return self.env[name]
        if name in self.inst.dims:
            return Val(np.asarray(float(self.inst.dims[name])))
        if name in self._rv_of:
            raise EvalError(f"random variable {name} used outside an expectation")
        raise EvalError(f"{name} has no value here: nothing declares or computes it")

    def _int(self, e) -> int:
        v = self.ev(e).arr
        if v.ndim:
            if not np.all(v == v.flat[0]):
                raise EvalError("an index or bound varies within a batch")
            v = v.flat[0]
        return int(round(float(v)))

    # -- arithmetic ----------------------------------------------------------------------
    def _fold(self, e, combine):
        out = None
        for a in e.args:
            v = self.ev(a)
            out = v if out is None else combine(out, v)
        return out

    def _Add(self, e):
        return self._fold(e, add)

    def _Mul(self, e):
        return self._fold(e, mul)

    def _HadamardProduct(self, e):
        return self._fold(e, hadamard)

    _MatAdd = _Add
    _MatMul = _Mul

    def _HadamardPower(self, e):  # A ∘ A, as SymPy folds it; constant exponents only
        base, exp = e.args
        if not exp.is_number:
            raise EvalError(f"elementwise power with a symbolic exponent: {e}")
        b = self.ev(base)
        return Val(b.arr ** float(exp), b.mat)

    def _Pow(self, e):
        base, exp = e.args
        b = self.ev(base)
        x = _scalarize(self.ev(exp))
        if b.mat and b.mshape != (1, 1):
            return _mat_power_batched(b, x)
        b = _scalarize(b)
        bb, xx = _align(b, x)
        with np.errstate(all="ignore"):
            return Val(np.power(bb.astype(float), xx))

    def _MatPow(self, e):
        base, exp = e.args
        return _mat_power_batched(self.ev(base), _scalarize(self.ev(exp)))

    def _Transpose(self, e):
        return _transpose(self.ev(e.arg))

    def _Inverse(self, e):
        v = self.ev(e.arg)
        if not v.mat:
            return Val(1.0 / v.arr)
        return Val(np.linalg.inv(v.arr), True)

    def _Trace(self, e):
        v = self.ev(e.arg)
        return Val(np.trace(v.arr, axis1=-2, axis2=-1)) if v.mat else v

    def _Determinant(self, e):
        v = self.ev(e.arg)
        return Val(np.linalg.det(v.arr)) if v.mat else v

    def _Identity(self, e):
        return Val(np.eye(self._int(e.shape[0])), True)

    def _ZeroMatrix(self, e):
        return Val(np.zeros((self._int(e.shape[0]), self._int(e.shape[1]))), True)

    def _grid(self, rows, mat: bool) -> Val:
        """Entries (scalars) or blocks (matrices) laid out row by row, batch axes broadcast."""
        vals = [[self.ev(x) for x in row] for row in rows]
        if not mat:
            vals = [[_scalarize(v) for v in row] for row in vals]
            if any(v.mat for row in vals for v in row):
                raise ShapeError("a matrix entry inside an explicit matrix")
        else:
            vals = [[v if v.mat else Val(v.arr[..., None, None], True) for v in row] for row in vals]
        nb = max(v.nbatch for row in vals for v in row)
        arrs = [[_to_batch(v, nb) for v in row] for row in vals]
        batch = np.broadcast_shapes(*(a.shape[:nb] for row in arrs for a in row))
        if not mat:
            arrs = [[np.broadcast_to(a, batch) for a in row] for row in arrs]
            return Val(np.stack([np.stack(row, axis=-1) for row in arrs], axis=-2), True)
        arrs = [[np.broadcast_to(a, batch + a.shape[nb:]) for a in row] for row in arrs]
        try:
            return Val(np.concatenate([np.concatenate(row, axis=-1) for row in arrs], axis=-2), True)
        except ValueError as err:
            raise ShapeError(f"blocks that do not fit: {err}") from None

    def _ImmutableDenseMatrix(self, e):  # an explicit matrix of scalar entries
        return self._grid(e.tolist(), mat=False)

    _MutableDenseMatrix = _ImmutableDenseMatrix

    def _BlockMatrix(self, e):  # np.block of the evaluated blocks
        return self._grid(e.blocks.tolist(), mat=True)

    def _OneMatrix(self, e):
        return Val(np.ones((self._int(e.shape[0]), self._int(e.shape[1]))), True)

    def _extreme(self, e, pick):
        vals = [_scalarize(self.ev(a)) for a in e.args]
        out = vals[0]
        for v in vals[1:]:
            x, y = _align(out, v)
            out = Val(pick(x, y), out.mat or v.mat)
        return out

    def _Max(self, e):
        return self._extreme(e, np.maximum)

    def _Min(self, e):
        return self._extreme(e, np.minimum)

    def _binomial(self, e):
        n, k = (_scalarize(self.ev(a)) for a in e.args)
        x, y = _align(n, k)
        return Val(_comb(x, y))

    def _Piecewise(self, e):
        out = None
        taken = None
        for expr, cond in e.args:
            c = np.asarray(self.ev(cond).arr if cond is not sp.true else 1.0, bool)
            v = self.ev(expr)
            if out is None:
                out = np.where(c, v.arr, np.nan)
                taken = c
            else:
                use = c & ~taken
                out = np.where(use, v.arr, out)
                taken = taken | c
        return Val(out)

    def _BooleanTrue(self, e):
        return Val(np.asarray(1.0))

    def _BooleanFalse(self, e):
        return Val(np.asarray(0.0))

    def _sum(self, e, combine, start):
        body, *limits = e.args
        return self._sum_limits(body, list(limits), combine, start)

    def _bound(self, e) -> np.ndarray:
        v = _scalarize(self.ev(e))
        if v.mat:
            raise EvalError("a summation bound must be a number")
        return np.rint(v.arr).astype(int)

    def _index_range(self, idx, lo, hi, what: str):
        """Bind the index to lo..hi in turn (the widest range over the trials when the bounds
        vary: a sampled n); yields (k, in range per trial), restoring the binding after."""
        if getattr(hi, "is_infinite", False) or getattr(lo, "is_infinite", False):
            raise EvalError(f"an infinite {what} is not evaluated numerically")
        lo_a, hi_a = self._bound(lo), self._bound(hi)
        if hi_a.size and int(hi_a.max()) - int(lo_a.min()) > 10_000:
            raise EvalError(f"a {what} of more than 10000 terms is not evaluated numerically")
        saved = self.env.get(idx.name)
        try:
            for k in range(int(lo_a.min()), int(hi_a.max()) + 1):
                self.env[idx.name] = Val(np.asarray(float(k)))
                yield k, (lo_a <= k) & (k <= hi_a)
        finally:
            if saved is None:
                self.env.pop(idx.name, None)
            else:
                self.env[idx.name] = saved

    def _sum_limits(self, body, limits, combine, start):
        """Sum/product over one limit at a time; out-of-range terms (bounds that vary between
        trials) count as 0 in a sum and 1 in a product."""
        if not limits:
            return self.ev(body)
        (idx, lo, hi), rest = limits[-1], limits[:-1]  # SymPy lists the innermost limit first
        if combine is np.add and (lo.is_infinite or hi.is_infinite):
            lo, hi = self._supported_range(body, idx, lo, hi)
        out = None
        for _, inside in self._index_range(idx, lo, hi, "sum"):
            v = self._sum_limits(body, rest, combine, start)
            if not inside.all():
                mask = Val(inside.astype(float))
                if combine is np.add:
                    v = mul(mask, Val(np.nan_to_num(v.arr), v.mat))
                else:
                    v = add(mul(mask, v), add(Val(np.asarray(1.0)),
                                              mul(Val(np.asarray(-1.0)), mask)))
            if out is None:
                out = v
            elif combine is np.add:
                out = add(out, v)
            else:
                out = mul(out, v)
        return out if out is not None else Val(np.asarray(start))

    def _supported_range(self, body, idx, lo, hi):
        """An infinite sum of finitely supported sequences: the finite window holding every
        non-zero term (verify/support.py), cut to the written bounds; the bounds unchanged
        when there is none (``_index_range`` then says the sum is not evaluated)."""
        from .support import window

        if lo is sp.oo or hi is -sp.oo:  # from +infinity, or up to -infinity: no term
            return sp.Integer(1), sp.Integer(0)
        w = window(self, body, idx)
        if w is None:
            return lo, hi
        a, b = w
        if not lo.is_infinite:
            a = max(a, int(self._bound(lo).min()))
        if not hi.is_infinite:
            b = min(b, int(self._bound(hi).max()))
        if not (lo.is_infinite and hi.is_infinite) and (lo.free_symbols or hi.free_symbols):
            return lo, hi  # a finite bound that varies between trials: keep the general path
        return sp.Integer(a), sp.Integer(b)

    def _indexed(self, e):
        base = e.base.label.name if hasattr(e.base.label, "name") else str(e.base.label)
        if base not in self.env and len(e.indices) == 1:
            member = f"{base}_{self._int(e.indices[0])}"
            if member in self.env:  # a family declared member by member: alpha_0, alpha_1, ...
                return self.env[member]
        v = self._lookup(base, e)
        idx = [self._int(i) - 1 for i in e.indices]  # LaTeX indices are 1-based
        if not v.mat:
            raise EvalError(f"{base} is a scalar and cannot be indexed")
        rows, cols = v.mshape
        if len(idx) == 1:
            i = idx[0]
            if not 0 <= i < rows * cols:
                raise EvalError(f"index {i + 1} out of range for {base} of shape {v.mshape}")
            flat = v.arr.reshape(v.arr.shape[:-2] + (rows * cols,))
            return Val(flat[..., i])
        i, j = idx[:2]
        if not (0 <= i < rows and 0 <= j < cols):
            raise EvalError(f"entry ({i + 1}, {j + 1}) out of range for {base} of shape {v.mshape}")
        return Val(v.arr[..., i, j])

    # -- operators of cheatsheet.ops -------------------------------------------------------
    def _Sigmoid(self, e):
        v = self.ev(e.args[0])
        return Val(_sigmoid(v.arr), v.mat)

    def _Inner(self, e):
        a, b = (self.ev(x) for x in e.args)
        if not (a.mat and b.mat):
            return mul(a, b)
        if a.mshape != b.mshape:
            raise ShapeError(f"inner product of shapes {a.mshape} and {b.mshape}")
        x, y = _align(a, b)
        return Val((x * y).sum(axis=(-1, -2)))

    def _Norm(self, e):
        v = self.ev(e.args[0])
        p = e.args[1]
        if not v.mat:
            return Val(np.abs(v.arr))
        a = v.arr
        vector = 1 in v.mshape
        if p == sp.Symbol("F") or (vector and p == 2):
            return Val(np.sqrt((a * a).sum(axis=(-1, -2))))
        if vector and p == 1:
            return Val(np.abs(a).sum(axis=(-1, -2)))
        if p is sp.oo:
            if vector:
                return Val(np.abs(a).max(axis=(-1, -2)))
            return Val(np.abs(a).sum(axis=-1).max(axis=-1))
        if not vector and p == 2:
            return Val(np.linalg.norm(a, ord=2, axis=(-2, -1)))
        if not vector and p == 1:
            return Val(np.abs(a).sum(axis=-2).max(axis=-1))
        if p.is_number:
            pp = float(p)
        else:  # \|x\|_p with p a sampled scalar: vectors only (no induced p-norm is evaluated)
            if not vector:
                raise EvalError(f"induced matrix norm for the symbolic p = {p}")
            pv = _scalarize(self.ev(p))
            pp = _to_batch(pv, v.nbatch)[..., None, None]
            a = _to_batch(v, pv.nbatch)
            return Val(((np.abs(a) ** pp).sum(axis=(-1, -2), keepdims=True) ** (1 / pp))[..., 0, 0])
        return Val((np.abs(a) ** pp).sum(axis=(-1, -2)) ** (1 / pp))

    def _Eigenvalue(self, e):
        """Largest / smallest eigenvalue: ``eigvalsh`` on a symmetric instance (exact real
        spectrum), otherwise the largest / smallest real part of ``eigvals``."""
        v = self.ev(e.args[0])
        if not v.mat or v.mshape[0] != v.mshape[1]:
            if not v.mat:
                return v
            raise ShapeError(f"eigenvalue of a {v.mshape} matrix")
        a = v.arr
        sym = np.all(np.isclose(a, np.swapaxes(a, -1, -2)), axis=(-1, -2))
        hs = np.linalg.eigvalsh((a + np.swapaxes(a, -1, -2)) / 2)
        gen = np.sort(np.linalg.eigvals(a).real, axis=-1)
        lam = np.where(sym[..., None], hs, gen)
        return Val(lam[..., -1] if e.args[1].name == "max" else lam[..., 0])

    def _Extremum(self, e):
        """max / min of a scalar body over the integers lo..hi (bounds may vary per trial: each
        trial's own range counts, the others are masked with -inf / +inf)."""
        body, idx, lo, hi, which = e.args
        fill = -np.inf if which.name == "max" else np.inf
        pick = np.maximum if which.name == "max" else np.minimum
        out = None
        for _, inside in self._index_range(idx, lo, hi, "extremum"):
            v = _scalarize(self.ev(body))
            if v.mat:
                raise EvalError("an extremum of matrices")
            v = Val(np.where(inside, v.arr, fill))
            out = v if out is None else Val(pick(*np.broadcast_arrays(out.arr, v.arr)))
        if out is None or np.any(np.isinf(out.arr)):
            raise EvalError("an extremum over an empty range")
        return out

    def _E(self, e):
        return self.expect(e.args[0])

    _ExpectOver = _E  # E_{x ~ p}[...]: the mean over the random variables in the body

    def _Provided(self, e):
        """A value where its condition holds, no value (NaN: the trial decides nothing)
        elsewhere: one direction of an equivalence (cheatsheet.latex.conditions)."""
        v, c = (_scalarize(self.ev(a)) for a in e.args)
        x, m = _align(v, c)
        return Val(np.where(m.astype(bool), x, np.nan))

    def _Var(self, e):
        (x,) = e.args
        return self._cov(x, x, matrix=False)

    def _Cov(self, e):
        return self._cov(*e.args, matrix=False)

    def _Prob(self, e):
        return self.expect(e.args[0])

    def _Subs(self, e):
        """f'(g(x)): the derivative in a dummy variable, evaluated at the substituted point."""
        expr, variables, points = e.args
        values = [self.ev(p) for p in points]
        saved = {v.name: self.env.get(v.name) for v in variables}
        try:
            for v, val in zip(variables, values):
                self.env[v.name] = val
            return self.ev(expr)
        finally:
            for name, old in saved.items():
                if old is None:
                    self.env.pop(name, None)
                else:
                    self.env[name] = old

    def _Integral(self, e):
        if isinstance(e, ops.Integral):
            return self._integral(*e.args)
        body, *lims = e.args  # SymPy's own Integral, definite in one variable
        if len(lims) != 1 or len(lims[0]) != 3:
            raise EvalError("only a definite integral in one variable is evaluated")
        return self._integral(body, *lims[0])

    def _integral(self, body, var, lo, hi) -> Val:
        """Definite integral by a fixed QUAD_NODES-point Gauss-Legendre rule, the nodes on a new
        batch axis (as an expectation's atoms).  Infinite ranges are mapped to a finite one first:
        x = u / (1 - u^2) on (-1, 1) for the whole line, x = a + u / (1 - u) (or b - ...) on
        (0, 1) for a half line.  Accuracy: about 1e-10 relative for smooth integrands with
        Gaussian-like tails and features wider than ~0.05 within |x| < 10; a kink or an endpoint
        singularity costs digits (a kink inside the range ~1e-6), a tail decaying like |x|^-3
        ~1e-4.  A nonzero integrand that does not depend on the variable over an infinite range
        diverges: that raises ShapeError (the formula has no value), like a size mismatch."""
        u, w = _gauss_legendre()
        inf_lo, inf_hi = lo is -sp.oo or lo == -sp.oo, hi is sp.oo or hi == sp.oo
        if (inf_lo or inf_hi) and var not in body.free_symbols:
            v = self.ev(body)
            if np.any(np.asarray(v.arr) != 0):
                raise ShapeError(f"the integrand does not depend on {var}, so its integral over "
                                 "an infinite range diverges")
            return Val(np.zeros_like(np.asarray(v.arr, float)), v.mat)
        nb_outer = max((v.nbatch for v in self.env.values()), default=0)
        nb_outer = max([nb_outer] + [d.probs.ndim - 1 for d in self.inst.dists])  # as expect()
        if inf_lo and inf_hi:
            x, jac = u / (1 - u * u), (1 + u * u) / (1 - u * u) ** 2
            base, sign = None, 1.0
        elif inf_lo or inf_hi:
            t = (u + 1) / 2  # (0, 1)
            x, jac = t / (1 - t), 0.5 / (1 - t) ** 2
            base, sign = (hi, -1.0) if inf_lo else (lo, 1.0)
        else:
            x, jac, base, sign = (u + 1) / 2, w * 0 + 0.5, None, 1.0
        shape = (1,) * nb_outer + (len(u),)
        if inf_lo and inf_hi:
            nodes = x.reshape(shape)
            weights = (w * jac).reshape(shape)
        elif base is not None:
            b = _to_batch(_scalarize(self.ev(base)), nb_outer)[..., None]
            nodes = b + sign * x.reshape(shape)
            weights = np.broadcast_to((w * jac).reshape(shape), nodes.shape)
        else:
            a = _to_batch(_scalarize(self.ev(lo)), nb_outer)[..., None]
            bb = _to_batch(_scalarize(self.ev(hi)), nb_outer)[..., None]
            nodes = a + (bb - a) * x.reshape(shape)
            weights = (bb - a) * (w * jac).reshape(shape)
        saved = self.env.get(var.name)
        self.env[var.name] = Val(np.asarray(nodes, float))
        try:
            v = self.ev(body)
        finally:
            if saved is None:
                self.env.pop(var.name, None)
            else:
                self.env[var.name] = saved
        arr = _to_batch(v, nb_outer + 1)
        wt = weights[..., None, None] if v.mat else weights
        return Val((arr * wt).sum(axis=nb_outer), v.mat)

    def _Limit(self, e):
        return self._limit(*e.args)

    def _limit(self, body, var, point, side) -> Val:
        """The limit of the body as var -> point, from the body's values near the point: at
        point + s h for h = 1e-2, 10^-2.5, ..., 1e-6 (s = +1 / -1 for each side approached), or at
        var = +-1e3, ..., +-1e6 for an infinite point (half-decade steps, integers at infinity).  Each side's sequence is extrapolated to
        h = 0 (t = 1/var at infinity) several ways: its last value, Richardson extrapolation for
        an error linear in h and for one quadratic in h, Aitken's delta-squared on a contracting
        sequence, and a fit of L + a h + b h log h (x log x, x^x, n^{1/n}); per entry the estimate
        whose two consecutive values agree best is taken, that gap being its uncertainty.  The
        limit has settled when the uncertainty is at most LIMIT_RTOL max(1, |value|), else
        EvalError (sin(1/x), |x|/x at 0 from both sides, 1/x: a jump, an oscillation or a
        divergence, including to +-oo, raises).  A two-sided limit needs both sides to agree
        within their uncertainties plus LIMIT_RTOL; a side on which the body has no finite value
        at all (log x left of 0) is left out.  An estimate within its uncertainty of 0 is 0.
        Accuracy measured (error relative to max(1, |limit|)): analytic bodies (sin x / x,
        (e^x - 1)/x, difference quotients, (1 + 1/n)^n, (1 + x)^{1/x}, sqrt(n^2 + n) - n) 4e-11
        or better; x log x, x^x, n^{1/n}, sqrt(x) at 0+ 1e-13; bodies that cancel
        ((tan x - x)/x^3: 9e-10, (1 - cos x)/x^2: 4e-8) lose digits to rounding near the point.
        x sin(1/x) at 0 does not settle (EvalError)."""
        side = side.name
        if point == sp.oo or point == -sp.oo:
            t = 1.0 / LIMIT_AT_INFINITY
            sgn = 1.0 if point == sp.oo else -1.0
            runs = [[Val(np.asarray(sgn * x)) for x in LIMIT_AT_INFINITY]]
        else:
            t = LIMIT_STEPS
            a = _scalarize(self.ev(point))
            if a.mat:
                raise EvalError("a limit at a matrix")
            signs = {"both": (1.0, -1.0), "+": (1.0,), "-": (-1.0,)}[side]
            runs = [[Val(a.arr + s * h) for h in LIMIT_STEPS] for s in signs]
        saved = self.env.get(var.name)
        try:
            seqs = []
            for run in runs:
                vals = []
                for x in run:
                    self.env[var.name] = x
                    with np.errstate(all="ignore"):
                        vals.append(self.ev(body))
                seqs.append(vals)
        finally:
            if saved is None:
                self.env.pop(var.name, None)
            else:
                self.env[var.name] = saved
        flat = [v for vals in seqs for v in vals]
        mat = any(v.mat for v in flat)
        if mat and not all(v.mat for v in flat):
            raise EvalError("a limit whose body is sometimes a matrix")
        nb = max(v.nbatch for v in flat)
        arrs = [_to_batch(v, nb) for v in flat]
        shape = np.broadcast_shapes(*(a.shape for a in arrs))
        V = np.stack([np.broadcast_to(a, shape) for a in arrs]).astype(float)
        K = len(t)
        ests = [_extrapolate(V[k * K:(k + 1) * K], t) for k in range(len(seqs))]
        defined = [np.isfinite(V[k * K:(k + 1) * K]).any(axis=0) for k in range(len(seqs))]
        est, unc = ests[0]
        if len(ests) == 2:
            (r, ur), (l, ul) = ests
            dr, dl = defined
            scale = np.maximum(1.0, np.maximum(np.abs(r), np.abs(l)))
            with np.errstate(invalid="ignore"):
                agree = np.abs(r - l) <= ur + ul + LIMIT_RTOL * scale
            both = dr & dl
            if np.any(both & ~agree & np.isfinite(ur) & np.isfinite(ul)):
                raise EvalError("the limits from the left and from the right differ")
            est = np.where(both, (r + l) / 2, np.where(dr, r, l))
            unc = np.where(both, np.maximum(ur, ul), np.where(dr, ur, ul))
        with np.errstate(invalid="ignore"):
            settled = unc <= LIMIT_RTOL * np.maximum(1.0, np.abs(est))
        if not np.all(settled):
            raise EvalError(f"the limit as {var} -> {point} does not settle "
                            f"(uncertainty {np.nanmax(np.where(settled, 0, unc)):.2g})")
        return Val(np.where(np.abs(est) <= unc, 0.0, est), mat)

    # -- expectations -------------------------------------------------------------------
    def _random_names(self, expr) -> list[str]:
        names = set()
        for s in expr.atoms(sp.Symbol, sp.MatrixSymbol, sp.IndexedBase):
            n = s.name if hasattr(s, "name") else str(s)
            if isinstance(s, sp.IndexedBase):
                n = str(s.label)
            if n in self._rv_of:
                names.add(n)
        return sorted(names)

    def expect(self, expr) -> Val:
        """E[expr] over the joint law of the random variables in it (exact on the atoms)."""
        names = self._random_names(expr)
        if not names:
            return self.ev(expr)
        dists = []
        for n in names:
            d = self._rv_of[n]
            if all(d is not x for x in dists):
                dists.append(d)
        nb_outer = max((v.nbatch for v in self.env.values()), default=0)
        nb_outer = max(nb_outer, max(d.probs.ndim - 1 for d in dists))
        saved = {}
        weights = None
        n_new = len(dists)
        # each independent distribution gets its own new batch axis: the product law
        for k, d in enumerate(dists):
            lead = d.probs.ndim - 1
            pad_before = nb_outer - lead
            for name in d.names:
                a = d.atoms[name]
                is_vec = d.vector.get(name, False)
                core = a.shape[lead:]  # (m,) or (m, r, 1)
                shape = a.shape[:lead] + (1,) * pad_before + (1,) * k + core[:1] \
                    + (1,) * (n_new - k - 1) + core[1:]
                saved.setdefault(name, self.env.get(name))
                self.env[name] = Val(a.reshape(shape), is_vec)
            p = d.probs.reshape(d.probs.shape[:lead] + (1,) * pad_before + (1,) * k
                                + d.probs.shape[lead:] + (1,) * (n_new - k - 1))
            weights = p if weights is None else weights * p
        try:
            v = self.ev(expr)
        finally:
            for name, old in saved.items():
                if old is None:
                    self.env.pop(name, None)
                else:
                    self.env[name] = old
        target = nb_outer + n_new
        arr = _to_batch(v, target)
        w = weights
        if v.mat:
            w = w[..., None, None]
        axes = tuple(range(nb_outer, target))
        total = (arr * w).sum(axis=axes)
        return Val(total, v.mat)

    def _cov(self, a, b, matrix: bool) -> Val:
        return self.expect_val_product(a, b, self.expect(a), self.expect(b), outer=matrix)

    def expect_val_product(self, a, b, ma: Val, mb: Val, outer: bool) -> Val:
        """E[(a - E a)(b - E b)] (outer product for vectors), means computed beforehand."""
        ca, cb = sp.Dummy("mean_a"), sp.Dummy("mean_b")
        if outer:
            ca = sp.MatrixSymbol(ca.name, *a.shape)
            cb = sp.MatrixSymbol(cb.name, *b.shape)
            body = (a - ca) * (b - cb).T
        else:
            body = (a - ca) * (b - cb)
        self.env[ca.name] = ma
        self.env[cb.name] = mb
        try:
            return self.expect(body)
        finally:
            self.env.pop(ca.name, None)
            self.env.pop(cb.name, None)

    # -- matrix-valued operators ----------------------------------------------------------
    def _matapply(self, e: ops.MatApply) -> Val:
        op, args = e.op, e.operands
        if op == "E":
            return self.expect(args[0])
        if op == "Var":
            m = self.expect(args[0])
            return self.expect_val_product(args[0], args[0], m, m, outer=True)
        if op == "Cov":
            a, b = args
            return self.expect_val_product(a, b, self.expect(a), self.expect(b), outer=True)
        if op == "call":  # a vector-valued function applied: the reader wraps f(x) for its shape
            return self.ev(args[0])
        if op in _ELEMENTWISE_OPS:
            v = self.ev(args[0])
            return Val(_ELEMENTWISE_OPS[op](v.arr), v.mat)
        if op == "softmax":
            return _softmax(self.ev(args[0]))
        if op == "diag":
            v = self.ev(args[0])
            a = v.arr
            if v.mat and v.mshape[1] == 1:
                d = a[..., :, 0]
                return Val(d[..., :, None] * np.eye(d.shape[-1]), True)
            if v.mat:  # diag of a square matrix: its diagonal as a column
                return Val(np.diagonal(a, axis1=-2, axis2=-1)[..., :, None], True)
            raise EvalError("diag of a scalar")
        if op in ("partial", "grad", "hessian", "chain"):  # derivatives.py
            return self._matrix_derivative(e)
        if op in ("argmax", "argmin"):  # extrema.py
            return self._arg_vector(e)
        if op == "call":  # a vector-valued function applied: f(x) already evaluates to a column
            return self.ev(args[0])
        if op == "ones":
            return Val(np.ones((self._int(e.shape[0]), self._int(e.shape[1]))), True)
        if op == "col":  # column i (1-based) of a matrix: x_i of a vectors(N, d) family
            m = self.ev(args[0])
            k = self._int(args[1]) - 1
            if not m.mat or not 0 <= k < m.mshape[1]:
                raise EvalError(f"column {k + 1} out of range for {args[0]}")
            return Val(m.arr[..., :, k:k + 1], True)
        if op == "sum":  # sum of a matrix-valued body over an integer index
            body, idx, lo, hi = args
            return self._sum_limits(body, [(idx, lo, hi)], np.add, 0.0)
        if op == "seq":  # x_1, ..., x_n as a column (cheatsheet.latex.sets.dotted)
            body, idx, lo, hi = args
            terms = []
            for _, inside in self._index_range(idx, lo, hi, "list"):
                if not inside.all():
                    raise EvalError("a list whose length varies between trials")
                terms.append(_scalarize(self.ev(body)))
            nb = max(t.nbatch for t in terms)
            arrs = np.broadcast_arrays(*(_to_batch(t, nb) for t in terms))
            return Val(np.stack(arrs, axis=-1)[..., None], True)
        if op == "pinv":  # Moore-Penrose pseudo-inverse
            v = self.ev(args[0])
            if not v.mat:
                return Val(np.where(v.arr != 0, 1.0 / np.where(v.arr != 0, v.arr, 1.0), 0.0))
            return Val(np.linalg.pinv(v.arr), True)
        if op == "prod":  # ordered product of a square matrix-valued body over an integer index
            body, idx, lo, hi = args
            return self._matprod(body, idx, lo, hi, self._int(e.shape[0]))
        if op == "integral":
            return self._integral(*args)
        if op == "limit":
            return self._limit(*args)
        raise EvalError(f"no numeric meaning for operator {op}")

    def _matprod(self, body, idx, lo, hi, n: int) -> Val:
        """body(lo) body(lo + 1) ... body(hi), multiplied left to right; an empty range is the
        n x n identity.  Bounds may differ between trials (a sampled s in ``\\prod_{r=t+1}^{s}``):
        the index runs over the widest range and a trial's out-of-range factors are the identity."""
        eye = np.eye(n)
        out = Val(eye, True)
        for _, inside in self._index_range(idx, lo, hi, "product"):
            v = self.ev(body)
            if not v.mat:
                v = mul(v, Val(eye, True))
            if v.mshape != (n, n):
                raise ShapeError(f"a product of {v.mshape} factors with an {n} x {n} result")
            if not inside.all():
                ins, arr = _align(Val(inside.astype(float)), v)
                v = Val(np.where(ins[..., None, None] > 0, arr, eye), True)
            out = mul(out, v)
        return out

    def _call_function(self, e) -> Val:
        name = type(e).__name__
        fn = self.inst.functions.get(name)
        if fn is None:
            raise EvalError(f"the function {name} is not given here: nothing declares or "
                            "computes it")
        args = [self.ev(a) for a in e.args]
        return fn(*args)


QUAD_NODES = 400

LIMIT_STEPS = 10.0 ** -np.arange(2, 6.01, 0.5)  # distances to a finite point: 1e-2 .. 1e-6
LIMIT_AT_INFINITY = np.round(10.0 ** np.arange(3, 6.01, 0.5))  # integers 1e3 .. 1e6
LIMIT_RTOL = 1e-7  # a limit has settled when its estimates agree to this (relative, or absolute below 1)


def _extrapolate(V: np.ndarray, t: np.ndarray):
    """Estimate lim V as t -> 0 from V[k] = V(t[k]) (t decreasing), entrywise: (value,
    uncertainty); the uncertainty is inf where no estimate is finite.  See Evaluator._limit."""
    K = len(t)
    tt = t.reshape((K,) + (1,) * (V.ndim - 1))
    cands = []
    with np.errstate(all="ignore"):
        cands.append((V[1:], np.abs(V[1:] - V[:-1])))  # the sequence itself
        R = (V[1:] * tt[:-1] - V[:-1] * tt[1:]) / (tt[:-1] - tt[1:])  # error ~ t
        cands.append((R[1:], np.abs(R[1:] - R[:-1])))
        t2 = tt[:-1] * tt[1:]
        R2 = (R[1:] * t2[:-1] - R[:-1] * t2[1:]) / (t2[:-1] - t2[1:])  # error ~ t^2 after R
        cands.append((R2[1:], np.abs(R2[1:] - R2[:-1])))
        d = np.diff(V, axis=0)
        dd = d[1:] - d[:-1]
        A = np.where(dd != 0, V[2:] - d[1:] ** 2 / np.where(dd != 0, dd, 1.0), V[2:])
        A = np.where((np.abs(d[1:]) < np.abs(d[:-1])) | (d[1:] == 0), A, np.nan)  # contracting only
        cands.append((A[1:], np.abs(A[1:] - A[:-1])))
        # L + a t + b t log t (+ c (t log t)^2) through consecutive points
        tl = t * np.log(t)
        for basis in (np.stack([np.ones(K), t, tl], axis=1), np.stack([np.ones(K), t, tl, tl * tl], axis=1)):
            m = basis.shape[1]
            fits = [np.tensordot(np.linalg.inv(basis[k:k + m])[0], V[k:k + m], axes=(0, 0))
                    for k in range(K - m + 1)]
            if len(fits) >= 2:
                F = np.stack(fits)
                cands.append((F[1:], np.abs(F[1:] - F[:-1])))
        est = np.concatenate([c[0] for c in cands])
        unc = np.concatenate([c[1] for c in cands])
    unc = np.where(np.isfinite(unc) & np.isfinite(est), unc, np.inf)
    k = np.argmin(unc, axis=0)
    return (np.take_along_axis(est, k[None], 0)[0], np.take_along_axis(unc, k[None], 0)[0])


def _gauss_legendre():
    global _GL
    if _GL is None:
        _GL = np.polynomial.legendre.leggauss(QUAD_NODES)
    return _GL


_GL = None


def evaluate(expr, inst: Instance) -> Val:
    return Evaluator(inst).ev(expr)
