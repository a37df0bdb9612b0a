"""Sums and products of units, powers, fractions and the groups the grammar leaves.

The grammar gives flat products of units; ``head`` says what one unit is (a value, a function
waiting for its argument, or an operator that takes the rest of the product) and ``combine``
multiplies values, with the sizes checked.  Groups: ``single`` is a group holding one expression,
``args`` a comma/bar separated list.
"""
from __future__ import annotations

import sympy as sp
from lark import Token, Tree

from .. import ops
from .base import DEFAULT_DIM, FuncRef, Pending, is_matrix, same
from .sets import SET_OPS, is_set


class ArithmeticMixin:
    def expr(self, t):
        d = t.data
        if d in ("add", "sub") and self.ends_in_arg_extremum(t.children[0]):
            self.err("an arg max or arg min followed by + or -: it may cover the whole sum or "
                     "only its first term (bracket the part it covers)", t)
        if d == "add":
            return self.add(self.expr(t.children[0]), self.expr(t.children[1]), t)
        if d == "sub":
            left = self.expr(t.children[0])
            if is_set(left) or self.is_brace_set(t.children[1]):  # \{1, \dots, p\} - \{i\}
                return self.set_op("-", left, self.set_operand(t.children[1]), t)
            return self.add(left, self.neg(self.expr(t.children[1])), t)
        if d == "neg":
            return self.neg(self.expr(t.children[0]))
        if d == "pos":
            return self.expr(t.children[0])
        if d in ("pm", "pmneg"):
            self.err("\\pm stands for two formulas; write each one", t)
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

    def ends_in_arg_extremum(self, t) -> bool:
        """Whether the last term of ``t`` holds an unbracketed arg max / arg min.  Read term by
        term, ``\\arg\\min_w \\|Xw - y\\|^2 + \\lambda \\|w\\|^2`` would take the arg min of the
        first term only; a sheet means the whole sum, so such a formula is refused instead."""
        while isinstance(t, Tree) and t.data in ("add", "sub", "neg", "pos"):
            t = t.children[-1]
        items = t.children if isinstance(t, Tree) and t.data == "product" else [t]
        for item in items:
            if isinstance(item, Token):
                continue
            base, _ = self.peel(item)
            if base.data in ("letter", "cmd", "font", "accent", "text"):
                op = self.base_name(base)[2] or ""
                if op.removeprefix("text:") in ("arg", "argmax", "argmin"):
                    return True
        return False

    def neg(self, a):
        if isinstance(a, Pending):
            return Pending(a.kind, -a.coeff, a.shape)
        if isinstance(a, FuncRef):
            self.err("a function named without its argument")
        return -a

    def add(self, a, b, node=None):
        sides = None
        if isinstance(node, Tree) and node.data in ("add", "sub"):
            sides = ((node.children[0], None), (node.children[1], None))
        if isinstance(a, Pending) and isinstance(b, Pending):
            a = a.realize()
        if isinstance(a, Pending):
            a, b = b, a
            sides = sides and sides[::-1]
        if isinstance(b, Pending):
            if b.kind == "0":
                return a
            if is_matrix(a):
                return a + b.realize(a.shape)
            self.maybe_retype(a, (DEFAULT_DIM, DEFAULT_DIM))
            b = b.realize()
        if isinstance(a, FuncRef) or isinstance(b, FuncRef):
            self.err("a function named without its argument", node)
        if is_set(a) or is_set(b):
            self.err("a set added to a value (the reader reads \\cup, \\cap and \\setminus between "
                     "sets)", node)
        if is_matrix(a) and is_matrix(b):
            if not (same(a.rows, b.rows) and same(a.cols, b.cols)):
                self.size_clash("plus", a, b, node, sides)
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
            if isinstance(sc, sp.Expr) and sc.is_number:
                return self.broadcast(m, sc, node)
            self.size_clash("plus", a, b, node, sides)
        return a + b

    def broadcast(self, m, sc, node):
        """A number plus a vector (``1 - \\mathbf{z}``, ``(1 - \\Gamma_u) \\odot c``): the all-ones
        vector times the number, as NumPy and the sheets mean it.  A number plus a matrix is
        refused: it may mean the identity or the all-ones matrix times the number.  A named
        scalar plus a vector (``\\mathbf{x} + y``) stays a size clash: a vector went missing."""
        if same(m.cols, 1) or same(m.rows, 1):
            ones = ops.MatApply("ones", m.rows, m.cols)
            return sp.MatAdd(m, ones if sc == 1 else sc * ones)
        self.err("a number plus a matrix: it may mean the identity or the all-ones matrix times "
                 "the number (write I or \\mathbf{1}\\mathbf{1}^T)", node)

    def mul(self, a, b, node=None, sides=None):
        if isinstance(a, FuncRef) or isinstance(b, FuncRef):
            self.err("a function named without its argument", node)
        if isinstance(a, sp.Tuple) or isinstance(b, sp.Tuple):
            self.err("a list in brackets is multiplied like a value", node)
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
            held = self.held_product(a, b, node)  # a^T (dA/dx) g, a tensor derivative: calculus.py
            if held is not None:
                return held
            if not same(a.cols, b.rows):
                if a.shape == (1, 1):
                    return self.to_scalar(a) * b
                if b.shape == (1, 1):
                    return a * self.to_scalar(b)
                self.size_clash("times", a, b, node, sides)
            fa = list(a.args) if isinstance(a, sp.MatMul) else [a]
            fb = list(b.args) if isinstance(b, sp.MatMul) else [b]
            r = sp.MatMul(*fa, *fb)
            if r.shape == (1, 1):
                return self.to_scalar(r)
            return r
        if is_matrix(a) and isinstance(b, sp.Symbol) and a.rows == 1 and a.cols != 1 \
                and b.name[:1].islower():
            # w^T x with x undeclared: a row meets a lower-case name, the inner product of two
            # columns (nobody writes a row times a number on its right), so x is read again as
            # a column (a capital there, z^T B z, is a matrix: the check tries that reading)
            self.maybe_retype(b, (a.cols, sp.Integer(1)))
        return a * b

    def combine(self, acc, op, val, node, sides=None):
        """``acc op val``; ``sides`` are the first and last nodes of each operand, for messages."""
        if acc is None:
            if op is not None:
                self.err("an operation with nothing on its left", op)
            return val
        o = None if op is None else op.value
        if o in (r"\cdot", r"\bullet"):
            a, b = self.realize(acc), self.realize(val)
            # u \cdot v between two columns of one shape is the dot product, as on the sheets
            if (is_matrix(a) and is_matrix(b) and a.shape == b.shape and same(a.cols, 1)
                    and not same(a.rows, 1)):
                return ops.Inner(a, b)
        if o in (None, r"\cdot", r"\times", "*", r"\ast", r"\bullet"):
            return self.mul(acc, val, node, sides)
        if o in ("/", r"\div"):
            val = self.realize(val)
            if is_matrix(val):
                if val.shape == (1, 1):
                    val = self.to_scalar(val)
                else:
                    self.err("a division by a matrix (write its inverse)", op)
            if isinstance(val, FuncRef):
                self.err("a function named without its argument", node)
            return self.mul(acc, 1 / val, node)
        self.err("not an operation the reader knows", op)

    def split_explicit(self, items):
        """Items up to the next explicit multiplication sign (argument of ``\\log x``)."""
        n = 0
        for op, _ in items:
            if n and op is not None:
                break
            n += 1
        return n

    def product(self, items):
        chunks, ops_ = [[]], []
        for op, tree in items:
            if op is not None and op.value in (r"\odot", r"\circ", r"\otimes") + SET_OPS:
                chunks.append([])
                ops_.append(op)
                chunks[-1].append((None, tree))
            else:
                chunks[-1].append((op, tree))
        near_set = [any(o.value in SET_OPS for o in ops_[max(k - 1, 0):k + 1]) for k in range(len(chunks))]
        vals = [self.set_operand(c) if near else self.chunk(c) for c, near in zip(chunks, near_set)]
        out = vals[0]
        for k, (op, v) in enumerate(zip(ops_, vals[1:])):
            if op.value in SET_OPS:  # S \cup \{j\}, N \setminus \{i\} (sets.py)
                out = self.set_op(op.value, out, v, op)
                continue
            out, v = self.realize(out), self.realize(v)
            if op.value == r"\otimes":  # binds looser than juxtaposition: AC \otimes BD
                for side in (out, v):
                    self.plain_capitals_are_matrices(side)  # matrices.py
                if not (is_matrix(out) and is_matrix(v)):
                    self.err("\\otimes between values that are not both matrices (a Kronecker "
                             "product needs two)", op)
                out = sp.KroneckerProduct(out, v)
                continue
            if is_matrix(out) and is_matrix(v):
                if out.shape != v.shape and not (same(out.rows, v.rows) and same(out.cols, v.cols)):
                    sides = ((chunks[0][0][1], chunks[k][-1][1]), (chunks[k + 1][0][1], chunks[k + 1][-1][1]))
                    self.size_clash("elementwise times", out, v, op, sides)
                out = sp.HadamardProduct(out, v)
            elif op.value == r"\odot":
                out = self.mul(out, v, op)
            else:
                self.err("\\circ composes functions, and these are values", op)
        return out

    def head(self, tree):
        base, posts = self.peel(tree)
        d = base.data
        if d in ("letter", "cmd", "font", "accent", "text"):
            return self.named_head(base, posts)
        if d == "number":
            if base.children[0].value == "1":  # 1\{c^{(i)} = j\}, 1_{\{y = 1\}}: an indicator
                indicator = self.plain_indicator(tree, base, posts)
                if indicator is not None:
                    return indicator
            return ("value", self.apply_posts(self.number(base.children[0]), posts))
        if d in ("paren", "bracket", "group", "braceset"):
            seq = base.children[1] if d == "braceset" else base.children[0]
            comp = self.composition(seq) if d == "paren" else None
            if comp is not None:
                return ("func", comp, posts)
            if d == "braceset" and self.is_set_literal(base):
                return ("value", self.brace_value(base, posts))  # \{1, \dots, p\}, \{x \mid c\}
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
            card = self.card_value(base)  # |S| of a set: its size (sets.py)
            return ("value", self.apply_posts(card if card is not None else self.abs_value(base),
                                              posts))
        if d == "norm":
            return ("value", self.norm_value(base, posts))
        if d in ("floor", "ceil"):
            v = self.realize(self.single(base.children[1]))
            return ("value", self.apply_posts(sp.floor(v) if d == "floor" else sp.ceiling(v), posts))
        if d == "matrix":
            return ("value", self.apply_posts(self.matrix_value(base), posts))
        if d == "cases":
            return ("value", self.apply_posts(self.cases_value(base), posts))
        if d == "angle":
            v, posts = self.angle_value(base, posts)  # an average or an inner product
            return ("value", self.apply_posts(v, posts))
        self.err("a construction the reader does not know", base)

    def power(self, base, script, node):
        raw = self.script_raw(script)
        if isinstance(base, FuncRef):
            self.err("a power of a function without its argument", node)
        if isinstance(base, Pending):
            base = base.realize()
        v = self.matrix_script(base, raw, node)
        if v is not None:
            return v
        if raw in ("*", r"\ast", r"\star", r"\prime", "'"):
            self.err("a star or prime on an expression (only a name takes one)", node)
        e = self.script_value(script)
        if is_matrix(e):
            self.err("a matrix as an exponent", node)
        if is_matrix(base):
            if e == -1:
                return sp.Inverse(base)
            if base.shape == (1, 1):
                return self.to_scalar(base) ** e
            return sp.MatPow(base, e)
        return base ** e

    def frac_head(self, base, posts):
        """``\\frac{a}{b}``: a derivative (see :mod:`.calculus`) or a quotient."""
        h = self.derivative_head(base, posts)
        if h is not None:
            return h
        num, den = base.children[1], base.children[2]
        n = self.arg(num)
        d = self.realize(self.arg(den))
        if is_matrix(d):
            if d.shape == (1, 1):
                d = self.to_scalar(d)
            else:
                self.err("a division by a matrix (write its inverse)", base)
        return ("value", self.apply_posts(self.mul(n, 1 / d, base), posts))

    def unit_value(self, tree):
        return self.product([(None, tree)])

    def single(self, seq):
        """A group that must hold one expression (no relation, comma or implication)."""
        parts = [c for c in seq.children if isinstance(c, Tree)]
        if len(parts) != 1:
            self.err("an implication inside brackets", seq)
        clauses = [c for c in parts[0].children if isinstance(c, Tree)]
        if len(clauses) != 1:
            self.err("a list where one expression belongs", seq)
        c = clauses[0]
        if c.data == "rel_fragment" or len(c.children) != 1:
            self.err("a relation where one expression belongs", seq)
        return self.expr(c.children[0])

    def args(self, seq):
        """A call's argument list: [(separator before, clause tree)]."""
        parts = [c for c in seq.children if isinstance(c, Tree)]
        if len(parts) != 1:
            self.err("an implication inside a function's argument", seq)
        out, sep = [], None
        for c in parts[0].children:
            if isinstance(c, Token):
                sep = c.value
            else:
                out.append((sep, c))
                sep = None
        return out

    def arg_values(self, seq, node):
        nodes = []
        for sep, c in self.args(seq):
            if sep == r"\mid":
                self.err("a conditioning bar `|` inside a function's argument (only a probability takes one)", node)
            if c.data == "rel_fragment" or len(c.children) != 1:
                self.err("a relation as a function's argument", c)
            nodes.append(c.children[0])
        return self.list_values(nodes)  # x_1, \dots, x_n: one value (sets.py)

    def arg(self, a):
        if a.data == "arg_group":
            return self.single(a.children[0])
        if a.data == "arg_empty":
            self.err("an empty argument `{}`", a)
        tok = a.children[0]
        if tok.type == "NUMBER":
            return self.number(tok)
        if tok.type == "LETTER":
            return self.name_value(tok.value, False, [], tok)
        return self.cmd_value(tok)

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

    def plain_indicator(self, tree, base, posts):
        """A plain 1 written as an indicator: ``1_{\\{y = 1\\}}`` (its condition below it), or
        ``1\\{c = j\\}`` / ``1(y \\neq \\hat y)`` (a group holding a comparison after it, which
        ``calls`` checks: a 1 before any other group stays the number).  Else None."""
        if posts and posts[0][0] == "subscr" and posts[0][1].data == "script_group":
            cond = self.condition_seq(posts[0][1].children[0])
            if cond is not None:
                return ("value", self.apply_posts(self.indicator(cond, base), posts[1:]))
            return None
        end = self.span(tree)[1]
        if not posts and end is not None and self.text[end:].lstrip().startswith(("\\{", "(")):
            return ("func", {"kind": "op", "op": "indicator", "value": sp.Integer(1)}, posts)
        return None

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
