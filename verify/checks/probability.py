"""Custom checks of the probability claims.

* pmf tables: ``P(X, Y)``, ``P(Y|X)``, ``P(X = x_i)`` get their meaning from a random joint pmf of
  three discrete variables X, Y, Z (values ``x``, ``y``, ``z``); a bare variable inside ``P`` means
  "X equals the value of the point where the identity is evaluated", and every identity is
  checked at every point of the joint support.  Independence statements are definitions: they
  must hold for every law of the defining kind and fail for a generic (dependent) law.
* densities: ``f_X``, ``F_X``, ``f_{aY}``, ``P(X \\le t)`` for variables with random
  Gaussian-mixture laws (so derivatives, scalings and convolutions have exact answers).
* Gaussian density, Gaussian conditioning, Chebyshev, MGF of a sum of independent variables.

The rules of expectation, events, MGFs and bounds are checked in probability_rules.py.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import Given
from cheatsheet.statement import Relation, Statement
from ..custom import register
from ..evaluate import Distribution, EvalError, Evaluator, Val, _to_batch
from ..evidence import Evidence
from ..numeric import _trial_value
from ..sampling import describe_trial

# -------------------------------------------------------------------------------- pmf tables

PMF_SIZES = [  # number of values of X, Y, Z; J (= n = k) counts Y's values, i picks one x value
    {"I": 2, "J": 3, "L": 2, "i": 2},
    {"I": 3, "J": 2, "L": 2, "i": 1},
    {"I": 2, "J": 2, "L": 3, "i": 1},
    {"I": 3, "J": 3, "L": 2, "i": 3},
]
_RV = ("X", "Y", "Z")


def _sizes(cfg):
    out = dict(cfg)
    for alias in ("n", "k"):
        out[alias] = cfg["J"]
    return out


def _joint(rng, T, I, J, L, mode):
    if mode == "generic":
        return rng.dirichlet(np.ones(I * J * L), size=T).reshape(T, I, J, L)
    if mode == "independent":
        px, py, pz = (rng.dirichlet(np.ones(k), size=T) for k in (I, J, L))
        return px[:, :, None, None] * py[:, None, :, None] * pz[:, None, None, :]
    if mode == "cond_independent":  # p(z) p(x|z) p(y|z)
        pz = rng.dirichlet(np.ones(L), size=T)
        px = rng.dirichlet(np.ones(I), size=(T, L))  # (T, L, I)
        py = rng.dirichlet(np.ones(J), size=(T, L))
        return np.einsum("tl,tli,tlj->tijl", pz, px, py)
    raise ValueError(mode)


def _world(name):
    return sp.Symbol(f"{name}@point", real=True)


def _event(e):
    """An event inside P(...) as a boolean expression; a bare variable is 'equals the point'."""
    if isinstance(e, sp.Tuple):
        return sp.And(*[_event(a) for a in e.args])
    if isinstance(e, sp.Symbol) and e.name in _RV:
        return sp.Eq(e, _world(e.name), evaluate=False)
    return e


def _rewrite_prob(expr):
    if isinstance(expr, ops.Prob):
        (arg,) = expr.args
        if isinstance(arg, Given):
            a, b = (_event(x) for x in arg.args)
            return ops.Prob(sp.And(a, b)) / ops.Prob(b)
        return ops.Prob(_event(arg))
    if not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        return expr
    new = [_rewrite_prob(a) for a in expr.args]
    return expr.func(*new) if any(n is not o for n, o in zip(new, expr.args)) else expr


def _map_stmt(stmt: Statement, fn) -> Statement:
    rels = tuple(Relation(fn(r.lhs), r.op, fn(r.rhs)) for r in stmt.relations)
    return Statement(rels, None, stmt.premises, latex=stmt.latex)


def _pmf_extra(mode, rng, ties=None):
    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0] if inst.values else 1
        I, J, L = (inst.dims[k] for k in ("I", "J", "L"))
        vals = {}
        for name, k in (("x", I), ("y", J), ("z", L)):
            v = inst.values.get(name)
            vals[name] = v.arr[..., 0] if v is not None else rng.normal(size=(T, k))
        p = _joint(rng, T, I, J, L, mode)
        a, b, c = np.meshgrid(np.arange(I), np.arange(J), np.arange(L), indexing="ij")
        a, b, c = a.ravel(), b.ravel(), c.ravel()
        atoms = {"X": vals["x"][:, a], "Y": vals["y"][:, b], "Z": vals["z"][:, c]}
        inst.dists[:] = [Distribution(_RV, atoms, p.reshape(T, -1))]
        # the evaluation points: every (x, y, z) of the support, one extra batch axis; a value
        # named with a free index (y_i) fixes its variable there (the points where Y = y_i)
        keep = np.ones(a.shape, bool)
        for rv, index in (ties or {}).items():
            if index not in inst.dims:
                raise EvalError(f"the index {index} of a value of {rv} is never given a value")
            pos = {"X": a, "Y": b, "Z": c}[rv]
            keep &= pos == inst.dims[index] - 1
        return {f"{n}@point": Val(atoms[n][:, keep]) for n in _RV}
    return extra


def _value_ties(stmt: Statement) -> dict[str, str]:
    """Random variable -> free index, for each value written with an index no sum binds.

    ``P(X | Y = y_i) P(Y = y_i) / sum_i ...`` speaks of one value y_i of Y, so the statement is
    about the points where Y = y_i: a bare ``Y`` elsewhere in it (``P(Y | X)``) is that value.
    The sheets write Bayes' rule this way; read at every value of Y instead, the left side and
    the right side would speak of different values.
    """
    exprs = [e for r in stmt.relations for e in (r.lhs, r.rhs)]
    free = set().union(*(e.free_symbols for e in exprs)) if exprs else set()
    ties = {}
    for e in exprs:
        for node in e.atoms(sp.Indexed):
            name = str(node.base.label)
            if name in ("x", "y", "z") and len(node.indices) == 1:
                (idx,) = node.indices
                if isinstance(idx, sp.Symbol) and idx in free:
                    ties[name.upper()] = idx.name
    return ties


def _pmf(stmt, ctx, mode):
    st = _map_stmt(stmt, _rewrite_prob)
    dims = [_sizes(c) for c in PMF_SIZES]
    extra = _pmf_extra(mode, ctx.rng("law", mode), _value_ties(stmt))
    return st, dims, ctx.numeric(st, extra=extra, dims=dims)


@register("probability.pmf")
def _pmf_generic(stmt, ctx):
    """Theorems about a joint pmf (sum, product and Bayes' rules): any joint law."""
    return _pmf(stmt, ctx, "generic")[2]


@register("probability.pmf_given_cond_independent")
def _pmf_ci(stmt, ctx):
    """Consequences of X independent of Y given Z: laws p(z) p(x|z) p(y|z)."""
    return _pmf(stmt, ctx, "cond_independent")[2]


def _definition(stmt, ctx, mode):
    st, dims, ev = _pmf(stmt, ctx, mode)
    if not ev.holds:
        return ev
    # a definition must also single out its kind of law: it fails for a generic (dependent) one
    rng = ctx.rng("generic-law", mode)
    for cfg in dims:
        inst = ctx.sampler.sample(rng, 8, dims=cfg, layout=ctx.options.layout)
        inst.values.update(_pmf_extra("generic", rng)(inst))
        evr = Evaluator(inst)
        for rel in st.relations:
            lhs, rhs = evr(rel.lhs), evr(rel.rhs)
            x, y = np.broadcast_arrays(_to_batch(lhs, 2), _to_batch(rhs, 2))
            close = np.isclose(x, y, rtol=1e-6, atol=1e-9).reshape(x.shape[0], -1).all(axis=1)
            if not close.all():
                return ev
        cx = {"relation": str(st.relations[0]), "instance": describe_trial(inst, 0),
              "lhs": _trial_value(evr(st.relations[0].lhs), 0, 8),
              "rhs": _trial_value(evr(st.relations[0].rhs), 0, 8),
              "why": "it also holds for this generic, dependent joint law, so it does not "
                     "define " + ("independence" if mode == "independent"
                                  else "conditional independence")}
        return Evidence("refuted", "custom", trials=8, seed=ctx.seed, counterexample=cx,
                        detail="holds for every law, not only the defined kind")
    return ev


@register("probability.pmf_independence_definition")
def _indep_def(stmt, ctx):
    return _definition(stmt, ctx, "independent")


@register("probability.pmf_cond_independence_definition")
def _ci_def(stmt, ctx):
    return _definition(stmt, ctx, "cond_independent")


# ------------------------------------------------------------------------- naive Bayes

NB_SIZES = [  # k features with I values each, a class Y with J values
    {"k": 2, "I": 2, "J": 2},
    {"k": 3, "I": 2, "J": 3},
    {"k": 2, "I": 3, "J": 2},
]


def _nb_event(e, features: str, label: str):
    """An event of a naive-Bayes formula: the class ``Y``, the whole feature vector ``X`` or one
    feature ``X_i`` takes its value at the evaluation point."""
    if isinstance(e, sp.Tuple):
        return sp.And(*[_nb_event(a, features, label) for a in e.args])
    if isinstance(e, sp.Symbol) and e.name == label:
        return sp.Eq(e, _world(label), evaluate=False)
    if isinstance(e, sp.MatrixSymbol) and e.name == features:
        code = sp.Symbol(f"{features}#joint", real=True)
        return sp.Eq(code, _world(code.name), evaluate=False)
    if isinstance(e, sp.Indexed) and str(e.base.label) == features:
        point = sp.IndexedBase(sp.Symbol(f"{features}@point", real=True))
        return sp.Eq(e, point[e.indices], evaluate=False)
    raise EvalError(f"{sp.sstr(e)[:40]} is not the class {label}, the feature vector "
                    f"{features} or one of its features")


def _nb_rewrite(expr, features, label):
    if isinstance(expr, ops.Prob):
        (arg,) = expr.args
        if isinstance(arg, Given):
            a, b = (_nb_event(x, features, label) for x in arg.args)
            return ops.Prob(sp.And(a, b)) / ops.Prob(b)
        return ops.Prob(_nb_event(arg, features, label))
    if not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        return expr
    new = [_nb_rewrite(a, features, label) for a in expr.args]
    return expr.func(*new) if any(n is not o for n, o in zip(new, expr.args)) else expr


def _nb_extra(rng, features, label):
    """A random naive-Bayes law p(y) prod_i p(x_i | y) (features conditionally independent given
    the class), evaluated at every point (x, y) of its support."""
    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0] if inst.values else 1
        k, I, J = (inst.dims[n] for n in ("k", "I", "J"))
        values = rng.normal(size=(T, k, I))  # the value v of feature i is values[:, i, v]
        classes = rng.normal(size=(T, J))
        py = rng.dirichlet(np.ones(J), size=T)  # (T, J)
        pxy = rng.dirichlet(np.ones(I), size=(T, J, k))  # (T, J, k, I)
        grid = np.stack(np.meshgrid(*[np.arange(I)] * k, indexing="ij"), -1).reshape(-1, k)
        cfg = np.repeat(grid, J, axis=0)  # (m, k): feature values of each support point
        ys = np.tile(np.arange(J), len(grid))  # (m,)
        m = len(ys)
        x_atoms = np.stack([values[:, i, cfg[:, i]] for i in range(k)], -1)  # (T, m, k)
        probs = py[:, ys] * np.prod(np.stack([pxy[:, ys, i, cfg[:, i]] for i in range(k)], -1),
                                    -1)
        codes = np.broadcast_to((cfg * I ** np.arange(k)).sum(-1).astype(float), (T, m))
        code = f"{features}#joint"
        atoms = {features: x_atoms[..., None], label: classes[:, ys], code: codes}
        inst.dists[:] = [Distribution((features, label, code), atoms, probs, {features: True})]
        return {f"{features}@point": Val(x_atoms[..., None], True),
                f"{label}@point": Val(atoms[label]), f"{code}@point": Val(codes)}
    return extra


@register("probability.pmf_naive_bayes")
def _naive_bayes(stmt, ctx):
    """Bayes' rule for a class Y and a feature vector X = (X_1..X_k) whose features are
    conditionally independent given Y; ``P(X)`` is the evidence of the whole vector, ``P(X_i)``
    the marginal of one feature.  Checked at every point of the support of random such laws."""
    features = next(d.name for d in ctx.decls if d.is_random_vector)
    label = next(d.name for d in ctx.decls if d.domain == "rv" and not d.args)
    st = _map_stmt(stmt, lambda e: _nb_rewrite(e, features, label))
    return ctx.numeric(st, extra=_nb_extra(ctx.rng("naive-bayes"), features, label),
                       dims=NB_SIZES)


# ----------------------------------------------------------------- continuous densities

_SQ2PI = math.sqrt(2 * math.pi)


def _erf(x):
    return np.vectorize(math.erf, otypes=[float])(x)


class MixtureFunction:
    """pdf or cdf of a per-trial Gaussian mixture: weights w, means m, sds s, each (T, K)."""

    def __init__(self, kind, w, m, s, label):
        self.kind, self.w, self.m, self.s, self.label = kind, w, m, s, label

    def __call__(self, *args):
        (x,) = args
        if x.mat:
            raise EvalError(f"{self.label} takes a number")
        X = x.arr[..., None]
        nb = max(x.nbatch, 1)
        # params are (T, K): move K last after x's batch axes
        w, m, s = (self._shape(p, nb) for p in (self.w, self.m, self.s))
        zz = (X - m) / s
        if self.kind == "pdf":
            out = (w * np.exp(-0.5 * zz ** 2) / (s * _SQ2PI)).sum(axis=-1)
        else:
            out = (w * 0.5 * (1 + _erf(zz / math.sqrt(2)))).sum(axis=-1)
        return Val(out)

    @staticmethod
    def _shape(p, nb):
        T, K = p.shape
        return p.reshape((T,) + (1,) * (nb - 1) + (K,))

    def take(self, keep):
        return MixtureFunction(self.kind, self.w[keep], self.m[keep], self.s[keep], self.label)

    def describe(self, i):
        comps = " + ".join(f"{w:.3g} N({m:.3g}, {s * s:.3g})"
                           for w, m, s in zip(self.w[i], self.m[i], self.s[i]))
        return f"{self.kind} of {comps}"


def _mixture(rng, T, K=2):
    w = rng.dirichlet(np.ones(K), size=T)
    m = rng.uniform(-2, 2, (T, K))
    s = rng.uniform(0.5, 1.5, (T, K))
    return w, m, s


def _mixture_law(name, w, m, s, nodes=60):
    z, hw = np.polynomial.hermite_e.hermegauss(nodes)
    hw = hw / math.sqrt(2 * math.pi)
    atoms = (m[:, :, None] + s[:, :, None] * z).reshape(m.shape[0], -1)
    probs = (w[:, :, None] * hw).reshape(m.shape[0], -1)
    return Distribution((name,), {name: atoms}, probs)


def _cdf_rewrite(expr):
    """P(X <= t) -> F_X(t), P(X >= t) -> 1 - F_X(t) (continuous laws: < and <= agree)."""
    if isinstance(expr, ops.Prob):
        (rel,) = expr.args
        if isinstance(rel, sp.core.relational.Relational):
            a, b = rel.lhs, rel.rhs
            if isinstance(a, sp.Symbol) and a.name in _RV_DENS and not b.has(a):
                F = sp.Function(f"F_{a.name}")(b)
                return F if isinstance(rel, (sp.Le, sp.Lt)) else 1 - F
        return expr
    if not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        return expr
    new = [_cdf_rewrite(a) for a in expr.args]
    return expr.func(*new) if any(n is not o for n, o in zip(new, expr.args)) else expr


_RV_DENS = ("X", "Y", "Z", "gamma")


def _density_extra(rng, ctx, sum_law):
    rvs = [d.name for d in ctx.decls if d.domain == "rv"]
    scalars = [d.name for d in ctx.decls if d.domain == "positive"]  # scale factors

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0] if inst.values else \
            inst.dists[0].probs.shape[0]
        laws = {}
        for name in rvs:
            if sum_law and name == "Z":
                continue
            laws[name] = _mixture(rng, T)
        if sum_law:  # Z = X + Y with X, Y independent: the mixture of all pairwise sums
            (wx, mx, sx), (wy, my, sy) = laws["X"], laws["Y"]
            w = (wx[:, :, None] * wy[:, None, :]).reshape(T, -1)
            m = (mx[:, :, None] + my[:, None, :]).reshape(T, -1)
            s = np.sqrt(sx[:, :, None] ** 2 + sy[:, None, :] ** 2).reshape(T, -1)
            laws["Z"] = (w, m, s)
        inst.dists[:] = [_mixture_law(n, *laws[n]) for n in laws if n != "Z" or not sum_law]
        for n, (w, m, s) in laws.items():
            inst.functions[f"f_{n}"] = MixtureFunction("pdf", w, m, s, f"f_{n}")
            inst.functions[f"F_{n}"] = MixtureFunction("cdf", w, m, s, f"F_{n}")
            for c in scalars:  # density of c * V: the mixture with scaled components
                cv = inst.values[c].arr
                inst.functions[f"f_{c}{n}"] = MixtureFunction(
                    "pdf", w, cv[:, None] * m, np.abs(cv)[:, None] * s, f"f_{c}{n}")
        return {}
    return extra


def _density(stmt, ctx, sum_law):
    st = _map_stmt(stmt, _cdf_rewrite)
    return ctx.numeric(st, extra=_density_extra(ctx.rng("density"), ctx, sum_law))


@register("probability.density")
def _dens(stmt, ctx):
    """f_V, F_V, f_{cV} and P(V <= t) of independent random Gaussian-mixture variables."""
    return _density(stmt, ctx, False)


@register("probability.density_of_sum")
def _dens_sum(stmt, ctx):
    """As probability.density, with Z = X + Y (X, Y independent)."""
    return _density(stmt, ctx, True)


# ------------------------------------------------------------------ Gaussian formulas

def _gauss_pdf(x: Val, mu: Val, S: Val) -> Val:
    """Multivariate normal density by a Cholesky factor (not by det and inverse)."""
    nb = max(x.nbatch, mu.nbatch, S.nbatch)
    xa, ma, Sa = (_to_batch(v, nb) for v in (x, mu, S))
    L = np.linalg.cholesky(Sa)
    diff = np.broadcast_to(xa - ma, np.broadcast_shapes((xa - ma).shape, Sa.shape[:-1] + (1,)))
    sol = np.linalg.solve(np.broadcast_to(L, diff.shape[:-2] + L.shape[-2:]), diff)
    d = Sa.shape[-1]
    logdet = 2 * np.log(np.diagonal(L, axis1=-2, axis2=-1)).sum(-1)
    q = (sol ** 2).sum(axis=(-1, -2))
    return Val(np.exp(-0.5 * q - 0.5 * logdet - 0.5 * d * math.log(2 * math.pi)))


class FixedFunction:
    """A function the check supplies, the same for every instance (a density, Gamma)."""

    def __init__(self, fn, label):
        self.fn, self.label = fn, label

    def __call__(self, *args):
        return self.fn(*args)

    def take(self, keep):
        return self

    def describe(self, i):
        return self.label


@register("probability.gaussian_density")
def _gauss(stmt, ctx):
    """N(x; mu, Sigma) is the normal density, computed independently through a Cholesky factor."""
    def extra(inst):
        inst.functions["N"] = FixedFunction(_gauss_pdf, "the normal density N(x; mu, Sigma)")
        return {}
    return ctx.numeric(stmt, extra=extra)


@register("probability.gaussian_conditioning")
def _gauss_cond(stmt, ctx):
    """The right side N(a_2 | m, C) must carry the true conditional mean m and covariance C.

    The joint covariance is a random positive definite matrix whose blocks are Sigma_11,
    Sigma_12, Sigma_21, Sigma_22; the truth is computed from the precision matrix (Lambda_22^{-1}
    and Lambda_22^{-1} Lambda_21), a different route than the Schur-complement formula.  The
    conditioning value is a_1, or z when the formula names it.
    """
    rels = []
    e_sym, f_sym = (ctx.decls.sympy(n) for n in ("e", "f"))
    for r in stmt.relations:
        rhs = r.rhs
        if not (isinstance(rhs, sp.core.function.AppliedUndef) and type(rhs).__name__ == "N"):
            raise EvalError("expected a right side N(a_2 | mean, covariance)")
        (g,) = rhs.args
        if not isinstance(g, Given) or len(g.args[1]) != 2:
            raise EvalError("expected N(a_2 | mean, covariance)")
        mean, cov = g.args[1]
        rels.append(Relation(mean, "=", sp.MatrixSymbol("cond_mean", f_sym, 1)))
        rels.append(Relation(cov, "=", sp.MatrixSymbol("cond_cov", f_sym, f_sym)))
    st = Statement(tuple(rels), None, stmt.premises, latex=stmt.latex)
    rng = ctx.rng("joint")

    def extra(inst):
        e, f = inst.dims["e"], inst.dims["f"]
        T = inst.values["u_1"].arr.shape[0]
        B = rng.normal(size=(T, e + f, e + f))
        S = B @ np.swapaxes(B, -1, -2) + 0.3 * np.eye(e + f)
        blocks = {"Sigma_11": S[:, :e, :e], "Sigma_12": S[:, :e, e:],
                  "Sigma_21": S[:, e:, :e], "Sigma_22": S[:, e:, e:]}
        out = {k: Val(v, True) for k, v in blocks.items()}
        point = inst.values["z"].arr if "z" in inst.values else inst.values["a_1"].arr
        P = np.linalg.inv(S)
        P22inv = np.linalg.inv(P[:, e:, e:])
        u1, u2 = inst.values["u_1"].arr, inst.values["u_2"].arr
        out["cond_mean"] = Val(u2 - P22inv @ P[:, e:, :e] @ (point - u1), True)
        out["cond_cov"] = Val(P22inv, True)
        if "z" in inst.values:
            out["a_1"] = Val(point, True)
        return out
    return ctx.numeric(st, extra=extra)


# --------------------------------------------------------------------- other theorems

@register("probability.moments")
def _moments(stmt, ctx):
    """mu and sigma are the mean and standard deviation of X's (random, finite) law, drawn at
    scales from 0.05 to 20 (a bound in sigma and epsilon that is off by a power of sigma,
    sigma^2/k^2 for 1/k^2, holds for laws of spread near 1 and fails for narrow ones)."""
    X = sp.Symbol("X", real=True)
    rng = ctx.rng("scale")
    bounds = [d.name for d in ctx.decls if d.spec == "positive" and d.name not in ("mu", "sigma")]

    def extra(inst):
        out = {}
        for d in inst.dists:
            if "X" in d.names:
                batch = d.probs.shape[:-1]
                scale = np.exp(rng.uniform(np.log(0.05), np.log(20.0), size=batch))
                a = d.atoms["X"]
                d.atoms["X"] = a * scale.reshape(batch + (1,) * (a.ndim - len(batch)))
                if bounds and len(batch) == 1 and a.ndim == 2 and a.shape[-1] >= 3:
                    out.update(_tight(d, scale, rng, bounds))
        ev = Evaluator(inst)
        mu = ev(ops.E(X))
        var = ev(ops.Var(X))
        return {"mu": mu, "sigma": Val(np.sqrt(var.arr)), **out}
    return ctx.numeric(stmt, extra=extra)


def _tight(d, scale, rng, bounds) -> dict:
    """Every third trial, X's law the one where Chebyshev's bound is attained (mass 1/(2k^2)
    at mu +- k sigma, the rest at mu) and each bound variable just inside k sigma: only
    there does a bound off by a power of sigma (sigma / eps^2) fail, for sigma > 1, and
    random laws with eps drawn apart from sigma almost never get there."""
    T = d.probs.shape[0]
    rows = np.arange(T) % 3 == 0
    k = rng.uniform(1.2, 3.0, size=T)
    m = d.probs.shape[-1]
    atoms = np.zeros((T, m))
    atoms[:, 0], atoms[:, 1] = -k * scale, k * scale
    probs = np.full((T, m), 0.0)
    probs[:, 0] = probs[:, 1] = 1.0 / (2 * k ** 2)
    probs[:, 2:] = (1.0 - 1.0 / k ** 2)[:, None] / (m - 2)
    d.atoms["X"] = np.where(rows[:, None], atoms, d.atoms["X"])
    d.probs = np.where(rows[:, None], probs, d.probs)
    edge = k * scale * (1 - 1e-9)
    return {name: Val(np.where(rows, edge, rng.uniform(0.1, 3.0, size=T) * scale))
            for name in bounds}


@register("probability.independent_entries")
def _indep_entries(stmt, ctx):
    """The entries of the random vector X are independent, each with a random 3-atom law."""
    names = [d.name for d in ctx.decls if d.is_random_vector]
    rng = ctx.rng("entries")

    def extra(inst):
        for name in names:
            n = inst.dims[ctx.decls[name].args[0]]
            T = next(iter(inst.values.values())).arr.shape[0]
            atoms1 = rng.normal(size=(T, n, 3))
            p1 = rng.dirichlet(np.ones(3), size=(T, n))
            idx = np.stack(np.meshgrid(*[np.arange(3)] * n, indexing="ij"), -1).reshape(-1, n)
            atoms = np.stack([atoms1[:, k, idx[:, k]] for k in range(n)], -1)  # (T, m, n)
            probs = np.prod(np.stack([p1[:, k, idx[:, k]] for k in range(n)], -1), -1)
            d = Distribution((name,), {name: atoms[..., None]}, probs, {name: True})
            inst.dists[:] = [x for x in inst.dists if name not in x.names] + [d]
        return {}
    return ctx.numeric(stmt, extra=extra)


# ------------------------------------------------------------ Gaussian maximum likelihood

MLE_SIZES = [(4, 1), (5, 2), (6, 3), (7, 2)]  # (number of data points, dimension d)


def _loglik(X, mu, Lam):
    """Gaussian log-likelihood of the columns of X (T, d, n) at mean mu (T, d, 1) and precision
    Lam (..., T, d, d), up to the constant; -inf where Lam is not positive definite."""
    sign, logdet = np.linalg.slogdet(Lam)
    D = X - mu  # (T, d, n)
    quad = np.einsum("...tin,...tij,...tjn->...t", D, Lam, D) if Lam.ndim > 3 else \
        np.einsum("tin,tij,tjn->t", D, Lam, D)
    n = X.shape[-1]
    with np.errstate(invalid="ignore"):
        return np.where(sign > 0, 0.5 * n * logdet - 0.5 * quad, -np.inf)


def _sym_basis(d):
    out = []
    for j in range(d):
        for k in range(j, d):
            E = np.zeros((d, d))
            E[j, k] = E[k, j] = 1.0
            out.append(E)
    return np.array(out)  # (m, d, d)


def _newton(f, derivatives, x0, steps=40):
    """Maximise a concave f: (..., T, m) -> (..., T) from x0 (T, m) by damped Newton steps with
    its gradient (T, m) and Hessian (T, m, m) from ``derivatives(x)`` (batched over the T
    trials).  The derivatives are the likelihood's own, in closed form: central differences
    cost 2 m^2 + 2 m likelihoods per step (0.7 s CPU of a cold verify, issue 12)."""
    x = x0.copy()
    T, m = x.shape
    I = np.eye(m)
    for _ in range(steps):
        g, H = derivatives(x)
        step = -np.linalg.solve(H - 1e-12 * I, g[..., None])[..., 0]
        f0 = f(x[None])[0]
        alpha = np.ones(T)
        for _ in range(30):  # backtrack until f increases (and stays finite)
            ok = f((x + alpha[:, None] * step)[None])[0] >= f0 - 1e-12 * np.abs(f0)
            if ok.all():
                break
            alpha = np.where(ok, alpha, alpha / 2)
        x = x + alpha[:, None] * step
        if np.abs(alpha[:, None] * step).max() < 1e-11:
            break
    return x


def _is_local_max(X, mu, Sigma, rng, probes=24, step=1e-3):
    """Per trial: the likelihood at covariance Sigma is not beaten by any of ``probes`` random
    symmetric relative perturbations of its precision (both signs), i.e. Sigma is a stationary
    point up to the probe resolution; a wrong formula (n - 1, no centring) loses O(1/n)."""
    with np.errstate(all="ignore"):
        Lam = np.linalg.inv(Sigma)
    base = _loglik(X, mu, Lam)
    ok = np.isfinite(base)
    scale = np.abs(Lam).max(axis=(-1, -2), keepdims=True)
    for _ in range(probes):
        E = rng.normal(size=Lam.shape)
        E = (E + np.swapaxes(E, -1, -2)) / 2 * step * scale
        for sign in (1, -1):
            ok &= ~(_loglik(X, mu, Lam + sign * E) > base + 1e-12 * np.abs(base))
    return ok


def gaussian_mle(X, rng):
    """Maximiser (mean (T, d, 1), covariance (T, d, d)) of the Gaussian likelihood of the columns
    of X (T, d, n), found numerically: the mean maximises the likelihood for a random precision
    (the maximiser in mu is the same for every precision), then the precision maximises the
    likelihood at that mean (strictly concave in the precision), by Newton's method on the
    log-likelihood's analytic gradient and Hessian.  No estimator formula enters: the search
    only ever evaluates and differentiates the likelihood, so a wrong MLE form is refuted."""
    T, d, n = X.shape
    B = rng.normal(size=(T, d, d))
    Lam0 = B @ np.swapaxes(B, -1, -2) + 0.5 * np.eye(d)

    def f_mu(v):
        return _loglik(X, v[..., None], np.broadcast_to(Lam0, v.shape[:-2] + Lam0.shape))

    def d_mu(v):  # l = -1/2 sum_i (x_i - v)' Lam0 (x_i - v)
        g = np.einsum("tij,tjn->ti", Lam0, X - v[..., None])
        return g, -n * Lam0
    mu = _newton(f_mu, d_mu, np.zeros((T, d)))[..., None]
    return mu, np.linalg.inv(precision_mle(X - mu))


def precision_mle(D):
    """The precision Lam (T, d, d) maximising the Gaussian likelihood of the columns of D
    (T, d, n) around 0 (residuals from a mean found before), by Newton's method in Lam, where
    the log-likelihood n/2 log det Lam - 1/2 tr(Lam D D') is strictly concave, on its analytic
    gradient and Hessian; no estimator formula enters."""
    T, d, n = D.shape
    E = _sym_basis(d)
    scatter = D @ np.swapaxes(D, -1, -2)  # (T, d, d)
    trES = np.einsum("mij,tji->tm", E, scatter)

    def f_lam(v):
        return _loglik(D, 0.0, np.einsum("...m,mij->...ij", v, E))

    def d_lam(v):  # l = n/2 log det Lam - 1/2 tr(Lam S), Lam = sum_m v_m E_m
        with np.errstate(all="ignore"):
            inv = np.linalg.inv(np.einsum("tm,mij->tij", v, E))
        P = np.einsum("tij,mjk->tmik", inv, E)  # Lam^-1 E_m
        g = 0.5 * n * np.einsum("tmii->tm", P) - 0.5 * trES
        H = -0.5 * n * np.einsum("tmij,tkji->tmk", P, P)
        return g, H
    lam0 = np.array([1.0 if j == k else 0.0 for j in range(d) for k in range(j, d)])
    lam = _newton(f_lam, d_lam, np.broadcast_to(lam0, (T, len(lam0))).copy())
    return np.einsum("tm,mij->tij", lam, E)


@register("probability.gaussian_mle")
def _gauss_mle(stmt, ctx):
    """``mu_hat = ...`` / ``Sigma_hat = ...``: the right side, evaluated on data points x_1..x_n
    (a ``vectors(n, d)`` family), must be the maximiser of the Gaussian likelihood, found
    numerically (:func:`gaussian_mle`); ``mu_hat`` inside a covariance formula is that maximiser's
    mean.  Sizes n > d + 1, so the maximiser exists."""
    d = ctx.decls.sympy("d")
    rels = []
    for r in stmt.relations:
        name = getattr(r.lhs, "name", None)
        if name == "mu_hat":
            rels.append(Relation(sp.MatrixSymbol("mu_mle", d, 1), "=", r.rhs))
        elif name == "Sigma_hat":
            rels.append(Relation(sp.MatrixSymbol("Sigma_mle", d, d), "=", r.rhs))
        else:
            raise EvalError("expected mu_hat = ... or Sigma_hat = ...")
    st = Statement(tuple(rels), None, stmt.premises, latex=stmt.latex)
    rng = ctx.rng("mle")

    def extra(inst):
        X = inst.values["x"].arr
        mu, S = gaussian_mle(X, rng)
        Xc = X - X.mean(axis=-1, keepdims=True)
        scatter = Xc @ np.swapaxes(Xc, -1, -2)
        bad = np.linalg.cond(scatter) > 1e3  # nearly degenerate data: the maximiser is far out
        mu, S = (np.where(bad[:, None, None], np.nan, a) for a in (mu, S))
        out = {"mu_mle": Val(mu, True), "Sigma_mle": Val(S, True), "mu_hat": Val(mu, True)}
        # A claimed covariance that is a local maximum of the (strictly concave in the
        # precision) likelihood IS the maximiser, so where the stated right side passes that
        # test it is taken as the exact maximiser (Newton's result agrees to ~1e-15; the test
        # dates from finite-difference Newton, which reached only ~1e-4)
        for r in st.relations:
            if getattr(r.lhs, "name", "") != "Sigma_mle":
                continue
            inst.values.update(out)
            try:
                claim = np.asarray(Evaluator(inst)(r.rhs).arr, float)
            except (EvalError, ValueError, np.linalg.LinAlgError):
                continue
            if claim.shape != S.shape:
                continue
            local = _is_local_max(X, mu, claim, rng)
            out["Sigma_mle"] = Val(np.where(local[:, None, None], claim, S), True)
        return out
    count = ctx.decls["x"].args[0]  # the size name of the data family x = vectors(n, d)
    others = [x.name for x in ctx.decls if x.kind == "dim" and x.name not in (count, "d")]
    return ctx.numeric(st, extra=extra, dims=[{count: n, "d": d, **{o: 2 for o in others}}
                                              for n, d in MLE_SIZES])


@register("probability.gaussian_block_psd")
def _block_psd(stmt, ctx):
    """``Sigma_jk \\succeq 0`` for a block of a joint covariance: the joint covariance is a random
    p.s.d. (e + f) x (e + f) matrix (a third rank-deficient) cut into Sigma_11 (e x e), Sigma_12
    (e x f), Sigma_21 and Sigma_22.  A block is p.s.d. when it is square, symmetric and has no
    negative eigenvalue; a non-square block is refuted as such."""
    (rel,) = stmt.relations
    if rel.op != "succeq" or rel.rhs != 0 or not getattr(rel.lhs, "is_Matrix", False):
        raise EvalError("expected a matrix \\succeq 0")
    name = str(rel.lhs)
    rng = ctx.rng("blocks")
    trials = 0
    for e, f in [(2, 3), (2, 2), (1, 2), (3, 3)]:
        T = 8
        inst = ctx.sampler.sample(rng, T, dims={"e": e, "f": f})
        B = rng.normal(size=(T, e + f, e + f - (rng.random() < 1 / 3)))
        S = B @ np.swapaxes(B, -1, -2)
        blocks = {"Sigma_11": S[:, :e, :e], "Sigma_12": S[:, :e, e:],
                  "Sigma_21": S[:, e:, :e], "Sigma_22": S[:, e:, e:]}
        inst.values.update({k: Val(v, True) for k, v in blocks.items()})
        M = np.broadcast_to(Evaluator(inst)(rel.lhs).arr, (T,) + Evaluator(inst)(rel.lhs).mshape)
        why = None
        if M.shape[-1] != M.shape[-2]:
            why = f"{name} is {M.shape[-2]}×{M.shape[-1]}, not square, so it cannot be p.s.d."
            bad = 0
        else:
            asym = np.abs(M - np.swapaxes(M, -1, -2)).max(axis=(-1, -2))
            low = np.linalg.eigvalsh((M + np.swapaxes(M, -1, -2)) / 2)[:, 0]
            scale = np.abs(M).max(axis=(-1, -2)) + 1
            fail = (asym > 1e-9 * scale) | (low < -1e-9 * scale)
            if fail.any():
                bad = int(np.flatnonzero(fail)[0])
                why = (f"{name} is not symmetric" if asym[bad] > 1e-9 * scale[bad]
                       else f"{name} has the negative eigenvalue {low[bad]:.4g}")
        if why is not None:
            cx = {"relation": str(rel), "instance": describe_trial(inst, bad),
                  "lhs": _trial_value(Val(M, True), bad, T), "rhs": 0, "why": why,
                  "seed": ctx.seed}
            return Evidence("refuted", "custom", trials=trials + 1, seed=ctx.seed,
                            counterexample=cx, detail=why)
        trials += T
    return Evidence("passed", "custom", trials=trials, seed=ctx.seed,
                    detail=f"{trials} random p.s.d. joint covariances, block {name} p.s.d.")

