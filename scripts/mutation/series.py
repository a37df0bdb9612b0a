"""Mutants true for what they say of a series or a minimiser: the same convergence from
another start, a higher power of a square-summable sequence, an explicit series SymPy sums,
the same arg min."""
from __future__ import annotations

from .forms import SIMPLIFY_SECONDS, _comparable, _diff_path, _sides, changed_relations


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
    changed = changed_relations(claim, latex)
    return bool(changed) and all(_started_elsewhere(rc, rm) for rc, rm in changed)


def _started_elsewhere(rc, rm) -> bool:
    """The mutant's series is the canonical one started at another index, the terms it adds
    finite."""
    import sympy as sp

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
    return True


def higher_power_series(claim, latex: str) -> bool:
    """Each changed relation 'sum_t a_t^q < oo' of the mutant is the canonical 'sum_t a_t^p <
    oo' over the same range with a higher power q >= p > 0, where a_t^p is |a_t|^p (p an even
    whole number, or a_t declared nonnegative): a summable |a_t|^p tends to 0, so from some t on
    |a_t|^q <= |a_t|^p and sum a_t^q converges too (the comparison test).  The mutant follows
    from the canonical form (sum alpha_t^3 < oo from sum alpha_t^2 < oo)."""
    nonneg = {d.name for d in claim.declarations or ()
              if d.domain in ("positive", "nonnegative", "posvector", "probvec", "prob")}
    changed = changed_relations(claim, latex)
    return bool(changed) and all(_higher_power(rc, rm, nonneg) for rc, rm in changed)


def _higher_power(rc, rm, nonneg: set) -> bool:
    """The mutant's convergent series is the canonical one's with a higher power of
    |a_t|."""
    import sympy as sp

    c, m = _series(rc), _series(rm)
    if c is None or m is None or c[3] != "<" or m[3] != "<" or c[1:3] != m[1:3]:
        return False
    (bc, _, _, _), (bm, _, _, _) = c, m
    base, p = bc.as_base_exp()
    base_m, q = bm.as_base_exp()
    if base != base_m or not (p.is_number and q.is_number and p > 0 and q >= p):
        return False
    names = {str(getattr(x, "base", x)) for x in base.atoms(sp.Symbol, sp.Indexed)}
    return bool((p.is_integer and p.is_even) or (names and names <= nonneg))


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
