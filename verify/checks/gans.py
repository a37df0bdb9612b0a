"""Custom checks of the GAN claims (``generative.*``): the optimal discriminator (by numeric
maximisation), the value of the game at it (Jensen-Shannon), the objective, and the
Kantorovich-Rubinstein dual of the Wasserstein-1 distance in one dimension.

Each check computes the true quantity from the laws it draws and substitutes it for the node the
formula names before the standard numeric comparison.
"""
from __future__ import annotations

import numpy as np
import sympy as sp


from ..custom import register
from ..evaluate import Distribution, Val
from .labels import with_labels
from .nodes import replace, sval
from .generative import _Table, _undef


# -- GANs ------------------------------------------------------------------------------------

def _argmax_d(a, b, iters=80):
    """argmax over D in (0, 1) of a log D + b log(1 - D), by ternary search (concave)."""
    lo, hi = np.full_like(a, 1e-12), np.full_like(a, 1 - 1e-12)
    f = lambda d: a * np.log(d) + b * np.log1p(-d)
    for _ in range(iters):
        m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        left = f(m1) < f(m2)
        lo, hi = np.where(left, m1, lo), np.where(left, hi, m2)
    return (lo + hi) / 2


@register("generative.gan_optimal_discriminator")
def _gan_d(stmt, ctx):
    """D*(x) maximises p_data(x) log D + p_G(x) log(1 - D) pointwise; the densities at x are
    random positive numbers, and p_z(x) (the latent density) is an unrelated one."""
    sy = {k: sp.Symbol(k) for k in ("D_opt", "pd", "pg", "pz")}

    def rule(e):
        if _undef(e, "D_star", "D"):
            return sy["D_opt"]
        if _undef(e, "p_data"):
            return sy["pd"]
        if _undef(e, "p_G", "p_g"):
            return sy["pg"]
        if _undef(e, "p_z"):
            return sy["pz"]
        return None

    st = replace(stmt, rule)
    rng = ctx.rng("densities")

    def extra(inst):
        T = len(inst.values["x"].arr)
        pd, pg, pz = (np.exp(rng.uniform(-3, 1, T)) for _ in range(3))
        return {"pd": sval(pd), "pg": sval(pg), "pz": sval(pz), "D_opt": sval(_argmax_d(pd, pg))}

    return ctx.numeric(st, extra=extra)


def _js(p, q):
    m = (p + q) / 2

    def ent(a):
        with np.errstate(all="ignore"):
            return -np.where(a > 0, a * np.log(np.where(a > 0, a, 1)), 0).sum(axis=-1)

    return ent(m) - (ent(p) + ent(q)) / 2


@register("generative.gan_value")
def _gan_value(stmt, ctx):
    """p_data and p_G on 6 atoms (a third of the pairs with disjoint supports): D* by numeric
    maximisation, V(D*, G) = E_data log D* + E_G log(1 - D*) (gan.global-minimum: p_G = p_data),
    the logistic objective l* as the expectation over the joint of (y, x) with p(y) = 1/2, and JS
    by entropies H(m) - (H(p) + H(q)) / 2.  An expectation a formula writes is evaluated over
    that joint law (y and x random, the classifier q_theta = D* a function of x), so its body
    is decided term by term."""
    sy = {k: sp.Symbol(k) for k in ("V_opt", "js", "ell")}

    def rule(e):
        if _undef(e, "V"):
            return sy["V_opt"]
        if _undef(e, "D_JS", "JS", "JSD"):
            return sy["js"]
        if _undef(e, "ell_star"):
            return sy["ell"]
        if _undef(e, "q_theta", "D") and len(e.args) == 1:  # the classifier, at its argument
            return sp.Function("classifier")(*e.args)
        return None

    st = replace(stmt, rule)
    rng = ctx.rng("supports")

    def extra(inst):
        T = len(inst.values["x"].arr)
        p = rng.dirichlet(np.ones(6), size=T)
        q = rng.dirichlet(np.ones(6), size=T)
        disjoint = rng.random(T) < 1 / 3
        mask = np.arange(6) < 3
        p = np.where(disjoint[:, None], p * mask, p)
        q = np.where(disjoint[:, None], q * ~mask, q)
        p, q = p / p.sum(1, keepdims=True), q / q.sum(1, keepdims=True)
        if ctx.claim_id.endswith("global-minimum"):  # the generator has matched the data
            q = p.copy()
        D = _argmax_d(p, q)
        with np.errstate(all="ignore"):
            V = np.where(p > 0, p * np.log(D), 0).sum(1) + np.where(q > 0, q * np.log1p(-D), 0).sum(1)
        # joint of (y, x): y = 1 w.p. 1/2 with x ~ p, else x ~ q; classifier q(x) = D*
        with np.errstate(all="ignore"):
            ell = (0.5 * np.where(p > 0, p * np.log(D), 0)
                   + 0.5 * np.where(q > 0, q * np.log1p(-D), 0)).sum(1)
        # the joint of (y, x): outcomes (1, k) with mass p_k / 2, then (0, k) with q_k / 2;
        # D* is kept inside (0, 1) where it is 0 or 1 (only at atoms of mass 0 for that y)
        joint = np.concatenate([p, q], axis=1) / 2
        ys = np.broadcast_to(np.repeat([1.0, 0.0], 6), joint.shape).copy()
        xs = np.broadcast_to(np.tile(np.arange(6.0), 2), joint.shape).copy()
        inst.dists.append(Distribution(("y", "x"), {"y": ys, "x": xs}, joint))
        inst.functions["classifier"] = _Table(np.clip(D, 1e-300, 1 - 1e-16),
                                              "optimal classifier D*(x) for x = 0..5")
        return {"V_opt": sval(V), "js": sval(_js(p, q)), "ell": sval(ell)}

    return ctx.numeric(st, extra=extra)


class _Affine:
    """x -> link(a x + c) with per-trial coefficients (a sampled player of a GAN): the
    discriminator uses the sigmoid link, so its output is a probability; the generator none."""

    def __init__(self, a, c, sigmoid: bool):
        self.a, self.c, self.sigmoid = a, c, sigmoid

    def __call__(self, x: Val) -> Val:
        X = x.arr
        sh = lambda p: p.reshape(p.shape + (1,) * (X.ndim - p.ndim))  # noqa: E731
        z = sh(self.a) * X + sh(self.c)
        return Val(1 / (1 + np.exp(-z)) if self.sigmoid else z, x.mat)

    def take(self, keep):
        return _Affine(self.a[keep], self.c[keep], self.sigmoid)

    def describe(self, i):
        inner = f"{float(self.a[i]):.4g} x + {float(self.c[i]):.4g}"
        return f"x -> sigmoid({inner})" if self.sigmoid else f"x -> {inner}"


def _law(inst, name):
    """(atoms, probabilities) of a random variable's sampled finite law."""
    d = next(d for d in inst.dists if name in d.names)
    return d.atoms[name], d.probs


@register("generative.gan_objective")
@with_labels
def _gan_objective(stmt, ctx):
    """The GAN value V(D, G) for a sampled discriminator D(x) = sigmoid(a x + c) and generator
    G(z) = u z + v: real data X and latent Z have random finite laws, and V = sum_x p(x) log D(x)
    + sum_z p(z) log(1 - D(G(z))) is computed from their atoms; labelled terms (real / fake
    samples) are compared with the canonical ones first."""
    rng = ctx.rng("players")

    def extra(inst):
        T = len(inst.values["V"].arr)
        # moderate slopes keep D(G(z)) away from 0 and 1 in floating point (atoms are O(5))
        D = _Affine(rng.uniform(-1.5, 1.5, T), rng.normal(size=T), True)
        G = _Affine(rng.uniform(-1.5, 1.5, T), rng.normal(size=T), False)
        inst.functions["D"], inst.functions["G"] = D, G
        (xa, xp), (za, zp) = _law(inst, "X"), _law(inst, "Z")
        real = (xp * np.log(D(Val(xa)).arr)).sum(-1)
        fake = (zp * np.log1p(-D(G(Val(za))).arr)).sum(-1)
        return {"V": sval(real + fake)}

    return ctx.numeric(stmt, extra=extra)


# -- Wasserstein-1: Kantorovich-Rubinstein duality in one dimension -----------------------------

def _quantile_w1(xa, pa, xb, pb):
    """W_1 between two finite laws on the line by the monotone (quantile) coupling: integral over
    u in (0, 1) of |F_a^{-1}(u) - F_b^{-1}(u)|, exact on the merged probability breakpoints."""
    ia, ib = np.argsort(xa), np.argsort(xb)
    xa, pa, xb, pb = xa[ia], pa[ia], xb[ib], pb[ib]
    ca, cb = np.cumsum(pa), np.cumsum(pb)
    ca[-1] = cb[-1] = 1.0
    u = np.unique(np.concatenate([[0.0], ca, cb]))
    mid = (u[:-1] + u[1:]) / 2
    qa = xa[np.minimum(np.searchsorted(ca, mid), len(xa) - 1)]
    qb = xb[np.minimum(np.searchsorted(cb, mid), len(xb) - 1)]
    return float((np.diff(u) * np.abs(qa - qb)).sum())


class _Critic:
    """The optimal 1-Lipschitz critic of each trial, piecewise linear through (knots, values)."""

    def __init__(self, knots, values):
        self.knots, self.values = knots, values

    def __call__(self, *args):
        (x,) = args
        a = x.arr
        T = len(self.knots)
        if a.ndim == 0 or a.shape[0] != T:
            a = np.broadcast_to(a, (T,) + a.shape[1:] if a.ndim else (T,))
        out = np.stack([np.interp(a[i], self.knots[i], self.values[i]) for i in range(T)])
        return Val(out, x.mat)

    def take(self, keep):
        idx = np.flatnonzero(keep) if np.asarray(keep).dtype == bool else np.asarray(keep)
        return _Critic([self.knots[i] for i in idx], [self.values[i] for i in idx])

    def describe(self, i):
        return "optimal critic: slope sign(F_theta - F_r) between the atoms"


@register("generative.wasserstein_dual")
def _w1_dual(stmt, ctx):
    """X_r ~ p_r and X_theta ~ p_theta are independent random finite laws on the line (the
    engine's generic random variables); f is a sampled 1-Lipschitz function.  W(p_r, p_theta) is
    computed in the primal, by the monotone coupling; f^* is the critic with slope
    sign(F_theta - F_r), which attains the supremum.  Every expectation is exact on the atoms."""
    sy = {"W": sp.Symbol("w1_primal")}

    def rule(e):
        if _undef(e, "W"):
            return sy["W"]
        return None

    st = replace(stmt, rule)

    def extra(inst):
        law = {n: d for d in inst.dists for n in d.names}
        dr, dq = law["X_r"], law["X_theta"]
        xr, pr = dr.atoms["X_r"], dr.probs
        xq, pq = dq.atoms["X_theta"], dq.probs
        w, knots, fv = np.empty(len(pr)), [], []
        for i in range(len(pr)):
            w[i] = _quantile_w1(xr[i], pr[i], xq[i], pq[i])
            z = np.unique(np.concatenate([xr[i], xq[i]]))
            Fr = np.array([pr[i][xr[i] <= t].sum() for t in z])
            Fq = np.array([pq[i][xq[i] <= t].sum() for t in z])
            slope = np.sign(Fq - Fr)[:-1]
            knots.append(z)
            fv.append(np.concatenate([[0.0], np.cumsum(slope * np.diff(z))]))
        inst.functions["f_star"] = _Critic(knots, fv)
        return {"w1_primal": sval(w)}

    return ctx.numeric(st, extra=extra)
