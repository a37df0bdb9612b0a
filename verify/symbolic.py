"""Proofs with SymPy: an identity is proved when lhs - rhs simplifies to 0.

Only scalar identities are attempted: SymPy's matrix expressions have no reliable simplifier,
and a failed attempt costs time.  Expectations and variances are attempted when every random
variable in them has a named law (Bernoulli, Normal, ...): ``sympy.stats`` computes them; a
generic random variable (a random finite law) has no closed form to simplify.  Cheap
rewrites go first (expand, cancel), ``simplify`` last, all within a budget of CPU time (not
wall time: a busy machine must not turn a proof into a numeric pass).  Failing to simplify
proves nothing either way, so the caller falls back to the numeric check.
"""
from __future__ import annotations

import time

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr

from cheatsheet import ops
from cheatsheet.latex.law_statements import has_law_relation
from cheatsheet.statement import Statement
from . import proofs
from .cache import expiries
from .evidence import Evidence
from .timelimit import CheckTimeout, cpu_limit

_NUMERIC_ONLY = (ops.E, ops.Var, ops.Cov, ops.Prob, ops.Inner, ops.Norm, ops.Eigenvalue, ops.Extremum, ops.Partial,
                 ops.MatApply, sp.Indexed, sp.Sum, sp.Product, MatrixExpr)


_MOMENTS = (ops.E, ops.Var, ops.Cov)


def _law(decl, decls):
    """The sympy.stats random variable of a named law, or None."""
    from sympy import stats

    args = [sp.Integer(a) if isinstance(a, int) else sp.Float(a) if isinstance(a, float)
            else decls.sympy(a) for a in decl.args]
    # only laws whose moments SymPy closes quickly: Poisson and Gamma MGFs and a Binomial with
    # a symbolic n come back as unevaluated sums/integrals that simplify can only burn time on
    make = {
        "Bernoulli": lambda: stats.Bernoulli(decl.name, *args),
        "Binomial": lambda: stats.Binomial(decl.name, *args) if args[0].is_Integer else None,
        "Normal": lambda: stats.Normal(decl.name, args[0], sp.sqrt(args[1])),
        "Exponential": lambda: stats.Exponential(decl.name, *args),
        "Uniform": lambda: stats.Uniform(decl.name, *args),
    }.get(decl.domain)
    return make() if make else None


def _laws(stmt: Statement, decls) -> dict | None:
    """Symbol -> sympy.stats variable for every random variable of ``stmt``; None when one of
    them has no named law (then there is no closed form to prove anything with)."""
    if decls is None:
        return None
    out = {}
    for sym in stmt.free_symbols:
        d = decls.get(getattr(sym, "name", ""))
        if d is None or d.kind != "random":
            continue
        rv = _law(d, decls) if not d.is_random_vector else None
        if rv is None:
            return None
        out[sym] = rv
    return out


def provable(stmt: Statement, decls=None) -> bool:
    """Whether a proof attempt makes sense at all (scalar identities only)."""
    if not stmt.relations or any(r.op != "=" for r in stmt.relations):
        return False
    laws = None
    for r in stmt.relations:
        for side in (r.lhs, r.rhs):
            if isinstance(side, MatrixExpr):
                return False
            if side.has(*_MOMENTS):
                laws = _laws(stmt, decls) if laws is None else laws
                if laws is None:
                    return False
            others = tuple(t for t in _NUMERIC_ONLY if t not in _MOMENTS)
            if side.has(*others) or side.atoms(sp.core.function.AppliedUndef):
                return False
    return True


def _prepare(e, laws=None):
    e = e.replace(ops.Sigmoid, lambda z: 1 / (1 + sp.exp(-z)))
    if laws and e.has(*_MOMENTS):
        from sympy import stats

        e = e.replace(ops.E, lambda a: stats.E(a.subs(laws)))
        e = e.replace(ops.Var, lambda a: stats.variance(a.subs(laws)))
        e = e.replace(ops.Cov, lambda a, b: stats.covariance(a.subs(laws), b.subs(laws)))
    return e.doit()


def prove(stmt: Statement, budget: float = 2.0, decls=None) -> Evidence | None:
    """``Evidence('proved')`` if every relation simplifies to an identity, else None."""
    if has_law_relation(stmt) or not provable(stmt, decls):
        return None
    start = time.perf_counter()
    store = proofs.active()
    if store is not None:
        try:
            k = proofs.key(stmt.relations, decls, budget)
        except Exception:  # noqa: BLE001 - an expression SymPy cannot print: just prove it
            store = None
    if store is not None:
        known = store.get(k)
        if known is not None:  # this very attempt ran before (verify/proofs.py)
            if known == proofs.NOT_PROVED:
                return None
            return Evidence("proved", "symbolic", detail=known,
                            seconds=time.perf_counter() - start)
        expired = expiries()
    proved, repeatable = _attempt(stmt, budget, decls)
    # never an attempt the clock cut short (or one that ran out of stack: that depends on
    # where it was called from)
    if store is not None and repeatable and expiries() == expired:
        store.put(k, proved.detail if proved is not None else proofs.NOT_PROVED)
    if proved is not None:
        proved.seconds = time.perf_counter() - start
    return proved


def _attempt(stmt: Statement, budget: float, decls) -> tuple[Evidence | None, bool]:
    """The proof or None, and whether that outcome is the same on any later attempt."""
    steps = []
    try:
        with cpu_limit(budget):  # CPU time: a busy machine must not change what is proved
            laws = _laws(stmt, decls)
            for r in stmt.relations:
                diff = _prepare(r.lhs, laws) - _prepare(r.rhs, laws)
                steps_to_try = [("expand", sp.expand), ("cancel", sp.cancel)]
                if diff.has(sp.tanh, sp.sinh, sp.cosh):
                    steps_to_try.append(("rewrite(exp)", _exp_rewrite))
                steps_to_try += [("simplify", sp.simplify), ("expand(log)", _log_expand)]
                for name, fn in steps_to_try:
                    if fn(diff) == 0:
                        steps.append(name)
                        break
                else:
                    return None, True
    except CheckTimeout:
        return None, False
    except RecursionError:
        return None, False
    except (TypeError, ValueError, AttributeError, NotImplementedError):
        return None, True
    return Evidence("proved", "symbolic", detail="lhs - rhs reduces to 0 by "
                    + ", ".join(steps) + " under the declared assumptions"), True


def _log_expand(e):
    # no force=True: that would "prove" log(x^2) = 2 log x for negative x
    return sp.simplify(sp.expand_log(sp.expand(e)))


def _exp_rewrite(e):
    # hyperbolic and logistic identities close once everything is written with exp
    return sp.simplify(sp.expand(e.rewrite(sp.exp)))
