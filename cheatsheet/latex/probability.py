"""Probability: ``P(...)`` with events and conditioning, ``E``, ``Var``, ``Cov``.

``P(A|B)`` is ``Prob(Given(A, B))``, ``P(X, Y)`` is ``Prob(Tuple(X, Y))``, ``P(X = x)`` is
``Prob(Eq(X, x))`` (unevaluated relationals).  Moments of a vector are ``MatApply`` nodes.
"""
from __future__ import annotations

import sympy as sp

from .. import ops
from .base import SYMPY_REL, FuncRef, is_matrix



class Given(sp.Function):
    """Conditioning inside a probability: ``P(Y|X)`` is ``Prob(Given(Y, X))``; several events
    on either side are a ``Tuple``."""

    nargs = 2

    @classmethod
    def eval(cls, *args):
        return None


class ProbabilityMixin:
    def prob(self, seq, node):
        """``P(event)``: a relation -> Prob(relational); ``P(A|B)`` -> Prob(Given(A, B));
        ``P(X, Y)`` -> Prob(Tuple(X, Y)); ``P(X)`` -> Prob(X)."""
        groups = [[]]
        for sep, c in self.args(seq):
            if sep == r"\mid":
                groups.append([])
            groups[-1].append(self.event(c))
        if len(groups) > 2:
            self.err("two conditioning bars", node)
        sides = [g[0] if len(g) == 1 else sp.Tuple(*g) for g in groups]
        if len(sides) == 2:
            return ops.Prob(Given(*sides))
        return ops.Prob(sides[0])

    def event(self, clause):
        if clause.data == "rel_fragment":
            self.err("an event with nothing on the left of its relation", clause)
        kids = clause.children
        exprs = [self.realize(self.expr(k)) for k in kids[0::2]]
        rels = []
        for i, tok in enumerate(kids[1::2]):
            op = self.rel_op(tok)
            if op not in SYMPY_REL:
                self.err("a relation that cannot stand in an event (an event compares with =, \\neq, <, \\le, >, \\ge)", tok)
            a, b = exprs[i], exprs[i + 1]
            if is_matrix(a) or is_matrix(b):
                self.err("an event between matrices", tok)
            rels.append(SYMPY_REL[op](a, b, evaluate=False))
        if not rels:
            return exprs[0]
        return rels[0] if len(rels) == 1 else sp.And(*rels, evaluate=False)

    def moment(self, op, vals, F, node, one):
        """``E[x]``, ``Var(x)``, ``Cov(x, y)`` (``Cov(x)`` is ``Var(x)``); a vector's are
        ``MatApply`` nodes (mean vector, covariance matrix)."""
        if op == "E":
            x = one()
            if isinstance(x, FuncRef):
                self.err("an expectation of a function named without its argument", node)
            if is_matrix(x):
                if x.shape == (1, 1):
                    return ops.E(self.to_scalar(x))
                return ops.MatApply("E", x.rows, x.cols, x)
            return ops.E(x)
        if op == "Var":
            x = one()
            if is_matrix(x):
                if x.shape == (1, 1):
                    return ops.Var(self.to_scalar(x))
                if x.shape[1] != 1:
                    self.err("a variance of a matrix (of a vector it is the covariance matrix)", node)
                return ops.MatApply("Var", x.rows, x.rows, x)
            return ops.Var(x)
        if op == "Cov":
            if len(vals) == 1:
                return self.apply_op("Var", vals, F, node)
            if len(vals) != 2:
                self.err("a covariance of more than two arguments", node)
            a, b = vals
            if is_matrix(a) or is_matrix(b):
                if not (is_matrix(a) and is_matrix(b)) or a.shape[1] != 1 or b.shape[1] != 1:
                    self.err("a covariance of a vector with a number", node)
                return ops.MatApply("Cov", a.rows, b.rows, a, b)
            return ops.Cov(a, b)
        self.err("an operator the reader cannot apply here", node)
