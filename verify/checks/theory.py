"""Custom checks of the learning-theory claims (Gaussian conditioning, Bayesian linear regression,
GP / NNGP regression, factor analysis, NTK gradient flow, Langevin noise).

Each check computes the true quantity independently (conditioning a random joint Gaussian through
its precision matrix, solving a least-squares problem, the general Gaussian KL formula) and puts it
in place of the node the formula names (``\\mu_{B|A}``, ``\\text{KL}(Q\\|P)``...), then runs the standard
numeric comparison, so every sheet version is decided by the same computation.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet.statement import Relation, Statement
from ..custom import register
from ..evaluate import Val

# -- helpers shared with generative.py -------------------------------------------------------


def fname(e) -> str:
    return type(e).__name__


def replace(stmt: Statement, rule) -> Statement:
    """The statement with every node for which ``rule(node)`` returns something replaced by it."""

    def walk(e):
        r = rule(e)
        if r is not None:
            return r
        if not isinstance(e, sp.Basic) or not e.args or isinstance(e, (sp.Symbol, sp.MatrixSymbol)):
            return e
        args = [walk(a) for a in e.args]
        if all(a is b for a, b in zip(args, e.args)):
            return e
        return e.func(*args)

    def rel(r):
        return Relation(walk(r.lhs), r.op, walk(r.rhs))

    return Statement(tuple(rel(r) for r in stmt.relations),
                     None if stmt.expr is None else walk(stmt.expr),
                     tuple(rel(r) for r in stmt.premises), latex=stmt.latex)


def by_name(mapping: dict):
    """A rule replacing applications of the named undefined functions by symbols."""

    def rule(e):
        if isinstance(e, sp.core.function.AppliedUndef) and fname(e) in mapping:
            return mapping[fname(e)]
        return None

    return rule


def vals(inst, *names):
    return [inst.values[n].arr for n in names]


def mval(a) -> Val:
    return Val(np.asarray(a, float), True)


def sval(a) -> Val:
    return Val(np.asarray(a, float), False)


def col(a):
    return a[..., None]


def condition(joint, k, obs, mean=None):
    """Law of the first k coordinates given the rest = obs, through the joint precision matrix
    (batched): returns (mean (T,k,1), covariance (T,k,k))."""
    P = np.linalg.inv(joint)
    Paa, Pab = P[:, :k, :k], P[:, :k, k:]
    cov = np.linalg.inv(Paa)
    m = np.zeros(obs.shape[:-2] + (k, 1)) if mean is None else mean
    return m - cov @ Pab @ obs, cov


def random_pd(rng, T, n):
    b = rng.normal(size=(T, n, n))
    return b @ np.swapaxes(b, -1, -2) + 0.3 * np.eye(n)


def gauss_kl(m0, S0, m1, S1):
    """KL(N(m0, S0) || N(m1, S1)), batched, by the trace / log-det formula."""
    k = S0.shape[-1]
    S1i = np.linalg.inv(S1)
    d = m1 - m0
    quad = (np.swapaxes(d, -1, -2) @ S1i @ d)[..., 0, 0]
    _, ld1 = np.linalg.slogdet(S1)
    _, ld0 = np.linalg.slogdet(S0)
    return 0.5 * (np.trace(S1i @ S0, axis1=-2, axis2=-1) + quad - k + ld1 - ld0)


# -- Gaussian conditioning -----------------------------------------------------------------

@register("theory.gaussian_conditional")
def _gauss_cond(stmt, ctx):
    """Sigma_AA, Sigma_AB, Sigma_BA, Sigma_BB are blocks of one random joint covariance; the
    conditional law of X_B given X_A comes from the joint precision matrix."""
    rng = ctx.rng("joint")

    def extra(inst):
        a, b = inst.dims["a"], inst.dims["b"]
        T = inst.values["X_A"].arr.shape[0]
        S = random_pd(rng, T, a + b)
        xa, ma, mb = vals(inst, "X_A", "mu_A", "mu_B")
        # order (B, A) so B comes first for `condition`
        perm = list(range(a, a + b)) + list(range(a))
        Sp = S[:, perm][:, :, perm]
        m, cov = condition(Sp, b, xa - ma, mean=mb)
        return {"Sigma_AA": mval(S[:, :a, :a]), "Sigma_AB": mval(S[:, :a, a:]),
                "Sigma_BA": mval(S[:, a:, :a]), "Sigma_BB": mval(S[:, a:, a:]),
                "mu_BmidA": mval(m), "Sigma_BmidA": mval(cov)}

    return ctx.numeric(stmt, extra=extra)


# -- Bayesian linear regression, ridge, least squares ----------------------------------------

@register("theory.blr_posterior")
def _blr(stmt, ctx):
    """w ~ N(0, I_d), y = X w + eps, eps ~ N(0, sigma^2 I_n): the exact posterior of w given y
    from the joint precision of (w, y); Sigma_yy is the joint's y block."""

    def extra(inst):
        X, y, s = vals(inst, "X", "y", "sigma")
        n, d = X.shape[-2:]
        s2 = (s ** 2)[:, None, None]
        Syy = X @ np.swapaxes(X, -1, -2) + s2 * np.eye(n)
        J = np.block([[np.broadcast_to(np.eye(d), X.shape[:1] + (d, d)), np.swapaxes(X, -1, -2)],
                      [X, Syy]])
        m, cov = condition(J, d, y)
        return {"mu_wmidy": mval(m), "Sigma_wmidy": mval(cov), "Sigma_yy": mval(Syy)}

    return ctx.numeric(stmt, extra=extra)


@register("theory.ridge")
def _ridge(stmt, ctx):
    """w_hat minimises ||y - X w||^2 + sigma^2 ||w||^2: solved as the least-squares problem of the
    stacked system [X; sigma I] w = [y; 0]."""

    def extra(inst):
        X, y, s = vals(inst, "X", "y", "sigma")
        d = X.shape[-1]
        out = []
        for Xi, yi, si in zip(X, y, s):
            A = np.vstack([Xi, si * np.eye(d)])
            rhs = np.vstack([yi, np.zeros((d, 1))])
            out.append(np.linalg.lstsq(A, rhs, rcond=None)[0])
        return {"w_hat": mval(np.array(out))}

    return ctx.numeric(stmt, extra=extra)


@register("theory.least_squares")
def _lsq(stmt, ctx):
    """w_hat minimises ||y - X w||^2 (X of full column rank: n >= d)."""

    def extra(inst):
        X, y = vals(inst, "X", "y")
        out = [np.linalg.lstsq(Xi, yi, rcond=None)[0] for Xi, yi in zip(X, y)]
        return {"w_hat": mval(np.array(out))}

    return ctx.numeric(stmt, extra=extra)


@register("theory.blr_weight_space")
def _blr_ws(stmt, ctx):
    """w ~ N(0, Sigma), y = X^T w + eps (columns of X are the inputs): posterior by conditioning
    in covariance form; the predictive of f_* = x_*^T w follows from it."""

    def extra(inst):
        X, y, s, S = vals(inst, "X", "y", "sigma", "Sigma")
        n = X.shape[-1]
        Xt = np.swapaxes(X, -1, -2)
        G = Xt @ S @ X + (s ** 2)[:, None, None] * np.eye(n)
        gain = S @ X @ np.linalg.inv(G)
        m = gain @ y
        cov = S - gain @ Xt @ S
        out = {"mu_post": mval(m), "Sigma_post": mval(cov)}
        if "x_*" in inst.values:
            xs = inst.values["x_*"].arr
            xst = np.swapaxes(xs, -1, -2)
            out["m_*"] = sval((xst @ m)[..., 0, 0])
            out["v_*"] = sval((xst @ cov @ xs)[..., 0, 0])
        return out

    return ctx.numeric(stmt, extra=extra)


@register("theory.gp_posterior_mean")
def _gp_mean(stmt, ctx):
    """f ~ N(0, K), y = f + eps: posterior mean from the precision form (K^{-1} + I/s^2)^{-1} y/s^2."""

    def extra(inst):
        K, y, s = vals(inst, "K", "y", "sigma")
        n = K.shape[-1]
        s2 = (s ** 2)[:, None, None]
        P = np.linalg.inv(K) + np.eye(n) / s2
        return {"mu_fmidy": mval(np.linalg.solve(P, y / s2))}

    return ctx.numeric(stmt, extra=extra)


@register("theory.nngp_regression")
def _nngp(stmt, ctx):
    """Features: rows of Phi for the n training inputs, phi for the test input; f = features . g with
    g ~ N(0, I_B), y = f_train + eps.  Posterior of f(x) given y by conditioning the joint
    (f(x), y) through its precision matrix (n x n side)."""

    def extra(inst):
        Phi, phi, y, s = vals(inst, "Phi", "phi", "y", "sigma")
        n = Phi.shape[-2]
        F = np.concatenate([np.swapaxes(phi, -1, -2), Phi], axis=-2)  # (T, 1+n, B)
        J = F @ np.swapaxes(F, -1, -2)
        J[:, 1:, 1:] += (s ** 2)[:, None, None] * np.eye(n)
        m, cov = condition(J, 1, y)
        return {"m_*": sval(m[:, 0, 0]), "v_*": sval(cov[:, 0, 0])}

    return ctx.numeric(stmt, extra=extra)


# -- factor analysis -------------------------------------------------------------------------

@register("theory.fa_posterior")
def _fa_post(stmt, ctx):
    """z ~ N(0, I_m), x = mu + W z + eta, eta ~ N(0, Sigma): posterior of z in precision form
    (I + W^T Sigma^{-1} W)^{-1}, mean = cov W^T Sigma^{-1} (x - mu)."""

    def extra(inst):
        W, S, x, mu = vals(inst, "W", "Sigma", "x", "mu")
        m = W.shape[-1]
        Wt = np.swapaxes(W, -1, -2)
        Si = np.linalg.inv(S)
        cov = np.linalg.inv(np.eye(m) + Wt @ Si @ W)
        return {"mu_zmidx": mval(cov @ Wt @ Si @ (x - mu)), "Sigma_zmidx": mval(cov)}

    return ctx.numeric(stmt, extra=extra)


# -- KL between Gaussians --------------------------------------------------------------------


# -- NTK function-space gradient flow --------------------------------------------------------

@register("theory.ntk_flow")
def _ntk_flow(stmt, ctx):
    """Model f_i(theta) = tanh(x_i^T theta) with 3 parameters; gradient flow on
    L = 1/2 ||y - f||^2 moves theta along J^T (y - f).  f_dot is the rate of change of the outputs
    along that direction (central differences of f itself); K = J J^T is the NTK Gram matrix."""
    rng = ctx.rng("ntk")

    def extra(inst):
        y = inst.values["y"].arr
        T, n = y.shape[0], y.shape[1]
        X = rng.normal(size=(T, n, 3))
        th = rng.normal(size=(T, 3, 1))
        f = np.tanh(X @ th)
        J = (1 - f ** 2) * X
        thdot = np.swapaxes(J, -1, -2) @ (y - f)
        h = 1e-6
        fdot = (np.tanh(X @ (th + h * thdot)) - np.tanh(X @ (th - h * thdot))) / (2 * h)
        return {"f": mval(f), "K": mval(J @ np.swapaxes(J, -1, -2)), "f_dot": mval(fdot)}

    return ctx.numeric(stmt, extra=extra)


# -- Langevin dynamics: fluctuation-dissipation ------------------------------------------------

@register("theory.langevin_noise")
def _langevin(stmt, ctx):
    """The velocity update v_{t+1} = a v_t - eta grad E + c eps with eps ~ N(0, 1) has, without a
    force, the stationary variance c^2 / (1 - a^2).  With friction gamma at temperature 1 the
    discretised Ornstein-Uhlenbeck step with noise sqrt(2 gamma eta) has stationary variance
    1 / (1 - eta gamma / 2) (-> 1 as eta -> 0).  a and c are read off the formula by evaluating
    its right side at (v_t, eps) = (0, 0), (1, 0), (0, 1) with the force set to 0."""
    rhs = stmt.relations[0].rhs
    new = Statement((Relation(sp.Symbol("stationary_var"), "=", sp.Symbol("target_var")),),
                    latex=stmt.latex)

    def extra(inst):
        from ..evaluate import Evaluator

        T = len(inst.values["eta"].arr)
        eta, gam = vals(inst, "eta", "gamma")
        ev = Evaluator(inst)

        def at(v, e):
            ev.env.update({"v_t": sval(np.full(T, v)), "epsilon": sval(np.full(T, e)),
                           "E_hat": sval(np.zeros(T))})
            return np.broadcast_to(ev.ev(rhs).arr, (T,))

        base = at(0.0, 0.0)
        a = at(1.0, 0.0) - base
        c = at(0.0, 1.0) - base
        return {"stationary_var": sval(c ** 2 / (1 - a ** 2)),
                "target_var": sval(1 / (1 - eta * gam / 2))}

    return ctx.numeric(new, extra=extra)
