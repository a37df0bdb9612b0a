"""Proofs with SymPy: an identity is proved when lhs - rhs simplifies to 0.

Only scalar identities are attempted: SymPy's matrix expressions and the probability operators
of ``cheatsheet.ops`` have no reliable simplifier, and a failed attempt costs time.  Cheap
rewrites go first (expand, cancel), ``simplify`` last, all under a time limit.  Failing to
simplify proves nothing either way, so the caller falls back to the numeric check.
"""
from __future__ import annotations

import time

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr

from cheatsheet import ops
from cheatsheet.statement import Statement
from .evidence import Evidence
from .timelimit import CheckTimeout, time_limit

_NUMERIC_ONLY = (ops.E, ops.Var, ops.Cov, ops.Prob, ops.Inner, ops.Norm, ops.Eigenvalue, ops.Extremum, ops.Partial,
                 ops.MatApply, sp.Indexed, sp.Sum, sp.Product, MatrixExpr)


def provable(stmt: Statement) -> bool:
    """Whether a proof attempt makes sense at all (scalar identities only)."""
    if not stmt.relations or any(r.op != "=" for r in stmt.relations):
        return False
    for r in stmt.relations:
        for side in (r.lhs, r.rhs):
            if isinstance(side, MatrixExpr) or side.has(*_NUMERIC_ONLY):
                return False
            if side.atoms(sp.core.function.AppliedUndef):
                return False
    return True


def _prepare(e):
    e = e.replace(ops.Sigmoid, lambda z: 1 / (1 + sp.exp(-z)))
    return e.doit()


def prove(stmt: Statement, budget: float = 2.0) -> Evidence | None:
    """``Evidence('proved')`` if every relation simplifies to an identity, else None."""
    if not provable(stmt):
        return None
    start = time.perf_counter()
    steps = []
    try:
        with time_limit(budget):
            for r in stmt.relations:
                diff = _prepare(r.lhs) - _prepare(r.rhs)
                steps_to_try = [("expand", sp.expand), ("cancel", sp.cancel)]
                if diff.has(sp.tanh, sp.sinh, sp.cosh):
                    steps_to_try.append(("rewrite(exp)", _exp_rewrite))
                steps_to_try += [("simplify", sp.simplify), ("expand(log)", _log_expand)]
                for name, fn in steps_to_try:
                    if fn(diff) == 0:
                        steps.append(name)
                        break
                else:
                    return None
    except CheckTimeout:
        return None
    except (TypeError, ValueError, AttributeError, NotImplementedError, RecursionError):
        return None
    return Evidence("proved", "symbolic", detail="lhs - rhs reduces to 0 by "
                    + ", ".join(steps) + " under the declared assumptions",
                    seconds=time.perf_counter() - start)


def _log_expand(e):
    # no force=True: that would "prove" log(x^2) = 2 log x for negative x
    return sp.simplify(sp.expand_log(sp.expand(e)))


def _exp_rewrite(e):
    # hyperbolic and logistic identities close once everything is written with exp
    return sp.simplify(sp.expand(e.rewrite(sp.exp)))
