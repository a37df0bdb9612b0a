"""Mutants that follow from results proved elsewhere, combined by SymPy algebra.

A mutant can be a true statement its claim's check rightly passes: ``f(x_{t-1}) - f^* <=
||x_0 - x^*||^2 / (2 eta t)`` is GD's rate one step early, still true because the tight rate
(Drori and Teboulle) is sharper than the textbook one.  The check's random runs passing it
are no proof, so such a mutant is shown true here from stated results:

* the other claims of the catalog decided by the same check (the same setting: Novikoff's
  two lemmas ``w_t^T w^* >= t gamma`` and ``||w_t|| <= R sqrt(t)`` beside the cosine bound),
  each with its own check and typos it refutes, and assuming nothing the claim does not;
* a few published theorems about the setting a check simulates (``THEOREMS``, keyed by the
  check), each with its reference and the premises it needs; where the theorem is derived
  here from a more basic inequality, SymPy proves that algebra (``contraction_algebra``), or
  the bound it rests on is computed and bounded (``pac_bayes_moment.py``: the PAC-Bayes
  bound with ln(sqrt(n)/eps), sharper than McAllester's as Maurer states it).

Each changed inequality of the mutant is written ``big >= small``; a quantity of a result
(its left side, at the whole-number index or one step away, x_t read as x_{t-1} with t as
t - 1) is replaced by the result's bound where the side is monotone in it the right way
(SymPy signs the derivative), and SymPy then shows ``big - small >= 0`` under the claim's
declarations and ``assume``.  A step back (t - 1) is taken for t >= 1 only, where the
iterate exists; where the bound is 0 at the first index and divides the side (||w_0|| = 0)
the side has no value there, and the first index is left out.
"""
from __future__ import annotations

from .forms import _comparable, _sides
from .truth import _as_named, _interval_signs, _nonnegative, _shifted, _under_assumptions

_STEP = r"\eta \leq \frac{1}{L}"
_GD = [  # (reference, result, the premises it needs among the claim's assume)
    ("Drori and Teboulle (2014), Theorem 3.1: GD on a convex L-smooth f with step eta = h/L,"
     " 0 < h <= 1",
     r"f(x_t) - f(x^*) \leq \frac{L \|x_0 - x^*\|^2}{4 t \eta L + 2}", [_STEP]),
    ("the gradient step is a (1 - eta mu)-contraction on a mu-strongly convex L-smooth f for"
     " 0 < eta <= 2/(mu + L): Nesterov (2004), Theorem 2.1.12, with the algebra of"
     " contraction_algebra",
     r"\|x_t - x^*\| \leq (1 - \eta\mu)^t \|x_0 - x^*\|", [_STEP]),
]
_PERCEPTRON = [
    ("Novikoff (1962): after t updates from w_0 = 0 on data of margin gamma (for the unit"
     " separator w^*/||w^*||), w_t^T w^* >= t gamma ||w^*||",
     r"w_t^T w^* \geq t \gamma \|w^*\|", []),
]
_PAC_BAYES = [
    ("Donsker-Varadhan's change of measure with the moment bound"
     " max_p E exp(2n (p - k/n)_+^2) <= sqrt(n) + 1 - eps and Markov's inequality on Z - 1"
     " (pac_bayes_moment.py: computed for n <= 1000, bounded by Stirling, the refined Pinsker"
     " inequality and Cauchy-Schwarz beyond): the PAC-Bayes bound with ln(sqrt(n)/eps), for"
     " eps <= 0.3",
     r"\mathbb{E}_{f \sim Q}[\mathcal{R}(f)] - \mathbb{E}_{f \sim Q}[\hat{\mathcal{R}}_n(f)]"
     r" \leq \sqrt{\frac{\text{KL}(Q\|P) + \ln(\sqrt{n}/\varepsilon)}{2n}}", []),
]
THEOREMS = {"optimisation.gd_convex": _GD, "optimisation.gd_convex_step_1_over_L": _GD,
            "classic.perceptron": _PERCEPTRON, "theory.pac_bayes": _PAC_BAYES}


def contraction_algebra() -> bool:
    """The step of the contraction: with g = grad f(x) - grad f(x^*) and r = ||x - x^*||,
    ||x - eta g - x^*||^2 = r^2 - 2 eta <g, x - x^*> + eta^2 ||g||^2; Nesterov's inequality
    <g, x - x^*> >= mu L / (mu + L) r^2 + ||g||^2 / (mu + L) bounds it by
    (1 - 2 eta mu L / (mu + L)) r^2 + eta (eta - 2 / (mu + L)) ||g||^2, whose last factor is
    <= 0 for eta <= 1/L <= 2 / (mu + L), so ||g|| >= mu r bounds it by (1 - eta mu)^2 r^2.
    SymPy proves the two facts the argument rests on."""
    import sympy as sp

    eta, mu, L, a, b = sp.symbols("eta mu L a b", positive=True)
    factor = 1 - 2 * eta * mu * L / (mu + L) + eta * (eta - 2 / (mu + L)) * mu ** 2
    same = sp.simplify(factor - (1 - eta * mu) ** 2) == 0
    # eta = 1 / (L (1 + a)) (eta <= 1/L), L = mu (1 + b) (mu <= L): eta - 2/(mu + L) <= 0
    gap = (eta - 2 / (mu + L)).subs({eta: 1 / (L * (1 + a))}).subs({L: mu * (1 + b)})
    return same and sp.factor(sp.together(-gap)).is_nonnegative is True


def _results(claim) -> list:
    """(reference, relation) of the results about the claim's setting, read in its names."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify.parsing import parse_cached

    # a result is used only where the claim assumes all it needs (a claim's own premises, a
    # theorem's step-size condition): the rate with eta = 1/L proves nothing for eta <= 1/L
    have = set(claim.assume)
    texts = [(ref, text) for ref, text, needs in THEOREMS.get(claim.check or "", ())
             if set(needs) <= have]
    if claim.check:
        texts += [(f"the catalog's claim {c.id}", c.latex) for c in get_catalog()
                  if c.check == claim.check and c.id != claim.id and set(c.assume) <= have]
    out = []
    for ref, text in texts:
        try:
            stmt = parse_cached(text, claim.declarations, layout=claim.layout)
        except Exception:  # noqa: BLE001 - a result the reader cannot read proves nothing
            continue
        if stmt.premises or len(stmt.relations) != 1:
            continue
        r = stmt.relations[0]
        if getattr(r, "op", None) in ("<=", ">="):
            out.append((ref, r.op, r.lhs, r.rhs))
    return out


def _positive_norms(e):
    """e with each norm a positive symbol: where a norm divides, the side has a value only
    where it is not 0."""
    import sympy as sp

    from cheatsheet import ops

    return e.xreplace({n: sp.Dummy("norm", positive=True) for n in e.atoms(ops.Norm)})


def _sign(e, z) -> int:
    """+1 when d e / d z >= 0 (SymPy), -1 when <= 0, 0 when unknown."""
    d = _positive_norms(e.diff(z))
    if _nonnegative(d):
        return 1
    if _nonnegative(-d):
        return -1
    return 0


def _bounded(side, results, t, want: int):
    """``side`` with the quantities of ``results`` replaced by their bounds: want = +1 makes
    the side no larger (for a big side), -1 no smaller.  Returns (new side, step) with step
    the index shift used (-1 when a result was taken one step back), or None."""
    import sympy as sp

    from cheatsheet import ops

    shift, norms = 0, []
    changed = True
    while changed:
        changed = False
        for _, op, lhs, rhs in results:
            for d in (0, -1, 1):
                q, bound = (lhs, rhs) if d == 0 or t is None else \
                    (_shifted(lhs, t, d), _shifted(rhs, t, d))
                q, bound = _as_named(q), _as_named(bound)
                if not side.has(q) or q.is_number or q.is_Symbol:  # t <= R^2/gamma^2: no quantity
                    continue
                # a norm's stand-in is positive (where it divides, 0 gives no value)
                z = sp.Dummy("q", positive=True) if isinstance(q, ops.Norm) else \
                    sp.Dummy("q", real=True)
                e = side.xreplace({q: z})
                s = _sign(e, z)
                # q >= bound: replacing q lowers a side increasing in q; q <= bound raises it
                lowers = (op == ">=" and s > 0) or (op == "<=" and s < 0)
                raises = (op == "<=" and s > 0) or (op == ">=" and s < 0)
                if (want > 0 and lowers) or (want < 0 and raises):
                    side = e.xreplace({z: bound})
                    shift = min(shift, d)
                    if isinstance(q, ops.Norm):
                        norms.append(bound)
                    changed = True
                    break
            if changed:
                break
    return side, shift, norms


def follows_from_results(claim, latex: str) -> bool:
    """Every changed inequality of the mutant follows from the results about its claim's
    setting by monotone substitution and SymPy (see the module's docstring)."""
    import sympy as sp

    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    results = _results(claim)
    if not results:
        return False
    ints = sorted({x for r in results for e in r[2:] for x in e.free_symbols
                   if isinstance(x, sp.Symbol) and x.is_integer}, key=str)
    t = ints[0] if len(ints) == 1 else None
    moved = False
    for (_, _, lc, rc), (_, op, lm, rm) in zip(_sides(canon), _sides(mut)):
        if (lc, rc) == (lm, rm):
            continue
        if op not in ("<=", ">=") or getattr(lm, "is_Matrix", False):
            return False
        big, small = (_as_named(rm), _as_named(lm)) if op == "<=" else \
            (_as_named(lm), _as_named(rm))
        try:
            big, s1, n1 = _bounded(big, results, t, +1)
            small, s2, n2 = _bounded(small, results, t, -1)
            if not _shows(claim, big - small, t, min(s1, s2), n1 + n2):
                return False
        except Exception:  # noqa: BLE001 - a form SymPy cannot handle shows nothing
            return False
        moved = True
    return moved


def _shows(claim, diff, t, shift: int, norms=()) -> bool:
    """diff >= 0 for every index the mutant names an iterate at (t >= 1 - shift, past an
    index where the bound of a dividing norm is 0 and the side has no value)."""
    import sympy as sp

    from cheatsheet import ops

    signs = _interval_signs(claim.declarations, (diff,))
    diff = diff.xreplace(signs)
    (diff,) = _under_assumptions(claim, (diff,), signs)
    if t is None:
        return not diff.has(ops.Norm) and _nonnegative(diff) or _nonnegative(
            _positive_norms(diff))
    first = max(1 if t.is_positive else 0, -shift)
    at_first = sp.simplify(diff.xreplace({t: first}))
    if at_first.has(sp.zoo, sp.nan, sp.oo, -sp.oo) and any(
            sp.simplify(b.xreplace({t: first})) == 0 for b in norms):
        first += 1  # ||w_0|| <= 0: the mutant's side divides by 0 there and has no value
    s = sp.Symbol("s", integer=True, nonnegative=True)
    diff = _positive_norms(diff.xreplace({t: s + first}))
    return _squares_compare(diff) or _nonnegative(diff)


def _squares_compare(diff) -> bool:
    """diff = P - N with P, N sums of terms SymPy shows nonnegative, and P^2 - N^2 >= 0
    (roots compared through their squares: (s + 2)/sqrt(s + 1) >= sqrt(s + 2))."""
    import sympy as sp

    pos, neg = [], []
    for term in sp.Add.make_args(sp.expand(diff)):
        if _nonnegative(term):
            pos.append(term)
        elif _nonnegative(-term):
            neg.append(-term)
        else:
            return False
    if not (pos and neg):
        return False
    gap = sp.expand(sp.Add(*pos) ** 2 - sp.Add(*neg) ** 2)
    return sp.factor(gap).is_nonnegative is True or _nonnegative(gap)
