"""Probability: ``P(...)`` with events and conditioning, ``E``, ``Var``, ``Cov``.

``P(A|B)`` is ``Prob(Given(A, B))``, ``P(X, Y)`` is ``Prob(Tuple(X, Y))``, ``P(X = x)`` is
``Prob(Eq(X, x))`` (unevaluated relationals).  Moments of a vector are ``MatApply`` nodes.

Expectations: ``\\mathbb{E}[X]``, ``\\operatorname{E}[X]`` and a plain ``E[X]`` are ``ops.E``; a
subscript says what the mean is over, :class:`ExpectOver` (``body, variables, law``):

* ``\\mathbb{E}_{z \\sim p_z}[...]`` averages over z drawn from the law p_z (z is bound in the
  body; the law is kept as written);
* ``\\mathbb{E}_\\sigma[...]``, ``\\mathbb{E}_{x, y}[...]``: over the lowercase variables named;
* ``\\mathbb{E}_Q[...]``, ``\\mathbb{E}_p``, ``\\mathbb{E}_{q_\\phi(z|x)}``: under the law named (a
  capital, p or q, or a density written out); nothing is bound.

A plain ``E`` is the expectation when a bracket follows it and E is not declared, unless a
subscript follows the bracket: ``E[g^2]_t`` is the name of a running average (RMSProp's), one
value per step t, never a mean.  Before parentheses E is the expectation when set in an
operator's face (``\\operatorname{E}(X)``, ``\\mathrm``, ``\\mathsf``, ``\\mathbf``, ``\\mathbb``) and,
plain, when the argument holds a declared random variable; else ``E(x)`` stays a product (E is
too common a letter: an energy).  Application binds tighter than a power after it:
``E(X)^2`` is (E[X])^2, as ``f(x)^2`` is (f(x))^2 (``calls.plain_expectation``).

Conditioning: ``\\mathbb{E}[X \\mid Y]`` is :class:`CondExpect` ``(X, (Y,))``, the conditional
expectation, a random variable that is a function of Y (``E[X | Y, Z]`` conditions on both);
``\\operatorname{Var}(X \\mid Y)`` is ``E[X^2 | Y] - E[X | Y]^2``.  They have a value only inside
an expectation, variance, covariance or probability (``verify/expectations.py``).  Of or given
a vector (``E[f_* | \\mathbf{y}]``, ``Var(\\hat\\beta | \\mathbf{X})``): ``vector_conditionals``.
"""
from __future__ import annotations

import sympy as sp
from lark import Token
from sympy.core.symbol import Str

from .. import ops
from . import messages
from .base import SYMPY_REL, FuncRef, LatexError, is_matrix
from .conditional_values import equation_sides, given_events
from .vector_conditionals import vector_conditional
from .names import command_name


class ExpectOver(ops.E):
    """``ExpectOver(body, variables, law)``: ``\\mathbb{E}_{x \\sim p}[body]``, the mean of the
    body over the variables (a ``Tuple``, bound in it) drawn from the law (a ``Str`` of its
    LaTeX, empty when only variables are named).  An ``ops.E`` like any other: its value is
    the mean of the body over the random variables in it."""

    nargs = 3

    def _sympystr(self, printer):
        body, names, law = self.args
        under = ", ".join(printer._print(v) for v in names.args)
        if law.name:
            under = f"{under} ~ {law.name}" if under else law.name
        return f"𝔼_[{under}]({printer._print(body)})"



class CondExpect(sp.Function):
    """``CondExpect(body, (Y, ...))``: E[body | Y, ...], the random variable whose value at each
    outcome is the mean of the body over the outcomes with the same values of Y, ...."""

    nargs = 2

    @classmethod
    def eval(cls, *args):
        return None

    def _sympystr(self, printer):
        body, given = self.args
        return f"𝔼[{printer._print(body)} | {', '.join(printer._print(g) for g in given.args)}]"


class Given(sp.Function):
    """Conditioning inside a probability: ``P(Y|X)`` is ``Prob(Given(Y, X))``; several events
    on either side are a ``Tuple``."""

    nargs = 2

    @classmethod
    def eval(cls, *args):
        return None


_LAW_LETTERS = {"p", "q", "P", "Q"}


class ExpectationMixin:
    def expectation_subscript(self, script):
        """(variables, law) of an expectation's subscript, or None when it has none."""
        if script is None:
            return None
        if script.data == "script_group":
            args = self.args(script.children[0])
            kids = args[0][1].children if len(args) == 1 else ()
            if len(kids) == 3 and isinstance(kids[1], Token) and kids[1].value == r"\sim":
                return self._averaged(kids[0]), Str(self.as_written(kids[2]))  # z \sim p_z
            if any(sep == r"\mid" for sep, _ in args) or any(
                    c.data == "rel_fragment" or len(c.children) != 1 for _, c in args):
                return sp.Tuple(), Str(self.as_written(script))  # z|x \sim q_\phi: a law
            names = [self._averaged(c.children[0]) for _, c in args]
            if all(len(n.args) == 1 for n in names):
                return sp.Tuple(*(n.args[0] for n in names)), Str("")  # \mathbb{E}_{x_0, \epsilon}
            return sp.Tuple(), Str(self.as_written(script))
        if script.data == "script_tok" and script.children[0].type in ("LETTER", "CMD"):
            tok = script.children[0]
            nm = tok.value if tok.type == "LETTER" else command_name(tok.value)
            if nm is not None and nm[:1].islower() and nm not in _LAW_LETTERS:
                return sp.Tuple(self.name_value(nm, False, [], tok)), Str("")  # \mathbb{E}_\sigma
        return sp.Tuple(), Str(self.as_written(script))  # \mathbb{E}_Q, \mathbb{E}_p: the law

    def as_written(self, node) -> str:
        """A node's LaTeX as the writer wrote it (a law kept as a tag)."""
        s, e = self.span(node)
        text = messages.written(self.text, s, e) if s is not None else None
        text = (text or self.raw(node)).strip()
        if text.startswith("{") and text.endswith("}"):  # a script group's own braces
            text = text[1:-1].strip()
        return text

    def _averaged(self, node) -> sp.Tuple:
        """The variables a subscript averages over: lowercase names (``x``, ``\\sigma``, ``x_0``,
        ``\\mathbf{x}``, ``(x, y)``); an empty tuple when it names a law (a capital, p, q, a
        density)."""
        unit = self._lone_unit(node)
        if unit is None:
            return sp.Tuple()
        base, posts = self.peel(unit)
        if base.data == "paren" and not posts:
            inner = [self._averaged(c.children[0]) for _, c in self.args(base.children[0])
                     if len(c.children) == 1]
            if inner and all(len(t.args) == 1 for t in inner):
                return sp.Tuple(*(t.args[0] for t in inner))
            return sp.Tuple()
        if base.data not in ("letter", "cmd", "font", "accent") or any(
                p[0] != "subscr" for p in posts):
            return sp.Tuple()
        try:
            nm, _, op = self.base_name(base)
        except LatexError:
            return sp.Tuple()
        if op is not None or nm is None or not nm[:1].islower() or nm in _LAW_LETTERS:
            return sp.Tuple()
        v = self.realize(self.expr(node))
        return sp.Tuple(v) if isinstance(v, (sp.Symbol, sp.MatrixSymbol, sp.Indexed)) else sp.Tuple()


class ProbabilityMixin(ExpectationMixin):
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

    def conditional_moment(self, op, seq, F, node):
        """``E[X | Y]`` -> CondExpect(X, (Y,)); ``Var(X | Y)`` -> E[X^2 | Y] - E[X | Y]^2.  The
        conditioning side names random variables, or is events ``Y = y`` (a number,
        ``conditional_values.CondExpectAt``)."""
        groups, events = [[]], []
        for sep, c in self.args(seq):
            if sep == r"\mid":
                groups.append([])
            if len(groups) == 2 and (c.data == "rel_fragment" or len(c.children) != 1):
                event = equation_sides(self, c)  # E[X | Y = y]: conditional_values.py
                if event is None:
                    self.err("a conditioning bar before an event other than an equation "
                             "Y = y between a variable and its value", c)
                events.append(event)
                continue
            if c.data == "rel_fragment" or len(c.children) != 1:
                self.err("a relation inside a conditional expectation", c)
            groups[-1].append(c.children[0])
        if events and len(groups) == 2 and len(groups[0]) == 1 and not groups[1]:
            if F.get("sub") is not None:
                self.err("a subscript on a conditional expectation", node)
            body = self.realize(self.expr(groups[0][0]))
            if is_matrix(body) or any(is_matrix(x) for e in events for x in e):
                self.err("a conditional expectation of or given a vector", node)
            return given_events(self, op, body, events, node)
        if events:
            self.err("a conditional expectation given both variables and events", node)
        if len(groups) != 2 or len(groups[0]) != 1 or not groups[1]:
            self.err("a conditional expectation takes one expression before the bar and the "
                     "variables it is conditioned on after it", node)
        if F.get("sub") is not None:
            self.err("a subscript on a conditional expectation", node)
        body = self.realize(self.expr(groups[0][0]))
        given = [self.realize(self.expr(g)) for g in groups[1]]
        if is_matrix(body) or any(is_matrix(g) for g in given):
            return vector_conditional(self, op, body, given, node)  # vector_conditionals.py
        if not all(isinstance(g, sp.Symbol) for g in given):
            self.err("a conditional expectation given an expression; the reader reads "
                     "E[X | Y] given random variables", node)
        cond = sp.Tuple(*given)
        if op == "E":
            return CondExpect(body, cond)
        return CondExpect(body ** 2, cond) - CondExpect(body, cond) ** 2

    def moment(self, op, vals, F, node, one):
        """``E[x]``, ``Var(x)``, ``Cov(x, y)`` (``Cov(x)`` is ``Var(x)``); a vector's are
        ``MatApply`` nodes (mean vector, covariance matrix)."""
        if op == "E":
            x = one()
            if isinstance(x, FuncRef):
                self.err("an expectation of a function named without its argument", node)
            if is_matrix(x):
                if x.shape == (1, 1):
                    x = self.to_scalar(x)
                else:
                    return ops.MatApply("E", x.rows, x.cols, x)
            under = self.expectation_subscript(F.get("sub"))
            if under is not None:
                names, law = under
                names = sp.Tuple(*(v for v in names.args if x.has(v)))  # E_{x,y}[XY]: none
                if names.args or law.name:
                    return ExpectOver(x, names, law)
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
