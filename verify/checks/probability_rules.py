"""Custom checks of the standard rules of a probability sheet: correlation, Markov's and
Hoeffding's bounds, conditional expectation, moments of random vectors, events, and moment
generating functions.  Each gives the names of a formula their meaning on random finite laws
built here (spreads, tables, sample spaces, exact laws of sample means), never from the
formula under test.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import Given
from ..custom import register
from ..evaluate import Distribution, EvalError, Val
from .probability import _map_stmt


# ------------------------------------------------------------- correlation, Markov's bound

_CORR_NAMES = {"Corr", "corr", "rho", "Cor", "cor"}


def _law_of(inst, *names):
    """The joint law holding the named variables (a pair from different laws is refused)."""
    for d in inst.dists:
        if all(n in d.names for n in names):
            return d
    raise EvalError(f"{', '.join(names)} are not drawn from one joint law")


def _corr_rewrite(expr, sym):
    """``Corr(X, Y)`` / ``\\rho(X, Y)`` -> the symbol the check gives the true correlation
    (symmetric: rho_YX is the same number)."""
    if isinstance(expr, sp.core.function.AppliedUndef) and type(expr).__name__ in _CORR_NAMES:
        if sorted(str(a) for a in expr.args) == ["X", "Y"]:
            return sym
        raise EvalError("a correlation of other arguments than X and Y")
    if not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        return expr
    new = [_corr_rewrite(a, sym) for a in expr.args]
    return expr.func(*new) if any(n is not o for n, o in zip(new, expr.args)) else expr


@register("probability.correlation")
def _correlation(stmt, ctx):
    """``rho_XY`` (also ``rho``, ``Corr(X, Y)``) is the Pearson correlation of X and Y's random
    finite joint law, computed from the standardised atoms (mean 0, variance 1) rather than
    from Cov / sqrt(Var Var).  In a quarter of the trials Y is an exact affine function of X
    (slope of either sign), where the correlation is +1 or -1 and the bounds are reached."""
    sym = sp.Symbol("rho_XY", real=True)
    st = _map_stmt(stmt, lambda e: _corr_rewrite(e, sym))
    rng = ctx.rng("correlation")

    def extra(inst):
        d = _law_of(inst, "X", "Y")
        x, y, p = d.atoms["X"], d.atoms["Y"], d.probs
        affine = rng.random(p.shape[:-1]) < 0.25
        slope = rng.choice([-1.0, 1.0], size=p.shape[:-1]) * rng.uniform(0.2, 3, p.shape[:-1])
        y = np.where(affine[..., None], slope[..., None] * x + rng.normal(size=p.shape[:-1] + (1,)), y)
        d.atoms["Y"] = y

        def standard(a):
            m = (p * a).sum(-1, keepdims=True)
            return (a - m) / np.sqrt((p * (a - m) ** 2).sum(-1, keepdims=True))
        rho = np.clip((p * standard(x) * standard(y)).sum(-1), -1.0, 1.0)
        rho = np.where(affine, np.sign(slope), rho)  # exactly +-1, not 1 - 1e-16
        return {n: Val(rho) for n in ("rho_XY", "rho_X,Y", "rho_YX", "rho_Y,X", "rho")}
    return ctx.numeric(st, extra=extra)


@register("probability.nonnegative")
def _nonnegative(stmt, ctx):
    """X is a nonnegative variable (Markov's inequality): its random finite law's atoms are
    made nonnegative, at spreads from 0.05 to 20, and in a third of the trials X takes only the
    values 0 and a (where Markov's bound is attained), so a bound too small by any factor fails.
    In another third X is 0 or 2a with equal chances, so |X - E X| = a surely: a formula
    matched to the claim that is not it (Chebyshev's bound with a for a^2, Var(X)/a = a) is
    wrong there for every a < 1, and at few of the generic laws."""
    rng = ctx.rng("nonnegative")

    def extra(inst):
        d = _law_of(inst, "X")
        a = d.atoms["X"]
        batch = d.probs.shape[:-1]
        scale = np.exp(rng.uniform(np.log(0.05), np.log(20.0), size=batch))[..., None]
        x = np.abs(a) * scale
        pick = rng.random(batch)
        if "a" in inst.values:
            level = np.broadcast_to(inst.values["a"].arr, batch)[..., None]
            wide = (pick >= 1 / 3) & (pick < 2 / 3)
            times = np.where(wide, 2.0, 1.0)[..., None]
            x = np.where((pick < 2 / 3)[..., None],
                         np.where(np.arange(a.shape[-1]) % 2 == 0, 0.0, level * times), x)
            if a.shape[-1] % 2 == 0:  # (as many atoms at 0 as at 2a: equal chances)
                d.probs = np.where(wide[..., None], 1.0 / a.shape[-1], d.probs)
        d.atoms["X"] = x
        return {}
    return ctx.numeric(stmt, extra=extra)


# ----------------------------------------------------------------- conditional expectation

@register("probability.conditional")
def _conditional(stmt, ctx):
    """E[X | Y], Var(X | Y) and the laws of total expectation and variance: X, Y, Z get a
    random joint pmf table (2-3 values each, at random real values), so that conditioning on Y
    groups several outcomes (on a generic law every value of Y occurs once, E[X | Y] is X and
    Var(X | Y) is 0, and a formula that drops either term would pass)."""
    rng = ctx.rng("table")
    names = [d.name for d in ctx.decls if d.domain == "rv" and not d.args]

    def extra(inst):
        T = inst.dists[0].probs.shape[0] if inst.dists else \
            next(iter(inst.values.values())).arr.shape[0]
        sizes = [int(k) for k in rng.integers(2, 4, size=len(names))]
        p = rng.dirichlet(np.ones(int(np.prod(sizes))), size=T)
        grid = np.stack(np.meshgrid(*[np.arange(k) for k in sizes], indexing="ij"),
                        -1).reshape(-1, len(names))
        atoms = {}
        for j, n in enumerate(names):
            values = rng.normal(size=(T, sizes[j])) * 2 + rng.normal(size=(T, 1))
            atoms[n] = values[:, grid[:, j]]
        inst.dists[:] = [x for x in inst.dists if not set(x.names) & set(names)] + [
            Distribution(tuple(names), atoms, p)]
        return {}
    return ctx.numeric(stmt, extra=extra)


@register("probability.spread")
def _spread(stmt, ctx):
    """Generic random variables drawn at spreads from 0.05 to 20, each its own: an inequality
    between moments of different degrees (Cov(X, Y) <= Var(X) Var(Y) for the squared form)
    holds for laws of spread near 1 or above and fails for narrow ones."""
    rng = ctx.rng("spread")

    def extra(inst):
        for d in inst.dists:
            batch = d.probs.shape[:-1]
            for n in d.names:
                if d.vector.get(n, False):
                    continue
                scale = np.exp(rng.uniform(np.log(0.05), np.log(20.0), size=batch))
                d.atoms[n] = d.atoms[n] * scale[..., None]
        return {}
    return ctx.numeric(stmt, extra=extra)


@register("probability.vector_moments")
def _vector_moments(stmt, ctx):
    """``mu`` and ``Sigma`` are the mean vector and covariance matrix of the random vector x's
    (random, finite) law, computed from its atoms; the identity is then about any law with
    that mean and covariance (a Gaussian's included)."""
    vec = next(d.name for d in ctx.decls if d.is_random_vector)

    def extra(inst):
        d = _law_of(inst, vec)
        a, p = d.atoms[vec], d.probs  # (T, m, n, 1), (T, m)
        mean = (p[..., None, None] * a).sum(-3)
        c = a - mean[..., None, :, :]
        cov = (p[..., None, None] * (c @ np.swapaxes(c, -1, -2))).sum(-3)
        return {"mu": Val(mean, True), "Sigma": Val(cov, True)}
    return ctx.numeric(stmt, extra=extra)


# ------------------------------------------------------------------------------ events

_OUTCOMES = 8  # points of the sample space of the events checks
_COMPLEMENT_MARKS = {"c", "C", "complement", "\u2201"}


class _Events:
    """The events a statement names inside P(...), read as 0/1 random variables on one sample
    space: A, B (names or sets), A^c, unions, intersections, differences, a joint ``P(A, B)``,
    and ``A_i``, the cells of a partition (a random vector of indicators, one cell per point)."""

    def __init__(self):
        self.events: set[str] = set()
        self.partitions: set[str] = set()

    def prob(self, expr):
        if isinstance(expr, ops.Prob):
            (arg,) = expr.args
            if isinstance(arg, Given):
                a, b = (self.event(x) for x in arg.args)
                return ops.Prob(a * b) / ops.Prob(b)
            return ops.Prob(self.event(arg))
        if not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
            return expr
        new = [self.prob(a) for a in expr.args]
        return expr.func(*new) if any(n is not o for n, o in zip(new, expr.args)) else expr

    def event(self, e):
        from cheatsheet.latex.sets import NamedSet
        if isinstance(e, NamedSet):
            return self._name(str(e.args[0].name if hasattr(e.args[0], "name") else e.args[0]))
        if isinstance(e, sp.Symbol):
            return self._name(e.name)
        if isinstance(e, sp.Pow) and isinstance(e.exp, sp.Symbol) and \
                e.exp.name in _COMPLEMENT_MARKS:
            return 1 - self.event(e.base)
        if isinstance(e, sp.Union):
            out = sp.Integer(1)
            for a in e.args:
                out = out * (1 - self.event(a))
            return 1 - out
        if isinstance(e, (sp.Intersection, sp.Tuple)):
            return sp.Mul(*[self.event(a) for a in e.args])
        if isinstance(e, sp.Complement):
            a, b = e.args
            return self.event(a) * (1 - self.event(b))
        if isinstance(e, sp.Indexed) and len(e.indices) == 1:
            self.partitions.add(str(e.base.label))
            return e
        raise EvalError(f"{sp.sstr(e)[:40]} is not an event (a named event, a complement, a "
                        "union, an intersection or a cell A_i of a partition)")

    def _name(self, name):
        if not name[:1].isupper():
            raise EvalError(f"{name} is not an event (events are capitals: A, B, A_i)")
        self.events.add(name)
        return sp.Symbol(name, real=True)


@register("probability.events")
def _events(stmt, ctx):
    """Probabilities of events on a random finite sample space (8 points with random weights):
    each named event is a random set of points (never empty, never everything), and ``A_i``
    (i = 1..n) are the cells of a random partition into n nonempty cells."""
    ev = _Events()
    st = _map_stmt(stmt, ev.prob)
    if not ev.events and not ev.partitions:
        raise EvalError("no event inside P(...)")
    rng = ctx.rng("events")
    count = next((d.args[0] for d in ctx.decls if d.kind == "index"), None)
    dims = [{count: k} for k in (4, 2, 3, 1)] if count is not None else [{}]
    # nothing sampled tells the batch size here: it is the numeric checker's trials per size
    # (no assumptions, so no over-drawing)
    if ctx.options.assume or stmt.premises:
        raise EvalError("probability.events takes no assumptions")
    T = max(4, math.ceil(ctx.options.trials / len(dims)))

    def extra(inst):
        m = _OUTCOMES
        probs = rng.dirichlet(np.ones(m), size=T)
        atoms, vector = {}, {}
        for name in sorted(ev.events):
            inside = rng.random((T, m)) < 0.5
            order = np.argsort(rng.random((T, m)), axis=1)
            inside[np.arange(T), order[:, 0]] = True
            inside[np.arange(T), order[:, 1]] = False
            atoms[name] = inside.astype(float)
        for name in sorted(ev.partitions):
            n = inst.dims.get(count) if count is not None else None
            if n is None:
                raise EvalError(f"the cells {name}_i need a declared number of cells")
            cell = rng.integers(n, size=(T, m))
            order = np.argsort(rng.random((T, m)), axis=1)
            cell[np.arange(T)[:, None], order[:, :n]] = np.arange(n)  # every cell nonempty
            atoms[name] = (cell[..., None] == np.arange(n)).astype(float)[..., None]
            vector[name] = True
        names = tuple(atoms)
        inst.dists[:] = [d for d in inst.dists if not set(d.names) & set(names)] + [
            Distribution(names, atoms, probs, vector)]
        return {}
    return ctx.numeric(st, extra=extra, dims=dims)


# ------------------------------------------------------------------ moment generating functions

def _mgf_variable(name: str, decls):
    """``M_X`` -> X, ``M_{X+Y}`` (named ``M_X+Y``) -> X + Y, ``M_{aX+b}`` -> a X + b: the
    subscript of an MGF's name read back as a formula of the claim's symbols."""
    from cheatsheet.latex import LatexError, parse_expr
    if not name.startswith("M_") or len(name) < 3:
        return None
    try:
        return parse_expr(name[2:], decls)
    except LatexError:
        raise EvalError(f"cannot read the subscript of {name} as a random variable") from None


def _mgf_rewrite(expr, decls):
    """M_V(s) -> E[e^{s V}]; its k-th derivative at s (``M_V^{(k)}(s)``, ``M_V'(0)``) ->
    E[V^k e^{s V}], the derivative taken under the (finite) sum of the law's atoms."""
    if isinstance(expr, sp.Subs):
        body, (var,), (point,) = expr.args
        if isinstance(body, sp.Derivative) and isinstance(body.expr, sp.core.function.AppliedUndef):
            v = _mgf_variable(type(body.expr).__name__, decls)
            if v is not None and body.expr.args == (var,) and len(body.variable_count) == 1:
                (dvar, order), = body.variable_count
                if dvar == var:
                    return ops.E(v ** order * sp.exp(point * v))
    if isinstance(expr, sp.core.function.AppliedUndef):
        v = _mgf_variable(type(expr).__name__, decls)
        if v is not None:
            if len(expr.args) != 1:
                raise EvalError(f"{type(expr).__name__} takes one argument")
            return ops.E(sp.exp(expr.args[0] * v))
    if isinstance(expr, sp.Derivative):
        raise EvalError("a derivative of an MGF away from an evaluation point")
    if not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        return expr
    new = [_mgf_rewrite(a, decls) for a in expr.args]
    return expr.func(*new) if any(n is not o for n, o in zip(new, expr.args)) else expr


@register("probability.mgf")
def _mgf(stmt, ctx):
    """``M_V(t)`` is the MGF E[e^{tV}] of the variable its subscript names (``M_X``,
    ``M_{X+Y}``, ``M_{aX+b}``), exact on the random finite laws; its k-th derivative at a
    point s is E[V^k e^{sV}] (differentiated under the finite sum), never the formula under
    test."""
    st = _map_stmt(stmt, lambda e: _mgf_rewrite(e, ctx.decls))
    return ctx.numeric(st)


def _lower_tail(stmt, decls) -> bool:
    """Does the formula bound a lower tail, P(X <= a), of a random variable?"""
    rvs = {d.name for d in decls if d.domain == "rv"}
    for rel in stmt.relations:
        for side in (rel.lhs, rel.rhs):
            for p in side.atoms(ops.Prob) if isinstance(side, sp.Basic) else ():
                ev = p.args[0]
                if isinstance(ev, sp.core.relational.Relational) and ev.rel_op in ("<", "<=", ">", ">="):
                    if {str(s) for s in ev.lts.free_symbols} & rvs:
                        return True
    return False


@register("probability.chernoff")
def _chernoff(stmt, ctx):
    """The Chernoff bound P(X >= a) <= e^{-ta} M_X(t): M_X as in ``probability.mgf``, on the
    random finite laws; in a third of the trials X is the constant a (P = 1 and the bound is
    attained, so a bound off by a factor or a sign in an exponent fails) and in another third
    X sits at a and below it, so the left side is the weight of the atom at a."""
    rng = ctx.rng("chernoff")
    if _lower_tail(stmt, ctx.decls):
        raise EvalError("it bounds a lower tail, where the sign of t is the sheet's "
                        "(e^{-ta} M_X(t) for t < 0, or e^{ta} M_X(-t) for t > 0)")
    st = _map_stmt(stmt, lambda e: _mgf_rewrite(e, ctx.decls))

    def extra(inst):
        if "a" not in inst.values:
            return {}
        d = _law_of(inst, "X")
        x = d.atoms["X"]
        batch = d.probs.shape[:-1]
        level = np.broadcast_to(inst.values["a"].arr, batch)[..., None]
        pick = rng.random(batch)[..., None]
        below = level - np.abs(x - level)
        below[..., :1] = level[..., :1]
        d.atoms["X"] = np.where(pick < 1 / 3, np.broadcast_to(level, x.shape),
                                np.where(pick < 2 / 3, below, x))
        return {}
    return ctx.numeric(st, extra=extra)


# ------------------------------------------------------------------------------- Hoeffding

def _compositions(n: int, k: int) -> np.ndarray:
    """Every (c_1..c_k) of nonnegative counts summing to n: the outcomes of n draws from k
    atoms, up to order."""
    if k == 1:
        return np.array([[n]])
    return np.array([[c, *rest] for c in range(n, -1, -1)
                     for rest in _compositions(n - c, k - 1)])


def _sample_mean_law(x: np.ndarray, p: np.ndarray, n: int):
    """Exact law of the mean of n i.i.d. draws from the atoms x with weights p (k atoms each):
    the multinomial over the counts of each atom."""
    comp = _compositions(n, len(x))
    logc = math.lgamma(n + 1) - np.array([sum(math.lgamma(c + 1) for c in row) for row in comp])
    with np.errstate(divide="ignore"):
        probs = np.exp(logc + (comp * np.log(p)).sum(-1))
    return comp @ x / n, probs


_MANY_DRAWS = (4, 8)  # the sample sizes where 2^-n exceeds exp(-n^2 eps^2) for eps near 1/2


@register("probability.hoeffding")
def _hoeffding(stmt, ctx):
    """``X_bar_n`` is the mean of n i.i.d. draws from a random law on [a, b] ([0, 1] when the
    claim writes no a and b; 2 or 3 atoms; in a third of the trials the two endpoints with
    weight 1/2 each, and epsilon just under (b - a) / 2, where the sample mean is that far from
    mu with a large probability and a bound of the wrong form fails; on [0, 1] every third
    trial, alternately with 1-2 and with 4-8 draws) and mu that law's mean; P(...) of the
    sample mean is exact (the multinomial over the counts)."""
    rng = ctx.rng("hoeffding")
    name = next(d.name for d in ctx.decls if d.domain == "rv")

    def extra(inst):
        unit = "a" not in inst.values  # a claim for values in [0, 1] writes no a and b
        spread = np.exp(rng.uniform(np.log(0.2), np.log(5.0), inst.values["n"].arr.shape))
        if unit:
            spread = np.ones_like(spread)
        lo_end, hi_end = (0.0, 1.0) if unit else (inst.values["a"].arr, inst.values["b"].arr)
        a = np.broadcast_to(lo_end, spread.shape) * spread  # widths 0.01 to 30:
        b = np.broadcast_to(hi_end, spread.shape) * spread  # eps^3 for eps^2 shows
        ns = np.array(np.broadcast_to(inst.values["n"].arr, a.shape)).astype(int)
        T = a.shape[0]
        k = int(rng.integers(2, 4))
        size = len(_compositions(max(int(ns.max()), _MANY_DRAWS[-1] if unit else 0), k))
        atoms, probs, mus = np.zeros((T, size)), np.zeros((T, size)), np.zeros(T)
        eps = np.array(np.broadcast_to(inst.values["epsilon"].arr, a.shape), float)
        for t in range(T):
            lo, hi = sorted((a[t], b[t]))
            # the endpoints' law in a third of the trials: by the trial's place on [0, 1] (a
            # verdict that must not hang on the seed), by a draw on [a, b] as before
            if (t % 3 == 0) if unit else rng.random() < 1 / 3:
                x, p = np.array([lo, hi]), np.array([0.5, 0.5])
                eps[t] = rng.uniform(0.5, 0.999) * (hi - lo) / 2
                if unit:
                    # epsilon near 1/2, so that the mean is that far from 1/2 only at 0 or 1
                    # (probability 2^-n): with one or two draws a bound lacking its 2 fails;
                    # with four to eight one that falls faster in n (n^2 eps^2) does
                    eps[t] = rng.uniform(0.9, 0.999) / 2
                    few = (t // 3) % 2 == 0
                    lo_n, hi_n = (1, 2) if few else _MANY_DRAWS
                    ns[t] = rng.integers(lo_n, hi_n + 1)
            else:
                x = np.sort(rng.uniform(lo, hi, k))
                x[0], x[-1] = (lo, x[-1]) if rng.random() < 0.5 else (x[0], x[-1])
                p = rng.dirichlet(np.ones(k))
            v, w = _sample_mean_law(x, p, int(ns[t]))
            atoms[t, :len(v)], probs[t, :len(w)] = v, w
            mus[t] = float(p @ x)
        inst.dists[:] = [d for d in inst.dists if name not in d.names] + [
            Distribution((name,), {name: atoms}, probs)]
        out = {"mu": Val(mus), "epsilon": Val(eps)}
        return {**out, "n": Val(ns.astype(float))} if unit else {**out, "a": Val(a), "b": Val(b)}
    return ctx.numeric(stmt, extra=extra)
