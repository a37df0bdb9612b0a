"""Mutants shown true by a norm bound: the spectral norm of a product is at most the product of
its factors' norms (submultiplicativity), a transpose has the same spectral norm, and a
diagonal matrix diag(x) has norm max |x_i|, bounded by a declared premise ``\\|x\\|_\\infty <= c``.

A bound on an RNN's product of step Jacobians with the transpose dropped, or with one factor
more or fewer, is a different statement from the canonical one, but a true one: it follows from
these three facts (and the claim's declared premises), whatever the claim's check computes.  The
argument is symbolic: the norm of the product is replaced by its bound ``||W||^count`` (count the
number of factors, shown >= 0 from declared order premises of whole numbers such as t < s), and
SymPy must show the relation with the bound in its place, under the form's own premises.  Where
the bound is on the side a premise needs large (``||prod|| > 1 implies ||W|| > 1``) the
contrapositive is shown: with the conclusion false, the premise is false.
"""
from __future__ import annotations

_STRICT = {"<": True, "<=": False, ">": True, ">=": False}
_FLIP = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def _op_name(e) -> str:
    head = e.args[0] if e.args else None
    return getattr(head, "name", "")


def _bound(e, bounds: dict):
    """An upper bound of the spectral norm of the matrix expression ``e`` in norms of its
    declared matrices and the premises' bounds, or None where no rule applies."""
    import sympy as sp

    from cheatsheet import ops

    if isinstance(e, sp.MatrixSymbol):
        return ops.Norm(e, 2)
    if isinstance(e, sp.Transpose):
        return _bound(e.arg, bounds)
    if isinstance(e, sp.MatMul):
        out = sp.Integer(1)
        for a in e.args:
            b = sp.Abs(a) if not getattr(a, "is_Matrix", False) else _bound(a, bounds)
            if b is None:
                return None
            out *= b
        return out
    if type(e).__name__ == "MatApply" and _op_name(e) == "diag":
        return bounds.get(e.args[3])  # max |x_i| <= the declared bound of ||x||_inf
    if type(e).__name__ == "MatApply" and _op_name(e) == "prod" and len(e.args) == 7:
        body, var, lo, hi = e.args[3:7]
        b = _bound(body, bounds)
        if b is None or b.has(var):
            return None
        return ("prod", b, hi - lo + 1)  # b ** count, once count >= 0 is shown
    return None


def _norm_bound(e, bounds: dict, counts: list):
    """``e`` with each spectral norm of a product it can bound replaced by its bound (the counts
    of factors collected in ``counts``); None if no norm was replaced."""
    from cheatsheet import ops

    done = []

    def walk(x):
        if isinstance(x, ops.Norm) and x.args[1] == 2 and getattr(x.args[0], "is_Matrix", False) \
                and not isinstance(x.args[0], __import__("sympy").MatrixSymbol):
            b = _bound(x.args[0], bounds)
            if isinstance(b, tuple):
                counts.append(b[2])
                b = b[1] ** b[2]
            if b is not None:
                done.append(x)
                return b
        if not x.args or getattr(x, "is_Matrix", False):
            return x
        args = [walk(a) for a in x.args]
        return x if all(a is b for a, b in zip(args, x.args)) else x.func(*args)

    out = walk(e)
    return out if done else None


def _premise_facts(claim):
    """From the declared premises: {x: c} for each ``||x||_inf <= c`` and the substitutions
    of the order premises between whole numbers (t < s as s = t + 1 + k, k >= 0 whole)."""
    import sympy as sp

    from cheatsheet import ops
    from cheatsheet.verify.parsing import parse_cached

    bounds, order = {}, {}
    for text in claim.assume:
        try:
            rels = parse_cached(text, claim.declarations, layout=claim.layout).relations
        except Exception:  # noqa: BLE001 - a premise the reader cannot read proves nothing
            continue
        for r in rels:
            if r.op in (">", ">="):
                small, big, op = r.rhs, r.lhs, {">": "<", ">=": "<="}[r.op]
            else:
                small, big, op = r.lhs, r.rhs, r.op
            if op not in ("<", "<="):
                continue
            if isinstance(small, ops.Norm) and small.args[1] == sp.oo and big.is_number \
                    and big >= 0:
                bounds[small.args[0]] = big
            elif isinstance(small, sp.Symbol) and isinstance(big, sp.Symbol) \
                    and small.is_integer and big.is_integer and big not in order:
                k = sp.Dummy("k", integer=True, nonnegative=True)
                order[big] = small + k + (1 if op == "<" else 0)
    return bounds, order


def _holds(diff, strict: bool, facts: list, order: dict) -> bool:
    """SymPy shows diff >= 0 (> 0 when strict) with every spectral norm of a declared matrix a
    positive number and the relations of ``facts`` between such a norm and a number built in
    (n < c as n = c / (1 + d), n > c as n = c + d, d > 0; non-strict with d >= 0)."""
    import sympy as sp

    from cheatsheet import ops
    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    from .forms import SIMPLIFY_SECONDS

    names = set(diff.atoms(ops.Norm)).union(*(sp.sympify(x).atoms(ops.Norm)
                                               for lhs, _, rhs in facts for x in (lhs, rhs)))
    norms = {x: sp.Dummy("norm", positive=True) for x in names
             if isinstance(x.args[0], sp.MatrixSymbol)}
    diff = diff.xreplace(order)
    for lhs, op, rhs in facts:
        lhs, rhs = (sp.sympify(x).xreplace(order) for x in (lhs, rhs))
        if op in (">", ">="):
            lhs, rhs, op = rhs, lhs, {">": "<", ">=": "<="}[op]
        d = sp.Dummy("d", positive=True) if op == "<" else sp.Dummy("d", nonnegative=True)
        if lhs in norms and rhs.is_number and rhs > 0:
            diff = diff.xreplace({lhs: rhs / (1 + d)})
        elif rhs in norms and lhs.is_number and lhs >= 0:
            diff = diff.xreplace({rhs: lhs + d})
        else:
            return False
    diff = diff.xreplace(norms)
    if diff.atoms(ops.Norm):
        return False
    try:
        with time_limit(SIMPLIFY_SECONDS):
            unit = _unit_powers(diff)
            for form in (diff, sp.simplify(diff), sp.factor(diff), sp.factor(unit)):
                if (form.is_positive if strict else form.is_nonnegative) is True:
                    return True
    except CheckTimeout:
        return False
    except Exception:  # noqa: BLE001 - a form SymPy cannot sign proves nothing
        return False
    return False


def _unit_powers(e):
    """``e`` with each power SymPy shows to lie in (0, 1] (a base >= 1 to an exponent <= 0, a
    base in (0, 1] to one >= 0) as a fresh number in (0, 1]: if the form is signed for every
    such number it is for the power's value (1 - ||W||^c >= 0 with ||W|| <= 1, c >= 0)."""
    import sympy as sp

    def unit(p):
        b, x = p.base, p.exp
        return ((b - 1).is_nonnegative and x.is_nonpositive) or \
            (b.is_positive and (1 - b).is_nonnegative and x.is_nonnegative)

    return e.xreplace({p: 1 / (1 + sp.Dummy("u", nonnegative=True))
                       for p in e.atoms(sp.Pow) if unit(p)})


def _counts_ok(counts: list, order: dict) -> bool:
    """Every product has a count of factors that is a whole number >= 0 under the premises (an
    empty product is the identity, whose norm 1 no power of ||W|| need bound)."""
    return all(c.xreplace(order).is_nonnegative is True for c in counts)


def norm_bound_true(claim, latex: str) -> bool:
    """The mutant holds by the norm bounds above: each relation that writes the spectral norm of
    a product holds with the norm's bound in its place (SymPy, under the form's premises), every
    other relation is one of the canonical form's (with the same premises); or, where the
    bounded norm is in the one premise and the conclusion is one relation, the conclusion's
    negation makes the premise false."""
    from cheatsheet.verify.parsing import parse_cached

    try:
        mut = parse_cached(latex, claim.declarations, layout=claim.layout)
        canon = claim.statement
    except Exception:  # noqa: BLE001
        return False
    if not mut.relations:
        return False
    bounds, order = _premise_facts(claim)
    if not bounds:
        return False
    facts = [(p.lhs, p.op, p.rhs) for p in mut.premises]
    shown = False
    for r in mut.relations:
        counts: list = []
        if r.op in ("<", "<="):
            small = _norm_bound(r.lhs, bounds, counts)
            if small is not None and _norm_bound(r.rhs, bounds, []) is None:
                if not (_counts_ok(counts, order)
                        and _holds(r.rhs - small, _STRICT[r.op], facts, order)):
                    return False
                shown = True
                continue
        if _norm_bound(r.lhs, bounds, []) is not None or _norm_bound(r.rhs, bounds, []) is not None:
            return False
        if mut.premises != canon.premises or (r.lhs, r.op, r.rhs) not in \
                {(c.lhs, c.op, c.rhs) for c in canon.relations}:
            if shown or len(mut.relations) != 1:
                return False
            return _contrapositive(mut, bounds, order)
    return shown


def _contrapositive(mut, bounds: dict, order: dict) -> bool:
    """One premise ``||prod|| > c`` (or >=) and one conclusion: with the conclusion negated, the
    premise's bounded side is at most (below) c."""
    if len(mut.premises) != 1 or len(mut.relations) != 1:
        return False
    p, r = mut.premises[0], mut.relations[0]
    if r.op not in _FLIP or p.op not in (">", ">="):
        return False
    counts: list = []
    big = _norm_bound(p.lhs, bounds, counts)
    if big is None or _norm_bound(p.rhs, bounds, []) is not None or not _counts_ok(counts, order):
        return False
    # not (big > c) is big <= c; not (big >= c) is big < c
    return _holds(p.rhs - big, p.op == ">=", [(r.lhs, _FLIP[r.op], r.rhs)], order)
