"""Custom checks of the learning-theory claims: Rademacher bounds on a finite hypothesis class,
the PAC-Bayes bound, Barron's constant, labelled decompositions.  Gaussian models (conditioning,
Bayesian linear regression, GP, factor analysis, PCA) are in gaussian_models.py, infinite-width
networks (NNGP, NTK, linearised networks, Langevin noise) in kernel_regime.py; every check keeps
its ``theory.*`` name.

Each check computes the true quantity independently (the worst-case gap over a finite class, the
bound at its confidence level) and puts it in place of the node the formula names, then runs the
standard numeric comparison, so every sheet version is decided by the same computation.
"""
from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

from cheatsheet import ops
from cheatsheet.statement import Relation, Statement

from ..custom import register
from ..evaluate import Val
from .labels import with_labels
# replace is also imported from here by mechanics, linear_models, bptt and language
from .nodes import fname, replace, sval


# -- Rademacher bounds on a finite hypothesis class --------------------------------------------

def _rademacher_setup(rng, T):
    """Half the trials in a small world (K = 3 points, M = 2 hypotheses with 0-1 losses,
    samples of n = 2:
    where a bound that holds only on average fails on an unlucky sample), half in a larger one
    (K = 6, M = 4, n = 4..6, n fixed per call); see `_rademacher_world`."""
    small = T // 2
    a = _rademacher_world(rng, small, 2, 3, 2)
    b = _rademacher_world(rng, T - small, int(rng.integers(4, 7)), 6, 4)
    return {k: np.concatenate([a[k], b[k]]) for k in a}


def _rademacher_world(rng, T, n, K, M):
    """A finite world: K points z with a random law p, M hypotheses whose losses g_h(z) in
    [0, 1] are random, training samples of n points.
    Returns, per trial, exact risks, E_D[sup_h (R(h) - R_D(h))], E_D[R(h_ERM)] and the
    Rademacher complexity (exact over the signs: all 2^n sign vectors) averaged over samples
    and at the least complex sample.  A small world (K^n <= 64 samples) enumerates every sample
    with its probability, so everything is exact; a larger one draws S training sets (S_rad
    for the complexity) by Monte Carlo."""
    S, S_rad = 2000, 200
    small = K ** n <= 64
    p = rng.dirichlet(np.ones(K), size=T)  # (T, K)
    # losses in [0, 1]; 0-1 losses (classification) in a small world, where two hypotheses
    # often agree on a point, so a sample of that point alone has no complexity at all
    g = rng.integers(0, 2, size=(T, M, K)).astype(float) if small else \
        rng.uniform(0, 1, size=(T, M, K))
    risk = (g * p[:, None, :]).sum(-1)  # (T, M)
    if small:
        every = np.array(list(itertools.product(range(K), repeat=n)))  # (K^n, n)
        idx = np.broadcast_to(every, (T,) + every.shape)
        w = np.prod(p[:, every], axis=-1)  # (T, K^n): each sample's probability
    else:
        cum = np.cumsum(p, axis=1)
        u = rng.random(size=(T, S, n))
        idx = np.minimum((u[..., None] > cum[:, None, None, :]).sum(-1), K - 1)  # (T, S, n)
        w = np.full(idx.shape[:2], 1.0 / S)
    loss = np.take_along_axis(g[:, None, :, :], idx[:, :, None, :], axis=3)  # (T, S, M, n)
    emp = loss.mean(-1)  # (T, S, M)
    sup_dev = ((risk[:, None, :] - emp).max(-1) * w).sum(-1)
    erm = np.argmin(emp, axis=-1)  # (T, S)
    erm_risk = (np.take_along_axis(risk, erm, axis=1) * w).sum(-1)
    signs = np.array(np.meshgrid(*[[-1.0, 1.0]] * n)).reshape(n, -1).T  # (2^n, n)
    keep = slice(None) if small else slice(S_rad)
    corr = (loss[:, keep] @ signs.T) / n  # (T, S_rad, M, 2^n)
    rad_each = corr.max(-2).mean(-1)  # (T, S_rad): the empirical complexity of each sample
    wr = w[:, keep] / w[:, keep].sum(-1, keepdims=True)
    return {"sup_dev": sup_dev, "erm_risk": erm_risk, "best_risk": risk.min(-1),
            "rad": (rad_each * wr).sum(-1), "rad_low": rad_each.min(-1),
            "n": np.full(T, float(n))}


def replace_expr(e, rule):
    """``replace`` on one expression."""
    return replace(Statement((Relation(e, "=", e),)), rule).relations[0].lhs


@register("theory.rademacher")
def _rademacher(stmt, ctx):
    """E_D[sup_h (R(h) - R_D(h))] (named Delta_{D_n}) and E_D[R(h_ERM)] against the best-in-class
    risk R(h_H^*) and the Rademacher complexity of the loss class, on a finite world (see
    `_rademacher_setup`).  The empirical complexity inside an expectation is averaged over
    the samples; written without one it is a random quantity and the bound must hold for
    every sample, so it is decided at the sample with the smallest complexity among those
    drawn.  E[.] around a computed value is that value."""
    sy = {k: sp.Symbol(k) for k in ("sup_dev", "erm_risk", "best_risk", "rad", "rad_low")}

    def empirical(e):
        return (isinstance(e, sp.core.function.AppliedUndef)
                and fname(e).startswith(("R_hat", "mathfrak")))

    def rule(e):
        if isinstance(e, ops.E) and any(empirical(a) for a in sp.preorder_traversal(e)):
            return replace_expr(e.args[0], lambda a: sy["rad"] if empirical(a) else None)
        if empirical(e):
            return sy["rad_low"]
        if isinstance(e, sp.Symbol) and e.name in ("Delta_D_n", "Delta_n"):
            return sy["sup_dev"]
        if isinstance(e, sp.core.function.AppliedUndef):
            name = fname(e)
            if name == "R" and e.args and str(e.args[0]).startswith("h_hat"):
                return sy["erm_risk"]
            if name == "R" and e.args and str(e.args[0]).startswith("h_H"):
                return sy["best_risk"]
        return None

    st = replace(stmt, rule)
    # the declared premises name the same quantities (E[R_hat] >= 0): computed the same way
    premises = replace(Statement(tuple(ctx.options.assume)), rule).relations
    rng = ctx.rng("world")

    def extra(inst):
        T = len(next(iter(inst.values.values())).arr)
        return {k: sval(v) for k, v in _rademacher_setup(rng, T).items()}

    return ctx.numeric(st, extra=extra, assume=premises)


# -- PAC-Bayes bound at its confidence level --------------------------------------------------

@register("theory.pac_bayes")
def _pac_bayes(stmt, ctx):
    """M = 20 hypotheses with true 0-1 risks in (0.3, 0.7), uniform prior P, and a data-dependent
    Gibbs posterior Q proportional to P exp(-lam n R_hat) (lam in 1..50, nearly the ERM point
    mass at the top); every third trial, a prior that puts little mass on the hypotheses and
    the posterior on the ERM (a large KL).  For S = 400 training sets of size n (20..400) the formula is evaluated
    with E_Q R, E_Q R_hat and KL(Q||P) of that sample; it must fail on at most a fraction
    epsilon of the training sets (the confidence the bound states)."""
    rel = stmt.relations[0]
    names = {"risk": sp.Symbol("risk_Q"), "emp": sp.Symbol("emp_Q"), "kl": sp.Symbol("kl_QP")}

    def rule(e):
        if isinstance(e, sp.Symbol) and e.name == "E_Q":
            return sp.Integer(1)
        if isinstance(e, sp.core.function.AppliedUndef):
            name = fname(e)
            if name == "R":
                return names["risk"]
            if name.startswith("R_hat") or name in ("R_emp",):
                return names["emp"]
            if name in ("KL", "D_KL"):
                return names["kl"]
        return None

    inner = replace(Statement((rel,), latex=stmt.latex),
                    lambda e: e.args[0] if isinstance(e, ops.E) else None)
    inner = replace(inner, rule).relations[0]
    new = Statement((Relation(sp.Symbol("fail_rate"), "<=", sp.Symbol("epsilon")),),
                    latex=stmt.latex)
    rng = ctx.rng("samples")
    M, S = 20, 400

    def extra(inst):
        from ..evaluate import Evaluator, _align
        from ..numeric import NumericOptions, compare

        eps = inst.values["epsilon"].arr
        T = len(eps)
        n = rng.integers(20, 401, size=T).astype(float)
        r = rng.uniform(0.3, 0.7, size=(T, 1, M))
        emp = rng.binomial(n.astype(int)[:, None, None], r, size=(T, S, M)) / n[:, None, None]
        lam = rng.uniform(1, 50, size=(T, 1, 1))
        logits = -lam * n[:, None, None] * emp
        Q = np.exp(logits - logits.max(-1, keepdims=True))
        Q /= Q.sum(-1, keepdims=True)
        with np.errstate(all="ignore"):
            kl = np.where(Q > 0, Q * np.log(Q * M), 0.0).sum(-1)
        # every third trial a prior far from the posterior: P puts delta / M on each of the M
        # hypotheses (the rest on one that is never chosen), Q is the point mass on the ERM,
        # so KL(Q||P) = ln(M / delta) with ln(1 / delta) from 10 n to 10^5 n; the bound holds
        # for every prior and posterior, and a formula that misplaces the KL term shows it there
        far = (np.arange(T) % 3 == 2)[:, None, None]
        point = np.eye(M)[np.argmin(emp, axis=-1)]  # (T, S, M)
        far_kl = np.log(M) + 10.0 ** rng.uniform(1, 5, size=(T, 1)) * n[:, None]
        Q = np.where(far, point, Q)
        kl = np.where(far[..., 0], far_kl, kl)
        ev = Evaluator(inst)
        ev.env.update({"risk_Q": sval((Q * r).sum(-1)), "emp_Q": sval((Q * emp).sum(-1)),
                       "kl_QP": sval(kl), "n": sval(n), "epsilon": sval(eps)})
        lhs, rhs = ev.ev(inner.lhs), ev.ev(inner.rhs)
        out = compare(inner, lhs, rhs, T, NumericOptions(rtol=0, atol=0))
        x, y = _align(lhs, rhs)
        x, y = np.broadcast_arrays(x, y)
        ok = {"<=": x <= y, "<": x < y, ">=": x >= y, ">": x > y}.get(inner.op)
        if ok is None:
            ok = out.ok
        ok = np.broadcast_to(ok, (T, S)) if np.ndim(ok) >= 1 else np.full((T, S), bool(ok))
        return {"fail_rate": sval(1 - ok.reshape(T, -1).mean(-1)), "n": sval(n)}

    return ctx.numeric(new, extra=extra)


# -- labelled decompositions ------------------------------------------------------------------

@register("theory.labelled")
@with_labels
def _labelled(stmt, ctx):
    """The standard numeric decision, after each underbraced term has been compared with the
    canonical term of the same label (risk decomposition: estimation vs approximation error)."""
    return ctx.numeric(stmt)


# -- Barron's constant ------------------------------------------------------------------------

class _Bumps:
    """x -> sum_k a_k exp(-x^2 / (2 s_k^2)) (two centred Gaussian bumps with per-trial
    weights and widths), or its Fourier transform w -> sum_k a_k s_k / sqrt(2 pi)
    exp(-s_k^2 w^2 / 2) in the convention f(x) = int e^{iwx} f_hat(w) dw."""

    def __init__(self, a, s, fourier: bool):
        self.a, self.s, self.fourier = a, s, fourier

    def __call__(self, x: Val) -> Val:
        X = x.arr[..., None]
        sh = lambda p: p.reshape(p.shape[:1] + (1,) * (X.ndim - 2) + p.shape[1:])  # noqa: E731
        a, s = sh(self.a), sh(self.s)
        if self.fourier:
            out = a * s / np.sqrt(2 * np.pi) * np.exp(-(s * X) ** 2 / 2)
        else:
            out = a * np.exp(-X ** 2 / (2 * s ** 2))
        return Val(out.sum(-1), x.mat)

    def take(self, keep):
        return _Bumps(self.a[keep], self.s[keep], self.fourier)

    def describe(self, i):
        if self.fourier:
            return "w -> " + " + ".join(f"{a * s / np.sqrt(2 * np.pi):.3g} exp(-{s:.3g}^2 w^2 / 2)"
                                        for a, s in zip(self.a[i], self.s[i]))
        return "x -> " + " + ".join(f"{a:.3g} exp(-x^2 / (2 * {s:.3g}^2))"
                                    for a, s in zip(self.a[i], self.s[i]))


@register("theory.barron")
def _barron(stmt, ctx):
    """Barron's constant C_f = int |w| |f_hat(w)| dw of a sampled f, two centred Gaussian bumps
    whose Fourier transform is known in closed form; C_f = sum_k 2 a_k / (s_k sqrt(2 pi))."""
    rng = ctx.rng("bumps")

    def extra(inst):
        T = len(inst.values["C_f"].arr)
        a, s = rng.uniform(0.2, 2.0, (T, 2)), rng.uniform(0.4, 2.0, (T, 2))
        inst.functions["f"] = _Bumps(a, s, False)
        inst.functions["f_hat"] = _Bumps(a, s, True)
        return {"C_f": sval((2 * a / (s * np.sqrt(2 * np.pi))).sum(-1))}

    return ctx.numeric(stmt, extra=extra)
