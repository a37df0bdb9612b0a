"""Case definitions (SymPy ``Piecewise``): their boundaries and where their cases overlap.

Random sampling never draws the boundary of a condition (x = 0 in "1 if x >= 0, 0 if x <= 0"),
yet that is where a case definition goes wrong: two cases that both claim the point and give
different values there define nothing.  So for every condition ``a op b`` with a sampled scalar s
in it, the trials are moved onto the boundary by solving ``a = b`` for s, and every pair of
cases is compared on every trial (random or on a boundary) that both conditions cover.

Only that consistency is checked on a boundary.  Whether the formula's relation holds there
is not: a case definition of a derivative at a kink (ReLU'(0)) is a convention, and a central
difference at the kink averages the two sides, so comparing there would refute correct sheets.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import sympy as sp

from cheatsheet.statement import Statement
from .evaluate import EvalError, Evaluator, Instance, Val, _align, _scalarize
from .sampling import describe_trial

_SOLVE_DEGREE = 2  # boundaries are solved for s only where the condition is a polynomial in s


def piecewises(stmt: Statement) -> list[sp.Piecewise]:
    found = []
    for r in (*stmt.relations, *stmt.premises):
        for side in (r.lhs, r.rhs):
            if side.has(sp.Piecewise):
                found += [p for p in sp.preorder_traversal(side) if isinstance(p, sp.Piecewise)]
    return list(dict.fromkeys(found))


def _conditions(p: sp.Piecewise) -> list:
    out = []
    for _, cond in p.args:
        if isinstance(cond, sp.core.relational.Relational):
            out.append(cond)
        elif isinstance(cond, (sp.And, sp.Or)):
            out += [c for c in cond.args if isinstance(c, sp.core.relational.Relational)]
    return out


def boundary_instances(stmt: Statement, inst: Instance) -> list[tuple[Instance, str]]:
    """Copies of ``inst`` with one sampled scalar moved onto a condition's boundary, each with
    a description of the boundary (``x = 0``)."""
    out = []
    seen = set()
    scalars = {k for k, v in inst.values.items() if not v.mat}
    for p in piecewises(stmt):
        for cond in _conditions(p):
            diff = cond.lhs - cond.rhs
            for s in sorted(diff.free_symbols, key=lambda x: x.name):
                if s.name not in scalars or s.name in inst.dims:
                    continue
                try:
                    if sp.Poly(diff, s).degree() > _SOLVE_DEGREE:
                        continue
                    roots = sp.solve(sp.Eq(diff, 0), s)
                except (sp.PolynomialError, NotImplementedError, TypeError, ValueError):
                    continue
                for root in roots:
                    if not root.is_real and root.is_real is not None:
                        continue
                    key = (s.name, root)
                    if key in seen:
                        continue
                    seen.add(key)
                    try:
                        at = Evaluator(inst)(root)
                    except (EvalError, ValueError, ArithmeticError):
                        continue
                    arr = np.broadcast_to(np.real(at.arr), inst.values[s.name].arr.shape)
                    values = dict(inst.values)
                    values[s.name] = Val(np.array(arr, dtype=float))
                    out.append((replace(inst, values=values), f"{s.name} = {sp.sstr(root)}"))
    return out


def overlap(stmt: Statement, inst: Instance, where: str, rtol: float, atol: float):
    """The first trial where two cases of a case definition both apply and disagree, as a
    counterexample dict, or None."""
    ev = Evaluator(inst)
    for p in piecewises(stmt):
        cases = []
        for expr, cond in p.args:
            if cond is sp.true:  # "otherwise": the complement of the cases before it
                continue
            try:
                c = np.asarray(ev(cond).arr, bool)
                v = _scalarize(ev(expr))
            except (EvalError, ValueError, ArithmeticError):
                continue
            if v.mat:
                continue
            cases.append((cond, c, v))
        for i in range(len(cases)):
            for j in range(i + 1, len(cases)):
                (ci, bi, vi), (cj, bj, vj) = cases[i], cases[j]
                x, y = _align(vi, vj)
                x, y = np.broadcast_arrays(x, y)
                b = np.broadcast_to(bi & bj, x.shape) if x.ndim else bi & bj
                with np.errstate(all="ignore"):
                    bad = b & np.isfinite(x) & np.isfinite(y) & (
                        np.abs(x - y) > atol + rtol * np.maximum(np.abs(x), np.abs(y)))
                bad = np.atleast_1d(bad)
                if bad.any():
                    t = int(np.flatnonzero(bad)[0])
                    xv, yv = (float(np.atleast_1d(a)[t]) for a in (x, y))
                    where_text = f" at the boundary {where}" if where else ""
                    return {
                        "relation": "(cases overlap)",
                        "why": (f"the cases '{sp.sstr(ci)}' and '{sp.sstr(cj)}' both apply"
                                f"{where_text} and give different values: "
                                f"{xv:.6g} and {yv:.6g}"),
                        "instance": describe_trial(inst, t),
                        "lhs": xv, "rhs": yv,
                    }
    return None
