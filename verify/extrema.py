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

Each found point carries its achieved precision, measured on the body (``_real_precision``,
``_vector_precision``): how far the true extremum may lie from it.  The evaluator moves the point
by that much when asked (``Instance.search_shift``), and numeric.compare widens its tolerance by
how far the sides move, as it does for difference steps.  So a claim whose side is found by a
search needs no tolerance of its own, and a wrong formula, off by far more, still fails.

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
STEP = 1e-4  # the difference step of the vector search
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
        x, prec = self._memo_search(("real", body, var, sign), lambda: self._search_real(
            body, var, sign))
        return Val(np.where(np.isfinite(prec), x + self.inst.search_shift * prec, np.nan))

    def _memo_search(self, what, search):
        """A search's (point, precision), found once per instance: the evaluations with the
        point moved by its precision (``Instance.search_shift``) look it up instead of searching
        again.  Keyed by the search, the index base and the values of the names its body uses;
        the difference step, laws and functions the instance has (a copy with other ones
        searches afresh); not kept inside a sum's terms (their trial masks are part of the
        evaluation)."""
        memo = self.inst.searches
        if self._masks:
            return search()
        names = {str(getattr(x, "name", x)) for x in what[1].free_symbols}
        try:
            key = (what, self.base, self.inst.fd_step, tuple(self.inst.dists),
                   tuple(self.inst.functions.items()), tuple(
                       (n, self.env[n].mat, self.env[n].arr.shape, self.env[n].arr.tobytes())
                       for n in sorted(names) if n in self.env))
            hash(key)
        except (TypeError, AttributeError):
            return search()
        if key not in memo:
            memo[key] = search()
        return memo[key]

    def _search_real(self, body, var, sign):
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
        xbest = np.where(ok, xbest, np.nan)
        return xbest, _real_precision(f, xbest)

    # -- over a vector ---------------------------------------------------------------------
    def _arg_vector(self, e) -> Val:
        out, prec = self._memo_search(("vector", e), lambda: self._search_vector(e))
        # a point whose precision cannot be measured has no value, like one the starts disagree on
        out = np.where(np.isfinite(prec)[..., None, None],
                       out + self.inst.search_shift * prec[..., None, None], np.nan)
        return Val(out, True)

    def _search_vector(self, e):
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
        try:
            prec = _vector_precision(f, out[..., None, :, :], n)
        finally:
            self.env[var.name] = saved if saved is not None else base
        return out, prec

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


def _derivatives(f, w, fw, n, h, hessian=True):
    """Gradient (..., n) and Hessian (..., n, n) of f at the points w (..., S, n, 1) by central
    differences of step h; f's values at w are ``fw``.  The stencil is one evaluation
    (``_at_once``); without ``hessian`` only the 2n points of the gradient."""
    eye = np.eye(n)
    g = np.zeros(np.broadcast_shapes(np.shape(fw), w.shape[:-2]) + (n,))
    H = np.zeros(g.shape + (n,))
    pairs = [(i, j) for i in range(n) for j in range(i)] if hessian else []
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
    return g, H


def _newton(f, w, n):
    """Damped Newton steps on every start at once; f maps points (..., n, 1) to values (...).
    Returns the points, their values and whether the gradient there is small.  The
    difference stencil of a step and the candidate step lengths are each one evaluation
    (``_at_once``)."""
    eye = np.eye(n)
    fw = f(w)
    grad_ok = np.zeros(np.shape(fw), bool)
    outward = 0  # steps in a row on which every start moved away from 0 (see below)
    for _ in range(NEWTON_STEPS):
        g, H = _derivatives(f, w, fw, n, STEP)
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


SAFETY = 4  # the precision estimates below are estimates: 4 times each, as for difference steps
LADDER = 2.0 ** -np.arange(53)  # distances from a found real extremum, relative to max(1, |x|)


def _real_precision(f, x):
    """How far the true extremum of a real variable may lie from the found point ``x`` (...):
    the smallest distance d of the ladder max(1, |x|) 2^-k at which the body is worse than at x
    by more than 4 times its rounding noise on both sides, at d, 2d and 4d alike.  For a body
    with a single extremum there (what the search's grid and tie checks see), the true one lies
    within d: worse beyond the noise on both sides means it lies between.  The noise is the
    largest change of the body over the ten smallest distances (where any true change is below
    the last digits), and never below 8 rounding units of its value.  Infinite where no distance
    shows it (a body that flat at x gives no point)."""
    x = np.asarray(x, float)
    scale = np.maximum(1.0, np.abs(np.where(np.isfinite(x), x, 0.0)))
    d = scale[..., None] * LADDER  # (..., K)
    K = len(LADDER)
    with np.errstate(all="ignore"):
        vals = np.asarray(f(np.concatenate([x[..., None], x[..., None] + d, x[..., None] - d],
                                           axis=-1)))
    vals = np.broadcast_to(vals, x.shape + (2 * K + 1,))
    fx, up, down = vals[..., 0], vals[..., 1:K + 1], vals[..., K + 1:]
    # f is the body signed so that larger is better: 'worse' is lower
    rise = np.minimum(fx[..., None] - up, fx[..., None] - down)  # (..., K), larger d first
    tiny = np.abs(rise[..., -10:])
    noise = np.maximum(np.where(np.isfinite(tiny), tiny, np.inf).max(axis=-1),
                       8 * np.finfo(float).eps * np.abs(fx))
    clear = np.isfinite(rise) & (rise > 4 * noise[..., None])
    # clear at d and at the two larger distances of the ladder (d, 2d, 4d)
    steady = clear.copy()
    steady[..., 1:] &= clear[..., :-1]
    steady[..., 2:] &= clear[..., :-2]
    steady[..., :2] = False  # 2d and 4d must be on the ladder too
    k = K - 1 - np.argmax(steady[..., ::-1], axis=-1)  # the smallest steady distance
    found = steady.any(axis=-1) & np.isfinite(x)
    dist = np.take_along_axis(d, k[..., None], -1)[..., 0]
    return np.where(found, dist, np.inf)


def _vector_precision(f, w, n):
    """How far the true minimiser may lie from the found point ``w`` (..., 1, n, 1): the Newton
    step still left there, H^-1 g (the search stops once the gradient is small, not zero), plus
    what the gradient's own error can move the point, |H^-1| |g_h - g_2h| (the differences at
    the search's step and at twice it: their change shows rounding and truncation alike); times
    SAFETY.  Infinite where the Hessian is not positive definite (no isolated minimiser there)."""
    with np.errstate(all="ignore"):
        fw = np.asarray(f(w))
        g, H = _derivatives(f, w, fw, n, STEP)
        g2, _ = _derivatives(f, w, fw, n, 2 * STEP, hessian=False)
        Hs = (H + np.swapaxes(H, -1, -2)) / 2
        lam = np.linalg.eigvalsh(np.where(np.isfinite(Hs), Hs, 0.0))[..., 0]
        pd = (lam > 0) & np.isfinite(Hs).all(axis=(-1, -2))
        safe = np.where(pd[..., None, None], Hs, np.eye(n))
        step = np.linalg.solve(safe, np.where(np.isfinite(g), g, 0.0)[..., None])[..., 0]
        err = (np.linalg.norm(step, axis=-1)
               + np.linalg.norm(g - g2, axis=-1) / np.where(pd, lam, 1.0))
    prec = np.where(pd & np.isfinite(err), SAFETY * err, np.inf)[..., 0]  # drop the start axis
    return np.where(np.isfinite(np.asarray(w, float)).all(axis=(-1, -2))[..., 0], prec, np.inf)
