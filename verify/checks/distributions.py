"""Custom checks of the distribution table: pmf/pdf, moments and MGFs of named laws, and the
Gamma and Beta functions.

One check per law (``distributions.beta``, ``distributions.geometric``, ...).  What a formula is
compared with never comes from the formula:

* a density or pmf the formula names (``P(X = k)``, ``p(x \\mid \\alpha, \\beta)``,
  ``\\mathrm{Beta}(x; a, b)``) is SciPy's (``scipy.stats``), at the instance's parameters, or
  at the parameters the formula writes inside a law-named call; ``P(X \\le x)`` is SciPy's
  CDF.  A bare ``f(x)`` is not taken for the density: on a sheet ``f(x) = ...`` defines any
  function as often, and read as a density it would agree with the claim's left side;
* moments (``\\mathbb{E}``, ``\\operatorname{Var}``, ``\\operatorname{Cov}``, MGFs) are exact sums
  over weighted atoms of the law: the support itself for discrete laws (probabilities from SciPy),
  Gauss quadrature for continuous ones (Gauss-Jacobi for Beta, Gauss-Laguerre for Laplace, a
  normal scale mixture for Student's t, Gauss-Hermite for the log-normal, stick-breaking
  Beta grids for Dirichlet).  The laws the engine samples itself (Normal, Gamma, Poisson, ...)
  keep the engine's atoms;
* ``\\Gamma`` and ``B`` are SciPy's gamma and beta functions; an identity between them is
  first tried with SymPy (``gamma``, ``beta``), then checked numerically.

Why per-law checks and not more laws in the sampler: the sampler's laws are shared by every
topic (and ``sympy.stats``); these laws are needed only by this table, and their atoms need
per-law quadrature rules.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Callable

import numpy as np
import sympy as sp
from scipy import special, stats

from cheatsheet import ops
from cheatsheet.latex import Given
from cheatsheet.statement import Relation, Statement
from .. import symbolic
from ..custom import register
from ..evaluate import Distribution, EvalError, ShapeError, Val
from ..sampling import _gen_laguerre
from .probability import FixedFunction

RV = "X"
QUAD = 24  # Gauss nodes per continuous law (exact for polynomial moments of degree < 48)


# ------------------------------------------------------------------------ per-trial values

def _batched(param: np.ndarray, x: np.ndarray) -> np.ndarray:
    """A per-trial parameter (T,) shaped to broadcast against a value (T, ...)."""
    p = np.asarray(param, float)
    if p.ndim == 0:
        return p
    return p.reshape(p.shape[:1] + (1,) * (x.ndim - 1))


class LawFunction:
    """A function of the law for the evaluator: ``fn(x, *params)`` vectorised, per-trial
    parameters fixed (``params``) or taken from the call's own arguments (``own_args``)."""

    def __init__(self, fn: Callable, params: list, label: str, own_args: bool = False,
                 vector: bool = False, convention: Callable | None = None):
        self.fn, self.params, self.label = fn, params, label
        self.own_args, self.vector, self.convention = own_args, vector, convention

    def _given(self, args):
        """p(x | mu, sigma^2): the density at the parameters the line gives, read as the law's
        own (mu, sigma) or in its call convention (mu, sigma^2); trials where they are neither
        get the density at the convention's reading of what is given, another law, so a typo
        in the conditioning (p(x | mu, sigma^3)) is decided with the rest of the line."""
        x, given = args[0], args[1:]
        if self.vector or len(given) != len(self.params) or any(g.mat for g in given):
            return x, self.params  # not the law's parameter list: read as the law itself
        g = [np.broadcast_to(np.asarray(a.arr, float), np.shape(p)) if np.ndim(a.arr) <= 1
             else np.asarray(a.arr, float) for a, p in zip(given, self.params)]
        if any(np.shape(a) != np.shape(p) for a, p in zip(g, self.params)):
            return x, self.params
        read = list(self.convention(*g)) if self.convention else g
        with np.errstate(all="ignore"):
            own = np.all([np.isclose(a, p, rtol=1e-9) for a, p in zip(g, self.params)], axis=0)
            conv = np.all([np.isclose(a, p, rtol=1e-9) for a, p in zip(read, self.params)],
                          axis=0)
        ok = own | conv
        return x, [np.where(ok, p, r) for p, r in zip(self.params, read)]

    def __call__(self, *args):
        if not self.own_args and len(args) > 1 and self.params:
            x, params = self._given(args)
            return LawFunction(self.fn, params, self.label, vector=self.vector)(x)
        if self.own_args:
            x, *given = args
            params = [a.arr for a in given]
            if any(a.mat for a in given) and not self.vector:
                raise EvalError(f"{self.label} takes numbers as parameters")
        else:
            x = args[0]
            if len(args) != 1:
                raise EvalError(f"{self.label} takes one argument")
            params = self.params
        if x.mat and not self.vector:
            raise EvalError(f"{self.label} takes a number")
        if self.vector and x.mat and len(x.mshape) == 2 and x.mshape[1] != 1:
            # a law of a column of K entries at a row or a matrix: sizes that do not fit, as
            # in any other product of mismatched sizes (p(x^T | n, pi) for p(x | n, pi))
            raise ShapeError(f"the {self.label} is a law of a column of entries; it is given "
                             f"a {x.mshape[0]} x {x.mshape[1]} array")
        xa = np.asarray(x.arr, float)
        with np.errstate(all="ignore"):
            if self.vector:
                out = self.fn(xa, *params)
            else:
                out = self.fn(xa, *[_batched(p, xa) if np.ndim(p) == 1 else p for p in params])
        return Val(np.asarray(out, float))

    def take(self, keep):
        return LawFunction(self.fn, [p[keep] if np.ndim(p) >= 1 else p for p in self.params],
                           self.label, self.own_args, self.vector, self.convention)

    def describe(self, i):
        return self.label


# ---------------------------------------------------------------------------- the laws

def _atoms_support(pmf, lo: int, hi: int, P, T):
    k = np.arange(lo, hi + 1, dtype=float)
    probs = pmf(k[None, :], *[np.asarray(p, float)[:, None] for p in P])
    return np.broadcast_to(k, (T, k.size)), np.nan_to_num(probs)


def _geometric_atoms(P, T, first: int):
    (p,) = P
    kmax = int(min(4000, math.ceil(math.log(1e-18) / math.log(1 - float(np.min(p)))) + 5))
    return _atoms_support(lambda k, q: stats.geom.pmf(k + (1 - first), q), first, kmax, P, T)


def _negative_binomial_atoms(P, T, first: int):
    """Support of the negative binomial counting failures (first = 0) or trials (first = 1:
    the failures plus the r successes) up to where the pmf's tail is below 1e-18."""
    r, p = (np.asarray(x, float) for x in P)
    kmax = int(min(6000, stats.nbinom.isf(1e-18, float(np.max(r)), float(np.min(p))) + 10))
    if first:
        return _atoms_support(lambda k, n, q: stats.nbinom.pmf(k - n, n, q), 1,
                              kmax + int(np.max(r)), P, T)
    return _atoms_support(lambda k, n, q: stats.nbinom.pmf(k, n, q), 0, kmax, P, T)


def _hypergeometric_atoms(P, T):
    """Support {0, ..., n} of the draws' successes (SciPy's pmf is 0 where impossible)."""
    N, K, n = (np.asarray(x, float) for x in P)
    return _atoms_support(lambda k, a, b, c: stats.hypergeom.pmf(k, a, b, c), 0,
                          int(n.max()), P, T)


def _discrete_uniform_atoms(P, T):
    a, b = (np.asarray(x, float) for x in P)
    return _atoms_support(lambda k, lo, hi: stats.randint.pmf(k, lo, hi + 1),
                          int(a.min()), int(b.max()), P, T)


def jacobi_rule(a: float, b: float, n: int = QUAD):
    """Nodes and weights (summing to 1) on (0, 1) for the Beta(a, b) law."""
    x, w = special.roots_jacobi(n, b - 1, a - 1)
    return (x + 1) / 2, w / w.sum()


def _beta_atoms(P, T):
    a, b = (np.asarray(x, float) for x in P)
    nodes = np.empty((T, QUAD))
    weights = np.empty((T, QUAD))
    for t in range(T):
        nodes[t], weights[t] = jacobi_rule(a[t], b[t])
    return nodes, weights


def _chi_squared_atoms(P, T):
    """X = 2 Y with Y ~ Gamma(k/2, 1): Gauss-Laguerre nodes for the weight y^{k/2 - 1} e^{-y},
    each atom's probability its weight over Gamma(k/2)."""
    (k,) = (np.asarray(x, float) for x in P)
    y, w = _gen_laguerre(k / 2 - 1, 40)
    return 2 * y, w / special.gamma(k / 2)[:, None]


def _lognormal_atoms(P, T):
    """X = exp(mu + sigma Z), Z standard normal: probabilists' Gauss-Hermite nodes for Z
    (exact for the moments E[X^m] = E[exp(m mu + m sigma Z)] to quadrature precision)."""
    mu, sigma = (np.asarray(x, float) for x in P)
    z, w = np.polynomial.hermite_e.hermegauss(40)
    atoms = np.exp(mu[:, None] + sigma[:, None] * z[None, :])
    return atoms, np.broadcast_to(w / w.sum(), atoms.shape)


def _laplace_atoms(P, T):
    mu, b = (np.asarray(x, float) for x in P)
    y, w = np.polynomial.laguerre.laggauss(40)
    atoms = np.concatenate([mu[:, None] - b[:, None] * y, mu[:, None] + b[:, None] * y], 1)
    return atoms, np.broadcast_to(np.concatenate([w, w]) / 2, atoms.shape)


def _student_atoms(P, T):
    """X = Z sqrt(nu / G), Z standard normal, G ~ chi^2_nu = 2 Gamma(nu/2, 1).  The Gamma part
    uses the weight y^{k-2} e^{-y} (k = nu/2 > 1) with each atom's probability w y / Gamma(k),
    so E[1/G] and the total mass are exact (the variance needs nu > 2)."""
    (nu,) = (np.asarray(x, float) for x in P)
    k = nu / 2
    if np.any(k <= 1):
        raise EvalError("Student's t has a variance only for nu > 2")
    y, w = _gen_laguerre(k - 2, 30)
    probs_g = w * y / np.array([math.gamma(v) for v in k])[:, None]
    z, wz = np.polynomial.hermite_e.hermegauss(20)
    wz = wz / math.sqrt(2 * math.pi)
    atoms = z[None, None, :] * np.sqrt(nu[:, None, None] / (2 * y[:, :, None]))
    probs = probs_g[:, :, None] * wz[None, None, :]
    return atoms.reshape(T, -1), probs.reshape(T, -1)


def stick_breaking(alpha: np.ndarray, n: int):
    """Atoms (m, K) and weights (m,) of Dirichlet(alpha): X_j = B_j prod_{i<j} (1 - B_i),
    B_j ~ Beta(alpha_j, alpha_{j+1} + ... + alpha_K), a product Gauss-Jacobi grid (exact for
    polynomial moments of degree < 2n in each B_j)."""
    K = alpha.size
    rules = [jacobi_rule(alpha[j], alpha[j + 1:].sum(), n) for j in range(K - 1)]
    grids = np.meshgrid(*[r[0] for r in rules], indexing="ij")
    wgrid = np.meshgrid(*[r[1] for r in rules], indexing="ij")
    B = np.stack([g.ravel() for g in grids], -1)  # (m, K-1)
    w = np.prod(np.stack([g.ravel() for g in wgrid], -1), -1)
    X = np.empty((B.shape[0], K))
    rest = np.ones(B.shape[0])
    for j in range(K - 1):
        X[:, j] = B[:, j] * rest
        rest = rest * (1 - B[:, j])
    X[:, K - 1] = rest
    return X, w


def _dirichlet_atoms(P, T):
    (alpha,) = P  # (T, K, 1)
    out = [stick_breaking(alpha[t, :, 0], 6) for t in range(T)]
    atoms = np.stack([o[0] for o in out])[..., None]  # (T, m, K, 1)
    return atoms, np.stack([o[1] for o in out])


def _categorical_atoms(P, T):
    (pi,) = P  # (T, K, 1)
    K = pi.shape[1]
    atoms = np.broadcast_to(np.eye(K)[None, :, :, None], (T, K, K, 1))
    return atoms, pi[:, :, 0]


def _count_vectors(n: int, K: int) -> np.ndarray:
    """All vectors of K non-negative integers with sum at most n."""
    import itertools

    return np.array([c for c in itertools.product(range(n + 1), repeat=K) if sum(c) <= n],
                    float)


def _multinomial_pmf(x, n, pi):
    """pmf of counts x (T, ..., K, 1) for n (T,) trials and probabilities pi (T, K, 1)."""
    xs = np.asarray(x, float)[..., 0]
    T = xs.shape[0]
    flat = xs.reshape(T, -1, xs.shape[-1])
    out = np.empty(flat.shape[:2])
    for t in range(T):
        out[t] = stats.multinomial.pmf(flat[t], int(np.asarray(n).reshape(-1)[t]),
                                       pi[t, :, 0] / pi[t, :, 0].sum())
    return out.reshape(xs.shape[:-1])


def _multinomial_atoms(P, T):
    n, pi = P
    K = pi.shape[1]
    grid = _count_vectors(int(np.max(n)), K)
    probs = _multinomial_pmf(np.broadcast_to(grid[None, :, :, None], (T,) + grid.shape + (1,)),
                             n, pi)
    return np.broadcast_to(grid[None, :, :, None], (T,) + grid.shape + (1,)), probs


def _dirichlet_pdf(x, alpha):
    """The density at each point; a trial whose parameters are not all positive has none (NaN:
    it decides nothing), and where no trial has positive parameters the law written has no
    value at all (Dir(pi; alpha - N) with counts above the prior's)."""
    from ..arrays import ShapeError

    xs = np.asarray(x, float)[..., 0]
    T = xs.shape[0]
    flat = xs.reshape(T, -1, xs.shape[-1])
    out = np.full(flat.shape[:2], np.nan)
    valid = np.all(np.asarray(alpha, float).reshape(T, -1) > 0, axis=-1)
    if not valid.any():
        raise ShapeError("has no value: a Dirichlet law's parameters must all be positive, "
                         "and on no instance are they")
    for t in range(T):
        a = alpha[t, :, 0]
        if not valid[t]:
            continue
        for j, point in enumerate(flat[t]):
            inside = np.all(point > 0) and abs(point.sum() - 1) < 1e-9
            out[t, j] = stats.dirichlet.pdf(point / point.sum(), a) if inside else 0.0
    return out.reshape(xs.shape[:-1])


def _categorical_pmf(x, pi):
    xs = np.asarray(x, float)[..., 0]
    onehot = np.all((xs == 0) | (xs == 1), -1) & (xs.sum(-1) == 1)
    lead = pi.reshape(pi.shape[:1] + (1,) * (xs.ndim - 2) + pi.shape[1:2])
    return np.where(onehot, (lead ** xs).prod(-1), 0.0)


@dataclass(frozen=True)
class Law:
    params: tuple[str, ...]  # the claim's names for the parameters, in SciPy's order
    pdf: Callable  # pdf(x, *params), vectorised (pmf for discrete laws)
    cdf: Callable | None = None
    atoms: Callable | None = None  # (params, T) -> (atoms, probs); None: the engine's law
    vector: bool = False
    label: str = ""


LAWS: dict[str, Law] = {
    "bernoulli": Law(("p",), lambda k, p: stats.bernoulli.pmf(k, p),
                     lambda k, p: stats.bernoulli.cdf(k, p), label="Bernoulli(p) pmf"),
    "binomial": Law(("n", "p"), lambda k, n, p: stats.binom.pmf(k, n, p),
                    lambda k, n, p: stats.binom.cdf(k, n, p), label="Binomial(n, p) pmf"),
    "geometric": Law(("p",), lambda k, p: stats.geom.pmf(k, p), lambda k, p: stats.geom.cdf(k, p),
                     partial(_geometric_atoms, first=1),
                     label="geometric pmf on {1, 2, ...} (trials up to the first success)"),
    "geometric0": Law(("p",), lambda k, p: stats.geom.pmf(k + 1, p),
                      lambda k, p: stats.geom.cdf(k + 1, p), partial(_geometric_atoms, first=0),
                      label="geometric pmf on {0, 1, ...} (failures before the first success)"),
    "negative_binomial": Law(("r", "p"), lambda k, r, p: stats.nbinom.pmf(k, r, p),
                             lambda k, r, p: stats.nbinom.cdf(k, r, p),
                             partial(_negative_binomial_atoms, first=0),
                             label="negative binomial pmf on {0, 1, ...} (failures before the r-th success)"),
    "negative_binomial_trials": Law(("r", "p"), lambda k, r, p: stats.nbinom.pmf(k - r, r, p),
                                    lambda k, r, p: stats.nbinom.cdf(k - r, r, p),
                                    partial(_negative_binomial_atoms, first=1),
                                    label="negative binomial pmf on {r, r + 1, ...} (trials up to the r-th success)"),
    "hypergeometric": Law(("N", "K", "n"), lambda k, N, K, n: stats.hypergeom.pmf(k, N, K, n),
                          lambda k, N, K, n: stats.hypergeom.cdf(k, N, K, n),
                          _hypergeometric_atoms,
                          label="hypergeometric pmf (n draws without replacement, K of N good)"),
    "poisson": Law(("lambda",), lambda k, lam: stats.poisson.pmf(k, lam),
                   lambda k, lam: stats.poisson.cdf(k, lam), label="Poisson(λ) pmf"),
    "discrete_uniform": Law(("a", "b"), lambda k, a, b: stats.randint.pmf(k, a, b + 1),
                            lambda k, a, b: stats.randint.cdf(k, a, b + 1),
                            _discrete_uniform_atoms, label="uniform pmf on {a, ..., b}"),
    "uniform": Law(("a", "b"), lambda x, a, b: stats.uniform.pdf(x, a, b - a),
                   lambda x, a, b: stats.uniform.cdf(x, a, b - a), label="Uniform(a, b) density"),
    "normal": Law(("mu", "sigma"), lambda x, m, s: stats.norm.pdf(x, m, s),
                  lambda x, m, s: stats.norm.cdf(x, m, s), label="N(μ, σ²) density"),
    "exponential": Law(("lambda",), lambda x, lam: stats.expon.pdf(x, scale=1 / lam),
                       lambda x, lam: stats.expon.cdf(x, scale=1 / lam),
                       label="Exponential(λ) density (rate λ)"),
    "gamma_rate": Law(("alpha", "beta"), lambda x, a, b: stats.gamma.pdf(x, a, scale=1 / b),
                      lambda x, a, b: stats.gamma.cdf(x, a, scale=1 / b),
                      label="Gamma(α, β) density (shape α, rate β)"),
    "gamma_scale": Law(("k", "theta"), lambda x, k, th: stats.gamma.pdf(x, k, scale=th),
                       lambda x, k, th: stats.gamma.cdf(x, k, scale=th),
                       label="Gamma(k, θ) density (shape k, scale θ)"),
    "beta": Law(("alpha", "beta"), lambda x, a, b: stats.beta.pdf(x, a, b),
                lambda x, a, b: stats.beta.cdf(x, a, b), _beta_atoms,
                label="Beta(α, β) density"),
    "chi_squared": Law(("k",), lambda x, k: stats.chi2.pdf(x, k), lambda x, k: stats.chi2.cdf(x, k),
                       _chi_squared_atoms, label="chi-squared density (k degrees of freedom)"),
    "lognormal": Law(("mu", "sigma"), lambda x, m, s: stats.lognorm.pdf(x, s, scale=np.exp(m)),
                     lambda x, m, s: stats.lognorm.cdf(x, s, scale=np.exp(m)), _lognormal_atoms,
                     label="log-normal density"),
    "laplace": Law(("mu", "b"), lambda x, m, b: stats.laplace.pdf(x, m, b),
                   lambda x, m, b: stats.laplace.cdf(x, m, b), _laplace_atoms,
                   label="Laplace(μ, b) density"),
    "student_t": Law(("nu",), lambda x, nu: stats.t.pdf(x, nu), lambda x, nu: stats.t.cdf(x, nu),
                     _student_atoms, label="Student t density (ν degrees of freedom)"),
    "dirichlet": Law(("alpha",), _dirichlet_pdf, None, _dirichlet_atoms, vector=True,
                     label="Dirichlet(α) density"),
    "categorical": Law(("pi",), _categorical_pmf, None, _categorical_atoms, vector=True,
                       label="categorical pmf of a one-hot vector"),
    "multinomial": Law(("n", "pi"), _multinomial_pmf, None, _multinomial_atoms, vector=True,
                       label="multinomial pmf of a count vector"),
}

# names a sheet gives a law when it writes the density as a call: Beta(x; a, b), N(x | m, s^2)
LAW_NAMES = {
    "Beta": "beta", "Gamma": "gamma_rate", "Gam": "gamma_rate", "N": "normal",
    "Normal": "normal", "Laplace": "laplace", "Lap": "laplace", "Dir": "dirichlet",
    "Dirichlet": "dirichlet", "Poisson": "poisson", "Pois": "poisson", "Bern": "bernoulli",
    "Bernoulli": "bernoulli", "Bin": "binomial", "Binomial": "binomial", "Exp": "exponential",
    "Cat": "categorical", "Mult": "multinomial", "Mu": "multinomial", "Geom": "geometric",
    "U": "uniform", "Unif": "uniform", "Uniform": "uniform", "St": "student_t",
}
# law-named calls whose written parameters are not SciPy's: N(x | mu, sigma^2) gives a variance
_CALL_PARAMS = {"normal": lambda m, v: (m, np.sqrt(v))}
SPECIAL = {"Gamma": 1, "B": 2}  # the Gamma function of one argument, the Beta function of two


def _gamma_fn(x: Val) -> Val:
    if x.mat:
        raise EvalError("Γ takes a number")
    with np.errstate(all="ignore"):
        return Val(special.gamma(np.asarray(x.arr, float)))


def _beta_fn(a: Val, b: Val) -> Val:
    if a.mat or b.mat:
        raise EvalError("B takes numbers")
    from ..arrays import _align

    aa, bb = _align(a, b)
    with np.errstate(all="ignore"):
        return Val(special.beta(aa, bb))


# --------------------------------------------------------------------------- rewriting

PDF, CDF = "pdf@law", "cdf@law"
UNREAD = "a probability of a value, not of an event"


def _is_point(e, random: set[str]) -> bool:
    return not any(getattr(s, "name", None) in random for s in e.free_symbols)


_BELOW = (sp.Le, sp.Lt)
_ABOVE = (sp.Ge, sp.Gt)


def rewrite(expr, random: set[str]):
    """P(X = v) and p(v | ...) -> the law's density or pmf at v; P(X <= v) -> its CDF at v,
    P(X > v) -> one minus it (with SciPy's CDF, so tails are exact: atoms are not); a
    law-named call with a conditioning bar N(x | m, s) -> N(x, m, s).  A bare p(v) or f(v)
    is left alone: on a sheet it is as often any function as a density."""
    if isinstance(expr, ops.Prob):
        (arg,) = expr.args
        if isinstance(arg, sp.core.relational.Relational) \
                and isinstance(arg.lhs, (sp.Symbol, sp.MatrixSymbol)) \
                and arg.lhs.name in random and _is_point(arg.rhs, random):
            if isinstance(arg, sp.Eq):
                return sp.Function(PDF)(arg.rhs)
            if isinstance(arg, _BELOW):
                return sp.Function(CDF)(arg.rhs)
            if isinstance(arg, _ABOVE):
                return 1 - sp.Function(CDF)(arg.rhs)
        if isinstance(arg, Given) and _is_point(arg.args[0], random):
            given = arg.args[1]
            params = list(given) if isinstance(given, (sp.Tuple, tuple)) else [given]
            return sp.Function(PDF)(arg.args[0], *params)  # the parameters it is given
        if _is_point(arg, random):
            return sp.Function(UNREAD)(arg)  # p(x) alone: no value here, never "x itself"
        return expr
    if isinstance(expr, sp.core.function.AppliedUndef) and len(expr.args) == 1 \
            and isinstance(expr.args[0], Given):
        point, given = expr.args[0].args
        params = list(given) if isinstance(given, (sp.Tuple, tuple)) else [given]
        return sp.Function(type(expr).__name__)(point, *params)
    if not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        return expr
    new = [rewrite(a, random) for a in expr.args]
    return expr.func(*new) if any(n is not o for n, o in zip(new, expr.args)) else expr


def rewrite_statement(stmt: Statement, fn) -> Statement:
    rels = tuple(Relation(fn(r.lhs), r.op, fn(r.rhs)) for r in stmt.relations)
    prem = tuple(Relation(fn(r.lhs), r.op, fn(r.rhs)) for r in stmt.premises)
    return Statement(rels, None, prem, latex=stmt.latex)


def applied_functions(stmt: Statement) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in stmt.relations + stmt.premises:
        for side in (r.lhs, r.rhs):
            for f in side.atoms(sp.core.function.AppliedUndef):
                out.setdefault(type(f).__name__, len(f.args))
    return out


def special_functions(inst, called: dict[str, int]) -> None:
    """Γ and B where the formula calls them with their arity."""
    if called.get("Gamma") == 1:
        inst.functions["Gamma"] = FixedFunction(_gamma_fn, "the Gamma function")
    if called.get("B") == 2:
        inst.functions["B"] = FixedFunction(_beta_fn, "the Beta function")


def law_functions(inst, law: Law, params: list, called: dict[str, int]) -> None:
    """The law's density (or pmf) and CDF for the rewritten probabilities, and SciPy's
    density for every law-named call (Beta(x; a, b)) at the parameters it writes."""
    name = next((k for k, v in LAWS.items() if v is law), None)
    inst.functions[PDF] = LawFunction(law.pdf, params, law.label, vector=law.vector,
                                      convention=_CALL_PARAMS.get(name))
    if law.cdf is not None:
        label = law.label.replace("density", "CDF").replace("pmf", "CDF")
        inst.functions[CDF] = LawFunction(law.cdf, params, label)
    for name, arity in called.items():
        if name in LAW_NAMES and arity >= 2 and not (name in SPECIAL and SPECIAL[name] == arity):
            other = LAWS[LAW_NAMES[name]]
            conv = _CALL_PARAMS.get(LAW_NAMES[name])
            fn = other.pdf if conv is None else (lambda f, c: lambda x, *p: f(x, *c(*p)))(
                other.pdf, conv)
            inst.functions[name] = LawFunction(fn, [], f"the {other.label}", own_args=True,
                                               vector=other.vector)


def _param_values(inst, law: Law) -> list:
    out = []
    for name in law.params:
        v = inst.values.get(name)
        if v is None:
            raise EvalError(f"the law's parameter {name} has no value")
        out.append(np.asarray(v.arr, float))
    return out


def try_symbolic(stmt: Statement, decls):
    """Γ/B identities with SymPy's gamma and beta (no densities, no moments)."""
    repl = {"Gamma": sp.gamma, "B": sp.beta}
    called = applied_functions(stmt)
    if not called or any(n not in repl for n in called):
        return None

    def sub(e):
        return e.replace(lambda x: isinstance(x, sp.core.function.AppliedUndef)
                         and type(x).__name__ in repl,
                         lambda x: repl[type(x).__name__](*x.args))
    st = rewrite_statement(stmt, sub)
    return symbolic.prove(st, 1.5, decls)


def _onehot_points(inst, rng):
    """x: a random one-hot vector (a categorical outcome) of x's declared size."""
    x = inst.values["x"].arr
    T, K = x.shape[0], x.shape[1]
    out = np.zeros((T, K, 1))
    out[np.arange(T), rng.integers(K, size=T), 0] = 1.0
    return {"x": Val(out, True)}


def _count_points(inst, rng):
    """x: random counts summing to n (a multinomial outcome)."""
    x = inst.values["x"].arr
    n = np.asarray(inst.values["n"].arr, float).reshape(-1)
    T, K = x.shape[0], x.shape[1]
    out = np.stack([rng.multinomial(int(n[t]), rng.dirichlet(np.ones(K))) for t in range(T)])
    return {"x": Val(out[..., None].astype(float), True)}


def _free_indices(inst, free: dict, rng) -> dict:
    """A free index (E[X_k] = n pi_k) takes one random value in its range per batch; several
    free indices (Cov(X_i, X_j) for i != j) take different values, as such claims say."""
    out, taken = {}, set()
    for name, size in free.items():
        n = inst.dims[size]
        choices = [v for v in range(1, n + 1) if v not in taken] or list(range(1, n + 1))
        v = int(rng.choice(choices))
        taken.add(v)
        out[name] = Val(np.asarray(float(v)))
    return out


POINTS = {"categorical": _onehot_points, "multinomial": _count_points}


def _law_name(law: Law) -> str:
    """How a counterexample names the law: its label without the word for the function."""
    for word in (" density", " pmf of a one-hot vector", " pmf of a count vector", " pmf"):
        law_label = law.label.replace(word, "")
        if law_label != law.label:
            return law_label
    return law.label


MODE = "mode@law"


def _mode_call(e, random: set[str]) -> bool:
    return (isinstance(e, sp.core.function.AppliedUndef) and type(e).__name__.lower() == "mode"
            and len(e.args) == 1 and getattr(e.args[0], "name", None) in random)


def law_modes(law: Law, params: list, T: int) -> np.ndarray:
    """Each trial's mode: the maximiser of the law's density (pmf) found numerically, on a
    grid over and beyond the law's atoms refined by a bounded search (the atoms themselves
    for a law on the integers).  Every trial at once: the density is evaluated on arrays
    (verify/bounded_search.py), never point by point."""
    from ..bounded_search import argmax_bounded

    atoms, _ = law.atoms(params, T)
    pts = np.asarray(atoms, float).reshape(T, -1)
    pt = [np.broadcast_to(np.asarray(p, float).reshape(-1), (T,)) if np.ndim(p)
          else np.full(T, float(p)) for p in params]

    def density(x, rows):  # x: (len(rows), m) points, each row at its trial's parameters
        with np.errstate(all="ignore"):
            return law.pdf(x, *(p[rows][:, None] for p in pt))

    out = np.empty(T)
    whole = np.all(pts == np.round(pts), axis=1)
    rows = np.flatnonzero(whole)
    if rows.size:  # a law on the integers: the likeliest atom
        best = np.nanargmax(np.asarray(density(pts[rows], rows), float), axis=1)
        out[rows] = pts[rows, best]
    rows = np.flatnonzero(~whole)
    if rows.size:
        lo, hi = pts[rows].min(axis=1), pts[rows].max(axis=1)
        grid = np.linspace(lo - (hi - lo), hi + (hi - lo), 6001, axis=1)
        dens = np.nan_to_num(np.asarray(density(grid, rows), float), nan=-1.0, posinf=-1.0)
        k = np.argmax(dens, axis=1)
        at = np.arange(rows.size)
        a, b = grid[at, np.maximum(k - 1, 0)], grid[at, np.minimum(k + 1, grid.shape[1] - 1)]
        x, fx = argmax_bounded(
            lambda v: np.nan_to_num(np.asarray(density(v[:, None], rows), float)[:, 0],
                                    nan=-1.0, posinf=-1.0), a, b, xatol=1e-12)
        out[rows] = np.where(fx >= dens[at, k], x, grid[at, k])
    return out


def law_check(law_name: str, stmt: Statement, ctx):
    law = LAWS[law_name]
    decl = ctx.decls.get(RV)
    own_atoms = law.atoms is not None and decl is not None and decl.domain == "rv"
    random = {d.name for d in ctx.decls if d.kind == "random"}
    st = rewrite_statement(stmt, lambda e: rewrite(e, random))
    if own_atoms:  # mode(X): the maximiser of the law's density, a value of the instance
        st = rewrite_statement(st, lambda e: e.replace(lambda x: _mode_call(x, random),
                                                       lambda x: sp.Symbol(MODE)))
    modes = any(sp.Symbol(MODE) in r.lhs.free_symbols | r.rhs.free_symbols
                for r in st.relations)
    called = applied_functions(st)
    rng = ctx.rng("points", law_name)
    used = {getattr(x, "name", "") for r in st.relations for x in (r.lhs.free_symbols
                                                                    | r.rhs.free_symbols)}
    free = {d.name: d.index_range for d in ctx.decls if d.kind == "index" and d.name in used}

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        points = POINTS[law_name](inst, rng) if law_name in POINTS and "x" in inst.values \
            else {}
        inst.values.update(points)
        points.update(_free_indices(inst, free, rng))
        params = _param_values(inst, law)
        points.update(_totals(law_name, inst, params))
        special_functions(inst, called)
        law_functions(inst, law, params, called)
        if own_atoms:
            atoms, probs = law.atoms(params, T)
            vec = {RV: True} if law.vector else {}
            inst.dists[:] = [d for d in inst.dists if RV not in d.names] + [
                Distribution((RV,), {RV: np.asarray(atoms, float)}, np.asarray(probs, float),
                             vec, label=_law_name(law))]
        if modes:
            points[MODE] = Val(law_modes(law, params, T))
        return points
    return ctx.numeric(st, extra=extra)


# a name the sheets give a law's derived parameter: the Dirichlet's total concentration
# alpha_0 = sum_k alpha_k (E[X_k] = alpha_k / alpha_0); a formula that writes it has it
# computed from the law's own parameters, never sampled on its own
TOTALS = {"dirichlet": {"alpha_0": "positive"}}


def _totals(law_name: str, inst, params: list) -> dict:
    names = TOTALS.get(law_name, {})
    if "alpha_0" in names and "alpha_0" in inst.values:
        alpha = np.asarray(params[0], float)
        return {"alpha_0": Val(alpha.reshape(alpha.shape[0], -1).sum(axis=1))}
    return {}


for _name in LAWS:
    register(f"distributions.{_name}", computes=TOTALS.get(_name))(partial(law_check, _name))


@register("distributions.special")
def _special(stmt, ctx):
    """Identities of the Gamma and Beta functions: SymPy first, then SciPy's values."""
    proved = try_symbolic(stmt, ctx.decls)
    if proved is not None:
        proved.seed = ctx.seed
        return proved
    called = applied_functions(stmt)

    def extra(inst):
        special_functions(inst, called)
        return {}
    return ctx.numeric(stmt, extra=extra)
