"""The operators of :mod:`cheatsheet.ops`: inner products, norms, eigenvalues, Kronecker
products, and the matrix-valued ``MatApply`` operators (E, Var, Cov of vectors, elementwise maps,
softmax, diag, vec, columns of a family, lists, pseudo-inverses, ordered products), dispatched to
their homes.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet import ops
from .arrays import EvalError, ShapeError, Val, _align, _scalarize, _to_batch, kept, mul
from .elementary import _ELEMENTWISE_OPS, _sigmoid, _softmax


class OperatorsMixin:
    def _Sigmoid(self, e):
        v = self.ev(e.args[0])
        return Val(_sigmoid(v.arr), v.mat)

    def _KroneckerProduct(self, e):
        """A (x) B: the block matrix [a_ij B] (``numpy.kron`` on each instance of a batch);
        a number factor scales."""
        return self._fold(e, kron)

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
        if op == "vec":  # columns stacked: entry i + rows * j is X_ij
            v = self.ev(args[0])
            if not v.mat:
                return Val(v.arr[..., None, None], True)
            a = np.swapaxes(v.arr, -1, -2)
            return Val(a.reshape(a.shape[:-2] + (-1, 1)), True)
        if op in ("partial", "grad", "hessian", "chain"):  # derivatives.py
            return self._matrix_derivative(e)
        if op == "at":  # a derivative taken at a point: the body with its variable bound there
            body, var, point = args
            val = self.ev(point)
            with kept(self.env, var.name):
                if val.mat and not getattr(body, "is_Matrix", False):
                    return self._at_each_entry(body, var.name, val)
                self.env[var.name] = val
                return self.ev(body)
        if op in ("argmax", "argmin"):  # extrema.py
            return self._arg_vector(e)
        if op == "call":  # a vector-valued function applied: f(x) already evaluates to a column
            return self.ev(args[0])
        if op == "ones":
            return Val(np.ones((self._int(e.shape[0]), self._int(e.shape[1]))), True)
        if op == "col":  # column i (1-based) of a matrix: x_i of a vectors(N, d) family
            m = self.ev(args[0])
            written = self._int(args[1])
            k = written - self.base
            if not m.mat:
                raise EvalError(f"{args[0]} is a scalar and has no columns")
            if not 0 <= k < m.mshape[1]:
                raise self._out_of_range(str(args[0]), (written,), (m.mshape[1],), (args[1],))
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

    def _at_each_entry(self, body, var: str, point: Val) -> Val:
        """A scalar body taken at a matrix point is taken at each entry (``f'(\\mathbf{z})`` of
        a scalar function f, the backprop recursion's entrywise derivative): a sampled f takes
        numbers only, and a known one (tanh, sigma) gives the same entries either way."""
        out = np.empty(point.arr.shape)
        for i, j in np.ndindex(*point.mshape):
            self.env[var] = Val(point.arr[..., i, j], False)
            v = self.ev(body)
            if v.mat:
                raise EvalError("a derivative at each entry that is not a number")
            out[..., i, j] = np.broadcast_to(v.arr, point.arr.shape[:-2])
        return Val(out, True)

    def _table_index(self, name: str, v: Val, written, size: int, word: str) -> Val:
        """An argument a function's table takes as an entry index (``entry_indices``: position
        -> size, e.g. the state of an HMM's forward variable), counted as the evaluator counts
        entries: from 1, or from 0 in index_base's probe.  One value outside 1..size (0..size-1)
        for the whole batch is an index outside, as for a vector (index_base decides what it
        means); the table is handed the index counted from 1."""
        a = np.asarray(v.arr, float)
        if a.size and np.all(a == a.flat[0]) and np.isfinite(a.flat[0]) \
                and float(a.flat[0]).is_integer():
            k = int(a.flat[0])
            if not self.base <= k < size + self.base:
                raise self._out_of_range(name, (k,), (size,), (written,), word)
        return Val(a - self.base + 1, v.mat)

    def _SizeOf(self, e) -> Val:
        """Rows (axis 0) or columns (axis 1) of a matrix value, as its value has them."""
        v = self.ev(e.args[0])
        if not v.mat:
            raise EvalError(f"{e.args[0]} is a number and has no rows or columns")
        return Val(np.asarray(float(v.mshape[int(e.args[1])])))

    def _call_function(self, e) -> Val:
        name = type(e).__name__
        fn = self.inst.functions.get(name)
        if fn is None:
            raise EvalError(f"the function {name} is not given here: nothing declares or "
                            "computes it")
        args = [self.ev(a) for a in e.args]
        for k, size in (getattr(fn, "entry_indices", None) or {}).items():
            if k < len(args):  # a table's state or entry: counted like a vector's entries
                args[k] = self._table_index(getattr(fn, "shown", name), args[k], e.args[k],
                                            size, getattr(fn, "entry_word", "entry"))
        try:
            return fn(*args)
        except ShapeError as exc:  # the sampled function says what it takes; name it
            raise ShapeError(f"{name} {exc}") from None


def kron(a: Val, b: Val) -> Val:
    """The Kronecker product of two (batched) matrices: entry (i p + k, j q + l) is
    a_ij b_kl for b of size p x q; with a number it is the scaled matrix."""
    if not (a.mat and b.mat):
        return mul(a, b)
    x, y = _align(a, b)
    (m, n), (p, q) = a.mshape, b.mshape
    out = np.einsum("...ij,...kl->...ikjl", x, y)
    return Val(out.reshape(out.shape[:-4] + (m * p, n * q)), True)
