"""Tree -> SymPy, with the declarations at hand.

The grammar leaves every juxtaposition as a flat product of units; this module decides what each
one means: a call (``f(x)``, ``\\log(x)``, ``\\mathbb{E}[X]``), a product (``p(1-p)`` when p is a
declared scalar), an operator that takes the rest of the product (``\\sum``, ``\\frac{d}{dx}``),
an entry of a declared vector (``x_i``), or a fresh symbol with a default domain.
"""
from __future__ import annotations

import re

import sympy as sp
from lark import Token, Tree
from sympy.matrices.expressions.matexpr import MatrixElement, MatrixExpr

from .. import ops
from ..statement import Relation, Statement
from ..symbols import Decl, Declarations, dim_symbol
from .names import ACCENT_SUFFIX, BOLD_FONTS, clean_subscript, command_name


class LatexError(ValueError):
    """The text cannot be read as a formula (the message names the snippet)."""


class LatexShapeError(LatexError):
    """The text reads, but its sizes do not fit under the declarations (a column vector times a
    column vector).  For a sheet's formula that is a finding, not a reader failure."""


class Given(sp.Function):
    """Conditioning inside a probability: ``P(Y|X)`` is ``Prob(Given(Y, X))``; several events
    on either side are a ``Tuple``."""

    nargs = 2

    @classmethod
    def eval(cls, *args):
        return None


REL_OPS = {
    "=": "=", ":=": "=", "=:": "=", r"\equiv": "=", r"\coloneqq": "=", r"\eqqcolon": "=",
    r"\triangleq": "=", r"\doteq": "=",
    r"\neq": "!=", r"\ne": "!=", "<": "<", ">": ">", r"\le": "<=", r"\leq": "<=",
    r"\leqslant": "<=", r"\ge": ">=", r"\geq": ">=", r"\geqslant": ">=", r"\succeq": "succeq",
    r"\preceq": "preceq", r"\approx": "approx",
}
_SYMPY_REL = {"=": sp.Eq, "!=": sp.Ne, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}

TRANSPOSE_RAW = {"T", r"\top", r"\intercal", r"\mathsf{T}", r"\mathrm{T}", r"\text{T}", r"\textsf{T}",
                 r"\mathsf T", "t"}
# undeclared letters read as functions when directly followed by (...)
FUNCTION_LETTERS = {"f", "g", "h", "u", "v", "q", "F", "G", "H", "L", "M", "K", "D", "Q", "V",
                    "phi", "psi", "kappa", "ell", "varphi", "Phi", "J", "R", "S", "Z", "N", "W"}

TEXT_OPS = {
    "tr": "trace", "Tr": "trace", "trace": "trace", "Trace": "trace", "det": "det", "diag": "diag",
    "Var": "Var", "var": "Var", "Variance": "Var", "Cov": "Cov", "cov": "Cov", "E": "E",
    "ReLU": "relu", "relu": "relu", "Relu": "relu", "softmax": "softmax", "Softmax": "softmax",
    "sigmoid": "sigmoid", "sign": "sign", "sgn": "sign", "exp": "exp", "log": "log", "ln": "log",
    "tanh": "tanh", "sin": "sin", "cos": "cos", "Pr": "P", "max": "max", "min": "min",
}
CMD_OPS = {
    "log": "log", "ln": "log", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "det": "det", "tr": "trace", "Tr": "trace",
    "max": "max", "min": "min", "Pr": "P", "sgn": "sign", "diag": "diag",
}
ELEMENTWISE = {"exp", "log", "tanh", "sigmoid", "relu", "sign", "logit", "atanh"}  # also in verify/evaluate.py
SCALAR_FUNCS = {"log": sp.log, "exp": sp.exp, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
                "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "sign": sp.sign,
                "sigmoid": ops.Sigmoid, "relu": lambda x: sp.Max(0, x),
                "logit": lambda y: sp.log(y / (1 - y)), "atanh": sp.atanh, "asin": sp.asin,
                "acos": sp.acos, "atan": sp.atan, "asinh": sp.asinh, "acosh": sp.acosh}
MEMBERSHIP_RELS = {r"\perp", r"\in", r"\notin", r"\sim"}
EIGEN_NAMES = {"lambda_max": "max", "lambda_min": "min"}
# \sigma^{-1}(y), \tanh^{-1}(x): the inverse function, not a reciprocal
INVERSE_OPS = {"sigmoid": "logit", "tanh": "atanh", "sin": "asin", "cos": "acos", "tan": "atan",
               "sinh": "asinh", "cosh": "acosh"}
DEFAULT_DIM = sp.Symbol("n", integer=True, positive=True)


class Retype(Exception):
    """An undeclared scalar turned out to meet a matrix: read again with it as a matrix."""

    def __init__(self, name, spec):
        super().__init__(name, spec)
        self.name, self.spec = name, spec


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

    def __init__(self, func, name, decl=None):
        self.func, self.name, self.decl = func, name, decl


def is_matrix(v) -> bool:
    return isinstance(v, MatrixExpr)


def shape_of(v):
    return tuple(v.shape) if is_matrix(v) else ()


def _same(a, b) -> bool:
    """Equal sizes.  Sizes are symbols, integers or small sums of them, so expand is enough
    (simplify cost ~0.3 s on first use, importing half of SymPy)."""
    a, b = sp.sympify(a), sp.sympify(b)
    return a == b or sp.expand(a - b) == 0


class Reader:
    def __init__(self, text: str, decls: Declarations, layout: str, hints=None):
        self.text = text
        self.user = decls
        self.extra = Declarations({k: Decl(k, v) for k, v in (hints or {}).items()})
        self.layout = layout
        self.bound: dict[str, sp.Symbol] = {}

    # ------------------------------------------------------------------ errors, raw text
    def err(self, msg, node=None, kind=None):
        snippet = ""
        if node is not None:
            s, e = self.span(node)
            if s is not None:
                snippet = f" at {s}: {self.text[s:e][:60]!r}"
        raise (kind or LatexError)(msg + snippet)

    def span(self, node):
        if isinstance(node, Token):
            return node.start_pos, node.end_pos
        meta = getattr(node, "meta", None)
        if meta is None or meta.empty:
            return None, None
        return meta.start_pos, meta.end_pos

    def raw(self, node) -> str:
        s, e = self.span(node)
        return "" if s is None else self.text[s:e]

    # ------------------------------------------------------------------ symbols
    def declared(self, name):
        return self.user.get(name) or self.extra.get(name)

    def obj(self, name):
        if name in self.user:
            return self.user.sympy(name)
        return self.extra.sympy(name)

    def default_symbol(self, name, bold):
        """Undeclared names: bold lowercase -> vector(n), bold uppercase -> square(n), else real."""
        if name not in self.extra:
            if bold and name[:1].islower():
                spec = "vector(n)"
            elif bold and name[:1].isupper():
                spec = "square(n)"
            else:
                spec = "real"
            self.extra.decls[name] = Decl(name, spec)
        return self.extra.sympy(name)

    def fallback_symbol(self, name):
        """The symbol a name stands for when it is not used as an operator."""
        d = self.declared(name)
        if d is not None and d.kind != "function":
            return self.obj(name)
        return self.default_symbol(name, False)

    def new_function(self, name):
        if name not in self.extra:
            self.extra.decls[name] = Decl(name, "function")
        return self.extra.sympy(name)

    # ------------------------------------------------------------------ statement level
    def statement(self, tree) -> Statement:
        seq = tree.children[0]
        parts = [c for c in seq.children if isinstance(c, Tree)]
        premises = []
        for p in parts[:-1]:
            if self.membership_only(p):
                # X \perp Y | Z \implies ..., x \in S \implies ...: a premise that is no relation
                # (independence, membership, a law) is dropped; the conclusion is still read
                continue
            rels, _ = self.part(p)
            premises += rels
        rels, bare = self.part(parts[-1])
        if rels:
            return Statement(tuple(rels), None, tuple(premises), latex=self.text)
        if premises:
            self.err("an implication without a relation after it", parts[-1])
        expr = bare[0] if len(bare) == 1 else sp.Tuple(*bare)
        return Statement((), expr, (), latex=self.text)

    def part(self, part):
        """Top-level comma list: each clause's relations; bare expressions directly before a
        relation share it (``\\alpha, \\beta \\geq 0``)."""
        items = part.children
        clauses = []
        for c in items:
            if isinstance(c, Token):
                if c.type == "SEP" and c.value.startswith("\\"):
                    self.err("a conditioning bar outside a probability", c)
                continue
            clauses.append(c)
        rels_all, bare_all, pending = [], [], []
        for c in clauses:
            rels, exprs = self.clause(c)
            if rels:
                first = rels[0]
                for p in pending:
                    rels_all.append(self.relation(p, first.op, first.rhs, c))
                pending = []
                rels_all += rels
            else:
                pending += exprs
        bare_all = pending
        if rels_all and bare_all:
            # trailing bare fragments after the last relation (``x = 1, y``): not a claim part
            pass
        return rels_all, ([] if rels_all else [self.realize(b) for b in bare_all] or [])

    def clause(self, clause):
        if clause.data == "rel_fragment":
            self.err("a relation without a left-hand side", clause)
        kids = clause.children
        exprs = [self.expr(k) for k in kids[0::2]]
        ops_ = kids[1::2]
        if not ops_:
            return [], exprs
        rels = []
        for i, op in enumerate(ops_):
            rels.append(self.relation(exprs[i], self.rel_op(op), exprs[i + 1], clause))
        return rels, exprs

    @staticmethod
    def membership_only(part):
        """Are all the top-level relations of a part \\perp, \\in, \\notin or \\sim?"""
        rel = []
        for c in part.children:
            if isinstance(c, Tree):
                rel += [t.value for t in c.children if isinstance(t, Token) and t.type == "REL"]
        return bool(rel) and all(r in MEMBERSHIP_RELS for r in rel)

    def rel_op(self, tok):
        op = REL_OPS.get(tok.value)
        if tok.value in (r"\iff", r"\Leftrightarrow"):
            # both directions: the checker decides relations under premises, one direction at a
            # time; reading A <=> B as relations of both sides would claim A and B themselves
            self.err(f"{tok.value} states two implications; write each as \\implies", tok)
        if op is None:
            self.err(f"{tok.value} is not a relation a checker can decide", tok)
        return op

    def relation(self, lhs, op, rhs, node):
        lhs, rhs = self.fit_sides(lhs, rhs, op, node)
        return Relation(lhs, op, rhs)

    def fit_sides(self, lhs, rhs, op, node):
        for _ in range(2):
            if isinstance(lhs, Pending) and not isinstance(rhs, Pending):
                shape = shape_of(rhs) if (op == "=" or lhs.kind == "I") else None
                lhs = lhs.realize(shape or None)
            lhs, rhs = rhs, lhs
        lhs, rhs = self.realize(lhs), self.realize(rhs)
        if is_matrix(lhs) != is_matrix(rhs):
            if is_matrix(lhs) and lhs.shape == (1, 1):
                lhs = self.to_scalar(lhs)
            elif is_matrix(rhs) and rhs.shape == (1, 1):
                rhs = self.to_scalar(rhs)
            elif op == "=" and (lhs == 0 or rhs == 0):
                if lhs == 0:
                    lhs = sp.ZeroMatrix(*rhs.shape)
                else:
                    rhs = sp.ZeroMatrix(*lhs.shape)
        if isinstance(lhs, FuncRef) or isinstance(rhs, FuncRef):
            self.err("a function named without its argument", node)
        return lhs, rhs

    def realize(self, v):
        if isinstance(v, Pending):
            return v.realize()
        if isinstance(v, FuncRef):
            return v
        return v

    # ------------------------------------------------------------------ arithmetic
    def expr(self, t):
        d = t.data
        if d == "add":
            return self.add(self.expr(t.children[0]), self.expr(t.children[1]), t)
        if d == "sub":
            return self.add(self.expr(t.children[0]), self.neg(self.expr(t.children[1])), t)
        if d == "neg":
            return self.neg(self.expr(t.children[0]))
        if d == "pos":
            return self.expr(t.children[0])
        if d in ("pm", "pmneg"):
            self.err("\\pm has two values", t)
        if d == "product":
            items, op = [], None
            for c in t.children:
                if isinstance(c, Token):
                    op = c
                else:
                    items.append((op, c))
                    op = None
            return self.product(items)
        return self.product([(None, t)])

    def neg(self, a):
        if isinstance(a, Pending):
            return Pending(a.kind, -a.coeff, a.shape)
        if isinstance(a, FuncRef):
            self.err("a function named without its argument")
        return -a

    def add(self, a, b, node=None):
        if isinstance(a, Pending) and isinstance(b, Pending):
            a = a.realize()
        if isinstance(a, Pending):
            a, b = b, a
        if isinstance(b, Pending):
            if b.kind == "0":
                return a
            if is_matrix(a):
                return a + b.realize(a.shape)
            self.maybe_retype(a, (DEFAULT_DIM, DEFAULT_DIM))
            b = b.realize()
        if isinstance(a, FuncRef) or isinstance(b, FuncRef):
            self.err("a function named without its argument", node)
        if is_matrix(a) and is_matrix(b):
            if not (_same(a.rows, b.rows) and _same(a.cols, b.cols)):
                self.err(f"adds a {a.shape} matrix to a {b.shape} one", node, LatexShapeError)
            return sp.MatAdd(a, b)
        if is_matrix(a) and a.shape == (1, 1):
            a = self.to_scalar(a)
        if is_matrix(b) and b.shape == (1, 1):
            b = self.to_scalar(b)
        if is_matrix(a) != is_matrix(b):
            if a == 0:
                return b
            if b == 0:
                return a
            m, sc = (a, b) if is_matrix(a) else (b, a)
            self.maybe_retype(sc, m.shape)
            self.err("adds a scalar to a matrix", node, LatexShapeError)
        return a + b

    def mul(self, a, b, node=None):
        if isinstance(a, FuncRef) or isinstance(b, FuncRef):
            self.err("a function named without its argument", node)
        if isinstance(a, Pending) and isinstance(b, Pending):
            a = a.realize()
        if isinstance(a, Pending):
            if is_matrix(b):
                return b * a.coeff if a.kind == "I" else sp.ZeroMatrix(a.realize().shape[0] if False else b.rows, b.cols)
            return Pending(a.kind, a.coeff * b, a.shape)
        if isinstance(b, Pending):
            if is_matrix(a):
                return a * b.coeff if b.kind == "I" else sp.ZeroMatrix(a.rows, a.cols)
            return Pending(b.kind, b.coeff * a, b.shape)
        if is_matrix(a) and is_matrix(b):
            if not _same(a.cols, b.rows):
                if a.shape == (1, 1):
                    return self.to_scalar(a) * b
                if b.shape == (1, 1):
                    return a * self.to_scalar(b)
                self.err(f"multiplies a {a.shape} matrix by a {b.shape} one", node,
                         LatexShapeError)
            fa = list(a.args) if isinstance(a, sp.MatMul) else [a]
            fb = list(b.args) if isinstance(b, sp.MatMul) else [b]
            r = sp.MatMul(*fa, *fb)
            if r.shape == (1, 1):
                return self.to_scalar(r)
            return r
        return a * b

    def maybe_retype(self, scalar, shape):
        """``\\mathbf{x} - \\mu`` with mu undeclared: mu is a matrix of x's shape.  In a product
        (``I - \\eta H``) the one undeclared capital letter is the matrix."""
        _, sym = scalar.as_coeff_Mul() if isinstance(scalar, sp.Expr) else (None, None)
        if isinstance(sym, sp.Mul):
            caps = [f for f in sym.args if isinstance(f, sp.Symbol) and f.name[:1].isupper()
                    and f.name not in self.user and getattr(self.extra.get(f.name), "domain", None) == "real"]
            if len(caps) == 1 and all(isinstance(f, sp.Symbol) for f in sym.args):
                sym = caps[0]
        if not isinstance(sym, sp.Symbol):
            return
        d = self.extra.get(sym.name)
        if d is None or d.domain != "real" or sym.name in self.user:
            return
        dims = []
        for dim in shape:
            if isinstance(dim, sp.Integer):
                dims.append(str(int(dim)))
            elif isinstance(dim, sp.Symbol):
                dims.append(dim.name)
            else:
                return
        raise Retype(sym.name, f"matrix({dims[0]}, {dims[1]})")

    def to_scalar(self, m):
        """A 1 x 1 product ``u^T M v`` as the scalar ``Inner(u, M v)``."""
        if not is_matrix(m):
            return m
        if isinstance(m, sp.Transpose) and m.arg.shape == (1, 1):
            return self.to_scalar(m.arg)
        if isinstance(m, sp.MatMul):
            coeff, mats = m.as_coeff_matrices()
            if mats and isinstance(mats[0], sp.Transpose) and mats[0].arg.shape[1] == 1:
                rest = mats[1:]
                right = rest[0] if len(rest) == 1 else sp.MatMul(*rest)
                return coeff * ops.Inner(mats[0].arg, right)
        return MatrixElement(m, 0, 0)

    def power(self, base, script, node):
        raw = self.script_raw(script)
        if isinstance(base, FuncRef):
            self.err("a power of a function without its argument", node)
        if isinstance(base, Pending):
            base = base.realize()
        is_t = raw in TRANSPOSE_RAW and not (raw in ("T", "t") and self.declared(raw))
        if raw == "t" and not is_matrix(base):
            is_t = False
        if is_t:
            return sp.Transpose(base) if is_matrix(base) else base
        if raw in ("-T", r"-\top", r"-\intercal") and is_matrix(base):
            return sp.Inverse(sp.Transpose(base))
        if raw in ("+", r"\dagger"):
            # X^+, X^\dagger: the Moore-Penrose pseudo-inverse of a matrix (an undeclared capital
            # is read again as a matrix); a scalar's x^+ is its positive part max(x, 0)
            if not is_matrix(base) and (raw == r"\dagger" or str(base)[:1].isupper()):
                self.maybe_retype(base, (DEFAULT_DIM, DEFAULT_DIM))
            if is_matrix(base):
                return ops.MatApply("pinv", base.cols, base.rows, base)
            if raw == "+":
                return sp.Max(base, 0)
            self.err("a pseudo-inverse of a scalar", node)
        if raw in ("*", r"\ast", r"\star", r"\prime", "'"):
            self.err("a star/prime on an expression", node)
        e = self.script_value(script)
        if is_matrix(e):
            self.err("a matrix exponent", node)
        if is_matrix(base):
            if e == -1:
                return sp.Inverse(base)
            if base.shape == (1, 1):
                return self.to_scalar(base) ** e
            return sp.MatPow(base, e)
        return base ** e

    # ------------------------------------------------------------------ scripts
    def script_raw(self, s) -> str:
        """Script text with the spaces the normaliser added removed (``{- T}`` -> ``-T``)."""
        if s.data == "script_group":
            return re.sub(r"\s+(?![A-Za-z])|(?<![A-Za-z])\s+", "", self.raw(s.children[0]).strip())
        if s.data == "script_empty":
            return ""
        if s.data == "script_plus":
            return "+"
        if s.data == "script_minus":
            return "-"
        if s.data == "script_prime":
            return "'"
        if s.data == "script_font":
            return self.raw(s)
        return s.children[0].value

    def script_value(self, s):
        if s.data == "script_group":
            return self.single(s.children[0])
        if s.data == "script_tok":
            tok = s.children[0]
            if tok.type == "NUMBER":
                return self.number(tok)
            if tok.type == "LETTER":
                return self.name_value(tok.value, False, [], tok)
            if tok.type == "CMD":
                return self.cmd_value(tok)
            if tok.type == "TEXT":
                return self.unit_value(Tree("text", [tok]))
        if s.data == "script_font":
            return self.unit_value(Tree("font", s.children))
        self.err("an unreadable script", s)

    def single(self, seq):
        """A group that must hold one expression (no relation, comma or implication)."""
        parts = [c for c in seq.children if isinstance(c, Tree)]
        if len(parts) != 1:
            self.err("an implication inside a group", seq)
        clauses = [c for c in parts[0].children if isinstance(c, Tree)]
        if len(clauses) != 1:
            self.err("a list where one expression was expected", seq)
        c = clauses[0]
        if c.data == "rel_fragment" or len(c.children) != 1:
            self.err("a relation where an expression was expected", seq)
        return self.expr(c.children[0])

    def args(self, seq):
        """A call's argument list: [(separator before, clause tree)]."""
        parts = [c for c in seq.children if isinstance(c, Tree)]
        if len(parts) != 1:
            self.err("an implication inside a call", seq)
        out, sep = [], None
        for c in parts[0].children:
            if isinstance(c, Token):
                sep = c.value
            else:
                out.append((sep, c))
                sep = None
        return out

    def arg_values(self, seq, node):
        vals = []
        for sep, c in self.args(seq):
            if sep == r"\mid":
                self.err("a conditioning bar in a function call", node)
            if c.data == "rel_fragment" or len(c.children) != 1:
                self.err("a relation as a function argument", c)
            vals.append(self.realize(self.expr(c.children[0])))
        return vals

    # ------------------------------------------------------------------ units
    @staticmethod
    def peel(tree):
        posts = []
        while isinstance(tree, Tree) and tree.data in ("sup", "subscr", "prime", "bang"):
            if tree.data in ("prime", "bang"):
                posts.append((tree.data, None, tree))
            else:
                posts.append((tree.data, tree.children[1], tree))
            tree = tree.children[0]
        posts.reverse()
        return tree, posts

    def unit_value(self, tree):
        return self.product([(None, tree)])

    def number(self, tok):
        v = tok.value
        return sp.Rational(v) if "." in v else sp.Integer(v)

    def apply_posts(self, val, posts):
        for kind, script, node in posts:
            if kind == "sup":
                val = self.power(val, script, node)
            elif kind == "bang":
                val = sp.factorial(self.realize(val))
            elif kind == "prime":
                self.err("a prime on an expression", node)
            else:
                raw = self.script_raw(script)
                if raw == "+":
                    val = sp.Max(val, 0)
                elif is_matrix(val):
                    idx = self.script_value(script)
                    if val.shape[1] == 1:
                        val = MatrixElement(val, idx - 1, 0)
                    else:
                        self.err("a subscript on a matrix expression", node)
                else:
                    self.err("a subscript on an expression", node)
        return val

    # A "head" says what a unit does in a product: ('value', v) | ('func', F) | ('consumer', C)
    def head(self, tree):
        base, posts = self.peel(tree)
        d = base.data
        if d in ("letter", "cmd", "font", "accent", "text"):
            return self.named_head(base, posts)
        if d == "number":
            return ("value", self.apply_posts(self.number(base.children[0]), posts))
        if d in ("paren", "bracket", "group", "braceset"):
            seq = base.children[1] if d == "braceset" else base.children[0]
            comp = self.composition(seq) if d == "paren" else None
            if comp is not None:
                return ("func", comp, posts)
            args = self.args(seq)
            if len(args) > 1 and not posts and all(sep == "," for sep, _ in args[1:]):
                # (a, b) / [0, 1] / \{1, ..., M\}: a tuple; only a call gives it meaning
                return ("value", sp.Tuple(*self.arg_values(seq, base)))
            return ("value", self.apply_posts(self.single(seq), posts))
        if d == "frac":
            return self.frac_head(base, posts)
        if d == "sqrt":
            return ("value", self.apply_posts(sp.sqrt(self.arg(base.children[1])), posts))
        if d == "nthroot":
            return ("value", self.apply_posts(
                sp.root(self.arg(base.children[2]), self.single(base.children[1])), posts))
        if d == "binom":
            return ("value", self.apply_posts(
                sp.binomial(self.arg(base.children[1]), self.arg(base.children[2])), posts))
        if d == "underbrace":
            posts = [p for p in posts if p[0] != "subscr"]
            return ("value", self.apply_posts(self.arg(base.children[1]), posts))
        if d == "abs":
            v = self.realize(self.single(base.children[1]))
            if is_matrix(v):
                if v.shape[1] == 1 and v.shape[0] != 1:
                    v = ops.Norm(v, 2)
                elif v.shape == (1, 1):
                    v = sp.Abs(self.to_scalar(v))
                else:
                    v = sp.Determinant(v)
            else:
                v = sp.Abs(v)
            return ("value", self.apply_posts(v, posts))
        if d == "norm":
            v = self.realize(self.single(base.children[1]))
            p = sp.Integer(2)
            if posts and posts[0][0] == "subscr":
                raw = self.script_raw(posts[0][1])
                p = {"1": sp.Integer(1), "2": sp.Integer(2), r"\infty": sp.oo, "F": sp.Symbol("F"),
                     "inf": sp.oo, "max": sp.oo}.get(raw)
                if p is None:  # a general p-norm: a number >= 1 or a scalar symbol (\|x\|_p)
                    try:
                        p = self.realize(self.script_value(posts[0][1]))
                    except LatexError:
                        p = None
                    ok = isinstance(p, sp.Expr) and not is_matrix(p) and (
                        (p.is_number and p.is_real and p >= 1) or p.is_Symbol)
                    p = p if ok else None
                if p is None:
                    self.err(f"a norm index {raw!r}", posts[0][2])
                posts = posts[1:]
            if isinstance(v, MatrixExpr) and v.shape == (1, 1):
                v = self.to_scalar(v)
            return ("value", self.apply_posts(ops.Norm(v, p), posts))
        if d in ("floor", "ceil"):
            v = self.realize(self.single(base.children[1]))
            return ("value", self.apply_posts(sp.floor(v) if d == "floor" else sp.ceiling(v), posts))
        if d == "matrix":
            return ("value", self.apply_posts(self.matrix_value(base), posts))
        if d == "angle":
            vals = self.arg_values(base.children[1], base)
            if len(vals) != 2:
                self.err("an inner product needs two arguments", base)
            return ("value", self.apply_posts(ops.Inner(*vals), posts))
        self.err(f"cannot read {d}", base)

    def matrix_value(self, base):
        """``\\begin{bmatrix} ... \\end{bmatrix}`` (``pmatrix``, ``matrix``, ``Bmatrix``): an
        ``ImmutableMatrix`` when every entry is a scalar, else a ``BlockMatrix`` whose block rows
        share a height and block columns a width (LatexShapeError otherwise).  In a block matrix a
        scalar is a 1 x 1 block, and ``0`` / ``I`` take the size of their block row and column.
        ``vmatrix`` / ``Vmatrix`` are the determinant."""
        env, body = base.children[0].value, base.children[1]
        grid = []
        for row in body.children:
            if isinstance(row, Tree):
                grid.append([self.single(c) for c in row.children if isinstance(c, Tree)])
        if any(len(r) != len(grid[0]) for r in grid):
            self.err("matrix rows of different lengths", base, LatexShapeError)
        for r in grid:
            for k, v in enumerate(r):
                if isinstance(v, FuncRef):
                    self.err("a function named without its argument in a matrix", base)
                if is_matrix(v) and v.shape == (1, 1):
                    r[k] = self.to_scalar(v)
        if any(is_matrix(v) for r in grid for v in r):
            val = self.block_matrix(grid, base)
        else:
            if any(isinstance(v, Pending) and v.kind == "I" for r in grid for v in r):
                self.err("an identity matrix among numbers", base)
            val = sp.ImmutableMatrix([[self.realize(v) for v in r] for r in grid])
        if "vmatrix" in env or "Vmatrix" in env:
            return sp.Determinant(val)
        return val

    def block_matrix(self, grid, node):
        nr, nc = len(grid), len(grid[0])
        heights, widths = [None] * nr, [None] * nc

        def fix(sizes, k, n, what):
            if sizes[k] is None:
                sizes[k] = n
            elif not _same(sizes[k], n):
                self.err(f"blocks of {what} {sizes[k]} and {n} in one block "
                         f"{'row' if what == 'height' else 'column'}", node, LatexShapeError)

        for i, r in enumerate(grid):
            for j, v in enumerate(r):
                if is_matrix(v):
                    fix(heights, i, v.rows, "height")
                    fix(widths, j, v.cols, "width")
        for i, r in enumerate(grid):  # a nonzero scalar is a 1 x 1 block
            for j, v in enumerate(r):
                if not is_matrix(v) and not isinstance(v, Pending) and v != 0:
                    fix(heights, i, sp.Integer(1), "height")
                    fix(widths, j, sp.Integer(1), "width")
        eyes = [(i, j) for i, r in enumerate(grid) for j, v in enumerate(r)
                if isinstance(v, Pending) and v.kind == "I"]
        for _ in range(len(eyes)):  # an identity block is square: it passes sizes on
            for i, j in eyes:
                n = heights[i] if heights[i] is not None else widths[j]
                if n is not None:
                    fix(heights, i, n, "height")
                    fix(widths, j, n, "width")
        if any(heights[i] is None for i, _ in eyes):
            self.err("an identity block whose size nothing tells", node)
        out = []
        for i, r in enumerate(grid):
            row = []
            for j, v in enumerate(r):
                h, w = heights[i], widths[j]
                if is_matrix(v):
                    row.append(v)
                elif isinstance(v, Pending) and v.kind == "I":
                    row.append(v.realize((h, h)))
                elif isinstance(v, Pending) or v == 0:
                    h, w = h if h is not None else sp.Integer(1), w if w is not None else sp.Integer(1)
                    heights[i], widths[j] = h, w
                    row.append(sp.ZeroMatrix(h, w))
                else:
                    row.append(sp.ImmutableMatrix([[v]]))
            out.append(row)
        if nr == 1 and nc == 1:
            return out[0][0]
        return sp.BlockMatrix(out)

    def arg(self, a):
        if a.data == "arg_group":
            return self.single(a.children[0])
        if a.data == "arg_empty":
            self.err("an empty argument", a)
        tok = a.children[0]
        if tok.type == "NUMBER":
            return self.number(tok)
        if tok.type == "LETTER":
            return self.name_value(tok.value, False, [], tok)
        return self.cmd_value(tok)

    def cmd_value(self, tok):
        h = self.named_head(Tree("cmd", [tok]), [])
        if h[0] == "func" and h[1].get("kind") == "function":
            return self.nocall(h[1], h[2], [], tok)[0]
        if h[0] != "value":
            self.err(f"{tok.value} needs an argument", tok)
        return h[1]

    def name_value(self, name, bold, posts, node):
        h = self.resolve_name(name, bold, posts, node, callable_next=False)
        if h[0] != "value":
            return self.nocall(h[1], h[2], [], node)[0]
        return h[1]

    def bare_func(self, h, node):
        F = h[1]
        if isinstance(F, dict) and F.get("kind") == "function":
            return FuncRef(F["func"], F["name"], F.get("decl"))
        self.err("an operator without its argument", node)

    # ------------------------------------------------------------------ names
    def base_name(self, base):
        """(name, bold, op) for a letter-like atom; op is an operator tag for \\log etc."""
        d = base.data
        if d == "letter":
            return base.children[0].value, False, None
        if d == "cmd":
            c = base.children[0].value
            nm = command_name(c)
            if nm is not None:
                return nm, False, None
            return None, False, c.lstrip("\\")
        if d == "text":
            m = re.match(r"\\(\w+\*?)\s*\{(.*)\}$", base.children[0].value, re.S)
            content = m.group(2).strip()
            if re.fullmatch(r"[A-Za-z]", content):
                return content, False, None
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", content):
                return None, False, "text:" + content
            if content.startswith("\\") and " " not in content and command_name(content):
                return command_name(content), False, None
            self.err(f"prose {content!r}", base)
        if d == "font":
            font = base.children[0].value.lstrip("\\")
            a = base.children[1]
            inner = None
            if a.data == "arg_tok":
                inner = Tree("letter" if a.children[0].type == "LETTER" else
                             ("number" if a.children[0].type == "NUMBER" else "cmd"), [a.children[0]])
            elif a.data == "arg_group":
                inner = self.simple_unit(a.children[0])
            if font == "mathbb":
                txt = self.raw(a).strip("{} ")
                return None, False, "bb:" + txt
            if inner is None:
                return None, font in BOLD_FONTS, "fontexpr"
            if inner.data == "number":
                return None, True, "bold:" + inner.children[0].value
            if inner.data in ("letter", "cmd", "accent", "text", "font"):
                nm, bold, op = self.base_name(inner)
                return nm, bold or font in BOLD_FONTS, op
            return None, font in BOLD_FONTS, "fontexpr"
        if d == "accent":
            acc = ACCENT_SUFFIX[base.children[0].value.lstrip("\\")]
            a = base.children[1]
            if a.data == "arg_tok":
                tok = a.children[0]
                inner = Tree("letter" if tok.type == "LETTER" else "cmd", [tok])
            elif a.data == "arg_group":
                inner = self.simple_unit(a.children[0])
            else:
                inner = None
            if inner is None or inner.data not in ("letter", "cmd", "font", "text", "accent"):
                self.err("an accent on an expression", base)
            nm, bold, op = self.base_name(inner)
            if nm is None:
                self.err("an accent on an operator", base)
            return f"{nm}_{acc}", bold, None
        return None, False, None

    @staticmethod
    def simple_unit(seq):
        """The one atom of a group like ``{\\mu}``, else None."""
        try:
            (part,) = [c for c in seq.children if isinstance(c, Tree)]
            (clause,) = [c for c in part.children if isinstance(c, Tree)]
            (expr,) = clause.children
            if expr.data != "product" or len(expr.children) != 1:
                return None
            return expr.children[0]
        except ValueError:
            return None

    def named_head(self, base, posts):
        nm, bold, op = self.base_name(base)
        if op == "fontexpr":
            # \mathbf{XX}^T: a product of bold letters, scripts on the last one
            a = base.children[1]
            seq = a.children[0]
            letters = self.raw(seq).split()
            if all(re.fullmatch(r"[A-Za-z]", t) for t in letters) and letters:
                val = None
                for k, t in enumerate(letters):
                    v = self.name_value(t, bold, posts if k == len(letters) - 1 else [], base)
                    val = v if val is None else self.mul(val, v, base)
                return ("value", val)
            return ("value", self.apply_posts(self.single(seq), posts))
        if op is not None:
            return self.op_head(op, base, posts)
        if nm is None:
            self.err(f"cannot read {self.raw(base)!r}", base)
        return self.resolve_name(nm, bold, posts, base)

    def resolve_name(self, base, bold, posts, node, callable_next=None):
        posts = list(posts)
        sub = None
        primes = 0
        star = False
        while posts:
            kind, script, pnode = posts[0]
            if kind == "subscr" and sub is None:
                sub = script
            elif kind == "prime":
                primes += 1
            elif kind == "sup" and self.script_raw(script) in ("*", r"\ast", r"\star"):
                star = True
            elif kind == "sup" and self.script_raw(script) in (r"\prime", "'"):
                primes += 1
            else:
                break
            posts.pop(0)
        subraw = clean_subscript(self.script_raw(sub)) if sub is not None else None
        key = base + (f"_{subraw}" if sub is not None else "") + ("_star" if star else "")
        # f^{(k)}: the k-th derivative, when the name is a function (else a power, put back)
        dorder, dpost = None, None
        if not primes and posts and posts[0][0] == "sup" \
                and re.fullmatch(r"\(.+\)", self.script_raw(posts[0][1])):
            dpost = posts[0]
            dorder = self.script_value(posts[0][1])
            if is_matrix(dorder) or not isinstance(dorder, sp.Expr) or dorder.is_integer is False:
                dorder, dpost = None, None

        def dfunc(F, rest):
            """A function head, with f^{(k)} taken as the derivative order."""
            if dorder is not None and rest and rest[0] is dpost:
                F = dict(F, primes=dorder, dpost=dpost)
                rest = rest[1:]
            return ("func", F, rest)

        def value(v):
            return ("value", self.apply_posts(v, posts))

        # bound summation index
        if key in self.bound and not primes:
            return value(self.bound[key])
        dk = self.declared(key) if key in self.user else self.user.get(key)
        if key in EIGEN_NAMES and not primes and (dk is None or dk.kind != "function"):
            # \lambda_{\max}(A): an eigenvalue when called on a matrix, else the name as declared
            return ("func", {"kind": "op", "op": "eig", "which": EIGEN_NAMES[key],
                             "fallback": key}, posts)
        if dk is not None and dk.kind == "function":
            return dfunc({"kind": "function", "func": self.user.sympy(key), "name": key,
                          "decl": dk, "primes": primes}, posts)
        pkey = key + "_prime" * primes
        if pkey in self.user:
            d = self.user[pkey]
            if d.kind == "function":
                return ("func", {"kind": "function", "func": self.user.sympy(pkey), "name": pkey,
                                 "decl": d, "primes": 0}, posts)
            if d.kind == "matrix" and pkey == "I" or (d.kind == "matrix" and base == "I" and sub is None):
                return value(sp.Identity(d.shape[0] if isinstance(d.shape[0], sp.Basic) else sp.Integer(d.shape[0])))
            return value(self.user.sympy(pkey))
        if sub is not None:
            # theta_i^*: entry i of theta_star, never of theta
            sbase = base + "_star" if star else base
            bd = self.user.get(sbase)
            if bd is not None and bd.domain == "vectors":  # x_i: the i-th vector of the family
                rows = bd.shape[0]
                rows = sp.Integer(rows) if isinstance(rows, int) else self.obj(rows) \
                    if rows in self.user else sp.Symbol(str(rows), integer=True, positive=True)
                return value(ops.MatApply("col", rows, 1, self.user.sympy(sbase),
                                          self.script_value(sub)))
            if bd is not None and (bd.kind in ("matrix", "random")) and bd.shape:
                rows, cols = bd.shape
                if cols == 1:
                    idx = self.script_value(sub)
                    return value(sp.Indexed(sp.IndexedBase(sbase), idx))
                idxs = self.matrix_indices(sub, subraw)
                if idxs is not None:
                    return value(sp.Indexed(sp.IndexedBase(sbase), *idxs))
            if bd is not None and bd.kind == "function":
                return dfunc({"kind": "function", "func": self.user.sympy(sbase), "name": sbase,
                              "decl": bd, "primes": primes}, posts)
            if base == "I" and not bold or base == "I":
                if self.declared(key) is None and subraw and re.fullmatch(r"[A-Za-z0-9]+", subraw):
                    dim = self.script_value(sub)
                    if isinstance(dim, sp.Symbol) and dim.name not in self.user:
                        dim = dim_symbol(dim.name)  # I_d: d is a size, as in matrix(d, d)
                    return value(sp.Identity(dim))
            if self.declared(key) is None and not bold and self.bound:
                try:
                    idx = self.script_value(sub)
                except LatexError:
                    idx = None
                if idx is not None and getattr(idx, "free_symbols", set()) & set(self.bound.values()):
                    return value(sp.Indexed(sp.IndexedBase(base), idx))
        # operators spelled as names
        if sub is None and not primes and not star and key not in self.user:
            if key == "e":
                return value(sp.E)
            if key == "pi":
                return value(sp.pi)
            if key == "I" or (key == "1" and bold):
                return ("value", self.apply_posts(Pending("I"), posts))
            if key == "sigma":
                return self.inverse_op({"kind": "op", "op": "sigmoid", "fallback": "sigma"}, posts)
        # P(...) is a probability; a subscripted p_G(x), p_{data}(x) names a density of its own
        plain_p = key in ("p", "P") or re.fullmatch(r"[a-z0-9]", key.split("_", 1)[-1])
        if base in ("p", "P") and key not in self.user and plain_p:
            return ("func", {"kind": "op", "op": "P", "fallback": pkey, "primes": primes}, posts)
        if base in ("p", "P") and key not in self.user:
            return ("func", {"kind": "function", "func": None, "name": key, "primes": primes,
                             "fallback": pkey, "bold": bold, "letter": "f"}, posts)
        if primes and key == "sigma" and self.declared(pkey) is None:
            return ("func", {"kind": "op", "op": "sigmoid", "fallback": "sigma",
                             "primes": primes}, posts)
        if primes and self.declared(pkey) is None:
            # x' on a name: x_prime, unless it is called like a function (f'(x))
            return ("func", {"kind": "function", "func": None, "name": key, "primes": primes,
                             "fallback": pkey, "bold": bold}, posts)
        F = {"kind": "function", "func": None, "name": key, "primes": 0,
             "fallback": pkey, "bold": bold, "letter": base}
        if base in FUNCTION_LETTERS and callable_next is not False:
            return dfunc(F, posts)
        return ("func", F, posts)

    def matrix_indices(self, sub, subraw):
        if sub.data == "script_group":
            args = self.args(sub.children[0])
            if len(args) == 2:
                return [self.expr(c.children[0]) for _, c in args]
        if subraw and re.fullmatch(r"[A-Za-z0-9]{2}", subraw):
            return [self.name_value(ch, False, [], sub) if ch.isalpha() else sp.Integer(ch)
                    for ch in subraw]
        return None

    @staticmethod
    def _lone_product(seq):
        """The product tree when a group holds one plain product (no relation, no list)."""
        try:
            (part,) = [c for c in seq.children if isinstance(c, Tree)]
            (clause,) = [c for c in part.children if isinstance(c, Tree)]
            (expr,) = clause.children
        except ValueError:
            return None
        return expr if expr.data == "product" else None

    def composition(self, seq):
        """``(g \\circ f)``: a function built by composition, or None."""
        expr = self._lone_product(seq)
        if expr is None:
            return None
        kids = expr.children
        if not any(isinstance(k, Token) and k.value == r"\circ" for k in kids):
            return None
        funcs = []
        for k in kids:
            if isinstance(k, Token):
                if k.value != r"\circ":
                    return None
                continue
            h = self.head(k)
            if h[0] != "func":
                self.err("composition of something that is not a function", k)
            funcs.append(h)
        return {"kind": "compose", "funcs": funcs}

    # ------------------------------------------------------------------ products
    def is_call_group(self, tree):
        """``(...)``/``[...]``, or SymPy's own ``{\\left(...\\right)}`` spelling."""
        base, _ = self.peel(tree)
        if base.data == "group":
            inner = self.simple_unit(base.children[0])
            return inner is not None and inner.data == "paren"
        return base.data in ("paren", "bracket")

    def call_group(self, tree):
        gbase, gposts = self.peel(tree)
        if gbase.data == "group":
            gbase = self.simple_unit(gbase.children[0])
        elif gbase.data == "braceset":  # \max\{a, b\}: the set's list is the argument list
            gbase = Tree("paren", [gbase.children[1]], gbase.meta)
        return gbase, gposts

    def product(self, items):
        chunks, ops_ = [[]], []
        for op, tree in items:
            if op is not None and op.value in (r"\odot", r"\circ"):
                chunks.append([])
                ops_.append(op)
                chunks[-1].append((None, tree))
            else:
                chunks[-1].append((op, tree))
        vals = [self.chunk(c) for c in chunks]
        out = vals[0]
        for op, v in zip(ops_, vals[1:]):
            out, v = self.realize(out), self.realize(v)
            if is_matrix(out) and is_matrix(v):
                if out.shape != v.shape and not (_same(out.rows, v.rows) and _same(out.cols, v.cols)):
                    self.err("elementwise product of different shapes", op, LatexShapeError)
                out = sp.HadamardProduct(out, v)
            elif op.value == r"\odot":
                out = self.mul(out, v, op)
            else:
                self.err("\\circ between values", op)
        return out

    def chunk(self, items):
        acc = None
        k = 0
        while k < len(items):
            op, tree = items[k]
            h = self.head(tree)
            nxt = items[k + 1] if k + 1 < len(items) else None
            call_next = nxt is not None and nxt[0] is None and self.is_call_group(nxt[1])
            if (not call_next and h[0] == "func" and h[1].get("op") in ("max", "min") and nxt is not None
                    and nxt[0] is None and self.peel(nxt[1])[0].data == "braceset"):
                call_next = True  # \max\{a, b\}
            if h[0] == "consumer":
                val, used = h[1](items[k + 1:])
                k += 1 + used
            elif h[0] == "func":
                F, posts = h[1], h[2]
                if call_next and not self.calls(F, nxt[1]):
                    h = ("value", self.nocall(F, posts, [], tree)[0])
                    call_next = False
                if h[0] == "value":
                    val = h[1]
                    k += 1
                elif call_next:
                    gbase, gposts = self.call_group(nxt[1])
                    val = self.call(F, gbase, tree)
                    val = self.apply_posts(val, posts + gposts)
                    k += 2
                else:
                    val, used = self.nocall(F, posts, items[k + 1:], tree)
                    k += 1 + used
            else:
                val = h[1]
                k += 1
            acc = self.combine(acc, op, val, tree)
        return acc

    def calls(self, F, group):
        """Does an undeclared name followed by (...) read as a call?  Usual function letters,
        several arguments, primes or bold say yes; otherwise it is a product (``\\lambda(e^t-1)``)."""
        if F.get("kind") != "function" or F.get("func") is not None:
            return True
        if F.get("primes") or F.get("bold"):
            return True
        name = F["name"]
        if F.get("letter", name) in FUNCTION_LETTERS or name.split("_")[0] in FUNCTION_LETTERS:
            return True
        gbase, _ = self.call_group(group)
        return len(self.args(gbase.children[0])) != 1

    def combine(self, acc, op, val, node):
        if acc is None:
            if op is not None:
                self.err(f"{op.value} without a left operand", op)
            return val
        o = None if op is None else op.value
        if o in (r"\cdot", r"\bullet"):
            a, b = self.realize(acc), self.realize(val)
            # u \cdot v between two columns of one shape is the dot product, as on the sheets
            if (is_matrix(a) and is_matrix(b) and a.shape == b.shape and _same(a.cols, 1)
                    and not _same(a.rows, 1)):
                return ops.Inner(a, b)
        if o in (None, r"\cdot", r"\times", "*", r"\ast", r"\bullet"):
            return self.mul(acc, val, node)
        if o in ("/", r"\div"):
            val = self.realize(val)
            if is_matrix(val):
                if val.shape == (1, 1):
                    val = self.to_scalar(val)
                else:
                    self.err("division by a matrix", op)
            if isinstance(val, FuncRef):
                self.err("a function named without its argument", node)
            return self.mul(acc, 1 / val, node)
        self.err(f"{o} is not an operation the reader knows", op)

    def split_explicit(self, items):
        """Items up to the next explicit multiplication sign (argument of ``\\log x``)."""
        n = 0
        for op, _ in items:
            if n and op is not None:
                break
            n += 1
        return n

    # ------------------------------------------------------------------ calls
    def nocall(self, F, posts, rest, node):
        kind = F["kind"]
        if kind == "function":
            if F.get("func") is not None:
                if F.get("primes") or posts:
                    self.err("a function named without its argument", node)
                return FuncRef(F["func"], F["name"], F.get("decl")), 0
            name = F["fallback"]
            if F.get("dpost") is not None:  # f^{(k)} not called: the power it is written as
                posts = [F["dpost"]] + list(posts)
            elif F.get("primes"):
                name = F["name"] + "_prime" * F["primes"]
            return self.apply_posts(self.default_symbol(name, F.get("bold")), posts), 0
        if kind == "op":
            op = F["op"]
            if op == "eig":
                return self.apply_posts(self.fallback_symbol(F["fallback"]), posts), 0
            if F.get("inv_post") is not None and F.get("fallback"):  # \sigma^{-1} not called
                return self.apply_posts(self.default_symbol(F["fallback"], False),
                                        [F["inv_post"]] + list(posts)), 0
            if op == "sigmoid" or (op == "P" and F.get("fallback")):
                name = F.get("fallback") or "sigma"
                return self.apply_posts(self.default_symbol(name, False), posts), 0
            if op in ("E", "Var", "P", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh",
                      "det", "trace", "diag", "sign", "relu", "softmax", "sigmoid", "atanh", "asin",
                      "acos", "atan", "asinh", "acosh") and rest:
                n = self.split_explicit(rest) if op not in ("E", "Var") else len(rest)
                if op in ("log", "exp", "det", "trace") and rest[0][0] is None:
                    n = self.split_explicit(rest)
                arg = self.chunk([(None, rest[0][1])] + list(rest[1:n]))
                val = self.apply_op(op, [arg], F, node, posts_sub=posts)
                return self.apply_posts(val, self.after_op_posts(op, posts)), n
            if op == "text":
                return self.apply_posts(self.default_symbol(F["name"], False), posts), 0
            self.err(f"{op} without an argument", node)
        self.err("cannot read this use of a function", node)

    def after_op_posts(self, op, posts):
        """Scripts on an operator name that are annotations, not powers (``\\mathbb{E}_x``)."""
        return [p for p in posts if p[0] != "subscr"]

    def call(self, F, gbase, node):
        seq = gbase.children[0]
        kind = F["kind"]
        if kind == "compose":
            vals = self.arg_values(seq, gbase)
            v = vals
            for h in reversed(F["funcs"]):
                v = [self.call_values(h[1], v, node)]
            return v[0]
        if kind == "op":
            op = F["op"]
            if op == "P":
                if F.get("fallback") and F["fallback"] in self.user:
                    d = self.user[F["fallback"]]
                    if d.kind != "function":
                        return self.mul(self.user.sympy(F["fallback"]), self.single(seq), node)
                return self.prob(seq, gbase)
            if op == "sigmoid" and F.get("fallback") == "sigma" and "sigma" in self.user:
                pass
            if op == "Cov" or op == "text" or op == "N":
                vals = self.arg_values_loose(seq)
            else:
                vals = self.arg_values(seq, gbase)
            return self.apply_op(op, vals, F, node)
        if kind == "function":
            vals = self.arg_values_loose(seq)
            return self.call_values(F, vals, node)
        self.err("cannot call this", node)

    def arg_values_loose(self, seq):
        """Arguments separated by , ; or | (``\\mathcal{N}(x; \\mu, \\Sigma)``, ``q(z|x)``):
        a bar makes ``Given(left, right)`` of the arguments on either side."""
        groups = [[]]
        for sep, c in self.args(seq):
            if sep == r"\mid":
                groups.append([])
            if c.data == "rel_fragment" or len(c.children) != 1:
                self.err("a relation as an argument", c)
            groups[-1].append(self.realize(self.expr(c.children[0])))
        if len(groups) == 1:
            return groups[0]
        if len(groups) > 2:
            self.err("two conditioning bars", seq)
        left, right = (g[0] if len(g) == 1 else sp.Tuple(*g) for g in groups)
        return [Given(left, right)]

    def call_values(self, F, vals, node):
        if F["kind"] == "op":
            return self.apply_op(F["op"], vals, F, node)
        if F["kind"] == "compose":
            v = vals
            for h in reversed(F["funcs"]):
                v = [self.call_values(h[1], v, node)]
            return v[0]
        func = F.get("func")
        name = F["name"]
        if func is None:
            # undeclared: a function if it looks like one, else a product
            looks = (F.get("letter", name) in FUNCTION_LETTERS or name.split("_")[0] in FUNCTION_LETTERS
                     or len(vals) != 1 or F.get("primes"))
            if not looks:
                sym = self.default_symbol(F["fallback"], F.get("bold"))
                return self.mul(sym, vals[0], node)
            if F.get("bold"):
                f = self.new_function(name)
                arg = vals[0] if len(vals) == 1 else None
                rows = arg.shape[0] if arg is not None and is_matrix(arg) else DEFAULT_DIM
                return ops.MatApply("call", rows, 1, f(*vals))
            func = self.new_function(name)
        decl = F.get("decl")
        primes = F.get("primes", 0)
        if decl is not None and decl.domain == "vecfunction":
            return ops.MatApply("call", dim_symbol(decl.args[0]), 1, func(*vals))
        if primes:
            if len(vals) != 1 or is_matrix(vals[0]):
                self.err("a prime derivative needs one scalar argument", node)
            x = vals[0]
            if isinstance(x, sp.Symbol):
                return sp.Derivative(func(x), (x, primes))
            t = sp.Dummy("t", real=True)
            return sp.Subs(sp.Derivative(func(t), (t, primes)), t, x)
        return func(*vals)

    def apply_op(self, op, vals, F, node, posts_sub=None):
        def one():
            if len(vals) != 1:
                self.err(f"{op} takes one argument", node)
            return self.realize(vals[0])

        if op in SCALAR_FUNCS:
            x = one()
            if is_matrix(x):
                if x.shape == (1, 1):
                    x = self.to_scalar(x)
                elif op in ELEMENTWISE:
                    return ops.MatApply(op, x.rows, x.cols, x)
                else:
                    self.err(f"{op} of a matrix", node)
            if F.get("primes"):
                t = sp.Dummy("t", real=True)
                f = SCALAR_FUNCS[op]
                if isinstance(x, sp.Symbol):
                    return sp.Derivative(f(x), (x, F["primes"]))
                return sp.Subs(sp.Derivative(f(t), (t, F["primes"])), t, x)
            base = F.get("base")
            if op == "log" and base is not None:
                return sp.log(x, base)
            return SCALAR_FUNCS[op](x)
        if op == "eig":
            x = one()
            if is_matrix(x):
                if x.shape[0] != x.shape[1] and not _same(x.shape[0], x.shape[1]):
                    self.err("an eigenvalue of a non-square matrix", node, LatexShapeError)
                return ops.Eigenvalue(x, sp.Symbol(F["which"]))
            self.maybe_retype(x, (DEFAULT_DIM, DEFAULT_DIM))  # \lambda_{\max}(Q): Q is a matrix
            return self.mul(self.fallback_symbol(F["fallback"]), x, node)
        if op in ("max", "min"):
            if len(vals) < 2:
                self.err(f"{op} of one argument", node)
            if any(is_matrix(v) for v in vals):
                self.err(f"{op} of matrices", node)
            return (sp.Max if op == "max" else sp.Min)(*vals)
        if op == "softmax":
            x = one()
            if not is_matrix(x) or x.shape[1] != 1:
                self.err("softmax of something that is not a column vector", node)
            return ops.MatApply("softmax", x.rows, 1, x)
        if op == "det":
            x = one()
            return sp.Determinant(x) if is_matrix(x) else x
        if op == "trace":
            x = one()
            return sp.Trace(x) if is_matrix(x) else x
        if op == "diag":
            x = one()
            if not is_matrix(x) or x.shape[1] != 1:
                self.err("diag of something that is not a column vector", node)
            return ops.MatApply("diag", x.rows, x.rows, x)
        if op == "E":
            x = one()
            if isinstance(x, FuncRef):
                self.err("expectation of a function name", node)
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
                    self.err("variance of a matrix", node)
                return ops.MatApply("Var", x.rows, x.rows, x)
            return ops.Var(x)
        if op == "Cov":
            if len(vals) == 1:
                return self.apply_op("Var", vals, F, node)
            if len(vals) != 2:
                self.err("Cov takes one or two arguments", node)
            a, b = vals
            if is_matrix(a) or is_matrix(b):
                if not (is_matrix(a) and is_matrix(b)) or a.shape[1] != 1 or b.shape[1] != 1:
                    self.err("Cov of a matrix and a scalar", node)
                return ops.MatApply("Cov", a.rows, b.rows, a, b)
            return ops.Cov(a, b)
        if op in ("text", "N"):
            f = self.new_function(F["name"])
            return f(*vals)
        self.err(f"cannot apply {op}", node)

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
            self.err("an event without a left side", clause)
        kids = clause.children
        exprs = [self.realize(self.expr(k)) for k in kids[0::2]]
        rels = []
        for i, tok in enumerate(kids[1::2]):
            op = self.rel_op(tok)
            if op not in _SYMPY_REL:
                self.err(f"{tok.value} inside an event", tok)
            a, b = exprs[i], exprs[i + 1]
            if is_matrix(a) or is_matrix(b):
                self.err("an event between matrices", tok)
            rels.append(_SYMPY_REL[op](a, b, evaluate=False))
        if not rels:
            return exprs[0]
        return rels[0] if len(rels) == 1 else sp.And(*rels, evaluate=False)

    # ------------------------------------------------------------------ operators by name
    def op_head(self, op, base, posts):
        if op.startswith("bb:"):
            letter = op[3:]
            ann = [p for p in posts if p[0] != "subscr"]
            if letter == "E":
                return ("func", {"kind": "op", "op": "E"}, ann)
            if letter == "V":
                return ("func", {"kind": "op", "op": "Var"}, ann)
            if letter in ("P",):
                return ("func", {"kind": "op", "op": "P"}, ann)
            if letter == "I" or letter == "1":
                return ("func", {"kind": "function", "func": None, "name": "indicator",
                                 "fallback": "indicator", "letter": "f"}, posts)
            self.err(f"\\mathbb{{{letter}}} is a set, not a value", base)
        if op.startswith("bold:"):
            digit = op[5:]
            if digit == "0":
                return ("value", self.apply_posts(Pending("0"), posts))
            if digit == "1":
                return ("value", self.apply_posts(ops.MatApply("ones", DEFAULT_DIM, 1), posts))
            return ("value", self.apply_posts(sp.Integer(digit), posts))
        if op.startswith("text:"):
            name = op[5:]
            if name in TEXT_OPS:
                return self.op_head(TEXT_OPS[name], base, posts)
            return ("func", {"kind": "op", "op": "text", "name": name}, posts)
        if op in CMD_OPS:
            op = CMD_OPS[op]
        if op in ("sum", "prod"):
            return ("consumer", lambda rest: self.bigop(op, posts, rest, base))
        if op == "nabla":
            return ("consumer", lambda rest: self.nabla(posts, rest, base))
        if op == "int":
            return ("consumer", lambda rest: self.integral(posts, rest, base))
        if op in ("infty",):
            return ("value", self.apply_posts(sp.oo, posts))
        if op == "lim":
            return ("consumer", lambda rest: self.limit(posts, rest, base))
        if op in ("oint", "iint", "limsup", "liminf", "sup", "inf", "arg", "argmax",
                  "argmin", "partial", "dots", "cdots", "ldots", "vdots", "ddots", "begin", "end",
                  "emptyset", "forall", "exists"):
            self.err(f"\\{op} is not supported", base)
        if op in ("max", "min") and any(p[0] == "subscr" for p in posts):
            return ("consumer", lambda rest: self.extremum(op, posts, rest, base))
        if op == "log":
            F = {"kind": "op", "op": "log"}
            rest = []
            for p in posts:
                if p[0] == "subscr" and "base" not in F:
                    F["base"] = self.script_value(p[1])
                else:
                    rest.append(p)
            return ("func", F, rest)
        known = {"exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "det", "trace", "max", "min",
                 "P", "sign", "diag", "E", "Var", "Cov", "relu", "softmax", "sigmoid"}
        if op in known:
            posts2 = [p for p in posts if p[0] != "subscr"] if op in ("E", "Var", "Cov", "P") else posts
            primes = 0
            while posts2 and posts2[0][0] == "prime" and op in SCALAR_FUNCS:
                primes += 1
                posts2 = posts2[1:]
            return self.inverse_op({"kind": "op", "op": op, "primes": primes}, posts2)
        self.err(f"unknown command \\{op}", base)

    def inverse_op(self, F, posts):
        """``\\sigma^{-1}``, ``\\tanh^{-1}``: the inverse function (logit, atanh) when the -1 sits on
        the function's name; the script is kept for a name that turns out not to be called."""
        if (F.get("op") in INVERSE_OPS and not F.get("primes") and posts and posts[0][0] == "sup"
                and self.script_raw(posts[0][1]) == "-1"):
            F = dict(F, op=INVERSE_OPS[F["op"]], inv_post=posts[0])
            posts = posts[1:]
        return ("func", F, posts)

    # ------------------------------------------------------------------ sums and products
    def index_symbol(self, name):
        if name in self.user:
            return self.user.sympy(name)
        return sp.Symbol(name, integer=True)

    def index_range(self, name, node):
        d = self.user.get(name)
        if d is None or d.domain != "index":
            self.err(f"sum over {name} needs a declaration {name} = \"index(k)\"", node)
        k = d.index_range
        return sp.Integer(k) if isinstance(k, int) else self.obj(k) if k in self.user else \
            sp.Symbol(str(k), integer=True, positive=True)

    def bigop(self, op, posts, rest, node):
        if not rest:
            self.err(f"\\{op} without a body", node)
        if not any(p[0] == "subscr" for p in posts) and not any(p[0] == "sup" for p in posts):
            limits, pair = [self.implicit_index(op, rest, node)], False
        else:
            limits, pair = self.index_limits(op, posts, node)
        saved = dict(self.bound)
        syms = []
        for nm, lo, hi in limits:
            s = self.index_symbol(nm)
            self.bound[nm] = s
            syms.append((s, lo, hi))
        try:
            body = self.realize(self.chunk(rest))
        finally:
            self.bound = saved
        return self.bigop_value(op, body, syms, pair, node), len(rest)

    def implicit_index(self, op, rest, node):
        """``\\sum x_i`` with no index written: the one declared ``index(n)`` symbol, else the
        subscript letter of a declared vector in the body (running over its entries)."""
        indices = [d.name for d in self.user if d.domain == "index"]
        if len(indices) == 1:
            nm = indices[0]
            return nm, sp.Integer(1), self.index_range(nm, node)
        found = set()
        for _, tree in rest:
            for t in tree.iter_subtrees():
                if t.data != "subscr":
                    continue
                base, script = t.children
                nm = self.base_name(base)[0] if base.data in ("letter", "cmd", "font") else None
                d = self.user.get(nm) if nm else None
                idx = self.script_raw(script)
                if (d is not None and d.kind in ("matrix", "random") and d.shape and d.shape[1] == 1
                        and re.fullmatch(r"[A-Za-z]", idx) and idx not in self.user):
                    rows = d.shape[0]
                    found.add((idx, sp.Integer(rows) if isinstance(rows, int) else dim_symbol(rows)))
        if len(found) == 1:
            nm, hi = found.pop()
            return nm, sp.Integer(1), hi
        self.err(f"\\{op} without an index", node)

    def index_limits(self, op, posts, node):
        """The index ranges of ``\\sum_{i=1}^n``, ``\\sum_{i,j}``, ``\\sum_{i<j}``, ``\\max_i``:
        [(name, lo, hi)] in binding order, and the pair relation ('<', '\\neq') if any."""
        sub = sup = None
        for kind, script, pnode in posts:
            if kind == "subscr" and sub is None:
                sub = script
            elif kind == "sup" and sup is None:
                sup = script
            else:
                self.err("an unexpected script on a sum", pnode)
        limits = []  # (name, lo, hi) in binding order
        pair = False
        if sub is None:
            self.err(f"\\{op} without an index", node)
        if sub.data == "script_tok" and sub.children[0].type in ("LETTER", "CMD"):
            nm = sub.children[0].value.lstrip("\\")
            lo, hi = sp.Integer(1), (self.script_value(sup) if sup is not None else self.index_range(nm, node))
            limits.append((nm, lo, hi))
        elif sub.data == "script_group":
            args = self.args(sub.children[0])
            for sep, clause in args:
                kids = clause.children
                if clause.data == "rel_fragment":
                    self.err("an unreadable sum index", clause)
                if len(kids) == 1:
                    nm = clean_subscript(self.raw(kids[0]))
                    if not re.fullmatch(r"[A-Za-z]+", nm):
                        self.err("an unreadable sum index", clause)
                    hi = self.script_value(sup) if (sup is not None and len(args) == 1) else self.index_range(nm, clause)
                    limits.append((nm, sp.Integer(1), hi))
                elif len(kids) == 3 and kids[1].value == "=":
                    nm = clean_subscript(self.raw(kids[0]))
                    if not re.fullmatch(r"[A-Za-z]+", nm):
                        self.err("an unreadable sum index", clause)
                    lo = self.expr(kids[2])
                    if sup is None:
                        hi = self.index_range(nm, clause)
                    else:
                        hi = self.script_value(sup)
                    limits.append((nm, lo, hi))
                elif len(kids) == 3 and kids[1].value in ("<", r"\neq", r"\ne") and len(args) == 1:
                    a = clean_subscript(self.raw(kids[0]))
                    b = clean_subscript(self.raw(kids[2]))
                    try:
                        hi = self.index_range(a, clause)
                    except LatexError:
                        hi = self.index_range(b, clause)
                    pair = kids[1].value
                    limits.append((a, sp.Integer(1), hi))
                    limits.append((b, None, hi))
                else:
                    self.err("an unreadable sum index", clause)
        else:
            self.err("an unreadable sum index", sub)
        return limits, pair

    def bigop_value(self, op, body, syms, pair, node):
        if is_matrix(body):
            if body.shape == (1, 1):
                body = self.to_scalar(body)
            elif op == "sum" and not pair:
                # SymPy's Sum refuses matrix bodies: MatApply('sum', rows, cols, body, i, lo, hi)
                val = body
                for s, lo, hi in reversed(syms):
                    val = ops.MatApply("sum", body.rows, body.cols, val, s, lo, hi)
                return val
            elif op == "prod" and not pair:
                # a product of square matrices, left to right by increasing index:
                # MatApply('prod', rows, cols, body, i, lo, hi) (the identity when empty)
                if not _same(body.rows, body.cols):
                    self.err(f"\\prod of {body.shape} matrices (they must be square)", node,
                             LatexShapeError)
                val = body
                for s, lo, hi in reversed(syms):
                    val = ops.MatApply("prod", body.rows, body.cols, val, s, lo, hi)
                return val
            else:
                self.err(f"\\{op} of matrices is not supported", node)
        if isinstance(body, FuncRef):
            self.err("a function named without its argument", node)
        cls = sp.Sum if op == "sum" else sp.Product
        if pair:
            (i, lo, hi), (j, _, _) = syms
            if pair == "<":
                return cls(cls(body, (j, i + 1, hi)), (i, lo, hi))
            inner = cls(body, (j, 1, hi))
            if op == "sum":
                return sp.Sum(inner - body.subs(j, i), (i, lo, hi))
            self.err("\\prod over j != i", node)
        val = body
        for s, lo, hi in reversed(syms):
            val = cls(val, (s, lo, hi))
        return val

    def extremum(self, op, posts, rest, node):
        """``\\max_i x_i``, ``\\min_{i=1}^n``: the largest / smallest value of the body over a
        declared (or written) integer range: ``sp.Max`` of the terms when the range is a known
        number of terms, else ``ops.Extremum``."""
        if not rest:
            self.err(f"\\{op} without a body", node)
        limits, pair = self.index_limits(op, posts, node)
        if pair:
            self.err(f"\\{op} over pairs is not supported", node)
        saved = dict(self.bound)
        syms = []
        for nm, lo, hi in limits:
            sym = self.index_symbol(nm)
            self.bound[nm] = sym
            syms.append((sym, self.realize(lo), self.realize(hi)))
        try:
            body = self.realize(self.chunk(rest))
        finally:
            self.bound = saved
        if is_matrix(body):
            if body.shape != (1, 1):
                self.err(f"\\{op} of matrices is not supported", node)
            body = self.to_scalar(body)
        if isinstance(body, FuncRef):
            self.err("a function named without its argument", node)
        val = body
        for sym, lo, hi in reversed(syms):
            if lo.is_Integer and hi.is_Integer and 0 <= hi - lo < 50:
                terms = [val.subs(sym, k) for k in range(int(lo), int(hi) + 1)]
                val = (sp.Max if op == "max" else sp.Min)(*terms)
            else:
                val = ops.Extremum(val, sym, lo, hi, sp.Symbol(op))
        return val, len(rest)

    # ------------------------------------------------------------------ integrals
    def integral(self, posts, rest, node):
        """``\\int_a^b body\\, dt`` (``\\int_{\\mathbb{R}}``: the whole line) -> ``ops.Integral``
        (``MatApply('integral', ...)`` for a matrix body).  The body is everything up to the
        differential ``d t`` / ``\\mathrm{d} t``; t is bound inside it."""
        sub = sup = None
        for kind, script, pnode in posts:
            if kind == "subscr" and sub is None:
                sub = script
            elif kind == "sup" and sup is None:
                sup = script
            else:
                self.err("an unexpected script on an integral", pnode)
        k = None
        for j in range(1, len(rest) - 1):
            if rest[j + 1][0] is None and self._diff_mark(rest[j][1]) == 1:
                vbase, vposts = self.peel(rest[j + 1][1])
                if not vposts and vbase.data in ("letter", "cmd"):
                    nm = self.base_name(vbase)[0]
                    if nm is not None:
                        k = j
                        break
        if k is None:
            self.err("an integral without its differential d<variable>", node)
        if sub is None and sup is None:
            self.err("an indefinite integral", node)
        if sup is None:
            raw = self.script_raw(sub)
            if raw not in (r"\mathbb{R}", "R", r"\mathbb{R}^1"):
                self.err(f"an integral over the set {raw!r} (only \\mathbb{{R}} or limits)", node)
            lo, hi = -sp.oo, sp.oo
        else:
            if sub is None:
                self.err("an integral without a lower limit", node)
            lo, hi = self.realize(self.script_value(sub)), self.realize(self.script_value(sup))
            if is_matrix(lo) or is_matrix(hi):
                self.err("an integral with matrix limits", node)
        var = sp.Symbol(nm, real=True)
        saved = dict(self.bound)
        self.bound[nm] = var
        try:
            body = self.realize(self.chunk(rest[:k]))
        finally:
            self.bound = saved
        if isinstance(body, FuncRef):
            self.err("a function named without its argument", node)
        if is_matrix(body):
            if body.shape == (1, 1):
                body = self.to_scalar(body)
            else:
                return ops.MatApply("integral", body.rows, body.cols, body, var, lo, hi), k + 2
        return ops.Integral(body, var, lo, hi), k + 2

    # ------------------------------------------------------------------ limits
    def limit(self, posts, rest, node):
        """``\\lim_{x \\to a} body`` (``a^+`` / ``a^-`` one-sided, ``\\infty``) -> ``ops.Limit``
        (``MatApply('limit', ...)`` for a matrix body); x is bound in the body, which is the rest
        of the product (as a sum's)."""
        sub = None
        for kind, script, pnode in posts:
            if kind == "subscr" and sub is None:
                sub = script
            else:
                self.err("an unexpected script on \\lim", pnode)
        if sub is None or sub.data != "script_group":
            self.err("\\lim without its x \\to a", node)
        if not rest:
            self.err("\\lim without a body", node)
        args = self.args(sub.children[0])
        kids = args[0][1].children if len(args) == 1 else []
        if (len(kids) != 3 or args[0][1].data == "rel_fragment"
                or kids[1].value not in (r"\to", r"\rightarrow", r"\longrightarrow")):
            self.err("\\lim needs a subscript x \\to a", sub)
        vbase, vposts = (None, None)
        if kids[0].data == "product" and len(kids[0].children) == 1:
            vbase, vposts = self.peel(kids[0].children[0])
        nm = self.base_name(vbase)[0] if vbase is not None and vbase.data in ("letter", "cmd") else None
        if nm is None or vposts:
            self.err("\\lim of a variable that is not a plain name", sub)
        side, pt = "both", kids[2]
        if pt.data == "product" and len(pt.children) == 1:
            pbase, pposts = self.peel(pt.children[0])
            if pposts and pposts[-1][0] == "sup" and self.script_raw(pposts[-1][1]) in ("+", "-"):
                side = self.script_raw(pposts[-1][1])
                pt = self._rebuild(pbase, pposts[:-1])
        point = self.realize(self.expr(pt) if pt is kids[2] else self.unit_value(pt))
        if is_matrix(point) or isinstance(point, FuncRef):
            self.err("\\lim at a matrix", sub)
        if point == sp.oo or point == -sp.oo:
            side = "-" if point == sp.oo else "+"
        var = sp.Symbol(nm, real=True)
        saved = dict(self.bound)
        self.bound[nm] = var
        try:
            body = self.realize(self.chunk(rest))
        finally:
            self.bound = saved
        if isinstance(body, FuncRef):
            self.err("a function named without its argument", node)
        args_ = (var, point, sp.Symbol(side))
        if is_matrix(body):
            if body.shape != (1, 1):
                return ops.MatApply("limit", body.rows, body.cols, body, *args_), len(rest)
            body = self.to_scalar(body)
        return ops.Limit(body, *args_), len(rest)

    # ------------------------------------------------------------------ derivatives
    def derivative(self, f, var, order=1, hessian=False):
        f = self.realize(f)
        if isinstance(f, FuncRef):
            f = self.call_values({"kind": "function", "func": f.func, "name": f.name,
                                  "decl": f.decl}, [var], None)
        if is_matrix(var):
            if hessian or order == 2:
                if is_matrix(f):
                    self.err("a Hessian of a matrix")
                return ops.MatApply("hessian", var.rows, var.rows, f, var)
            if order != 1:
                self.err("a higher derivative by a vector")
            layout = "denominator" if hessian is None else self.layout
            rows, cols = ops.partial_shape(shape_of(f), shape_of(var), layout)
            return ops.MatApply("partial", rows, cols, f, var, ops.layout_symbol(layout))
        if not isinstance(var, (sp.Symbol, sp.Indexed)):
            self.err("a derivative by an expression")
        if is_matrix(f):
            rows, cols = ops.partial_shape(shape_of(f), (), self.layout)
            return ops.MatApply("partial", rows, cols, f, var, ops.layout_symbol(self.layout))
        return sp.Derivative(f, (var, order))

    def nabla(self, posts, rest, node):
        var = None
        order = 1
        for kind, script, pnode in posts:
            if kind == "subscr" and var is None:
                var = self.script_value(script)
            elif kind == "sup" and self.script_raw(script) == "2":
                order = 2
            else:
                self.err("an unexpected script on \\nabla", pnode)
        if not rest or rest[0][0] is not None:
            self.err("\\nabla without a function", node)
        op, tree = rest[0]
        h = self.head(tree)
        used = 1
        after = []
        point = None
        if h[0] == "func" and len(rest) > 1 and rest[1][0] is None and self.is_call_group(rest[1][1]):
            gbase, gposts = self.call_group(rest[1][1])
            f = self.apply_posts(self.call(h[1], gbase, tree), h[2])
            after = gposts
            used = 2
            seq = gbase.children[0]
            vals = self.arg_values(seq, gbase)
            if var is None:
                if len(vals) == 1 and (isinstance(vals[0], (sp.Symbol, sp.MatrixSymbol))):
                    var = vals[0]
            elif (len(vals) == 1 and h[1].get("kind") == "function" and not h[2]
                  and not self.has_symbol(vals[0], var) and self.names_a_point_of(vals[0], var)):
                # \nabla_\theta J(\theta_t): the gradient of J(theta), taken at theta_t
                point = vals[0]
                if isinstance(point, (sp.Symbol, sp.MatrixSymbol)):
                    var, point = point, None  # d J(theta_t) / d theta_t is that gradient
                elif is_matrix(point) or is_matrix(var):
                    self.err("a gradient by a vector taken at an expression", node)
                else:
                    f = self.call_values(h[1], [var], tree)
        elif h[0] == "value":
            f = h[1]
        elif h[0] == "func":
            f = self.nocall(h[1], h[2], [], tree)[0]
        else:
            self.err("\\nabla of an operator", tree)
        if var is None and not isinstance(f, FuncRef):
            # \nabla^2 [x^T A x]: the one column vector in the expression is the variable
            cols = {m for m in self.realize(f).atoms(sp.MatrixSymbol)
                    if m.shape[1] == 1 and not _same(m.shape[0], 1)}
            if len(cols) == 1:
                var = cols.pop()
        if var is None:
            if isinstance(f, FuncRef):
                self.err(f"\\nabla {f.name} needs the variable (\\nabla_x or {f.name}(x))", node)
            self.err("\\nabla without a variable", node)
        if order == 2:
            g = self.derivative(f, var, 2, hessian=True) if is_matrix(var) else sp.Derivative(f, (var, 2))
        else:
            g = self.derivative(f, var, 1, hessian=None) if is_matrix(var) else self.derivative(f, var)
        if point is not None:
            g = sp.Subs(g, var, point)
        return self.apply_posts(g, after), used

    @staticmethod
    def has_symbol(expr, var):
        return var in getattr(expr, "free_symbols", set()) | set(getattr(expr, "atoms", lambda *a: ())(sp.MatrixSymbol))

    @staticmethod
    def names_a_point_of(expr, var):
        """Does expr use a subscripted version of var (theta_t, theta_{t-1}, x_k)?"""
        name = getattr(var, "name", None)
        if name is None:
            return False
        syms = getattr(expr, "free_symbols", set()) | set(expr.atoms(sp.MatrixSymbol))
        return any(getattr(s, "name", "").startswith(name + "_") for s in syms)

    def frac_head(self, base, posts):
        num, den = base.children[1], base.children[2]
        dinfo = self.diff_parts(den)
        if dinfo is not None:
            ninfo = self.diff_numerator(num)
            if ninfo is not None:
                norder, fitems = ninfo
                vars_ = dinfo
                total = sum(o for _, o in vars_)
                if norder != total:
                    self.err("derivative orders do not match", base)
                if not fitems:
                    def consume(rest):
                        if not rest:
                            self.err("a derivative operator without a function", base)
                        f = self.chunk(rest)
                        return self.apply_posts(self.diff_many(f, vars_), posts), len(rest)
                    return ("consumer", consume)
                if len(fitems) == 1:
                    h = self.head(fitems[0][1])
                    if h[0] == "func" and h[1]["kind"] == "function" and h[1].get("func") is not None:
                        f = FuncRef(h[1]["func"], h[1]["name"], h[1].get("decl"))
                        return ("value", self.apply_posts(self.diff_many(f, vars_), posts))
                    if h[0] == "func" and h[1]["kind"] == "function" and h[1].get("letter") in FUNCTION_LETTERS:
                        var0 = vars_[0][0]
                        f = self.call_values(h[1], [var0], base)
                        return ("value", self.apply_posts(self.diff_many(f, vars_), posts))
                f = self.chunk(fitems)
                return ("value", self.apply_posts(self.diff_many(f, vars_), posts))
        n = self.arg(num)
        d = self.realize(self.arg(den))
        if is_matrix(d):
            if d.shape == (1, 1):
                d = self.to_scalar(d)
            else:
                self.err("division by a matrix", base)
        return ("value", self.apply_posts(self.mul(n, 1 / d, base), posts))

    def diff_many(self, f, vars_):
        if len(vars_) == 1:
            v, o = vars_[0]
            return self.derivative(f, v, o)
        for v, _ in vars_:
            if is_matrix(v):
                self.err("a mixed derivative by a vector")
        f = self.realize(f)
        if isinstance(f, FuncRef):
            f = self.call_values({"kind": "function", "func": f.func, "name": f.name,
                                  "decl": f.decl}, [vars_[0][0]], None)
        return sp.Derivative(f, *[(v, o) for v, o in vars_])

    def _items_of_arg(self, a):
        if a.data == "arg_group":
            expr = self._lone_product(a.children[0])
            if expr is None:
                return None
            items, op = [], None
            for c in expr.children:
                if isinstance(c, Token):
                    op = c
                else:
                    items.append((op, c))
                    op = None
            return items
        if a.data == "arg_tok":
            tok = a.children[0]
            kind = {"LETTER": "letter", "NUMBER": "number", "CMD": "cmd"}[tok.type]
            return [(None, Tree(kind, [tok]))]
        return None

    def _diff_mark(self, tree):
        """Order of a ``d`` / ``\\partial`` / ``\\mathrm{d}`` mark (1, or k for ``\\partial^k``)."""
        base, posts = self.peel(tree)
        is_mark = (base.data == "letter" and base.children[0].value == "d" and "d" not in self.user) \
            or (base.data == "cmd" and base.children[0].value == r"\partial") \
            or (base.data == "text" and re.fullmatch(r"\\\w+\s*\{\s*d\s*\}", base.children[0].value))
        if not is_mark:
            return None
        if not posts:
            return 1
        if len(posts) == 1 and posts[0][0] == "sup":
            try:
                return int(self.script_raw(posts[0][1]))
            except ValueError:
                return None
        return None

    def diff_numerator(self, num):
        items = self._items_of_arg(num)
        if not items:
            return None
        order = self._diff_mark(items[0][1])
        if order is None:
            return None
        return order, items[1:]

    def diff_parts(self, den):
        items = self._items_of_arg(den)
        if not items or len(items) % 2:
            return None
        out = []
        for k in range(0, len(items), 2):
            if self._diff_mark(items[k][1]) != 1:
                return None
            base, posts = self.peel(items[k + 1][1])
            order = 1
            if posts and posts[-1][0] == "sup":
                raw = self.script_raw(posts[-1][1])
                if raw.isdigit():
                    order = int(raw)
                    posts = posts[:-1]
            var = self.unit_value(self._rebuild(base, posts))
            var = self.realize(var)
            out.append((var, order))
        return out

    @staticmethod
    def _rebuild(base, posts):
        t = base
        for kind, script, node in posts:
            t = Tree(kind, [t] if script is None else [t, script], node.meta if hasattr(node, "meta") else None)
        return t
