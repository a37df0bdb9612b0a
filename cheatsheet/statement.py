"""What the LaTeX reader returns: a statement made of relations between SymPy expressions.

SymPy's own relationals are not used as the container because they evaluate eagerly
(``Le(0, 1)`` becomes ``true`` and loses both sides), refuse matrices in inequalities and have no
PSD order.  A chain ``a = b \\le c`` becomes two relations that share ``b``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
from sympy.core.function import Function
from sympy.core.mul import _keep_coeff
from sympy.matrices.expressions.matmul import MatMul
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

# '=' covers '=', ':=' and '=:'; 'succeq' / 'preceq' are the Loewner (PSD) order; 'sim' says
# an expression follows a law (cheatsheet/latex/law_statements.py: only a law check decides it).
OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "succeq", "preceq", "approx", "sim")
UNICODE = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "succeq": "⪰",
           "preceq": "⪯", "approx": "≈", "sim": "∼"}


def sstr(expr) -> str:
    """``sympy.sstr(expr)``, the same text, without SymPy's cost for matrix products: to choose
    parentheses its printer asks each product whether it could extract a minus sign, which
    negates the product (``MatMul(-1, ...).doit()``), once per factor printed.  That was half
    the time of printing the catalog's forms (every counterexample prints its relation)."""
    return _Printer().doprint(expr)


def _precedence(item) -> int:
    """SymPy's precedence; for a matrix product read off its leading coefficient (a product
    extracts a minus sign exactly when that is a negative number) instead of negating it."""
    if not isinstance(item, MatMul):
        return precedence(item)
    if any(hasattr(a, "precedence") and isinstance(a, Function)
           and a.precedence < PRECEDENCE["Mul"] for a in item.args):
        return PRECEDENCE["Mul"]
    c = item.args[0]
    return PRECEDENCE["Add"] if c.is_Number and c.is_extended_negative else PRECEDENCE["Mul"]


class _Printer(StrPrinter):
    """SymPy's string printer with ``_precedence`` (its parenthesize, sum and matrix product
    otherwise as in SymPy 1.14)."""

    def parenthesize(self, item, level, strict=False):
        p = _precedence(item)
        if p < level or (not strict and p <= level):
            return "(%s)" % self._print(item)
        return self._print(item)

    def _print_Add(self, expr, order=None):
        prec = _precedence(expr)
        out = []
        for term in self._as_ordered_terms(expr, order=order):
            t = self._print(term)
            sign = "+"
            if t.startswith("-") and not term.is_Add:
                sign, t = "-", t[1:]
            out += [sign, f"({t})" if _precedence(term) < prec or term.is_Add else t]
        sign = out.pop(0)
        return ("" if sign == "+" else sign) + " ".join(out)

    def _print_MatMul(self, expr):
        c, m = expr.as_coeff_mmul()
        sign = ""
        if c.is_number:
            re, im = c.as_real_imag()
            if im.is_zero and re.is_negative or re.is_zero and im.is_negative:
                expr = _keep_coeff(-c, m)
                sign = "-"
        prec = _precedence(expr)  # once, not once per factor
        return sign + "*".join([self.parenthesize(arg, prec) for arg in expr.args])


@dataclass(frozen=True)
class Relation:
    lhs: sp.Basic
    op: str
    rhs: sp.Basic

    def __post_init__(self):
        if self.op not in OPERATORS:
            raise ValueError(f"unknown relation {self.op!r}")

    def __str__(self):
        return f"{sstr(self.lhs)} {UNICODE[self.op]} {sstr(self.rhs)}"

    def pretty(self) -> str:
        """Two-dimensional Unicode rendering (fractions stacked, exponents raised)."""
        return _pretty_join([self.lhs, self.rhs], f" {UNICODE[self.op]} ")


@dataclass(frozen=True)
class Statement:
    """One formula: its relations in reading order, or a bare expression when it has none."""

    relations: tuple[Relation, ...] = ()
    expr: sp.Basic | None = None
    # relations before an \implies: conditions on the instance, not part of the claim
    premises: tuple[Relation, ...] = ()
    latex: str = field(default="", compare=False)

    def __post_init__(self):
        if not self.relations and self.expr is None:
            raise ValueError("a statement needs a relation or an expression")

    def __str__(self):
        if not self.relations:
            return sstr(self.expr)
        return " ; ".join(str(r) for r in self.relations)

    def pretty(self) -> str:
        if not self.relations:
            return sp.pretty(self.expr, use_unicode=True)
        # a chain a = b <= c prints once, not as "a = b   b <= c"
        parts, seps = [self.relations[0].lhs], []
        for r in self.relations:
            if r.lhs != parts[-1]:
                parts.append(sp.Symbol("   "))
                seps.append("")
            parts.append(r.rhs)
            seps.append(f" {UNICODE[r.op]} ")
        return _pretty_join(parts, seps)

    @property
    def free_symbols(self) -> set:
        out = set()
        for r in self.relations:
            out |= r.lhs.free_symbols | r.rhs.free_symbols
        if self.expr is not None:
            out |= self.expr.free_symbols
        return out


def _pretty_join(exprs, seps) -> str:
    from sympy.printing.pretty.pretty import PrettyPrinter
    from sympy.printing.pretty.stringpict import prettyForm

    printer = PrettyPrinter({"use_unicode": True, "wrap_line": False})
    if isinstance(seps, str):
        seps = [seps] * (len(exprs) - 1)
    try:
        out = printer._print(exprs[0])
        for sep, e in zip(seps, exprs[1:]):
            out = prettyForm(*out.right(sep, printer._print(e)))
        return out.render(wrap_line=False)
    except Exception:  # the 2-D printer fails on some custom nodes: fall back to one line
        pieces = [sstr(exprs[0])]
        for sep, e in zip(seps, exprs[1:]):
            pieces.append(sep + sstr(e))
        return "".join(pieces)
