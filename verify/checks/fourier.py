"""Fourier transforms of Gaussian mixtures: the sheets' definitions of the transform and its
inverse, and Barron's constant of a function.

f is a mixture of two signed, scaled Gaussian densities on the real line, whose transform in the
sheets' convention, (Ff)(u) = int f(t) e^{-2 pi i u t} dt, has a closed form: the density
N(t; m, s^2) goes to e^{-2 pi i u m} e^{-2 pi^2 s^2 u^2}.  The closed form is what a formula's
integral is compared with, so a wrong sign or a lost 2 pi in an exponent is refuted.
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import Val
from .leftovers import _Fn, _draw_mixture, _mixture, _mixture_text


def _transform(P, u):
    """(Ff)(u) of the mixture with parameters P (trial axes first, mixture axis last)."""
    u = u[..., None]
    return (P["A"] * np.exp(-2j * np.pi * u * P["m"] - 2 * (np.pi * P["s"] * u) ** 2)).sum(-1)


def _transform_text(p):
    return "the closed-form Fourier transform u ↦ Σ_k A_k e^{-2πi u m_k} e^{-2π² s_k² u²} of " \
           + _mixture_text(p)


def _barron_constant(p):
    """C_f = int |w| |(Ff)(w)| dw = 2 int_0^inf w |(Ff)(w)| dw (f is real, so |Ff| is even), by
    adaptive quadrature (SciPy's quad) up to 12 / min s, beyond which the integrand is below
    e^{-2 pi^2 144}."""
    from scipy.integrate import quad

    out = np.empty(p["A"].shape[0])
    for t in range(out.size):
        P = {k: v[t] for k, v in p.items()}
        top = 12.0 / P["s"].min()
        val, _ = quad(lambda w: w * abs(_transform(P, np.array(w))), 0.0, top, limit=400,
                      epsabs=1e-13, epsrel=1e-11)
        out[t] = 2 * val
    return out


@register("fourier.mixtures")
def _fourier_mixtures(stmt, ctx):
    """f: a Gaussian mixture; f_hat (and F as a function): its closed-form transform;
    F (a number): (Ff)(u) at the sampled u; G: f(u) (the inverse transform of f_hat at u);
    C: Barron's constant int |w| |f_hat(w)| dw, by the trapezoid rule on the closed form;
    i: the imaginary unit."""
    rng = ctx.rng("mixtures")

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        p = _draw_mixture(rng, T)
        inst.functions["f"] = _Fn(_mixture, p, _mixture_text)
        if "f_hat" in ctx.decls:
            inst.functions["f_hat"] = _Fn(_transform, p, _transform_text)
        out = {"i": Val(np.full(T, 1j), False)}
        if "u" in inst.values:
            u = inst.values["u"].arr
            out["F"] = Val(_transform(p, u), False)
            out["G"] = Val(_mixture(p, u), False)
        if "C" in ctx.decls:
            out["C"] = Val(_barron_constant(p), False)
        return out

    return ctx.numeric(stmt, extra=extra)
