"""Custom checks for the analysis and linear-algebra claims.

Each check supplies, on every sampled instance, the quantities a formula names but the generic
engine cannot compute by itself (eigenvalues, singular values, a Cholesky factor, the minimum f*
of a sampled function, a gradient-descent run, a density p_theta that depends on theta), then
decides the statement with the standard numeric comparison.  The values are injected while the
instance is sampled, so ``\\implies`` premises see them too.

Extra batch axes encode "for all": ``lambda_i`` is given with shape (trials, n), so
``\\lambda_i \\ge 0`` must hold for every i; ``x_k`` and ``k`` carry one axis over the steps of a
gradient-descent run, so a rate bound is checked at every step.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet.statement import Relation, Statement
from ..custom import CheckContext, register, stream
from ..evaluate import Val, _to_batch
from ..evidence import Evidence
from ..numeric import check_numeric
from ..sampling import Sampler


# -- plumbing -----------------------------------------------------------------------------

@dataclass
class _HookSampler(Sampler):
    """A Sampler that lets a check add or replace values and functions on each instance."""

    hook: object = None

    def sample(self, rng, T, dims=None, layout="denominator"):
        inst = super().sample(rng, T, dims=dims, layout=layout)
        self.hook(inst, rng, T)
        return inst


def _run(stmt: Statement, ctx: CheckContext, hook, **changes):
    from dataclasses import replace

    sampler = _HookSampler(ctx.decls, independent=ctx.independent, hook=hook)
    opts = replace(ctx.options, **changes) if changes else ctx.options
    return check_numeric(stmt, sampler, stream(ctx.seed, ctx.claim_id, *ctx.key), opts,
                         seed=ctx.seed)


def _map_statement(stmt: Statement, fn) -> Statement:
    rels = tuple(Relation(fn(r.lhs), r.op, fn(r.rhs)) for r in stmt.relations)
    prem = tuple(Relation(fn(r.lhs), r.op, fn(r.rhs)) for r in stmt.premises)
    return Statement(rels, None if rels else fn(stmt.expr), prem, latex=stmt.latex)


class _Fn:
    """A per-trial function given by a NumPy callable on (array with batch axes) -> array."""

    def __init__(self, fn, text, params=None, uses_params=False):
        self.fn, self.text, self.params = fn, text, params or {}
        # a function that reads its per-trial parameters (P=...) keeps them in step with
        # the trials the assumptions keep (take): a closure over the full batch would not
        self.uses_params = uses_params

    def __call__(self, *args):
        return self.fn(*args, P=self.params) if self.uses_params else self.fn(*args)

    def take(self, keep):
        return _Fn(self.fn, self.text, {k: v[keep] for k, v in self.params.items()},
                   self.uses_params)

    def describe(self, i):
        if not self.params:
            return self.text
        shown = ", ".join(f"{k} = {np.round(np.asarray(v[i]), 3).squeeze().tolist()}"
                          for k, v in self.params.items())
        return f"{self.text} with {shown}"


def _names(stmt: Statement) -> set:
    """Names a statement refers to (symbols, indexed bases, applied functions)."""
    out = set()
    rels = stmt.relations + stmt.premises
    exprs = [e for r in rels for e in (r.lhs, r.rhs)] + ([stmt.expr] if stmt.expr is not None else [])
    for e in exprs:
        for a in e.atoms(sp.Symbol, sp.MatrixSymbol, sp.IndexedBase):
            out.add(str(a.label) if isinstance(a, sp.IndexedBase) else a.name)
        out |= {type(f).__name__ for f in e.atoms(AppliedUndef)}
    return out


# -- a density p_theta(x) that depends on theta ------------------------------------------

@register("analysis.log_trick")
def _log_trick(stmt, ctx):
    """p_theta(x) becomes exp(a theta x + b sin(c theta)) (positive, depends on theta and x)."""
    theta, x = sp.Symbol("theta", real=True), sp.Symbol("x", real=True)
    a, b, c = (sp.Symbol(f"p_{k}", real=True) for k in "abc")
    dens = sp.exp(a * theta * x + b * sp.sin(c * theta))

    def sub(e):
        repl = {f: dens for f in e.atoms(AppliedUndef) if type(f).__name__.startswith("p")}
        return e.xreplace(repl)

    stmt = _map_statement(stmt, sub)

    def hook(inst, rng, T):
        for k, (lo, hi) in zip("abc", [(-1, 1), (-1, 1), (0.5, 2)]):
            inst.values[f"p_{k}"] = Val(rng.uniform(lo, hi, T))
        for name in list(inst.functions):
            if name.startswith("p"):
                inst.functions[name] = _Fn(None, "p_θ(x) = exp(p_a θ x + p_b sin(p_c θ))")

    return _run(stmt, ctx, hook)


# -- spectra ----------------------------------------------------------------------------

def _eig(A: np.ndarray) -> np.ndarray:
    if np.allclose(A, np.swapaxes(A, -1, -2)):
        return np.linalg.eigvalsh(A)
    return np.sort(np.real(np.linalg.eigvals(A)), axis=-1)


@register("linalg.spectrum")
def _spectrum(stmt, ctx):
    """Eigenvalues and singular values of the claim's matrix A (or H):
    ``lambda`` (column of eigenvalues, for sums), ``lambda_i`` (every eigenvalue at once: the
    relation must hold for all i), ``lambda_max``, ``lambda_min``, ``sigma`` (singular values,
    padded with zeros to the row count), and the function ``kappa`` (2-norm condition number);
    ``L`` and ``mu`` are the smoothness and strong-convexity constants of x -> x^T H x / 2."""

    used = _names(stmt)

    def hook(inst, rng, T):
        _spectrum_values(inst, rng)
        for k in ("sigma", "lambda", "lambda_i", "lambda_max", "lambda_min", "L", "mu"):
            if k not in used:
                inst.values.pop(k, None)
        if "kappa" not in used:
            inst.values.pop("kappa", None)
            inst.functions.pop("kappa", None)

    return _run(stmt, ctx, hook)


def _spectrum_values(inst, rng):
    """Singular values, eigenvalues and derived constants of the matrix A (or H)."""
    name = next((k for k in ("A", "H") if k in inst.values and inst.values[k].mat), None)
    if name is None:
        raise ValueError("linalg.spectrum needs a matrix named A or H")
    M = inst.values[name].arr
    rows, cols = M.shape[-2:]
    if rows == cols and not np.allclose(M, np.swapaxes(M, -1, -2)):
        # a general (non-symmetric) matrix with a real spectrum: S diag(d) S^-1, so that
        # every eigenvalue is a real number a counterexample can print
        S = rng.normal(size=M.shape) + 2 * np.eye(rows)
        d = rng.uniform(-3, 3, M.shape[:-1])
        M = (S * d[..., None, :]) @ np.linalg.inv(S)
        inst.values[name] = Val(M, True)
    s = np.linalg.svd(M, compute_uv=False)
    pad = np.zeros(s.shape[:-1] + (rows - s.shape[-1],))
    inst.values["sigma"] = Val(np.concatenate([s, pad], axis=-1)[..., None], True)
    if rows != cols:
        return
    w = _eig(M)
    inst.values["lambda"] = Val(w[..., None], True)
    inst.values["lambda_i"] = Val(w)
    wr = np.real(w)
    inst.values["lambda_max"] = Val(wr.max(axis=-1))
    inst.values["lambda_min"] = Val(wr.min(axis=-1))
    if name == "H":
        inst.values["L"] = Val(wr.max(axis=-1))
        inst.values["mu"] = Val(wr.min(axis=-1))
        inst.values["kappa"] = Val(np.linalg.cond(M))
    inst.functions["kappa"] = _Fn(lambda v: Val(np.linalg.cond(v.arr)),
                                  "the 2-norm condition number ‖H‖₂‖H⁻¹‖₂")


# -- eigendecomposition and SVD -------------------------------------------------------------

@register("linalg.decomposition")
def _decomposition(stmt, ctx):
    """The factors of the claim's matrix A, computed on each instance: for a symmetric A its
    eigendecomposition A = Q Lambda Q^T (``numpy.linalg.eigh``: Q orthogonal with the
    eigenvectors as columns, Lambda the diagonal of the eigenvalues), and for any n x m A its
    full SVD A = U Sigma V^T (U n x n, Sigma n x m, V m x m).  Only the factors the formula
    names are set; a formula that misplaces one (Q^T Lambda Q, U Sigma V) is refuted."""
    used = _names(stmt)

    def hook(inst, rng, T):
        A = inst.values["A"].arr
        if used & {"Q", "Lambda"}:
            w, Q = np.linalg.eigh(A)
            inst.values["Q"] = Val(Q, True)
            inst.values["Lambda"] = Val(w[..., :, None] * np.eye(w.shape[-1]), True)
        if used & {"U", "Sigma", "V"}:
            U, sv, Vt = np.linalg.svd(A, full_matrices=True)
            S = np.zeros(A.shape)
            k = np.arange(sv.shape[-1])
            S[..., k, k] = sv
            inst.values["U"] = Val(U, True)
            inst.values["Sigma"] = Val(S, True)
            inst.values["V"] = Val(np.swapaxes(Vt, -1, -2), True)

    return _run(stmt, ctx, hook, rtol=1e-6, atol=1e-9)


# -- Cholesky -----------------------------------------------------------------------------

def _cholesky_psd(A: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """Lower-triangular L with A = L L^T for PSD A, singular ones included (zero pivots give
    zero columns)."""
    n = A.shape[-1]
    L = np.zeros_like(A)
    for j in range(n):
        d = A[..., j, j] - (L[..., j, :j] ** 2).sum(axis=-1)
        ok = d > tol * (1 + np.abs(A[..., j, j]))
        ljj = np.sqrt(np.where(ok, d, 1.0))
        L[..., j, j] = np.where(ok, ljj, 0.0)
        for i in range(j + 1, n):
            num = A[..., i, j] - (L[..., i, :j] * L[..., j, :j]).sum(axis=-1)
            L[..., i, j] = np.where(ok, num / ljj, 0.0)
    return L


@register("linalg.cholesky")
def _cholesky(stmt, ctx):
    """L is the lower-triangular Cholesky factor of the sampled PSD matrix A."""

    def hook(inst, rng, T):
        A = inst.values["A"].arr
        inst.values["L"] = Val(_cholesky_psd(A), True)

    return _run(stmt, ctx, hook, rtol=1e-6, atol=1e-6)


# -- Sylvester's criterion ----------------------------------------------------------------

def _sylvester_matrices(rng, T, n):
    """Integer symmetric matrices that hit the boundary cases: PD, singular PSD, indefinite,
    negative definite, and zero leading entries (which a continuous law never produces)."""
    kind = rng.integers(0, 5, T)
    out = np.empty((T, n, n))
    for t in range(T):
        if kind[t] == 0:  # PD
            B = rng.integers(-2, 3, (n, n))
            M = B @ B.T + np.eye(n)
        elif kind[t] == 1:  # singular PSD
            B = rng.integers(-2, 3, (n, n - 1))
            M = B @ B.T
        elif kind[t] == 2:  # PSD-looking leading block, then anything: zero-padded
            M = rng.integers(-1, 2, (n, n))
            M = np.triu(M) + np.triu(M, 1).T
            M[0, :] = 0
            M[:, 0] = 0
        elif kind[t] == 3:  # negative definite
            B = rng.integers(-2, 3, (n, n))
            M = -(B @ B.T + np.eye(n))
        else:  # any symmetric integer matrix
            M = rng.integers(-2, 3, (n, n))
            M = np.triu(M) + np.triu(M, 1).T
        out[t] = M
    return out.astype(float)


def _snap(x, tol=1e-9):
    return np.where(np.abs(x) < tol, 0.0, x)


def _leading_minors(A):
    n = A.shape[-1]
    return np.stack([np.round(np.linalg.det(A[..., :k, :k])) for k in range(1, n + 1)], -1)


def _principal_minors(A):
    from itertools import combinations

    n = A.shape[-1]
    out = []
    for k in range(1, n + 1):
        for idx in combinations(range(n), k):
            sub = A[..., idx, :][..., :, idx]
            out.append(np.round(np.linalg.det(sub)))
    return np.stack(out, -1)


@register("linalg.sylvester")
def _sylvester(stmt, ctx):
    """A is drawn from integer symmetric matrices (boundary cases included); the functions
    ``lambda_min``/``lambda_max`` (extreme eigenvalues), ``Delta_min`` (smallest leading principal
    minor), ``Delta_alt`` (smallest of (-1)^k times the k-th leading minor) and ``delta_min``
    (smallest principal minor of any index set) are computed exactly."""

    def f(fn, text):
        return _Fn(lambda v: Val(fn(v.arr)), text)

    def hook(inst, rng, T):
        n = inst.values["A"].mshape[0]
        inst.values["A"] = Val(_sylvester_matrices(rng, T, n), True)
        inst.functions.update({k: v for k, v in {
            "lambda_min": f(lambda a: _snap(np.linalg.eigvalsh(a)[..., 0]), "smallest eigenvalue"),
            "lambda_max": f(lambda a: _snap(np.linalg.eigvalsh(a)[..., -1]), "largest eigenvalue"),
            "Delta_min": f(lambda a: _leading_minors(a).min(-1), "smallest leading principal minor"),
            "Delta_alt": f(lambda a: (_leading_minors(a) * (-1.0) ** np.arange(1, a.shape[-1] + 1)
                                      ).min(-1), "smallest (-1)^k Δ_k"),
            "delta_min": f(lambda a: _principal_minors(a).min(-1), "smallest principal minor"),
        }.items() if k in ctx.decls})

    stmt = _strict(stmt)
    return _run(stmt, ctx, hook, rtol=0.0, atol=1e-9)


STRICT_GAP = 1e-7


def _strict(stmt: Statement) -> Statement:
    """The numeric comparison reads a > b within tolerance (so 0 > 0 would pass); the quantities
    here are exact integers or eigenvalues of integer matrices (nonzero ones are far above
    1e-7), so a strict inequality is decided as a >= b + 1e-7."""

    def one(r):
        if r.op == ">":
            return Relation(r.lhs, ">=", r.rhs + STRICT_GAP)
        if r.op == "<":
            return Relation(r.lhs, "<=", r.rhs - STRICT_GAP)
        return r

    return Statement(tuple(one(r) for r in stmt.relations), stmt.expr,
                     tuple(one(r) for r in stmt.premises), latex=stmt.latex)


# -- PL condition and the linear rate of gradient descent ------------------------------

def _scalar_family_min(params):
    """Minimiser and minimum of the one-variable strongly convex family
    a (x - b)^2 + c softplus(d x + e) + g x + k (+ s sin(w x) + t tanh x, zero here) by bisection
    on its increasing derivative."""
    a, b, c, d, e, g = (params[k] for k in "abcdeg")

    def fprime(x):
        return 2 * a * (x - b) + c * d * 0.5 * (1 + np.tanh(0.5 * (d * x + e))) + g

    lo, hi = np.full(a.shape, -1e3), np.full(a.shape, 1e3)
    for _ in range(80):
        mid = (lo + hi) / 2
        up = fprime(mid) > 0
        hi = np.where(up, mid, hi)
        lo = np.where(up, lo, mid)
    x = (lo + hi) / 2
    fx = a * (x - b) ** 2 + c * np.logaddexp(0.0, d * x + e) + g * x + params["k"]
    return x, fx


@register("analysis.pl")
def _pl(stmt, ctx):
    """f is a sampled mu-strongly convex function of one variable; f_star is its minimum."""

    def hook(inst, rng, T):
        f = inst.functions["f"]
        _, fstar = _scalar_family_min(f.params)
        inst.values["f_star"] = Val(fstar)

    return _run(stmt, ctx, hook, atol=1e-7)


GD_STEPS = 25


@register("analysis.gd_rate")
def _gd_rate(stmt, ctx):
    """Gradient descent with step 1/L on f(x) = (x - x*)^T H (x - x*) / 2 + f*, H positive
    definite with eigenvalues mu = lambda_min <= ... <= lambda_max = L (so f is L-smooth and
    mu-PL), from x_0; ``eta`` is the step 1/L the claim assumes; ``x_k`` and ``k`` hold all iterates k = 0..25 on an extra batch axis."""

    def hook(inst, rng, T):
        n = inst.dims.get("n", 3)
        q, r = np.linalg.qr(rng.normal(size=(T, n, n)))
        kappa = np.exp(rng.uniform(0, np.log(50), T))
        lam = np.sort(np.exp(rng.uniform(0, 1, (T, n)) * np.log(kappa)[:, None]), axis=-1)
        lam[:, 0], lam[:, -1] = 1.0, kappa
        scale = np.exp(rng.uniform(-1, 1, T))
        lam = lam * scale[:, None]
        H = (q * lam[:, None, :]) @ np.swapaxes(q, -1, -2)
        xs = rng.normal(size=(T, n, 1))
        fstar = rng.uniform(-2, 2, T)
        L, mu = lam[:, -1], lam[:, 0]
        x = rng.normal(size=(T, n, 1)) * 3
        its = [x]
        for _ in range(GD_STEPS):
            x = x - (H @ (x - xs)) / L[:, None, None]
            its.append(x)
        def f(v: Val, P):
            nb = v.nbatch
            Hb = _to_batch(Val(P["H"], True), nb)
            d = v.arr - _to_batch(Val(P["xs"], True), nb)
            val = 0.5 * (np.swapaxes(d, -1, -2) @ Hb @ d)[..., 0, 0]
            return Val(val + _to_batch(Val(P["fstar"]), nb))

        inst.functions["f"] = _Fn(f, "x ↦ ½(x - xs)ᵀH(x - xs) + f*",
                                  {"H": H, "xs": xs, "fstar": fstar}, uses_params=True)
        inst.values.update({
            "L": Val(L), "mu": Val(mu), "eta": Val(1.0 / L), "f_star": Val(fstar),
            "x_0": Val(its[0], True),
            "x_k": Val(np.stack(its, axis=1), True),
            "k": Val(np.broadcast_to(np.arange(GD_STEPS + 1, dtype=float), (T, GD_STEPS + 1))),
        })

    return _run(stmt, ctx, hook, atol=1e-9, rtol=1e-7)


# -- convex sets ----------------------------------------------------------------------------

class _SetIndicator:
    """The indicator of a per-trial union of ellipsoids {x: (x - c)^T A (x - c) <= 1}: one
    ellipsoid is a convex set, two far apart a non-convex one.  c: (T, K, d), A: (T, K, d, d)."""

    def __init__(self, name, c, A):
        self.name, self.c, self.A = name, c, A

    def __call__(self, *args):
        (x,) = args
        X = np.asarray(x.arr)[..., 0]  # (T, ..., d)
        T, K, d = self.c.shape
        extra = X.ndim - 2
        inside = np.zeros(X.shape[:-1], bool)
        for k in range(K):
            c = self.c[:, k].reshape((T,) + (1,) * extra + (d,))
            A = self.A[:, k].reshape((T,) + (1,) * extra + (d, d))
            D = X - c
            inside |= np.einsum("...i,...ij,...j->...", D, A, D) <= 1.0
        return Val(inside.astype(float))

    def take(self, keep):
        return _SetIndicator(self.name, self.c[keep], self.A[keep])

    def describe(self, i):
        parts = [f"(x - {np.round(self.c[i, k], 3).tolist()})^T "
                 f"{np.round(self.A[i, k], 3).tolist()} (x - ...) <= 1"
                 for k in range(self.c.shape[1])]
        return f"indicator of {' or '.join(parts)}"

    def sample_inside(self, rng, n_points):
        """Points (T, n_points, d) inside the set (a random ellipsoid of the union for each)."""
        T, K, d = self.c.shape
        u = rng.normal(size=(T, n_points, d))
        u *= (rng.random((T, n_points, 1)) ** (1 / d)) / np.linalg.norm(u, axis=-1, keepdims=True)
        k = rng.integers(0, K, size=(T, n_points))
        w, V = np.linalg.eigh(self.A)  # A = V diag(w) V^T, A^{-1/2} = V diag(w^-1/2) V^T
        half = V @ (V.transpose(0, 1, 3, 2) / np.sqrt(w)[..., None])
        t = np.arange(T)[:, None]
        return self.c[t, k] + np.einsum("tnij,tnj->tni", half[t, k], u)


def _random_sets(rng, T, d, convex=True):
    """Centres and shape matrices of T random sets: one ellipsoid (convex), or two disjoint
    ellipsoids (not convex: the segment between them leaves the set)."""
    K = 1 if convex else 2
    B = rng.normal(size=(T, K, d, d))
    A = B @ B.transpose(0, 1, 3, 2) + 0.5 * np.eye(d)  # eigenvalues >= 0.5: radii <= 1.42
    c = rng.uniform(-1, 1, size=(T, K, d))
    if not convex:  # second ellipsoid 4 to 5 units away from the first: disjoint
        direction = rng.normal(size=(T, d))
        direction /= np.linalg.norm(direction, axis=-1, keepdims=True)
        c[:, 1] = c[:, 0] + rng.uniform(4, 5, size=(T, 1)) * direction
    return c, A


@register("analysis.convex_set")
def _convex_set(stmt, ctx):
    """``\\chi_A(x)`` is the indicator of a set A, so 'x, x' in A imply a point of S' reads
    chi_S(lambda x + (1 - lambda) x') >= chi_A(x) chi_A(x').  Every declared indicator ``chi_*``
    is a random convex set (an ellipsoid, independently drawn for each name); x and x' are drawn
    inside one of the sets in half the trials (the premise holds), x inside and x' anywhere in a
    quarter, both anywhere in the rest.
    As a definition of convexity the statement must also fail for a non-convex S (two disjoint
    ellipsoids), else it is refuted: it would not single out convex sets."""
    sets = [d.name for d in ctx.decls if d.name.startswith("chi_") and d.kind == "function"]
    points = [d.name for d in ctx.decls if d.kind == "matrix"]
    dim = ctx.decls[points[0]].args[0]

    def hook_for(convex_s):
        def hook(inst, rng, T):
            d = inst.dims[dim]
            made = {}
            for name in sets:
                c, A = _random_sets(rng, T, d, convex=convex_s or name != "chi_S")
                made[name] = inst.functions[name] = _SetIndicator(name, c, A)
            which = rng.integers(0, len(sets), size=T)
            mode = rng.random(T)  # both points inside a set, the second anywhere, or both
            for k, p in enumerate(points):
                pts = np.stack([made[s].sample_inside(rng, 1)[:, 0] for s in sets], 1)
                inside = pts[np.arange(T), which]
                free = rng.uniform(-3, 3, size=(T, d))
                anywhere = mode >= (0.5 if k else 0.75)
                inst.values[p] = Val(np.where(anywhere[:, None], free, inside)[..., None], True)
        return hook

    ev = _run(stmt, ctx, hook_for(True))
    if not ev.holds or "chi_S" not in sets:
        return ev
    other = _run(stmt, ctx, hook_for(False))
    if other.holds:
        cx = {"relation": str(stmt.relations[0]), "seed": ctx.seed,
              "why": "it also holds for a set S that is not convex (two disjoint ellipsoids), "
                     "so it does not define convexity"}
        return Evidence("refuted", "custom", trials=other.trials, seed=ctx.seed,
                        counterexample=cx, detail="holds for non-convex sets too")
    return ev


# -- convex functions with any level --------------------------------------------------------------

class _Leveled:
    """A sampled function plus a per-trial constant: convex stays convex, and its sign is no
    longer mostly positive."""

    def __init__(self, fn, level):
        self.fn, self.level = fn, level

    def __call__(self, *args):
        v = self.fn(*args)
        lv = self.level.reshape(self.level.shape + (1,) * (np.ndim(v.arr) - 1))
        return Val(v.arr + lv, v.mat)

    def take(self, keep):
        return _Leveled(self.fn.take(keep), self.level[keep])

    def describe(self, i):
        return f"{self.fn.describe(i)} + {float(self.level[i]):.4g}"


@register("analysis.convex_any_level")
def _convex_any_level(stmt, ctx):
    """The declared convex functions (the sampler's family a (x - b)^2 + c softplus(d x + e) +
    g x + k, k in (-2, 2), positive near its minimum on many draws) each get a random level in
    (-8, 2) added: still convex, and negative at the sampled points on most trials, where a
    formula whose truth needs a sign of f (max(f, g) at the larger weight 1 + lambda,
    alpha f - beta g) fails (that mutant fails on few trials: with levels in (-6, 3) one stream
    in 40 missed it).  Otherwise the plain numeric check."""
    names = [d.name for d in ctx.decls if d.domain == "convex"]
    rng = ctx.rng("levels")

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        for name in names:
            if name in inst.functions:
                inst.functions[name] = _Leveled(inst.functions[name], rng.uniform(-8, 2, T))
        return {}

    return ctx.numeric(stmt, extra=extra)


@register("analysis.reals_at_all_scales")
def _reals_at_all_scales(stmt, ctx):
    """The declared real numbers, in a third of the trials, scaled together by 10^u, u in
    (-2, 0): the sampler draws them in (-3, 3), where |x| < 1 (x^3 > x^4) is a small corner, so
    a power changed by one passed on some seeds.  Otherwise the plain numeric check.  (They
    stay free variables, drawn as sampled on most trials: scripts/mutation_score.py counts a
    value kept on at least half the trials as steered, not computed.)"""
    names = [d.name for d in ctx.decls if d.domain == "real"]
    rng = ctx.rng("scales")

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        scale = np.where(rng.random(T) < 1 / 3, 10.0 ** rng.uniform(-2, 0, T), 1.0)
        return {n: Val(np.asarray(inst.values[n].arr, float) * scale) for n in names
                if n in inst.values and not inst.values[n].mat}

    return ctx.numeric(stmt, extra=extra)
