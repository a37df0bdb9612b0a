"""Angle brackets around one expression: an average, as physics writes the expectation.

``\\langle X \\rangle`` and ``⟨f(X)⟩`` are E[X] and E[f(X)]; a subscript names the law the
average is under (``\\langle f \\rangle_p`` is E_{X~p}[f], read as ``\\mathbb{E}_p[f]`` is).  Only
one argument makes an average: two (``\\langle u, v \\rangle``) are an inner product.  A bar
inside (``\\langle q \\mid r \\rangle``) is left unread: in bra-ket notation it is an inner
product, on an averages sheet a conditional mean, and the brackets alone cannot tell which.
"""
from __future__ import annotations


class AveragesMixin:
    def angle_value(self, base, posts):
        """The value of ``\\langle ... \\rangle`` and the posts still to apply after it."""
        args = self.args(base.children[1])
        if any(sep == r"\mid" for sep, _ in args):
            self.err("angle brackets around a bar: a bra-ket inner product or a conditional "
                     "average, which the brackets alone do not tell apart", base)
        if len(args) != 1:
            return self.inner_value(base), posts
        clause = args[0][1]
        if clause.data == "rel_fragment" or len(clause.children) != 1:
            self.err("a relation inside angle brackets", clause)
        sub = posts[0][1] if posts and posts[0][0] == "subscr" else None
        rest = posts[1:] if sub is not None else posts

        def one():
            return self.realize(self.expr(clause.children[0]))

        return self.moment("E", [], {"sub": sub}, base, one), rest
