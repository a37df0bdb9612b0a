#!/usr/bin/env python3
"""Mutation testing of the catalog's checks: can each claim's check tell its formula from a typo?

Every canonical form is mutated with the quiz's own operators (``cheatsheet.quiz.mutate``:
sign, exponent, transpose/inverse, fraction turned over or dropped, dropped or changed factor,
index swap, dropped root).  Each mutant is decided by the claim's check exactly as
``cheatsheet verify`` decides a sheet's line (seed 0).  A mutant is

  killed       the check refutes it (with a counterexample);
  equivalent   not refuted, but shown to say the same as the canonical form *without the
               claim's check*: SymPy proves each side of each relation equal to the canonical
               side (simplify of the difference, a declared symmetric matrix taken as its own
               transpose, an orthogonal one's inverse as its transpose), or a plain evaluation
               of both forms' sides on random instances of the declarations gives the same
               values;
  update       undecided because it is an assignment (a name on the left that also occurs on
               its right: theta_t = theta_t - eta g), and read as one, its left side the new
               value and the name on its right the old one, it is the canonical form (SymPy:
               each side equal after that renaming alone).  No check can refute it without
               calling a correct update wrong; listed, not counted as a survivor;
  unreadable   the reader cannot read it (the quiz never shows such a mutant);
  true         not equivalent, but SymPy shows the mutant true without the claim's check:
               it follows from the canonical form (an inequality with a side moved the loose
               way, such as a larger factor on the bigger side), it is a tautology (both
               sides of each relation SymPy-equal: P^{-1} = P^{-1}), or, for a claim with no
               custom check, SymPy proves the mutant itself (a Hessian that drops a linear
               term); listed, not counted as a survivor;
  survivor     anything else: the check lets a possibly different formula through, or cannot
               decide it ('error': the check cannot evaluate that form; 'crash': it raised).
               Some survivors are true statements of their own (a looser bound, a sign that
               does not change a symmetric law); the list says what the check answered so a
               person can judge.

The score is killed / (killed + survivors).  A full run takes a few minutes (--jobs 2: ~6).

  --topic T   only claims of topic T, or with id T or T.* (repeatable)
  --claim ID  only this claim (repeatable; same as --topic with an id)
  --jobs J    worker processes (default: the number of CPUs)
  --json      one JSON object instead of the text report
  --all       also list the claims with no survivor
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EQUIV_TRIALS = 24
SIMPLIFY_SECONDS = 2.0


def _selected(claims, names):
    if not names:
        return list(claims)
    wanted = set(names)
    return [c for c in claims
            if c.topic in wanted or any(c.id == t or c.id.startswith(t + ".") for t in wanted)]


def _sides(stmt):
    return [(type(r).__name__, getattr(r, "op", None), r.lhs, r.rhs) for r in stmt.relations]


def _same_shape(a, b) -> bool:
    sa, sb = _sides(a), _sides(b)
    return len(sa) == len(sb) and all(x[:2] == y[:2] for x, y in zip(sa, sb))


def _comparable(claim, latex: str):
    """(canonical statement, mutant statement) when both read and have the same relations
    one for one and the same premises; else None."""
    from cheatsheet.verify.parsing import parse_cached

    try:
        canon = claim.statement
        mut = parse_cached(latex, claim.declarations, layout=claim.layout)
    except Exception:  # noqa: BLE001 - a mutant the reader cannot read compares with nothing
        return None
    if not canon.relations or not _same_shape(canon, mut) or canon.premises != mut.premises:
        return None
    return canon, mut


# what a declared kind says of a matrix, as a rewriting SymPy can use: a symmetric matrix is
# its transpose, an orthogonal one's inverse is its transpose
_SELF_TRANSPOSE = ("symmetric", "psd", "pd", "diagonal")


def _kind_rules(decls) -> dict:
    rules = {}
    for d in decls or ():
        if d.domain in _SELF_TRANSPOSE + ("orthogonal",):
            rules[(d.name, "T")] = d.domain in _SELF_TRANSPOSE
            rules[(d.name, "inv")] = d.domain == "orthogonal"
    return rules


def _by_kinds(e, rules):
    """``e`` with A^T -> A and A_{ji} -> A_{ij} for a declared symmetric A, and Q^{-1} -> Q^T
    for an orthogonal Q."""
    import sympy as sp

    if not rules:
        return e

    def swap(x):
        if isinstance(x, sp.Transpose) and isinstance(x.arg, sp.MatrixSymbol) \
                and rules.get((x.arg.name, "T")):
            return x.arg
        if isinstance(x, sp.Inverse) and isinstance(x.arg, sp.MatrixSymbol) \
                and rules.get((x.arg.name, "inv")):
            return sp.Transpose(x.arg)
        if isinstance(x, sp.Indexed) and len(x.indices) == 2 \
                and rules.get((str(x.base.label), "T")):
            ordered = tuple(sorted(x.indices, key=str))  # A_{nm} = A_{mn}: one order for both
            return x.base[ordered] if ordered != tuple(x.indices) else None
        return None

    return e.replace(lambda x: swap(x) is not None, swap)


def _one_by_one_transposed(e):
    """``e`` with each inner product <u, v> (a 1 x 1 matrix u^T v) written as the one of its
    equal forms that sorts first: <u, v> = <v, u>, and a matrix factor moves to the other side
    transposed, <u, M v> = <M^T u, v> (x^T A^T x is x^T A x: a 1 x 1 matrix is its own
    transpose)."""
    import sympy as sp

    from cheatsheet import ops

    def moves(a, b):
        yield b, a
        if isinstance(b, sp.MatMul) and len(b.args) >= 2:  # <a, M v> = <M^T a, v>
            yield sp.MatMul(sp.Transpose(sp.MatMul(*b.args[:-1])), a).doit(), b.args[-1]

    def pick(x):
        if not isinstance(x, ops.Inner):
            return None
        seen, todo = {tuple(x.args)}, [tuple(x.args)]
        while todo and len(seen) < 16:
            for pair in moves(*todo.pop()):
                if pair not in seen:
                    seen.add(pair)
                    todo.append(pair)
        best = min(seen, key=lambda pr: sp.default_sort_key(ops.Inner(*pr)))
        return ops.Inner(*best) if best != tuple(x.args) else None

    return e.replace(lambda x: pick(x) is not None, pick)


def _low_terms_dropped(e):
    """``e`` with what a derivative by a vector cannot see taken out of its body: the terms
    free of the variable (each first derivative), and the terms linear in it, c <u, x> with
    c and u free of x (a Hessian).  A derivative whose whole body goes is a zero matrix of its
    size.  (nabla^2 [x^T A x - b^T x + c] is nabla^2 [x^T A x]; d a / d x^T is 0.)"""
    import sympy as sp

    from cheatsheet import ops

    def linear(t, x):
        coeff, rest = t.as_independent(x, as_Add=False)
        return (isinstance(rest, ops.Inner) and sum(a == x for a in rest.args) == 1
                and all(a == x or x not in a.free_symbols for a in rest.args)
                and x not in getattr(coeff, "free_symbols", ()))

    def drop(m):
        if not (isinstance(m, ops.MatApply) and m.op in ("partial", "hessian")):
            return None
        body, x = m.args[3], m.args[4]
        keep = [t for t in sp.Add.make_args(body) if x in t.free_symbols
                and not (m.op == "hessian" and linear(t, x))]
        if len(keep) == len(sp.Add.make_args(body)):
            return None
        if not keep:
            return sp.ZeroMatrix(m.args[1], m.args[2])
        return ops.MatApply(*m.args[:3], sp.Add(*keep), *m.args[4:])

    return e.replace(lambda m: drop(m) is not None, drop)


def _symbolic_equal(a, b, decls=None) -> bool:
    """Each side of each relation of ``b`` is SymPy-equal to the same side of ``a`` (with what
    the declarations say of a matrix: a symmetric one is its own transpose...)."""
    import sympy as sp

    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    rules = _kind_rules(decls)
    for (_, _, la, ra), (_, _, lb, rb) in zip(_sides(a), _sides(b)):
        for x, y in ((la, lb), (ra, rb)):
            if x == y:
                continue
            try:
                x, y = _by_kinds(x, rules), _by_kinds(y, rules)
            except Exception:  # noqa: BLE001 - no rewriting: compare as read
                pass
            if x == y:
                continue
            try:
                x, y = _low_terms_dropped(x), _low_terms_dropped(y)
                if x == y or _one_by_one_transposed(x) == _one_by_one_transposed(y):
                    continue
            except Exception:  # noqa: BLE001 - no rewriting: compare as read
                pass
            try:
                with time_limit(SIMPLIFY_SECONDS):
                    d = sp.simplify(x - y)
                    if d != 0 and not isinstance(d, sp.ZeroMatrix):  # matrices: a zero matrix
                        return False
            except CheckTimeout:
                return False
            except Exception:  # noqa: BLE001 - a difference SymPy cannot form proves nothing
                return False
    return True


def _numeric_equal(claim, a, b) -> bool:
    """Both forms' sides agree on random instances of the claim's declarations (plain
    evaluation: no custom check, no computed values)."""
    import numpy as np

    from cheatsheet.verify.evaluate import Evaluator
    from cheatsheet.verify.sampling import Sampler

    rng = np.random.default_rng(20261204)
    sampler = Sampler(claim.declarations, independent=tuple(claim.independent))
    for _ in range(3):  # three batches: sizes change between them
        try:
            inst = sampler.sample(rng, EQUIV_TRIALS, layout=claim.layout)
            ev = Evaluator(inst)
            for (_, _, la, ra), (_, _, lb, rb) in zip(_sides(a), _sides(b)):
                for x, y in ((la, lb), (ra, rb)):
                    if x == y:
                        continue
                    vx = np.asarray(ev(x).arr, dtype=complex)
                    vy = np.asarray(ev(y).arr, dtype=complex)
                    if vx.shape != vy.shape:
                        return False
                    fin = np.isfinite(vx) & np.isfinite(vy)
                    if not fin.any() or (fin != (np.isfinite(vx) | np.isfinite(vy))).any():
                        return False
                    if not np.allclose(vx[fin], vy[fin], rtol=1e-7, atol=1e-9):
                        return False
        except Exception:  # noqa: BLE001 - a form the plain evaluator cannot read proves nothing
            return False
    return True


def _same_premises(a, b, decls=None) -> bool:
    """The conditions before an implication are the same (a mutant of a premise is no
    equivalent of the canonical form, whatever its conclusion)."""
    from cheatsheet.statement import Statement

    if len(a.premises) != len(b.premises):
        return False
    if not a.premises:
        return True
    if any(p.op != q.op for p, q in zip(a.premises, b.premises)):
        return False
    return _symbolic_equal(Statement(relations=a.premises), Statement(relations=b.premises),
                           decls)


def equivalent(claim, latex: str) -> str | None:
    """How the mutant was shown to say the same as the canonical form, or None."""
    from cheatsheet.verify.parsing import parse_cached

    try:
        canon = claim.statement
        mut = parse_cached(latex, claim.declarations, layout=claim.layout)
    except Exception:  # noqa: BLE001
        return None
    if not (canon.relations and _same_shape(canon, mut)
            and _same_premises(canon, mut, claim.declarations)):
        return None
    if _symbolic_equal(canon, mut, claim.declarations):
        return "sympy"
    if _numeric_equal(claim, canon, mut):
        return "numeric"
    return None


def _same(x, y) -> bool:
    return x == y or _symbolic_equal_pair(x, y)


def _symbolic_equal_pair(x, y) -> bool:
    import sympy as sp

    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    if x == y:
        return True
    try:
        with time_limit(SIMPLIFY_SECONDS):
            d = sp.simplify(x - y)
            return d == 0 or isinstance(d, sp.ZeroMatrix)
    except CheckTimeout:
        return False
    except Exception:  # noqa: BLE001 - a difference SymPy cannot form proves nothing
        return False


def update_reading(claim, latex: str) -> bool:
    """The mutant, read as the assignment the checker takes it for, is the canonical form: in
    each relation whose left name also occurs on its right, the left side stands for the
    canonical left side (the new value) and that name on the right for one member of its
    family that the canonical right side uses (the old value); every other relation the same,
    and none after it uses the canonical new value under a name the mutant never assigned."""
    from cheatsheet.verify.scope import family
    from cheatsheet.verify.undecidable import assigned_name

    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    read = False
    for k, (rc, rm) in enumerate(zip(canon.relations, mut.relations)):
        if (rc.lhs, rc.rhs) == (rm.lhs, rm.rhs):
            continue
        name = assigned_name(type(mut)(relations=(rm,))) if rm.op == "=" else None
        new = rc.lhs
        if name is None or not hasattr(new, "name") or family(new.name)[0] != family(name)[0]:
            return False
        old = rm.lhs
        if old != new and any(new in _named_atoms(e) for r in mut.relations[k + 1:]
                              for e in (r.lhs, r.rhs)):
            return False  # a later relation uses the new value by a name nothing assigned
        members = [a for a in _named_atoms(rc.rhs) if family(a.name)[0] == family(name)[0]]
        if not any(_same(rc.rhs, rm.rhs.xreplace({old: m})) for m in members + [old]):
            return False
        read = True
    return read


def _named_atoms(e) -> list:
    import sympy as sp

    return sorted({a for a in sp.preorder_traversal(e)
                   if isinstance(a, (sp.Symbol, sp.MatrixSymbol))}, key=str)


_LOOSER = {"<=": (-1, 1), "<": (-1, 1), ">=": (1, -1), ">": (1, -1)}


def _nonnegative(d) -> bool:
    """SymPy shows d >= 0 from the symbols' declared assumptions (within the budget)."""
    import sympy as sp

    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    from cheatsheet import ops

    norms = {n: sp.Dummy("norm", nonnegative=True) for n in d.atoms(ops.Norm)}
    d = d.xreplace(norms)  # a norm is never negative (each norm one symbol)
    # an exponential of a real formula is positive (each one symbol; the declared symbols are
    # real, and where its argument has no value neither side has one)
    d = d.xreplace({x: sp.Dummy("exp", positive=True) for x in d.atoms(sp.exp)})
    # an even power of a real formula is nonnegative: (b - a)^2, and (b - a)^{-2} where it has
    # a value (at b = a neither form has one)
    d = d.xreplace({x: sp.Dummy("even", nonnegative=True) for x in d.atoms(sp.Pow)
                    if x.exp.is_integer and x.exp.is_even and x.exp != 0
                    and x.base.is_real is not False})
    try:
        with time_limit(SIMPLIFY_SECONDS):
            d = sp.simplify(d)
            if d == 0 or d.is_nonnegative is True or sp.factor(d).is_nonnegative is True:
                return True
            return _nonnegative_on_integers(d)
    except CheckTimeout:
        return False
    except Exception:  # noqa: BLE001 - a difference SymPy cannot form proves nothing
        return False


def _nonnegative_on_integers(d) -> bool:
    """d of one nonnegative integer symbol n (and positive factors SymPy can see) is negative
    for no integer n >= 0: where d < 0 over the reals n >= 0 holds no integer (n - sqrt(n) is
    negative only between 0 and 1)."""
    import sympy as sp

    syms = [x for x in d.free_symbols if x.is_integer and x.is_nonnegative]
    others = d.free_symbols - set(syms)
    if len(syms) != 1 or any(x.is_positive is not True for x in others):
        return False
    n = syms[0]
    x = sp.Symbol("x", nonnegative=True)
    expr = d.xreplace({n: x})
    if others:  # positive factors only: their signs do not move where d is negative
        expr, rest = expr.as_independent(*others, as_Add=False)
        if rest.is_positive is not True:
            return False
    neg = sp.solveset(expr < 0, x, domain=sp.Interval(0, sp.oo))
    return sp.Intersection(neg, sp.Naturals0) == sp.EmptySet


def implied(claim, latex: str) -> bool:
    """The mutant follows from the canonical form by SymPy alone: each of its inequalities is
    the canonical one with a side moved the loose way (the left side of a <= no larger, the
    right side no smaller: ``2 a >= b`` after ``a >= b`` for a >= 0), every other side the same.
    True whenever the canonical form is, independently of the claim's check."""
    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    moved = False
    for (_, op, la, ra), (_, _, lb, rb) in zip(_sides(canon), _sides(mut)):
        if (la, ra) == (lb, rb):
            continue
        if op not in _LOOSER or getattr(la, "is_Matrix", False) or la.is_Matrix is True:
            return False
        left, right = _LOOSER[op]  # the sign of (mutant side - canonical side) that loosens
        signs = _interval_signs(claim.declarations, (la, ra, lb, rb))
        la, ra, lb, rb = (x.xreplace(signs) for x in (la, ra, lb, rb))
        for a, b, sign in ((la, lb, left), (ra, rb, right)):
            if a != b and not (_nonnegative(sign * (b - a)) or _moved_monotone(a, b, sign)):
                return False
        moved = True
    return moved


def _interval_signs(decls, exprs) -> dict:
    """A symbol declared in an interval of positive numbers (``interval(0.01, 0.3)``) as a
    positive symbol, so that SymPy knows its sign."""
    import sympy as sp

    pos = {d.name for d in decls or () if d.domain == "interval" and d.args
           and isinstance(d.args[0], (int, float)) and d.args[0] >= 0}
    return {x: sp.Symbol(x.name, positive=True) for e in exprs for x in e.free_symbols
            if isinstance(x, sp.Symbol) and x.name in pos and x.is_positive is not True}


def _moved_monotone(a, b, sign) -> bool:
    """``sign * (b - a) >= 0`` shown through the context of the one place they differ: down
    the path to it, each node is monotone in the changed argument (a sum; a product whose other
    factors SymPy shows of one sign; a power with a fixed exponent of a base SymPy shows
    nonnegative; log, exp), and the changed parts compare the right way; under a whole power
    n >= 0, the bases compare in absolute value.  ``sqrt((K + ln(3 r))
    / 2n) >= sqrt((K + ln(2 r)) / 2n)`` whatever K is."""
    import sympy as sp

    path = _diff_path(a, b)
    for (p, _), (c, d) in zip(path, path[1:]):
        k = next(i for i, x in enumerate(p.args) if x == c)
        rest = [x for i, x in enumerate(p.args) if i != k]
        if isinstance(p, sp.Pow) and k == 0 and p.exp.is_integer and _nonnegative(p.exp):
            # x^n for a whole n >= 0 grows with |x|: y^n >= x^n once y >= |x| (and y^n <= x^n
            # once |y| <= x), whatever the signs: (1 + eta mu)^t >= (1 - eta mu)^t
            return _nonnegative(sign * (d - c)) and _nonnegative(d + c)
        if isinstance(p, sp.Add) or isinstance(p, (sp.log, sp.exp)):
            continue
        if isinstance(p, sp.Mul):
            other = sp.Mul(*rest)
            if _nonnegative(other):
                continue
            if _nonnegative(-other):
                sign = -sign
                continue
            return False
        if isinstance(p, sp.Pow) and k == 0 and p.exp.is_Rational and p.exp > 0 \
                and p.exp.q % 2 == 0:
            continue  # a root: increasing wherever it is real, as the canonical side is
        if isinstance(p, sp.Pow) and k == 0 and _nonnegative(p.base):
            exp = p.exp
            if _nonnegative(exp):
                continue
            if _nonnegative(-exp) and (p.base.is_positive or p.base.is_positive is None
                                       and _nonnegative(p.base)):
                sign = -sign
                continue
        return False
    x, y = path[-1]
    return x != y and _nonnegative(sign * (y - x))


def _proved(claim, latex: str) -> bool:
    """SymPy proves the mutant itself (a true statement of its own), under the claim's
    declarations, within the checker's symbolic budget."""
    from cheatsheet.verify import symbolic
    from cheatsheet.verify.parsing import parse_cached

    try:
        stmt = parse_cached(latex, claim.declarations, layout=claim.layout)
        ev = symbolic.prove(stmt, SIMPLIFY_SECONDS, claim.declarations)
    except Exception:  # noqa: BLE001 - no proof
        return False
    return ev is not None and ev.verdict == "proved"


def true_under_premises(claim, latex: str) -> bool:
    """The mutant has premises 'A = B' and, with each A replaced by its B in the conclusions,
    every conclusion has SymPy-equal sides under '=' or a non-strict order: whenever the
    premises hold the conclusion does (W^T W = I implies (W^T W) W^T = W^T)."""
    import sympy as sp

    from cheatsheet.verify.parsing import parse_cached

    try:
        mut = parse_cached(latex, claim.declarations, layout=claim.layout)
    except Exception:  # noqa: BLE001
        return False
    if not mut.premises or not mut.relations or any(p.op != "=" for p in mut.premises):
        return False
    for r in mut.relations:
        if r.op not in ("=", "<=", ">="):
            return False
        try:
            sides = [x for x in (r.lhs, r.rhs)]
            for p in mut.premises:
                sides = [x.subs(p.lhs, p.rhs) for x in sides]
            if not _symbolic_equal_pair(sp.sympify(sides[0]).doit(), sp.sympify(sides[1]).doit()):
                return False
        except Exception:  # noqa: BLE001
            return False
    return True


def _tautology(claim, latex: str) -> bool:
    """Every relation of the mutant has SymPy-equal sides under an '=' or a non-strict order
    (``P^{-1} = P^{-1}``, ``P P^{-1} = I``): true whatever its names mean, so whatever the
    claim's check does with them."""
    import sympy as sp

    from cheatsheet.verify.parsing import parse_cached

    try:
        mut = parse_cached(latex, claim.declarations, layout=claim.layout)
    except Exception:  # noqa: BLE001
        return False
    if not mut.relations:
        return False
    for r in mut.relations:
        if r.op not in ("=", "<=", ">="):
            return False
        if r.lhs == r.rhs:
            continue
        try:
            if not _symbolic_equal_pair(sp.sympify(r.lhs).doit(), sp.sympify(r.rhs).doit()):
                return False
        except Exception:  # noqa: BLE001
            return False
    return True


# -- true mutants shown by what they are, without the claim's check ---------------------------

# domains that a sign change maps onto themselves (all reals, all vectors or matrices of a size)
_SYMMETRIC = ("real", "vector", "vectors", "matrix", "square")


def computed_names(claim) -> set:
    """The names the claim's check supplies itself (a run, a minimiser, a law's moments): the
    values its ``extra`` returns or writes, and the functions it sets, on a run of the
    canonical form.  Such a name is not free: a statement about it is not 'for every value'.
    A sampled value the check only steers (moved near a worst case on some trials, left as
    sampled on at least half) is still free: the statement is decided for every value of it."""
    import numpy as np

    from cheatsheet.verify import custom
    from cheatsheet.verify.check import check_version

    if not claim.check:
        return set()
    seen: set = set()
    numeric = custom.CheckContext.numeric

    def watched(self, stmt, **changes):
        extra = changes.get("extra")
        if extra is not None:
            def wrapped(inst):
                before = {k: id(v) for k, v in inst.values.items()}
                sampled = dict(inst.values)
                functions = set(inst.functions)
                out = extra(inst)
                seen.update(k for k, v in (out or {}).items() if not _steered(sampled.get(k), v))
                seen.update(k for k, v in inst.values.items() if before.get(k) != id(v)
                            and not _steered(sampled.get(k), v))
                seen.update(set(inst.functions) - functions)
                return out
            changes["extra"] = wrapped
        return numeric(self, stmt, **changes)

    custom.CheckContext.numeric = watched
    try:
        with np.errstate(all="ignore"):
            check_version(claim, claim.latex, claim.declarations, claim.layout,
                          list(claim.assume), seed=0, key=("computed",), symbolic_first=False,
                          thorough=False)
    except Exception:  # noqa: BLE001 - a check that fails here computes nothing we can see
        return {"*"}
    finally:
        custom.CheckContext.numeric = numeric
    return seen


def _steered(old, new) -> bool:
    """``new`` keeps the sampled value ``old`` on at least half the trials (a check that moves
    a free variable to its worst cases on some trials only)."""
    import numpy as np

    if old is None or new is None:
        return False
    a, b = np.asarray(getattr(old, "arr", old)), np.asarray(getattr(new, "arr", new))
    if a.shape != b.shape or a.ndim == 0 or a.size == 0:
        return False
    kept = np.all((a == b).reshape(a.shape[0], -1), axis=-1)
    return bool(kept.mean() >= 0.5)


def _diff_path(a, b) -> list:
    """The pairs of corresponding subtrees from (a, b) down to where they differ (a single
    differing argument is followed; several, or another node, end the path)."""
    path = [(a, b)]
    while True:
        x, y = path[-1]
        if x == y or x.func != y.func or len(x.args) != len(y.args) or not x.args:
            return path
        diff = [(p, q) for p, q in zip(x.args, y.args) if p != q]
        if len(diff) != 1:
            return path
        path.append(diff[0])


def _free_names(claim, computed) -> list:
    """Declared names that the statement ranges over: not computed by the check, not
    constrained by an assumption, not a size or an index."""
    used = set()
    for cond in claim.assume:
        used |= {w for w in cond.replace("\\", " ").replace("_", " ").split()}
    out = []
    for d in claim.declarations:
        if d.name in computed or "*" in computed or d.domain in ("dim", "index", "natural"):
            continue
        if any(d.name == w or d.name in cond for w in used for cond in claim.assume):
            continue
        out.append(d)
    return out


def _scalars_out(e):
    """``e`` with a number factor of an entrywise product moved in front of it (sigma o (-eps)
    = -(sigma o eps)), which SymPy's doit leaves inside."""
    import sympy as sp

    def pull(x):
        if not isinstance(x, sp.HadamardProduct):
            return None
        coeff, args = sp.Integer(1), []
        for a in x.args:
            if isinstance(a, sp.MatMul) and a.args and a.args[0].is_number:
                coeff *= a.args[0]
                rest = a.args[1:]
                a = rest[0] if len(rest) == 1 else sp.MatMul(*rest)
            args.append(a)
        return coeff * sp.HadamardProduct(*args) if coeff != 1 else None

    return e.replace(lambda x: pull(x) is not None, pull)


def instance_of_canonical(claim, latex: str, computed) -> bool:
    """The mutant is the canonical form with one free name v replaced by g(v), where g maps v's
    domain into itself: -v for a name ranging over all reals (vectors, matrices), a positive
    expression for a positive v (sigma^3 for sigma^2, a constant for a dropped 2 sigma^2).  The
    canonical form holds for every value of v, so it holds at g(v): the mutant is true (a
    sign-symmetric name: the same statement).  SymPy checks the replacement, side by side."""
    import sympy as sp

    from cheatsheet import ops
    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    names = {getattr(a, "name", None): a for r in canon.relations + canon.premises
             for side in (r.lhs, r.rhs) for a in sp.preorder_traversal(side)
             if isinstance(a, (sp.Symbol, sp.MatrixSymbol))}
    sides = [(x, y) for (_, _, la, ra), (_, _, lb, rb) in zip(_sides(canon), _sides(mut))
             for x, y in ((la, lb), (ra, rb)) if x != y]
    if not sides:
        return False

    def negated(a):  # -a written as a product with a -1 factor (or a sum of such), else None
        if isinstance(a, (sp.Mul, sp.MatMul)) and a.args and a.args[0] == -1:
            return a.func(*a.args[1:]) if len(a.args) > 2 else a.args[1]
        if isinstance(a, (sp.Mul, sp.MatMul)):  # X (-w): one factor negated
            for k, f in enumerate(a.args):
                g = negated(f)
                if g is not None:
                    return a.func(*a.args[:k], g, *a.args[k + 1:])
        if isinstance(a, (sp.Add, sp.MatAdd)):
            terms = [negated(t) for t in a.args]
            return None if any(t is None for t in terms) else a.func(*terms)
        return None

    def unsigned(e):  # ||-y|| = ||y||: a norm does not see a sign
        def flip(x):
            rest = negated(x.args[0])
            return None if rest is None else x.func(rest, *x.args[1:])
        return e.replace(lambda x: isinstance(x, ops.Norm) and flip(x) is not None, flip)

    def holds(v, g) -> bool:
        """canonical[v := g] and the mutant have equal sides, by expansion alone (no
        simplify: it may not end, and the substitution leaves nothing for it to find)."""
        try:
            for r, m in zip(canon.relations, mut.relations):
                for side, other in ((r.lhs, m.lhs), (r.rhs, m.rhs)):
                    moved = unsigned(side.xreplace({v: g}))
                    if moved == other:
                        continue
                    d = moved - other  # a matrix difference is collected by doit
                    d = _scalars_out(d).doit() if getattr(d, "is_Matrix", False) \
                        else sp.expand(d)
                    if not (d == 0 or isinstance(d, sp.ZeroMatrix)):
                        return False
        except Exception:  # noqa: BLE001 - v is a variable of an operator (d/d theta): no
            return False
        return True

    for d in _free_names(claim, computed):
        v = names.get(d.name)
        if v is None:
            continue
        if d.domain in _SYMMETRIC and holds(v, -v):
            return True
        if d.domain != "positive" or not isinstance(v, sp.Symbol):
            continue
        for x, y in sides:
            inside = [(p, q) for p, q in _diff_path(x, y) if v in p.free_symbols]
            if not inside:
                continue
            p, q = inside[-1]
            u = sp.Dummy("u", positive=True)
            norms = {n: sp.Dummy("norm", positive=True) for n in p.atoms(ops.Norm) | q.atoms(ops.Norm)}
            p, q = p.xreplace(norms), q.xreplace(norms)  # SymPy cannot solve through a norm
            try:
                with time_limit(SIMPLIFY_SECONDS):
                    sols = sp.solve(sp.Eq(p.xreplace({v: u}), q), u)
            except CheckTimeout:
                continue
            except Exception:  # noqa: BLE001 - SymPy cannot solve it: no instance shown
                continue
            for g in sols if isinstance(sols, list) else ():
                if set(norms.values()) & g.free_symbols:
                    continue  # a scale that depends on the points: no single instance
                if getattr(g, "is_positive", None) is True and holds(v, g):
                    return True
    return False


def _series(rel):
    """(body, index, start, op) of a relation 'sum_{t=a}^oo body = oo' or '< oo', else None."""
    import sympy as sp

    s = rel.lhs
    if not (isinstance(s, sp.Sum) and len(s.limits) == 1 and rel.rhs is sp.oo
            and rel.op in ("=", "<")):
        return None
    t, lo, hi = s.limits[0]
    return (s.function, t, lo, rel.op) if hi is sp.oo and lo.is_Integer else None


def same_convergence(claim, latex: str) -> bool:
    """Each changed relation 'sum_t a_t = oo' (or '< oo') of the mutant is the canonical series
    started at another index, possibly written with a shifted index (alpha_{t-1} from t = 1):
    dropping the first terms never changes whether a series converges, and neither does adding
    terms that are finite numbers (SymPy evaluates each) or finite by being entries of a real
    sequence (a polynomial in named entries, such as alpha_0).  True exactly when the canonical
    form is, whatever the claim's check does with the terms."""
    import sympy as sp

    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    moved = False
    for rc, rm in zip(canon.relations, mut.relations):
        if (rc.lhs, rc.rhs) == (rm.lhs, rm.rhs):
            continue
        c, m = _series(rc), _series(rm)
        if c is None or m is None or c[3] != m[3]:
            return False
        (bc, tc, lc, _), (bm, tm, lm, _) = c, m
        s = sp.Dummy("s", integer=True)
        shift = next((k for k in range(-3, 4)
                      if sp.simplify(bm.xreplace({tm: s - k}) - bc.xreplace({tc: s})) == 0), None)
        if shift is None:
            return False
        start = int(lm) + shift
        for k in range(start, int(lc)):  # terms the mutant adds before the canonical start
            term = bc.xreplace({tc: sp.Integer(k)}).doit()
            names = [a for a in term.free_symbols]
            if term.is_number:
                if term.is_finite is not True:
                    return False
            elif not term.is_polynomial(*names):
                return False
        moved = True
    return moved


def higher_power_series(claim, latex: str) -> bool:
    """Each changed relation 'sum_t a_t^q < oo' of the mutant is the canonical 'sum_t a_t^p <
    oo' over the same range with a higher power q >= p > 0, where a_t^p is |a_t|^p (p an even
    whole number, or a_t declared nonnegative): a summable |a_t|^p tends to 0, so from some t on
    |a_t|^q <= |a_t|^p and sum a_t^q converges too (the comparison test).  The mutant follows
    from the canonical form (sum alpha_t^3 < oo from sum alpha_t^2 < oo)."""
    import sympy as sp

    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    nonneg = {d.name for d in claim.declarations or ()
              if d.domain in ("positive", "nonnegative", "posvector", "probvec", "prob")}
    moved = False
    for rc, rm in zip(canon.relations, mut.relations):
        if (rc.lhs, rc.rhs) == (rm.lhs, rm.rhs):
            continue
        c, m = _series(rc), _series(rm)
        if c is None or m is None or c[3] != "<" or m[3] != "<" or c[1:3] != m[1:3]:
            return False
        (bc, _, _, _), (bm, _, _, _) = c, m
        base, p = bc.as_base_exp()
        base_m, q = bm.as_base_exp()
        if base != base_m or not (p.is_number and q.is_number and p > 0 and q >= p):
            return False
        names = {str(getattr(x, "base", x)) for x in base.atoms(sp.Symbol, sp.Indexed)}
        if not ((p.is_integer and p.is_even) or (names and names <= nonneg)):
            return False
        moved = True
    return moved


def explicit_series_true(claim, latex: str) -> bool:
    """Every relation is 'sum_{t=a}^oo f(t) = oo' (or '< oo') with f a formula of the index
    alone, finite at each term SymPy checks, and SymPy's convergence test agrees with it: a
    true statement of its own (1/t started at 2, t, 1)."""
    import sympy as sp

    from cheatsheet.verify.parsing import parse_cached
    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    try:
        stmt = parse_cached(latex, claim.declarations, layout=claim.layout)
    except Exception:  # noqa: BLE001
        return False
    if not stmt.relations or stmt.premises:
        return False
    for rel in stmt.relations:
        got = _series(rel)
        if got is None:
            return False
        body, t, lo, op = got
        if body.free_symbols - {t}:
            return False
        if any(body.xreplace({t: sp.Integer(k)}).is_finite is not True
               for k in range(int(lo), int(lo) + 64)):
            return False
        try:
            with time_limit(SIMPLIFY_SECONDS):
                conv = sp.Sum(body, (t, lo, sp.oo)).is_convergent()
        except CheckTimeout:
            return False
        except Exception:  # noqa: BLE001
            return False
        if conv not in (sp.true, sp.false, True, False) or bool(conv) != (op == "<"):
            return False
    return True


def same_minimiser(claim, latex: str) -> bool:
    """The mutant changes only the body of an arg min (arg max) from N^a to N^b, N a norm and
    a, b > 0: a positive power of a norm has the same minimisers, so the statements say the
    same (the arg min of ||y - Xw||^3 is that of ||y - Xw||^2)."""
    import sympy as sp

    from cheatsheet import ops
    from cheatsheet.latex import ArgExtremum

    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    found = False
    for (_, _, la, ra), (_, _, lb, rb) in zip(_sides(canon), _sides(mut)):
        for x, y in ((la, lb), (ra, rb)):
            if x == y:
                continue
            path = _diff_path(x, y)
            host = next((k for k, (p, _) in enumerate(path)
                         if isinstance(p, (ArgExtremum, ops.MatApply))
                         and str(p.args[0] if isinstance(p, ops.MatApply) else p.args[2])
                         in ("argmin", "argmax", "min", "max")), None)
            if host is None or host + 1 >= len(path):
                return False
            p, q = path[host + 1]  # the bodies

            def power(e):
                if isinstance(e, ops.Norm):
                    return e, sp.Integer(1)
                if isinstance(e, sp.Pow) and isinstance(e.base, ops.Norm) and e.exp.is_number:
                    return e.base, e.exp
                return None, None
            (nb, a), (nq, b) = power(p), power(q)
            if nb is None or nb != nq or not (a > 0 and b > 0):
                return False
            found = True
    return found


def score_claim(claim_id: str) -> dict:
    import numpy as np

    from cheatsheet.catalog import get_catalog
    from cheatsheet.latex import LatexError, parse
    from cheatsheet.quiz.mutate import mutations
    from cheatsheet.verify.check import check_version

    warnings.simplefilter("ignore")
    claim = get_catalog()[claim_id]
    out = {"claim": claim.id, "topic": claim.topic, "check": claim.check or "",
           "killed": 0, "equivalent": 0, "unreadable": 0, "true": [], "update": [],
           "survivors": []}
    start = time.perf_counter()
    computed = []

    def free():  # the check's own names, found once per claim when first needed
        if not computed:
            computed.append(computed_names(claim))
        return computed[0]

    for k, m in enumerate(mutations(claim.latex)):
        try:
            parse(m.latex, claim.declarations, layout=claim.layout)
        except LatexError as exc:
            if type(exc).__name__ != "LatexShapeError":  # ill-formed sizes: the check refutes
                out["unreadable"] += 1
                continue
        except Exception:  # noqa: BLE001 - the reader tripping over a mutant is not a verdict
            out["unreadable"] += 1
            continue
        try:
            with np.errstate(all="ignore"):
                ev = check_version(claim, m.latex, claim.declarations, claim.layout,
                                   list(claim.assume), seed=0, key=("mutant", k),
                                   symbolic_first=False, thorough=False)
            verdict, detail = ev.verdict, ev.detail or ""
        except Exception as exc:  # noqa: BLE001 - a checker crash is reported, not fatal
            verdict, detail = "crash", f"{type(exc).__name__}: {exc}"
        if verdict == "refuted" and ev.counterexample:
            out["killed"] += 1
            continue
        how = equivalent(claim, m.latex)
        if how:
            out["equivalent"] += 1
            continue
        if verdict == "undecided" and update_reading(claim, m.latex):
            out["update"].append(m.latex)
            continue
        if verdict in ("proved", "passed") and (
                implied(claim, m.latex) or _tautology(claim, m.latex)
                or (not claim.check and _proved(claim, m.latex))
                or same_convergence(claim, m.latex) or explicit_series_true(claim, m.latex)
                or higher_power_series(claim, m.latex)
                or same_minimiser(claim, m.latex) or true_under_premises(claim, m.latex)
                or instance_of_canonical(claim, m.latex, free())):
            out["true"].append(m.latex)
            continue
        out["survivors"].append({"latex": m.latex, "what": m.what, "verdict": verdict,
                                 "detail": detail[:160]})
    out["seconds"] = round(time.perf_counter() - start, 2)
    return out


def _report(results, show_all: bool, seconds: float) -> str:
    lines = []
    killed = sum(r["killed"] for r in results)
    surv = sum(len(r["survivors"]) for r in results)
    eq = sum(r["equivalent"] for r in results)
    unread = sum(r["unreadable"] for r in results)
    true = sum(len(r["true"]) for r in results)
    update = sum(len(r["update"]) for r in results)
    for r in sorted(results, key=lambda r: (-len(r["survivors"]), r["claim"])):
        if not r["survivors"] and not show_all:
            continue
        lines.append(f"{r['claim']}  ({r['check'] or 'symbolic/numeric'}): "
                     f"{r['killed']} killed, {r['equivalent']} equivalent, "
                     f"{len(r['survivors'])} surviving")
        for s in r["survivors"]:
            lines.append(f"    {s['what']:<9} {s['verdict']:<9} {s['latex']}")
    total = killed + surv
    pct = 100.0 * killed / total if total else 100.0
    lines.append("")
    lines.append(f"claims: {len(results)}   mutants: {killed + surv + eq + unread + true + update}"
                 f"   killed: {killed}   equivalent: {eq}   true (proved): {true}")
    lines.append(f"assignments that read as the canonical update: {update}   "
                 f"unreadable: {unread}")
    lines.append(f"survivors: {surv} in {sum(1 for r in results if r['survivors'])} claim(s)   "
                 f"mutation score: {pct:.1f}% ({killed}/{total})   [{seconds:.0f} s]")
    said = Counter(s["verdict"] for r in results for s in r["survivors"])
    if said:
        lines.append("survivors by what the check said: "
                     + ", ".join(f"{v} {n}" for v, n in said.most_common()))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topic", action="append", default=[], metavar="T")
    ap.add_argument("--claim", action="append", default=[], metavar="ID")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="J")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args(argv)
    sys.path.insert(0, ROOT)
    from cheatsheet.catalog import get_catalog

    claims = _selected(get_catalog(), args.topic + args.claim)
    if not claims:
        topics = sorted({c.topic for c in get_catalog()})
        print("no claim matches " + ", ".join(args.topic + args.claim)
              + "; topics: " + ", ".join(topics), file=sys.stderr)
        return 2
    start = time.perf_counter()
    ids = [c.id for c in claims]
    if args.jobs > 1 and len(ids) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(score_claim, ids, chunksize=1))
    else:
        results = [score_claim(i) for i in ids]
    seconds = time.perf_counter() - start
    if args.json:
        killed = sum(r["killed"] for r in results)
        surv = sum(len(r["survivors"]) for r in results)
        print(json.dumps({"claims": results, "killed": killed, "survivors": surv,
                          "equivalent": sum(r["equivalent"] for r in results),
                          "unreadable": sum(r["unreadable"] for r in results),
                          "true": sum(len(r["true"]) for r in results),
                          "update": sum(len(r["update"]) for r in results),
                          "score": killed / (killed + surv) if killed + surv else 1.0},
                         indent=1))
    else:
        print(_report(results, args.all, seconds))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
