"""Comparing a mutant with its claim's canonical form: the relations side by side, SymPy
equality of two sides within a time budget, and where two expressions differ."""
from __future__ import annotations

EQUIV_TRIALS = 24
SIMPLIFY_SECONDS = 2.0


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


def changed_relations(claim, latex: str, ops: bool = False) -> list | None:
    """The (canonical, mutant) relation pairs the mutant changes (their sides; with ``ops``
    their relation too), or None when the two forms do not compare one for one."""
    pair = _comparable(claim, latex)
    if pair is None:
        return None
    canon, mut = pair
    key = (lambda r: (r.lhs, r.op, r.rhs)) if ops else (lambda r: (r.lhs, r.rhs))
    return [(rc, rm) for rc, rm in zip(canon.relations, mut.relations) if key(rc) != key(rm)]


def opaque_derivative(e) -> bool:
    """e differentiates a quantity by a variable it is not written in terms of (dy_hat_t/dz_t,
    y_hat and z plain names): the formula means a dependence only the claim's model knows, and
    SymPy takes such a derivative as 0, so that two forms differing anywhere inside it come out
    equal (every mutant of the RNN chain rule's right side, which SymPy reads as 0).  SymPy's
    comparison of such a side shows nothing."""
    import sympy as sp

    if not isinstance(e, sp.Basic):
        return False
    return any(isinstance(d, sp.Derivative) and any(not d.expr.has(v) for v in d.variables)
               for d in sp.preorder_traversal(e))


def _same(x, y) -> bool:
    return x == y or _symbolic_equal_pair(x, y)


def _symbolic_equal_pair(x, y) -> bool:
    import sympy as sp

    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    if x == y:
        return True
    if opaque_derivative(x) or opaque_derivative(y):
        return False
    try:
        with time_limit(SIMPLIFY_SECONDS):
            d = sp.simplify(x - y)
            return d == 0 or isinstance(d, sp.ZeroMatrix)
    except CheckTimeout:
        return False
    except Exception:  # noqa: BLE001 - a difference SymPy cannot form proves nothing
        return False


def _named_atoms(e) -> list:
    import sympy as sp

    return sorted({a for a in sp.preorder_traversal(e)
                   if isinstance(a, (sp.Symbol, sp.MatrixSymbol))}, key=str)


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
