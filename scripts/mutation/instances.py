"""Mutants true because they are an instance of the canonical form: a free name renamed,
negated or rescaled where the claim's check draws it from a symmetric domain."""
from __future__ import annotations

from .forms import SIMPLIFY_SECONDS, _comparable, _diff_path, _sides


# -- true mutants shown by what they are, without the claim's check ---------------------------

# domains that a sign change maps onto themselves (all reals, all vectors or matrices of a size)
_SYMMETRIC = ("real", "vector", "vectors", "matrix", "square")


def run_watching(claim, key: str, watch) -> bool:
    """Run the claim's check on its canonical form, each batch's ``extra`` (the values the
    check computes itself) called through ``watch(inst, extra)``; False when the check fails."""
    import numpy as np

    from cheatsheet.verify import custom
    from cheatsheet.verify.check import check_version

    numeric = custom.CheckContext.numeric

    def watched(self, stmt, **changes):
        extra = changes.get("extra")
        if extra is not None:
            changes["extra"] = lambda inst: watch(inst, extra)
        return numeric(self, stmt, **changes)

    custom.CheckContext.numeric = watched
    try:
        with np.errstate(all="ignore"):
            check_version(claim, claim.latex, claim.declarations, claim.layout,
                          list(claim.assume), seed=0, key=(key,), symbolic_first=False,
                          thorough=False)
        return True
    except Exception:  # noqa: BLE001 - a check that fails here shows nothing
        return False
    finally:
        custom.CheckContext.numeric = numeric


def computed_names(claim) -> set:
    """The names the claim's check supplies itself (a run, a minimiser, a law's moments): the
    values its ``extra`` returns or writes, and the functions it sets, on a run of the
    canonical form.  Such a name is not free: a statement about it is not 'for every value'.
    A sampled value the check only steers (moved near a worst case on some trials, left as
    sampled on at least half) is still free: the statement is decided for every value of it."""
    if not claim.check:
        return set()
    seen: set = set()

    def watch(inst, extra):
        before = {k: id(v) for k, v in inst.values.items()}
        sampled = dict(inst.values)
        functions = set(inst.functions)
        out = extra(inst)
        seen.update(k for k, v in (out or {}).items() if not _steered(sampled.get(k), v))
        seen.update(k for k, v in inst.values.items() if before.get(k) != id(v)
                    and not _steered(sampled.get(k), v))
        seen.update(set(inst.functions) - functions)
        return out

    # (a check that fails here computes nothing we can see: every name may be computed)
    return seen if run_watching(claim, "computed", watch) else {"*"}


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
