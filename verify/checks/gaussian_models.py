"""Custom checks of the Gaussian-model claims (``theory.*``): Gaussian conditioning and marginals,
Bayesian linear regression (weight and function space, the joint law), ridge and least squares,
the GP posterior mean, factor analysis, PCA / the linear autoencoder / Eckart-Young.

Each check computes the true quantity independently (conditioning a random joint Gaussian through
its precision matrix, solving a least-squares problem, the general Gaussian KL formula) and puts it
in place of the node the formula names (``\\mu_{B|A}``...), then runs the standard numeric
comparison.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet import ops
from cheatsheet.statement import Relation, Statement

from ..custom import register
from .nodes import mval, replace, sval, vals


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


# -- factor analysis: marginal law ---------------------------------------------------------------

@register("theory.fa_marginal")
def _fa_marginal(stmt, ctx):
    """x = mu + W z + eta with z ~ N(0, I_m), eta ~ N(0, Sigma) independent: the mean and
    covariance of x are read off the joint covariance of (z, eta, x), built from the linear map
    (z, eta) -> x; E[x] and Cov(x) in the formula are replaced by them."""
    def rule(e):
        if isinstance(e, ops.MatApply) and e.op == "E":
            return sp.MatrixSymbol("mean_x", *e.shape)
        if isinstance(e, ops.MatApply) and e.op == "Var":
            return sp.MatrixSymbol("cov_x", *e.shape)
        return None

    st = replace(stmt, rule)

    def extra(inst):
        W, S, mu = vals(inst, "W", "Sigma", "mu")
        T, n, m = W.shape
        A = np.concatenate([W, np.broadcast_to(np.eye(n), (T, n, n))], -1)  # x - mu = A (z, eta)
        C = np.zeros((T, m + n, m + n))
        C[:, :m, :m] = np.eye(m)
        C[:, m:, m:] = S
        joint = np.block([[C, C @ np.swapaxes(A, -1, -2)], [A @ C, A @ C @ np.swapaxes(A, -1, -2)]])
        return {"mean_x": mval(mu), "cov_x": mval(joint[:, m + n:, m + n:])}

    return ctx.numeric(st, extra=extra)


# -- PCA / linear autoencoder / Eckart-Young -----------------------------------------------------

def _svd_parts(X, k):
    U, s, Vt = np.linalg.svd(X)  # full: U (T, d, d), Vt (T, n, n)
    T, d, n = X.shape
    lam = np.zeros((T, d))
    lam[:, :len(s[0])] = s
    Lk = np.zeros((T, d, n))
    for i in range(min(k, d, n)):
        Lk[:, i, i] = s[:, i]
    Xhat = U @ Lk @ Vt
    return U, lam, Lk, np.swapaxes(Vt, -1, -2), Xhat


def _top_eigvecs(X, k):
    """Top-k eigenvectors of S = X X^T (eigh, independent of the SVD route)."""
    _, Q = np.linalg.eigh(X @ np.swapaxes(X, -1, -2))
    return Q[..., ::-1][..., :k]


@register("theory.pca")
def _pca(stmt, ctx):
    """X (d x n) random, k < d.  U_k (also U_k^*): top-k eigenvectors of S = X X^T by eigh;
    lambda: singular values of X (zero-padded to d); U, Lambda_k, V (also U^*): the full SVD with
    all but the k largest singular values set to 0; X_hat: the best rank-k approximation, the
    truncated SVD.  B is a rank-k competitor: a random rank-k matrix or a small perturbation of
    X_hat within rank k.  Formulas that define C and D (C = ..., D = ...) are evaluated and the
    claim becomes: ||X - D C X||_F^2 equals the optimum sum of the discarded lambda_i^2."""
    rng = ctx.rng("competitors")
    rels = stmt.relations
    defines_cd = [r for r in rels if isinstance(r.lhs, sp.MatrixSymbol) and r.lhs.name in ("C", "D")]

    def extra(inst):
        X = inst.values["X"].arr
        T, d, n = X.shape
        k = inst.dims["k"]
        U, lam, Lk, V, Xhat = _svd_parts(X, k)
        Uk = _top_eigvecs(X, k)
        L = rng.normal(size=(T, d, k))
        R = rng.normal(size=(T, k, n))
        near = rng.random(T) < 0.5
        Ub, sb, Vbt = np.linalg.svd(Xhat + 0.05 * L @ R)
        kk = min(k, sb.shape[-1])
        Xnear = (Ub[..., :kk] * sb[:, None, :kk]) @ Vbt[:, :kk]
        B = np.where(near[:, None, None], Xnear, L @ R)
        out = {"U_k": mval(Uk), "U_k_star": mval(Uk), "lambda": mval(lam[..., None]),
               "U": mval(U), "U_star": mval(U), "Lambda_k": mval(Lk), "V": mval(V),
               "X_hat": mval(Xhat), "B": mval(B)}
        if "A" in inst.values:
            from ..evaluate import Evaluator

            ev = Evaluator(inst)
            ev.env.update(out)
            cd = {r.lhs.name: ev.ev(r.rhs).arr for r in defines_cd}
            if set(cd) == {"C", "D"}:
                C, D = cd["C"], cd["D"]
                if C.shape[-2:] != (k, d) or D.shape[-2:] != (d, k):
                    err = np.full(T, np.inf)
                else:
                    err = (np.broadcast_to(X - D @ C @ X, X.shape) ** 2).sum((-1, -2))
                out["err_DC"] = sval(err)
                out["err_opt"] = sval((lam[:, k:] ** 2).sum(-1))
        return out

    dims = [{"d": 3, "n": 4, "k": 1}, {"d": 3, "n": 2, "k": 2}, {"d": 4, "n": 5, "k": 2},
            {"d": 2, "n": 3, "k": 1}, {"d": 4, "n": 3, "k": 3}, {"d": 5, "n": 6, "k": 3}]
    if defines_cd:
        st = Statement((Relation(sp.Symbol("err_DC"), "=", sp.Symbol("err_opt")),),
                       latex=stmt.latex)
        return ctx.numeric(st, extra=extra, dims=dims)
    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("theory.blr_joint")
def _blr_joint(stmt, ctx):
    """w ~ N(0, I_d), eps ~ N(0, sigma^2 I_n), y = X w + eps: the joint covariance of (w, y) is
    A D A^T with A = [[I, 0], [X, I]] and D = diag(I_d, sigma^2 I_n); its blocks are supplied,
    each under the name of its pair (Sigma_wy is the transpose of Sigma_yw: a block named the
    other way round is another matrix)."""

    def extra(inst):
        X = inst.values["X"].arr
        sig = inst.values["sigma"].arr
        T, n, d = X.shape
        A = np.zeros((T, d + n, d + n))
        A[:, :d, :d] = np.eye(d)
        A[:, d:, :d] = X
        A[:, d:, d:] = np.eye(n)
        D = np.zeros((T, d + n, d + n))
        D[:, :d, :d] = np.eye(d)
        D[:, d:, d:] = (sig ** 2)[:, None, None] * np.eye(n)
        C = A @ D @ np.swapaxes(A, -1, -2)
        return {"Sigma_ww": mval(C[:, :d, :d]), "Sigma_yw": mval(C[:, d:, :d]),
                "Sigma_wy": mval(C[:, :d, d:]), "Sigma_yy": mval(C[:, d:, d:])}

    return ctx.numeric(stmt, extra=extra)


@register("theory.gaussian_marginal")
def _gauss_marginal(stmt, ctx):
    """Marginal covariance of the first k coordinates of a random joint Gaussian, computed from
    the joint precision P as the inverse Schur complement (P_AA - P_AB P_BB^{-1} P_BA)^{-1};
    Sigma_AA is the corresponding block of the joint covariance."""
    rng = ctx.rng("marginal")

    def extra(inst):
        S = inst.values["Sigma_AA"].arr
        T, k = S.shape[:2]
        m = k + 2
        joint = random_pd(rng, T, m)
        P = np.linalg.inv(joint)
        schur = P[:, :k, :k] - P[:, :k, k:] @ np.linalg.inv(P[:, k:, k:]) @ P[:, k:, :k]
        return {"Sigma_AA": mval(joint[:, :k, :k]), "Sigma_A": mval(np.linalg.inv(schur)),
                "P_AA": mval(P[:, :k, :k])}

    return ctx.numeric(stmt, extra=extra)
