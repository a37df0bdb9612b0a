"""The law check: ``X + Y \\sim \\mathrm{Pois}(\\lambda_1 + \\lambda_2)`` and its kin.

A statement ``EXPR \\sim LAW(params)`` (read by ``cheatsheet/latex/law_statements.py``) is
decided by comparing a function that characterises a law, computed once for the expression from
the declared laws of its independent variables and once for the law named on the right:

* the MGF where the expression is a sum of independent terms ``a X`` (any law of the table)
  or ``q X^2 + a X`` (a normal X), plus a constant: the MGF of a sum of independent terms is the
  product of theirs, and two laws whose MGFs agree near 0 are the same law;
* the survival function of a minimum (the product of the survival functions) and the CDF of a
  maximum (the product of the CDFs) of independent variables, also over an iid family
  (``\\min(X_1, \\dots, X_n)``: the member's to the power n);
* the CDF of another function of one continuous variable (``-\\log U``, ``Z^3``): P(g(X) <= y)
  is X's probability of the pieces of its support where g lies below y, cut by the real
  solutions of g(x) = y and by g's poles;
* the mean of a sum of g(X_i) over an iid family where none of the above is computed
  (``\\sum_i Z_i^3``): refuted when it differs from the stated law's mean or is not finite
  (the laws of the table have MGFs, so finite means); equal means decide nothing.

A sum whose terms do not depend on its index (``\\sum_{i=1}^k Z_k^2``) is the count times one
member.  The parameters of the variables' laws take values even where the formula does not write
them (sigma of X ~ N(mu, sigma^2) in ``X - \\mu``).

SymPy first (the difference simplifies to 0); else both functions are evaluated at instances
of the parameters drawn from their declarations and at fixed points where both are finite
(inside the MGF's radius), exactly, so the verdict cannot depend on the seed beyond which
parameter values it shows.  A law whose parameters are written in more than one convention
(N(m, variance) or N(m, standard deviation); Gamma and Exp with a rate or a scale, in the
conclusion and, all together, in the premises) is refuted only when every convention refutes
it, and holds when one does: the sheet's Exp(beta) with mean beta is no typo of a rate.
"""
from __future__ import annotations

import re

import numpy as np
import sympy as sp

from cheatsheet.latex.law_statements import LAW_CHECK, LawOf
from cheatsheet.ops import Extremum
from cheatsheet.symbols import DISTRIBUTIONS
from ..custom import register
from ..evidence import Evidence
from ..timelimit import CheckTimeout, cpu_limit

T_, X_ = sp.Symbol("t", real=True), sp.Symbol("x", real=True)
INSTANCES = 24
RTOL = 1e-8


class _Law:
    """One reading of a law: its MGF (with the radius it is finite within), CDF and support."""

    def __init__(self, mgf=None, radius=sp.oo, cdf=None, support=(-sp.oo, sp.oo), valid=True,
                 discrete=False):
        self.mgf, self.radius, self.cdf = mgf, radius, cdf
        self.support, self.valid, self.discrete = support, valid, discrete


def _normal(m, v):
    s = sp.sqrt(v)
    return _Law(sp.exp(m * T_ + v * T_**2 / 2), cdf=(1 + sp.erf((X_ - m) / (s * sp.sqrt(2)))) / 2,
                valid=sp.And(v > 0))


def _exponential(r):
    return _Law(r / (r - T_), r, 1 - sp.exp(-r * X_), (0, sp.oo), valid=r > 0)


def _gamma(k, r):
    return _Law((1 - T_ / r) ** (-k), r, sp.lowergamma(k, r * X_) / sp.gamma(k), (0, sp.oo),
                valid=sp.And(k > 0, r > 0))


def _uniform(a, b):
    return _Law((sp.exp(T_ * b) - sp.exp(T_ * a)) / (T_ * (b - a)), cdf=(X_ - a) / (b - a),
                support=(a, b), valid=b > a)


def _readings(law: str, p: tuple) -> list[tuple[str, _Law]]:
    """The conventions a law's parameters may be written in, the usual one first."""
    if law == "poisson":
        return [("", _Law(sp.exp(p[0] * (sp.exp(T_) - 1)), valid=p[0] > 0, discrete=True))]
    if law == "normal":
        return [("with its variance", _normal(p[0], p[1])),
                ("with its standard deviation", _normal(p[0], p[1] ** 2) if p[1] != 0 else None)]
    if law == "exponential":
        return [("with its rate", _exponential(p[0])), ("with its mean", _exponential(1 / p[0]))]
    if law == "gamma":
        return [("with shape and rate", _gamma(p[0], p[1])),
                ("with shape and scale", _gamma(p[0], 1 / p[1]))]
    if law == "binomial":
        return [("", _Law((1 - p[1] + p[1] * sp.exp(T_)) ** p[0], discrete=True,
                          valid=sp.And(p[0] >= 0, p[1] >= 0, p[1] <= 1)))]
    if law == "bernoulli":
        return [("", _Law(1 - p[0] + p[0] * sp.exp(T_), discrete=True,
                          valid=sp.And(p[0] >= 0, p[0] <= 1)))]
    if law == "chi-squared":
        return [("", _gamma(p[0] / 2, sp.Rational(1, 2)))]
    if law == "uniform":
        return [("", _uniform(p[0], p[1]))]
    if law == "beta":
        a, b = p
        return [("", _Law(cdf=sp.betainc_regularized(a, b, 0, X_), support=(0, 1),
                          valid=sp.And(a > 0, b > 0)))]
    return []


# the catalog's declarations (cheatsheet/symbols.py): one convention each
_DECLARED = {"Poisson": "poisson", "Normal": "normal", "Exponential": "exponential",
             "Bernoulli": "bernoulli", "Binomial": "binomial", "Uniform": "uniform"}


# laws a sheet may parametrise by their rate or by their scale (mean): the sheet's own
# Exp(beta) may be the catalog's Exp(1/beta)
_TWO_WAYS = {"Exponential", "Gamma"}


def _declared_law(decl, names: dict, other_way: bool = False) -> _Law | None:
    """The law a declaration gives a variable; ``other_way``: its scale read as a rate (or the
    other way round), as on a sheet that parametrises the law the other way."""
    args = [_arg(a, names) for a in decl.args]
    if decl.domain == "Gamma":  # shape and scale
        return _gamma(args[0], args[1] if other_way else 1 / args[1])
    if decl.domain == "Exponential" and other_way:
        return _exponential(1 / args[0])
    law = _DECLARED.get(decl.domain)
    return _readings(law, tuple(args))[0][1] if law else None


def _arg(a, names: dict):
    if not isinstance(a, str):
        return sp.sympify(a)
    slots = {}

    def slot(m):
        slots[f"_v{len(slots)}"] = names.get(m.group(0)) or sp.Symbol(m.group(0), real=True)
        return f"_v{len(slots) - 1}"
    text = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", slot, a).replace("^", "**")
    return sp.sympify(text, locals=slots)


def _parameters(lhs, decls: dict) -> set[str]:
    """The names the laws of the expression's variables are written in (``mu``, ``sigma`` of
    ``Normal(mu, sigma^2)``): a formula need not write them (``X - \\mu`` never names sigma),
    yet the expression's law depends on them, so they take values like the written names."""
    used = {getattr(s, "name", "") for s in lhs.free_symbols}
    used |= {str(f.base.label) for f in lhs.atoms(sp.Indexed)}
    out: set[str] = set()
    for key, d in decls.items():
        if d.domain not in DISTRIBUTIONS:
            continue
        base = key.split("_")[0]
        if key in used or any(u == base or u.startswith(base + "_") for u in used):
            for a in d.args:
                if isinstance(a, str):
                    out |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", a))
    return out


# ------------------------------------------------------------------ the expression's side

def _terms(expr, rvs: list) -> tuple | None:
    """expr as c + sum over X of (a_X X + q_X X^2): (c, {X: (a, q)}), or None."""
    try:
        poly = sp.Poly(sp.expand(expr), *rvs)
    except sp.PolynomialError:
        return None
    c, parts = sp.S.Zero, {x: [sp.S.Zero, sp.S.Zero] for x in rvs}
    for monom, coef in poly.terms():
        used = [(x, k) for x, k in zip(rvs, monom) if k]
        if not used:
            c += coef
        elif len(used) == 1 and used[0][1] <= 2:
            parts[used[0][0]][used[0][1] - 1] += coef
        else:
            return None  # a product of two variables, or a cube
    return c, {x: tuple(v) for x, v in parts.items()}


def _normal_quadratic(law: _Law, decl, names, a, q):
    """E[exp(t (a X + q X^2))] for X ~ N(m, v)."""
    m, v = (_arg(x, names) for x in decl.args)
    al, be = a * T_, q * T_
    return (sp.exp(be * m**2 + al * m) / sp.sqrt(1 - 2 * be * v)
            * sp.exp((2 * be * m + al) ** 2 * v / (2 * (1 - 2 * be * v))))


def family_law(term, index, decls: dict):
    """(the family's variable, its declaration) when ``term`` is a member of an iid family
    indexed by the sum's variable (``X_i`` declared with a law, written ``X_i`` or as the
    entry ``X_k`` of ``X_1 + \dots + X_n``), else None."""
    for f in term.atoms(sp.Indexed):
        base = str(f.base.label)
        if f.indices == (index,):
            for key, d in decls.items():
                if d.domain in DISTRIBUTIONS and key.split("_")[0] == base and "_" in key:
                    return f, d
    for sym in term.free_symbols:
        d = decls.get(sym.name)
        if d is not None and d.domain in DISTRIBUTIONS and "_" in sym.name \
                and sym.name.split("_", 1)[1] == index.name:
            return sym, d
    for sym in term.free_symbols:  # V_j over j where the family was declared as V_i
        base, _, sub = sym.name.partition("_")
        if sub != index.name:
            continue
        for key, d in decls.items():
            if d.domain in DISTRIBUTIONS and "_" in key and key.split("_")[0] == base:
                return sym, d
    return None


def _iid_sum(expr, decls, names, other_way=False):
    """The MGF and radius of ``\sum_{i=lo}^{hi} g(X_i)`` over an iid family: the member's
    MGF to the power of the number of terms."""
    if not isinstance(expr, sp.Sum) or len(expr.limits) != 1:
        return None
    index, lo, hi = expr.limits[0]
    count = hi - lo + 1
    found = family_law(expr.function, index, decls)
    if found is None and index not in expr.function.free_symbols:
        found = _fixed_member(expr.function, decls)  # sum_i Z_k^2: count times one member
        if found is not None:
            member, decl = found
            x = sp.Symbol("member_", real=True)
            law = _declared_law(decl, names, other_way)
            if law is None:
                return None
            return _expression_side(count * expr.function.xreplace({member: x}), [x],
                                    {x: law}, {x.name: decl}, names)
    if found is None:
        return None
    member, decl = found
    x = sp.Symbol("member_", real=True)
    body = expr.function.xreplace({member: x})
    if index in body.free_symbols:
        return None  # the terms are not identically distributed
    law = _declared_law(decl, names, other_way)
    if law is None:
        return None
    side = _expression_side(body, [x], {x: law}, {x.name: decl}, names)
    if side is None or side[0] != "mgf":
        return _iid_mean(body, x, law, count)
    return "mgf", side[1] ** count, side[2]


def _fixed_member(term, decls: dict):
    """(the member, its declaration) when ``term`` holds exactly one member of an iid family
    with a fixed index (``Z_k`` or ``Z_1`` where ``Z_i`` is declared), else None."""
    found = []
    for f in term.atoms(sp.Indexed):
        for key, d in decls.items():
            if d.domain in DISTRIBUTIONS and "_" in key and key.split("_")[0] == str(f.base.label):
                found.append((f, d))
    for sym in term.free_symbols:
        base, _, sub = getattr(sym, "name", "").partition("_")
        if not sub:
            continue
        for key, d in decls.items():
            if d.domain in DISTRIBUTIONS and "_" in key and key.split("_")[0] == base:
                found.append((sym, d))
    return found[0] if len(found) == 1 else None


def _iid_mean(body, x, law: _Law, count):
    """('mean', the mean of sum_i g(X_i), None) over an iid family when the MGF of g(X) is not
    computed (g = x^3, x^{-2}): count E[g(X)], or oo when E|g(X)| is infinite.  An integrable
    sum of independent terms has integrable terms, so an infinite E|g(X)| means the sum has no
    mean at all; SymPy's value of E[g(X)] is taken only once E|g(X)| is finite (it answers 0
    for E[1/X] of a normal X, a principal value, not a mean)."""
    if law.cdf is None or law.discrete:
        return None
    density = sp.diff(law.cdf, X_)
    lo, hi = law.support
    try:
        with cpu_limit(2.0):
            g = body.xreplace({x: X_})
            absolute = sp.integrate(sp.Abs(g) * density, (X_, lo, hi))
            if absolute is sp.oo:
                return "mean", sp.oo, None
            if not _closed(absolute):
                return None
            mean = sp.integrate(g * density, (X_, lo, hi))
    except (CheckTimeout, TypeError, ValueError, NotImplementedError, RecursionError):
        return None
    return ("mean", count * mean, None) if _closed(mean) else None


def _closed(e) -> bool:
    """A finite value SymPy found (no integral left, no case split on the parameters)."""
    return (isinstance(e, sp.Expr) and not e.has(sp.Integral, sp.Piecewise)
            and not e.has(sp.oo, -sp.oo, sp.zoo, sp.nan))


def _iid_extremum(expr, decls, names, other_way=False):
    """The survival function of ``\\min_{i=lo}^{hi} X_i`` (the member's to the power of the
    number of terms) or the CDF of the maximum, over an iid family; only the members
    themselves (not a function of each)."""
    body, index, lo, hi, which = expr.args
    found = family_law(body, index, decls)
    if found is None or found[0] != body:
        return None
    law = _declared_law(found[1], names, other_way)
    if law is None or law.cdf is None or law.discrete:
        return None
    count = hi - lo + 1
    if str(which) == "min":
        return "survival", (1 - law.cdf) ** count, None
    if str(which) == "max":
        return "cdf", law.cdf ** count, None
    return None


def _expression_side(expr, rvs, laws, decls, names, other_way=False):
    """('mgf' | 'survival' | 'cdf', function of t or x, radius of t) for the expression."""
    if isinstance(expr, sp.Sum):
        return _iid_sum(expr, decls, names, other_way)
    if isinstance(expr, Extremum):
        return _iid_extremum(expr, decls, names, other_way)
    if isinstance(expr, (sp.Min, sp.Max)) and all(a in rvs for a in expr.args) \
            and len(set(expr.args)) == len(expr.args):
        if isinstance(expr, sp.Min):
            if any(laws[a].cdf is None for a in expr.args):
                return None
            return "survival", sp.Mul(*[1 - laws[a].cdf for a in expr.args]), None
        return "cdf", sp.Mul(*[laws[a].cdf for a in expr.args]), None
    split = _terms(expr, rvs)
    if split is not None:
        c, parts = split
        mgf, radius = sp.exp(c * T_), sp.oo
        for x, (a, q) in parts.items():
            if q != 0:
                if decls[x.name].domain != "Normal":
                    return None
                mgf *= _normal_quadratic(laws[x], decls[x.name], names, a, q)
                v = _arg(decls[x.name].args[1], names)
                radius = sp.Min(radius, 1 / (2 * sp.Abs(q) * v))
            elif a != 0:
                mgf *= laws[x].mgf.subs(T_, a * T_)
                if laws[x].radius is not sp.oo:
                    radius = sp.Min(radius, laws[x].radius / sp.Abs(a))
        return "mgf", mgf, radius
    if len(rvs) == 1 and not laws[rvs[0]].discrete and laws[rvs[0]].cdf is not None:
        return _function_of_one(expr, rvs[0], laws[rvs[0]])
    return None


def _function_of_one(expr, x, law: _Law):
    """P(g(X) <= y) for a function g of one continuous variable: the set where g <= y is cut
    by the real solutions of g(x) = y and by g's poles; each piece counts with X's
    probability of it where g lies below y at its middle (a monotone g has one piece, x^2 two,
    sigma / (x - mu) a pole as well)."""
    y = sp.Dummy("y", real=True)
    try:
        roots = sp.solve(sp.Eq(expr, y), x)
        poles = sp.solve(sp.denom(sp.together(expr)), x)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if not roots or len(roots) > 6:
        return None
    return "function", ([r.subs(y, X_) for r in roots], poles, expr, x, law), None


def _below(mine, p: float, sub: dict) -> float:
    """P(g(X) <= p) at one instance (see _function_of_one); nan where it cannot tell."""
    roots, poles, expr, x, law = mine
    lo, hi = (_num(sp.sympify(e), sub) for e in law.support)
    cuts = []
    for r in list(roots) + list(poles):
        v = _num(r.subs(X_, p), sub) if r.has(X_) else _num(r, sub)
        if np.isfinite(v) and lo < v < hi:
            cuts.append(v)
    edges = [lo] + sorted(set(cuts)) + [hi]

    def cdf(v):
        if v <= lo:
            return 0.0
        if v >= hi:
            return 1.0
        return _num(law.cdf.subs(X_, v), sub)
    total = 0.0
    for a, b in zip(edges, edges[1:]):
        if not b > a:
            continue
        if np.isfinite(a) and np.isfinite(b):
            m = (a + b) / 2
        elif np.isfinite(a):
            m = a + 1 + abs(a)
        elif np.isfinite(b):
            m = b - 1 - abs(b)
        else:
            m = 0.0
        g = _num(expr.subs(x, m), sub)
        if not np.isfinite(g):
            return float("nan")
        if g <= p:
            total += cdf(b) - cdf(a)
    return total


# ------------------------------------------------------------------------ comparing

def _values(ctx, names: dict, rng) -> list[dict]:
    inst = ctx.sampler.sample(rng, INSTANCES)
    out = []
    for i in range(INSTANCES):
        sub = {}
        for name, sym in names.items():
            v = inst.values.get(name)
            if v is not None and not v.mat:
                sub[sym] = float(np.asarray(v.arr)[i] if np.ndim(v.arr) else v.arr)
        out.append(sub)
    return out


def _num(e, sub) -> float:
    try:
        z = complex(sp.N(e.xreplace(sub), 30))
    except (TypeError, ValueError, ZeroDivisionError):
        return float("nan")
    return z.real if abs(z.imag) <= 1e-12 * max(1.0, abs(z.real)) else float("nan")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= RTOL * max(1.0, abs(a), abs(b))


_MGF_POINTS = (-0.5, -0.2, 0.1, 0.3, 0.5)  # times the radius (at most 1)
_CDF_POINTS = (0.1, 0.3, 0.5, 0.7, 0.9)  # across the support (6 wide where unbounded)


def _pairs(kind, mine, radius, law: _Law, sub, fractions=None):
    """The comparison at one instance: ``(what, [(point, left side's value, law's value)])``,
    ``"unknown"`` when the law lacks the function, ``"skip"`` when the instance has no point
    (an MGF's radius of 0 there).  ``fractions``: some of the points only."""
    if kind == "mgf":
        if law.mgf is None:
            return "unknown"
        r = min(_num(radius, sub) if radius is not None else np.inf,
                _num(law.radius, sub), 1.0)
        if not r > 0:
            return "skip"
        points = [f * r for f in (fractions or _MGF_POINTS)]
        return "the MGF at t = {:.4g}", [
            (p, _num(mine.subs(T_, p), sub), _num(law.mgf.subs(T_, p), sub)) for p in points]
    if law.cdf is None:
        return "unknown"
    lo, hi = (_num(sp.sympify(s), sub) for s in law.support)
    lo = lo if np.isfinite(lo) else -3.0
    hi = hi if np.isfinite(hi) else lo + 6.0
    if not hi > lo:
        return "unknown"
    pairs = []
    for p in [lo + f * (hi - lo) for f in (fractions or _CDF_POINTS)]:
        lhs = _below(mine, p, sub) if kind == "function" else _num(mine.subs(X_, p), sub)
        rhs = _num(law.cdf.subs(X_, p), sub)
        pairs.append((p, lhs, (1 - rhs) if kind == "survival" else rhs))
    return ("the chance the left side exceeds {:.4g}" if kind == "survival"
            else "the chance the left side is at most {:.4g}"), pairs


def _compare(kind, mine, radius, law: _Law, instances) -> tuple[str, dict | None]:
    """('same' | 'differ' | 'unknown', the instance where they differ)."""
    if kind == "mean":
        return _compare_means(mine, law, instances)
    compared = 0
    for sub in instances:
        ok = law.valid.xreplace(sub) if law.valid is not True else True
        if ok is sp.false or ok is False:
            return "differ", {"instance": sub, "why": "its parameters name no law there"}
        got = _pairs(kind, mine, radius, law, sub)
        if got == "unknown":
            return "unknown", None
        if got == "skip":
            continue
        what, pairs = got
        for p, a, b in pairs:
            if not (np.isfinite(a) and np.isfinite(b)):
                continue
            compared += 1
            if not _close(a, b):
                return "differ", {"instance": sub, "at": what.format(p), "lhs": a, "rhs": b}
    return ("same", None) if compared else ("unknown", None)


def _differ_at_a_point(kind, mine, radius, law: _Law, instances) -> bool:
    """Whether the two functions take different values at one point of the first instance
    (as the comparison tells them apart): their difference then cannot simplify to 0, and
    SymPy's attempt, most of a wrong form's check (up to 1 s a reading), is not made.  One
    point, so that a right form, which SymPy proves, pays little for the look."""
    if kind not in ("mgf", "cdf", "survival") or not instances:
        return False
    sub = instances[0]
    ok = law.valid.xreplace(sub) if law.valid is not True else True
    if ok is sp.false or ok is False:
        return False  # no law there: nothing is said about the functions
    got = _pairs(kind, mine, radius, law, sub, fractions=(0.3,))
    if isinstance(got, str):
        return False
    (_, a, b), = got[1]
    return bool(np.isfinite(a) and np.isfinite(b) and not _close(a, b))


def _law_mean(law: _Law):
    """The law's mean, from its MGF (finite near 0, so every moment is), or None."""
    if law.mgf is None:
        return None
    try:
        with cpu_limit(1.0):
            d = sp.diff(law.mgf, T_)
            m = d.subs(T_, 0)
            if m.has(sp.nan, sp.zoo):
                m = sp.limit(d, T_, 0)
    except (CheckTimeout, TypeError, ValueError, NotImplementedError, RecursionError):
        return None
    return m if _closed(m) or m.is_number else None


def _compare_means(mine, law: _Law, instances) -> tuple[str, dict | None]:
    """Two laws with different means (or one without a mean) differ; equal means decide
    nothing ('unknown', never 'same')."""
    target = _law_mean(law)
    if target is None:
        return "unknown", None
    for sub in instances:
        ok = law.valid.xreplace(sub) if law.valid is not True else True
        if ok is sp.false or ok is False:
            return "differ", {"instance": sub, "why": "its parameters name no law there"}
        b = _num(target, sub)
        if not np.isfinite(b):
            continue
        if mine is sp.oo:
            return "differ", {"instance": sub, "why": "the left side has no finite mean (the "
                              "mean of the absolute value of each term is infinite), the "
                              "stated law has one"}
        a = _num(mine, sub)
        if np.isfinite(a) and not _close(a, b):
            return "differ", {"instance": sub, "at": "the mean", "lhs": a, "rhs": b}
    return "unknown", None


def _symbolic(kind, mine, law: _Law) -> bool:
    target = {"mgf": law.mgf, "cdf": law.cdf}.get(kind)
    if kind == "survival" and law.cdf is not None:
        target = 1 - law.cdf
    if target is None or kind == "function":
        return False
    try:
        with cpu_limit(1.0):
            return sp.simplify(mine - target) == 0
    except (CheckTimeout, TypeError, ValueError, NotImplementedError, RecursionError):
        return False


@register(LAW_CHECK)
def law_statement(stmt, ctx) -> Evidence:
    """Decide ``EXPR \\sim LAW(params)`` (see the module's docstring)."""
    rels = [r for r in stmt.relations if r.op == "sim"]
    if len(rels) != 1 or len(stmt.relations) != 1 or not isinstance(rels[0].rhs, LawOf):
        return Evidence("undecided", "custom:" + LAW_CHECK, seed=ctx.seed,
                        detail="the formula is not one statement of a law")
    rel = rels[0]
    decls = {d.name: d for d in ctx.decls}
    names = {s.name: s for s in rel.lhs.free_symbols if isinstance(s, sp.Symbol)}
    for s in rel.rhs.free_symbols:  # one symbol per name (\chi^2_k's k is the sum's k)
        names.setdefault(s.name, s)
    for s in _parameters(rel.lhs, decls):  # sigma of X ~ N(mu, sigma^2), unwritten in X - mu
        names.setdefault(s, sp.Symbol(s, real=True))
    rel = type(rel)(rel.lhs, rel.op, rel.rhs.xreplace(
        {s: names[s.name] for s in rel.rhs.free_symbols if isinstance(s, sp.Symbol)}))
    rvs = sorted((s for s in rel.lhs.free_symbols
                  if s.name in decls and decls[s.name].domain in DISTRIBUTIONS), key=str)

    def undecided(why):
        return Evidence("undecided", "custom:" + LAW_CHECK, seed=ctx.seed, detail=why)
    if not rvs and not isinstance(rel.lhs, (sp.Sum, Extremum)):
        return undecided("no variable of the expression has a declared law")
    if isinstance(rel.lhs, (sp.Sum, Extremum)):
        rvs = []  # an iid family's members: independent by declaration
    if len(rvs) > 1 and not {x.name for x in rvs} <= set(ctx.independent):
        return undecided("the variables are not declared independent")
    readings = [(label, law) for label, law in _readings(rel.rhs.law, rel.rhs.params) if law]
    instances = _values(ctx, names, ctx.rng("laws"))
    failures, unknown = [], []
    ways = (False, True) if any(d.domain in _TWO_WAYS for d in decls.values()) else (False,)
    for other_way in ways:  # the premises as the catalog parametrises them, then the other way
        laws = {x: _declared_law(decls[x.name], names, other_way) for x in rvs}
        if any(v is None for v in laws.values()):
            return undecided("a variable's law is not in the table of laws")
        side = _expression_side(rel.lhs, rvs, laws, decls, names, other_way)
        if side is None:
            return undecided("the law of this expression is not one the check can compute")
        kind, mine, radius = side
        for label, law in readings:
            if (not _differ_at_a_point(kind, mine, radius, law, instances)
                    and _symbolic(kind, mine, law)):
                return Evidence("proved", "custom:" + LAW_CHECK, seed=ctx.seed,
                                detail=f"the {_word(kind)} agree{_said(label)}")
            verdict, where = _compare(kind, mine, radius, law, instances)
            if verdict == "same":
                return Evidence("passed", "custom:" + LAW_CHECK, trials=len(instances),
                                seed=ctx.seed, detail=f"the {_word(kind)} agree{_said(label)}")
            (failures if verdict == "differ" else unknown).append((label, where))
    if unknown or not failures:
        return undecided(f"the {_word(kind)} could not be compared")
    label, where = failures[0]
    inst = {k.name: round(v, 4) for k, v in where["instance"].items()}
    cx = {"relation": str(rel), "instance": inst, "seed": ctx.seed}
    if "at" in where:
        cx.update(lhs=where["lhs"], rhs=where["rhs"],
                  why=f"{where['at']} differs from the stated law's")
    else:
        cx["why"] = where["why"]
    said = " or ".join(dict.fromkeys(lab for lab, _ in failures if lab))
    return Evidence("refuted", "custom:" + LAW_CHECK, trials=len(instances), seed=ctx.seed,
                    counterexample=cx,
                    detail=f"the expression's law is not the stated one"
                           + (f" (read {said})" if said else ""))


def _word(kind: str) -> str:
    return {"mgf": "moment generating functions", "survival": "survival functions",
            "mean": "means"}.get(kind, "distribution functions")


def _said(label: str) -> str:
    return f" (the law read {label})" if label else ""
