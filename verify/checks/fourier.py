"""Fourier transforms of Gaussian mixtures: the sheets' definitions of the transform and its
inverse.

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


@register("fourier.mixtures")
def _fourier_mixtures(stmt, ctx):
    """f: a Gaussian mixture; f_hat: its closed-form transform;
    F (a number): (Ff)(u) at the sampled u; G: f(u) (the inverse transform of f_hat at u);
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
        return out

    return ctx.numeric(stmt, extra=extra)
