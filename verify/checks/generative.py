"""Custom checks of the generative-model claims (VAE, Gaussian densities, generative classifier,
change of variables, GANs, diffusion).

As in theory.py, each check computes the true value of the quantity a formula names (a KL by
quadrature or the general formula, a density with scipy, the optimal discriminator by numeric
maximisation, the diffusion marginal by iterating the forward chain, the reverse posterior by
conditioning) and substitutes it for that node before the standard numeric comparison.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import stats

from cheatsheet import ops
from cheatsheet.statement import Relation, Statement

from ..custom import register
from ..evaluate import Evaluator, Val
from .labels import with_labels
from .theory import by_name, fname, gauss_kl, mval, replace, sval, vals


def _undef(e, *names):
    return isinstance(e, sp.core.function.AppliedUndef) and fname(e) in names


# -- KL divergences between Gaussians --------------------------------------------------------



@register("generative.kl_equal_variance")
def _kl_eq(stmt, ctx):
    """KL(N(mu_q, sigma^2 I) || N(mu_p, sigma^2 I)) by the general trace / log-det formula."""
    s = sp.Symbol("kl_exact")
    st = replace(stmt, by_name({"KL": s, "D_KL": s}))

    def extra(inst):
        mq, mp, sg = vals(inst, "mu_q", "mu_p", "sigma")
        n = mq.shape[-2]
        S = (sg ** 2)[:, None, None] * np.eye(n)
        return {"kl_exact": sval(gauss_kl(mq, S, mp, S))}

    return ctx.numeric(st, extra=extra)


# -- Gaussian densities ----------------------------------------------------------------------

def _is_logp(e):
    """log of a density node: log(p(...)) / log(p_theta(...))."""
    return isinstance(e, sp.log) and (isinstance(e.args[0], ops.Prob) or
                                      _undef(e.args[0], "p_theta", "p"))


@register("generative.gaussian_loglik")
def _gauss_loglik(stmt, ctx):
    """log N(x; mu_theta(z), sigma^2 I) from scipy, mu_theta a sampled smooth map."""
    s = sp.Symbol("logp_exact")
    st = replace(stmt, lambda e: s if _is_logp(e) else None)

    def extra(inst):
        mu = inst.functions["mu_theta"](inst.values["z"]).arr
        x, sg = vals(inst, "x", "sigma")
        d = x.shape[-2]
        out = [stats.multivariate_normal(mu[i, :, 0], sg[i] ** 2 * np.eye(d)).logpdf(x[i, :, 0])
               for i in range(len(sg))]
        return {"logp_exact": sval(out), "d": sval(np.full(len(sg), float(d)))}

    return ctx.numeric(st, extra=extra)


# -- ELBO on a model with a discrete latent --------------------------------------------------

@register("generative.elbo")
def _elbo(stmt, ctx):
    """A latent z with K = 5 values: random prior p(z), likelihoods p(x|z) of the observed x,
    encoder q(z|x).  log p(x) = log sum_z p(z) p(x|z), the reconstruction term
    sum_z q log p(x|z), KL(q || p(z)) and KL(q || p(z|x)) are computed exactly; 'ELBO' is
    reconstruction - KL(q || prior)."""
    names = {k: sp.Symbol(k) for k in ("logpx", "recon", "kl_prior", "kl_post", "elbo")}

    def rule(e):
        if _is_logp(e):
            return names["logpx"]
        if isinstance(e, ops.E):
            return names["recon"]
        if _undef(e, "D_KL", "KL"):
            target = e.args[0].args[-1] if e.args and e.args[0].args else e.args[-1]
            conditional = any(fname(a) == "Given" for a in sp.preorder_traversal(target))
            return names["kl_post"] if conditional else names["kl_prior"]
        if isinstance(e, sp.Symbol) and e.name == "ELBO":
            return names["elbo"]
        return None

    st = replace(stmt, rule)
    rng = ctx.rng("latent")
    K = 5

    def extra(inst):
        T = len(inst.values["x"].arr)
        prior = rng.dirichlet(np.ones(K), size=T)
        lik = rng.uniform(0.01, 1.0, size=(T, K))
        q = rng.dirichlet(np.ones(K) * 0.7, size=T)
        px = (prior * lik).sum(axis=1)
        post = prior * lik / px[:, None]
        recon = (q * np.log(lik)).sum(axis=1)
        klp = (q * np.log(q / prior)).sum(axis=1)
        klq = (q * np.log(q / post)).sum(axis=1)
        return {"logpx": sval(np.log(px)), "recon": sval(recon), "kl_prior": sval(klp),
                "kl_post": sval(klq), "elbo": sval(recon - klp)}

    return ctx.numeric(st, extra=extra)


# -- generative classifier -------------------------------------------------------------------

@register("generative.gaussian_classifier")
def _gen_clf(stmt, ctx):
    """p(y=1|x) by Bayes' rule with p(y) = 1/2 and p(x|y) = N(mu_y, I), densities from scipy."""
    s = sp.Symbol("post_exact")
    st = replace(stmt, lambda e: s if isinstance(e, ops.Prob) else None)

    def extra(inst):
        x, m0, m1 = vals(inst, "x", "mu_0", "mu_1")
        d = x.shape[-2]
        l0 = np.array([stats.multivariate_normal(m0[i, :, 0], np.eye(d)).logpdf(x[i, :, 0])
                       for i in range(len(x))])
        l1 = np.array([stats.multivariate_normal(m1[i, :, 0], np.eye(d)).logpdf(x[i, :, 0])
                       for i in range(len(x))])
        return {"post_exact": sval(0.5 * np.exp(l1) / (0.5 * np.exp(l1) + 0.5 * np.exp(l0)))}

    return ctx.numeric(st, extra=extra)


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


@register("generative.change_of_variables")
def _flow(stmt, ctx):
    """x = T(z) = A z + b with z ~ N(0, I_3): p_x is N(b, A A^T) (scipy), p_z(T^{-1}(x)) the
    standard normal density at A^{-1}(x - b), det J_{T^{-1}} = det A^{-1}, det J_T = det A.
    The reader writes T^{-1}(x) as x/T, so the density with an argument other than x is p_z."""
    sy = {k: sp.Symbol(k) for k in ("px", "pz", "detJinv", "detJ")}

    def rule(e):
        if isinstance(e, ops.Prob) or _undef(e, "p_x", "p_z"):
            (arg,) = e.args
            return sy["px"] if (arg == sp.Symbol("x", real=True) and fname(e) != "p_z") \
                else sy["pz"]
        if _undef(e, "J_T^-1", "J_{T^-1}"):
            return sy["detJinv"]
        if _undef(e, "J_T"):
            return sy["detJ"]
        return None

    st = replace(stmt, rule)
    rng = ctx.rng("flow")

    def extra(inst):
        T = len(inst.values["x"].arr)
        A = rng.normal(size=(T, 3, 3)) + 0.5 * np.eye(3)
        b = rng.normal(size=(T, 3))
        x = rng.normal(size=(T, 3)) * 1.5
        z = np.linalg.solve(A, (x - b)[..., None])[..., 0]
        px = [stats.multivariate_normal(b[i], A[i] @ A[i].T).pdf(x[i]) for i in range(T)]
        pz = stats.multivariate_normal(np.zeros(3), np.eye(3)).pdf(z)
        return {"px": sval(px), "pz": sval(pz), "detJ": sval(np.linalg.det(A)),
                "detJinv": sval(np.linalg.det(np.linalg.inv(A)))}

    return ctx.numeric(st, extra=extra)


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
    by entropies H(m) - (H(p) + H(q)) / 2."""
    sy = {k: sp.Symbol(k) for k in ("V_opt", "js", "ell")}

    def rule(e):
        if _undef(e, "V"):
            return sy["V_opt"]
        if _undef(e, "D_JS", "JS", "JSD"):
            return sy["js"]
        if _undef(e, "ell_star") or isinstance(e, ops.E):
            return sy["ell"]
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


# -- diffusion -------------------------------------------------------------------------------

def _schedule(rng, T):
    """t in 2..5 (fixed per batch) and betas in (0.01, 0.6) for steps 1..t."""
    t = int(rng.integers(2, 6))
    beta = rng.uniform(0.01, 0.6, size=(T, t))
    return t, beta


def _diff_values(beta):
    alpha = 1 - beta
    abar = np.cumprod(alpha, axis=1)
    return {"beta_t": sval(beta[:, -1]), "alpha_t": sval(alpha[:, -1]),
            "alpha_bar_t": sval(abar[:, -1]), "alpha_bar_t-1": sval(abar[:, -2])}


@register("generative.ddpm_marginal")
def _ddpm_marginal(stmt, ctx):
    """q(x_t | x_0) by iterating x_s = sqrt(1 - beta_s) x_{s-1} + sqrt(beta_s) n_s from a fixed x_0:
    its mean coefficient and variance are compared with the formula's, which are read off the
    formula by evaluating it at (x_0, eps) = (1, 0) and (0, +-1), or from N(x_t; m, V)."""
    rel = stmt.relations[-1]
    rhs = rel.rhs
    rng = ctx.rng("schedule")
    new = Statement((Relation(sp.Symbol("mean_coef"), "=", sp.Symbol("mean_coef_exact")),
                     Relation(sp.Symbol("noise_var"), "=", sp.Symbol("noise_var_exact"))),
                    latex=stmt.latex)

    def extra(inst):
        T = len(next(iter(inst.values.values())).arr)
        t, beta = _schedule(rng, T)
        mean_c, var = np.ones(T), np.zeros(T)
        for s in range(t):
            mean_c = np.sqrt(1 - beta[:, s]) * mean_c
            var = (1 - beta[:, s]) * var + beta[:, s]
        env = dict(inst.values)
        env.update(_diff_values(beta))
        env["n"] = sval(np.full(T, 1.0))
        ev = Evaluator(inst)
        ev.env.update(env)

        def at(x0, eps):
            for k in ("x_0", "epsilon_0", "epsilon", "x_t"):
                ev.env[k] = sval(np.full(T, float(x0 if k == "x_0" else eps)))
            return ev

        if fname(rhs) == "N":
            _, m, V = rhs.args
            mc = at(1, 0).ev(m).arr
            Vv = at(0, 0).ev(V)
            v = Vv.arr[..., 0, 0] if Vv.mat else Vv.arr
        else:
            mc = at(1, 0).ev(rhs).arr
            up = at(0, 1).ev(rhs).arr
            down = at(0, -1).ev(rhs).arr
            v = ((up - down) / 2) ** 2
        return {"mean_coef": sval(np.broadcast_to(mc, (T,))),
                "noise_var": sval(np.broadcast_to(v, (T,))),
                "mean_coef_exact": sval(mean_c), "noise_var_exact": sval(var)}

    return ctx.numeric(new, extra=extra)


def _posterior(beta, x0, xt):
    """Law of x_{t-1} given (x_t, x_0), conditioning the Gaussian pair (x_{t-1}, x_t) | x_0."""
    v = _diff_values(beta)
    at, ab1 = v["alpha_t"].arr, v["alpha_bar_t-1"].arr
    bt = v["beta_t"].arr
    m1, v1 = np.sqrt(ab1) * x0, 1 - ab1  # x_{t-1} | x_0
    m2, c12 = np.sqrt(at) * m1, np.sqrt(at) * v1  # x_t | x_0 and Cov(x_{t-1}, x_t)
    v2 = at * v1 + bt
    return m1 + c12 / v2 * (xt - m2), v1 - c12 ** 2 / v2


@register("generative.ddpm_posterior")
def _ddpm_post(stmt, ctx):
    """The reverse posterior q(x_{t-1} | x_t, x_0) (mean and variance) from conditioning; eps_0 is
    the noise that produced x_t from x_0; L_{t-1} = ||mu_q - mu_theta||^2 / (2 sigma_t^2) with
    mu_theta built from a predicted noise eps_theta the same way as mu_q from eps_0."""
    sy = {k: sp.Symbol(k) for k in ("mu_exact", "eps_theta", "L_exact")}

    def rule(e):
        if isinstance(e, sp.core.function.AppliedUndef) and fname(e).startswith(("mu_q", "mu_tilde")):
            return sy["mu_exact"]
        if _undef(e, "epsilon_theta"):
            return sy["eps_theta"]
        if isinstance(e, sp.Symbol) and e.name in ("L_t-1",):
            return sy["L_exact"]
        return None

    st = replace(replace(stmt, lambda e: e.args[0] if isinstance(e, ops.E) else None), rule)
    rng = ctx.rng("schedule")

    def extra(inst):
        T = len(inst.values["x_0"].arr)
        _, beta = _schedule(rng, T)
        v = _diff_values(beta)
        x0, xt = vals(inst, "x_0", "x_t")
        mean, var = _posterior(beta, x0, xt)
        ab = v["alpha_bar_t"].arr
        eps0 = (xt - np.sqrt(ab) * x0) / np.sqrt(1 - ab)
        eps_th = rng.normal(size=T)
        # mu_theta is the model's reverse mean: the posterior mean with x_0 replaced by the
        # estimate implied by eps_theta
        x0_hat = (xt - np.sqrt(1 - ab) * eps_th) / np.sqrt(ab)
        mu_theta, _ = _posterior(beta, x0_hat, xt)
        out = dict(v)
        out.update({"mu_exact": sval(mean), "sigma_t": sval(np.sqrt(var)),
                    "beta_tilde_t": sval(var), "sigma_epsilon": sval(np.sqrt(var)),
                    "epsilon_0": sval(eps0), "eps_theta": sval(eps_th),
                    "L_exact": sval((mean - mu_theta) ** 2 / (2 * var))})
        return out

    return ctx.numeric(st, extra=extra)


# -- reparameterisation -------------------------------------------------------------------------

@register("generative.reparameterisation")
def _reparam(stmt, ctx):
    """z = g(epsilon) with epsilon ~ N(0, I): the formula's right side is affine in the noise, so its
    law is N(g(0), A A^T) with A the columns g(e_k) - g(0).  It must be N(mu, Sigma)."""
    rel = stmt.relations[0]
    rhs = rel.rhs
    noise = next(n for n in ("epsilon", "eta") if n in ctx.decls)
    n_sym = ctx.decls[noise].args[0]
    n = ctx.decls.sympy(str(n_sym)) if isinstance(n_sym, str) else n_sym
    new = Statement((Relation(sp.MatrixSymbol("mean_z", n, 1), "=", sp.MatrixSymbol("mu", n, 1)),
                     Relation(sp.MatrixSymbol("cov_z", n, n), "=", sp.MatrixSymbol("Sigma", n, n))),
                    latex=stmt.latex)

    def extra(inst):
        ev = Evaluator(inst)
        e0 = inst.values[noise].arr
        d = e0.shape[-2]
        ev.env[noise] = mval(np.zeros_like(e0))
        m = np.broadcast_to(ev.ev(rhs).arr, e0.shape)
        cols = []
        for k in range(d):
            e = np.zeros_like(e0)
            e[:, k, 0] = 1.0
            ev.env[noise] = mval(e)
            cols.append(np.broadcast_to(ev.ev(rhs).arr, e0.shape) - m)
        A = np.concatenate(cols, axis=-1)
        return {"mean_z": mval(m), "cov_z": mval(A @ np.swapaxes(A, -1, -2))}

    return ctx.numeric(new, extra=extra)


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


# -- DDPM forward step and sampling step ---------------------------------------------------------

@register("generative.ddpm_forward_step")
def _ddpm_step(stmt, ctx):
    """The one-step kernel q(x_t | x_{t-1}) = N(x_t; a x_{t-1}, V) is read off the formula (a at
    x_{t-1} = 1, V the variance) for each beta_s of a random schedule and composed t times from
    x_0: the result must be the closed form N(sqrt(alpha_bar_t) x_0, 1 - alpha_bar_t) with
    alpha_s = 1 - beta_s, alpha_bar_t their product."""
    rhs = stmt.relations[-1].rhs
    rng = ctx.rng("schedule")
    new = Statement((Relation(sp.Symbol("mean_coef"), "=", sp.Symbol("mean_coef_exact")),
                     Relation(sp.Symbol("noise_var"), "=", sp.Symbol("noise_var_exact"))),
                    latex=stmt.latex)

    def extra(inst):
        T = len(next(iter(inst.values.values())).arr)
        t, beta = _schedule(rng, T)
        if fname(rhs) != "N":
            raise ValueError("expected a right side N(x_t; mean, covariance)")
        _, mean, cov = rhs.args
        ev = Evaluator(inst)
        ev.env["n"] = sval(np.full(T, 1.0))
        coef, var = np.ones(T), np.zeros(T)
        for s in range(t):
            ev.env["beta_t"] = sval(beta[:, s])
            ev.env["alpha_t"] = sval(1 - beta[:, s])
            ev.env["x_t-1"] = sval(np.ones(T))
            a = np.broadcast_to(ev.ev(mean).arr, (T,))
            V = ev.ev(cov)
            v = np.broadcast_to(V.arr[..., 0, 0] if V.mat else V.arr, (T,))
            coef, var = a * coef, a * a * var + v
        abar = np.prod(1 - beta, axis=1)
        return {"mean_coef": sval(coef), "noise_var": sval(var),
                "mean_coef_exact": sval(np.sqrt(abar)), "noise_var_exact": sval(1 - abar)}

    return ctx.numeric(new, extra=extra)


@register("generative.ddpm_sampling_step")
def _ddpm_sample(stmt, ctx):
    """One reverse sampling step x_{t-1} = m(x_t, eps_theta) + c z, z ~ N(0, I): with a perfect
    noise predictor (eps_theta(x_t, t) = the eps_0 that produced x_t from x_0) the step's mean m
    must be the posterior mean of q(x_{t-1} | x_t, x_0) and its noise scale c the posterior
    standard deviation sigma_t (given as sqrt(beta_tilde_t))."""
    rhs = stmt.relations[-1].rhs
    rng = ctx.rng("schedule")
    new = Statement((Relation(sp.Symbol("step_mean"), "=", sp.Symbol("post_mean")),
                     Relation(sp.Symbol("step_scale"), "=", sp.Symbol("post_sd"))),
                    latex=stmt.latex)

    def rule(e):
        if _undef(e, "epsilon_theta"):
            return sp.Symbol("eps_0_true")
        return None

    body = replace(Statement((Relation(sp.Symbol("lhs"), "=", rhs),)), rule).relations[0].rhs

    def extra(inst):
        T = len(inst.values["x_0"].arr)
        _, beta = _schedule(rng, T)
        v = _diff_values(beta)
        x0, xt = vals(inst, "x_0", "x_t")
        mean, var = _posterior(beta, x0, xt)
        ab = v["alpha_bar_t"].arr
        ev = Evaluator(inst)
        ev.env.update(v)
        ev.env.update({"eps_0_true": sval((xt - np.sqrt(ab) * x0) / np.sqrt(1 - ab)),
                       "sigma_t": sval(np.sqrt(var))})
        ev.env["z"] = sval(np.zeros(T))
        m = np.broadcast_to(ev.ev(body).arr, (T,))
        ev.env["z"] = sval(np.ones(T))
        c = np.broadcast_to(ev.ev(body).arr, (T,)) - m
        return {"step_mean": sval(m), "step_scale": sval(c), "post_mean": sval(mean),
                "post_sd": sval(np.sqrt(var))}

    return ctx.numeric(new, extra=extra)


class _Denoiser:
    """(theta, x) -> tanh(a theta x + b theta + c x) + d theta: a noise predictor e_theta(x)
    whose output depends on its parameter theta, with per-trial coefficients."""

    def __init__(self, co):
        self.co = co  # (T, 4)

    def __call__(self, theta: Val, x: Val) -> Val:
        th, X = np.broadcast_arrays(theta.arr, x.arr)
        sh = lambda k: self.co[:, k].reshape((-1,) + (1,) * (th.ndim - 1))  # noqa: E731
        a, b, c, d = (sh(k) for k in range(4))
        return Val(np.tanh(a * th * X + b * th + c * X) + d * th)

    def take(self, keep):
        return _Denoiser(self.co[keep])

    def describe(self, i):
        a, b, c, d = (float(v) for v in self.co[i])
        return f"(theta, x) -> tanh({a:.3g} theta x + {b:.3g} theta + {c:.3g} x) + {d:.3g} theta"


@register("generative.ddpm_training_step")
def _ddpm_train(stmt, ctx):
    """One training step of the noise-prediction loss ||eps - e_theta(x_t)||^2: gradient
    descent on the network's parameter theta.  The network is a sampled smooth e(theta, x); the
    reference step theta - eta d/dtheta (eps - e(theta, x_t))^2 uses the exact derivative."""
    rng = ctx.rng("network")

    def extra(inst):
        th, eps, x, eta = vals(inst, "theta", "epsilon", "x_t", "eta")
        net = _Denoiser(rng.normal(size=(len(th), 4)))
        inst.functions["e"] = net
        a, b, c, d = (net.co[:, k] for k in range(4))
        u = a * th * x + b * th + c * x
        out = np.tanh(u) + d * th
        dout = (1 - np.tanh(u) ** 2) * (a * x + b) + d
        return {"theta_new": sval(th - eta * (-2 * (eps - out) * dout))}

    return ctx.numeric(stmt, extra=extra)


class _Gauss:
    """A Gaussian density with per-trial mean a z + m (a = 0: a fixed mean) and variance v:
    x -> N(x; m, v), or (x, z) -> N(x; a z + m, v) as a conditional density."""

    def __init__(self, a, m, v, text):
        self.a, self.m, self.v, self.text = a, m, v, text

    def __call__(self, x: Val, z: Val | None = None) -> Val:
        X = x.arr
        Z = z.arr if z is not None else np.zeros_like(X)
        nd = max(X.ndim, Z.ndim)  # batch axes first: pad the shorter one on the right
        X, Z = np.broadcast_arrays(X.reshape(X.shape + (1,) * (nd - X.ndim)),
                                   Z.reshape(Z.shape + (1,) * (nd - Z.ndim)))
        sh = lambda p: p.reshape(p.shape + (1,) * (X.ndim - p.ndim))  # noqa: E731
        mean, var = sh(self.a) * Z + sh(self.m), sh(self.v)
        return Val(np.exp(-(X - mean) ** 2 / (2 * var)) / np.sqrt(2 * np.pi * var))

    def take(self, keep):
        return _Gauss(self.a[keep], self.m[keep], self.v[keep], self.text)

    def describe(self, i):
        return self.text.format(a=float(self.a[i]), m=float(self.m[i]), v=float(self.v[i]))


@register("generative.lvm_marginal")
def _lvm_marginal(stmt, ctx):
    """A one-dimensional linear-Gaussian latent-variable model: z ~ N(0, 1), x | z ~ N(a z + m,
    s^2); the data density p_X = N(m, a^2 + s^2) in closed form, the prior p_Z and the
    conditional density q(x, z) = p_{X|Z}(x | z) as functions."""
    rng = ctx.rng("lvm")

    def extra(inst):
        T = len(inst.values["x"].arr)
        a, m, s2 = rng.uniform(-2, 2, T), rng.normal(size=T), rng.uniform(0.2, 2, T)
        zero = np.zeros(T)
        inst.functions["p_Z"] = _Gauss(zero, zero, np.ones(T), "z -> N(z; 0, 1)")
        inst.functions["q"] = _Gauss(a, m, s2, "(x, z) -> N(x; {a:.3g} z + {m:.3g}, {v:.3g})")
        inst.functions["p_X"] = _Gauss(zero, m, a * a + s2, "x -> N(x; {m:.3g}, {v:.3g})")
        return {}

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


# -- factor analysis / probabilistic PCA ----------------------------------------------------------

# sizes with m <= n, so that an n x m loading matrix can have full column rank / orthonormal columns
_TALL = [{"n": 4, "m": 2}, {"n": 3, "m": 3}, {"n": 5, "m": 3}, {"n": 3, "m": 1}]


def _orthonormal_columns(rng, T, n, m):
    q, r = np.linalg.qr(rng.normal(size=(T, n, n)))
    return (q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[:, None, :])[:, :, :m]


@register("generative.orthogonal_columns")
def _orth_cols(stmt, ctx):
    """The premise W^T W = G (G = I, or a diagonal Lambda: orthogonal columns of any lengths) is
    realised by W = Q_m G^{1/2} with Q_m the first m columns of a random orthogonal matrix; a
    diagonal Lambda is made positive first (a Gram matrix has a nonnegative diagonal)."""
    rng = ctx.rng("columns")
    gram = stmt.premises[0].rhs if stmt.premises else None

    def extra(inst):
        W = inst.values["W"].arr
        T, n, m = W.shape
        if "Lambda" in inst.values:
            lam = np.abs(np.diagonal(inst.values["Lambda"].arr, axis1=-2, axis2=-1)) + 0.1
            inst.values["Lambda"] = mval(lam[..., None] * np.eye(m))
        G = np.broadcast_to(Evaluator(inst)(gram).arr, (T, m, m)) if gram is not None else np.eye(m)
        d = np.sqrt(np.clip(np.diagonal(G, axis1=-2, axis2=-1), 0, None))
        return {"W": mval(_orthonormal_columns(rng, T, n, m) * d[:, None, :])}

    # the premise holds by construction (up to rounding, which the exact premise filter rejects)
    st = Statement(stmt.relations, stmt.expr, (), latex=stmt.latex)
    return ctx.numeric(st, extra=extra, dims=_TALL)


@register("generative.ppca_posterior_limit")
def _ppca_limit(stmt, ctx):
    """z_bar, the posterior mean of z given x in probabilistic PCA (x = mu + W z + eta,
    z ~ N(0, I_m), eta ~ N(0, sigma^2 I_n)), is W^T (W W^T + sigma^2 I)^{-1} (x - mu)
    = (W^T W + sigma^2 I)^{-1} W^T (x - mu); it is evaluated at sigma^2 = 1e-13 (the error of the
    limit is O(sigma^2)); W is a random n x m matrix with m <= n (full column rank)."""

    def extra(inst):
        W, x, mu = vals(inst, "W", "x", "mu")
        # full column rank with a margin: the error of the limit is about sigma^2 / s_min(W)^2,
        # so a nearly rank-deficient W (s_min ~ 1e-4) would need sigma^2 far below 1e-13
        U, s, Vt = np.linalg.svd(W, full_matrices=False)
        W = (U * np.maximum(s, 0.3)[..., None, :]) @ Vt
        m = W.shape[-1]
        Wt = np.swapaxes(W, -1, -2)
        zb = np.linalg.solve(Wt @ W + 1e-13 * np.eye(m), Wt @ (x - mu))
        return {"W": mval(W), "z_bar": mval(zb)}

    return ctx.numeric(stmt, extra=extra, dims=_TALL)


# -- reparameterisation with a diagonal Gaussian ---------------------------------------------------

@register("generative.reparameterisation_diag")
def _reparam_diag(stmt, ctx):
    """z = g(epsilon), epsilon ~ N(0, I): as in generative.reparameterisation the right side is
    affine in the noise, its law N(g(0), A A^T); it must be the encoder's N(mu, diag(sigma^2))."""
    rel = stmt.relations[0]
    rhs = rel.rhs
    n_sym = ctx.decls["epsilon"].args[0]
    n = ctx.decls.sympy(str(n_sym)) if isinstance(n_sym, str) else n_sym
    new = Statement((Relation(sp.MatrixSymbol("mean_z", n, 1), "=", sp.MatrixSymbol("mu", n, 1)),
                     Relation(sp.MatrixSymbol("cov_z", n, n), "=", sp.MatrixSymbol("cov_q", n, n))),
                    latex=stmt.latex)

    def extra(inst):
        ev = Evaluator(inst)
        e0 = inst.values["epsilon"].arr
        d = e0.shape[-2]
        ev.env["epsilon"] = mval(np.zeros_like(e0))
        m = np.broadcast_to(ev.ev(rhs).arr, e0.shape)
        cols = []
        for k in range(d):
            e = np.zeros_like(e0)
            e[:, k, 0] = 1.0
            ev.env["epsilon"] = mval(e)
            cols.append(np.broadcast_to(ev.ev(rhs).arr, e0.shape) - m)
        A = np.concatenate(cols, axis=-1)
        s = inst.values["sigma"].arr[..., 0]
        return {"mean_z": mval(m), "cov_z": mval(A @ np.swapaxes(A, -1, -2)),
                "cov_q": mval((s ** 2)[..., None] * np.eye(d))}

    return ctx.numeric(new, extra=extra)


# -- diffusion variational bound on a discrete chain ----------------------------------------------

def _stoch(rng, *shape):
    return rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])


@register("generative.diffusion_vlb")
def _diffusion_vlb(stmt, ctx):
    """A diffusion with K = 3 states and S = 3 steps: random forward kernels Q_t (q(x_t|x_{t-1})),
    reverse model p(x_S) and kernels P_t (p_theta(x_{t-1}|x_t)), an observed x_0.  Everything is
    computed exactly by enumerating the 27 paths: -log p_theta(x_0), the bound
    L_VLB = E_q[log q(x_{1:S}|x_0) / p(x_{0:S})], L_T = KL(q(x_S|x_0) || p(x_S)), the middle sum
    sum_{t>=2} E_{q(x_t|x_0)} KL(q(x_{t-1}|x_t, x_0) || p_theta(x_{t-1}|x_t)) and
    E_{q(x_1|x_0)} log p_theta(x_0|x_1)."""
    sy = {k: sp.Symbol(k) for k in ("logpx", "vlb", "lt", "lmid", "e0")}

    def has_q(e):
        return any(_undef(a, "q") for a in sp.preorder_traversal(e))

    def rule(e):
        if isinstance(e, sp.Sum):
            return sy["lmid"]
        if _undef(e, "D_KL", "KL"):
            return sy["lt"]
        if isinstance(e, ops.E):
            return sy["vlb"] if has_q(e) else sy["e0"]
        if isinstance(e, sp.log) and _undef(e.args[0], "p_theta", "p"):
            return sy["logpx"]
        if isinstance(e, sp.Symbol) and e.name == "L_VLB":
            return sy["vlb"]
        return None

    st = replace(stmt, rule)
    rng = ctx.rng("chain")
    K, S = 3, 3

    def kl(a, b):
        return (a * np.log(a / b)).sum(-1)

    def one():
        Q = _stoch(rng, S, K, K)          # Q[t-1][i, j] = q(x_t = j | x_{t-1} = i)
        P = _stoch(rng, S, K, K)          # P[t-1][j, i] = p(x_{t-1} = i | x_t = j)
        pS = rng.dirichlet(np.ones(K))
        x0 = int(rng.integers(K))
        marg = [np.eye(K)[x0]]            # q(x_t | x_0), t = 0..S
        for t in range(S):
            marg.append(marg[-1] @ Q[t])
        px = vlb = 0.0
        for path in np.ndindex(*(K,) * S):
            xs = (x0,) + path
            q = np.prod([Q[t][xs[t], xs[t + 1]] for t in range(S)])
            p = pS[xs[S]] * np.prod([P[t][xs[t + 1], xs[t]] for t in range(S)])
            px += p
            vlb += q * np.log(q / p)
        lt = kl(marg[S], pS)
        lmid = 0.0
        for t in range(2, S + 1):         # q(x_{t-1} | x_t, x_0) proportional to q(x_{t-1}|x_0) Q_t
            for j in range(K):
                post = marg[t - 1] * Q[t - 1][:, j]
                post = post / post.sum()
                lmid += marg[t][j] * kl(post, P[t - 1][j])
        e0 = (marg[1] * np.log(P[0][:, x0])).sum()
        return np.log(px), vlb, lt, lmid, e0

    def extra(inst):
        T = len(inst.values["x_0"].arr)
        out = np.array([one() for _ in range(T)])
        return {k: sval(out[:, i]) for i, k in enumerate(("logpx", "vlb", "lt", "lmid", "e0"))}

    return ctx.numeric(st, extra=extra)


@register("generative.well_formed")
def _well_formed(stmt, ctx):
    """A model equation x = (right side) read as a definition of x: x is set to the right side, so
    what is decided is only whether the right side is well-formed under the declared sizes (an
    ill-formed product or sum is a counterexample on every instance of that size)."""
    rel = stmt.relations[0]
    name = str(rel.lhs)

    def extra(inst):
        try:
            v = Evaluator(inst)(rel.rhs)
        except Exception:  # noqa: BLE001 - the comparison reports the size mismatch itself
            return {}
        return {name: v}

    return ctx.numeric(stmt, extra=extra)
