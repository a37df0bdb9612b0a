"""What every part of the reader shares: its errors, the half-built values it passes around,
size helpers and the relation tables."""
from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr


class LatexError(ValueError):
    """The text cannot be read as a formula (the message names the snippet)."""


class LatexShapeError(LatexError):
    """The text reads, but its sizes do not fit under the declarations (a column vector times a
    column vector).  For a sheet's formula that is a finding, not a reader failure."""


class Retype(Exception):
    """An undeclared scalar turned out to meet a matrix: read again with it as a matrix."""

    def __init__(self, name, spec):
        super().__init__(name, spec)
        self.name, self.spec = name, spec


DEFAULT_DIM = sp.Symbol("n", integer=True, positive=True)


class Pending:
    """``I`` or ``\\mathbf{0}`` before a neighbouring matrix tells its size (times a scalar)."""

    def __init__(self, kind, coeff=sp.Integer(1), shape=None):
        self.kind, self.coeff, self.shape = kind, coeff, shape

    def realize(self, shape=None):
        shape = shape or self.shape
        if self.kind == "I":
            n = shape[0] if shape else DEFAULT_DIM
            return self.coeff * sp.Identity(n) if self.coeff != 1 else sp.Identity(n)
        if shape:
            return sp.ZeroMatrix(*shape)
        return sp.Integer(0)


class FuncRef:
    """A declared function named without arguments (``\\nabla f``, ``\\partial f / \\partial x``)."""

    def __init__(self, func, name, decl=None, entry=None):
        self.func, self.name, self.decl = func, name, decl
        self.entry = entry  # f_i of a vector-valued f: entry i (1-based) of f(x)


def is_matrix(v) -> bool:
    return isinstance(v, MatrixExpr)


def shape_of(v):
    return tuple(v.shape) if is_matrix(v) else ()


def same(a, b) -> bool:
    """Equal sizes.  Sizes are symbols, integers or small sums of them, so expand is enough
    (simplify cost ~0.3 s on first use, importing half of SymPy)."""
    a, b = sp.sympify(a), sp.sympify(b)
    return a == b or sp.expand(a - b) == 0


REL_OPS = {
    "=": "=", ":=": "=", "=:": "=", r"\equiv": "=", r"\coloneqq": "=", r"\eqqcolon": "=",
    r"\triangleq": "=", r"\doteq": "=",
    r"\neq": "!=", r"\ne": "!=", "<": "<", ">": ">", r"\le": "<=", r"\leq": "<=",
    r"\leqslant": "<=", r"\ge": ">=", r"\geq": ">=", r"\geqslant": ">=", r"\succeq": "succeq",
    r"\preceq": "preceq", r"\approx": "approx",
}
SYMPY_REL = {"=": sp.Eq, "!=": sp.Ne, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
MEMBERSHIP_RELS = {r"\perp", r"\in", r"\notin", r"\sim"}


def bounds_of(posts, err, too_many: str):
    """(subscript, superscript) of an operator that takes at most one of each (a sum's or an
    integral's bounds); ``err(too_many, node)`` for a third script or a second of a kind."""
    sub = sup = None
    for kind, script, pnode in posts:
        if kind == "subscr" and sub is None:
            sub = script
        elif kind == "sup" and sup is None:
            sup = script
        else:
            err(too_many, pnode)
    return sub, sup

