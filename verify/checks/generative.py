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
from ..evaluate import Distribution, Evaluator, Val
from .labels import with_labels
from .theory import by_name, fname, gauss_kl, mval, replace, sval, vals


def _undef(e, *names):
    return isinstance(e, sp.core.function.AppliedUndef) and fname(e) in names


# -- KL divergences between Gaussians --------------------------------------------------------



class _GaussKL:
    """KL(N(m0, S0) || N(m1, S1)) of the evaluated arguments, by the general trace / log-det
    formula (batched); a scalar covariance is s I."""

    def __call__(self, m0: Val, S0: Val, m1: Val, S1: Val) -> Val:
        mean0, mean1 = (np.asarray(m.arr, float) for m in (m0, m1))
        n = mean0.shape[-2]

        def cov(v):
            a = np.asarray(v.arr, float)
            return a if v.mat else a.reshape(a.shape + (1, 1)) * np.eye(n)

        return sval(gauss_kl(mean0, cov(S0), mean1, cov(S1)))

    def take(self, keep):
        return self

    def describe(self, i):
        return "KL between two Gaussians, by the trace / log-det formula"


@register("generative.kl_equal_variance")
def _kl_eq(stmt, ctx):
    """KL(N(mu_q, sigma^2 I) || N(mu_p, sigma^2 I)): every KL between two normal laws N(m, S)
    is computed from the means and covariances the formula writes (so a wrong variance inside
    is another number), by the general trace / log-det formula."""

    def rule(e):
        if not _undef(e, "KL", "D_KL") or len(e.args) != 1 or fname(e.args[0]) != "Given":
            return None
        laws = e.args[0].args
        if len(laws) != 2 or not all(_undef(a, "N") and len(a.args) == 2 for a in laws):
            return None
        return sp.Function("gauss_kl")(*laws[0].args, *laws[1].args)

    st = replace(stmt, rule)

    def extra(inst):
        inst.functions["gauss_kl"] = _GaussKL()
        return {}

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


# -- finite latent models: densities as functions of the outcome, not constants ----------------

class _Table:
    """A function of a finite random variable's outcome (its atoms are 0..K-1): per trial, a
    table of K values (a likelihood p(x|z=k), a path probability...).  Substituted for a density
    node, it lets the evaluator compute an expectation's body outcome by outcome, so whatever
    the body does with the density (a factor, a sign, a ratio turned over) is evaluated."""

    def __init__(self, table, what: str):
        self.table, self.what = np.asarray(table, float), what  # (T, K)

    def __call__(self, v: Val) -> Val:
        idx = np.rint(v.arr).astype(int)
        T = self.table.shape[0]
        if idx.ndim == 0 or idx.shape[0] != T:
            raise ValueError(f"{self.what} needs the outcome of its random variable")
        rows = np.arange(T).reshape((T,) + (1,) * (idx.ndim - 1))
        return Val(self.table[rows, idx])

    def take(self, keep):
        return _Table(self.table[keep], self.what)

    def describe(self, i):
        return f"{self.what}: " + ", ".join(f"{v:.4g}" for v in self.table[i])


def _outcomes(name: str, probs) -> Distribution:
    """A random variable ``name`` with outcomes 0..K-1 and the given per-trial probabilities."""
    probs = np.asarray(probs, float)
    atoms = np.broadcast_to(np.arange(probs.shape[-1], dtype=float), probs.shape).copy()
    return Distribution((name,), {name: atoms}, probs)


def _kl(a, b):
    return (a * np.log(a / b)).sum(-1)


def _kl_rule(which, prefix="kl"):
    """D_KL(a || b) -> the symbol for the ordered pair (a, b) that ``which`` names, so that
    swapped arguments get the swapped divergence (None where an argument is not recognised:
    the node stays and cannot be evaluated)."""

    def rule(e):
        if not _undef(e, "D_KL", "KL") or len(e.args) != 1 or fname(e.args[0]) != "Given":
            return None
        a, b = (which(x) for x in e.args[0].args[:2])
        if a is None or b is None:
            return None
        return sp.Symbol(f"{prefix}_{a}_{b}")

    return rule


def _pairs_kl(laws: dict, prefix="kl") -> dict:
    """Every KL between the named laws (each (T, K)): {prefix_a_b: KL(a || b)}."""
    return {f"{prefix}_{a}_{b}": sval(_kl(pa, pb)) for a, pa in laws.items()
            for b, pb in laws.items()}


# -- ELBO on a model with a discrete latent --------------------------------------------------

_Z = sp.Symbol("z", real=True)


def _elbo_law(e):
    """Which law of the latent model a density node names: q (the encoder q(z|x)), prior
    (p(z)), post (the posterior p(z|x)), lik (p(x|z)); None for anything else."""
    if isinstance(e, ops.Prob) and e.args == (_Z,):
        return "prior"
    if _undef(e, "p", "p_theta") and len(e.args) == 1:
        (arg,) = e.args
        if arg == _Z:
            return "prior"
        if fname(arg) == "Given" and len(arg.args) == 2:
            first, second = arg.args
            if first == _Z and second != _Z:
                return "post"
            if second == _Z and first != _Z:
                return "lik"
    if _undef(e, "q", "q_phi") and len(e.args) == 1 and fname(e.args[0]) == "Given" \
            and e.args[0].args[0] == _Z:
        return "q"
    return None


@register("generative.elbo")
def _elbo(stmt, ctx):
    """A latent z with K = 5 values: random prior p(z), likelihoods p(x|z) of the observed x,
    encoder q(z|x).  z is a random variable with law q (an expectation's body is evaluated at
    each of its values, with p(x|z) the likelihood of that value), log p(x) = log sum_z p(z)
    p(x|z), each KL between two of q, the prior and the posterior is computed for the pair its
    arguments name (in their order); 'ELBO' is reconstruction - KL(q || prior)."""
    kl = _kl_rule(_elbo_law)

    def rule(e):
        if isinstance(e, sp.log) and _undef(e.args[0], "p_theta", "p") \
                and e.args[0].args == (sp.Symbol("x", real=True),):
            return sp.Symbol("logpx")
        if _elbo_law(e) == "lik":
            return sp.Function("lik")(_Z)
        if isinstance(e, sp.Symbol) and e.name == "ELBO":
            return sp.Symbol("elbo")
        return kl(e)

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
        inst.functions["lik"] = _Table(lik, "p(x|z) for z = 0..4")
        inst.dists.append(_outcomes("z", q))
        recon = (q * np.log(lik)).sum(axis=1)
        laws = {"q": q, "prior": prior, "post": post}
        return {"logpx": sval(np.log(px)), "elbo": sval(recon - _kl(q, prior)),
                **_pairs_kl(laws)}

    return ctx.numeric(st, extra=extra)


# -- generative classifier -------------------------------------------------------------------

@register("generative.gaussian_classifier")
def _gen_clf(stmt, ctx):
    """p(y=1|x) by Bayes' rule with p(y) = 1/2 and p(x|y) = N(mu_y, I), densities from scipy.
    A probability given x is that posterior; one given nothing (p(y=1), p(y=0): a premise on
    the priors) is the prior, 1/2."""
    s = sp.Symbol("post_exact")

    def rule(e):
        if not isinstance(e, ops.Prob):
            return None
        (arg,) = e.args
        if type(arg).__name__ == "Given":
            return s
        if isinstance(arg, sp.Eq) and arg.rhs in (0, 1):
            return sp.Rational(1, 2)
        return None

    st = replace(stmt, rule)

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


class _NoisePredictor:
    """eps_theta(x, ...) as a function of the noisy input it is fed: the noise that would turn
    x_0 into x at the step's alpha_bar, plus a per-trial error (0 for a perfect predictor).  A
    formula that feeds it x_0 or another step's value gets another number, so the input is
    decided with the rest of the formula (the other arguments, such as t, do not change it)."""

    def __init__(self, x0, ab, err):
        self.x0, self.ab, self.err = (np.asarray(a, float) for a in (x0, ab, err))

    def __call__(self, x: Val, *rest) -> Val:
        X = x.arr
        sh = lambda p: p.reshape(p.shape + (1,) * (X.ndim - p.ndim))  # noqa: E731
        return Val((X - np.sqrt(sh(self.ab)) * sh(self.x0)) / np.sqrt(1 - sh(self.ab))
                   + sh(self.err), x.mat)

    def take(self, keep):
        return _NoisePredictor(self.x0[keep], self.ab[keep], self.err[keep])

    def describe(self, i):
        return (f"x -> (x - sqrt({self.ab[i]:.4g}) x_0) / sqrt(1 - {self.ab[i]:.4g})"
                + (f" + {self.err[i]:.4g}" if self.err[i] else ""))


def _predictor(e):
    """epsilon_theta(input, ...) -> the sampled predictor applied to its input."""
    if _undef(e, "epsilon_theta") and e.args:
        return sp.Function("eps_predictor")(e.args[0])
    return None


@register("generative.ddpm_posterior")
def _ddpm_post(stmt, ctx):
    """The reverse posterior q(x_{t-1} | x_t, x_0) (mean and variance) from conditioning; eps_0 is
    the noise that produced x_t from x_0; L_{t-1} = ||mu_q - mu_theta||^2 / (2 sigma_t^2) with
    mu_theta built from a predicted noise eps_theta the same way as mu_q from eps_0."""
    sy = {k: sp.Symbol(k) for k in ("mu_exact", "eps_theta", "L_exact")}

    def rule(e):
        if isinstance(e, sp.core.function.AppliedUndef) and fname(e).startswith(("mu_q", "mu_tilde")):
            return sy["mu_exact"]
        if _predictor(e) is not None:
            return _predictor(e)
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
        err = rng.normal(size=T)
        inst.functions["eps_predictor"] = _NoisePredictor(x0, ab, err)
        eps_th = eps0 + err  # what the predictor says at x_t
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
    alpha_s = 1 - beta_s, alpha_bar_t their product.  The names are decided too: the left side
    must be the law of x_t given x_{t-1} and the density's variable x_t (a kernel of x_{t-1}
    given itself, or a density of another variable, states another law: 'names_off' counts
    the names that differ)."""
    rel = stmt.relations[-1]
    rhs = rel.rhs
    rng = ctx.rng("schedule")
    new = Statement((Relation(sp.Symbol("mean_coef"), "=", sp.Symbol("mean_coef_exact")),
                     Relation(sp.Symbol("noise_var"), "=", sp.Symbol("noise_var_exact")),
                     Relation(sp.Symbol("names_off"), "=", sp.Integer(0))),
                    latex=stmt.latex)
    nxt, prev = sp.Symbol("x_t", real=True), sp.Symbol("x_t-1", real=True)
    lhs = rel.lhs
    given = lhs.args[0].args if (len(getattr(lhs, "args", ())) == 1
                                 and fname(lhs.args[0]) == "Given") else None
    off = 0 if given == (nxt, prev) else 1
    if fname(rhs) == "N" and rhs.args and rhs.args[0] != nxt:
        off += 1

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
                "mean_coef_exact": sval(np.sqrt(abar)), "noise_var_exact": sval(1 - abar),
                "names_off": sval(np.full(T, float(off)))}

    return ctx.numeric(new, extra=extra)


@register("generative.ddpm_sampling_step")
def _ddpm_sample(stmt, ctx):
    """One reverse sampling step x_{t-1} = m(x_t, eps_theta) + c z, z ~ N(0, I): with a perfect
    noise predictor (eps_theta(x, t) = the noise that turns x_0 into x, so eps_theta(x_t, t) =
    eps_0 and any other input gives another value) the step's mean m
    must be the posterior mean of q(x_{t-1} | x_t, x_0) and its noise scale c the posterior
    standard deviation sigma_t (given as sqrt(beta_tilde_t))."""
    rhs = stmt.relations[-1].rhs
    rng = ctx.rng("schedule")
    new = Statement((Relation(sp.Symbol("step_mean"), "=", sp.Symbol("post_mean")),
                     Relation(sp.Symbol("step_scale"), "=", sp.Symbol("post_sd"))),
                    latex=stmt.latex)

    body = replace(Statement((Relation(sp.Symbol("lhs"), "=", rhs),)),
                   _predictor).relations[0].rhs

    def extra(inst):
        T = len(inst.values["x_0"].arr)
        _, beta = _schedule(rng, T)
        v = _diff_values(beta)
        x0, xt = vals(inst, "x_0", "x_t")
        mean, var = _posterior(beta, x0, xt)
        ab = v["alpha_bar_t"].arr
        inst.functions["eps_predictor"] = _NoisePredictor(x0, ab, np.zeros(T))  # perfect
        ev = Evaluator(inst)
        ev.env.update(v)
        ev.env.update({"sigma_t": sval(np.sqrt(var))})
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
    computed exactly by enumerating the 27 paths: -log p_theta(x_0) and the bound
    L_VLB = E_q[log q(x_{1:S}|x_0) / p(x_{0:S})].  A formula's own terms are evaluated, not
    assumed: an expectation over the paths (or over x_1) takes its body path by path, with the
    path probabilities q(x_{1:T}|x_0), p(x_{0:T}) and p_theta(x_0|x_1) as functions of the
    outcome; a KL between q(x_T|x_0) and p(x_T) is the one its arguments name, in their order;
    a sum over t of E_{q(x_t|x_0)} KL(q(x_{t-1}|x_t, x_0) || p_theta(x_{t-1}|x_t)) is summed
    between the bounds it writes (t = 1 adds the point-mass term; T is S), an empty range
    giving 0; an expectation over another law, or a step the chain does not have, cannot be
    evaluated."""
    x0s, x1s, xT = (sp.Symbol(n, real=True) for n in ("x_0", "x_1", "x_T"))
    path = sp.Symbol("path", real=True)
    t = sp.Symbol("t", integer=True)

    def given(e):
        return e.args[0].args if len(e.args) == 1 and fname(e.args[0]) == "Given" else None

    def law_T(e):  # KL arguments at the last step
        g = given(e) if _undef(e, "q") else None
        if g is not None and g == (xT, x0s):
            return "qT"
        if (isinstance(e, ops.Prob) or _undef(e, "p", "p_theta")) and e.args == (xT,):
            return "pT"
        return None

    def law_mid(e):  # KL arguments inside the sum over t
        g = given(e)
        if g is None or len(g) != 2 or not isinstance(g[0], sp.Indexed):
            return None
        prev = g[0].indices == (t - 1,)
        if _undef(e, "q") and prev and isinstance(g[1], sp.Tuple) and len(g[1]) == 2 \
                and isinstance(g[1][0], sp.Indexed) and g[1][0].indices == (t,) \
                and g[1][1] == x0s:
            return "post"
        if _undef(e, "p_theta", "p") and prev and isinstance(g[1], sp.Indexed) \
                and g[1].indices == (t,):
            return "model"
        return None

    K, S = 3, 3
    kl_T = _kl_rule(law_T)
    kl_mid = _kl_rule(law_mid, prefix="mid")
    T_sym = next((s for s in stmt_symbols(stmt) if s.name == "T"), None)

    def rule(e):
        if isinstance(e, sp.Sum) and len(e.limits) == 1:
            var, lo, hi = e.limits[0]
            body = e.function
            if isinstance(body, ops.E):  # over q(x_t | x_0): the law of the step summed over
                law = str(body.args[-1]) if len(body.args) > 1 else ""
                if law and "".join(law.split()) not in ("q(x_t|x_0)", "q"):
                    return None
                body = body.args[0]
            pair = kl_mid(body)
            top = sp.expand(hi - T_sym) if T_sym is not None else None
            if var != t or pair is None or not (lo.is_Integer and top is not None
                                                 and top.is_Integer):
                return None
            first, last = int(lo), S + int(top)  # T is S steps here
            if first < 1 or last > S:
                return None  # a step the chain does not have
            return sp.Symbol(f"{pair.name}_{first}_{last}")
        if isinstance(e, sp.Symbol) and e.name == "L_VLB":
            return sp.Symbol("vlb")
        if isinstance(e, sp.log) and _undef(e.args[0], "p_theta", "p") and e.args[0].args == (x0s,):
            return sp.Symbol("logpx")
        g = given(e)
        if _undef(e, "q") and g is not None and fname(g[0]) == "Symbol" and g[0].name == "x_1:T" \
                and g[1] == x0s:
            return sp.Function("qpath")(path)
        if (isinstance(e, ops.Prob) or _undef(e, "p", "p_theta")) and len(e.args) == 1 \
                and fname(e.args[0]) == "Symbol" and e.args[0].name == "x_0:T":
            return sp.Function("ppath")(path)
        if _undef(e, "p_theta", "p") and g == (x0s, x1s):
            return sp.Function("decoder")(x1s)
        return kl_T(e)

    st = replace(stmt, rule)
    rng = ctx.rng("chain")
    paths = list(np.ndindex(*(K,) * S))

    def one():
        Q = _stoch(rng, S, K, K)          # Q[t-1][i, j] = q(x_t = j | x_{t-1} = i)
        P = _stoch(rng, S, K, K)          # P[t-1][j, i] = p(x_{t-1} = i | x_t = j)
        pS = rng.dirichlet(np.ones(K))
        x0 = int(rng.integers(K))
        marg = [np.eye(K)[x0]]            # q(x_t | x_0), t = 0..S
        for s in range(S):
            marg.append(marg[-1] @ Q[s])
        qp, pp = [], []
        for pth in paths:
            xs = (x0,) + pth
            qp.append(np.prod([Q[s][xs[s], xs[s + 1]] for s in range(S)]))
            pp.append(pS[xs[S]] * np.prod([P[s][xs[s + 1], xs[s]] for s in range(S)]))
        qp, pp = np.array(qp), np.array(pp)
        out = {"logpx": np.log(pp.sum()), "vlb": (qp * np.log(qp / pp)).sum(),
               "qpath": qp, "ppath": pp, "marg1": marg[1], "dec": P[0][:, x0],
               "laws": {"qT": marg[S], "pT": pS}}
        # E_{q(x_t|x_0)} KL between the reverse posterior and the model, both orders, t = 1..S
        terms = {("post", "model"): [], ("model", "post"): []}
        for s in range(1, S + 1):         # q(x_{s-1} | x_s, x_0) proportional to q(x_{s-1}|x_0) Q_s
            fwd = rev = 0.0
            for j in range(K):
                post = marg[s - 1] * Q[s - 1][:, j]
                post = post / post.sum()
                with np.errstate(all="ignore"):
                    fwd += marg[s][j] * np.nansum(np.where(post > 0, post * np.log(post / P[s - 1][j]), 0))
                    rev += marg[s][j] * _kl(P[s - 1][j], post)
            terms[("post", "model")].append(fwd)
            terms[("model", "post")].append(rev)
        out["mid"] = {f"mid_{a}_{b}_{lo}_{hi}": sum(v[lo - 1:hi])
                      for (a, b), v in terms.items()
                      for lo in range(1, S + 1) for hi in range(1, S + 1)}
        return out

    def extra(inst):
        T = len(inst.values["x_0"].arr)
        runs = [one() for _ in range(T)]
        stack = lambda k: np.array([r[k] for r in runs])  # noqa: E731
        inst.dists.append(_outcomes("path", stack("qpath")))
        inst.dists.append(_outcomes("x_1", stack("marg1")))
        inst.functions["qpath"] = _Table(stack("qpath"), "q(x_{1:T}|x_0) per path")
        inst.functions["ppath"] = _Table(stack("ppath"), "p(x_{0:T}) per path")
        inst.functions["decoder"] = _Table(stack("dec"), "p_theta(x_0|x_1) for x_1 = 0..2")
        laws = {k: np.array([r["laws"][k] for r in runs]) for k in ("qT", "pT")}
        out = {k: sval(stack(k)) for k in ("logpx", "vlb")}
        out.update(_pairs_kl(laws))
        out.update({k: sval([r["mid"][k] for r in runs]) for k in runs[0]["mid"]})
        return out

    return ctx.numeric(st, extra=extra)


def stmt_symbols(stmt):
    out = set()
    for r in stmt.relations:
        out |= r.lhs.free_symbols | r.rhs.free_symbols
    return out


@register("generative.well_formed")
def _well_formed(stmt, ctx):
    """A factor model x = (right side) with z ~ N(0, I_m) and eta ~ N(0, Psi) independent (Psi a
    random positive diagonal): x must have the model's law, mean mu and covariance
    W W^T + Psi.  The right side is affine in (z, eta); its mean is its value at (0, 0) and its
    covariance A A^T + B Psi B^T, with A and B read off by evaluating it at the basis vectors.
    So every term is decided, not only the sizes (an ill-formed product or sum is already
    refuted by the reader's size check).  The law, not the sample, is what the model states:
    a sign in front of W z or eta is the same model."""
    rel = stmt.relations[0]
    names = ("mean_gap", "cov_gap")
    new = Statement(tuple(Relation(sp.Symbol(k), "=", sp.Integer(0)) for k in names),
                    latex=stmt.latex)
    rng = ctx.rng("noise")

    def extra(inst):
        W, mu = inst.values["W"].arr, inst.values["mu"].arr
        T, n, m = W.shape
        psi = rng.uniform(0.2, 2.0, size=(T, n))
        ev = Evaluator(inst)

        def at(z, eta):
            ev.env.update({"z": mval(z), "eta": mval(eta)})
            return np.broadcast_to(ev.ev(rel.rhs).arr, (T, n, 1))

        zero_z, zero_e = np.zeros((T, m, 1)), np.zeros((T, n, 1))
        base = at(zero_z, zero_e)
        A = np.concatenate([at(np.broadcast_to(np.eye(m)[:, [j]], (T, m, 1)), zero_e) - base
                            for j in range(m)], axis=2)
        B = np.concatenate([at(zero_z, np.broadcast_to(np.eye(n)[:, [j]], (T, n, 1))) - base
                            for j in range(n)], axis=2)
        Psi = psi[:, :, None] * np.eye(n)
        cov = A @ A.transpose(0, 2, 1) + B @ Psi @ B.transpose(0, 2, 1)
        truth = W @ W.transpose(0, 2, 1) + Psi
        scale = 1 + np.abs(truth).max(axis=(1, 2))
        return {"mean_gap": sval(np.abs(base - mu).max(axis=(1, 2)) / (1 + np.abs(mu).max(axis=(1, 2)))),
                "cov_gap": sval(np.abs(cov - truth).max(axis=(1, 2)) / scale)}

    return ctx.numeric(new, extra=extra)
