"""Putting computed values in place of the nodes a formula names: the helpers the custom checks
share (``replace`` a node of a statement, read sampled values, wrap arrays as evaluator values).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet.statement import Relation, Statement

from ..evaluate import Val


def fname(e) -> str:
    return type(e).__name__


def replace(stmt: Statement, rule) -> Statement:
    """The statement with every node for which ``rule(node)`` returns something replaced by it."""

    def walk(e):
        r = rule(e)
        if r is not None:
            return r
        if not isinstance(e, sp.Basic) or not e.args or isinstance(e, (sp.Symbol, sp.MatrixSymbol)):
            return e
        args = [walk(a) for a in e.args]
        if all(a is b for a, b in zip(args, e.args)):
            return e
        return e.func(*args)

    def rel(r):
        return Relation(walk(r.lhs), r.op, walk(r.rhs))

    return Statement(tuple(rel(r) for r in stmt.relations),
                     None if stmt.expr is None else walk(stmt.expr),
                     tuple(rel(r) for r in stmt.premises), latex=stmt.latex)


def by_name(mapping: dict):
    """A rule replacing applications of the named undefined functions by symbols."""

    def rule(e):
        if isinstance(e, sp.core.function.AppliedUndef) and fname(e) in mapping:
            return mapping[fname(e)]
        return None

    return rule


def vals(inst, *names):
    return [inst.values[n].arr for n in names]


def mval(a) -> Val:
    return Val(np.asarray(a, float), True)


def sval(a) -> Val:
    return Val(np.asarray(a, float), False)


def col(a):
    return a[..., None]
