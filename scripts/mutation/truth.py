"""Mutants shown true without the claim's check: implied by the canonical form (a side moved
the loose way), proved by SymPy, true under their own premises, or tautologies."""
from __future__ import annotations

from .forms import (SIMPLIFY_SECONDS, _comparable, _diff_path, _sides, _symbolic_equal_pair,
                    changed_relations, opaque_derivative)


_LOOSER = {"<=": (-1, 1), "<": (-1, 1), ">=": (1, -1), ">": (1, -1)}


def _nonnegative(d) -> bool:
    """SymPy shows d >= 0 from the symbols' declared assumptions (within the budget)."""
    import sympy as sp

    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    from cheatsheet import ops

    if opaque_derivative(d):
        return False
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
    # a positive whole number starts at 1 (sqrt(2n) >= 1 for n >= 1, not at n = 0)
    return sp.Intersection(neg, sp.Naturals if n.is_positive else sp.Naturals0) == sp.EmptySet


def implied(claim, latex: str) -> bool:
    """The mutant follows from the canonical form by SymPy alone: each of its inequalities is
    the canonical one with a side moved the loose way (the left side of a <= no larger, the
    right side no smaller: ``2 a >= b`` after ``a >= b`` for a >= 0), every other side the same.
    True whenever the canonical form is, independently of the claim's check."""
    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    return _implies(claim, _sides(canon), _sides(mut))


def _implies(claim, sides_c, sides_m) -> bool:
    """Each relation of ``sides_m`` is the one of ``sides_c`` or it with a side moved the
    loose way (SymPy signs the change), and at least one is moved."""
    moved = False
    for (_, op, la, ra), (_, _, lb, rb) in zip(sides_c, sides_m):
        if (la, ra) == (lb, rb):
            continue
        if op not in _LOOSER or getattr(la, "is_Matrix", False) or la.is_Matrix is True:
            return False
        left, right = _LOOSER[op]  # the sign of (mutant side - canonical side) that loosens
        signs = _interval_signs(claim.declarations, (la, ra, lb, rb))
        la, ra, lb, rb = (x.xreplace(signs) for x in (la, ra, lb, rb))
        la, ra, lb, rb = _under_assumptions(claim, (la, ra, lb, rb), signs)
        for a, b, sign in ((la, lb, left), (ra, rb, right)):
            if a != b and not (_nonnegative(sign * (b - a)) or _moved_monotone(a, b, sign)
                               or _factors_grow(a, b, sign) or _scaled(a, b, sign)):
                return False
        moved = True
    return moved


def _lone(e) -> bool:
    """A term a premise can be solved for: a name, a norm, an expectation, a function's value
    (anything but a sum, product, power or number)."""
    import sympy as sp

    return not e.is_number and not isinstance(e, (sp.Add, sp.Mul, sp.Pow))


def _under_assumptions(claim, exprs, signs: dict) -> tuple:
    """``exprs`` with the claim's declared premises (``assume``) built in, so that SymPy's sign
    rules see them: a premise ``X <= Y`` (``<``) with X a lone term becomes X = Y / (1 + d)
    when X is positive, else X = Y - d, and ``X >= Y`` becomes X = Y + d, for a fresh d >= 0
    (> 0); with X lone on neither side, Y is solved for the same way.  ``mu <= L`` makes
    1 - mu/L a number in [0, 1), ``E[R] >= 0`` makes 3 E[R] >= 2 E[R].  Each premise is also
    built into the later ones.  Premises that are equations or have no lone side are left out
    (they only narrow the instances)."""
    import sympy as sp

    from cheatsheet.verify.parsing import parse_cached

    premises = []
    for text in claim.assume:
        try:
            stmt = parse_cached(text, claim.declarations, layout=claim.layout)
        except Exception:  # noqa: BLE001 - a premise the reader cannot read proves nothing
            continue
        premises += [r for r in stmt.relations if getattr(r, "op", None) in ("<", "<=", ">", ">=")]
    exprs = tuple(exprs)
    done = []
    for r in premises:
        try:
            small, big = (r.lhs, r.rhs) if r.op in ("<", "<=") else (r.rhs, r.lhs)
            small, big = (sp.sympify(x).xreplace(signs) for x in (small, big))
            for old, new in done:
                small, big = small.xreplace({old: new}), big.xreplace({old: new})
            if getattr(small, "is_Matrix", False) or getattr(big, "is_Matrix", False):
                continue
            d = sp.Dummy("d", positive=True) if r.op in ("<", ">") else \
                sp.Dummy("d", nonnegative=True)
            if _lone(small) and not big.has(small):
                rule = (small, big / (1 + d) if small.is_positive else big - d)
            elif _lone(big) and not small.has(big):
                rule = (big, small + d)
            else:
                continue
        except Exception:  # noqa: BLE001 - a premise SymPy cannot form proves nothing
            continue
        done.append(rule)
        exprs = tuple(x.xreplace({rule[0]: rule[1]}) for x in exprs)
    return exprs


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
        if isinstance(p, sp.Pow) and k == 1 and _nonnegative(p.base):
            # b^e with 0 <= b <= 1 falls as e grows, with b >= 1 it grows: (1 - mu/L)^{-k}
            # >= (1 - mu/L)^k once mu <= L
            if _nonnegative(1 - p.base):
                sign = -sign
                continue
            if _nonnegative(p.base - 1):
                continue
            return False
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


def _sum_body(e):
    """The body of nested sums (sum_i sum_j body), or None when e is no sum."""
    import sympy as sp

    if not isinstance(e, sp.Sum):
        return None
    while isinstance(e, sp.Sum):
        e = e.function
    return e


def nonnegative_sum(claim, latex: str) -> bool:
    """Each relation the mutant changes states 'sum ... >= 0' (or '0 <= sum ...') of sums whose
    every term SymPy shows nonnegative (c_j c_j exp(-|x_i - x_j|^2): a square times a
    positive number), so it holds whatever the names mean; the others are the canonical ones."""
    changed = changed_relations(claim, latex, ops=True)
    return bool(changed) and all(_nonnegative_sum_stated(rm) for _, rm in changed)


def _nonnegative_sum_stated(rm) -> bool:
    side = rm.lhs if rm.op == ">=" and rm.rhs == 0 else \
        rm.rhs if rm.op == "<=" and rm.lhs == 0 else None
    body = _sum_body(side) if side is not None else None
    return body is not None and (_nonnegative(body) or _square_of_sum(side))


def _square_of_sum(side) -> bool:
    """``side`` is sum_i sum_j F(i) F(j) k over one range for both, k >= 0 free of i and j:
    k (sum_i F(i))^2 >= 0 (c_i c_j exp(-|x_j - x_j|^2 / 2 s^2), the kernel at a point and
    itself: the Gram form of a constant kernel).  A difference of a matrix from itself is
    taken as zero first."""
    import sympy as sp

    from cheatsheet import ops

    if not isinstance(side, sp.Sum) or len(side.limits) != 2:
        return False
    (j, lo1, hi1), (i, lo2, hi2) = side.limits
    if (lo1, hi1) != (lo2, hi2) or i == j:
        return False
    body = side.function.replace(lambda e: isinstance(e, sp.MatAdd), lambda e: e.doit())
    body = body.replace(lambda e: isinstance(e, ops.Norm) and e.args
                        and (e.args[0] == 0 or isinstance(e.args[0], sp.ZeroMatrix)),
                        lambda e: sp.Integer(0))
    fi, fj, rest = [], [], []
    for f in sp.Mul.make_args(body):
        has_i, has_j = i in f.free_symbols, j in f.free_symbols
        if has_i and has_j:
            return False
        (fi if has_i else fj if has_j else rest).append(f)
    return (sp.Mul(*fi).xreplace({i: j}) == sp.Mul(*fj) and bool(fi)
            and _nonnegative(sp.Mul(*rest)))


def _shift_name(name: str, s: str, d: int) -> str:
    """``w_t`` -> ``w_t-1`` for t -> t - 1 (``w_t+1`` -> ``w_t``); other names unchanged."""
    import re

    base, sep, sub = name.partition("_")
    m = re.fullmatch(re.escape(s) + r"([+-]\d+)?", sub) if sep else None
    if not m:
        return name
    k = int(m.group(1) or 0) + d
    return f"{base}_{s}" + (f"{k:+d}" if k else "")


def _shifted(e, s, d: int):
    """``e`` at s + d: the symbol s moved, and every name whose subscript is s (plus or minus
    a whole number) moved with it, as the family it names (x_t, x_{t-1}, ...)."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    def one(a):
        if isinstance(a, sp.Symbol) and a.name != s.name:
            new = _shift_name(a.name, s.name, d)
            return sp.Symbol(new, **a.assumptions0) if new != a.name else None
        if isinstance(a, sp.MatrixSymbol):
            new = _shift_name(a.name, s.name, d)
            return sp.MatrixSymbol(new, *a.shape) if new != a.name else None
        if isinstance(a, AppliedUndef):
            new = _shift_name(type(a).__name__, s.name, d)
            return sp.Function(new)(*a.args) if new != type(a).__name__ else None
        return None

    e = e.replace(lambda a: one(a) is not None, one)
    return e.xreplace({s: s + d})


def _as_named(e):
    """``e`` with each vector or matrix given to a function written as a plain name: the
    reader types a declared x_t as a vector and the undeclared x_{t+1} as a number, and f of
    either is f of that name."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    def one(a):
        args = [sp.Symbol(x.name, real=True) if isinstance(x, sp.MatrixSymbol) else x
                for x in a.args]
        return a.func(*args) if args != list(a.args) else None

    return e.replace(lambda a: isinstance(a, AppliedUndef) and one(a) is not None, one)


def _declared_subscripts(claim, sides, seen: set) -> list:
    """Whole-number parameters the claim declares that occur only as the subscript of a name
    (Var(x_t) = ... with t declared: the statement is made for every t, so x_{t-1} is an
    instance of it; a claim that states its process stationary says so by declaring the time
    free).  Undeclared subscripts are never taken: x_t alone may name one fixed iterate."""
    import sympy as sp

    from cheatsheet.verify.scope import family

    subs = set()
    for _, _, l, r in sides:
        for e in (l, r):
            for x in e.atoms(sp.Symbol, sp.MatrixSymbol):
                subs.add(family(x.name)[1])
    out = []
    for d in claim.declarations:
        if d.name in seen or d.name not in subs or d.domain not in ("integer", "natural",
                                                                     "count"):
            continue
        out.append(sp.Symbol(d.name, integer=True))
    return out


def shifted_instance(claim, latex: str) -> bool:
    """The mutant follows from the canonical form at a neighbouring value of a whole-number
    parameter: the canonical form at t - 1 (w_t read as w_{t-1}, sqrt(t) as sqrt(t - 1)) with
    a side then moved the loose way (``||w_{t-1}|| <= R sqrt(t)`` from ``||w_t|| <= R sqrt(t)``
    at t - 1, since sqrt(t - 1) <= sqrt(t)).  Where t - 1 leaves the domain the mutant names an
    iterate that does not exist.  True whenever the canonical form is, without its check."""
    import sympy as sp

    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    sides_c, sides_m = _sides(canon), _sides(mut)
    sides_m = [(k, op, _as_named(l), _as_named(r)) for k, op, l, r in sides_m]
    ints = sorted({x for _, _, l, r in sides_c for e in (l, r) for x in e.free_symbols
                   if isinstance(x, sp.Symbol) and x.is_integer and not x.is_Dummy}, key=str)
    ints += _declared_subscripts(claim, sides_c, {x.name for x in ints})
    for sym in ints:
        for d in (-1, 1):
            try:
                moved = [(k, op, _as_named(_shifted(l, sym, d)), _as_named(_shifted(r, sym, d)))
                         for k, op, l, r in sides_c]
            except Exception:  # noqa: BLE001 - a form SymPy cannot rewrite shows nothing
                continue
            if moved != sides_c and (moved == sides_m or _implies(claim, moved, sides_m)):
                return True
    return False


def _nonnegative_factor(f) -> bool:
    """f >= 0: SymPy says so, or f is a sum of terms SymPy shows nonnegative."""
    import sympy as sp

    if isinstance(f, sp.Sum):
        return _nonnegative(f.function)
    return _nonnegative(f)


def _sum_grows(a, b) -> bool:
    """b >= a for sums of one nonnegative body whose range in b holds the range in a:
    sum_{i=1}^{n} x_i^2 >= sum_{i=1}^{n-1} x_i^2."""
    import sympy as sp

    if not (isinstance(a, sp.Sum) and isinstance(b, sp.Sum)) or len(a.limits) != 1 \
            or len(b.limits) != 1 or a.function != b.function:
        return False
    (i, lo_a, hi_a), (k, lo_b, hi_b) = a.limits[0], b.limits[0]
    return i == k and _nonnegative(a.function) and _nonnegative(lo_a - lo_b) \
        and _nonnegative(hi_b - hi_a)


def _factors_grow(a, b, sign) -> bool:
    """``sign * (b - a) >= 0`` for two products of as many nonnegative factors, each factor of
    b equal to or (by ``_sum_grows`` or SymPy) on the ``sign`` side of the one of a:
    (sum_1^n x^2)(sum_1^n y^2) >= (sum_1^{n-1} x^2)(sum_1^{n-1} y^2)."""
    import sympy as sp

    if not (isinstance(a, sp.Mul) and isinstance(b, sp.Mul)) or len(a.args) != len(b.args):
        return False
    rest_a = list(a.args)
    for fb in b.args:
        if fb in rest_a:
            rest_a.remove(fb)
            continue
        match = next((fa for fa in rest_a if _nonnegative_factor(fa) and _nonnegative_factor(fb)
                      and (_sum_grows(fa, fb) if sign > 0 else _sum_grows(fb, fa))), None)
        if match is None:
            return False
        rest_a.remove(match)
    return not rest_a and all(_nonnegative_factor(f) for f in b.args)


def _root_or_nonnegative(e) -> bool:
    """e >= 0 wherever it is real: a product of factors SymPy shows nonnegative and of roots
    (an even root is nonnegative wherever it is real, as the canonical side is)."""
    import sympy as sp

    def one(f):
        if isinstance(f, sp.Pow) and f.exp.is_Rational and f.exp > 0 and f.exp.q % 2 == 0:
            return True
        return _nonnegative(f)

    return all(one(f) for f in sp.Mul.make_args(e))


def _scaled(a, b, sign) -> bool:
    """``sign * (b - a) >= 0`` for b = q a with a >= 0 (``_root_or_nonnegative``) and
    ``sign * (q - 1) >= 0``, q a factor SymPy finds by division: sqrt(X) >= sqrt(X / 2n) for
    every whole n >= 1 whatever X >= 0 is (the factor sqrt(2n) >= 1)."""
    import sympy as sp

    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    if opaque_derivative(a) or opaque_derivative(b) or a == 0:
        return False
    try:
        with time_limit(SIMPLIFY_SECONDS):
            q = sp.simplify(b / a)
    except CheckTimeout:
        return False
    except Exception:  # noqa: BLE001 - a ratio SymPy cannot form proves nothing
        return False
    if q.free_symbols - a.free_symbols or q.has(sp.zoo, sp.nan, sp.oo):
        return False  # a factor in a name the canonical side does not use proves nothing
    return _root_or_nonnegative(a) and (_past_one(q, sign) or _nonnegative(sign * (q - 1)))


def _past_one(q, sign) -> bool:
    """q >= 1 (sign > 0) or 0 < q <= 1 (sign < 0) factor by factor, without SymPy's solvers: each
    factor a number on that side of 1, or a positive whole number (>= 1) to a power of that
    sign: sqrt(2) n^{1/2} >= 1 for n >= 1."""
    import sympy as sp

    def one(f):
        base, exp = f.as_base_exp()
        return (isinstance(base, sp.Symbol) and base.is_integer and base.is_positive
                and exp.is_number and bool((sign * exp).is_nonnegative))

    factors = sp.Mul.make_args(q)
    c = sp.Mul(*[f for f in factors if f.is_number])  # the numbers together: sqrt(2) / 2
    return (bool(c.is_positive) and bool((sign * (c - 1)).is_nonnegative)
            and all(one(f) for f in factors if not f.is_number))
