"""A conditional expectation given an event ``Y = y``: ``\\mathbb{E}[X \\mid Y = y]``.

``E[X | Y]`` is a random variable, a function of Y (``probability.CondExpect``); given the
event ``Y = y`` it is a number, that function's value at y.  The reader keeps both sides of
each equation: :class:`CondExpectAt` ``(body, (Y, ...), (y, ...))``.  Nothing in the generic
checks gives it a value (the atoms of a sampled law rarely make an event ``Y = y`` of
positive probability); a claim's check that models the joint law does (the bivariate
Gaussian's regression line, ``verify/checks/bivariate_gaussian.py``).
``\\operatorname{Var}(X \\mid Y = y)`` is ``E[X^2 | Y = y] - E[X | Y = y]^2``, as without the
event.  A plain italic ``E(Y \\mid X = x)`` is the expectation too: a conditioning bar in its
parentheses says so (``calls.plain_expectation``), as a declared random variable does.
"""
from __future__ import annotations

import sympy as sp

from .base import SYMPY_REL, LatexError


class CondExpectAt(sp.Function):
    """``CondExpectAt(body, (Y, ...), (y, ...))``: E[body | Y = y, ...], a number."""

    nargs = 3

    @classmethod
    def eval(cls, *args):
        return None

    def _sympystr(self, printer):
        body, given, at = self.args
        events = ", ".join(f"{printer._print(g)} = {printer._print(v)}"
                           for g, v in zip(given.args, at.args))
        return f"𝔼[{printer._print(body)} | {events}]"


def conditioning_bar(reader, group) -> bool:
    """Does a bracketed group hold a conditioning bar between its arguments (``(Y | X = x)``)?"""
    try:
        return any(sep == r"\mid" for sep, _ in reader.args(group.children[0]))
    except (LatexError, AttributeError, IndexError):
        return False


def equation_sides(reader, clause):
    """(variable, value) of an event clause ``Y = y`` whose left side is a name, else None."""
    kids = clause.children
    if clause.data == "rel_fragment" or len(kids) != 3:
        return None
    if SYMPY_REL.get(reader.rel_op(kids[1])) is not sp.Eq:
        return None
    var = reader.realize(reader.expr(kids[0]))
    if not isinstance(var, sp.Symbol):
        return None
    return var, reader.realize(reader.expr(kids[2]))


def given_events(reader, op, body, events, node):
    """E[body | Y = y, ...] (``op`` "E") or Var(body | Y = y, ...) for the events' sides."""
    given = sp.Tuple(*(v for v, _ in events))
    at = sp.Tuple(*(x for _, x in events))
    if len(set(given.args)) != len(given.args):
        reader.err("a conditional expectation given two events on the same variable", node)
    if any(body.has(v) for v in given.args):
        reader.err("a conditional expectation whose body holds the variable it is given", node)
    if op == "E":
        return CondExpectAt(body, given, at)
    return CondExpectAt(body ** 2, given, at) - CondExpectAt(body, given, at) ** 2
