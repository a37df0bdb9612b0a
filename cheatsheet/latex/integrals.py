"""Integrals, evaluation bars and limits: the operators of calculus that bind a variable over
a range or at a point (derivatives are :mod:`.calculus`).

Integrals need their differential (``d t``) and limits (or the whole line); ``\\left. body
\\right|_{x = a}`` is the body at a point; ``\\lim`` takes the rest of the product.
"""
from __future__ import annotations

import re

import sympy as sp

from .. import ops
from .base import FuncRef, bounds_of, is_matrix
from .calls import FUNCTION_LETTERS

# a differential written anywhere: dx, d x, \mathrm{d}x, d\theta (conservative: a name d
# before a letter counts too, and then an integral without one is not read)
_DIFFERENTIAL = re.compile(r"(?<![A-Za-z\\])d\s*(\\[A-Za-z]+|[A-Za-z])|\\mathrm\s*\{\s*d\s*\}")


class IntegralsMixin:
    def integral(self, posts, rest, node):
        """``\\int_a^b body\\, dt`` (``\\int_{\\mathbb{R}}``: the whole line) -> ``ops.Integral``
        (``MatApply('integral', ...)`` for a matrix body).  The body is everything up to the
        differential ``d t`` / ``\\mathrm{d} t``; t is bound inside it."""
        sub, sup = bounds_of(posts, self.err, "an integral with more than its two limits")
        k = None
        inner = 0  # integrals inside this one's body: each takes the first differential after it
        for j in range(0, len(rest) - 1):
            base0 = self.peel(rest[j][1])[0]
            if base0.data == "cmd" and base0.children[0].value == r"\int":
                inner += 1
                continue
            if j and rest[j + 1][0] is None and self._diff_mark(rest[j][1]) == 1:
                vbase, vposts = self.peel(rest[j + 1][1])
                if not vposts and vbase.data in ("letter", "cmd"):
                    nm = self.base_name(vbase)[0]
                    if nm is not None:
                        if inner:
                            inner -= 1
                            continue
                        k = j
                        break
        if k is None and (sub is not None or sup is not None):
            return self.integral_without_differential(sub, sup, rest, node)
        if k is None:
            self.err("an integral without its differential (dx)", node)
        if sub is None and sup is None:
            self.err("an indefinite integral (the reader needs limits)", node)
        lo, hi = self.integral_limits(sub, sup, node)
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

    def integral_limits(self, sub, sup, node):
        if sup is None:
            raw = self.script_raw(sub)
            if raw not in (r"\mathbb{R}", "R", r"\mathbb{R}^1", r"\R"):
                self.err("an integral over a set (the reader reads limits, or \\mathbb{R} for the whole line)", node)
            return -sp.oo, sp.oo
        if sub is None:
            self.err("an integral without a lower limit", node)
        lo, hi = self.realize(self.script_value(sub)), self.realize(self.script_value(sup))
        if is_matrix(lo) or is_matrix(hi):
            self.err("an integral with matrix limits", node)
        return lo, hi

    def integral_without_differential(self, sub, sup, rest, node):
        """``\\int_a^b f`` and ``\\int_0^1 x^2`` with no ``dx``: a function named alone is
        integrated in its argument, and a body with one variable (the limits' names aside) in
        that variable; with several, which one is integrated is not said, and the reader says
        so rather than pick one.  The body is the rest of the product."""
        lo, hi = self.integral_limits(sub, sup, node)
        if _DIFFERENTIAL.search(self.text):
            # \int_a^b f(x) + g(x)\, dx: a differential further on, outside this product
            self.err("an integral whose differential (dx) stands apart from its body", node)
        end = self.span(rest[-1][1])[1] if rest else None
        if end is not None and self.text[end:].lstrip()[:1] in ("+", "-"):
            self.err("an integral without its differential (dx) followed by + or -: it may "
                     "cover the whole sum or only its first term", node)
        lone = self.peel(rest[0][1]) if len(rest) == 1 else (None, None)
        nm = self.base_name(lone[0])[0] if lone[0] is not None and not lone[1] \
            and lone[0].data in ("letter", "cmd") else None
        if nm in FUNCTION_LETTERS and nm not in self.user and nm not in self.extra:
            # \int_a^b f: the function f, integrated in its argument
            body = FuncRef(self.new_function(nm, node), nm)
        else:
            body = self.realize(self.chunk(rest))
        if isinstance(body, FuncRef):
            F = body
            if F.decl is not None and getattr(F.decl, "shape", None) not in (None, ()):
                self.err("an integral of a function of several variables without its "
                         "differential (dx)", node)
            var = sp.Dummy("t", real=True)
            body = F.func(var)
            return ops.Integral(body, var, lo, hi), len(rest)
        if is_matrix(body):
            if body.shape != (1, 1):
                self.err("an integral of a matrix without its differential (dx)", node)
            body = self.to_scalar(body)
        limits = getattr(lo, "free_symbols", set()) | getattr(hi, "free_symbols", set())
        free = [s for s in body.free_symbols - limits - set(self.bound.values())
                if isinstance(s, sp.Symbol)]
        if any(not isinstance(s, sp.Symbol) for s in body.free_symbols):
            free = []
        if len(free) != 1:
            names = ", ".join(sorted(str(s) for s in free))
            why = (f"its body has several variables ({names}), and which one is integrated "
                   "is not said" if free else "its body has no variable to integrate in")
            self.err(f"an integral without its differential (dx): {why}", node)
        var = free[0]
        return ops.Integral(body, var, lo, hi), len(rest)

    def evaluated_at(self, posts, rest, node):
        """``\\left. body \\right|_{x = a}``: the body at x = a (``Subs``, so a derivative in x
        is taken first, then evaluated)."""
        sub = posts[0][1] if len(posts) == 1 and posts[0][0] == "subscr" else None
        if sub is None or sub.data != "script_group" or len(rest) != 1:
            self.err("an evaluation bar without its x = a", node)
        args = self.args(sub.children[0])
        kids = args[0][1].children if len(args) == 1 else []
        if len(kids) != 3 or getattr(kids[1], "value", None) != "=":
            self.err("an evaluation bar needs one x = a below it", sub)
        vbase, vposts = self.peel(kids[0].children[0]) if kids[0].data == "product" \
            and len(kids[0].children) == 1 else (None, None)
        nm = self.base_name(vbase)[0] if vbase is not None and not vposts \
            and vbase.data in ("letter", "cmd") else None
        if nm is None:
            self.err("an evaluation bar at something that is not a variable", sub)
        point = self.realize(self.expr(kids[2]))
        body = self.realize(self.chunk(rest))
        var = next((s for s in getattr(body, "free_symbols", ()) if getattr(s, "name", "") == nm),
                   None)
        if isinstance(body, FuncRef) or is_matrix(point):
            self.err("an evaluation bar on something that is not a value", node)
        if var is None:
            return body, 1  # the body does not depend on x: its value is the same
        if is_matrix(body):
            self.err("an evaluation bar on a matrix", node)
        return sp.Subs(body, var, point), 1

    def limit(self, posts, rest, node):
        """``\\lim_{x \\to a} body`` (``a^+`` / ``a^-`` one-sided, ``\\infty``) -> ``ops.Limit``
        (``MatApply('limit', ...)`` for a matrix body); x is bound in the body, which is the rest
        of the product (as a sum's)."""
        sub = None
        for kind, script, pnode in posts:
            if kind == "subscr" and sub is None:
                sub = script
            else:
                self.err("\\lim with a script other than x \\to a", pnode)
        if sub is None or sub.data != "script_group":
            self.err("\\lim without its x \\to a", node)
        if not rest:
            self.err("\\lim with nothing after it", node)
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
