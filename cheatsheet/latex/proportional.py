"""``A \\propto B``: "A is proportional to B", read into :class:`Proportional`.

A proportionality is no equation: ``p(\\theta \\mid x) \\propto p(x \\mid \\theta)\\, p(\\theta)``
says the ratio of the sides does not change as theta does (the factor 1/p(x) may depend on
everything else).  The reader keeps both sides and the variable the ratio is constant in, when
the left side names it: the argument before a conditioning bar (``p(\\theta \\mid x)``), the one
argument of a call (``f(x) \\propto g(x)``), or a sum's index in a subscript (``\\eta_k
\\propto 1/k``); else the variable is left open (None) and a checker must not decide.

The statement holds a ``Proportional`` as its expression and no relation, so a checker that
does not know it decides nothing (never a false alarm).  To decide it, a checker samples the
other names once, then the variable at several values, and compares the ratio lhs/rhs across
them (within its tolerance; a side that is 0 or undefined there says nothing).
"""
from __future__ import annotations

import re

import sympy as sp

from .base import is_matrix


class Proportional(sp.Function):
    """``Proportional(lhs, rhs, variable)``: lhs / rhs does not depend on ``variable`` (a
    Symbol, or ``sp.S.false`` when the formula does not say which one)."""

    nargs = 3

    @classmethod
    def eval(cls, *args):
        return None

    def _sympystr(self, printer):
        lhs, rhs, var = self.args
        at = "" if var == sp.S.false else f" (in {printer._print(var)})"
        return f"{printer._print(lhs)} ∝ {printer._print(rhs)}{at}"


class ProportionalMixin:
    def proportional(self, clause):
        kids = clause.children
        if len(kids) != 3:
            self.err("a proportionality chained with another relation (write each one)", clause)
        lhs, rhs = (self.realize(self.expr(k)) for k in (kids[0], kids[2]))
        if is_matrix(lhs) or is_matrix(rhs):
            if not (is_matrix(lhs) and is_matrix(rhs)):
                self.err("a proportionality between a matrix and a number", clause)
        return Proportional(lhs, rhs, self.proportional_variable(lhs, rhs))

    def proportional_variable(self, lhs, rhs):
        """The variable the ratio is constant in, as the left side names it, else false."""
        from .probability import Given

        args = getattr(lhs, "args", ())
        if len(args) == 1 and isinstance(args[0], Given):  # p(theta | x)
            first = args[0].args[0]
            if isinstance(first, (sp.Symbol, sp.MatrixSymbol)):
                return first
        if isinstance(lhs, sp.Function) and len(args) == 1 and isinstance(args[0], sp.Symbol):
            return args[0]  # f(x) \propto g(x)
        m = re.fullmatch(r"(.+)_([A-Za-z])", getattr(lhs, "name", "") or "")
        if m is not None:  # eta_k \propto 1/k: the index is the variable, where the right uses it
            found = [s for s in rhs.free_symbols if getattr(s, "name", None) == m.group(2)]
            if len(found) == 1:
                return found[0]
        return sp.S.false
