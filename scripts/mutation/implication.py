"""A mutant that follows from the canonical form on every instance where the canonical form
holds, shown by plain evaluation (no claim's check, no computed values).

Where the canonical form is an inequality about free names, the instances of the declarations
on which it holds are the worlds it allows; a mutant true on every one of them follows from
it, whatever the claim's check computes for those names.  The perceptron's cosine bound
``w^T v / (||v|| ||w||) >= sqrt(t) gamma / R`` allows only positive cosines, and a cosine is
at most 1 (Cauchy-Schwarz), so the fraction turned over, ``||v|| ||w|| / (w^T v) >= ...``, holds
there too: on random instances the canonical form holds on some and the mutant on each of
those, which SymPy's sign rules cannot see.  A mutant that needs more than the canonical form
(``||w_{t-1}||`` for ``||w_t||``, true only along a perceptron run) fails on some allowed
instance and is not shown.

The evidence is numeric, so it asks for much: at least ``MIN_ALLOWED`` allowed instances over
several sizes, the mutant holding on each with no tolerance in its favour, and differing from
the canonical form on most of them (a mutant that only repeats the canonical form's values
shows nothing here: ``equivalent`` is the place for it).  And it applies only where the
canonical form rules out a good share of the plain instances (``MIN_EXCLUDED``), the claim
having a check of its own that computes its names: where the canonical form holds on every
instance, this would test the mutant alone on the declared domain, which is what a check
without code of its own did when it let the mutant pass, and shows nothing new."""
from __future__ import annotations

from .forms import _comparable, _sides

TRIALS = 256  # instances per batch
BATCHES = 8  # batches (sizes change between them)
MIN_ALLOWED = 200  # instances where the canonical form holds, over all batches
MIN_EXCLUDED = 0.1  # the share of instances on which the canonical form must fail


def _holds(op: str, lhs, rhs, np):
    """Per trial: the relation holds (a strict order strictly; '=' to 1e-9 relative)."""
    if op == "=":
        return np.isclose(lhs, rhs, rtol=1e-9, atol=1e-12)
    return {"<=": lhs <= rhs, "<": lhs < rhs, ">=": lhs >= rhs, ">": lhs > rhs}.get(op)


def _values(ev, sides, np):
    """Per relation (op, lhs values, rhs values) as real arrays over the trials, or None
    when a side is no real number per trial."""
    out = []
    for _, op, lhs, rhs in sides:
        a, b = ev(lhs), ev(rhs)
        if a.mat or b.mat:
            return None
        va, vb = np.asarray(a.arr, dtype=complex), np.asarray(b.arr, dtype=complex)
        if np.any(np.abs(va.imag) > 1e-12) or np.any(np.abs(vb.imag) > 1e-12):
            return None
        out.append((op, va.real, vb.real))
    return out


def follows_on_allowed_instances(claim, latex: str) -> bool:
    """The mutant holds on every sampled instance where the canonical form holds (see the
    module's docstring).  Only inequalities: an equation holds on no open set of instances."""
    import numpy as np

    from cheatsheet.verify.evaluate import Evaluator
    from cheatsheet.verify.sampling import Sampler

    pair = _comparable(claim, latex)
    if pair is None or claim.assume or not claim.check:
        return False  # (premises narrow the instances in ways plain sampling does not follow)
    canon, mut = (_sides(s) for s in pair)
    if not any(op in ("<", "<=", ">", ">=") for _, op, _, _ in canon):
        return False
    rng = np.random.default_rng(20261206)
    sampler = Sampler(claim.declarations, independent=tuple(claim.independent))
    allowed = differing = total = 0
    try:
        with np.errstate(all="ignore"):
            for _ in range(BATCHES):
                ev = Evaluator(sampler.sample(rng, TRIALS, layout=claim.layout))
                vc, vm = _values(ev, canon, np), _values(ev, mut, np)
                if vc is None or vm is None:
                    return False
                ok = np.ones(TRIALS, bool)
                for op, a, b in vc:
                    ok &= np.isfinite(a) & np.isfinite(b) & _holds(op, a, b, np)
                total += TRIALS
                if not ok.any():
                    continue
                both = np.ones(TRIALS, bool)
                same = np.ones(TRIALS, bool)
                for (op, a, b), (_, ca, cb) in zip(vm, vc):
                    both &= np.isfinite(a) & np.isfinite(b) & _holds(op, a, b, np)
                    same &= np.isclose(a, ca, rtol=1e-9) & np.isclose(b, cb, rtol=1e-9)
                if not both[ok].all():
                    return False
                allowed += int(ok.sum())
                differing += int((ok & ~same).sum())
    except Exception:  # noqa: BLE001 - a form the plain evaluator cannot read proves nothing
        return False
    return (allowed >= MIN_ALLOWED and differing >= allowed // 2
            and total - allowed >= MIN_EXCLUDED * total)


def _entrywise(body, i) -> bool:
    """``body`` depends on the index i only through entries x_i of vectors (x_i y_i, x_i^2):
    a sum of it over a sub-range is the same sum over the sub-vectors' whole range."""
    import sympy as sp

    bare = body.xreplace({x: sp.Dummy() for x in body.atoms(sp.Indexed)
                          if x.indices == (i,)})
    return i not in bare.free_symbols


def narrowed_instance(claim, latex: str) -> bool:
    """The mutant follows from the canonical form written for the sub-vectors of a sub-range:
    where every sum of the canonical form runs over one range [lo, hi] of entrywise terms and
    the range's ends occur nowhere else, the canonical form with all its sums over [lo', hi']
    inside it is the canonical form for the entries lo'..hi' (vectors of their own), so it
    holds; a mutant that narrows some sums to [lo', hi'] and leaves others wide then follows
    when each wide side is the narrowed one moved the loose way (``truth._implies``: a
    product of sums of nonnegative terms over a wider range is larger).  Cauchy-Schwarz with
    its left sum from i = 2 is Cauchy-Schwarz for the last n - 1 entries, loosened on the
    right."""
    import sympy as sp

    from .truth import _implies, _nonnegative

    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair

    def sums(stmt):
        return [s for r in stmt.relations for side in (r.lhs, r.rhs)
                for s in sp.preorder_traversal(side) if isinstance(s, sp.Sum)]

    cs, ms = sums(canon), sums(mut)
    if not cs or len(cs) != len(ms) or any(len(s.limits) != 1 for s in cs + ms):
        return False
    ranges = {s.limits[0] for s in cs}
    if len(ranges) != 1:
        return False
    ((i, lo, hi),) = ranges
    if any(not _entrywise(s.function, i) for s in cs):
        return False
    narrow = {s.limits[0] for s in ms} - ranges
    if len(narrow) != 1:
        return False
    ((j, lo2, hi2),) = narrow
    if j != i or not (_nonnegative(lo2 - lo) and _nonnegative(hi - hi2)):
        return False
    ends = (lo.free_symbols | hi.free_symbols)
    outside = set()
    for r in canon.relations:
        for side in (r.lhs, r.rhs):
            outside |= side.xreplace({s: sp.Dummy() for s in sp.preorder_traversal(side)
                                      if isinstance(s, sp.Sum)}).free_symbols
    if ends & outside:
        return False
    narrowed = [(type(r).__name__, r.op,
                 *(side.xreplace({s: sp.Sum(s.function, (i, lo2, hi2)) for s in
                                  sp.preorder_traversal(side) if isinstance(s, sp.Sum)})
                   for side in (r.lhs, r.rhs))) for r in canon.relations]
    sides = _sides(mut)
    if all(a[2:] == b[2:] for a, b in zip(narrowed, sides)):
        return True  # the canonical form for the sub-vectors itself
    return _implies(claim, narrowed, sides)
