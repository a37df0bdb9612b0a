"""Numeric meaning of a parsed formula on a batch of sampled instances.

``lambdify`` is not enough here: formulas contain expectations over sampled distributions,
derivatives of sampled functions in either layout convention, and matrix algebra that must run on
a batch of instances at once (one batch axis per trial group, one more inside each expectation).
So this module walks the SymPy tree itself.  Every value is a ``Val``: an array whose leading
axes are batch axes and, for matrices, whose last two axes are the matrix axes.  Expectations
append a batch axis (the atoms of the distribution) and reduce it with the atoms' weights.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from cheatsheet import ops
from cheatsheet.latex.sets import Card, Member, SetExtremum, SetSum
from cheatsheet.symbols import display_name
from .arrays import (EvalError, ShapeError, Val, _align, _scalarize, kept,  # noqa: F401
                     _to_batch, _transpose, add, hadamard, mul)
from .derivatives import DerivativesMixin
from .elementary import _FUNCS, _REL, _comb, square
from .expectations import Distribution, ExpectationsMixin  # noqa: F401
from .extrema import ExtremaMixin
from . import index_base
from .index_base import IndexRangeError, OutOfRange  # noqa: F401
from .indexing import IndexingMixin
from .integrals import IntegralsMixin
from .limits import LimitsMixin
from .no_value import NoValueMixin, inverse, matrix_power
from .operators import OperatorsMixin


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
    # +1 / -1: every search's found point moved by its achieved precision (extrema.py), so
    # numeric.compare sees how far that precision moves the sides; 0: the points as found
    search_shift: float = 0.0
    searches: dict = field(default_factory=dict)  # extrema.py: found points, shared by
    # the instance's copies with other shifts (dataclasses.replace keeps the same dict)


class Evaluator(NoValueMixin, IndexingMixin, OperatorsMixin, ExpectationsMixin, IntegralsMixin, LimitsMixin,
                DerivativesMixin, ExtremaMixin):
    """Evaluates SymPy trees on an ``Instance``; one per instance.  Each kind of node has one
    home: this class (dispatch, arithmetic, explicit matrices), indexing.py (sums, products,
    entries), operators.py (cheatsheet.ops), expectations.py, integrals.py, limits.py,
    derivatives.py and extrema.py; no_value.py says why a term has no value at all."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.env: dict[str, Val] = dict(inst.values)
        self._rv_of = {n: d for d in inst.dists for n in d.names}
        self.base = 1  # entries are counted from 1 (index_base.py tries 0 where 1 fails)
        self._masks: list = []  # which trials use the current terms of the sums around

    # -- public ----------------------------------------------------------------------------
    def __call__(self, expr) -> Val:
        """The value of a whole expression.  An index outside its vector is a finding only
        when it falls outside counted from 0 too (``index_base.verdict``)."""
        if self.base != 1:
            return self.ev(expr)
        self._masks = []
        snapshot = dict(self.env)
        try:
            return self.ev(expr)
        except OutOfRange as exc:
            raise index_base.verdict(self, expr, snapshot, exc) from None

    # -- dispatch -------------------------------------------------------------------------
    def ev(self, e) -> Val:
        """The value of ``e``.  Where a node goes depends on its type alone, so the way is
        found once per type (``_route``): a run walks ~200 000 nodes of a few dozen types."""
        kind = type(e)
        # keyed by the types' ids: a function the formula names is a class of its own whose
        # SymPy hash takes ~9 us (1-2% of a cold verify); the entry holds the type, so its id
        # cannot be reused while the entry stands
        hit = _ROUTES.get((id(type(self)), id(kind)))
        if hit is None or hit[0] is not kind:
            hit = _ROUTES[id(type(self)), id(kind)] = (kind, _route(self, e))
        way = hit[1]
        if way is _LOOKUP:
            return self._lookup(e.name, e)
        if way is _GENERAL:
            return self._general(e)
        return getattr(self, way)(e)

    def _general(self, e) -> Val:
        if isinstance(e, (int, float)):
            return Val(np.asarray(float(e)))
        if isinstance(e, sp.MatrixSymbol):
            return self._lookup(e.name, e)
        if isinstance(e, sp.Symbol):
            return self._lookup(e.name, e)
        if e.is_Number or e is sp.pi or e is sp.E:
            if e is sp.oo or e is -sp.oo:
                return Val(np.asarray(np.inf if e is sp.oo else -np.inf))
            return Val(np.asarray(_number(e)))
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
            return self._sum_of(e)
        if isinstance(e, sp.Product):
            return self._product_of(e)
        if isinstance(e, sp.Indexed):
            return self._indexed(e)
        if isinstance(e, MatrixElement):  # SymPy counts its entries from 0
            m = self.ev(e.parent)
            if tuple(e.parent.shape) == (1, 1):  # a 1 x 1 product read as a number
                return _scalarize(m)
            if not m.mat:
                raise EvalError(f"{e.parent} is a scalar and has no entries")
            written = [self._int(x) + 1 for x in e.indices[:2]]
            i, j = (k - self.base for k in written)
            rows, cols = m.mshape
            if not (0 <= i < rows and 0 <= j < cols):
                name = sp.sstr(e.parent)
                if cols == 1 and j == 0:
                    raise self._out_of_range(name, written[:1], (rows,), e.indices[:1])
                raise self._out_of_range(name, written, (rows, cols), e.indices[:2])
            return Val(m.arr[..., i, j])
        if type(e) in _FUNCS:
            return self._elementary(e)
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
        if type(e).__name__ == "Given":  # the reader's X | Y, outside what computes it
            raise EvalError("the quantity conditioned on another ({} | {}) has no value the "
                            "check can compute".format(*(sp.sstr(a)[:30] for a in e.args)))
        raise EvalError(f"no numeric meaning for {type(e).__name__}: {sp.sstr(e)[:60]}")

    def _elementary(self, e) -> Val:
        (arg,) = e.args
        v = self.ev(arg)
        return Val(_FUNCS[type(e)](v.arr), v.mat)

    def _sum_of(self, e) -> Val:
        return self._sum(e, np.add, 0.0)

    def _product_of(self, e) -> Val:
        return self._sum(e, np.multiply, 1.0)

    def _lookup(self, name, e) -> Val:
        if name in self.env:
            return self.env[name]
        if name in self.inst.dims:
            return Val(np.asarray(float(self.inst.dims[name])))
        if name in self._rv_of:
            raise EvalError(f"random variable {display_name(str(name))} used outside an "
                            "expectation")
        # (the name as a person writes it: Σ_a|2, never the reader's Sigma_amid2)
        raise EvalError(f"{display_name(str(name))} has no value here: nothing declares or "
                        "computes it")

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
            return matrix_power(b, x, _Shown(base))
        b = _scalarize(b)
        bb, xx = _align(b, x)
        with np.errstate(all="ignore"):
            return Val(np.power(bb.astype(float), xx))

    def _MatPow(self, e):
        base, exp = e.args
        return matrix_power(self.ev(base), _scalarize(self.ev(exp)), _Shown(base))

    def _Transpose(self, e):
        return _transpose(self.ev(e.arg))

    def _Inverse(self, e):
        v = self.ev(e.arg)
        if not v.mat:
            return Val(1.0 / v.arr)
        return inverse(v, _Shown(e.arg))

    def _Trace(self, e):
        v = self.ev(e.arg)
        return Val(np.trace(v.arr, axis1=-2, axis2=-1)) if v.mat else v

    def _Determinant(self, e):
        v = self.ev(e.arg)
        return Val(np.linalg.det(square(v, "the determinant").arr)) if v.mat else v

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
        """The value of the first case whose condition holds, per trial.  A case SymPy folded
        to no value (``zoo`` or ``nan``: 1/(N 1{y_k = k}) where the indicator is 0) has none
        where it is taken (NaN: that trial decides nothing), not a failure of the formula."""
        out = None
        taken = None
        for expr, cond in e.args:
            c = np.asarray(self.ev(cond).arr if cond is not sp.true else 1.0, bool)
            v = Val(np.asarray(np.nan)) if expr in (sp.zoo, sp.nan) else self.ev(expr)
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

    def _Provided(self, e):
        """A value where its condition holds, no value (NaN: the trial decides nothing)
        elsewhere: one direction of an equivalence (cheatsheet.latex.conditions)."""
        v, c = (_scalarize(self.ev(a)) for a in e.args)
        x, m = _align(v, c)
        return Val(np.where(m.astype(bool), x, np.nan))

    def _Subs(self, e):
        """f'(g(x)): the derivative in a dummy variable, evaluated at the substituted point."""
        expr, variables, points = e.args
        values = [self.ev(p) for p in points]
        with kept(self.env, *(v.name for v in variables)):
            for v, val in zip(variables, values):
                self.env[v.name] = val
            return self.ev(expr)


@lru_cache(maxsize=4096)
def _number(e) -> float:
    """A SymPy number as a float; SymPy converts a Rational through mpmath (~5 us), for the
    same few constants again and again."""
    return float(e)


class _Shown:
    """A term as printed in a message, printed only when a message is made: ``sp.sstr`` of
    the matrix in every inverse and power was ~3% of a cold ``verify``, for messages that
    are almost never shown."""

    __slots__ = ("expr",)

    def __init__(self, expr):
        self.expr = expr

    def __str__(self) -> str:
        return sp.sstr(self.expr)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


_LOOKUP = object()  # a name: its value in the environment
_GENERAL = object()  # everything else: ``Evaluator._general`` (numbers, sets, entries...)
# ids of (evaluator class, node type) -> (node type, way)
_ROUTES: dict[tuple[int, int], tuple[type, object]] = {}


def _route(ev: Evaluator, e):
    """How ``Evaluator.ev`` treats nodes of ``e``'s type, as ``_general`` decides them in
    order: symbols (never a method of their own), a method named for the type (by name, so a
    method replaced later is the one called), else the general rules."""
    if isinstance(e, (int, float)):
        return _GENERAL
    if isinstance(e, (sp.MatrixSymbol, sp.Symbol)):
        return _LOOKUP
    if e.is_Number or e is sp.pi or e is sp.E or e is sp.EulerGamma:
        return _GENERAL
    name = "_" + type(e).__name__
    if getattr(ev, name, None) is not None:
        return name
    # the kinds ``_general`` finds by isinstance, each sent straight to its method (the
    # isinstance chain ran for ~60 000 nodes of a run), in ``_general``'s order
    if isinstance(e, (sp.Set, SetSum, SetExtremum, Member, Card)):
        return _GENERAL
    if isinstance(e, ops.MatApply):
        return "_matapply"
    if isinstance(e, sp.Sum):
        return "_sum_of"
    if isinstance(e, sp.Product):
        return "_product_of"
    if isinstance(e, sp.Indexed):
        return "_indexed"
    if isinstance(e, MatrixElement):
        return _GENERAL
    if type(e) in _FUNCS:
        return "_elementary"
    if isinstance(e, sp.core.function.AppliedUndef):
        return "_call_function"
    return _GENERAL


def evaluate(expr, inst: Instance) -> Val:
    return Evaluator(inst).ev(expr)
