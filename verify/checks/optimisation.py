"""Custom checks of the optimisation and classic-model claims.

Most checks follow one pattern: simulate what the formula talks about (one optimiser step from a
random state, a gradient-descent run on a random function of a known class, a perceptron run on
separable data) with a reference implementation written here, hand the simulated quantities to
the statement as extra values, and let the standard numeric comparison decide the sheet's
formula on them.  So the same check decides the canonical form and every sheet variant, and a
wrong variant is refuted by a printed instance.

Conventions: iterates are scalars where the optimiser is elementwise (Adam, RMSProp, AdaGrad,
momentum...), so one trial is one coordinate; gradients of a declared ``function`` are taken by
the same central difference the evaluator uses, so the reference and the formula see the same
numbers.  epsilon-type constants are declared tiny (as in practice), which makes the placement
of epsilon (inside or outside the root) immaterial, as it is between implementations.
"""
from __future__ import annotations

import math

import numpy as np

from ..custom import register
from ..evaluate import Val

H = 1e-5  # the evaluator's finite-difference step


# ---------------------------------------------------------------- helpers -----------------------

def _num(inst, name):
    return inst.values[name].arr


def _grad1(fn, x: np.ndarray) -> np.ndarray:
    """d fn / dx by the evaluator's central difference (same float operations)."""
    up = fn(Val(x + H)).arr
    down = fn(Val(x - H)).arr
    return (up + (-1.0) * down) * (1.0 / (2 * H))


def _names(stmt) -> set[str]:
    out = set()
    for s in stmt.free_symbols:
        out.add(getattr(s, "name", str(s)))
    return out


def _lr(inst, used):
    for k in ("eta", "alpha"):
        if k in used and k in inst.values:
            return _num(inst, k)
    return _num(inst, "eta") if "eta" in inst.values else _num(inst, "alpha")


def _step_check(name, ref):
    """Register a check that compares the statement with one reference optimiser step."""

    @register(name)
    def _check(stmt, ctx):
        used = _names(stmt)
        return ctx.numeric(stmt, extra=lambda inst: ref(inst, used))

    return _check


# ------------------------------------------------------- optimiser steps (scalar coordinates) ---

def _ref_gd(inst, used):
    th = _num(inst, "theta_t")
    g = _grad1(inst.functions["J"], th)
    return {"theta_t+1": Val(th - _lr(inst, used) * g)}


def _ref_momentum(inst, used):
    th, prev = _num(inst, "theta_t"), _num(inst, "theta_t-1")
    g = _grad1(inst.functions["J"], th)
    return {"theta_t+1": Val(th - _lr(inst, used) * g + _num(inst, "beta") * (th - prev))}


def _ref_nesterov(inst, used):
    th, prev = _num(inst, "theta_t"), _num(inst, "theta_t-1")
    look = th + _num(inst, "beta") * (th - prev)
    g = _grad1(inst.functions["J"], look)
    return {"theta_bar_t+1": Val(look), "theta_t+1": Val(look - _lr(inst, used) * g)}


def _ref_adagrad(inst, used):
    th = _num(inst, "theta_t")
    g = _grad1(inst.functions["J"], th)
    acc = _num(inst, "gamma_t-1") + g * g
    step = _lr(inst, used) / np.sqrt(acc + _num(inst, "epsilon")) * g
    return {"gamma_t": Val(acc), "theta_t+1": Val(th - step)}


def _ref_rmsprop(inst, used):
    th = _num(inst, "theta_t")
    g = _grad1(inst.functions["J"], th)
    beta = _num(inst, "beta")
    s = beta * _num(inst, "s_t-1") + (1 - beta) * g * g
    step = _lr(inst, used) / (np.sqrt(s) + _num(inst, "epsilon")) * g
    return {"s_t": Val(s), "theta_t+1": Val(th - step)}


def _ref_adam(inst, used):
    """Kingma & Ba (2015), Algorithm 1."""
    th = _num(inst, "theta_t")
    g = _grad1(inst.functions["J"], th)
    b1, b2, t = _num(inst, "beta_1"), _num(inst, "beta_2"), _num(inst, "t")
    m = b1 * _num(inst, "m_t-1") + (1 - b1) * g
    v = b2 * _num(inst, "v_t-1") + (1 - b2) * g * g
    mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
    new = th - _lr(inst, used) * mh / (np.sqrt(vh) + _num(inst, "epsilon"))
    return {"m_t": Val(m), "v_t": Val(v), "m_hat_t": Val(mh), "v_hat_t": Val(vh),
            "theta_t+1": Val(new)}


def _ref_signsgd(inst, used):
    th = _num(inst, "theta_t")
    g = _grad1(inst.functions["f_i_k"], th)
    return {"theta_t+1": Val(th - _lr(inst, used) * np.sign(g))}


def _ref_svrg(inst, used):
    th, snap = _num(inst, "theta_t"), _num(inst, "theta_bar")
    fi, f = inst.functions["f_i"], inst.functions["f"]
    d = _grad1(fi, th) - _grad1(fi, snap) + _grad1(f, snap)
    return {"theta_t+1": Val(th - _lr(inst, used) * d)}


def _ref_flow(inst, used):
    """The vector field whose explicit Euler step of size eta is the GD step: (x_GD - x) / eta."""
    x = _num(inst, "x")
    eta = 1e-3
    step = x - eta * _grad1(inst.functions["f"], x)
    return {"x_dot": Val((step - x) / eta)}


for _name, _ref in [("optimisation.gd", _ref_gd), ("optimisation.momentum", _ref_momentum),
                    ("optimisation.nesterov", _ref_nesterov),
                    ("optimisation.adagrad", _ref_adagrad),
                    ("optimisation.rmsprop", _ref_rmsprop), ("optimisation.adam", _ref_adam),
                    ("optimisation.signsgd", _ref_signsgd), ("optimisation.svrg", _ref_svrg),
                    ("optimisation.gradient_flow", _ref_flow)]:
    _step_check(_name, _ref)


# ------------------------------------------------------------------------ Muon ----------------

def _polar(m: np.ndarray) -> np.ndarray:
    """The orthogonal (polar) factor U V^T of each matrix of a batch."""
    u, _, vt = np.linalg.svd(m, full_matrices=False)
    return u @ vt


class _Polar:
    def __call__(self, x: Val) -> Val:
        return Val(_polar(x.arr), True)

    def take(self, keep):
        return self

    def describe(self, i):
        return "M ↦ U Vᵀ (polar factor from the SVD M = U Σ Vᵀ)"


@register("optimisation.muon")
def _muon(stmt, ctx):
    """Muon with momentum mu, polar-factor orthogonalisation and the sqrt(d_out/d_in) scale."""

    def extra(inst):
        mom = _num(inst, "mu")[:, None, None] * _num(inst, "M_t-1") + _num(inst, "G_t")
        p = _polar(mom)
        dout, din = inst.dims["d_out"], inst.dims["d_in"]
        w = _num(inst, "W_t") - _num(inst, "eta")[:, None, None] * math.sqrt(dout / din) * p
        inst.functions["orthogonalize"] = _Polar()
        return {"M_t": Val(mom, True), "P_t": Val(p, True), "W_t+1": Val(w, True)}

    return ctx.numeric(stmt, extra=extra)


@register("optimisation.muon_steepest")
def _muon_steepest(stmt, ctx):
    """The minimiser of <G, D> + lambda/2 ||D||_2^2 (spectral norm), found here by comparing the
    candidate -s U V^T for every scale s (the optimum has that direction: <G, UV^T> = ||G||_*
    is the largest inner product over the spectral-norm ball) on a fine grid refined twice."""

    def extra(inst):
        g = _num(inst, "G")
        if "lambda" in inst.values:
            lam = _num(inst, "lambda")
        else:  # the sheet's scale: lambda = d_out / d_in
            lam = np.full(len(g), inst.dims["d_out"] / inst.dims["d_in"])
        u, s, vt = np.linalg.svd(g, full_matrices=False)
        nuc = s.sum(axis=-1)
        # objective along D = -c U V^T: -c ||G||_* + lam/2 c^2; minimise over c >= 0 by search
        lo, hi = np.zeros_like(nuc), 4 * nuc / lam + 1
        for _ in range(200):  # ternary search on a convex function of c
            a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
            fa, fb = -a * nuc + lam / 2 * a * a, -b * nuc + lam / 2 * b * b
            left = fa <= fb
            hi = np.where(left, b, hi)
            lo = np.where(left, lo, a)
        c = (lo + hi) / 2
        inst.values["U"] = Val(u, True)
        inst.values["V"] = Val(np.swapaxes(vt, -1, -2), True)
        sig = s[..., :, None] * np.eye(s.shape[-1])
        return {"U": Val(u, True), "V": Val(np.swapaxes(vt, -1, -2), True),
                "Sigma": Val(sig, True), "Delta_W": Val(-c[:, None, None] * (u @ vt), True),
                "D": Val(-c[:, None, None] * (u @ vt), True)}

    return ctx.numeric(stmt, extra=extra)


# --------------------------------------------------------------- running averages ------------

@register("optimisation.polyak")
def _polyak(stmt, ctx):
    """Arithmetic means of a random sequence theta_1..theta_t (entries of the vector theta)."""

    def extra(inst):
        seq = _num(inst, "theta")[..., 0]  # (T, t)
        t = seq.shape[-1]
        mean_t = seq.mean(axis=-1)
        mean_prev = seq[:, : t - 1].mean(axis=-1)
        return {"theta_bar_t": Val(mean_t), "theta_bar_t-1": Val(mean_prev),
                # the same quantities in the x, k spelling of the deep-learning sheet
                "x_bar_k+1": Val(mean_t), "x_bar_k": Val(mean_prev),
                "x_k+1": Val(seq[:, t - 1]), "k": Val(np.full(len(seq), float(t - 1)))}

    return ctx.numeric(stmt, extra=extra)


# ------------------------------------------------------------------- SVD shapes ----------------

@register("optimisation.svd")
def _svd(stmt, ctx):
    """U, Sigma, V of the full SVD of the sampled M (numpy), in the shapes the version
    declares: when a declared shape differs from the factor's, the product cannot be formed."""

    def extra(inst):
        M = _num(inst, "M")
        U, sv, Vt = np.linalg.svd(M, full_matrices=True)
        m, n = M.shape[-2:]
        S = np.zeros(M.shape)
        k = min(m, n)
        S[..., np.arange(k), np.arange(k)] = sv
        return {"U": Val(U, True), "Sigma": Val(S, True), "V": Val(np.swapaxes(Vt, -1, -2), True)}

    return ctx.numeric(stmt, extra=extra)


# ------------------------------------------------------------ minibatch variance --------------

@register("optimisation.minibatch_variance")
def _minibatch_variance(stmt, ctx):
    """s = 4 per-example gradients in R^2 per trial; V is their mean squared deviation from the
    full gradient, V_r the exact mean squared deviation of the average of r draws with
    replacement, by enumerating all s^r index tuples (r <= 3)."""
    import itertools

    rng = ctx.rng("minibatch")

    def extra(inst):
        r = np.minimum(_num(inst, "r").astype(int), 3)  # larger r fail the assumption anyway
        T, s = len(r), 4
        G = rng.normal(size=(T, s, 2))
        mean = G.mean(axis=1)
        V = ((G - mean[:, None]) ** 2).sum(-1).mean(-1)
        Vr = np.empty(T)
        for i in range(T):
            idx = np.array(list(itertools.product(range(s), repeat=int(r[i]))))
            avg = G[i][idx].mean(axis=1)
            Vr[i] = ((avg - mean[i]) ** 2).sum(-1).mean()
        out = {"V": Val(V), "V_r": Val(Vr)}
        if "g" in inst.values:  # the definition of V: per-example gradients g_i, full g_bar
            out.update({"g": Val(np.swapaxes(G, -1, -2), True), "g_bar": Val(mean[..., None], True)})
        return out

    return ctx.numeric(stmt, extra=extra, dims=[{"s": 4, "m": 2}])
