"""Custom checks of the normalising-flow claims (``generative.*``): the change-of-variables
formula on an invertible sinh flow, the Jacobian of spherical coordinates, the determinant of an
affine coupling layer.

The check builds the transformation, its inverse and their Jacobians numerically and gives them to
the formula's named functions, then the standard numeric comparison decides it.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import stats

from cheatsheet import ops
from cheatsheet.statement import Relation, Statement

from ..custom import register
from ..evaluate import Val
from .nodes import fname, mval, replace, vals
from .generative import _undef


# -- change of variables -----------------------------------------------------------------------

def _jacobian(f, u, h=1e-6):
    """Central-difference Jacobian of f: (T, n) -> (T, n) at u (T, n)."""
    n = u.shape[1]
    cols = []
    for k in range(n):
        e = np.zeros(n)
        e[k] = h
        cols.append((f(u + e) - f(u - e)) / (2 * h))
    return np.stack(cols, axis=-1)


@register("generative.spherical_jacobian")
def _spherical(stmt, ctx):
    """J = d(x, y, z) / d(r, theta, phi) of (r cos t cos p, r cos t sin p, r sin t), numerically."""

    def to_xyz(u):
        r, t, p = u[:, 0], u[:, 1], u[:, 2]
        return np.stack([r * np.cos(t) * np.cos(p), r * np.cos(t) * np.sin(p), r * np.sin(t)], 1)

    def extra(inst):
        r, t, p = vals(inst, "r", "theta", "phi")
        return {"J": mval(_jacobian(to_xyz, np.stack([r, t, p], 1)))}

    return ctx.numeric(stmt, extra=extra)


class _SinhFlow:
    """One part of the flow x = T(z) = sinh(a z + b), z ~ N(0, 1), with per-trial a, b: the map,
    its inverse, their derivatives (1-D Jacobians) or a density, as a function of its argument.
    A nonlinear T makes the point where a Jacobian or density is taken matter (an affine map's
    Jacobian is the same everywhere, which hid J_T(x) for J_T(T^{-1}(x)))."""

    def __init__(self, part, a, b):
        self.part, self.a, self.b = part, np.asarray(a, float), np.asarray(b, float)

    def __call__(self, v: Val) -> Val:
        X = v.arr
        sh = lambda p: p.reshape(p.shape + (1,) * (X.ndim - p.ndim))  # noqa: E731
        a, b = sh(self.a), sh(self.b)
        inv = lambda y: (np.arcsinh(y) - b) / a  # noqa: E731
        if self.part == "T":
            out = np.sinh(a * X + b)
        elif self.part == "T_inv":
            out = inv(X)
        elif self.part == "J_T":
            out = a * np.cosh(a * X + b)
        elif self.part == "J_T_inv":
            out = 1 / (a * np.sqrt(1 + X ** 2))
        elif self.part == "p_z":
            out = stats.norm.pdf(X)
        else:  # p_x: the derivative of P(T(z) <= x) = Phi(T^{-1}(x)), by central differences
            h = 1e-5
            out = (stats.norm.cdf(inv(X + h)) - stats.norm.cdf(inv(X - h))) / (2 * h)
        return Val(out, v.mat)

    def take(self, keep):
        return _SinhFlow(self.part, self.a[keep], self.b[keep])

    def describe(self, i):
        return f"{self.part} of T(z) = sinh({self.a[i]:.4g} z + {self.b[i]:.4g}), z ~ N(0, 1)"


_FLOW_PARTS = ("T", "T_inv", "J_T", "J_T_inv", "p_z", "p_x")


@register("generative.change_of_variables")
def _flow(stmt, ctx):
    """x = T(z) = sinh(a z + b) with z ~ N(0, 1): p_x(x) is the derivative of Phi(T^{-1}(x))
    (central differences of the normal CDF, not the formula under test), p_z the standard normal
    density, J_T and J_{T^{-1}} the derivatives of T and T^{-1}; each is evaluated at the
    argument the formula gives it.  The reader writes T(x) as T x and T^{-1}(x) as x / T."""
    Tsym, x = sp.Symbol("T", real=True), sp.Symbol("x", real=True)
    F = {k: sp.Function(k) for k in _FLOW_PARTS}

    def maps(e):  # T x -> T(x), x / T -> T^{-1}(x)
        if isinstance(e, sp.Mul):
            rest = [a for a in e.args if a not in (Tsym, 1 / Tsym)]
            if len(rest) == len(e.args) - 1:
                inner = replace_expr(sp.Mul(*rest), maps)
                return F["T"](inner) if Tsym in e.args else F["T_inv"](inner)
        return None

    def parts(e):
        if isinstance(e, ops.Prob) or _undef(e, "p_x", "p_z"):
            (arg,) = e.args
            plain = arg == x and fname(e) != "p_z"
            return F["p_x"](x) if plain else F["p_z"](replace_expr(arg, parts))
        if _undef(e, "J_T^-1", "J_{T^-1}") and len(e.args) == 1:
            return F["J_T_inv"](replace_expr(e.args[0], parts))
        if _undef(e, "J_T") and len(e.args) == 1:
            return F["J_T"](replace_expr(e.args[0], parts))
        return None

    st = replace(replace(stmt, maps), parts)
    rng = ctx.rng("flow")

    def extra(inst):
        T = len(inst.values["x"].arr)
        a, b = rng.uniform(0.5, 2.0, T), rng.uniform(-1.0, 1.0, T)
        for part in _FLOW_PARTS:
            inst.functions[part] = _SinhFlow(part, a, b)
        return {}

    return ctx.numeric(st, extra=extra)


def replace_expr(e, rule):
    """``replace`` on one expression."""
    return replace(Statement((Relation(e, "=", e),)), rule).relations[0].lhs


# -- coupling layer ---------------------------------------------------------------------------

@register("generative.coupling_det")
def _coupling(stmt, ctx):
    """RealNVP coupling y_{1:d} = x_{1:d}, y_{d+1:D} = x_{d+1:D} * exp(s(x_{1:d})) + t(x_{1:d}) with
    s(u) = tanh(A u + b), t(u) = B u random; J is its Jacobian at a random x by central
    differences, and s the scale vector s(x_{1:d}) (m = D - d entries)."""
    rng = ctx.rng("coupling")

    def extra(inst):
        s0 = inst.values["s"].arr
        T, m = s0.shape[0], s0.shape[1]
        d = inst.dims.get("d", 2)
        A = rng.normal(size=(T, m, d))
        b = rng.normal(size=(T, m))
        B = rng.normal(size=(T, m, d))
        x = rng.normal(size=(T, d + m))

        def f(u):
            x1, x2 = u[:, :d], u[:, d:]
            s = np.tanh((A @ x1[..., None])[..., 0] + b)
            t = (B @ x1[..., None])[..., 0]
            return np.concatenate([x1, x2 * np.exp(s) + t], axis=1)

        J = _jacobian(f, x)
        s = np.tanh((A @ x[:, :d, None])[..., 0] + b)
        return {"J": mval(J), "s": mval(s[..., None])}

    return ctx.numeric(stmt, extra=extra)
