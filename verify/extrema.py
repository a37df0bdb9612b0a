"""Where a body is largest or smallest: ``ArgExtremum`` and ``MatApply('argmax' | 'argmin')``.

Over an index range the answer is exact: the body is evaluated at every index.  Over a real
variable or a vector it is searched for numerically, and a search that cannot be sure gives no
value (NaN), never a guess, so the trial decides nothing:

* a real variable: the body on a grid of 1,601 points spread as sinh over [-10^4, 10^4] (spacing
  0.012 near 0), then golden-section search in the two cells around each of the 6 best peaks
  of the grid, to about 1e-8 relative (values cannot tell closer points apart at a smooth
  extremum).  No value when an end of the grid is as high (the body keeps growing or falling:
  no extremum inside) or when a second peak comes within 1e-9 (relative) of the best (several
  points attain it: cos x, a flat body);
* a vector: damped Newton steps (gradient and Hessian by central differences, a step halved
  until the body improves) from 8 starting points (0 and seven fixed points of norm about 1 to
  30).  No value unless the search settles (gradient below 1e-7 relative), the best value is
  reached by at least two of the starts at one point (1e-6 relative), and no start ends at
  another point with a value within 1e-9 of it.

A vector search that settles nowhere, on a body that keeps improving, by ever smaller steps, out
to |w| = 10^8 along the ray through its best end point, says the arg min has no value (ShapeError: the formula names
nothing, as for a divergent integral).

A sharp extremum narrower than the grid's spacing, or one no start leads to, can be missed; the
found point is then some other local extremum, which is why the search must agree with itself
before it gives a value.
"""
from __future__ import annotations

import numpy as np

from .arrays import EvalError, ShapeError, Val, _scalarize, _to_batch, kept

GRID = np.sinh(np.linspace(-np.arcsinh(1e4), np.arcsinh(1e4), 1601))
GOLDEN_STEPS = 80
PEAKS = 6  # the best grid peaks refined: two as high mean several points attain it
TIE_RTOL = 1e-9
NEWTON_STEPS = 60
NEWTON_STARTS = 8
GRAD_RTOL = 1e-7
AGREE_RTOL = 1e-6
OUTWARD_STEPS = 8
RAY = 10.0 ** np.arange(2, 9)  # |w| along which a body with no extremum is seen to keep going


class ExtremaMixin:
    def _ArgExtremum(self, e):
        body, var, which = e.args[:3]
        sign = 1.0 if which.name == "max" else -1.0
        if len(e.args) == 5:
            return self._arg_index(body, var, e.args[3], e.args[4], sign)
        return self._arg_real(body, var, sign)

    # -- over an index ---------------------------------------------------------------------
    def _arg_index(self, body, idx, lo, hi, sign) -> Val:
        best = arg = None
        tied = None
        for k, inside in self._index_range(idx, lo, hi, "arg max"):
            v = _scalarize(self.ev(body))
            if v.mat:
                raise EvalError("an arg max of a matrix")
            val = np.where(inside, sign * v.arr, -np.inf)
            if best is None:
                best, arg = val, np.full(np.shape(val), float(k))
                tied = np.zeros(np.shape(val), bool)
                continue
            best, val = np.broadcast_arrays(best, val)
            scale = np.maximum(1.0, np.maximum(np.abs(best), np.abs(val)))
            tie = np.abs(val - best) <= TIE_RTOL * scale
            better = (val > best) & ~tie
            tied = np.where(better, False, np.broadcast_to(tied, best.shape) | tie)
            arg = np.where(better, float(k), np.broadcast_to(arg, best.shape))
            best = np.where(better, val, best)
        if best is None:
            raise EvalError("an arg max over an empty range")
        # two indices with the same largest value: the arg max names neither
        return Val(np.where(tied | ~np.isfinite(best), np.nan, arg))

    # -- over a real variable --------------------------------------------------------------
    def _with_value(self, var, arr, body) -> Val:
        with kept(self.env, var.name), np.errstate(all="ignore"):
            self.env[var.name] = Val(np.asarray(arr, float), False)
            return _scalarize(self.ev(body))

    def _arg_real(self, body, var, sign) -> Val:
        nb = max((v.nbatch for v in self.env.values()), default=0)

        def f(x):  # the body at points x (..., M): its values, the largest best
            v = self._with_value(var, x, body)
            if v.mat:
                raise EvalError("an arg max of a matrix")
            out = sign * _to_batch(v, nb + 1)
            return np.where(np.isfinite(out), out, -np.inf)

        G = len(GRID)
        vals = f(GRID.reshape((1,) * nb + (G,)))
        vals = np.broadcast_to(vals, vals.shape[:-1] + (G,))
        inner = vals[..., 1:-1]
        peak = (inner >= vals[..., :-2]) & (inner >= vals[..., 2:]) & np.isfinite(inner)
        ranked = np.argsort(np.where(peak, -inner, np.inf), axis=-1)[..., :PEAKS] + 1
        a, b = GRID[ranked - 1], GRID[ranked + 1]  # the cells around the best grid peaks
        r = (np.sqrt(5) - 1) / 2
        c, d = b - r * (b - a), a + r * (b - a)
        fc, fd = f(c), f(d)
        for _ in range(GOLDEN_STEPS):
            left = np.broadcast_to(fc >= fd, a.shape)
            a, b = np.where(left, a, c), np.where(left, d, b)
            c2, d2 = b - r * (b - a), a + r * (b - a)
            c, d = np.where(left, c2, d), np.where(left, c, d2)
            new = f(np.where(left, c, d))
            fc, fd = np.where(left, new, fd), np.where(left, fc, new)
        x = (a + b) / 2
        fx = np.broadcast_to(f(x), x.shape)
        fx = np.where(np.take_along_axis(np.pad(peak, [(0, 0)] * nb + [(1, 1)]), ranked, -1),
                      fx, -np.inf)
        order = np.argsort(-fx, axis=-1)
        best = np.take_along_axis(fx, order[..., :1], -1)[..., 0]
        second = np.take_along_axis(fx, order[..., 1:2], -1)[..., 0] if fx.shape[-1] > 1 \
            else np.full(best.shape, -np.inf)
        xbest = np.take_along_axis(x, order[..., :1], -1)[..., 0]
        tol = TIE_RTOL * np.maximum(1.0, np.abs(best))
        ends = np.maximum(vals[..., 0], vals[..., -1])
        # no value: no extremum inside the grid, or another peak as high (several points)
        ok = np.isfinite(best) & (second < best - tol) & (ends < best - tol)
        return Val(np.where(ok, xbest, np.nan))

    # -- over a vector ---------------------------------------------------------------------
    def _arg_vector(self, e) -> Val:
        body, var = e.operands[:2]
        sign = 1.0 if e.op == "argmax" else -1.0
        base = self._lookup(var.name, var)
        if not base.mat or base.mshape[1] != 1:
            raise EvalError(f"an arg {e.op[3:]} over {var.name}, which is not a column here")
        n = base.mshape[0]
        nb = max((v.nbatch for v in self.env.values()), default=0)
        starts = np.zeros((NEWTON_STARTS, n, 1))
        rng = np.random.default_rng(20240601)  # fixed starts: the verdict never depends on a seed
        scales = np.geomspace(1.0, 30.0, NEWTON_STARTS - 1)
        starts[1:] = rng.normal(size=(NEWTON_STARTS - 1, n, 1)) * scales[:, None, None] / np.sqrt(n)
        w = starts.reshape((1,) * nb + starts.shape)  # a start axis after the batch axes
        saved = self.env.get(var.name)

        def f(point):
            self.env[var.name] = Val(point, True)
            with np.errstate(all="ignore"):
                v = _scalarize(self.ev(body))
            if v.mat:
                raise EvalError(f"an arg {e.op[3:]} of a matrix")
            return -sign * _to_batch(v, nb + 1)  # minimise

        try:
            w, fw, grad_ok = _newton(f, w, n)
        finally:
            self.env[var.name] = saved if saved is not None else base
        shape = np.broadcast_shapes(fw.shape, w.shape[:-2])
        fw = np.broadcast_to(fw, shape)
        w = np.broadcast_to(w, shape + (n, 1))
        grad_ok = np.broadcast_to(grad_ok, shape)
        fw = np.where(grad_ok & np.isfinite(fw), fw, np.inf)
        k = np.argmin(fw, axis=-1)
        best = np.take_along_axis(fw, k[..., None], -1)
        wbest = np.take_along_axis(w, k[..., None, None, None], -3)
        scale = np.maximum(1.0, np.abs(best))
        near = np.abs(fw - best) <= TIE_RTOL * scale + 1e-12
        dist = np.linalg.norm((w - wbest)[..., 0], axis=-1)
        same = dist <= AGREE_RTOL * np.maximum(1.0, np.linalg.norm(wbest[..., 0], axis=-1))
        ok = (np.isfinite(best[..., 0]) & ((near & same).sum(-1) >= 2)
              & ~(near & ~same).any(-1))
        if not ok.any():
            self._no_minimiser(f, w, fw, e.op[3:], var.name)
        out = np.where(ok[..., None, None], wbest[..., 0, :, :], np.nan)
        return Val(out, True)

    def _no_minimiser(self, f, w, fw, which, name) -> None:
        """Raise ShapeError when, on every instance, the body tends to a bound it never reaches:
        along the ray through the start that ended best it improves at each of |w| = 10^2, ...,
        10^8, by ever smaller steps, and ends better than every point the search reached.  Then
        no point is its arg min (the arg min of ||y - X w||^{-2} has no value, its body falling
        to 0 far out), and the formula names nothing, as for a divergent integral.  A body with
        an extremum anywhere within reach turns back along the ray, so it is never said to have
        none.  A body that improves without bound (a^T w) is left with no value, as before
        (tests/test_calculus_extrema.py)."""
        k = np.argmin(np.where(np.isfinite(fw), fw, np.inf), axis=-1)
        end = np.take_along_axis(w, k[..., None, None, None], -3)[..., 0, :, :]
        size = np.linalg.norm(end[..., 0], axis=-1)[..., None, None]
        if not (size > 0).all():
            return
        u = end / size
        with np.errstate(all="ignore"):
            vals = np.stack([np.asarray(f(u * r)) for r in RAY], axis=-1)
        low = np.min(np.where(np.isfinite(fw), fw, np.inf), axis=-1)
        steps = np.diff(vals, axis=-1)
        falling = (np.isfinite(vals).all(-1) & (steps < 0).all(-1) & (vals[..., -1] < low)
                   & (np.abs(steps[..., -1]) < np.abs(steps[..., 0])))
        if falling.size and falling.all():
            raise ShapeError(f"the arg {which} over {name} has no value: the body keeps "
                             f"{'falling' if which == 'min' else 'rising'} as |{name}| grows "
                             f"(checked out to |{name}| = 10^8), so no point attains its "
                             f"{'least' if which == 'min' else 'greatest'} value")


def _at_once(f, points):
    """f at several point arrays of one shape (..., S, n, 1), in one evaluation: they are put
    side by side on the start axis (S) and the values split again.  The body is evaluated
    entrywise along that axis, so each value is the one f gives that point alone; one pass
    of the evaluator instead of one per point array is what makes a vector arg min cheap."""
    shape = np.broadcast_shapes(*(np.shape(p) for p in points))
    S = shape[-3]
    vals = np.asarray(f(np.concatenate([np.broadcast_to(p, shape) for p in points], axis=-3)))
    if vals.ndim == 0 or vals.shape[-1] != S * len(points):
        return [np.asarray(f(p)) for p in points]  # a body that ignores the point
    return [vals[..., k * S:(k + 1) * S] for k in range(len(points))]


def _newton(f, w, n):
    """Damped Newton steps on every start at once; f maps points (..., n, 1) to values (...).
    Returns the points, their values and whether the gradient there is small.  The
    difference stencil of a step and the candidate step lengths are each one evaluation
    (``_at_once``)."""
    h = 1e-4
    eye = np.eye(n)
    fw = f(w)
    grad_ok = np.zeros(np.shape(fw), bool)
    outward = 0  # steps in a row on which every start moved away from 0 (see below)
    for _ in range(NEWTON_STEPS):
        g = np.zeros(np.broadcast_shapes(np.shape(fw), w.shape[:-2]) + (n,))
        H = np.zeros(g.shape + (n,))
        pairs = [(i, j) for i in range(n) for j in range(i)]
        stencil = []
        for i in range(n):
            ei = eye[i][:, None] * h
            stencil += [w + ei, w - ei]
        for i, j in pairs:
            ei, ej = eye[i][:, None] * h, eye[j][:, None] * h
            stencil += [w + ei + ej, w + ei - ej, w - ei + ej, w - ei - ej]
        vals = _at_once(f, stencil)
        for i in range(n):
            fp, fm = vals[2 * i], vals[2 * i + 1]
            g[..., i] = (fp - fm) / (2 * h)
            H[..., i, i] = (fp - 2 * fw + fm) / h ** 2
        for k, (i, j) in enumerate(pairs):
            a, b, c, d = vals[2 * n + 4 * k: 2 * n + 4 * k + 4]
            H[..., i, j] = H[..., j, i] = (a - b - c + d) / (4 * h * h)
        scale = np.maximum(1.0, np.abs(fw))
        grad_ok = np.linalg.norm(g, axis=-1) <= GRAD_RTOL * scale * np.maximum(
            1.0, np.linalg.norm(w[..., 0], axis=-1))
        if grad_ok.all():
            break
        # a Newton step where the Hessian is positive definite, else a gradient step
        lam = np.linalg.eigvalsh((H + np.swapaxes(H, -1, -2)) / 2)[..., :1]
        shift = np.where(lam > 1e-10, 0.0, 1e-3 - lam + np.abs(lam))
        with np.errstate(all="ignore"):
            step = np.linalg.solve(H + shift[..., None] * eye, g[..., None])
        step = np.where(np.isfinite(step), step, g[..., None])
        moved = np.zeros(np.shape(fw), bool)
        cand_prev = w
        # the step halved until the value improves: each start takes the longest of the
        # lengths 1, 1/2, ..., 2^-29 that improves it (all tried at once)
        cands = [w - 0.5 ** k * step for k in range(30)]
        fw0 = fw
        for cand, fc in zip(cands, _at_once(f, cands)):
            better = np.isfinite(fc) & (fc < fw0) & ~moved
            w = np.where(better[..., None, None], cand, w)
            fw = np.where(better, fc, fw)
            moved |= better
        if not moved.any():
            break
        # every start running off, none settled, for OUTWARD_STEPS steps in a row: a body with
        # no extremum within reach (the caller looks along the ray); stopping here only leaves
        # the arg min with no value, which decides nothing
        grew = np.linalg.norm(w[..., 0], axis=-1) > np.linalg.norm(cand_prev[..., 0], axis=-1)
        outward = outward + 1 if grew.all() and not grad_ok.any() else 0
        if outward >= OUTWARD_STEPS:
            break
    return w, fw, grad_ok
