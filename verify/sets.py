"""Numeric meaning of the reader's sets (:mod:`cheatsheet.latex.sets`) on a batch of trials.

A finite set of small integers is a bit mask per trial (bit ``v + OFFSET`` set when v is a
member), so a set that depends on sampled values (``\\{1, \\dots, p\\} \\setminus \\{j\\}`` with p
and j drawn per trial) is one integer array; union, intersection and difference are bitwise.
A sum or an extremum over such a set runs over the members of every trial at once, each trial
counting only its own (as ``Evaluator._sum_limits`` does with bounds that vary).  Over the
subsets of a set (``\\sum_{S \\subseteq A}``) the subsets are enumerated; the subset variable is
itself a mask, so ``|S|`` and ``Q(S \\cup \\{j\\})`` can be computed (a check supplies a ``Q``
that reads masks).

Sets that cannot be listed (a ball ``\\|\\delta\\| \\le \\epsilon``, ``\\mathcal{S}``, the reals)
have no numeric meaning, except that the extremum of a body that does not depend on the
variable is the body itself (a constant's largest value over a non-empty set).
"""
from __future__ import annotations

import re

import numpy as np
import sympy as sp

from cheatsheet.latex.sets import Card, Member, NamedSet, SetExtremum, SetSum
from .arrays import kept
from .evaluate import EvalError, Val, _align, _scalarize, add, mul

OFFSET = 8          # integers -8 .. 54 fit in a mask
MAX_MEMBERS = 16    # subsets of at most 2^16 are enumerated


class Unlisted(EvalError):
    """A set whose members the checker cannot list (a ball, a named family, the reals)."""


class SetVal(Val):
    """A set of integers per trial: ``arr`` holds the bit masks (int64)."""

    def members(self) -> list[int]:
        union = int(np.bitwise_or.reduce(self.arr.ravel())) if self.arr.size else 0
        return [b - OFFSET for b in range(64) if union >> b & 1]


def _mask_of(values: np.ndarray) -> np.ndarray:
    v = np.asarray(values, float)
    r = np.rint(v)
    if np.any(np.abs(v - r) > 1e-9) or np.any(~np.isfinite(v)):
        raise EvalError("a set whose members are not whole numbers")
    if np.any(r < -OFFSET) or np.any(r > 62 - OFFSET):
        raise EvalError(f"a set with a member outside {-OFFSET}..{62 - OFFSET}")
    return np.left_shift(np.int64(1), (r + OFFSET).astype(np.int64))


def set_mask(ev, s) -> SetVal:
    """The set ``s`` as masks, per trial."""
    if s is sp.S.EmptySet:
        return SetVal(np.asarray(0, np.int64))
    if isinstance(s, NamedSet):
        v = ev.env.get(s.name)
        if isinstance(v, SetVal):
            return v
        raise Unlisted(f"the members of {describe(s)} are not known here")
    if isinstance(s, sp.FiniteSet):
        out = SetVal(np.asarray(0, np.int64))
        for a in s.args:
            m = _mask_of(_scalarize(ev.ev(a)).arr)
            x, y = np.broadcast_arrays(out.arr, m)
            out = SetVal(np.bitwise_or(x, y))
        return out
    if isinstance(s, sp.Range):
        start, stop, step = s.args
        if step != 1:
            raise EvalError("a range that does not count by one")
        lo = np.rint(_scalarize(ev.ev(start)).arr).astype(np.int64)
        hi = np.rint(_scalarize(ev.ev(stop)).arr).astype(np.int64) - 1
        lo, hi = np.broadcast_arrays(lo, hi)
        if np.any(hi - lo > 62) or np.any(lo < -OFFSET) or np.any(hi > 62 - OFFSET):
            raise EvalError("a range too long to list")
        full = lambda n: np.where(n > 0, np.left_shift(np.int64(1), np.maximum(n, 0)) - 1, 0)  # noqa: E731
        return SetVal(np.where(hi >= lo, np.left_shift(full(hi - lo + 1), lo + OFFSET), 0)
                      .astype(np.int64))
    if isinstance(s, (sp.Union, sp.Intersection, sp.Complement)):
        parts = [set_mask(ev, a).arr for a in s.args]
        out = parts[0]
        for p in parts[1:]:
            x, y = np.broadcast_arrays(out, p)
            if isinstance(s, sp.Union):
                out = np.bitwise_or(x, y)
            elif isinstance(s, sp.Intersection):
                out = np.bitwise_and(x, y)
            else:
                out = np.bitwise_and(x, np.bitwise_not(y))
        return SetVal(np.asarray(out, np.int64))
    raise Unlisted(f"the members of {describe(s)} cannot be listed")


def describe(s) -> str:
    """A set in words for a message: ``the Q with W(P, Q) <= rho``, ``the subsets of A``."""
    if isinstance(s, sp.ConditionSet):
        return f"the {sp.sstr(s.sym)} with {sp.sstr(s.condition)}"
    if isinstance(s, sp.PowerSet):
        return f"the subsets of {describe(s.args[0])}"
    if isinstance(s, sp.ImageSet):
        return f"the values {sp.sstr(s.lamda.expr)} for {describe(s.base_sets[0])}"
    return sp.sstr(s)


def _popcount(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, np.int64)
    out = np.zeros(a.shape, float)
    for b in range(64):
        out += (a >> b) & 1
    return out


def _over(ev, var, dom):
    """Yield, for each candidate member, (value bound to the variable, per-trial inclusion)."""
    if isinstance(dom, sp.PowerSet):
        base = set_mask(ev, dom.args[0]).arr
        bits = [b for b in range(64) if int(np.bitwise_or.reduce(base.ravel()) if base.size else 0) >> b & 1]
        if len(bits) > MAX_MEMBERS:
            raise EvalError("too many subsets to enumerate")
        for pick in range(1 << len(bits)):
            sub = sum(1 << bits[i] for i in range(len(bits)) if pick >> i & 1)
            inside = np.bitwise_and(np.int64(sub), np.bitwise_not(base)) == 0
            # a trial the subset is not in sees the empty set (always in), so the body is
            # evaluated where it is defined; the trial's term is masked out
            yield SetVal(np.where(inside, np.int64(sub), np.int64(0))), inside
        return
    mask = set_mask(ev, dom)
    members = mask.members()
    lowest = np.full(mask.arr.shape, float(members[0]) if members else 0.0)
    for k in reversed(members):
        lowest = np.where((mask.arr >> (k + OFFSET)) & 1 == 1, float(k), lowest)
    for k in members:
        inside = (mask.arr >> (k + OFFSET)) & 1 == 1
        yield Val(np.where(inside, float(k), lowest)), inside


def _name(var) -> str:
    return var.name


def _bound(ev, var, dom, body, visit):
    name = _name(var)
    with kept(ev.env, name):
        for value, inside in _over(ev, var, dom):
            ev.env[name] = value
            visit(_scalarize(ev.ev(body)), np.asarray(inside))


def set_sum(ev, e: SetSum) -> Val:
    body, var, dom = e.args
    if dom in (sp.S.Integers, sp.S.Naturals0, sp.S.Naturals):
        # a sum over (a half of) Z of finitely supported sequences: exact over the window
        # holding its non-zero terms (verify/support.py)
        lo = {sp.S.Integers: -sp.oo, sp.S.Naturals0: sp.Integer(0)}.get(dom, sp.Integer(1))
        return ev._sum_limits(body, [(var, lo, sp.oo)], np.add, 0.0)
    total = [Val(np.asarray(0.0))]

    def visit(v, inside):
        if v.mat:
            raise EvalError("a sum of matrices over a set")
        with np.errstate(invalid="ignore"):
            term = mul(Val(inside.astype(float)), Val(np.where(np.broadcast_to(
                inside, np.broadcast_shapes(inside.shape, v.arr.shape)), v.arr, 0.0)))
        total[0] = add(total[0], term)

    _bound(ev, var, dom, body, visit)
    return total[0]


def set_extremum(ev, e: SetExtremum) -> Val:
    body, var, dom, which = e.args
    if not _depends(body, var):
        return _scalarize(ev.ev(body))  # a constant's largest value over a (non-empty) set
    pick = np.maximum if which.name == "max" else np.minimum
    fill = -np.inf if which.name == "max" else np.inf
    best = [None]

    def visit(v, inside):
        x, m = _align(v, Val(inside))
        val = np.where(np.broadcast_to(m, np.broadcast_shapes(m.shape, x.shape)), x, fill)
        best[0] = val if best[0] is None else pick(*np.broadcast_arrays(best[0], val))

    what = "largest" if which.name == "max" else "smallest"
    try:
        _bound(ev, var, dom, body, visit)
    except Unlisted:
        raise EvalError(f"the {what} value over {describe(dom)} is not computed numerically: "
                        "the members of that set cannot be listed") from None
    if best[0] is None or np.any(np.isinf(best[0])):
        raise EvalError(f"the {what} value over an empty set")
    return Val(best[0])


def _depends(body, var) -> bool:
    """Does the body change with the variable (also through a law named after it, the Q of
    ``\\sup_Q \\mathbb{E}_Q[g]``)?"""
    from cheatsheet.latex.probability import ExpectOver

    name = var.name
    for a in sp.preorder_traversal(body):
        if isinstance(a, ExpectOver) and name in re.findall(r"[A-Za-z]+", a.args[2].name):
            return True
        if isinstance(var, NamedSet) and isinstance(a, NamedSet) and a.name == name:
            return True
    return not isinstance(var, NamedSet) and body.has(var)


def member(ev, e: Member) -> Val:
    x, dom = e.args
    if isinstance(dom, sp.PowerSet):
        a, b = set_mask(ev, x).arr, set_mask(ev, dom.args[0]).arr
        return Val((np.bitwise_and(a, np.bitwise_not(b)) == 0).astype(float))
    if isinstance(dom, sp.Interval):
        v = _scalarize(ev.ev(x)).arr
        lo, hi = (_scalarize(ev.ev(t)).arr for t in (dom.start, dom.end))
        ok = (v > lo if dom.left_open else v >= lo) & (v < hi if dom.right_open else v <= hi)
        return Val(ok.astype(float))
    if isinstance(dom, sp.Range) and dom.args[2] == 1:
        # k in {0, 1, 2, ...}: a whole number in the range, tested directly (a range with no
        # end has no mask to list, and a long one needs none)
        v = np.asarray(_scalarize(ev.ev(x)).arr, float)
        lo, hi = (np.asarray(np.inf if t is sp.oo else -np.inf if t is -sp.oo
                             else _scalarize(ev.ev(t)).arr, float) for t in dom.args[:2])
        ok = (np.abs(v - np.rint(v)) < 1e-9) & (v >= lo) & (v < hi)
        return Val(ok.astype(float))
    v = np.asarray(_scalarize(ev.ev(x)).arr, float)
    m = set_mask(ev, dom).arr
    r = np.rint(v)
    whole = (np.abs(v - r) < 1e-9) & (r >= -OFFSET) & (r <= 62 - OFFSET)
    shift = np.where(whole, r + OFFSET, 0).astype(np.int64)
    return Val((whole & ((m >> shift) & 1 == 1)).astype(float))


def evaluate(ev, e) -> Val:
    if isinstance(e, SetSum):
        return set_sum(ev, e)
    if isinstance(e, SetExtremum):
        return set_extremum(ev, e)
    if isinstance(e, Member):
        return member(ev, e)
    if isinstance(e, Card):
        return Val(_popcount(set_mask(ev, e.args[0]).arr))
    return set_mask(ev, e)
