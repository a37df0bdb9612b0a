"""Custom checks of the latent-variable generative-model claims: VAE (Gaussian KL, the ELBO,
reparameterisation), Gaussian densities and the generative classifier, latent-variable marginals,
factor analysis / probabilistic PCA.  Flows, GANs and diffusion models have their own modules
(flows.py, gans.py, diffusion.py); every check keeps its ``generative.*`` name.

As in theory.py, each check computes the true value of the quantity a formula names (a KL by
quadrature or the general formula, a density with scipy, a posterior by conditioning) and
substitutes it for that node before the standard numeric comparison.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import stats

from cheatsheet import ops
from cheatsheet.statement import Relation, Statement

from ..custom import register
from ..evaluate import Distribution, Evaluator, Val
from .gaussian_models import gauss_kl
from .nodes import fname, mval, replace, sval, vals


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

def _iso_normal_logpdf(x, mean, scale):
    """log N(x_t; mean_t, scale_t^2 I) of each trial t (rows of ``x`` and ``mean``), by scipy."""
    return stats.norm.logpdf(x, loc=mean, scale=np.asarray(scale, float)[:, None]).sum(axis=1)


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
        # N(mu, sigma^2 I): the sum of d independent normal log-densities, for all the trials
        # at once (a scipy multivariate_normal per trial took ~100 times as long)
        out = _iso_normal_logpdf(x[:, :, 0], mu[:, :, 0], np.abs(sg))
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

def _class_prob(e):
    """1 or 0 for p(y=1) / p(y=0) (a probability of a class given nothing), else None."""
    if isinstance(e, ops.Prob) and isinstance(e.args[0], sp.Eq) and e.args[0].rhs in (0, 1):
        return int(e.args[0].rhs)
    return None


def premised_prior(stmt):
    """The prior p(y=1) a premise pins (p(y=1) = c or p(y=0) = c with c a number), else None."""
    for r in stmt.premises:
        for a, b in ((r.lhs, r.rhs), (r.rhs, r.lhs)):
            k = _class_prob(a)
            if r.op == "=" and k is not None and b.is_number:
                c = float(b)
                return c if k == 1 else 1.0 - c
    return None


@register("generative.gaussian_classifier")
def _gen_clf(stmt, ctx):
    """p(y=1|x) by Bayes' rule with p(x|y) = N(mu_y, I), densities from scipy, and the prior
    p(y=1) the formula's premise pins (1/2 where it pins none: equal priors).  A probability
    given x is that posterior; one given nothing (p(y=1), p(y=0)) is the prior, so a premise
    with another prior is decided under that prior, and one that is no probability (p(y=1) = 2)
    is not well-formed."""
    from ..evidence import Evidence

    prior = premised_prior(stmt)
    pi = 0.5 if prior is None else prior
    if not 0.0 < pi < 1.0:
        cx = {"relation": "(not well-formed)", "seed": ctx.seed, "instance": {},
              "why": f"the premise gives the class prior p(y=1) the value {pi:g}, "
                     "which is not a probability strictly between 0 and 1"}
        return Evidence("refuted", "custom:generative.gaussian_classifier", trials=1,
                        seed=ctx.seed, counterexample=cx,
                        detail="the premise's prior is not a probability")
    s = sp.Symbol("post_exact")

    def rule(e):
        if not isinstance(e, ops.Prob):
            return None
        (arg,) = e.args
        if type(arg).__name__ == "Given":
            return s
        k = _class_prob(e)
        if k is not None:
            return sp.Float(pi) if k == 1 else sp.Float(1.0 - pi)
        return None

    st = replace(stmt, rule)

    def extra(inst):
        x, m0, m1 = vals(inst, "x", "mu_0", "mu_1")
        one = np.ones(len(x))
        l0 = _iso_normal_logpdf(x[:, :, 0], m0[:, :, 0], one)
        l1 = _iso_normal_logpdf(x[:, :, 0], m1[:, :, 0], one)
        joint1, joint0 = pi * np.exp(l1), (1.0 - pi) * np.exp(l0)
        return {"post_exact": sval(joint1 / (joint1 + joint0))}

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
