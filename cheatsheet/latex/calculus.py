"""Calculus: derivatives (``\\frac{d}{dx}``, ``\\partial``, ``\\nabla``), integrals, limits.

Derivatives by a vector or matrix are ``MatApply('partial', ...)`` in the layout the caller chose
(numerator or denominator), shaped as ``ops.partial_shape`` says: gradients, Jacobians (a row
vector counts by its entries), a matrix by a scalar entrywise, and 3- or 4-tensors (a matrix by a
vector, anything by a matrix) by vec.  A tensor multiplied on the rows or columns of what it
differentiates by a fixed factor is the derivative of the product with the factor held
(``a^T (dA/dx) g``); a gradient dL/dY times dY/dX is the chain rule through Y
(``MatApply('chain', ...)``); a product no layout defines is refused.  ``\\nabla`` is the
gradient, always a column.  A transposed variable below the bar (``d f / d x^T``) is read by
``ops.by_transposed``, and ``\\partial^2 f / \\partial x \\partial x^T`` is the Hessian.
``\\partial f / \\partial x`` may be written on one line; a letter superscript on a variable of
differentiation (``\\partial z_k^l``) is an index.  Integrals and limits: :mod:`.integrals`.
"""
from __future__ import annotations

import re

import sympy as sp
from lark import Token, Tree

from .. import ops
from .base import FuncRef, is_matrix, same, shape_of
from .messages import size
from ..symbols import dim_symbol
from .calls import FUNCTION_LETTERS


def _calls_of(func, e, found: list) -> None:
    """(arguments, value) of each application of ``func`` in e, in reading order, except one
    that is the body of a derivative by its own argument (d g(h) / d h is g, not g's value)."""
    if isinstance(e, ops.MatApply) and e.op in ("partial", "at") and len(e.operands) > 1:
        body, var = e.operands[0], e.operands[1]
        inner = body.operands[0] if isinstance(body, ops.MatApply) and body.op == "call" else body
        if getattr(inner, "func", None) == func and tuple(inner.args) == (var,):
            return
    if isinstance(e, sp.Derivative) and getattr(e.expr, "func", None) == func \
            and tuple(e.expr.args) == tuple(e.variables):
        return
    if isinstance(e, ops.MatApply) and e.op == "call" and getattr(e.operands[0], "func", None) == func:
        found.append((tuple(e.operands[0].args), e))
        return
    if getattr(e, "func", None) == func and isinstance(e, sp.core.function.AppliedUndef):
        found.append((tuple(e.args), e))
        return
    for a in getattr(e, "args", ()):
        if isinstance(a, sp.Basic):
            _calls_of(func, a, found)


# letters a \partial subscript names an index with (\partial_k f: by x_k), not a variable
_INDEX_LETTERS = {"i", "j", "k", "l", "m", "n"}


class CalculusMixin:
    def derivative(self, f, var, order=1, hessian=False):
        f = self.realize(f)
        if isinstance(var, FuncRef):  # \partial f / \partial g: Leibniz's notation (below)
            return self.derivative_at_value(f, var, order, hessian)
        if isinstance(f, FuncRef):
            f = self.call_values({"kind": "function", "func": f.func, "name": f.name,
                                  "decl": f.decl, "entry": getattr(f, "entry", None)},
                                 [self.argument_for(f, var)], None)
        if is_matrix(var):
            if hessian or order == 2:
                if is_matrix(f):
                    self.err("a Hessian of a matrix-valued expression")
                if isinstance(var, sp.Transpose):  # symmetric: the same in either layout
                    var = var.arg
                return ops.MatApply("hessian", var.rows, var.rows, f, var)
            if order != 1:
                self.err("a derivative of order higher than 2 by a vector")
            layout = "denominator" if hessian is None else self.layout
            return self.partial(f, var, layout)
        if not isinstance(var, (sp.Symbol, sp.Indexed)):
            self.err("a derivative by an expression (the reader differentiates by a variable)")
        if is_matrix(f):
            for _ in range(order):  # d^2 A / dt^2: entrywise, as the first derivative
                f = self.partial(f, var, self.layout)
            return f
        return sp.Derivative(f, (var, order))

    def derivative_at_value(self, f, G, order, hessian):
        """``\\frac{\\partial \\mathbf{f}}{\\partial \\mathbf{g}}`` with f and g declared
        functions, as a chain rule writes its outer factor: the derivative of f by its argument,
        taken where that argument is g's value.  Below the bar stands a placeholder u of g's
        output shape; the point g(x) is where the formula applies g, which the statement fills
        in once the whole line is read (``resolve_leibniz``)."""
        if order != 1 or hessian or not isinstance(f, FuncRef) or f.entry is not None \
                or G.decl is None or G.entry is not None:
            self.err(f"a derivative by the function {G.name} (the reader takes one only of a "
                     "declared function, by another, as in a chain rule)")
        if G.decl.domain == "vecfunction":
            u = sp.MatrixSymbol(f"{G.name}_value", dim_symbol(G.decl.args[0]), 1)
            point = sp.MatrixSymbol(f"{G.name}_point", *u.shape)
        else:
            u, point = sp.Dummy(f"{G.name}_value", real=True), sp.Dummy(f"{G.name}_point")
        body = self.derivative(f, u)
        self.leibniz[point] = G
        if is_matrix(body):
            return ops.MatApply("at", body.rows, body.cols, body, u, point)
        return sp.Subs(body, u, point)

    def resolve_leibniz(self, exprs: list) -> dict:
        """Each placeholder point of ``derivative_at_value`` -> g applied where the formula
        applies it (the left side of a chain rule: f(g(x))).  A call that is itself the body
        of a derivative by its own argument (``\\partial g / \\partial h`` reads g(h)) names
        no point; a formula that applies g nowhere else, or at two points, is refused."""
        out = {}
        for point, G in self.leibniz.items():
            found = []
            for e in exprs:
                _calls_of(G.func, e, found)
            args = list(dict.fromkeys(a for a, _ in found))
            if len(args) != 1:
                self.err(f"a derivative by the function {G.name}, taken at its value, where the "
                         f"formula applies {G.name} " + ("nowhere" if not args else
                                                         "at more than one point"))
            out[point] = next(v for a, v in found if a == args[0])
        return out

    def partial(self, f, var, layout, left=None, right=None):
        """d (left f right) / d var (left and right held fixed) as ``MatApply('partial', ...)``
        in the layout ``ops.partial_shape`` gives; 3- and 4-tensors are laid out by vec."""
        body = shape_of(self.held_body(f, left, right))
        plain = ops.by_transposed(body, var, layout)
        if isinstance(plain, str):
            self.err(plain)
        var, layout = plain  # d f / d x^T: by x in numerator layout
        rows, cols = ops.partial_shape(body, shape_of(var), layout)
        extra = () if left is None and right is None else (
            left if left is not None else sp.Identity(f.rows),
            right if right is not None else sp.Identity(f.cols))
        return ops.MatApply("partial", rows, cols, f, var, ops.layout_symbol(layout), *extra)

    @staticmethod
    def held_body(f, left, right):
        if left is not None:
            f = left * f
        if right is not None:
            f = f * right
        return f

    def argument_for(self, F, var):
        """What a function named without its argument is applied to when differentiated by
        ``var``: var itself, or the vector x when var is its entry x_j and the function takes a
        vector (``\\partial f_i / \\partial x_j`` of f: R^n -> R^m is of f(x))."""
        decl = F.decl
        if isinstance(var, sp.Indexed) and decl is not None and decl.function_arity != 1:
            base = str(var.base.label)
            if base in self.user and self.user[base].kind == "matrix":
                return self.user.sympy(base)
        return var

    def held_product(self, a, b, node=None):
        """``a^T (\\partial A / \\partial x) g``: a product with a tensor derivative (a matrix by a
        vector, a vector or matrix by a matrix) whose neighbour multiplies the differentiated
        function's own rows or columns is the derivative of the product with that neighbour held
        fixed: d(a^T A g)/dx with a and g held, laid out as that product's derivative (here a
        gradient).  None when neither factor is such a derivative, or the sizes only fit its vec
        layout (then it is an ordinary product)."""
        for P, other, left_side in ((b, a, True), (a, b, False)):
            coeff, node = self.tensor_partial(P)
            if node is None or not is_matrix(other):
                continue
            chain = self.chain_through(node, other)
            if chain is not None:
                return chain if coeff == 1 else coeff * chain
            f, var, layout = node.operands[:3]
            if any(isinstance(m, ops.MatApply) and m.op in ("partial", "chain")
                   and var in m.operands[1:3] for m in sp.preorder_traversal(other)):
                continue  # a derivative by the same variable is no fixed factor
            left, right = (node.operands[3], node.operands[4]) if len(node.operands) == 5 \
                else (None, None)
            body = self.held_body(f, left, right)
            if left_side and same(other.cols, body.rows):
                left = other if left is None else other * left
            elif not left_side and same(body.cols, other.rows):
                right = other if right is None else right * other
            else:
                continue
            out = self.partial(f, var, layout.name, left, right)
            return out if coeff == 1 else coeff * out
        tensors = [v for v in (a, b) if self.tensor_partial(v)[1] is not None]
        if tensors and not same(a.cols, b.rows) and (1, 1) not in (a.shape, b.shape):
            # every layout was tried above (held rows and columns, a chain, vec): a size clash in
            # each of them is a size clash of the formula, refuted as not well-formed
            sa, sb = (size(shape_of(v)).replace("**", "^") for v in (a, b))
            self.clash(f"a derivative with three or more axes (a matrix by a vector, or anything "
                       f"by a matrix) meets a factor it cannot multiply: {sa} times {sb} laid "
                       f"out by vec, and "
                       f"neither the rows nor the columns of what it differentiates fit either; "
                       f"no layout makes this product meaningful, so it is undefined")
        return None

    @staticmethod
    def chain_through(node, other):
        """``\\frac{\\partial L}{\\partial Y} \\frac{\\partial Y}{\\partial X}`` (either order): the
        chain rule through a matrix Y, dL/dX = sum_kl (dL/dY)_kl dY_kl/dX, a gradient by X (no
        layout writes it as a matrix product); None unless ``other`` is the gradient of a scalar
        by the very Y the tensor ``node`` differentiates."""
        coeff = sp.Integer(1)
        if isinstance(other, sp.MatMul):
            c, mats = other.as_coeff_matrices()
            if len(mats) != 1:
                return None
            coeff, other = c, mats[0]
        if len(node.operands) != 3 or not (isinstance(other, ops.MatApply) and other.op == "partial"
                                           and len(other.operands) == 3):
            return None
        f, var, layout = node.operands
        gf, gvar = other.operands[:2]
        if gvar != f or ops.partial_kind(shape_of(gf), shape_of(gvar)) != "gradient":
            return None
        rows, cols = ops.partial_shape((), shape_of(var), layout.name)
        chain = ops.MatApply("chain", rows, cols, other, f, var, layout)
        return chain if coeff == 1 else coeff * chain

    @staticmethod
    def tensor_partial(v):
        """(scalar factor, node) when v is a scalar times a derivative still to be contracted: a
        tensor (``ops.partial_kind``), or one already held whose held product is not a scalar."""
        coeff = sp.Integer(1)
        if isinstance(v, sp.MatMul):
            c, mats = v.as_coeff_matrices()
            if len(mats) != 1:
                return None, None
            coeff, v = c, mats[0]
        if not (isinstance(v, ops.MatApply) and v.op == "partial"):
            return None, None
        f, var = v.operands[:2]
        held = len(v.operands) == 5
        body = shape_of(f)
        if held:
            body = (v.operands[3].rows, v.operands[4].cols)
        kind = ops.partial_kind(body, shape_of(var))
        if kind == "tensor" or (held and kind != "gradient"):
            return coeff, v
        return None, None

    def nabla(self, posts, rest, node):
        var = None
        order = 1
        for kind, script, pnode in posts:
            if kind == "subscr" and var is None:
                var = self.script_value(script)
            elif kind == "sup" and self.script_raw(script) == "2":
                order = 2
            else:
                self.err("a script on \\nabla that is neither its variable nor ^2", pnode)
        if not rest or rest[0][0] is not None:
            self.err("\\nabla with nothing to differentiate", node)
        op, tree = rest[0]
        h = self.head(tree)
        used = 1
        after = []
        point = None
        if h[0] == "func" and len(rest) > 1 and rest[1][0] is None and self.is_call_group(rest[1][1]):
            gbase, gposts = self.call_group(rest[1][1])
            F = h[1]
            if self.field_of_point(F, gbase, var):
                F = {**F, "called": True}  # \nabla E_D(\mathbf{w}): E_D a function of w
            f = self.apply_posts(self.call(F, gbase, tree), h[2])
            after = gposts
            used = 2
            seq = gbase.children[0]
            vals = self.arg_values(seq, gbase)
            if var is None:
                if len(vals) == 1 and (isinstance(vals[0], (sp.Symbol, sp.MatrixSymbol))):
                    var = vals[0]
                elif (len(vals) == 1 and h[1].get("kind") == "function" and not h[2]
                      and (h[1].get("func") is not None or h[1].get("letter") in FUNCTION_LETTERS)
                      and not is_matrix(vals[0]) and not isinstance(vals[0], FuncRef)):
                    # \nabla f(x + t d): the gradient of f taken at the point, as f'(x + t d)
                    # reads (a number: one by a vector stays refused, as above)
                    var, point = sp.Dummy("t", real=True), vals[0]
                    f = self.call_values(h[1], [var], tree)
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
        elif len(rest) > 1 and rest[1][0] is None and not (
                h[0] == "func" and h[1].get("kind") == "function"
                and (h[1].get("func") is not None or h[1].get("letter") in FUNCTION_LETTERS)):
            # \nabla_x x^T A x, \nabla_\theta \log p(x|\theta): the gradient of the product
            # up to the next written operation (as \frac{\partial}{\partial x} takes it)
            used = self.split_explicit(rest)
            f = self.chunk(rest[:used])
        elif h[0] == "value":
            f = h[1]
        elif h[0] == "func":
            f = self.nocall(h[1], h[2], [], tree)[0]
        else:
            self.err("\\nabla of an operator", tree)
        if var is None and not isinstance(f, FuncRef):
            # \nabla^2 [x^T A x]: the one column vector in the expression is the variable
            cols = {m for m in self.realize(f).atoms(sp.MatrixSymbol)
                    if m.shape[1] == 1 and not same(m.shape[0], 1)}
            if len(cols) == 1:
                var = cols.pop()
        if var is None:
            if isinstance(f, FuncRef):
                self.err(f"\\nabla {f.name} does not say its variable (write \\nabla_x {f.name} or \\nabla {f.name}(x))", node)
            self.err("\\nabla does not say its variable (write \\nabla_x)", node)
        if order == 2:
            g = self.derivative(f, var, 2, hessian=True) if is_matrix(var) else sp.Derivative(f, (var, 2))
        else:
            g = self.derivative(f, var, 1, hessian=None) if is_matrix(var) else self.derivative(f, var)
        if point is not None:
            g = sp.Subs(g, var, point)
        return self.apply_posts(g, after), used

    def field_of_point(self, F, gbase, var) -> bool:
        """``\\nabla E_D(\\mathbf{w})``, ``\\nabla_{\\mathbf{v}} C(\\mathbf{v})``: an undeclared
        name the gradient applies to, followed by one column in parentheses (the variable, or a
        point of it), is a function of it (a scalar field, which \\nabla takes), never the
        name times the column, whose gradient is a matrix; letters outside the usual function
        letters included (E_D, C, R_n)."""
        if F.get("kind") != "function" or F.get("func") is not None or F.get("primes") \
                or F.get("name") in self.user:
            return False
        args = self.args(gbase.children[0])
        if len(args) != 1 or args[0][0] is not None:
            return False
        (val,) = self.arg_values(gbase.children[0], gbase)
        val = self.realize(val)
        if not isinstance(val, sp.MatrixSymbol) or val.shape[1] != 1:
            return False  # (of a number, \nabla \hat{E}(\theta) stays the product it was)
        return var is None or val == var or self.names_a_point_of(val, var)

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

    def derivative_head(self, base, posts):
        """``\\frac{d f}{d x}``, ``\\frac{\\partial^2}{\\partial x \\partial y}``: the derivative
        a fraction of differentials writes (an operator on the rest when its numerator is a bare
        ``d``), else None."""
        num, den = base.children[1], base.children[2]
        dinfo = self.diff_parts(den)
        if dinfo is not None:
            ninfo = self.diff_numerator(num)
            if ninfo is not None:
                norder, fitems = ninfo
                if norder != sum(o for _, o in dinfo):
                    self.err("the orders of the derivative above and below the fraction bar differ", base)
                return self.derivative_of(fitems, dinfo, posts, base)
        return None

    def derivative_of(self, fitems, vars_, posts, node):
        """The head for d^k f / dx_1 ... dx_k, f the numerator's items after the mark."""
        if not fitems:
            def consume(rest):
                if not rest:
                    self.err("a derivative with nothing to differentiate", node)
                f = self.chunk(rest)
                return self.apply_posts(self.diff_many(f, vars_), posts), len(rest)
            return ("consumer", consume)
        if len(fitems) == 1:
            h = self.head(fitems[0][1])
            if h[0] == "func" and h[1]["kind"] == "function" and h[1].get("func") is not None:
                f = FuncRef(h[1]["func"], h[1]["name"], h[1].get("decl"), h[1].get("entry"))
                return ("value", self.apply_posts(self.diff_many(f, vars_), posts))
            taken = self.extra.get(h[1].get("name")) if h[0] == "func" else None
            if taken is not None and taken.kind != "function" and taken.name in self.diff_vars:
                # an undeclared name this formula differentiates by (d g / d h, then d h / d x):
                # the variable it already is, never a function of its own; with nothing
                # defining it, the check finds it undefined (verify/scope.py)
                pass
            elif h[0] == "func" and h[1]["kind"] == "function" and h[1].get("letter") in FUNCTION_LETTERS:
                # f of every variable it is differentiated by, in one order whatever the
                # order of differentiation: d^2 f / dx dy and d^2 f / dy dx are of f(x, y)
                args = sorted(dict.fromkeys(v for v, _ in vars_), key=sp.default_sort_key)
                f = self.call_values(h[1], args, node)
                d = self.diff_many(f, vars_)
                if len(args) == 1 and isinstance(args[0], sp.Symbol):
                    # \frac{df}{dx}(x_0): the derivative, taken at x_0 when a point follows
                    return ("func", {"kind": "deriv", "value": d, "var": args[0]}, posts)
                return ("value", self.apply_posts(d, posts))
        f = self.chunk(fitems)
        return ("value", self.apply_posts(self.diff_many(f, vars_), posts))

    def inline_derivative(self, posts, rest, node):
        """``\\partial f / \\partial x``, ``\\partial f_i / \\partial x_j``,
        ``\\partial^2 f / \\partial x \\partial y`` written on one line: the numerator runs to
        the first ``/`` before a ``\\partial``, the variables follow it."""
        if any(kind == "subscr" for kind, _, _ in posts):
            return self.subscripted_partial(posts, rest, node)
        order = 1
        for kind, script, pnode in posts:
            raw = self.script_raw(script) if script is not None else ""
            if kind != "sup" or not raw.isdigit():
                self.err("a \\partial outside a derivative fraction", node)
            order = int(raw)
        k = next((j for j, (op, tree) in enumerate(rest)
                  if j and op is not None and op.value == "/" and self._diff_mark(tree) == 1), None)
        if k is None:
            self.err("a \\partial outside a derivative fraction", node)
        vars_, j = [], k
        while j + 1 < len(rest) and self._diff_mark(rest[j][1]) == 1 and rest[j + 1][0] is None \
                and (j == k or rest[j][0] is None):
            vars_.append(self.differentiation_variable(rest[j + 1][1]))
            j += 2
        if sum(o for _, o in vars_) != order:
            self.err("the orders of the derivative above and below the slash differ", node)
        h = self.derivative_of(rest[:k], vars_, [], node)
        if h[0] == "func":  # \partial f / \partial x: no point follows on one line
            return self.apply_posts(h[1]["value"], h[2]), j
        if h[0] == "consumer":
            self.err("a \\partial with nothing to differentiate before the slash", node)
        return h[1], j

    def subscripted_partial(self, posts, rest, node):
        """``\\partial_x f(x, y)``, ``\\partial_\\theta^2 \\log p``: the variable in the subscript,
        the order in a superscript, what follows differentiated as after
        ``\\frac{\\partial^k}{\\partial x^k}``.  Refused before another \\partial (``\\partial_i
        \\partial_i f`` sums over i in index notation) and for a subscript that is no variable."""
        var, order = None, 1
        for kind, script, pnode in posts:
            raw = self.script_raw(script) if script is not None else ""
            if kind == "subscr" and var is None:
                var = self.realize(self.script_value(script))
            elif kind == "sup" and raw.isdigit():
                order = int(raw)
            else:
                self.err("a \\partial outside a derivative fraction", node)
        if not rest or rest[0][0] is not None or self.peel(rest[0][1])[0].children[:1] == [
                r"\partial"]:
            self.err("a \\partial outside a derivative fraction", node)
        if not isinstance(var, (sp.Symbol, sp.MatrixSymbol, sp.Indexed)) \
                or var in set(self.bound.values()):
            self.err("a \\partial whose subscript is not a variable to differentiate by", node)
        if isinstance(var, (sp.Symbol, sp.MatrixSymbol)):
            self.diff_vars.add(var.name)
        if len(rest) == 1:  # \partial_t u: u a function of t, as in \frac{\partial u}{\partial t}
            h = self.derivative_of(rest, [(var, order)], [], node)
            value, used = (h[1]["value"] if h[0] == "func" else h[1]), 1
        else:
            value, used = self.derivative_of([], [(var, order)], [], node)[1](rest)
        body = value.expr if isinstance(value, sp.Derivative) else None
        if str(var) in _INDEX_LETTERS and body is not None and var not in body.free_symbols:
            # \partial_k f: in index notation the derivative by the k-th coordinate x_k
            self.err("a \\partial by an index (\\partial_k f for the derivative by x_k): write "
                     "the variable", node)
        return value, used

    def at_point(self, F, seq, node):
        """``\\frac{df}{dx}(x_0)``: the derivative taken at x_0."""
        (point,) = self.arg_values(seq, node)
        if point == F["var"]:
            return F["value"]
        if is_matrix(point):
            self.err("a scalar derivative taken at a matrix", node)
        return sp.Subs(F["value"], F["var"], point)

    @staticmethod
    def lone_point(seq) -> bool:
        """Does a group hold one plain name or number (``(x_0)``, ``(a)``, ``(0)``)?  Only then
        is ``\\frac{df}{dx}(...)`` a point; ``\\frac{df}{dx}(x - a)`` stays a product."""
        try:
            (part,) = [c for c in seq.children if isinstance(c, Tree)]
            (clause,) = [c for c in part.children if isinstance(c, Tree)]
            (expr,) = clause.children
        except ValueError:
            return False
        unit = expr.children[0] if expr.data == "product" and len(expr.children) == 1 else expr
        while isinstance(unit, Tree) and unit.data == "subscr":
            unit = unit.children[0]
        return isinstance(unit, Tree) and unit.data in ("letter", "cmd", "number", "accent", "font")

    def diff_many(self, f, vars_):
        if len(vars_) == 1:
            v, o = vars_[0]
            return self.derivative(f, v, o)
        hessian = self.hessian_by_pair(f, vars_)
        if hessian is not None:
            return hessian
        for v, _ in vars_:
            if is_matrix(v):
                self.err("a mixed derivative by a vector")
        f = self.realize(f)
        if isinstance(f, FuncRef):
            f = self.call_values({"kind": "function", "func": f.func, "name": f.name,
                                  "decl": f.decl}, [vars_[0][0]], None)
        return sp.Derivative(f, *[(v, o) for v, o in vars_])

    def hessian_by_pair(self, f, vars_):
        """``\\frac{\\partial^2 f}{\\partial x \\partial x^T}`` (either order) of a scalar f:
        the Hessian, the same in either layout since it is symmetric; None for anything else."""
        if len(vars_) != 2 or any(o != 1 for _, o in vars_):
            return None
        (a, _), (b, _) = vars_
        plain = [v.arg if isinstance(v, sp.Transpose) else v for v in (a, b)]
        if not (isinstance(plain[0], sp.MatrixSymbol) and plain[0] == plain[1]
                and isinstance(a, sp.Transpose) != isinstance(b, sp.Transpose)
                and same(plain[0].cols, 1)):
            return None
        return self.derivative(f, plain[0], 2)

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
            out.append(self.differentiation_variable(items[k + 1][1]))
        return out

    def differentiation_variable(self, tree):
        """(variable, order) of ``x`` / ``x^2`` after a ``\\partial`` mark."""
        base, posts = self.peel(tree)
        order = 1
        if posts and posts[-1][0] == "sup":
            raw = self.script_raw(posts[-1][1])
            if raw.isdigit():
                order = int(raw)
                posts = posts[:-1]
        var = self.realize(self.unit_value(self._rebuild(base, posts)))
        if isinstance(var, (sp.Symbol, sp.MatrixSymbol)):
            self.diff_vars.add(var.name)
        return var, order

    def superscript_indices_of(self, tree) -> frozenset:
        """Names whose superscripts are indices in this formula: a letter superscript on a
        variable of differentiation (``\\partial z_k^l``) is a layer or time index, never a
        power, and so is the same superscript on any name of the formula (``h_j^l``).  A ``T``
        there is the transpose (``\\partial \\mathbf{x}^T``, see ``ops.by_transposed``)."""
        if "^" not in self.text or not ("\\partial" in self.text or "\\frac" in self.text):
            return frozenset()  # no superscript, or no derivative: nothing to look for
        marked, scripted = set(), []
        for node in tree.iter_subtrees():
            pairs = []
            if node.data == "frac":  # the variables below the bar
                items = [t for _, t in self._items_of_arg(node.children[2]) or ()]
                pairs = list(zip(items, items[1:]))
            elif node.data == "product":  # ... / \partial x on one line
                kids = node.children
                pairs = [(kids[j], kids[j + 1]) for j in range(1, len(kids) - 1)
                         if isinstance(kids[j - 1], Token) and kids[j - 1].value == "/"
                         and isinstance(kids[j + 1], Tree)]
            for mark, var in pairs:
                unit, posts = self.peel(var)
                if self._diff_mark(mark) == 1 and posts and posts[-1][0] == "sup":
                    raw = self.script_raw(posts[-1][1])
                    if re.fullmatch(r"[A-Za-z]|\\ell", raw) and raw != "T":  # ^T: transposed
                        marked.add(raw)
            if node.data == "sup" and isinstance(node.children[0], Tree):
                scripted.append(node)
        names = set()
        for sup in scripted:
            if self.script_raw(sup.children[1]) not in marked:
                continue
            unit, _ = self.peel(sup.children[0])
            if unit.data in ("letter", "cmd", "font", "accent"):
                nm = self.base_name(unit)[0]
                if nm is not None:
                    names.add(nm.split("_")[0])
        return frozenset(names)

    @staticmethod
    def _rebuild(base, posts):
        t = base
        for kind, script, node in posts:
            t = Tree(kind, [t] if script is None else [t, script], node.meta if hasattr(node, "meta") else None)
        return t
