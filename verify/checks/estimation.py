"""Custom checks of the estimation claims: MLE and MAP estimates, conjugate posteriors, and the
sampling properties of estimators (Monte Carlo, sample mean and variance).

The estimate a formula states is compared with one found another way, never with the formula:

* an MLE or MAP estimate (the hat-name on the left) is the maximiser of the log-likelihood or
  log-posterior found numerically (SciPy's bounded scalar search or BFGS with the gradient);
* a posterior density ``p(\\theta \\mid \\mathcal{D})`` is prior times likelihood over the
  evidence, a predictive probability the posterior mean of the parameter, both by Gauss
  quadrature under the prior (exact: the integrands are polynomials); the Normal-Normal
  posterior's mean and variance come from the log posterior's exact quadratic (three values
  and their differences);
* estimators of i.i.d. samples are averaged over the exact product law of n copies of a random
  3-atom law; ``\\bar{X}`` is the sample mean, ``\\sigma`` and ``\\mu`` the law's own moments.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp
from scipy import optimize, stats

from cheatsheet import ops
from cheatsheet.latex import Given
from .distributions import (LAW_NAMES, LAWS, UNREAD, applied_functions, jacobi_rule,
                            law_functions, rewrite_statement, special_functions,
                            stick_breaking)
from ..custom import register
from ..evaluate import Distribution, EvalError, Val

MLE_SIZES = [{"n": 5}, {"n": 8}, {"n": 3}, {"n": 12}]


def _T(inst) -> int:
    return next(iter(inst.values.values())).arr.shape[0]


def _vec(inst, name) -> np.ndarray:
    """A declared vector's values as (T, n)."""
    return np.asarray(inst.values[name].arr, float)[..., 0]


def _scalar(inst, name) -> np.ndarray:
    return np.broadcast_to(np.asarray(inst.values[name].arr, float).reshape(-1), (_T(inst),))


def _argmax_scalar(fn, lo, hi) -> float:
    """The maximiser of a concave function of one variable on (lo, hi)."""
    res = optimize.minimize_scalar(lambda v: -fn(v), bounds=(lo, hi), method="bounded",
                                   options={"xatol": 1e-12, "maxiter": 500})
    return float(res.x)


def _scalar_val(a) -> Val:
    return Val(np.asarray(a, float))


# ------------------------------------------------------------------------- MLE and MAP

def _bernoulli_data(inst, rng):
    T, n = _vec(inst, "x").shape
    x = (rng.random((T, n)) < rng.uniform(0.2, 0.8, (T, 1))).astype(float)
    x[:, 0], x[:, 1] = 1.0, 0.0  # both outcomes seen: the maximiser is inside (0, 1)
    return x


@register("estimation.bernoulli_mle")
def _bernoulli_mle(stmt, ctx):
    """p_hat: the maximiser of sum_i x_i log p + (1 - x_i) log(1 - p), x_i in {0, 1}."""
    rng = ctx.rng("bernoulli-data")

    def extra(inst):
        x = _bernoulli_data(inst, rng)
        p = [_argmax_scalar(lambda q, r=r: np.sum(r * np.log(q) + (1 - r) * np.log(1 - q)),
                            1e-9, 1 - 1e-9) for r in x]
        return {"x": Val(x[..., None], True), "p_hat": _scalar_val(p)}
    return ctx.numeric(stmt, extra=extra, dims=MLE_SIZES)


@register("estimation.exponential_mle")
def _exponential_mle(stmt, ctx):
    """lambda_hat: the maximiser of n log lambda - lambda sum_i x_i (x_i > 0)."""
    def extra(inst):
        x = _vec(inst, "x")
        lam = [math.exp(_argmax_scalar(lambda s, r=r: r.size * s - math.exp(s) * r.sum(),
                                       -20, 20)) for r in x]
        return {"lambda_hat": _scalar_val(lam)}
    return ctx.numeric(stmt, extra=extra, dims=MLE_SIZES)


def _gauss_loglik(theta, x):
    mu, logv = theta
    return -0.5 * x.size * logv - 0.5 * np.sum((x - mu) ** 2) / math.exp(logv)


@register("estimation.gaussian_variance_mle")
def _gaussian_variance_mle(stmt, ctx):
    """sigma_hat^2: the variance at the joint maximiser (mu, sigma^2) of the Gaussian
    log-likelihood, by BFGS in (mu, log sigma^2); x_bar is the sample mean (a definition)."""
    def extra(inst):
        x = _vec(inst, "x")
        sig = []
        for r in x:
            res = optimize.minimize(lambda th, r=r: -_gauss_loglik(th, r), [0.0, 0.0],
                                    method="BFGS", options={"gtol": 1e-11})
            sig.append(math.exp(0.5 * res.x[1]))
        return {"sigma_hat": _scalar_val(sig), "x_bar": _scalar_val(x.mean(axis=1))}
    return ctx.numeric(stmt, extra=extra, dims=MLE_SIZES)


LINEAR_SIZES = [{"n": 6, "d": 2}, {"n": 8, "d": 3}, {"n": 5, "d": 1}, {"n": 10, "d": 4}]


@register("estimation.linear_noise_mle")
def _linear_noise_mle(stmt, ctx):
    """sigma_hat^2 of y = X w + noise, noise N(0, sigma^2): the maximiser in sigma^2 of the
    log-likelihood at the least-squares weights w_hat (the weights' MLE)."""
    def extra(inst):
        X, y = np.asarray(inst.values["X"].arr, float), _vec(inst, "y")
        sig, ws = [], []
        for Xi, yi in zip(X, y):
            w = np.linalg.lstsq(Xi, yi, rcond=None)[0]
            rss = float(np.sum((yi - Xi @ w) ** 2))
            s = _argmax_scalar(lambda lv: -0.5 * yi.size * lv - 0.5 * rss * math.exp(-lv),
                               -40, 20)
            sig.append(math.exp(0.5 * s))
            ws.append(w)
        return {"sigma_hat": _scalar_val(sig), "w_hat": Val(np.array(ws)[..., None], True)}
    return ctx.numeric(stmt, extra=extra, dims=LINEAR_SIZES)


@register("estimation.simple_regression")
def _simple_regression(stmt, ctx):
    """beta_hat_0, beta_hat_1: intercept and slope of the least-squares line through the points
    (x_i, y_i), solved by ``lstsq`` on the design [1, x]; x_bar, y_bar the means, s_x, s_y
    the sample standard deviations and s_xy = s_yx the sample covariance (all with n - 1:
    only their ratios enter a slope), r_xy = r_yx the sample correlation (definitions)."""
    def extra(inst):
        x, y = _vec(inst, "x"), _vec(inst, "y")
        fit = np.array([np.linalg.lstsq(np.stack([np.ones_like(a), a], 1), b, rcond=None)[0]
                        for a, b in zip(x, y)])
        n = x.shape[1]
        dx, dy = x - x.mean(1, keepdims=True), y - y.mean(1, keepdims=True)
        sxy = np.sum(dx * dy, 1) / (n - 1)
        sx, sy = np.sqrt(np.sum(dx ** 2, 1) / (n - 1)), np.sqrt(np.sum(dy ** 2, 1) / (n - 1))
        values = {"beta_hat_0": fit[:, 0], "beta_hat_1": fit[:, 1], "x_bar": x.mean(1),
                  "y_bar": y.mean(1), "s_xy": sxy, "s_yx": sxy, "s_x": sx, "s_y": sy,
                  "r_xy": sxy / (sx * sy), "r_yx": sxy / (sx * sy)}
        return {k: _scalar_val(v) for k, v in values.items()}
    return ctx.numeric(stmt, extra=extra, dims=MLE_SIZES)


# ------------------------------------------------------------------- Cramer-Rao bound
# One unbiased estimator per trial, of one parameter theta of one law, with its variance and
# the law's Fisher information computed apart from the formula: the information is
# E[(d/dtheta log p(X; theta))^2], the score a central difference of SciPy's log-density, the
# mean a sum over the law's atoms (its support, or Gauss-Hermite / Gauss-Laguerre nodes).

_HERMITE = np.polynomial.hermite_e.hermegauss(40)
_LAGUERRE = np.polynomial.laguerre.laggauss(40)


def _weights(rng, n) -> np.ndarray:
    """Weights of an unbiased weighted mean: equal on a third of the trials (where the bound
    is attained), random on the simplex otherwise."""
    return np.full(n, 1.0 / n) if rng.random() < 1 / 3 else rng.dirichlet(np.ones(n))


def _normal_atoms(mu, sd):
    z, w = _HERMITE
    return mu + sd * z, w / w.sum()


def _cr_bernoulli(rng, n):
    p, w = rng.uniform(0.1, 0.9), _weights(rng, n)
    k = np.array([0.0, 1.0])
    return (p, stats.bernoulli(p).var() * np.sum(w ** 2),
            lambda x, th: stats.bernoulli.logpmf(x, th), k, stats.bernoulli.pmf(k, p))


def _cr_poisson(rng, n):
    lam, w = rng.uniform(0.3, 6.0), _weights(rng, n)
    k = np.arange(0.0, stats.poisson(lam).ppf(1 - 1e-15) + 2)
    return (lam, stats.poisson(lam).var() * np.sum(w ** 2),
            lambda x, th: stats.poisson.logpmf(x, th), k, stats.poisson.pmf(k, lam))


def _cr_normal_mean(rng, n):
    mu, sd, w = rng.uniform(-3, 3), rng.uniform(0.3, 3.0), _weights(rng, n)
    return (mu, sd ** 2 * np.sum(w ** 2), lambda x, th: stats.norm.logpdf(x, th, sd),
            *_normal_atoms(mu, sd))


def _cr_normal_variance(rng, n):
    """theta = sigma^2 with the mean known; estimator sum_i w_i (X_i - mu)^2, each term a
    scaled chi-square with one degree of freedom."""
    mu, v, w = rng.uniform(-2, 2), rng.uniform(0.2, 4.0), _weights(rng, n)
    return (v, v ** 2 * stats.chi2(1).var() * np.sum(w ** 2),
            lambda x, th: stats.norm.logpdf(x, mu, np.sqrt(th)), *_normal_atoms(mu, np.sqrt(v)))


def _cr_exponential_rate(rng, n):
    """theta = the rate lambda; estimator (n - 1) / sum_i X_i (unbiased for n >= 3; the sum
    is Gamma(n, 1/lambda), its reciprocal inverse-Gamma(n, lambda)): the bound is not attained."""
    lam = rng.uniform(0.3, 4.0)
    y, w = _LAGUERRE
    return (lam, (n - 1) ** 2 * stats.invgamma(n, scale=lam).var(),
            lambda x, th: stats.expon.logpdf(x, scale=1 / th), y / lam, w / w.sum())


CR_FAMILIES = (_cr_bernoulli, _cr_poisson, _cr_normal_mean, _cr_normal_variance,
               _cr_exponential_rate)


def fisher_information(logp, theta: float, atoms, probs) -> float:
    """E[score^2] over the atoms, the score a central difference in theta."""
    h = 1e-5 * max(abs(theta), 1e-3)
    score = (logp(atoms, theta + h) - logp(atoms, theta - h)) / (2 * h)
    return float(np.sum(probs * score ** 2))


VAR_EST, FISHER = "var@estimator", "fisher@law"


def _cramer_rao_rewrite(stmt, decls):
    est = {d.name for d in decls if d.kind == "random"}
    par = {d.name for d in decls if d.kind == "scalar" and d.name not in ("n", "N")}

    def fn(e):
        e = e.replace(lambda x: isinstance(x, ops.Var) and len(x.args) == 1
                      and getattr(x.args[0], "name", None) in est,
                      lambda x: sp.Symbol(VAR_EST))
        return e.replace(lambda x: isinstance(x, sp.core.function.AppliedUndef)
                         and len(x.args) == 1 and getattr(x.args[0], "name", None) in par,
                         lambda x: sp.Symbol(FISHER))
    return rewrite_statement(stmt, fn)


@register("estimation.cramer_rao")
def _cramer_rao(stmt, ctx):
    """Var(theta_hat) of an unbiased estimator from n i.i.d. draws and I(theta), the Fisher
    information of one draw, for a random law and estimator per trial (CR_FAMILIES)."""
    st = _cramer_rao_rewrite(stmt, ctx.decls)
    rng = ctx.rng("cramer-rao")
    size = next((d.name for d in ctx.decls if d.name in ("n", "N")), "n")
    theta = next((d.name for d in ctx.decls if d.kind == "scalar"
                  and d.name not in ("n", "N")), "theta")

    def extra(inst):
        rows = []
        for _ in range(_T(inst)):
            fam = CR_FAMILIES[int(rng.integers(len(CR_FAMILIES)))]
            n = int(rng.integers(3, 13))
            th, var, logp, atoms, probs = fam(rng, n)
            rows.append((n, th, var, fisher_information(logp, th, atoms, probs)))
        n, th, var, info = (np.array(c, float) for c in zip(*rows))
        return {size: _scalar_val(n), theta: _scalar_val(th), VAR_EST: _scalar_val(var),
                FISHER: _scalar_val(info)}
    return ctx.numeric(st, extra=extra)


@register("estimation.linear_map")
def _linear_map(stmt, ctx):
    """w_hat_MAP: the minimiser of ||y - X w||^2 / (2 sigma^2) + ||w||^2 / (2 tau^2) (Gaussian
    noise, prior N(0, tau^2 I)), by BFGS with its gradient."""
    def extra(inst):
        X, y = np.asarray(inst.values["X"].arr, float), _vec(inst, "y")
        s2, t2 = _scalar(inst, "sigma") ** 2, _scalar(inst, "tau") ** 2
        out = []
        for Xi, yi, a, b in zip(X, y, s2, t2):
            def f(w):
                r = yi - Xi @ w
                return 0.5 * r @ r / a + 0.5 * w @ w / b, -Xi.T @ r / a + w / b
            res = optimize.minimize(f, np.zeros(Xi.shape[1]), jac=True, method="BFGS",
                                    options={"gtol": 1e-12})
            out.append(res.x)
        return {"w_hat_MAP": Val(np.array(out)[..., None], True)}
    return ctx.numeric(stmt, extra=extra, dims=LINEAR_SIZES)


@register("estimation.bernoulli_map")
def _bernoulli_map(stmt, ctx):
    """p_hat_MAP: the maximiser of the log posterior of k successes in n trials under a
    Beta(alpha, beta) prior (alpha, beta > 1: the mode is inside (0, 1))."""
    def extra(inst):
        k, n = _scalar(inst, "k"), _scalar(inst, "n")
        a, b = _scalar(inst, "alpha"), _scalar(inst, "beta")
        p = [_argmax_scalar(lambda q, kk=kk, nn=nn, aa=aa, bb=bb: (kk + aa - 1) * math.log(q)
                            + (nn - kk + bb - 1) * math.log(1 - q), 1e-12, 1 - 1e-12)
             for kk, nn, aa, bb in zip(k, n, a, b)]
        return {"p_hat_MAP": _scalar_val(p)}
    return ctx.numeric(stmt, extra=extra)


# ------------------------------------------------------------------------- posteriors

class _PerTrial:
    """A function of one argument whose definition differs per trial (fn(t, x))."""

    def __init__(self, fns, label):
        self.fns, self.label = fns, label

    def __call__(self, *args):
        (x,) = args
        if x.mat:
            raise EvalError(f"{self.label} takes a number")
        xa = np.asarray(x.arr, float)
        if xa.ndim == 0:
            xa = np.broadcast_to(xa, (len(self.fns),))
        out = np.empty(xa.shape)
        with np.errstate(all="ignore"):
            for t, fn in enumerate(self.fns):
                out[t] = fn(xa[t])
        return Val(out)

    def take(self, keep):
        idx = np.flatnonzero(keep) if np.asarray(keep).dtype == bool else np.asarray(keep)
        return _PerTrial([self.fns[int(i)] for i in np.atleast_1d(idx)], self.label)

    def describe(self, i):
        return self.label


POST, PRED = "posterior@density", "predictive@prob"


def _posterior_rewrite(expr, params: set[str]):
    """p(theta | D) -> the posterior density at theta; P(x = v | D) -> the predictive."""
    if isinstance(expr, ops.Prob):
        (arg,) = expr.args
        if isinstance(arg, Given):
            what = arg.args[0]
            if isinstance(what, sp.Eq):
                return sp.Function(PRED)(what.rhs)
            if getattr(what, "name", None) in params:
                return sp.Function(POST)(what)
        elif not isinstance(arg, (sp.Tuple, sp.core.relational.Relational, sp.And)):
            return sp.Function(UNREAD)(arg)  # p(theta) alone: no value, never "theta itself"
        return expr
    if not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        return expr
    new = [_posterior_rewrite(a, params) for a in expr.args]
    return expr.func(*new) if any(n is not o for n, o in zip(new, expr.args)) else expr


def _with_law_calls(inst, st):
    """Law-named calls on the right (Beta(theta; a, b), Dir(pi; alpha + N)) are SciPy's."""
    called = applied_functions(st)
    special_functions(inst, called)
    for name, arity in called.items():
        if name in LAW_NAMES and arity >= 2:
            law_functions(inst, LAWS[LAW_NAMES[name]], [], {name: arity})


@register("estimation.beta_posterior")
def _beta_posterior(stmt, ctx):
    """Beta prior (alpha, beta), k successes in n Bernoulli trials: the posterior density is
    prior (SciPy) x likelihood over the evidence, the predictive probability of a success the
    posterior mean of theta; both integrals are Gauss-Jacobi sums under the prior, exact for
    these polynomial integrands.  A statement without alpha and beta (Laplace's rule of
    succession) is of the uniform prior, Beta(1, 1)."""
    st = rewrite_statement(stmt, lambda e: _posterior_rewrite(e, {"theta"}))

    def prior(inst, name):
        return _scalar(inst, name) if name in inst.values else np.ones(_T(inst))

    def extra(inst):
        k, n = _scalar(inst, "k"), _scalar(inst, "n")
        a, b = prior(inst, "alpha"), prior(inst, "beta")
        dens, pred = [], []
        for kk, nn, aa, bb in zip(k, n, a, b):
            nodes, w = jacobi_rule(aa, bb)
            lik = nodes ** kk * (1 - nodes) ** (nn - kk)
            Z = float(w @ lik)
            dens.append(lambda th, kk=kk, nn=nn, aa=aa, bb=bb, Z=Z:
                        stats.beta.pdf(th, aa, bb) * th ** kk * (1 - th) ** (nn - kk) / Z)
            pred.append(float(w @ (nodes * lik)) / Z)
        inst.functions[POST] = _PerTrial(dens, "the posterior density (prior x likelihood "
                                               "over the evidence)")
        inst.functions[PRED] = _PerTrial(
            [lambda v, m=m: np.where(v == 1, m, np.where(v == 0, 1 - m, 0.0)) for m in pred],
            "the predictive probability (posterior mean of theta)")
        _with_law_calls(inst, st)
        return {}
    return ctx.numeric(st, extra=extra)


@register("estimation.normal_posterior")
def _normal_posterior(stmt, ctx):
    """Known noise variance sigma^2, prior N(mu_0, sigma_0^2) on the mean, data x_1..x_N: the
    log posterior is a quadratic in mu; its second difference gives 1 / sigma_N^2, its
    Newton step from 0 the mode mu_N.  x_bar is the sample mean (a definition)."""
    sizes = [{"N": 3}, {"N": 6}, {"N": 10}, {"N": 1}]

    def extra(inst):
        x = _vec(inst, "x")
        m0, s0, s = (_scalar(inst, k) for k in ("mu_0", "sigma_0", "sigma"))

        def logpost(mu):
            return (-0.5 * (mu - m0) ** 2 / s0 ** 2
                    - 0.5 * np.sum((x - mu[:, None]) ** 2, axis=1) / s ** 2)
        h = np.maximum(1.0, np.abs(x).max(axis=1))
        z = np.zeros(x.shape[0])
        f0, fp, fm = logpost(z), logpost(z + h), logpost(z - h)
        curv = -(fp - 2 * f0 + fm) / h ** 2  # exact for a quadratic
        slope = (fp - fm) / (2 * h)
        return {"mu_N": _scalar_val(slope / curv), "sigma_N": _scalar_val(1 / np.sqrt(curv)),
                "x_bar": _scalar_val(x.mean(axis=1))}
    return ctx.numeric(stmt, extra=extra, dims=sizes)


DIRICHLET_NODES = 8


@register("estimation.dirichlet_posterior")
def _dirichlet_posterior(stmt, ctx):
    """Dirichlet(alpha) prior, counts N_k of K categories: the posterior density is prior x
    likelihood over the evidence, and the predictive P(x = k | D) the posterior mean of pi_k;
    both integrals are exact sums over a stick-breaking Gauss-Jacobi grid of the prior
    (polynomial integrands of degree sum(N) < 2 DIRICHLET_NODES).  The counts are drawn (1..3)."""
    st = rewrite_statement(stmt, lambda e: _posterior_rewrite(e, {"pi"}))
    rng = ctx.rng("counts")
    free = [d.name for d in ctx.decls if d.kind == "index"
            and any(d.name == getattr(s, "name", "") for r in st.relations
                    for s in r.lhs.free_symbols | r.rhs.free_symbols)]

    def extra(inst):
        alpha = np.asarray(inst.values["alpha"].arr, float)[..., 0]  # (T, K)
        T, K = alpha.shape
        N = rng.integers(1, 4, size=(T, K)).astype(float)
        dens, preds = [], []
        for t in range(T):
            atoms, w = stick_breaking(alpha[t], DIRICHLET_NODES)
            lik = np.prod(atoms ** N[t], axis=1)
            Z = float(np.sum(w * lik))
            preds.append((w * lik) @ atoms / Z)  # (K,) posterior means

            def density(x, a=alpha[t], n=N[t], Z=Z):
                pts = np.asarray(x, float).reshape(-1, K)
                out = [stats.dirichlet.pdf(p / p.sum(), a) * np.prod(p ** n) / Z
                       if np.all(p > 0) else 0.0 for p in pts]
                return np.array(out).reshape(np.asarray(x).shape[:-2])
            dens.append(density)
        inst.functions[POST] = _VecPerTrial(dens, "the posterior density (prior x likelihood "
                                                  "over the evidence, by quadrature)")
        preds_arr = np.array(preds)
        inst.functions[PRED] = _Predictive(preds_arr)
        _with_law_calls(inst, st)
        out = {"N": Val(N[..., None], True)}
        for name in free:
            out[name] = Val(np.asarray(float(rng.integers(1, K + 1))))
        return out
    return ctx.numeric(st, extra=extra)


class _VecPerTrial(_PerTrial):
    def __call__(self, *args):
        (x,) = args
        xa = np.asarray(x.arr, float)
        return Val(np.array([fn(xa[t]) for t, fn in enumerate(self.fns)]).reshape(
            xa.shape[:-2]))


class _Predictive:
    """P(x = k | D) for a category k (1-based) per trial."""

    def __init__(self, preds):
        self.preds = preds

    def __call__(self, *args):
        (k,) = args
        ka = np.broadcast_to(np.asarray(k.arr, float), (self.preds.shape[0],))
        idx = ka.astype(int) - 1
        if np.any(idx < 0) or np.any(idx >= self.preds.shape[1]) or np.any(ka != idx + 1):
            raise EvalError("a category is a number 1..K")
        return Val(self.preds[np.arange(len(idx)), idx])

    def take(self, keep):
        return _Predictive(self.preds[keep])

    def describe(self, i):
        return "the predictive probability (posterior mean, by quadrature)"


# -------------------------------------------------------------------- i.i.d. samples

IID_ATOMS = 3
IID_SIZES = [{"n": 2}, {"n": 3}, {"n": 4}, {"n": 5}]


def _iid_rewrite(stmt, decls, vec: str, size: str):
    """X_bar -> the sample mean of the entries; X where a single draw is meant -> X_1."""
    from cheatsheet.latex import parse

    mean = parse(rf"\frac{{1}}{{{size}}} \sum_{{i=1}}^{{{size}}} {vec}_i", decls).expr
    first = parse(rf"{vec}_1", decls).expr
    if mean is None or first is None:
        raise EvalError("cannot build the sample mean")
    bar = f"{vec}_bar"

    def fix(e):
        if isinstance(e, (sp.Indexed, sp.IndexedBase)):
            return e
        if isinstance(e, (sp.Symbol, sp.MatrixSymbol)):
            if e.name == bar:
                return mean
            if e.name == vec:
                return first
            return e
        if not e.args:
            return e
        new = [fix(a) for a in e.args]
        return e.func(*new) if any(n is not o for n, o in zip(new, e.args)) else e
    return rewrite_statement(stmt, fix)


def _iid_law(rng, T: int, n: int, vec: str):
    atoms1 = rng.normal(size=(T, IID_ATOMS)) * 2 + rng.normal(size=(T, 1))
    p1 = rng.dirichlet(np.ones(IID_ATOMS), size=T)
    idx = np.stack(np.meshgrid(*[np.arange(IID_ATOMS)] * n, indexing="ij"), -1).reshape(-1, n)
    atoms = np.stack([atoms1[:, idx[:, k]] for k in range(n)], -1)  # (T, m, n)
    probs = np.prod(np.stack([p1[:, idx[:, k]] for k in range(n)], -1), -1)
    mean = (p1 * atoms1).sum(1)
    var = (p1 * (atoms1 - mean[:, None]) ** 2).sum(1)
    return Distribution((vec,), {vec: atoms[..., None]}, probs, {vec: True}), mean, var


@register("estimation.iid")
def _iid(stmt, ctx):
    """X_1..X_n i.i.d.: the exact product law of n copies of one random 3-atom law; X_bar is
    their mean, a bare X one draw (X_1), mu and sigma the law's mean and standard deviation."""
    vec = next(d.name for d in ctx.decls if d.is_random_vector)
    size = ctx.decls[vec].args[0]
    st = _iid_rewrite(stmt, ctx.decls, vec, size)
    rng = ctx.rng("iid")

    def extra(inst):
        T = _T(inst)
        law, mean, var = _iid_law(rng, T, inst.dims[size], vec)
        inst.dists[:] = [d for d in inst.dists if vec not in d.names] + [law]
        out = {}
        if "sigma" in inst.values:
            out["sigma"] = _scalar_val(np.sqrt(var))
        if "mu" in inst.values:
            out["mu"] = _scalar_val(mean)
        return out
    return ctx.numeric(st, extra=extra, dims=[{size: c["n"]} for c in IID_SIZES])


def _iid_mgf_rewrite(stmt, decls, vec: str, size: str):
    """M_V(s) -> E[e^{s V}] for V a sum of the n i.i.d. copies (``M_{X_1 + ... + X_n}``,
    ``M_{\\sum_i X_i}``, with their bounds and signs), one copy (``M_{X_i}``) or the bare X
    (one draw)."""
    import re

    from sympy.core.function import AppliedUndef

    from cheatsheet.latex import parse

    def variable(name: str):
        sub = name[2:]
        m = re.fullmatch(rf"sum_(\w+)=([^^]+)\^(.+){re.escape(vec)}_\1", sub)
        if m:  # the reader names M_{X_1 + ... + X_n} and M_{\sum_i X_i} alike, with their bounds
            k, lo, hi = m.groups()
            return parse(rf"\sum_{{{k}={lo}}}^{{{hi}}} {vec}_{{{k}}}", decls).expr
        v = re.escape(vec)
        m = re.fullmatch(rf"{v}_(\w+)([+-])dots([+-]){v}_(\w+)", sub)
        if m:  # X_1 - ... + X_n: the middle copies take the sign before the dots
            lo, mid, last, hi = m.groups()
            return parse(rf"{vec}_{{{lo}}} {mid} \sum_{{k={lo}+1}}^{{{hi}-1}} {vec}_{{k}} "
                         rf"{last} {vec}_{{{hi}}}", decls).expr
        if sub == vec or re.fullmatch(rf"{v}_\d+", sub):
            return parse(sub.replace("_", "_{", 1) + "}" if "_" in sub else sub, decls).expr
        raise EvalError(f"{name} is not the MGF of {vec}, of one copy or of the sum of the copies")

    def fix(e):
        if isinstance(e, AppliedUndef) and type(e).__name__.startswith("M_"):
            if len(e.args) != 1:
                raise EvalError(f"{type(e).__name__} takes one argument")
            return ops.E(sp.exp(e.args[0] * variable(type(e).__name__)))
        if not e.args or isinstance(e, (sp.Symbol, sp.MatrixSymbol)):
            return e
        new = [fix(a) for a in e.args]
        return e.func(*new) if any(n is not o for n, o in zip(new, e.args)) else e
    return rewrite_statement(stmt, fix)


@register("estimation.iid_mgf")
def _iid_mgf(stmt, ctx):
    """MGFs of n i.i.d. copies of X and of their sum: M_V(t) is E[e^{tV}] over the exact product
    law of the copies (as ``estimation.iid``), never the formula under test."""
    vec = next(d.name for d in ctx.decls if d.is_random_vector)
    size = ctx.decls[vec].args[0]
    st = _iid_rewrite(_iid_mgf_rewrite(stmt, ctx.decls, vec, str(size)), ctx.decls, vec, size)
    rng = ctx.rng("iid")

    def extra(inst):
        law, _, _ = _iid_law(rng, _T(inst), inst.dims[size], vec)
        inst.dists[:] = [d for d in inst.dists if vec not in d.names] + [law]
        return {}
    return ctx.numeric(st, extra=extra, dims=[{size: c["n"]} for c in IID_SIZES])
