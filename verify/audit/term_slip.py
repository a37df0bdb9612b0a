"""One term's slip, whatever the order: a sign flipped or a term left out of a sum.

``o = s(n - 1) + k + 2p`` against the claim's ``o = (n - 1)s - 2p + k``: the sheet writes the
terms and factors in its own order, so compared symbol by symbol (slips.py) the two differ in
many places, yet as expressions they differ in one term's sign. Read in the claim's names, the
formula has the claim's left side, and its right side is the claim's but for one term: that
term's sign flipped, or the term left out where its letters stand elsewhere in the formula
(a term whose letters are nowhere else, a constant -1/2 log 2 pi or a padding 2p of a formula
without padding, is another formula's, not a slip).
"""
from __future__ import annotations

import sympy as sp

from cheatsheet.latex import LatexError
from ..parsing import parse_cached
from ..timelimit import CheckTimeout
from .anchors import _statement
from .readings import Reading

MAX_OPS = 40  # larger sides are not expanded (a slip there is for the token comparison)


def one_term_slip(c, claim, reading: Reading) -> bool:
    """Does the reading differ from the claim's statement by one term's slip alone?"""
    try:
        return _one_term(c, claim, reading)
    except CheckTimeout:
        raise
    except Exception:  # noqa: BLE001 - a statement this rule cannot read decides nothing
        return False


def _relation(latex: str, decls, layout):
    try:
        st = parse_cached(latex, decls, layout=layout)
    except (LatexError, ValueError, TypeError):
        return None
    if len(st.relations) != 1 or st.premises:
        return None
    r = st.relations[0]
    if not all(isinstance(e, sp.Expr) and not isinstance(e, sp.MatrixExpr)
               for e in (r.lhs, r.rhs)):
        return None
    return r


def same_left_sides(c, claim, reading: Reading):
    """(the claim's equation, the reading's) where both are scalar equations of a size worth
    expanding with the same left side, so that only their right sides can hold a slip; else
    None."""
    theirs = _relation(_statement(c, claim), reading.decls, claim.layout)
    mine = _relation(reading.latex, reading.decls, reading.layouts[0])
    if theirs is None or mine is None or theirs.op != mine.op or theirs.op != "=":
        return None
    if any(sp.count_ops(e) > MAX_OPS for e in (theirs.rhs, mine.rhs)):
        return None
    if sp.expand(mine.lhs - theirs.lhs) != 0:
        return None
    return theirs, mine


def _one_term(c, claim, reading: Reading) -> bool:
    sides = same_left_sides(c, claim, reading)
    return sides is not None and sides_one_term_apart(sides[0].rhs, sides[1].rhs)


def sides_one_term_apart(right: sp.Expr, mine: sp.Expr) -> bool:
    """Is ``mine`` the sum ``right`` with one term's sign flipped, or one term left out whose
    letters the other terms write?"""
    right = sp.expand(right)
    terms = sp.Add.make_args(right)
    diff = sp.expand(mine - right)
    if diff == 0 or len(sp.Add.make_args(diff)) != 1 or len(terms) < 2:
        return False
    for t in terms:
        if sp.expand(diff + 2 * t) == 0:
            return True  # its sign flipped
        if sp.expand(diff + t) == 0 and t.free_symbols:
            # left out: only where its letters are written in the formula's other terms
            rest = set().union(*(o.free_symbols for o in terms if o is not t))
            return t.free_symbols <= rest
    return False
