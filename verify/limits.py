"""Limits, from the body's values near the point, extrapolated (see ``LimitsMixin._limit``)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from .arrays import EvalError, Val, _scalarize, _to_batch, kept

LIMIT_STEPS = 10.0 ** -np.arange(2, 6.01, 0.5)  # distances to a finite point: 1e-2 .. 1e-6
LIMIT_AT_INFINITY = np.round(10.0 ** np.arange(3, 6.01, 0.5))  # integers 1e3 .. 1e6
LIMIT_RTOL = 1e-7  # a limit has settled when its estimates agree to this (relative, or absolute below 1)
DIVERGE_RUN = 4      # a body diverges when its last 4 values of the run have one sign and
DIVERGE_RATIO = 1.5  # each is at least 1.5 times the one before (or has overflowed to +-inf)


class LimitsMixin:
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
        within their uncertainties plus LIMIT_RTOL; an entry that has not settled has no value (NaN,
        its trial decides nothing) and only a batch where none settles raises; a side on which the body has no finite value
        at all (log x left of 0) is left out.  An estimate within its uncertainty of 0 is 0.
        Accuracy measured (error relative to max(1, |limit|)): analytic bodies (sin x / x,
        (e^x - 1)/x, difference quotients, (1 + 1/n)^n, (1 + x)^{1/x}, sqrt(n^2 + n) - n) 4e-11
        or better; x log x, x^x, n^{1/n}, sqrt(x) at 0+ 1e-13; bodies that cancel
        ((tan x - x)/x^3: 9e-10, (1 - cos x)/x^2: 4e-8) lose digits to rounding near the point.
        x sin(1/x) at 0 does not settle (EvalError).
        A body that grows without bound (``_diverging``: (1 + n/x)^n, 1/x at 0+) has the limit
        +-inf there, marked ``exact_inf`` so that a finite other side is refuted; a two-sided
        limit is infinite only where both sides diverge the same way."""
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
        with kept(self.env, var.name):
            seqs = []
            for run in runs:
                vals = []
                for x in run:
                    self.env[var.name] = x
                    with np.errstate(all="ignore"):
                        vals.append(self.ev(body))
                seqs.append(vals)
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
        div = [_diverging(V[k * K:(k + 1) * K]) for k in range(len(seqs))]
        if len(ests) == 2:
            (r, ur), (l, ul) = ests
            dr, dl = defined
            scale = np.maximum(1.0, np.maximum(np.abs(r), np.abs(l)))
            with np.errstate(invalid="ignore"):
                agree = np.abs(r - l) <= ur + ul + LIMIT_RTOL * scale
            both = dr & dl
            div = [np.where(dr & dl, np.where(div[0] == div[1], div[0], 0),
                            np.where(dr, div[0], div[1]))]
            if np.any(both & ~agree & np.isfinite(ur) & np.isfinite(ul)):
                raise EvalError("the limits from the left and from the right differ")
            est = np.where(both, (r + l) / 2, np.where(dr, r, l))
            unc = np.where(both, np.maximum(ur, ul), np.where(dr, ur, ul))
        with np.errstate(invalid="ignore"):  # an overflow (inf, uncertainty inf) never settles
            settled = np.isfinite(est) & (unc <= LIMIT_RTOL * np.maximum(1.0, np.abs(est)))
        infinite = (div[0] != 0) & ~settled
        if not np.any(settled | infinite):
            raise EvalError(f"the limit as {var} -> {point} does not settle "
                            f"(uncertainty {np.nanmax(np.where(settled, 0, unc)):.2g})")
        # an instance where it does not settle has no value there (decides nothing); the others
        # keep theirs: lim (1 + x)^n is 0 for x in (-2, 0) though it diverges for x > 0
        est = np.where(settled, np.where(np.abs(est) <= unc, 0.0, est), np.nan)
        est = np.where(infinite, div[0] * np.inf, est)
        return Val(est, mat, exact_inf=bool(infinite.any()))


def _diverging(V: np.ndarray) -> np.ndarray:
    """Per entry of the run V (first axis: the points, nearest the limit point last): +1 where
    it grows to +inf, -1 to -inf, 0 elsewhere.  Its last DIVERGE_RUN values have one sign and
    each is at least DIVERGE_RATIO times the one before in size, or +-inf (an overflow on the
    way: (1 + n/x)^n at n = 1000).  A converging run's ratios tend to 1, so it is never taken for
    a divergence; log n (ratio 1.1 per half decade) is not taken for one either (no value)."""
    last = V[-DIVERGE_RUN:]
    with np.errstate(all="ignore"):
        a = np.abs(last)
        grows = ((a[1:] >= DIVERGE_RATIO * a[:-1]) | np.isinf(a[1:])).all(axis=0)
        pos, neg = (last > 0).all(axis=0), (last < 0).all(axis=0)
    return np.where(grows & pos, 1.0, np.where(grows & neg, -1.0, 0.0))


def _extrapolate(V: np.ndarray, t: np.ndarray):
    """Estimate lim V as t -> 0 from V[k] = V(t[k]) (t decreasing), entrywise: (value,
    uncertainty); the uncertainty is inf where no estimate is finite.  See LimitsMixin._limit."""
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
