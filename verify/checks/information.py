"""Information theory: the true entropy, cross-entropy, KL and Jensen-Shannon divergences.

Sheets write these quantities as operator names (``H(p)``, ``\\text{KL}(p \\parallel q)``,
``JSD(P, Q)``, ``D_{\\text{KL}}(\\mathcal{N}(\\mu_0, \\sigma_0^2) \\parallel \\dots)``), which the
reader leaves as undefined functions.  These checks give the names their meaning, computed here
from the sampled probability vectors (or Gaussian parameters) independently of any formula on a
sheet, so the sheet's right-hand side is compared against the truth.

* ``information.truth``: H (one argument: entropy, two: cross-entropy), KL / D_KL, JSD / JS, TV of
  probability vectors (``Bern(p)`` is the vector (1 - p, p)); KL of two Poisson or two
  exponential laws (rates) from their log-densities; KL of two scalar Gaussians ``\\mathcal{N}(mean, variance)`` or two
  multivariate ones ``\\mathcal{N}(mean vector, covariance)`` by Gauss-Hermite quadrature of
  the log-density ratio (not by the closed form).
* ``information.jsd_midpoint``: as ``truth``, and the declared midpoint (``M``, ``m`` or ``p_m``)
  is set to the average of the two distributions, as the sheets define it on a separate line.
* ``information.free_indices``: formulas with free indices (``\\text{softmax}(z)_i``, a label
  ``z_y``, ``\\delta_{ij}``): decided for every assignment of the indices on small sizes.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet import ops
from cheatsheet.statement import Relation, Statement
from ..custom import register
from ..evidence import Evidence
from ..evaluate import EvalError, Val, _align

try:  # the reader's node for "a | b" / "a \parallel b" inside a function's parentheses
    from cheatsheet.latex import Given
except ImportError:  # pragma: no cover
    Given = None


# -- the true quantities ---------------------------------------------------------------------

@dataclass
class Gaussian(Val):
    """A normal law, as the value of ``\\mathcal{N}(mu, s2)``: scalar N(mean, variance), or
    multivariate N(mean vector, covariance matrix) (``cov`` set, ``mean`` a column)."""

    mean: np.ndarray | None = None
    var: np.ndarray | None = None
    cov: np.ndarray | None = None


def _gaussian(mu: Val, s2: Val) -> Gaussian:
    if mu.mat and s2.mat and mu.mshape[1] == 1 and s2.mshape == (mu.mshape[0],) * 2:
        m, S = _align(mu, s2)
        lead = np.broadcast_shapes(m.shape[:-2], S.shape[:-2])
        m = np.broadcast_to(m, lead + m.shape[-2:])
        return Gaussian(np.zeros(lead), False, mean=m, cov=np.broadcast_to(S, lead + S.shape[-2:]))
    if s2.mat and not mu.mat and s2.mshape[0] == s2.mshape[1] \
            and not np.any(np.asarray(mu.arr, float)):
        # N(0, I): a bold 0 is read as the number 0, and with a covariance matrix it can only
        # be the zero mean vector of its size
        zero = Val(np.zeros(np.shape(mu.arr) + (s2.mshape[0], 1)), True)
        return _gaussian(zero, s2)
    if mu.mat or s2.mat:
        raise EvalError("\\mathcal{N} takes a scalar mean and a scalar variance, or a mean "
                        "vector and a covariance matrix of its size")
    m, v = _align(mu, s2)
    m, v = np.broadcast_arrays(m, v)
    return Gaussian(np.zeros(m.shape), False, mean=m, var=v)


@dataclass
class Law1D(Val):
    """A Poisson (rate ``lam``) or exponential (rate ``lam``) law, as the value of
    ``\\mathrm{Pois}(lam)`` / ``\\mathrm{Exp}(lam)``: its KL is computed from its log-density,
    never from a closed form."""

    kind: str = ""
    lam: np.ndarray | None = None


def _rate(lam: Val) -> np.ndarray:
    if lam.mat:
        raise EvalError("a Poisson or exponential law takes one positive rate")
    return np.asarray(lam.arr, float)


def _bernoulli(p: Val) -> Val:
    """Bern(p): the pmf (1 - p, p) of {0, 1} as a probability column vector."""
    if p.mat:
        raise EvalError("a Bernoulli law takes one probability")
    q = np.asarray(p.arr, float)
    return Val(np.stack([1 - q, q], axis=-1)[..., None], True)


def _poisson(lam: Val) -> Law1D:
    r = _rate(lam)
    return Law1D(np.zeros(r.shape), False, kind="poisson", lam=r)


def _exponential(lam: Val) -> Law1D:
    r = _rate(lam)
    return Law1D(np.zeros(r.shape), False, kind="exponential", lam=r)


_POIS_K = np.arange(0, 400, dtype=float)
_LAG_X, _LAG_W = np.polynomial.laguerre.laggauss(30)


def _kl_law1d(a: Law1D, b: Law1D) -> Val:
    """KL(a || b) as the expectation under a of the log-density ratio: an exact sum over the
    Poisson support (SciPy's log-pmf, cut where the mass left is far below rounding), or
    Gauss-Laguerre quadrature under the exponential law."""
    from scipy import stats

    if a.kind != b.kind:
        raise EvalError("KL between laws of different families")
    l1, l2 = np.broadcast_arrays(a.lam, b.lam)
    if a.kind == "poisson":
        lp = stats.poisson.logpmf(_POIS_K, l1[..., None])
        lq = stats.poisson.logpmf(_POIS_K, l2[..., None])
        return Val((np.exp(lp) * (lp - lq)).sum(axis=-1))
    x = _LAG_X / l1[..., None]  # X ~ Exp(l1): x = y / l1 with weight e^{-y}
    ratio = (np.log(l1[..., None]) - l1[..., None] * x) - (np.log(l2[..., None]) - l2[..., None] * x)
    return Val((ratio * _LAG_W).sum(axis=-1))


NOT_A_LAW = "a distribution over a finite set is a probability column vector"


def _pmf(v: Val) -> np.ndarray:
    if not v.mat or v.mshape[1] != 1:
        raise EvalError(NOT_A_LAW)
    return v.arr[..., 0]


def _pair(a: Val, b: Val):
    """Two distributions over one finite set. A plain number is none: KL(p || q) of two
    success probabilities names the KL of the laws they parametrise, not a sum over them."""
    _pmf(a), _pmf(b)
    x, y = _align(a, b)
    x, y = np.broadcast_arrays(x, y)
    return x[..., 0], y[..., 0]


def _entropy(p: Val) -> Val:
    P = _pmf(p)
    return Val(-(P * np.log(P)).sum(axis=-1))


def _cross_entropy(p: Val, q: Val) -> Val:
    P, Q = _pair(p, q)
    return Val(-(P * np.log(Q)).sum(axis=-1))


_HN, _HW = np.polynomial.hermite_e.hermegauss(40)
_HW = _HW / np.sqrt(2 * np.pi)


def _log_normal(x, m, v):
    return -0.5 * np.log(2 * np.pi * v) - (x - m) ** 2 / (2 * v)


def _kl_gauss(a: Gaussian, b: Gaussian) -> Val:
    m0, v0, m1, v1 = np.broadcast_arrays(a.mean, a.var, b.mean, b.var)
    x = m0[..., None] + np.sqrt(v0)[..., None] * _HN
    ratio = _log_normal(x, m0[..., None], v0[..., None]) - _log_normal(x, m1[..., None],
                                                                      v1[..., None])
    return Val((ratio * _HW).sum(axis=-1))


def _kl_gauss_multi(a: Gaussian, b: Gaussian) -> Val:
    """KL of two multivariate normals as the expectation of the log-density ratio under the
    first, by Gauss-Hermite quadrature on x = mean + L z (L L^T the covariance): the ratio is
    quadratic in z, which three nodes per dimension integrate exactly.  The densities are
    evaluated; the trace / log-det closed form is not used."""
    m0, S0, m1, S1 = a.mean, a.cov, b.mean, b.cov
    lead = np.broadcast_shapes(m0.shape[:-2], S0.shape[:-2], m1.shape[:-2], S1.shape[:-2])
    m0, S0, m1, S1 = (np.broadcast_to(x, lead + x.shape[-2:]) for x in (m0, S0, m1, S1))
    n = m0.shape[-2]
    if n > 6 or m1.shape[-2] != n:
        raise EvalError("the KL of multivariate normals is computed up to 6 dimensions, same size")
    z1, w1 = np.polynomial.hermite_e.hermegauss(3)
    grid = np.array(np.meshgrid(*[z1] * n, indexing="ij")).reshape(n, -1)  # n x 3^n
    weights = np.prod(np.array(np.meshgrid(*[w1 / np.sqrt(2 * np.pi)] * n,
                                           indexing="ij")).reshape(n, -1), axis=0)
    try:
        L0 = np.linalg.cholesky(S0)
        L1 = np.linalg.cholesky(S1)
    except np.linalg.LinAlgError:
        raise EvalError("a covariance matrix that is not positive definite") from None
    x = m0 + L0 @ grid  # (..., n, 3^n)

    def log_density(x, m, L):
        u = np.linalg.solve(L, x - m)
        logdet = 2 * np.log(np.diagonal(L, axis1=-2, axis2=-1)).sum(axis=-1)
        return -0.5 * (u * u).sum(axis=-2) - 0.5 * logdet[..., None] - 0.5 * n * np.log(2 * np.pi)

    ratio = log_density(x, m0, L0) - log_density(x, m1, L1)
    return Val((ratio * weights).sum(axis=-1))


def _kl(p: Val, q: Val) -> Val:
    if isinstance(p, Law1D) or isinstance(q, Law1D):
        if not (isinstance(p, Law1D) and isinstance(q, Law1D)):
            raise EvalError("KL between a Poisson or exponential law and another kind")
        return _kl_law1d(p, q)
    if isinstance(p, Gaussian) and isinstance(q, Gaussian):
        if (p.cov is None) != (q.cov is None):
            raise EvalError("KL between a univariate and a multivariate normal")
        return _kl_gauss_multi(p, q) if p.cov is not None else _kl_gauss(p, q)
    if isinstance(p, Gaussian) or isinstance(q, Gaussian):
        raise EvalError("KL between a Gaussian and a finite distribution")
    P, Q = _pair(p, q)
    return Val((P * np.log(P / Q)).sum(axis=-1))


def _jsd(p: Val, q: Val) -> Val:
    P, Q = _pair(p, q)
    M = (P + Q) / 2
    return Val(0.5 * (P * np.log(P / M)).sum(axis=-1) + 0.5 * (Q * np.log(Q / M)).sum(axis=-1))


def _tv(p: Val, q: Val) -> Val:
    """Total variation of two laws on one finite set: the largest gap P(A) - Q(A) over events
    A, which is half the L1 distance of the pmfs (A = {p > q})."""
    P, Q = _pair(p, q)
    return Val(0.5 * np.abs(P - Q).sum(axis=-1))


def _H(*args: Val) -> Val:
    if len(args) == 1:
        return _entropy(args[0])
    if len(args) == 2:
        return _cross_entropy(*args)
    raise EvalError("H takes one distribution (entropy) or two (cross-entropy)")


class _Named:
    """A fixed function in the instance's function table (counterexamples describe it)."""

    def __init__(self, fn, text):
        self.fn, self.text = fn, text

    def __call__(self, *args):
        return self.fn(*args)

    def take(self, keep):
        return self

    def describe(self, i):
        return self.text


FUNCTIONS = {
    "H": _Named(_H, "true entropy (one argument) / cross-entropy (two), natural log"),
    "KL": _Named(_kl, "true KL divergence, natural log"),
    "D_KL": _Named(_kl, "true KL divergence, natural log"),
    "JSD": _Named(_jsd, "true Jensen-Shannon divergence, natural log"),
    "JS": _Named(_jsd, "true Jensen-Shannon divergence, natural log"),
    "TV": _Named(_tv, "true total variation distance"),
    "N": _Named(_gaussian, "the normal law with this mean and variance"),
    "Bern": _Named(_bernoulli, "the Bernoulli law with this success probability"),
    "Ber": _Named(_bernoulli, "the Bernoulli law with this success probability"),
    "Pois": _Named(_poisson, "the Poisson law with this rate"),
    "Poi": _Named(_poisson, "the Poisson law with this rate"),
    "Exp": _Named(_exponential, "the exponential law with this rate"),
}


# -- statement plumbing -------------------------------------------------------------------------

def _unwrap_given(expr):
    """KL(Given(p, q)) -> KL(p, q): the reader reads ``p \\parallel q`` as a conditioning bar."""
    if Given is None:
        return expr
    return expr.replace(
        lambda e: isinstance(e, AppliedUndef) and len(e.args) == 1 and isinstance(e.args[0], Given),
        lambda e: e.func(*e.args[0].args))


def _prepared(stmt: Statement) -> Statement:
    rels = tuple(Relation(_unwrap_given(r.lhs), r.op, _unwrap_given(r.rhs))
                 for r in stmt.relations)
    prem = tuple(Relation(_unwrap_given(r.lhs), r.op, _unwrap_given(r.rhs))
                 for r in stmt.premises)
    return replace(stmt, relations=rels, premises=prem)


def _used(stmt) -> set[str]:
    names = set()
    for r in stmt.relations + stmt.premises:
        for e in (r.lhs, r.rhs):
            names |= {type(f).__name__ for f in e.atoms(AppliedUndef)}
    return names


def _with_functions(inst, stmt, more=None):
    inst.functions.update({k: f for k, f in FUNCTIONS.items() if k in _used(stmt)})
    return more or {}


def _hellinger_beside_tv(stmt) -> bool:
    """H(P, Q) in a statement about total variation: there it is most often the Hellinger
    distance (TV >= H^2(P, Q), TV <= sqrt(2) H(P, Q)), not the cross-entropy H means here."""
    calls = [f for r in stmt.relations + stmt.premises for e in (r.lhs, r.rhs)
             for f in e.atoms(AppliedUndef)]
    return any(type(f).__name__ == "TV" for f in calls) and any(
        type(f).__name__ == "H" and len(f.args) == 2 for f in calls)


@register("information.truth")
def truth(stmt, ctx):
    stmt = _prepared(stmt)
    if _hellinger_beside_tv(stmt):
        return Evidence("undecided", "custom:information.truth", seed=ctx.seed, detail=(
            "H(P, Q) beside a total variation may be the Hellinger distance as well as the "
            "cross-entropy"))
    if not any(r.op == "!=" for r in stmt.relations):
        return ctx.numeric(stmt, extra=lambda inst: _with_functions(inst, stmt))
    rng = ctx.rng("apart")
    return ctx.numeric(stmt, extra=lambda inst: _with_functions(
        inst, stmt, _apart(inst, ctx.decls, rng)))


def _apart(inst, decls, rng, tv: float = 0.05, rounds: int = 200) -> dict:
    """For a '≠' claim ("KL is not symmetric"): distributions redrawn until each is at total
    variation >= ``tv`` from the others.  Where p and q nearly coincide, both sides agree to
    within rounding (KL(p||q) - KL(q||p) is of order |p - q|^3), so such a trial cannot show
    the difference the claim asserts and would "refute" a true claim on an unlucky seed."""
    names = [d.name for d in decls if d.domain == "probvec" and d.name in inst.values]
    out, drawn = {}, []
    for name in names:
        a = inst.values[name].arr.copy()
        for _ in range(rounds):
            close = np.zeros(a.shape[0], bool)
            for b in drawn:
                close |= 0.5 * np.abs(a - b).sum(axis=(-1, -2)) < tv
            if not close.any():
                break
            a[close] = rng.dirichlet(np.ones(a.shape[-2]), size=int(close.sum()))[..., None]
        drawn.append(a)
        out[name] = Val(a, True)
    return out


MIDPOINTS = {"M": ("P", "Q"), "m": ("p", "q"), "p_m": ("p_r", "p_theta")}


@register("information.jsd_midpoint")
def jsd_midpoint(stmt, ctx):
    stmt = _prepared(stmt)
    used = {getattr(x, "name", str(x)) for x in stmt.free_symbols}
    names = [(m, pq) for m, pq in MIDPOINTS.items() if m in ctx.decls and m in used]
    if not names:
        raise KeyError("information.jsd_midpoint needs a declared midpoint M, m or p_m")
    mid, (a, b) = names[0]

    def extra(inst):
        pa, pb = inst.values[a], inst.values[b]
        x, y = _align(pa, pb)
        return _with_functions(inst, stmt, {mid: Val((x + y) / 2, True)})

    return ctx.numeric(stmt, extra=extra)


@register("information.free_indices")
def free_indices(stmt, ctx):
    """Every assignment of the free indices (and delta_ij = [i = j]) on sizes 2 and 3."""
    stmt = _prepared(stmt)
    idx = [d for d in ctx.decls if d.kind == "index" and mentions(stmt, d.name)]
    dims = [d.name for d in ctx.decls if d.kind == "dim"]
    if len(dims) != 1:
        raise KeyError("information.free_indices expects exactly one dim symbol")
    (dim,) = dims
    last = None
    for size in (2, 3):
        for values in itertools.product(range(1, size + 1), repeat=len(idx)):
            assign = {d.name: float(k) for d, k in zip(idx, values)}

            def extra(inst, assign=assign):
                out = {n: Val(np.asarray(k)) for n, k in assign.items()}
                for a, b in itertools.product(assign, repeat=2):
                    out[f"delta_{a}{b}"] = Val(np.asarray(float(assign[a] == assign[b])))
                return _with_functions(inst, stmt, out)

            ev = ctx.numeric(stmt, extra=extra, dims=[{dim: size}], trials=8)
            if ev.verdict == "refuted":
                if ev.counterexample is not None:
                    ev.counterexample.setdefault("instance", {}).update(
                        {n: int(k) for n, k in assign.items()})
                return ev
            if ev.verdict != "passed":
                return ev
            last = ev if last is None else merge_trials(last, ev)
    return last


def mentions(stmt, name) -> bool:
    """Does the statement use ``name`` free (as a symbol or as an index of an entry)? A check
    that runs over an index tries its values only where the formula writes it."""
    for r in stmt.relations:
        for e in (r.lhs, r.rhs):
            for s in e.atoms(sp.Symbol):
                if s.name == name and s in e.free_symbols:
                    return True
            for m in e.atoms(sp.Indexed):
                if any(getattr(i, "name", None) == name and i in e.free_symbols
                       for i in m.indices):
                    return True
    return False


def merge_trials(a, b):
    """One evidence for several runs of a check (one per value of a free index)."""
    a.trials = (a.trials or 0) + (b.trials or 0)
    a.max_error = max(a.max_error or 0.0, b.max_error or 0.0)
    return a


# -- entropies of random variables -----------------------------------------------------------

_JOINT_RV = ("X", "Y", "Z")
_JOINT_SIZES = [(2, 3, 2), (3, 2, 2), (2, 2, 3), (3, 3, 2)]  # values of X, Y, Z


def _rv_set(e) -> tuple[str, ...]:
    """The variables of one side of ``H(...)``: X, or a list X, Y."""
    parts = e.args if isinstance(e, sp.Tuple) else (e,)
    names = tuple(str(p) for p in parts)
    if not all(n in _JOINT_RV for n in names):
        raise EvalError(f"{sp.sstr(e)[:40]} is not one of the random variables "
                        f"{', '.join(_JOINT_RV)}")
    return names


_KL_NAMES = ("KL", "D_KL", "D")
_LAW_NAME = re.compile(r"[pP]_\(?([XYZ](?:,?[XYZ])*)\)?")


def _law_factors(e) -> tuple[frozenset, ...]:
    """A law of X, Y, Z written as a product of marginals: ``p_{XY}``, ``p_X p_Y``,
    ``p(x, y)``, ``p(x) p(y)`` -> the variable set of each factor."""
    out = []
    for f in (e.args if isinstance(e, sp.Mul) else (e,)):
        if isinstance(f, sp.Symbol) and (m := _LAW_NAME.fullmatch(f.name)):
            out.append(frozenset(m.group(1).replace(",", "")))
        elif isinstance(f, ops.Prob) and len(f.args) == 1:
            parts = f.args[0].args if isinstance(f.args[0], sp.Tuple) else f.args
            names = [str(x).upper() for x in parts]
            if not all(isinstance(x, sp.Symbol) for x in parts) or not all(
                    n in _JOINT_RV for n in names):
                raise EvalError(f"{sp.sstr(f)[:40]} is not a law of {', '.join(_JOINT_RV)}")
            out.append(frozenset(names))
        else:
            raise EvalError(f"{sp.sstr(f)[:40]} is not a law of {', '.join(_JOINT_RV)}")
    if sum(len(f) for f in out) != len(frozenset().union(*out)):
        raise EvalError("a product of laws that share a variable is not a law")
    return tuple(sorted(out, key=sorted))


def _kl_key(expr):
    """``KL(p_{XY} || p_X p_Y)`` (read as KL(A | B), or with two arguments) -> its key."""
    args = expr.args
    if len(args) == 1 and Given is not None and isinstance(args[0], Given):
        args = args[0].args
    if len(args) != 2:
        raise EvalError("a divergence takes two laws")
    a, b = (_law_factors(x) for x in args)
    if frozenset().union(*a) != frozenset().union(*b):
        raise EvalError("the two laws of a divergence must be of the same variables")
    return ("KL", a, b)


def _information_terms(expr, terms: dict):
    """``H(X)``, ``H(X, Y)``, ``H(X | Y, Z)``, ``I(X; Y)`` of random variables -> a symbol per
    term, recorded in ``terms`` as (kind, variables, given); a divergence between laws of
    them written as products of marginals (``KL(p_{XY} || p_X p_Y)``) too."""
    if isinstance(expr, AppliedUndef) and type(expr).__name__ in _KL_NAMES:
        key = _kl_key(expr)
        return terms.setdefault(key, sp.Symbol(f"KL[{len(terms)}]", real=True))
    if isinstance(expr, AppliedUndef) and type(expr).__name__ in ("H", "I", "IG"):
        # a decision tree's information gain IG(Y, X) of splitting the label Y on X is I(X; Y)
        kind = "I" if type(expr).__name__ == "IG" else type(expr).__name__
        if kind == "H":
            if len(expr.args) == 1 and Given is not None and isinstance(expr.args[0], Given):
                a, b = expr.args[0].args
                key = ("H", _rv_set(a), _rv_set(b))
            else:
                key = ("H", _rv_set(sp.Tuple(*expr.args)), ())
        elif len(expr.args) == 1 and Given is not None and isinstance(expr.args[0], Given) \
                and isinstance(expr.args[0].args[0], sp.Tuple) and len(expr.args[0].args[0]) == 2:
            (a, b), c = expr.args[0].args[0].args, expr.args[0].args[1]  # I(A; B | C)
            key = ("I", (_rv_set(a), _rv_set(b)), _rv_set(c))
        else:
            if len(expr.args) != 2:
                raise EvalError("I(X; Y) takes two random variables")
            key = ("I", (_rv_set(expr.args[0]), _rv_set(expr.args[1])), ())
        sym = sp.Symbol(f"{kind}[{len(terms)}]", real=True)
        return terms.setdefault(key, sym)
    if not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        return expr
    new = [_information_terms(a, terms) for a in expr.args]
    return expr.func(*new) if any(n is not o for n, o in zip(new, expr.args)) else expr


def _joint_entropy(p: np.ndarray, names) -> np.ndarray:
    """H of the variables ``names`` under the joint pmf p (T, |X|, |Y|, |Z|), in nats."""
    keep = {_JOINT_RV.index(n) for n in names}
    drop = tuple(1 + k for k in range(len(_JOINT_RV)) if k not in keep)
    m = p.sum(axis=drop) if drop else p
    m = m.reshape(m.shape[0], -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.where(m > 0, m * np.log(m), 0.0).sum(-1)


def _law_table(p: np.ndarray, factors) -> np.ndarray:
    """The product of the marginals of p (T, |X|, |Y|, |Z|) over each factor's variables,
    with size-1 axes for the variables it leaves out."""
    out = np.ones((p.shape[0],) + (1,) * len(_JOINT_RV))
    for f in factors:
        drop = tuple(1 + k for k, n in enumerate(_JOINT_RV) if n not in f)
        out = out * (p.sum(axis=drop, keepdims=True) if drop else p)
    return out


def _term_value(p, key) -> np.ndarray:
    kind, names, given = key
    if kind == "KL":  # sum of A log(A / B) over the values of the variables both laws are of
        a, b = _law_table(p, names), _law_table(p, given)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(a > 0, a * np.log(a / b), 0.0).reshape(p.shape[0], -1).sum(-1)
    if kind == "H":  # H(A | C) = H(A, C) - H(C)
        return _joint_entropy(p, set(names) | set(given)) - (
            _joint_entropy(p, given) if given else 0.0)
    a, b = names  # I(A; B | C) = H(A, C) + H(B, C) - H(A, B, C) - H(C), from the marginals
    c = set(given)
    return (_joint_entropy(p, set(a) | c) + _joint_entropy(p, set(b) | c)
            - _joint_entropy(p, set(a) | set(b) | c) - (_joint_entropy(p, c) if c else 0.0))


@register("information.joint_entropy")
def joint_entropy(stmt, ctx):
    """Entropies of random variables: ``H(X)``, the joint ``H(X, Y)``, the conditional
    ``H(X | Y)`` and the mutual information ``I(X; Y)`` of X, Y, Z, each computed from a random
    joint pmf table (2-3 values each, natural log) by its definition through marginals
    (H(A | C) = H(A, C) - H(C)), never by the formula under test.  Half the tables are drawn
    from a sparse Dirichlet, so some laws are nearly deterministic and some variables nearly
    independent."""
    terms: dict = {}
    rels = tuple(Relation(_information_terms(r.lhs, terms), r.op,
                          _information_terms(r.rhs, terms)) for r in stmt.relations)
    if not terms:
        raise EvalError("no entropy H(...) or mutual information I(...; ...) of X, Y, Z")
    st = Statement(rels, None, stmt.premises, latex=stmt.latex)
    rng = ctx.rng("joint-pmf")

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0] if inst.values else \
            inst.dists[0].probs.shape[0]
        I, J, L = _JOINT_SIZES[rng.integers(len(_JOINT_SIZES))]
        alpha = np.where(rng.random(T) < 0.5, 1.0, 0.3)[:, None]
        p = np.stack([rng.dirichlet(np.full(I * J * L, a)) for a in alpha[:, 0]])
        p = np.maximum(p, 1e-12)
        p = (p / p.sum(-1, keepdims=True)).reshape(T, I, J, L)
        return {str(sym): Val(_term_value(p, key)) for key, sym in terms.items()}
    return ctx.numeric(st, extra=extra)
