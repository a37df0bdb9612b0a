"""Matrices: shapes, transposes, inverses, block matrices, norms, inner products.

Sizes are checked as the expression is built (``LatexShapeError`` when they clash).  An
undeclared scalar that meets a matrix is read again as one (``Retype``); a 1 x 1 product
``u^T M v`` becomes the scalar ``Inner(u, M v)``.
"""
from __future__ import annotations

import re

import sympy as sp
from lark import Tree
from sympy.matrices.expressions.matexpr import MatrixElement, MatrixExpr

from .. import ops
from ..symbols import dim_symbol
from .base import DEFAULT_DIM, FuncRef, LatexError, Pending, Retype, is_matrix, same, shape_of
from .messages import rows, size

# \mathbb{R}^{m \times n}: a matrix size stated by membership (a digit or a declared name each)
_SIZE = r"(\d+|[A-Za-z](?:_\{?\w+\}?)?)"
_MATRIX_SET = re.compile(r"^\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{\s*" + _SIZE
                         + r"\s*\\times\s*" + _SIZE + r"\s*\}$")


class SizeOf(sp.Function):
    """``SizeOf(X, 0)``: the number of rows of the matrix X (1: of columns), as a sheet states it
    with ``X \\in \\mathbb{R}^{m \\times n}``; the checker reads it off X's value."""

    def _sympystr(self, printer):
        return f"{'rows' if self.args[1] == 0 else 'columns'} of {printer._print(self.args[0])}"


TRANSPOSE_RAW = {"T", r"\top", r"\intercal", r"\mathsf{T}", r"\mathrm{T}", r"\text{T}", r"\textsf{T}",
                 r"\mathsf T", "t"}


class MatricesMixin:
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

    def transposed_scalar(self, base):
        """``x^T A x`` with x undeclared: nobody transposes a number, so a lower-case name
        (or ``x - \\mu`` of such names) under a transpose is a column vector, read again as
        one (``vector(n)``).  Read as numbers, ``\\nabla_x x^T A x`` would be ``2Ax`` and a
        typo for ``(A + A^T)x`` would hold.  Capitals stay as they are (a matrix or a vector?
        the check that decides tries both)."""
        if not isinstance(base, sp.Expr) or self.stated_kind(base):
            return
        names = [s for s in base.free_symbols if isinstance(s, sp.Symbol)
                 and getattr(self.extra.get(s.name), "domain", None) == "real"
                 and s.name[:1].islower() and s.name.isalpha()]
        if not names or not (base.is_Symbol or base.is_Add and all(
                isinstance(t, sp.Symbol) or t.is_Mul and len(t.free_symbols) == 1
                for t in base.args)):
            return
        raise Retype(sorted(n.name for n in names)[0], f"vector({DEFAULT_DIM})")

    def stated_kind(self, base) -> bool:
        """Whether a name in ``base`` is one the reading must keep a number: a bound index
        (``\\sum_i a_i^T``) or a declared one."""
        return any(s in self.bound.values() or s.name in self.user
                   for s in base.free_symbols if isinstance(s, sp.Symbol))

    def size_statement(self, node, set_node):
        """``\\frac{\\partial f}{\\partial x} \\in \\mathbb{R}^{n \\times m}`` in a conclusion:
        the value's rows and columns are the sizes written, two relations on ``SizeOf``.  None
        (no reading) unless the value is a matrix and each size a number or a declared name."""
        found = _MATRIX_SET.match(self.raw(set_node).strip())
        if found is None:
            return None
        sizes = []
        for written in found.groups():
            if written.isdigit():
                sizes.append(sp.Integer(int(written)))
                continue
            name = written.replace("{", "").replace("}", "")
            if name not in self.user:
                return None  # a size the claim does not name: what it stands for is unknown
            sizes.append(self.user.sympy(name))
        value = self.realize(self.expr(node))
        if not is_matrix(value):
            return None
        from ..statement import Relation

        return [Relation(SizeOf(value, k), "=", n) for k, n in enumerate(sizes)]

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

    def size_clash(self, how, a, b, node, sides=None):
        """Say which sizes clash: ``A`` is 3×4 and ``x`` has 2 rows, so ``A x`` is undefined.
        ``how`` is 'times', 'plus' or 'elementwise times'; ``sides`` the first and last node of
        each operand (without them the message quotes ``node``)."""
        left = right = both = None
        if sides:
            (l0, l1), (r0, r1) = sides
            left, right = self.quote(l0, l1, whole=False), self.quote(r0, r1, whole=False)
            both = self.quote(l0, r1 or r0, whole=False)
        if left and right and both:
            if how == "times":
                self.clash(f"{left} is {size(shape_of(a))} and {right} has {rows(b.rows)}, "
                           f"so {both} is undefined")
            self.clash(f"{left} is {size(shape_of(a))} and {right} is {size(shape_of(b))}, "
                       f"so {both} is undefined")
        self.clash(f"the sizes in {self.quote(node)} do not fit: "
                   f"{size(shape_of(a))} {how} {size(shape_of(b))}")

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
            lengths = sorted({len(r) for r in grid})
            self.clash(f"the rows of {self.quote(base)} have {lengths[0]} and {lengths[-1]} entries")
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
                self.err("an identity block among numbers", base)
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
            elif not same(sizes[k], n):
                self.clash(f"{self.quote(node)} puts blocks of {what} {sizes[k]} and {n} in one "
                           f"block {'row' if what == 'height' else 'column'}")

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
            self.err("an identity block whose size no other block tells", node)
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

    def column_of_entries(self, x, node):
        """``\\mu_i (1 - \\mu_i)`` where a column is expected: the column whose entry i it is,
        when i is a free letter that picks entries of declared vectors of one length (the one
        reading: i runs over their places); else ``x`` unchanged."""
        if not isinstance(x, sp.Expr):
            return x
        entries = [e for e in x.atoms(sp.Indexed) if len(e.indices) == 1]
        letters = {i for e in entries for i in e.indices if isinstance(i, sp.Symbol)
                   and (i.name not in self.user or self._runs_over(i.name, entries))
                   and i not in self.bound.values()}
        if len(letters) != 1:
            return x
        (i,) = letters
        sizes = set()
        for e in entries:
            if i not in e.indices:
                continue
            d = self.user.get(str(e.base))
            if d is None or d.kind not in ("matrix", "random") or not d.shape or d.shape[1] != 1:
                return x
            rows = d.shape[0]
            sizes.add(sp.Integer(rows) if isinstance(rows, int) else dim_symbol(rows))
        if len(sizes) != 1 or i in x.subs({e: 0 for e in entries}).free_symbols:
            return x  # i also stands as a number, or picks entries of different lengths
        (n,) = sizes
        k = sp.Dummy("k", integer=True)
        return ops.MatApply("seq", n, 1, x.xreplace({i: k}), k, 1, n)

    def _runs_over(self, name: str, entries) -> bool:
        """Is ``name`` declared an index over the length of the vectors whose entries it
        picks (j = index(d) beside sigma in R^d)? Then diag(sigma_j^2) is the column of those
        entries as well: a declared index is a place, never one fixed number."""
        d = self.user.get(name)
        if d is None or d.kind != "index" or not d.args:
            return False
        lengths = {self.user[str(e.base)].shape[0] for e in entries
                   if str(e.base) in self.user and self.user[str(e.base)].shape}
        return lengths == {d.args[0]}

    def matrix_script(self, base, raw, node):
        """A superscript that is no power: ``^T`` / ``^\\top`` (transpose), ``^{-T}``, ``^+`` /
        ``^\\dagger`` (pseudo-inverse; a scalar's ``x^+`` is max(x, 0)).  None for a power."""
        is_t = raw in TRANSPOSE_RAW and not (raw in ("T", "t") and self.declared(raw))
        if raw == "t" and not is_matrix(base):
            is_t = False
        if is_t:
            if not is_matrix(base):
                self.transposed_scalar(base)
            return sp.Transpose(base) if is_matrix(base) else base
        if raw in ("-T", r"-\top", r"-\intercal", r"-\mathsf{T}", r"-\mathsf T", r"-\mathrm{T}"):
            if not is_matrix(base):  # X^{-\top} of an undeclared X: X is a square matrix
                self.maybe_retype(base, (DEFAULT_DIM, DEFAULT_DIM))
                return 1 / base
            return sp.Inverse(sp.Transpose(base))
        if raw in ("+", r"\dagger"):
            # X^+, X^\dagger: the Moore-Penrose pseudo-inverse of a matrix (an undeclared capital
            # is read again as a matrix); a scalar's x^+ is its positive part max(x, 0)
            if not is_matrix(base) and (raw == r"\dagger" or str(base)[:1].isupper()):
                self.maybe_retype(base, (DEFAULT_DIM, DEFAULT_DIM))
            if is_matrix(base):
                return ops.MatApply("pinv", base.cols, base.rows, base)
            if raw == "+":
                return self.positive_part(base)
            self.err("a pseudo-inverse of a scalar", node)
        return None

    @staticmethod
    def positive_part(v):
        """``(x)_+``, ``[x]_+``, ``x^+`` of a scalar: max(x, 0); of a vector or matrix, entrywise
        (``MatApply('relu', ...)``)."""
        if is_matrix(v):
            return ops.MatApply("relu", v.rows, v.cols, v)
        return sp.Max(v, 0)

    def abs_value(self, base):
        """``|v|``: the length of a column, the determinant of a matrix, else the absolute value."""
        v = self.realize(self.single(base.children[1]))
        if is_matrix(v):
            if v.shape[1] == 1 and v.shape[0] != 1:
                return ops.Norm(v, 2)
            if v.shape == (1, 1):
                return sp.Abs(self.to_scalar(v))
            return sp.Determinant(v)
        return sp.Abs(v)

    def norm_value(self, base, posts):
        """``\\|x\\|_p`` with its scripts applied: p is 1, 2, \\infty, F, a number >= 1 or a scalar
        symbol; no subscript is the 2-norm."""
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
                self.err("a norm index the reader does not know (it knows 1, 2, \\infty, F, a number of at least 1, or a name)", posts[0][2])
            posts = posts[1:]
        if isinstance(v, MatrixExpr) and v.shape == (1, 1):
            v = self.to_scalar(v)
        return self.apply_posts(ops.Norm(v, p), posts)

    def inner_value(self, base):
        """``\\langle u, v \\rangle``."""
        vals = self.arg_values(base.children[1], base)
        if len(vals) != 2:
            self.err("an inner product needs two arguments", base)
        return ops.Inner(*vals)

    def matrix_op(self, op, x, F, node):
        """An operator on one matrix argument: an eigenvalue (``\\lambda_{\\max}(A)``), softmax,
        det, trace, diag, vec (det and trace of a scalar are the scalar)."""
        if op == "eig":
            if is_matrix(x):
                if x.shape[0] != x.shape[1] and not same(x.shape[0], x.shape[1]):
                    self.clash(f"{self.quote(node)}: the matrix is {size(x.shape)}, and only a square "
                               "matrix has eigenvalues")
                return ops.Eigenvalue(x, sp.Symbol(F["which"]))
            self.maybe_retype(x, (DEFAULT_DIM, DEFAULT_DIM))  # \lambda_{\max}(Q): Q is a matrix
            return self.mul(self.fallback_symbol(F["fallback"]), x, node)
        if op == "softmax":  # of a vector; of a matrix, row by row (softmax(Q K^T) V)
            if not is_matrix(x) and isinstance(x, sp.Symbol) and not self.stated_kind(x) \
                    and getattr(self.extra.get(x.name), "domain", None) == "real":
                # softmax(z)_k with z undeclared: only a vector has a softmax, so z is one
                # (read again as a column, its z_k entries with it)
                raise Retype(x.name, f"vector({DEFAULT_DIM})")
            if not is_matrix(x):
                self.err("softmax of something that is not a vector or a matrix", node)
            return ops.MatApply("softmax", x.rows, x.cols, x)
        if op in ("det", "trace") and is_matrix(x) and x.shape[0] != x.shape[1] \
                and not same(x.shape[0], x.shape[1]):
            what = "determinant" if op == "det" else "trace"
            self.clash(f"{self.quote(node)}: the matrix is {size(x.shape)}, and only a square "
                       f"matrix has a {what}")
        if op == "det":
            return sp.Determinant(x) if is_matrix(x) else x
        if op == "trace":
            return sp.Trace(x) if is_matrix(x) else x
        if op == "diag":
            if not is_matrix(x):
                x = self.column_of_entries(x, node)  # diag(\mu_i (1 - \mu_i))
            if isinstance(x, sp.MatPow) and is_matrix(x.base) and x.base.shape[1] == 1 \
                    and not same(x.base.shape[0], 1):
                # diag(\sigma^2) of a column: a column has no matrix power, so the square is
                # taken entry by entry (the variances on the diagonal)
                x = sp.HadamardPower(x.base, x.exp)
            if not is_matrix(x):
                self.diag_of_one_name(x)
            if not is_matrix(x) or x.shape[1] != 1:
                self.err("diag of something that is not a column vector", node)
            return ops.MatApply("diag", x.rows, x.rows, x)
        if op == "vec":  # the columns of a matrix stacked into one column
            self.plain_capitals_are_matrices(x)
            if not is_matrix(x):
                self.err("vec of something that is not a matrix", node)
            return ops.MatApply("vec", x.rows * x.cols, 1, x)
        self.err("an operator the reader cannot apply here", node)

    def diag_of_one_name(self, x):
        """``diag(1 - h_t^2)`` with h_t undeclared (a plain-text sheet has no bold): diag takes
        a column, so the one undeclared lower-case name in its argument is one, read again as a
        vector as softmax's argument is (under a product over t, the name h_t, not entry t of h).
        With two or more such names nothing is guessed."""
        if not isinstance(x, sp.Expr):
            return
        names = [s for s in x.free_symbols if isinstance(s, sp.Symbol)
                 and not isinstance(s, sp.Dummy) and s not in self.bound.values()
                 and s.name not in self.user and s.name[:1].isalpha() and s.name[:1].islower()
                 and getattr(self.extra.get(s.name), "domain", None) == "real"]
        # under a product or sum over t, h_t is read as entry t of h; a column is the name h_t
        entries = [e for e in x.atoms(sp.Indexed) if len(e.indices) == 1
                   and e.indices[0] in self.bound.values() and str(e.base) not in self.user
                   and str(e.base)[:1].islower()]
        names += [sp.Symbol(f"{e.base}_{e.indices[0]}") for e in entries]
        names = [n for n in names if n.name not in {str(e.base) for e in entries}]
        if len(names) != 1:
            return
        (name,) = names
        # mu_i (1 - mu_i): a product of two columns is no column, so entries are meant (the
        # column of those entries needs a declared length): nothing is guessed
        def mentions(f):
            return name in f.free_symbols or any(
                f"{e.base}_{e.indices[0]}" == name.name for e in f.atoms(sp.Indexed))

        if any(sum(map(mentions, m.args)) > 1 for m in x.atoms(sp.Mul)):
            return
        raise Retype(name.name, f"vector({DEFAULT_DIM})")

    def plain_capitals_are_matrices(self, x):
        """``\\operatorname{vec}(AXB)``, ``B^T \\otimes A`` with A, X, B undeclared: vec and the
        Kronecker product take matrices, so the plain capitals they are applied to (a name, a
        product or transpose of names) are matrices, read again as square ones of one size
        (the sizes of a product must fit).  Anything else is left as it is."""
        if not isinstance(x, (sp.Symbol, sp.Mul, sp.MatMul, sp.Transpose, sp.MatrixSymbol)):
            return
        caps = sorted(f.name for f in x.free_symbols
                      if isinstance(f, sp.Symbol) and not isinstance(f, sp.Dummy)
                      and f.name[:1].isupper() and f.name not in self.user
                      and getattr(self.extra.get(f.name), "domain", None) == "real")
        if caps:
            raise Retype(caps[0], f"square({DEFAULT_DIM})")

    @staticmethod
    def matrix_function_of_scalar(F, vals) -> bool:
        """``\\mathbf{A}(t)``: a bold capital applied to one plain scalar name is a
        matrix-valued function of it, never the product t A."""
        return bool(F.get("bold") and F["name"][:1].isupper() and len(vals) == 1
                    and isinstance(vals[0], sp.Symbol))

    def bold_call(self, F, f, vals, node):
        """A bold name applied, kept a matrix so that products keep their order:
        ``\\mathbf{f}(\\mathbf{x})`` a column as long as its argument (else n),
        ``\\mathbf{A}(t)``, ``\\mathbf{K}(\\theta(t))`` of scalars a square n x n matrix (as a
        bold capital is);
        ``\\mathbf{A}'(t)``, ``\\mathbf{f}''(t)`` its entrywise derivatives in t."""
        arg = vals[0] if len(vals) == 1 else None
        if F["name"][:1].isupper() and not any(is_matrix(a) for a in vals):
            v = ops.MatApply("call", DEFAULT_DIM, DEFAULT_DIM, f(*vals))
        else:
            rows = arg.shape[0] if arg is not None and is_matrix(arg) else DEFAULT_DIM
            v = ops.MatApply("call", rows, 1, f(*vals))
        for _ in range(F.get("primes") or 0):
            if not isinstance(arg, sp.Symbol):
                self.err("a prime on a vector- or matrix-valued function needs one plain name as "
                         "its argument", node)
            v = self.partial(v, arg, "numerator")  # entrywise: a column stays a column
        return v
