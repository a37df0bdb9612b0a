"""Random instances drawn from the declared domains, a batch of trials at a time.

Every value has the trial axis first, so one evaluation of a formula decides a whole batch.
Sizes (``dim`` symbols) are fixed within a batch; the checker draws several batches with
different sizes.  Distributions are represented by weighted atoms: exact for the finite ones
(generic random variables get a random finite law, Bernoulli, Binomial), Gauss quadrature
for Normal, Gamma and Uniform, and a truncated support for Poisson.
"""
from __future__ import annotations

import itertools
import math
import operator
import re
from dataclasses import dataclass

import numpy as np

from cheatsheet.symbols import Decl, Declarations, DISTRIBUTIONS
from .evaluate import Distribution, Instance, Val
from . import functions as fam

GENERIC_ATOMS = 6
NORMAL_NODES = 60
GAMMA_NODES = 40  # more nodes lose accuracy in the eigenvectors
COARSE_NODES = (40, 28, 16)  # Normal, Gamma, Uniform: the error estimate's rougher rule
_DENSITIES = ("Normal", "Gamma", "Exponential", "Uniform")


class DomainError(ValueError):
    """A declaration that cannot be sampled (missing parameter, unknown size...)."""


def _resolve(arg, scalars: dict, dims: dict):
    """A declaration argument: a number, a size name or a scalar name (per-trial array)."""
    if isinstance(arg, (int, float)):
        return arg
    if arg in dims:
        return dims[arg]
    if arg in scalars:
        return scalars[arg]
    if isinstance(arg, str) and arg.startswith("1/") and arg[2:].strip() in scalars:
        return 1.0 / scalars[arg[2:].strip()]  # a rate where the law takes a scale
    if isinstance(arg, str) and arg.endswith("^2") and arg[:-2].strip() in scalars:
        return scalars[arg[:-2].strip()] ** 2  # a variance written as sigma^2
    m = re.fullmatch(r"\s*(\w+)\s*/\s*(\d+)\s*", arg) if isinstance(arg, str) else None
    if m and m.group(1) in scalars:
        return scalars[m.group(1)] / int(m.group(2))  # a shape k/2 (chi-squared as a Gamma)
    raise DomainError(f"{arg!r} is used as a parameter but not declared")


def _size(arg, dims) -> int:
    if isinstance(arg, int):
        return arg
    if arg in dims:
        return dims[arg]
    raise DomainError(f"size {arg!r} is not declared as a dim")


def sample_scalar(d: Decl, rng, T: int, scalars: dict, dims: dict) -> np.ndarray:
    dom = d.domain
    if dom == "real":
        return rng.uniform(-3, 3, T)
    if dom == "positive":
        return np.exp(rng.uniform(np.log(0.1), np.log(10), T))
    if dom == "nonnegative":
        x = np.exp(rng.uniform(np.log(0.1), np.log(10), T))
        return np.where(rng.random(T) < 0.1, 0.0, x)
    if dom == "negative":
        return -np.exp(rng.uniform(np.log(0.1), np.log(10), T))
    if dom == "prob":
        return rng.uniform(0.02, 0.98, T)
    if dom == "interval":
        lo, hi = (float(_resolve(a, scalars, dims)) for a in d.args)
        return rng.uniform(lo, hi, T)
    if dom == "integer":
        return rng.integers(-5, 6, T).astype(float)
    if dom == "natural":
        return rng.integers(1, 9, T).astype(float)
    if dom == "count":
        return rng.integers(0, 9, T).astype(float)
    raise DomainError(f"cannot sample scalar domain {dom}")


def _random_psd(rng, T, n, rank=None):
    rank = n if rank is None else rank
    b = rng.normal(size=(T, n, rank))
    return b @ np.swapaxes(b, -1, -2)


def sample_matrix(d: Decl, rng, T: int, dims: dict) -> np.ndarray:
    dom, a = d.domain, d.args
    if dom in {"vector", "matrix", "square"}:
        r, c = (_size(x, dims) for x in d.shape)
        return rng.normal(size=(T, r, c))
    if dom == "vectors":  # N data points in R^d: the columns of a d x N matrix
        N, d = (_size(x, dims) for x in a)
        return rng.normal(size=(T, d, N)) + rng.normal(size=(T, d, 1))
    n = _size(a[0], dims)
    if dom == "posvector":
        return np.exp(rng.normal(size=(T, n, 1)))
    if dom == "probvec":
        return rng.dirichlet(np.ones(n), size=T)[..., None]
    if dom == "symmetric":
        m = rng.normal(size=(T, n, n))
        return (m + np.swapaxes(m, -1, -2)) / 2
    if dom == "psd":
        # a third of the instances are rank-deficient: PSD includes singular matrices
        full = _random_psd(rng, T, n)
        low = _random_psd(rng, T, n, rank=max(1, n - 1))
        return np.where((rng.random(T) < 1 / 3)[:, None, None], low, full)
    if dom == "pd":
        return _random_psd(rng, T, n) + 0.5 * np.eye(n)
    if dom == "diagonal":
        return rng.normal(size=(T, n))[..., None] * np.eye(n)
    if dom == "orthogonal":
        q, r = np.linalg.qr(rng.normal(size=(T, n, n)))
        return q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[:, None, :]
    raise DomainError(f"cannot sample matrix domain {dom}")


# -- distributions --------------------------------------------------------------------------

def _gen_laguerre(alpha: np.ndarray, n: int):
    """Gauss nodes/weights for the weight x^alpha e^{-x} (Golub-Welsch), batched over alpha."""
    values, where = np.unique(alpha, return_inverse=True)
    if len(values) < len(alpha):  # one eigensystem per distinct alpha (an Exponential: all 0)
        nodes, weights = _gen_laguerre(values, n)
        return nodes[where.reshape(-1)], weights[where.reshape(-1)]
    i = np.arange(n)
    T = alpha.shape[0]
    diag = 2 * i + alpha[:, None] + 1
    off = np.sqrt((i[1:]) * (i[1:] + alpha[:, None]))
    if n >= _TRIDIAGONAL_FROM:
        # the Jacobi matrix is tridiagonal: LAPACK's tridiagonal solver, one alpha at a time,
        # beats a batched dense eigh from ~20 nodes (40 nodes: 3x for 144 alphas)
        from scipy.linalg import eigh_tridiagonal

        nodes, first = np.empty((T, n)), np.empty((T, n))
        for t in range(T):
            nodes[t], vecs = eigh_tridiagonal(diag[t], off[t])
            first[t] = vecs[0]
    else:
        J = np.zeros((T, n, n))
        J[:, i, i] = diag
        J[:, i[1:], i[:-1]] = off
        J[:, i[:-1], i[1:]] = off
        nodes, vecs = np.linalg.eigh(J)
        first = vecs[:, 0, :]
    gam = np.array([math.gamma(a + 1) for a in alpha])
    weights = gam[:, None] * first ** 2
    return nodes, weights


_TRIDIAGONAL_FROM = 20  # nodes from which _gen_laguerre solves the tridiagonal system directly


def sample_distribution(d: Decl, rng, T: int, scalars: dict, dims: dict,
                        coarse: bool = True) -> Distribution:
    """A named law as weighted atoms: exact for a discrete law, Gauss quadrature nodes for a
    density (with the same law on fewer nodes beside it, to bound the quadrature's error)."""
    dom = d.domain
    normal_nodes, gamma_nodes, uniform_nodes = ((NORMAL_NODES, GAMMA_NODES, 24) if coarse
                                                else COARSE_NODES)
    p = [np.broadcast_to(np.asarray(_resolve(a, scalars, dims), float), (T,)) for a in d.args]
    if dom == "Bernoulli":
        (q,) = p
        atoms = np.broadcast_to(np.array([0.0, 1.0]), (T, 2))
        probs = np.stack([1 - q, q], axis=1)
    elif dom == "Binomial":
        n, q = p
        kmax = int(n.max())
        k = np.arange(kmax + 1, dtype=float)
        atoms = np.broadcast_to(k, (T, kmax + 1))
        comb = np.array([[math.comb(int(nn), int(kk)) if kk <= nn else 0 for kk in k] for nn in n])
        with np.errstate(all="ignore"):
            probs = comb * q[:, None] ** k * (1 - q[:, None]) ** (n[:, None] - k)
        probs = np.where(k[None, :] <= n[:, None], probs, 0.0)
    elif dom == "Poisson":
        (lam,) = p
        # wide enough for tilted sums like E[e^{tX}] with t up to 3
        kmax = int(25 * lam.max() + 60)
        k = np.arange(kmax + 1, dtype=float)
        atoms = np.broadcast_to(k, (T, kmax + 1))
        lgk = np.array([math.lgamma(x + 1) for x in k])
        probs = np.exp(k[None, :] * np.log(lam[:, None]) - lam[:, None] - lgk[None, :])
    elif dom == "Normal":
        mu, s2 = p
        z, w = np.polynomial.hermite_e.hermegauss(normal_nodes)
        atoms = mu[:, None] + np.sqrt(s2)[:, None] * z[None, :]
        probs = np.broadcast_to(w / np.sqrt(2 * np.pi), (T, normal_nodes))
    elif dom in {"Gamma", "Exponential"}:
        if dom == "Gamma":
            k, theta = p
        else:
            (lam,) = p
            k, theta = np.ones(T), 1 / lam
        nodes, weights = _gen_laguerre(k - 1, gamma_nodes)
        atoms = theta[:, None] * nodes
        probs = weights / np.array([math.gamma(x) for x in k])[:, None]
    elif dom == "Uniform":
        lo, hi = p
        z, w = np.polynomial.legendre.leggauss(uniform_nodes)
        atoms = lo[:, None] + (hi - lo)[:, None] * (z[None, :] + 1) / 2
        probs = np.broadcast_to(w / 2, (T, uniform_nodes))
    else:  # pragma: no cover - Decl validated the name
        raise DomainError(dom)
    rough = (sample_distribution(d, rng, T, scalars, dims, coarse=False)
             if coarse and dom in _DENSITIES else None)
    return Distribution((d.name,), {d.name: np.array(atoms, float)}, np.array(probs, float),
                        label=d.spec.replace(" ", ""), coarse=rough)


def sample_generic(decls: list[Decl], rng, T: int, dims: dict) -> Distribution:
    """A random finite joint law for generic random variables (dependent on each other)."""
    m = GENERIC_ATOMS
    probs = rng.dirichlet(np.ones(m), size=T)
    atoms, vector = {}, {}
    for d in decls:
        if d.is_random_vector:
            n = _size(d.args[0], dims)
            atoms[d.name] = rng.normal(size=(T, m, n, 1)) * 2 + rng.normal(size=(T, 1, n, 1))
            vector[d.name] = True
        else:
            atoms[d.name] = rng.normal(size=(T, m)) * 2 + rng.normal(size=(T, 1))
    # each variable at its own spread in half of the instances (0.05 to 20): with all of
    # them near 1, Cov(X, Y) <= Var(X) Var(Y) (for Var X^{1/2} Var Y^{1/2}) could not fail
    for name in atoms:
        spread = np.where(rng.random(T) < 0.5, 1.0, np.exp(rng.uniform(np.log(0.05), np.log(20),
                                                                        size=T)))
        atoms[name] = atoms[name] * spread.reshape((T,) + (1,) * (atoms[name].ndim - 1))
    return Distribution(tuple(d.name for d in decls), atoms, probs, vector)


@dataclass
class Sampler:
    """Draws instances for one claim's declarations."""

    decls: Declarations
    independent: tuple[str, ...] = ()
    dim_range: tuple[int, int] = (2, 4)

    def dims(self, rng) -> dict[str, int]:
        return {d.name: int(rng.integers(self.dim_range[0], self.dim_range[1] + 1))
                for d in self.decls if d.kind == "dim"}

    def size_configs(self, conditions, count: int, rng) -> list[dict] | None:
        """``count`` size configurations for a check: the largest first (small sizes hide
        things), then a Latin square of the sizes (every size for every dimension, and the
        dimensions different from each other: an n x m where an m x n belongs shows only when
        m != n, a sign (-1)^n only for odd n), then random ones.  All satisfy the conditions
        that speak of sizes alone (``s < d``), which sizes drawn blindly would break in whole
        batches.  None when there are no sizes, or too many to enumerate."""
        names = [d.name for d in self.decls if d.kind == "dim"]
        sizes = list(range(self.dim_range[0], self.dim_range[1] + 1))
        if not names or len(sizes) ** len(names) > 4096:
            return None
        about_sizes = [r for r in conditions
                       if {getattr(x, "name", None) for x in r.lhs.free_symbols
                           | r.rhs.free_symbols} <= set(names)]
        valid = [dict(zip(names, c)) for c in itertools.product(sizes, repeat=len(names))]
        valid = [c for c in valid if all(_holds_at(r, c) for r in about_sizes)]
        if not valid:
            return None
        chosen = [max(valid, key=lambda c: sum(c.values()))]
        for j in range(len(sizes)):
            c = {name: sizes[(j + i) % len(sizes)] for i, name in enumerate(names)}
            if c in valid and c not in chosen:
                chosen.append(c)
        extra = rng.integers(len(valid), size=max(0, count - len(chosen)))
        chosen += [valid[int(i)] for i in extra]
        return chosen[:max(count, 1)]

    def sample(self, rng, T: int, dims: dict[str, int] | None = None,
               layout: str = "denominator") -> Instance:
        dims = self.dims(rng) if dims is None else dims
        values: dict[str, Val] = {}
        scalars: dict[str, np.ndarray] = {}
        # scalars first: distributions and functions take them as parameters
        for d in self.decls:
            if d.kind == "scalar":
                arr = sample_scalar(d, rng, T, scalars, dims)
                scalars[d.name] = arr
                values[d.name] = Val(arr)
            elif d.kind == "dim":
                values[d.name] = Val(np.full(T, float(dims[d.name])))
        for d in self.decls:
            if d.kind == "matrix":
                values[d.name] = Val(sample_matrix(d, rng, T, dims), True)
        dists = []
        generic = [d for d in self.decls if d.domain == "rv" and d.name not in self.independent]
        if generic:
            dists.append(sample_generic(generic, rng, T, dims))
        for d in self.decls:
            if d.domain == "rv" and d.name in self.independent:
                dists.append(sample_generic([d], rng, T, dims))
            elif d.domain in DISTRIBUTIONS:
                dists.append(sample_distribution(d, rng, T, scalars, dims))
        functions = {}
        for d in self.decls:
            if d.kind == "function":
                functions[d.name] = fam.sample_function(d, rng, T, scalars, dims)
        ranges = {d.name: _size(d.index_range, dims) if not isinstance(d.index_range, int)
                  else d.index_range for d in self.decls if d.kind == "index"}
        return Instance(values=values, dists=dists, functions=functions, dims=dims,
                        index_ranges=ranges, layout=layout)


_COMPARE = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
            ">": operator.gt, ">=": operator.ge}


def _holds_at(rel, sizes: dict) -> bool:
    """A relation between sizes (``s < d``) at given sizes; one it cannot judge holds."""
    if rel.op not in _COMPARE:
        return True
    subs = {x: sizes[x.name] for x in rel.lhs.free_symbols | rel.rhs.free_symbols}
    try:
        return bool(_COMPARE[rel.op](float(rel.lhs.subs(subs)), float(rel.rhs.subs(subs))))
    except (TypeError, ValueError):
        return True


def take(inst: Instance, keep: np.ndarray) -> Instance:
    """The sub-batch of trials where ``keep`` is true (for ``assume`` constraints)."""
    values = {k: Val(v.arr[keep] if v.arr.ndim else v.arr, v.mat) for k, v in inst.values.items()}
    dists = [_take_law(d, keep) for d in inst.dists]
    functions = {k: f.take(keep) for k, f in inst.functions.items()}
    return Instance(values, dists, functions, inst.dims, inst.index_ranges, inst.layout,
                    inst.fd_step)


def _take_law(d: Distribution, keep: np.ndarray) -> Distribution:
    return Distribution(d.names, {k: a[keep] for k, a in d.atoms.items()}, d.probs[keep],
                        d.vector, d.label, d.coarse and _take_law(d.coarse, keep))


def describe_trial(inst: Instance, i: int, digits: int = 4) -> dict:
    """The values of trial ``i`` as plain JSON-able numbers (the counterexample's instance)."""
    out = {}
    for k, v in inst.values.items():
        a = v.arr[i] if v.arr.ndim and v.arr.shape[0] > i else v.arr
        out[k] = _plain(a, digits)
    for k, n in inst.dims.items():
        out[k] = n
    for d in inst.dists:
        law = {"P": _plain(d.probs[i], digits)}
        if d.probs.shape[-1] <= 8:
            for k in d.names:
                law[k] = _plain(d.atoms[k][i], digits)
            for k in d.names:
                out[k] = law
        else:
            for k in d.names:
                out[k] = f"~ {d.label}" if d.label else "drawn from its declared law"
    for k, f in inst.functions.items():
        out[k] = f.describe(i)
    return out


def _plain(a, digits):
    a = np.asarray(a)
    if np.iscomplexobj(a):
        if not np.allclose(a.imag, 0):
            return str(np.round(a, digits).tolist())
        a = a.real
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim == 0:
        x = float(a)
        return int(x) if x.is_integer() and abs(x) < 1e12 else float(f"{x:.{digits}g}")
    return [_plain(x, digits) for x in a]

