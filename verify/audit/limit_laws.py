"""Normal limits in law, decided by a first-order expansion: the central limit theorem and the
delta method.

``\\sqrt{n}(\\bar X_n - \\mu) \\xrightarrow{d} \\mathcal{N}(0, \\sigma^2)`` and
``\\sqrt{n}(g(\\hat\\theta) - g(\\theta)) \\to \\mathcal{N}(0, g'(\\theta)^2\\sigma^2)`` say what
a scaled estimator tends to. Both follow from one fact: to first order the estimator is its
centre plus a normal variable shrinking like 1/sqrt(n), ``T = c + U/\\sqrt{n}``, and a smooth g
of it is ``g(c) + g'(c) U/\\sqrt{n}`` (the delta method). With ``n = 1/h^2`` the left side is
then a Laurent series in h: a term in a negative power of h means it grows without bound (no
limit law: the scaling is too strong); its constant term ``A U + B`` is the limit, whose law is
``N(A E[U] + B, A^2 Var U)`` (a point mass when A = 0: the scaling is too weak).

U's law comes from the line: another limit of the same estimator stated there (the delta
method's premise "when sqrt(n)(theta_hat - theta) -> N(0, sigma^2)"), or, for a sample mean
(a barred letter) with no such premise, the CLT: ``U ~ N(0, sigma^2)``, sigma being the data's
standard deviation. Without a sigma written the variance is unknown, and only a limit that
cannot be normal at all (divergent, or a point mass) is refuted. A hatted estimator with no
premise (an MLE's rate and variance are its own) and a law that still depends on n ("X_bar ->
N(mu, sigma^2/n)", an approximation, not a limit) are left unchecked, as are limits in
probability. ``N(m, v)`` is read with v the variance and, as some sheets write it, the standard
deviation: a line is wrong only when both readings refute it.
"""
from __future__ import annotations

import re

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

# the arrow and its mode: in law only (d, D, \mathcal{D}, L, law, dist), or a plain arrow
# when the right side is a law (only convergence in law has a law for its limit)
_MODE = r"(?:\s|\\[;,:!]|\\q?quad)*(?:\\(?:mathcal|mathrm|mathscr|text|textrm|operatorname)" \
        r"\s*)?\{?\s*\(?\s*(?:d|D|L|law|dist|\\mathcal\s*\{?\s*[DL]\s*\}?)\s*\)?\s*\}?" \
        r"(?:\s|\\[;,:!]|\\q?quad)*"
_ARROW = r"\\(?:to|rightarrow|longrightarrow|rightsquigarrow)(?![A-Za-z])"
_LAW_ARROW = re.compile(rf"\\xrightarrow\s*(?:\[[^\]]*\])?\s*\{{{_MODE}\}}"
                        rf"|\\(?:stackrel|overset)\s*\{{{_MODE}\}}\s*\{{\s*{_ARROW}\s*\}}"
                        rf"|{_ARROW}\s*_\s*\{{?{_MODE}\}}?")
_PLAIN_ARROW = re.compile(rf"{_ARROW}(?!\s*_)")
_ESTIMATOR = re.compile(r"_(?:bar|hat)(?:_|$)")
_SIZES = ("n", "N")
_TRAIL = re.compile(r"(?:\s|\\[;,:!]|\\q?quad|[.,;])+$")


def _split(latex: str):
    """(left, right) of a formula stating a limit in law, or None."""
    arrows = list(_LAW_ARROW.finditer(latex))
    if not arrows:
        arrows = list(_PLAIN_ARROW.finditer(latex))
    if len(arrows) != 1:
        return None
    m = arrows[0]
    return latex[:m.start()], _TRAIL.sub("", latex[m.end():]), latex[:m.end()]


def _read(tex: str):
    from cheatsheet.latex import parse_expr

    try:
        return parse_expr(tex)
    except Exception:  # noqa: BLE001 - a side the reader cannot read is no limit we decide
        return None


class _Limit:
    """One statement ``left -> N(mean, var)`` read: its sides, sample size, estimator, centre."""

    def __init__(self, left, mean, var, size, est, centre, up_to_arrow):
        self.left, self.mean, self.var, self.up_to_arrow = left, mean, var, up_to_arrow
        self.size, self.est, self.centre = size, est, centre


def _normal_limit(latex: str):
    """The statement read, or None where it is not a normal limit of one estimator."""
    sides = _split(latex)
    if sides is None:
        return None
    left, law = (_read(t) for t in sides[:2])
    if left is None or law is None or not isinstance(law, AppliedUndef) \
            or law.func.__name__ != "N" or len(law.args) != 2:
        return None
    if left.atoms(sp.MatrixSymbol, sp.Indexed, sp.Sum):
        return None  # (vectors, sums written out: not read here)
    names = {s.name: s for s in left.free_symbols}
    sizes = [names[k] for k in _SIZES if k in names]
    ests = [s for s in left.free_symbols if _ESTIMATOR.search(s.name)]
    if len(sizes) != 1 or len(ests) != 1:
        return None
    mean, var = law.args
    if sizes[0] in (mean.free_symbols | var.free_symbols):
        return None  # N(mu, sigma^2/n): an approximation for large n, not a limit
    centre = _centre(left, ests[0])
    if centre is None:
        return None
    return _Limit(left, mean, var, sizes[0], ests[0], centre, sides[2])


def _centre(expr, est):
    """c in ``est - c`` or ``g(est) - g(c)`` inside expr (what the estimator tends to)."""
    for node in sp.preorder_traversal(expr):
        if not isinstance(node, sp.Add):
            continue
        terms = node.args
        if est in terms:
            c = sp.expand(est - node)
            if est not in c.free_symbols:
                return c
        for t in terms:
            if isinstance(t, AppliedUndef) and t.args == (est,):
                rest = [u for u in terms if u is not t]
                if len(rest) == 1:
                    neg = -rest[0]
                    if isinstance(neg, AppliedUndef) and neg.func == t.func \
                            and len(neg.args) == 1 and est not in neg.free_symbols:
                        return neg.args[0]
    return None


_H = sp.Symbol("h", positive=True)
_U = sp.Symbol("U", real=True)


def _smooth(expr, lim: _Limit, slopes: dict):
    """expr with each function of the estimator replaced by a quadratic with free
    coefficients about the centre (``g(x) = g(c) + g'(c)(x - c) + k (x - c)^2``): a
    statement for every smooth g must hold for all of these; None where a derivative is left
    that is not g's own."""
    c = lim.centre

    def taylor(f, x):
        d, k = _coefficients(f.func, slopes)
        return sp.Symbol(f"v_{f.func.__name__}") + d * (x - c) + k * (x - c) ** 2

    funcs = {f.func for f in lim.left.atoms(AppliedUndef) if f.args == (lim.est,)}
    out = expr
    for func in funcs:  # g'(x) first (its own variable is no centre to put in)
        out = out.replace(lambda e, func=func: isinstance(e, sp.Derivative)
                          and isinstance(e.expr, AppliedUndef) and e.expr.func == func
                          and e.variables == e.expr.args,
                          lambda e, func=func: _slope(e.expr, c, slopes))
    for func in funcs:
        out = out.replace(lambda e, func=func: isinstance(e, AppliedUndef) and e.func == func
                          and len(e.args) == 1,
                          lambda e, func=func: taylor(e, e.args[0]))
    out = out.doit()
    return None if out.atoms(sp.Derivative, sp.Subs) else out


def _coefficients(func, slopes: dict):
    """g's slope and curvature at the centre, one pair per function of the statement."""
    return slopes.setdefault(func, (sp.Symbol(f"d_{func.__name__}", nonzero=True),
                                    sp.Symbol(f"k_{func.__name__}", positive=True)))


def _slope(f, c, slopes: dict):
    """g'(x) of the Taylor form: g'(c) + 2k (x - c)."""
    d, k = _coefficients(f.func, slopes)
    return d + 2 * k * (f.args[0] - c)


def _first_order(lim: _Limit, slopes: dict):
    """(A, B, diverges) with the left side -> A U + B when est = centre + U/sqrt(n); None
    where the left side is no Laurent series in 1/sqrt(n)."""
    left = _smooth(lim.left, lim, slopes)
    if left is None:
        return None
    left = sp.expand(left.subs({lim.est: lim.centre + _U * _H}).subs(lim.size, _H ** -2))
    constant, diverges = sp.S.Zero, False
    for term in sp.Add.make_args(left):
        coeff, power = term.as_coeff_exponent(_H)
        rest = term / _H ** power
        if _H in rest.free_symbols or not power.is_number:
            return None
        if power < 0:
            diverges = True
        elif power == 0:
            constant += term
    constant = sp.expand(constant)
    a, b = constant.coeff(_U, 1), constant.coeff(_U, 0)
    if sp.expand(constant - a * _U - b) != 0:
        return None
    return a, b, diverges


def _differs(expr, seed: int):
    """True where expr is surely not identically zero (nonzero at a positive point), False
    where SymPy cancels it to 0, None where neither is shown. The points only confirm what
    SymPy leaves: a verdict does not depend on them."""
    expr = sp.simplify(expr)
    if expr == 0:
        return False
    rng = np.random.default_rng(seed)
    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    for _ in range(4):
        try:
            val = complex(sp.N(expr.subs({s: sp.Rational(int(rng.integers(11, 97)), 10)
                                          for s in syms})))
        except (TypeError, ValueError):  # (an unknown function of the letters left in it)
            return None
        if np.isfinite(val) and abs(val) > 1e-9:
            return True
    return None


def _squared(expr) -> bool:
    """Does a law's second parameter write a square (sigma^2: a variance, never a sd)?"""
    return any(isinstance(e, sp.Pow) and e.exp == 2 for e in sp.preorder_traversal(expr))


def decide_limit(latex: str, others: tuple, seed: int = 0):
    """(verdict, reason, right law) of a normal limit in law, or None where it is not one
    this module decides (it stays unchecked)."""
    lim = _normal_limit(latex)
    if lim is None:
        return None
    slopes: dict = {}
    premises = [p for p in (_normal_limit(o) for o in others)
                if p is not None and p.est == lim.est and not p.left.atoms(AppliedUndef)]
    if len(premises) > 1:
        return None
    first = _first_order(lim, slopes)
    m, v = _smooth(lim.mean, lim, slopes), _smooth(lim.var, lim, slopes)
    if first is None or m is None or v is None:
        return None
    a, b, diverges = first
    est = f"{_shown_name(lim.est)} is `{sp.latex(lim.centre)}`"
    slots = [v]
    if premises:
        p = premises[0]
        pre = _first_order(p, slopes)
        if sp.simplify(p.centre - lim.centre) != 0 or pre is None or pre[2] or pre[0] == 0:
            return None
        how = "by the limit its line assumes"
        slots.append(p.var)

        def law_of_u(sd: bool):  # the premise a U + b ~ N(m', v'): U ~ N((m' - b)/a, v'/a^2)
            return (p.mean - pre[1]) / pre[0], (p.var ** 2 if sd else p.var) / pre[0] ** 2
        known = True
    elif "_bar" in lim.est.name:
        how = "by the central limit theorem"
        sigma = next((x for x in lim.left.free_symbols | v.free_symbols if x.name == "sigma"),
                     None)
        known = sigma is not None
        s2 = sigma ** 2 if known else sp.Symbol("s2", positive=True)

        def law_of_u(sd: bool):  # the CLT: U ~ N(0, sigma^2), sigma the data's sd
            return sp.S.Zero, s2
    else:
        return None
    if diverges:
        return ("wrong", f"it has no limit law: to first order {est} plus a normal variable "
                         f"of order 1/sqrt(n) ({how}), so this left side grows without bound; "
                         "scaled by sqrt(n) it would have a normal limit", None)
    # N(m, s) with s the standard deviation, as a few sheets write it, where no slot of the
    # line writes a square (N(0, sigma^2) is a variance)
    readings = [False] + ([True] if not any(_squared(x) for x in slots) else [])
    if a == 0:
        if all(_differs(v ** 2 if sd else v, seed) is True for sd in readings):
            return ("wrong", f"its left side tends to a constant, not to a normal law: to "
                             f"first order {est} plus a normal variable of order 1/sqrt(n) "
                             f"({how}), which this scaling shrinks to 0", None)
        return None
    if not known:
        return None
    right = None
    for sd in readings:
        mu_u, var_u = law_of_u(sd)
        mean, var = a * mu_u + b, a ** 2 * var_u
        diff = [_differs(m - mean, seed), _differs((v ** 2 if sd else v) - var, seed)]
        if None in diff and True not in diff:
            return None  # (neither shown equal nor shown different)
        if diff == [False, False]:
            delta = "; a smooth function of it moves by its derivative times that: the " \
                    "delta method" if slopes else ""
            return ("ok", f"holds: a normal limit in law (to first order {est} plus a normal "
                          f"variable of order 1/sqrt(n), {how}{delta})", None)
        right = right or (mean, var)
    mean, var = right
    law = f"\\mathcal{{N}}({_show(mean, slopes, lim)}, {_show(var, slopes, lim)})"
    delta = (", and a smooth function of it moves by its derivative times that (the delta "
             "method), so the variance takes the derivative squared") if slopes else ""
    return ("wrong", f"the limit law is `{law}`: to first order {est} plus a normal variable "
                     f"of order 1/sqrt(n) ({how}){delta}", f"{lim.up_to_arrow} {law}")


_ACCENT = re.compile(r"^(?P<base>[A-Za-z]+)_(?P<acc>bar|hat)(?:_(?P<sub>.+))?$")
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "theta", "lambda", "mu", "nu", "xi",
          "pi", "rho", "sigma", "tau", "phi", "psi", "omega", "eta", "kappa", "zeta"}


def _shown_name(sym) -> str:
    """The estimator as a sheet writes it: theta_hat_n -> `\hat\theta_n`."""
    m = _ACCENT.match(sym.name)
    if m is None:
        return f"`{sym.name}`"
    base = f"\\{m['base']}" if m["base"] in _GREEK else m["base"]
    sub = f"_{{{m['sub']}}}" if m["sub"] and len(m["sub"]) > 1 else \
        (f"_{m['sub']}" if m["sub"] else "")
    return f"`\\{m['acc']}{{{base}}}{sub}`"


def _show(expr, slopes: dict, lim: _Limit) -> str:
    """A law's parameter in the sheet's letters (g'(c) for a slope)."""
    c = sp.latex(lim.centre)
    names = {d: f"{f.__name__}'({c})" for f, (d, _) in slopes.items()}
    return sp.latex(sp.factor(expr), symbol_names=names)
