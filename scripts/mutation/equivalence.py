"""Mutants that say the same as the canonical form (SymPy, with what the declarations say of a
matrix, or a plain evaluation of both forms), and assignments that read as the canonical
update."""
from __future__ import annotations

from .forms import (EQUIV_TRIALS, SIMPLIFY_SECONDS, _comparable, _named_atoms, _same,
                    _same_shape, _sides, opaque_derivative)
from .laws import joint_laws_ordered


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
    the declarations say of a matrix: a symmetric one is its own transpose...; and of random
    variables: p_{YX} is the joint law p_{XY})."""
    import sympy as sp

    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    rules = _kind_rules(decls)
    for (_, _, la, ra), (_, _, lb, rb) in zip(_sides(a), _sides(b)):
        for x, y in ((la, lb), (ra, rb)):
            if x == y:
                continue
            if opaque_derivative(x) or opaque_derivative(y):
                return False
            try:
                x, y = _by_kinds(x, rules), _by_kinds(y, rules)
                x, y = joint_laws_ordered(x, decls), joint_laws_ordered(y, decls)
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
    """How the mutant was shown to say the same as the canonical form, or None: SymPy, a
    plain evaluation of both forms, or a free subscript label renamed (``free_label_renamed``)."""
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
    if free_label_renamed(claim, latex):
        return "renamed"
    if same_conditioning(claim, latex):
        return "conditioning"
    return None


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


def _names_in(e) -> set:
    """The names a formula uses: symbols, matrix symbols and undefined functions."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    out = set()
    for a in sp.preorder_traversal(e):
        if isinstance(a, (sp.Symbol, sp.MatrixSymbol)):
            out.add(a.name)
        elif isinstance(a, AppliedUndef):
            out.add(type(a).__name__)
    return out


def _renamed(e, old: str, new: str):
    """``e`` with the name ``old`` (a symbol, a matrix symbol or a function) called ``new``."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    def one(a):
        if isinstance(a, sp.Symbol) and a.name == old:
            return sp.Symbol(new, **a.assumptions0)
        if isinstance(a, sp.MatrixSymbol) and a.name == old:
            return sp.MatrixSymbol(new, *a.shape)
        if isinstance(a, AppliedUndef) and type(a).__name__ == old:
            return sp.Function(new)(*a.args)
        return None

    return e.replace(lambda a: one(a) is not None, one)


def free_label_renamed(claim, latex: str) -> bool:
    """The mutant is the canonical form with one name's subscript labels changed, letters for
    letters (W_{ij} -> W_{ji}, f_{i_k} -> f_{i_t}), where each label changed occurs nowhere else
    in the canonical form: a free label, so the statement holds for every value of it and the
    mutant says the same of another name for it (Var(W_ij) = 2/n for all i, j is Var(W_ji) =
    2/n).  A label tied to the rest (L_{t-1} -> L_t beside alpha_t) is no renaming."""
    from cheatsheet.verify.parsing import parse_cached

    try:
        canon = claim.statement
        mut = parse_cached(latex, claim.declarations, layout=claim.layout)
    except Exception:  # noqa: BLE001
        return False
    if not (canon.relations and _same_shape(canon, mut) and canon.premises == mut.premises):
        return False
    sides_c = [x for _, _, l, r in _sides(canon) for x in (l, r)]
    sides_m = [x for _, _, l, r in _sides(mut) for x in (l, r)]
    nc = set().union(*(_names_in(x) for x in sides_c))
    nm = set().union(*(_names_in(x) for x in sides_m))
    gone, new = nc - nm, nm - nc
    if len(gone) != 1 or len(new) != 1:
        return False
    a, b = gone.pop(), new.pop()
    base_a, _, sub_a = a.partition("_")
    base_b, _, sub_b = b.partition("_")
    if base_a != base_b or not sub_a or len(sub_a) != len(sub_b):
        return False
    changed = [(x, y) for x, y in zip(sub_a, sub_b) if x != y]
    if not changed or not all(x.isalpha() and y.isalpha() for x, y in changed):
        return False
    declared = {d.name for d in claim.declarations or ()}
    for other in nc - {a}:
        stem, _, sub = other.partition("_")
        if other in {x for x, _ in changed}:
            return False  # the label is a name of its own here
        word = sub and other in declared and len(sub) > 1 and sub.isalpha()
        if sub and not word and any(x in sub for x, _ in changed):
            return False  # the label indexes another name too: tied
    import sympy as sp

    try:  # as printed in full: the reader's function classes carry what srepr shows
        return all(sp.srepr(_renamed(x, a, b)) == sp.srepr(y) for x, y in zip(sides_c, sides_m))
    except Exception:  # noqa: BLE001
        return False


def _same_information(p, q) -> bool:
    """p and q are nonzero powers of one positive symbol (sigma and sigma^2): each determines
    the other, so conditioning on either is conditioning on the same thing."""
    import sympy as sp

    if p.free_symbols != q.free_symbols or len(p.free_symbols) != 1:
        return False
    (x,) = p.free_symbols
    if x.is_positive is not True:
        return False
    for e in (p, q):
        base, exp = e.as_base_exp()
        if base != x or not exp.is_number or exp == 0:
            return False
    return True


def same_conditioning(claim, latex: str) -> bool:
    """The mutant is the canonical form with an entry after the bar of a p(. | ...) replaced
    by another nonzero power of the same positive parameter (p(x | mu, sigma) for
    p(x | mu, sigma^2)): the same conditional law, the parameter named another way."""
    import sympy as sp

    from cheatsheet.latex import Given

    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    givens_c = [g for _, _, l, r in _sides(canon) for x in (l, r)
                for g in sp.preorder_traversal(x) if isinstance(g, Given)]
    swap = {}
    for g in {g for _, _, l, r in _sides(mut) for x in (l, r)
              for g in sp.preorder_traversal(x) if isinstance(g, Given)}:
        for h in givens_c:
            if len(h.args) != len(g.args) or h.args[0] != g.args[0]:
                continue
            tc, tm = h.args[1], g.args[1]
            if not (isinstance(tc, sp.Tuple) and isinstance(tm, sp.Tuple)
                    and len(tc) == len(tm)):
                continue
            if tc != tm and all(a == b or _same_information(a, b) for a, b in zip(tc, tm)):
                swap[g] = h
    if not swap:
        return False
    return all(sp.srepr(a) == sp.srepr(b.xreplace(swap))
               for (_, _, la, ra), (_, _, lb, rb) in zip(_sides(canon), _sides(mut))
               for a, b in ((la, lb), (ra, rb)))
