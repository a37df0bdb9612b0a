"""Definite integrals by Gauss-Legendre quadrature (see ``IntegralsMixin._integral``)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet import ops
from .arrays import EvalError, ShapeError, Val, _scalarize, _to_batch, kept, mul

QUAD_NODES = 400


class IntegralsMixin:
    def _Integral(self, e):
        if isinstance(e, ops.Integral):
            return self._integral(*e.args)
        body, *lims = e.args  # SymPy's own Integral, definite in one variable
        if len(lims) != 1 or len(lims[0]) != 3:
            raise EvalError("only a definite integral in one variable is evaluated")
        return self._integral(body, *lims[0])

    def _empty_integral(self, body, var) -> Val:
        """0 of the integrand's shape (the integrand evaluated once, at var = 1, for its shape)."""
        with kept(self.env, var.name), np.errstate(all="ignore"):
            self.env[var.name] = Val(np.asarray(1.0))
            v = self.ev(body)
        return Val(np.zeros_like(np.asarray(v.arr, float)), v.mat)

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
        if (lo.is_infinite or hi.is_infinite) and lo == hi:  # from -oo to -oo: no range at all
            return self._empty_integral(body, var)
        if (hi == -sp.oo or lo == sp.oo) and lo != hi:  # run backwards: minus the integral
            return mul(Val(np.asarray(-1.0)), self._integral(body, var, hi, lo))
        inf_lo, inf_hi = lo is -sp.oo or lo == -sp.oo, hi is sp.oo or hi == sp.oo
        if (inf_lo or inf_hi) and var not in body.free_symbols:
            v = self.ev(body)
            if np.any(np.asarray(v.arr) != 0):
                raise ShapeError(f"the integrand does not depend on {var}, so its integral over "
                                 "an infinite range diverges")
            return Val(np.zeros_like(np.asarray(v.arr, float)), v.mat)
        for end, inf in ((-sp.oo, inf_lo), (sp.oo, inf_hi)):
            if inf:
                self._diverges_at(body, var, end)
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
        with kept(self.env, var.name):
            self.env[var.name] = Val(np.asarray(nodes, float))
            v = self.ev(body)
        arr = _to_batch(v, nb_outer + 1)
        wt = weights[..., None, None] if v.mat else weights
        return Val((arr * wt).sum(axis=nb_outer), v.mat)


    def _diverges_at(self, body, var, end) -> None:
        """Raise ShapeError when the integral has no value because its integrand does not tend
        to 0 at an infinite end (``e^{-x^3}`` as x -> -oo): a nonzero limit there makes any
        integral over that end diverge.  Shown twice: SymPy finds the limit (not 0: a number or
        an infinity), and the integrand on this batch's instances is still that far from 0 at
        |x| = 10^3, so no parameter value of the batch escapes it.  Quadrature alone would only
        give an overflow, which decides nothing."""
        far = 1e3 if end == sp.oo else -1e3
        with kept(self.env, var.name), np.errstate(all="ignore"):
            self.env[var.name] = Val(np.asarray(far))
            try:
                v = np.abs(np.asarray(self.ev(body).arr, dtype=complex))
            except Exception:  # noqa: BLE001 - no value there: SymPy's word alone is not enough
                return
        if not v.size or np.isnan(v).any() or not v.min() > 0:
            return  # near 0 far out: no floor below is met, so SymPy's limit is not needed
        limit = _limit(body, var, end)
        if limit is None:
            return
        floor = 0.5 * abs(float(limit)) if limit.is_finite else 1.0
        if v.size and not np.isnan(v).any() and (v >= floor).all():
            shown = "∞" if limit == sp.oo else "-∞" if limit == -sp.oo else sp.sstr(limit)
            raise ShapeError(f"the integrand tends to {shown} as {var} -> "
                             f"{'∞' if end == sp.oo else '-∞'}, so the integral diverges: "
                             "it has no value")


_LIMITS: dict = {}
LIMIT_SECONDS = 1.0


def _limit(body, var, end):
    """SymPy's limit of the integrand at an infinite end when it is a nonzero number or an
    infinity (else None), once per integrand."""
    from .timelimit import CheckTimeout, time_limit

    key = (body, var, end)
    if key not in _LIMITS:
        out = None
        try:
            with time_limit(LIMIT_SECONDS):
                lim = sp.limit(body, var, end)
            if lim in (sp.oo, -sp.oo) or (lim.is_number and lim.is_finite and lim.is_zero is False
                                          and lim.is_real):
                out = lim
        except CheckTimeout:
            out = None
        except Exception:  # noqa: BLE001 - SymPy cannot take it: no finding
            out = None
        if len(_LIMITS) > 4096:
            _LIMITS.clear()
        _LIMITS[key] = out
    return _LIMITS[key]


def _gauss_legendre():
    global _GL
    if _GL is None:
        _GL = np.polynomial.legendre.leggauss(QUAD_NODES)
    return _GL


_GL = None
