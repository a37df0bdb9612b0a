#!/usr/bin/env python3
"""Mutation testing of the catalog's checks: can each claim's check tell its formula from a typo?

Every canonical form is mutated with the quiz's own operators (``cheatsheet.quiz.mutate``:
sign, exponent, transpose/inverse, fraction turned over or dropped, dropped or changed factor,
index swap, dropped root).  Each mutant is decided by the claim's check exactly as
``cheatsheet verify`` decides a sheet's line (seed 0).  A mutant is

  killed       the check refutes it (with a counterexample);
  equivalent   not refuted, but shown to say the same as the canonical form *without the
               claim's check*: SymPy proves each side of each relation equal to the canonical
               side (simplify of the difference, a declared symmetric matrix taken as its own
               transpose, an orthogonal one's inverse as its transpose), or a plain evaluation
               of both forms' sides on random instances of the declarations gives the same
               values;
  update       undecided because it is an assignment (a name on the left that also occurs on
               its right: theta_t = theta_t - eta g), and read as one, its left side the new
               value and the name on its right the old one, it is the canonical form (SymPy:
               each side equal after that renaming alone).  No check can refute it without
               calling a correct update wrong; listed, not counted as a survivor;
  unreadable   the reader cannot read it (the quiz never shows such a mutant);
  true         not equivalent, but SymPy shows the mutant true without the claim's check:
               it follows from the canonical form (an inequality with a side moved the loose
               way, such as a larger factor on the bigger side), it is a tautology (both
               sides of each relation SymPy-equal: P^{-1} = P^{-1}), or, for a claim with no
               custom check, SymPy proves the mutant itself (a Hessian that drops a linear
               term); listed, not counted as a survivor;
  survivor     anything else: the check lets a possibly different formula through, or cannot
               decide it ('error': the check cannot evaluate that form; 'crash': it raised).
               Some survivors are true statements of their own (a looser bound, a sign that
               does not change a symmetric law); the list says what the check answered so a
               person can judge.

The score is killed / (killed + survivors).  A full run takes a few minutes (--jobs 2: ~6).

  --topic T   only claims of topic T, or with id T or T.* (repeatable)
  --claim ID  only this claim (repeatable; same as --topic with an id)
  --jobs J    worker processes (default: the number of CPUs)
  --json      one JSON object instead of the text report
  --all       also list the claims with no survivor
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EQUIV_TRIALS = 24
SIMPLIFY_SECONDS = 2.0


def _selected(claims, names):
    if not names:
        return list(claims)
    wanted = set(names)
    return [c for c in claims
            if c.topic in wanted or any(c.id == t or c.id.startswith(t + ".") for t in wanted)]


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
    """``e`` with A^T -> A for a declared symmetric A and Q^{-1} -> Q^T for an orthogonal Q."""
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
        return None

    return e.replace(lambda x: swap(x) is not None, swap)


def _symbolic_equal(a, b, decls=None) -> bool:
    """Each side of each relation of ``b`` is SymPy-equal to the same side of ``a`` (with what
    the declarations say of a matrix: a symmetric one is its own transpose...)."""
    import sympy as sp

    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    rules = _kind_rules(decls)
    for (_, _, la, ra), (_, _, lb, rb) in zip(_sides(a), _sides(b)):
        for x, y in ((la, lb), (ra, rb)):
            if x == y:
                continue
            try:
                x, y = _by_kinds(x, rules), _by_kinds(y, rules)
            except Exception:  # noqa: BLE001 - no rewriting: compare as read
                pass
            if x == y:
                continue
            try:
                with time_limit(SIMPLIFY_SECONDS):
                    if sp.simplify(x - y) != 0:
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
    """How the mutant was shown to say the same as the canonical form, or None."""
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
    return None


def _same(x, y) -> bool:
    return x == y or _symbolic_equal_pair(x, y)


def _symbolic_equal_pair(x, y) -> bool:
    import sympy as sp

    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    if x == y:
        return True
    try:
        with time_limit(SIMPLIFY_SECONDS):
            d = sp.simplify(x - y)
            return d == 0 or isinstance(d, sp.ZeroMatrix)
    except CheckTimeout:
        return False
    except Exception:  # noqa: BLE001 - a difference SymPy cannot form proves nothing
        return False


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


def _named_atoms(e) -> list:
    import sympy as sp

    return sorted({a for a in sp.preorder_traversal(e)
                   if isinstance(a, (sp.Symbol, sp.MatrixSymbol))}, key=str)


_LOOSER = {"<=": (-1, 1), "<": (-1, 1), ">=": (1, -1), ">": (1, -1)}


def _nonnegative(d) -> bool:
    """SymPy shows d >= 0 from the symbols' declared assumptions (within the budget)."""
    import sympy as sp

    from cheatsheet.verify.timelimit import CheckTimeout, time_limit

    from cheatsheet import ops

    norms = {n: sp.Dummy("norm", nonnegative=True) for n in d.atoms(ops.Norm)}
    d = d.xreplace(norms)  # a norm is never negative (each norm one symbol)
    try:
        with time_limit(SIMPLIFY_SECONDS):
            d = sp.simplify(d)
            return d == 0 or d.is_nonnegative is True or sp.factor(d).is_nonnegative is True
    except CheckTimeout:
        return False
    except Exception:  # noqa: BLE001 - a difference SymPy cannot form proves nothing
        return False


def implied(claim, latex: str) -> bool:
    """The mutant follows from the canonical form by SymPy alone: each of its inequalities is
    the canonical one with a side moved the loose way (the left side of a <= no larger, the
    right side no smaller: ``2 a >= b`` after ``a >= b`` for a >= 0), every other side the same.
    True whenever the canonical form is, independently of the claim's check."""
    pair = _comparable(claim, latex)
    if pair is None:
        return False
    canon, mut = pair
    moved = False
    for (_, op, la, ra), (_, _, lb, rb) in zip(_sides(canon), _sides(mut)):
        if (la, ra) == (lb, rb):
            continue
        if op not in _LOOSER or getattr(la, "is_Matrix", False) or la.is_Matrix is True:
            return False
        left, right = _LOOSER[op]  # the sign of (mutant side - canonical side) that loosens
        for a, b, sign in ((la, lb, left), (ra, rb, right)):
            if a != b and not _nonnegative(sign * (b - a)):
                return False
        moved = True
    return moved


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


def score_claim(claim_id: str) -> dict:
    import numpy as np

    from cheatsheet.catalog import get_catalog
    from cheatsheet.latex import LatexError, parse
    from cheatsheet.quiz.mutate import mutations
    from cheatsheet.verify.check import check_version

    warnings.simplefilter("ignore")
    claim = get_catalog()[claim_id]
    out = {"claim": claim.id, "topic": claim.topic, "check": claim.check or "",
           "killed": 0, "equivalent": 0, "unreadable": 0, "true": [], "update": [],
           "survivors": []}
    start = time.perf_counter()
    for k, m in enumerate(mutations(claim.latex)):
        try:
            parse(m.latex, claim.declarations, layout=claim.layout)
        except LatexError as exc:
            if type(exc).__name__ != "LatexShapeError":  # ill-formed sizes: the check refutes
                out["unreadable"] += 1
                continue
        except Exception:  # noqa: BLE001 - the reader tripping over a mutant is not a verdict
            out["unreadable"] += 1
            continue
        try:
            with np.errstate(all="ignore"):
                ev = check_version(claim, m.latex, claim.declarations, claim.layout,
                                   list(claim.assume), seed=0, key=("mutant", k),
                                   symbolic_first=False, thorough=False)
            verdict, detail = ev.verdict, ev.detail or ""
        except Exception as exc:  # noqa: BLE001 - a checker crash is reported, not fatal
            verdict, detail = "crash", f"{type(exc).__name__}: {exc}"
        if verdict == "refuted" and ev.counterexample:
            out["killed"] += 1
            continue
        how = equivalent(claim, m.latex)
        if how:
            out["equivalent"] += 1
            continue
        if verdict == "undecided" and update_reading(claim, m.latex):
            out["update"].append(m.latex)
            continue
        if verdict in ("proved", "passed") and (
                implied(claim, m.latex) or _tautology(claim, m.latex)
                or (not claim.check and _proved(claim, m.latex))):
            out["true"].append(m.latex)
            continue
        out["survivors"].append({"latex": m.latex, "what": m.what, "verdict": verdict,
                                 "detail": detail[:160]})
    out["seconds"] = round(time.perf_counter() - start, 2)
    return out


def _report(results, show_all: bool, seconds: float) -> str:
    lines = []
    killed = sum(r["killed"] for r in results)
    surv = sum(len(r["survivors"]) for r in results)
    eq = sum(r["equivalent"] for r in results)
    unread = sum(r["unreadable"] for r in results)
    true = sum(len(r["true"]) for r in results)
    update = sum(len(r["update"]) for r in results)
    for r in sorted(results, key=lambda r: (-len(r["survivors"]), r["claim"])):
        if not r["survivors"] and not show_all:
            continue
        lines.append(f"{r['claim']}  ({r['check'] or 'symbolic/numeric'}): "
                     f"{r['killed']} killed, {r['equivalent']} equivalent, "
                     f"{len(r['survivors'])} surviving")
        for s in r["survivors"]:
            lines.append(f"    {s['what']:<9} {s['verdict']:<9} {s['latex']}")
    total = killed + surv
    pct = 100.0 * killed / total if total else 100.0
    lines.append("")
    lines.append(f"claims: {len(results)}   mutants: {killed + surv + eq + unread + true + update}"
                 f"   killed: {killed}   equivalent: {eq}   true (proved): {true}")
    lines.append(f"assignments that read as the canonical update: {update}   "
                 f"unreadable: {unread}")
    lines.append(f"survivors: {surv} in {sum(1 for r in results if r['survivors'])} claim(s)   "
                 f"mutation score: {pct:.1f}% ({killed}/{total})   [{seconds:.0f} s]")
    said = Counter(s["verdict"] for r in results for s in r["survivors"])
    if said:
        lines.append("survivors by what the check said: "
                     + ", ".join(f"{v} {n}" for v, n in said.most_common()))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topic", action="append", default=[], metavar="T")
    ap.add_argument("--claim", action="append", default=[], metavar="ID")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="J")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args(argv)
    sys.path.insert(0, ROOT)
    from cheatsheet.catalog import get_catalog

    claims = _selected(get_catalog(), args.topic + args.claim)
    if not claims:
        topics = sorted({c.topic for c in get_catalog()})
        print("no claim matches " + ", ".join(args.topic + args.claim)
              + "; topics: " + ", ".join(topics), file=sys.stderr)
        return 2
    start = time.perf_counter()
    ids = [c.id for c in claims]
    if args.jobs > 1 and len(ids) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(score_claim, ids, chunksize=1))
    else:
        results = [score_claim(i) for i in ids]
    seconds = time.perf_counter() - start
    if args.json:
        killed = sum(r["killed"] for r in results)
        surv = sum(len(r["survivors"]) for r in results)
        print(json.dumps({"claims": results, "killed": killed, "survivors": surv,
                          "equivalent": sum(r["equivalent"] for r in results),
                          "unreadable": sum(r["unreadable"] for r in results),
                          "true": sum(len(r["true"]) for r in results),
                          "update": sum(len(r["update"]) for r in results),
                          "score": killed / (killed + surv) if killed + surv else 1.0},
                         indent=1))
    else:
        print(_report(results, args.all, seconds))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
