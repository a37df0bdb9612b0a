"""Two jointly Gaussian variables X, Y (means mu_X, mu_Y, standard deviations sigma_X,
sigma_Y, correlation rho): the conditional moments of one given the other, the regression
line E[Y | X = x] and the residual variance Var(Y | X = x).

``probability.bivariate_gaussian_conditional`` puts in place of each E[Y^k | X = v]
(``CondExpectAt``, the reader's E[Y | X = x]) and E[Y^k | X] (``CondExpect``, at a value of X
drawn from its law, which X outside the moments then stands for) the k-th moment of Y under
the joint density at X = v, integrated over y on a fine grid: the joint density comes from
the 2 x 2 covariance matrix and its inverse, never from the closed forms the claims state.
Either variable may be the one conditioned on; a body other than a power Y^k (k = 1, 2) is
left without a value (undecided).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet.latex.conditional_values import CondExpectAt
from cheatsheet.latex.probability import CondExpect

from ..custom import register
from ..evaluate import EvalError, Val
from .nodes import replace

_PAIRS = {"X": "Y", "Y": "X"}  # the variable whose moment is taken -> the one given
_GRID = np.linspace(-1.0, 1.0, 8001)  # scaled per trial to cover where the density lies


def _moment(e):
    """(target, given, k, value) of E[target^k | given = value] or E[target^k | given]."""
    if not isinstance(e, (CondExpect, CondExpectAt)):
        return None
    body, given = e.args[0], e.args[1]
    if len(given.args) != 1 or not isinstance(given.args[0], sp.Symbol):
        return None
    g = given.args[0].name
    base, k = (body.base, body.exp) if isinstance(body, sp.Pow) else (body, sp.Integer(1))
    if not isinstance(base, sp.Symbol) or _PAIRS.get(base.name) != g or k not in (1, 2):
        return None
    if isinstance(e, CondExpect):  # E[X | Y]: at the value Y takes
        return base.name, g, int(k), _value_of(g)
    at = e.args[2].args[0]
    if not isinstance(at, sp.Symbol):
        return None
    return base.name, g, int(k), at.name


def _value_of(name: str) -> str:
    return f"value of {name}"


def _conditional_moments(inst, target, given, at, T):
    """E[target | given = at] and E[target^2 | given = at] per trial, from the joint density
    (``at`` names the given variable's value: a sampled y, or the value drawn for Y)."""
    def val(name):
        v = inst.values.get(name)
        if v is None:
            raise EvalError(f"the joint law's {name} has no value")
        return np.broadcast_to(np.asarray(v.arr, float).reshape(-1), (T,))

    at_value = val(at)
    mu = np.stack([val("mu_X"), val("mu_Y")], axis=1)
    sd = np.stack([val("sigma_X"), val("sigma_Y")], axis=1)
    rho = val("rho")
    cov = np.empty((T, 2, 2))
    cov[:, 0, 0], cov[:, 1, 1] = sd[:, 0] ** 2, sd[:, 1] ** 2
    cov[:, 0, 1] = cov[:, 1, 0] = rho * sd[:, 0] * sd[:, 1]
    prec = np.linalg.inv(cov)
    t = 0 if target == "X" else 1
    # the grid spans 12 standard deviations of the target about its mean, widened by how far
    # the given value lies out in its own law: the density at Y = v lies within that span
    # (the correlation moves it by at most |v - mu_Y| / sigma_Y of X's deviations), while
    # its width is at least sigma sqrt(1 - rho^2) >= 0.3 sigma, many grid steps
    far = np.abs(at_value - mu[:, 1 - t]) / sd[:, 1 - t]
    x = mu[:, t, None] + (12.0 + 2.0 * far[:, None]) * sd[:, t, None] * _GRID[None, :]
    point = np.empty((T, _GRID.size, 2))
    point[..., t] = x
    point[..., 1 - t] = at_value[:, None]
    d = point - mu[:, None, :]
    logp = -0.5 * np.einsum("tgi,tij,tgj->tg", d, prec, d)
    w = np.exp(logp - logp.max(axis=1, keepdims=True))
    z = np.trapezoid(w, x, axis=1)
    return np.trapezoid(w * x, x, axis=1) / z, np.trapezoid(w * x ** 2, x, axis=1) / z


@register("probability.bivariate_gaussian_conditional")
def _bivariate_conditional(stmt, ctx):
    """Conditional moments of a bivariate Gaussian by integrating its joint density (module
    docstring)."""
    wanted: dict[str, tuple] = {}

    def rule(e):
        m = _moment(e)
        if m is None:
            return None
        target, given, k, at = m
        power = target if k == 1 else f"{target}^{k}"
        name = f"E[{power} | {given} = {at}]"  # as a counterexample shows it
        wanted[name] = m
        return sp.Symbol(name, real=True)

    prepared = replace(stmt, rule)
    # given the variable Y (E[X | Y] = ... (Y - mu_Y)): Y outside the moments is the value
    # the moments were taken at, drawn from Y's law
    drawn = sorted({g for _, g, _, at in wanted.values() if at == _value_of(g)})
    prepared = replace(prepared, lambda e: sp.Symbol(_value_of(e.name), real=True)
                       if isinstance(e, sp.Symbol) and e.name in drawn else None)
    rng = ctx.rng("given value")

    def extra(inst):
        T = next(v.arr.shape[0] for v in inst.values.values() if v.nbatch >= 1)
        out, done = {}, {}
        for g in drawn:  # a value of Y from its law N(mu_Y, sigma_Y^2)
            m, sd = (np.asarray(inst.values[f"{p}_{g}"].arr, float).reshape(-1)
                     for p in ("mu", "sigma"))
            out[_value_of(g)] = Val(m + sd * rng.normal(size=T))
        inst.values.update(out)
        for name, (target, given, k, at) in wanted.items():
            key = (target, given, at)
            if key not in done:
                done[key] = _conditional_moments(inst, target, given, at, T)
            out[name] = Val(done[key][k - 1])
        return out

    return ctx.numeric(prepared, extra=extra)
