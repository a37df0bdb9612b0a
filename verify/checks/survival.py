"""Survival analysis: a lifetime law given by its density, and the survival function, hazard
and cumulative hazard computed from their definitions, never from the closed forms.

For a density f on t > 0:
* S(t) = P(T > t) = 1 - int_0^t f, by Gauss-Legendre quadrature on panels graded towards 0
  (which resolves a density concentrated far below t, and one like t^(k-1) at 0); at many
  times of a trial (a quadrature's nodes) by one pass along them, gap by gap;
* h(t) = lim_{d -> 0} P(t < T <= t + d | T > t) / d = -S'(t) / S(t), by a central difference:
  P(t - d < T <= t + d) / (2d S(t)), the probability of that short interval integrated from f
  over it alone (12-point Gauss-Legendre), which is S(t - d) - S(t + d) without computing two
  values of S near each other (issue 12: a third of the work of three S, no cancellation);
* H(t) = int_0^t h, by the same quadrature over that h;
* F(t) = P(T <= t) = 1 - S(t), the CDF;
* E[T] (the mean of the lifetime T): lambda Gamma(1 + 1/k) for a Weibull law.
The laws: Weibull (shape k, scale lambda), exponential (rate lambda), Gompertz (hazard a e^{bt}
in the usual parametrisation, density a e^{bt} exp(-a/b (e^{bt} - 1))); the identities that
hold for every law are checked on a Weibull or Gompertz law whose parameters the check draws.
The sampled ranges keep S(t) above about 1e-4, so 1 - F loses no digits that matter.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy.special import gammaln

from cheatsheet import ops

from ..custom import register
from ..evaluate import Val
from .nodes import replace, sval

_S_NODES, _S_W = np.polynomial.legendre.leggauss(64)
_S_NODES, _S_W = (_S_NODES + 1) / 2, _S_W / 2  # on (0, 1)
_PANELS = 30
_P_NODES, _P_W = np.polynomial.legendre.leggauss(12)
_P_NODES, _P_W = (_P_NODES + 1) / 2, _P_W / 2
_MANY = 16  # times per trial from which S is taken in one pass along them (_Law._S_many)
_GAP_PANELS = 4


def weibull_density(k, lam):
    return lambda x: (k / lam) * (x / lam) ** (k - 1) * np.exp(-(x / lam) ** k)


def weibull_mean(k, lam):
    return lam * np.exp(gammaln(1 + 1 / k))


def gompertz_density(a, b):
    return lambda x: a * np.exp(b * x) * np.exp(-(a / b) * np.expm1(b * x))


class _Law:
    """The functions f, S, h, H of one lifetime law per trial, at any batch of times."""

    def __init__(self, density, params: dict, text: str, mean=None):
        self.density, self.params, self.text, self._mean = density, params, text, mean

    def _bcast(self, t):
        t = np.asarray(t, float)
        T = len(next(iter(self.params.values())))
        if t.ndim == 0:
            t = np.full(T, float(t))
        shaped = {n: p.reshape((T,) + (1,) * (t.ndim - 1)) for n, p in self.params.items()}
        return t, shaped

    def f(self, t):
        t, p = self._bcast(t)
        with np.errstate(all="ignore"):
            return np.where(t >= 0, self.density(**p)(np.maximum(t, 0)), 0.0)

    def S(self, t):
        t, p = self._bcast(t)
        T = len(next(iter(self.params.values())))
        if t.ndim > 1 and t.shape[0] in (1, T) and t[0].size >= _MANY and np.isfinite(t).all():
            return self._S_many(np.broadcast_to(t, (T,) + t.shape[1:]))
        return self._S_graded(t, p)

    def _S_graded(self, t, p):
        """S at each time by its own graded quadrature from 0 (``S``)."""
        dens = self.density(**{n: v[..., None, None] for n, v in p.items()})
        t = np.maximum(t, 0)[..., None, None]
        # F(t) = int_0^t f over the panels [t 2^-(j+1), t 2^-j], j < _PANELS, and [0, t 2^-_PANELS]
        # (there after x = c s^4, which smooths a density like x^(k-1) at 0): resolves a density
        # concentrated far below t, and one singular at 0
        hi = t * (2.0 ** -np.arange(_PANELS + 1))[:, None]
        lo = np.concatenate([hi[..., 1:, :], np.zeros_like(hi[..., :1, :])], axis=-2)
        nodes, weights = _P_NODES, _P_W
        inner = np.arange(_PANELS + 1) == _PANELS
        s4 = np.where(inner[:, None], nodes ** 4, nodes)
        jac = np.where(inner[:, None], 4 * nodes ** 3, 1.0)
        x = lo + (hi - lo) * s4
        with np.errstate(all="ignore"):
            F = np.nan_to_num(dens(x) * (hi - lo) * jac * weights).sum(axis=(-2, -1))
        return 1.0 - F

    def _S_many(self, t):
        """S at many times of each trial (the nodes of a quadrature over h or S: ``H``, an
        integral of S) by one pass along them in increasing order: the graded quadrature of
        ``_S_graded`` up to the first, then the mass of each gap to the next on ``_GAP_PANELS``
        geometrically graded 12-point panels, which resolve a density that varies on the scale
        of the times themselves, as the graded panels do (issue 12: ~7 times fewer density
        values than a graded quadrature per time, and as close to the closed forms: ~1e-13,
        tests/test_survival_quadrature.py).  The times must be finite."""
        T = t.shape[0]
        p = {n: v.reshape(T, 1) for n, v in self.params.items()}
        flat = np.maximum(t, 0).reshape(T, -1)
        order = np.argsort(flat, axis=1, kind="stable")
        x = np.take_along_axis(flat, order, axis=1)
        first = 1.0 - self._S_graded(x[:, :1], p)  # F at the smallest time, shape (T, 1)
        lo, hi = x[:, :-1], x[:, 1:]
        # panel ends lo (hi/lo)^(i/P): geometric where lo > 0, even where lo = 0 (no scale)
        frac = np.arange(_GAP_PANELS + 1) / _GAP_PANELS
        with np.errstate(all="ignore"):
            geo = lo[..., None] * (hi / lo)[..., None] ** frac
        ends = np.where((lo > 0)[..., None], geo, lo[..., None] + (hi - lo)[..., None] * frac)
        ends[..., 0], ends[..., -1] = lo, hi
        a, b = ends[..., :-1, None], ends[..., 1:, None]
        dens = self.density(**{n: v.reshape(T, 1, 1, 1) for n, v in p.items()})
        with np.errstate(all="ignore"):
            gaps = np.nan_to_num(dens(a + (b - a) * _P_NODES) * (b - a) * _P_W).sum(axis=(-2, -1))
        F = np.concatenate([first, first + np.cumsum(gaps, axis=1)], axis=1)
        out = np.empty_like(F)
        np.put_along_axis(out, order, 1.0 - F, axis=1)
        return out.reshape(t.shape)

    def _mass(self, lo, hi):
        """P(lo < T <= hi) for a short interval (lo < hi of the shape of a batch of times):
        f integrated over it by a 12-point Gauss-Legendre rule."""
        lo, p = self._bcast(lo)
        lo, hi = np.maximum(lo, 0)[..., None], np.maximum(np.asarray(hi, float), 0)[..., None]
        dens = self.density(**{n: v[..., None] for n, v in p.items()})
        with np.errstate(all="ignore"):
            return np.nan_to_num(dens(lo + (hi - lo) * _P_NODES) * (hi - lo) * _P_W).sum(axis=-1)

    def F(self, t):
        """The CDF P(T <= t): the density's integral, 1 - S."""
        return 1.0 - self.S(t)

    def h(self, t):
        t = np.asarray(self._bcast(t)[0])
        d = 1e-5 * np.abs(t)  # relative: the quadrature of H asks for h very near 0
        return self._mass(t - d, t + d) / (2 * d) / self.S(t)

    def H(self, t):
        t = np.asarray(self._bcast(t)[0])
        x = np.maximum(t, 0)[..., None] * _S_NODES ** 4
        hx = self.h(x)
        return (hx * 4 * np.maximum(t, 0)[..., None] * _S_NODES ** 3 * _S_W).sum(axis=-1)

    def mean(self):
        T = len(next(iter(self.params.values())))
        return self._mean(**self.params) if self._mean else np.full(T, np.nan)

    def take(self, keep):
        return _Law(self.density, {n: p[keep] for n, p in self.params.items()}, self.text,
                    self._mean)


class _LawFn:
    """One of f, S, h, H of the law, as a function the formula calls."""

    def __init__(self, law: _Law, which: str, what: str):
        self.law, self.which, self.what = law, which, what

    def __call__(self, *args: Val) -> Val:
        if len(args) != 1 or args[0].mat:
            T = len(next(iter(self.law.params.values())))
            return Val(np.full(T, np.nan))
        return Val(getattr(self.law, self.which)(args[0].arr))

    def take(self, keep):
        return _LawFn(self.law.take(keep), self.which, self.what)

    def describe(self, i):
        params = ", ".join(f"{n} = {p[i]:.4g}" for n, p in self.law.params.items())
        return f"{self.what} of the {self.law.text} law with {params}"


_WHAT = {"f": "the density", "S": "the survival function", "h": "the hazard",
         "H": "the cumulative hazard", "F": "the CDF"}


def _mean_of(stmt):
    """E[T] -> the symbol mean_T the check fills."""
    def rule(e):
        if isinstance(e, ops.E) and len(e.args) == 1 and str(e.args[0]) == "T":
            return sp.Symbol("mean_T")
        return None
    return replace(stmt, rule)


def _decide(stmt, ctx, make_law):
    prepared = _mean_of(stmt)

    declared = {d.name for d in ctx.decls}

    def extra(inst):
        law = make_law(inst)
        for name, what in _WHAT.items():
            # only the functions the claim names: a sheet's other function letters stay
            # undefined, so no identity among f, S, h, H holds for them by construction
            if name in declared:
                inst.functions[name] = _LawFn(law, name, what)
        return {"mean_T": sval(law.mean())}

    return ctx.numeric(prepared, extra=extra)


def _param(inst, name):
    return np.asarray(inst.values[name].arr, float).reshape(-1)


@register("survival.weibull")
def _weibull(stmt, ctx):
    """The Weibull law of the sampled shape k and scale lambda (module docstring)."""
    def law(inst):
        k, lam = _param(inst, "k"), _param(inst, "lambda")
        k, lam = np.broadcast_arrays(k, lam)
        return _Law(weibull_density, {"k": k, "lam": lam}, "Weibull", weibull_mean)
    return _decide(stmt, ctx, law)


@register("survival.exponential")
def _exponential(stmt, ctx):
    """The exponential law of the sampled rate lambda: a Weibull law of shape 1, scale 1/lambda."""
    def law(inst):
        lam = _param(inst, "lambda")
        return _Law(weibull_density, {"k": np.ones_like(lam), "lam": 1 / lam}, "exponential")
    return _decide(stmt, ctx, law)


@register("survival.gompertz")
def _gompertz(stmt, ctx):
    """The Gompertz law of the sampled a, b (hazard a e^{bt}, module docstring)."""
    def law(inst):
        a, b = np.broadcast_arrays(_param(inst, "a"), _param(inst, "b"))
        return _Law(gompertz_density, {"a": a, "b": b}, "Gompertz")
    return _decide(stmt, ctx, law)


@register("survival.any")
def _any(stmt, ctx):
    """A Weibull law (shape in (1, 3), scale in (1, 3)) drawn by the check, for identities
    that hold for every lifetime law."""
    rng = ctx.rng("law")

    def law(inst):
        T = max((np.asarray(v.arr).shape[0] for v in inst.values.values()
                 if np.ndim(v.arr) > (2 if v.mat else 0)), default=48)
        return _Law(weibull_density, {"k": rng.uniform(1, 3, T), "lam": rng.uniform(1, 3, T)},
                    "Weibull", weibull_mean)
    return _decide(stmt, ctx, law)


def _cox_hazards(stmt, beta):
    """h(t | x) -> h_0(t) exp(beta^T x): the proportional-hazards model, with x the covariates
    the formula conditions on (a vector, or a number with a number beta)."""
    from cheatsheet.latex import Given

    def rule(e):
        if not (isinstance(e, sp.core.function.AppliedUndef) and type(e).__name__ == "h"
                and len(e.args) == 1 and isinstance(e.args[0], Given)):
            return None
        t, x = e.args[0].args[0], e.args[0].args[1]
        x = x[0] if isinstance(x, (tuple, sp.Tuple)) and len(x) == 1 else x
        score = ops.Inner(beta, x) if isinstance(x, sp.MatrixExpr) else beta * x
        return sp.Function("h_0")(t) * sp.exp(score)
    return replace(stmt, rule)


@register("survival.cox")
def _cox(stmt, ctx):
    """Cox's proportional-hazards model h(t | x) = h_0(t) exp(beta^T x) with a baseline hazard
    h_0 of a Weibull law the check draws (computed as in the module docstring); the formula's
    hazards given covariates are replaced by the model's, so a hazard ratio is decided from the
    model, not from its closed form."""
    rng = ctx.rng("baseline")
    prepared = _cox_hazards(stmt, ctx.decls.sympy("beta"))

    def extra(inst):
        T = max((np.asarray(v.arr).shape[0] for v in inst.values.values()
                 if np.ndim(v.arr) > (2 if v.mat else 0)), default=48)
        law = _Law(weibull_density, {"k": rng.uniform(1, 3, T), "lam": rng.uniform(1, 3, T)},
                   "Weibull", weibull_mean)
        inst.functions["h_0"] = _LawFn(law, "h", "the baseline hazard")
        return {}

    return ctx.numeric(prepared, extra=extra)
