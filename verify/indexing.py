"""Sums, products and extrema over an integer index, and the entries of vectors and matrices.

A bound may vary between the trials of a batch (a sampled n): the index runs over the widest
range and a trial's terms outside its own range are masked (0 in a sum, 1 in a product, the
identity in a product of matrices, -inf / +inf in a max / min).  Entries are counted from
``self.base`` (1; 0 in the probe of verify/index_base.py, which decides what an index outside
means).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from .arrays import EvalError, ShapeError, Val, _align, _scalarize, add, kept, mul
from .index_base import OutOfRange


class IndexingMixin:
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
        depth = len(self._masks)
        self._masks.append(True)
        try:
            with kept(self.env, idx.name):
                for k in range(int(lo_a.min()), int(hi_a.max()) + 1):
                    self.env[idx.name] = Val(np.asarray(float(k)))
                    inside = (lo_a <= k) & (k <= hi_a)
                    self._masks[depth] = inside
                    yield k, inside
        finally:
            del self._masks[depth:]

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
        written = [self._int(i) for i in e.indices]
        if not v.mat:
            raise EvalError(f"{base} is a scalar and cannot be indexed")
        rows, cols = v.mshape
        if len(written) == 1:
            i = written[0] - self.base  # counted from 1 (or from 0 in index_base's probe)
            if not 0 <= i < rows * cols:
                raise self._out_of_range(base, written, (rows * cols,), e.indices)
            flat = v.arr.reshape(v.arr.shape[:-2] + (rows * cols,))
            return Val(flat[..., i])
        i, j = (k - self.base for k in written[:2])
        if not (0 <= i < rows and 0 <= j < cols):
            raise self._out_of_range(base, written[:2], (rows, cols), e.indices[:2])
        return Val(v.arr[..., i, j])

    def _out_of_range(self, name: str, written, shape, exprs=None, word=None) -> OutOfRange:
        """The error for an index outside ``shape``; ``used`` unless every trial leaves the
        term out (a sum whose bounds vary between trials runs over the widest range).
        ``exprs``: the indices as written, whose names say whether the formula itself puts
        the index outside (index_base.index_trusted)."""
        used = True
        for m in self._masks:
            used = np.logical_and(used, m)
        names = None if exprs is None else frozenset(
            getattr(x, "name", str(x)) for i in exprs for x in getattr(i, "free_symbols", ()))
        return OutOfRange(name, tuple(written), tuple(shape), self.base, bool(np.any(used)),
                          self.inst.dims, names, word)

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
