"""Terms that have no value however the formula is read: the formula is not well-formed.

A size mismatch makes a formula refuted (``ShapeError``); so does a term that cannot have a
value on any instance the declarations allow: an extremum over a range that is empty on every
trial, the factorial or Gamma function at a pole, the inverse of a matrix that is singular on
every trial, an integral whose integrand has no real value on its range, an arg min over a
real variable whose body keeps falling, the log of a number negative on every trial.  Each is a finding only where it holds on *every*
trial of a batch; where only some trials meet it, those trials have no value (NaN: they decide
nothing), as a correct formula's sampled instance may sit on a boundary of its domain.  The reasons of an integral or an arg min are sought only where it
has no value on any trial, so one with a value is never touched.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from .arrays import ShapeError, Val, _scalarize, _to_batch, kept
from .elementary import _mat_power_batched, square

_GRID = 64  # interior points of an integral's range where the integrand is looked at


def _pole(x: np.ndarray) -> np.ndarray:
    """Where Gamma has a pole: 0, -1, -2, ..."""
    return (x <= 0) & (x == np.round(x))


def _gamma(x: np.ndarray) -> np.ndarray:
    """math.gamma entry by entry, NaN at the poles (an overflow still raises, as before)."""
    flat = [math.nan if t <= 0 and float(t).is_integer() else math.gamma(t)
            for t in np.asarray(x, float).ravel()]
    return np.asarray(flat, float).reshape(np.shape(x))


def matrix_power(b: Val, x: Val, shown: str) -> Val:
    """A^p (``_mat_power_batched``); a negative power of a matrix singular on some trials is
    NaN there, and on every trial has no value (ShapeError)."""
    try:
        return _mat_power_batched(b, x)
    except np.linalg.LinAlgError:
        p = np.asarray(x.arr, float)
        if not (p.size and np.all(p == p.flat[0]) and p.flat[0] < 0 and p.flat[0].is_integer()):
            raise
    inv = inverse(b, shown)
    return Val(np.linalg.matrix_power(inv.arr, int(-p.flat[0])), True)


def inverse(v: Val, shown: str) -> Val:
    """The inverse of each trial's matrix; a singular one has none (NaN), and one singular on
    every trial leaves the formula with no value (ShapeError)."""
    a = square(v, "the inverse").arr
    try:
        return Val(np.linalg.inv(a), True)
    except np.linalg.LinAlgError:
        pass
    n = a.shape[-1]
    flat = a.reshape((-1, n, n))
    out = np.full(flat.shape, np.nan)
    singular = 0
    for k, m in enumerate(flat):
        try:
            out[k] = np.linalg.inv(m)
        except np.linalg.LinAlgError:
            singular += 1
    if singular == len(flat):
        raise ShapeError(f"{shown} is singular on every instance, so its inverse has no value")
    return Val(out.reshape(a.shape), True)


class NoValueMixin:
    """Evaluator nodes that say why a term has no value (before the mixins that evaluate them)."""

    def _factorial(self, e):
        if not isinstance(e, sp.factorial):  # a function the formula names 'factorial'
            return self._call_function(e)
        return self._at_pole(e, 1.0, "({})! has no value: the factorial of a negative whole "
                                     "number is undefined")

    def _gamma(self, e):
        if not isinstance(e, sp.gamma):  # a function the formula names 'gamma'
            return self._call_function(e)
        return self._at_pole(e, 0.0, "Gamma({}) has no value: Gamma has a pole at 0, -1, -2, ...")

    def _at_pole(self, e, shift: float, why: str) -> Val:
        (arg,) = e.args
        v = _scalarize(self.ev(arg))
        x = np.asarray(v.arr, float) + shift
        if x.size and _pole(x).all():
            raise ShapeError(why.format(sp.sstr(arg) if shift == 0 else _shown(x, 1.0)))
        return Val(_gamma(x), v.mat)

    def _Extremum(self, e):
        """An extremum over a range that is empty on every trial (max over k = 0..-r-1)."""
        body, idx, lo, hi, which = e.args
        try:
            lo_a, hi_a = self._bound(lo), self._bound(hi)
        except Exception:  # noqa: BLE001 - the evaluation below says what is wrong
            lo_a = hi_a = None
        if lo_a is not None and np.size(hi_a) and np.all(np.asarray(hi_a) < np.asarray(lo_a)):
            raise ShapeError(f"the {which.name} over {idx} from {sp.sstr(lo)} to {sp.sstr(hi)} "
                             "runs over no value at all, so it has none")
        return super()._Extremum(e)

    def _arg_real(self, body, var, sign) -> Val:
        v = super()._arg_real(body, var, sign)
        if np.size(v.arr) and np.isnan(v.arr).all():
            self._no_real_extremum(body, var, sign)
        return v

    def _no_real_extremum(self, body, var, sign) -> None:
        """Raise ShapeError when, on every trial, the body improves at each of x = 10^2, ...,
        10^8 along one direction and ends better than anywhere on the search's grid: no point
        attains its extremum (the arg min of (b - z)^3 + lambda |b|).  Looked for only where
        the search found no value on any trial."""
        from .extrema import GRID

        nb = max((x.nbatch for x in self.env.values()), default=0)
        ray = 10.0 ** np.arange(2, 9)
        with np.errstate(all="ignore"):
            grid = self._with_value(var, GRID.reshape((1,) * nb + GRID.shape), body)
            if grid.mat:
                return
            best = np.max(np.where(np.isfinite(grid.arr), sign * grid.arr, -np.inf), axis=-1)
            gone = np.zeros(np.shape(best), bool)
            for d in (1.0, -1.0):
                far = self._with_value(var, (d * ray).reshape((1,) * nb + ray.shape), body)
                f = sign * np.broadcast_to(far.arr, np.shape(best) + ray.shape)
                gone |= (np.isfinite(f).all(axis=-1) & (np.diff(f, axis=-1) > 0).all(axis=-1)
                         & (f[..., -1] > best))
        if gone.size and gone.all():
            which = "max" if sign > 0 else "min"
            raise ShapeError(f"the arg {which} over {var} has no value: the body keeps "
                             f"{'rising' if sign > 0 else 'falling'} as |{var}| grows (checked "
                             f"out to |{var}| = 10^8), so no point attains its "
                             f"{'greatest' if sign > 0 else 'least'} value")

    def _log(self, e):
        """log of a number: no real value where it is negative (NaN), and none at all where it
        is negative on every trial (log(1 - rho^{-2}) for |rho| < 1)."""
        if not isinstance(e, sp.log) or len(e.args) != 1:
            return self._call_function(e)
        v = self.ev(e.args[0])
        with np.errstate(all="ignore"):
            out = Val(np.log(v.arr), v.mat)
        if not v.mat:
            self._negative_everywhere(v, f"log({sp.sstr(e.args[0])})")
        return out

    @staticmethod
    def _negative_everywhere(v: Val, shown: str) -> None:
        a = np.asarray(v.arr, float)
        if a.size and np.all(np.isfinite(a)) and np.all(a < 0):
            raise ShapeError(f"{shown} has no real value: its argument is negative on every "
                             "instance")

    def _integral(self, body, var, lo, hi) -> Val:
        v = super()._integral(body, var, lo, hi)
        if v.mat or not np.size(v.arr) or not np.isnan(v.arr).all():
            return v
        self._no_real_integrand(body, var, lo, hi)
        return v

    def _no_real_integrand(self, body, var, lo, hi) -> None:
        """Raise ShapeError when the integrand has no real value on a part of the range of
        positive length (finite range: at least a tenth of it; infinite: all of it) on every
        trial: t^(a-1) for t < 0, (1 - t)^(b-1) for t > 1."""
        u = (np.arange(_GRID) + 0.5) / _GRID  # (0, 1)
        nb = max((x.nbatch for x in self.env.values()), default=0)
        ends = [None if end.is_infinite else _to_batch(_scalarize(self.ev(end)), nb)[..., None]
                for end in (lo, hi)]
        a, b = ends
        u = u.reshape((1,) * nb + u.shape)
        if a is None and b is None:
            nodes, share = np.tan(np.pi * (u - 0.5)), 1.0
        elif a is None or b is None:
            known, sign = (b, -1.0) if a is None else (a, 1.0)
            if (lo == sp.oo) or (hi == -sp.oo):  # run backwards: the far end is the other way
                sign = -sign
            nodes, share = known + sign * (u / (1 - u)), 1.0
        else:
            nodes, share = a + (b - a) * u, 0.1
        nodes = np.asarray(nodes, float)
        with kept(self.env, var.name), np.errstate(all="ignore"):
            self.env[var.name] = Val(nodes)
            f = self.ev(body)
        arr = np.asarray(f.arr, float)
        if f.mat or arr.ndim < 1 or arr.shape[-1] != nodes.shape[-1]:
            return
        missing = np.isnan(arr).mean(axis=-1)
        if missing.size and (missing >= share).all():
            ends = (_end(lo), _end(hi))
            raise ShapeError(f"the integrand {sp.sstr(body)} has no real value on "
                             f"{'all' if share == 1.0 else 'part'} of the range of {var} from "
                             f"{ends[0]} to {ends[1]}, so the integral has none")


def _shown(x: np.ndarray, shift: float) -> str:
    """The argument of a factorial at its pole, as written (x - 1 of Gamma's x)."""
    vals = np.unique(np.asarray(x, float) - shift)
    return f"{vals[0]:g}" if vals.size == 1 else "a negative whole number"


def _end(x) -> str:
    return "∞" if x == sp.oo else "-∞" if x == -sp.oo else sp.sstr(x)
