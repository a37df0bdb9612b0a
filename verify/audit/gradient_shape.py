"""A sheet's word that a gradient has its variable's shape fixes the layout of gradients only.

"d f / d X has the same shape as X" is the denominator layout for a scalar f (the numerator
layout gives the shape of X^T). It says nothing of a vector's Jacobian, which many sheets that
say it still write in numerator layout (the mixed layout), so the announcement narrows the
layouts of a formula only when every derivative in it is of a scalar by a vector or matrix.
"""
from __future__ import annotations

import sympy as sp

from cheatsheet import ops
from cheatsheet.latex.base import shape_of
from ..parsing import parse_cached


def only_gradients(latex: str, decls) -> bool:
    """Is every derivative by a vector or matrix in the formula (read with ``decls``) one of a
    scalar, and is there at least one? Unreadable formulas: False (the layouts stay open)."""
    try:
        st = parse_cached(latex, decls, layout="numerator")
    except Exception:
        return False
    exprs = [x for r in (*st.relations, *st.premises) for x in (r.lhs, r.rhs)]
    if st.expr is not None:
        exprs.append(st.expr)
    found = False
    for e in exprs:
        for node in sp.preorder_traversal(e):
            if not isinstance(node, ops.MatApply):
                continue
            if node.op == "partial":
                f, var = node.args[3], node.args[4]
                if ops.partial_kind(shape_of(f), shape_of(var)) != "gradient":
                    return False
                found = True
            elif node.op == "chain":
                return False
    return found


def narrowed(layouts: tuple, gradient_shape: bool, latex: str, decls) -> tuple:
    """The layouts a reading is checked in: only the denominator layout where the sheet said
    that a gradient has its variable's shape and the formula's derivatives are all gradients."""
    if gradient_shape and len(layouts) > 1 and "denominator" in layouts and \
            only_gradients(latex, decls):
        return ("denominator",)
    return layouts
