"""Deciding a statement on random instances: passes, or refuted with a printed instance.

Trials run in batches (one evaluation per batch, sizes fixed within a batch, several batches
with different sizes).  Among the failing trials the reported counterexample is the smallest
one (fewest dimensions, then smallest values), since that is the one a student can check by hand.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

import numpy as np
import sympy as sp
from sympy import Piecewise
from sympy.core.function import AppliedUndef

from cheatsheet import ops
from cheatsheet.latex.law_statements import LAW_ONLY, has_law_relation
from cheatsheet.statement import Relation, Statement
from .evaluate import EvalError, Evaluator, Instance, ShapeError, Val, _align, _scalarize
from .index_base import FitsFromZero, OutOfRange, from_zero
from . import cases
from .constancy import Constancy
from .evidence import Evidence
from .sampling import Sampler, describe_trial, take


@dataclass
class NumericOptions:
    trials: int = 48
    rtol: float = 1e-6
    atol: float = 1e-9
    layout: str = "denominator"
    assume: tuple[Relation, ...] = ()
    approx_rtol: float | None = None  # the accuracy a claim states for its '\approx'
    # extra values computed from each sampled instance (custom checks: "the true output size")
    extra: Callable[[Instance], dict[str, Val]] | None = None
    dims: list[dict] | None = None  # explicit size configurations, else drawn


@dataclass
class _Outcome:
    ok: np.ndarray  # per-trial bool
    err: np.ndarray  # per-trial relative error (for '=')
    lhs: Val
    rhs: Val
    shape_note: str = ""
    decided: np.ndarray | None = None  # per-trial: both sides finite (else the trial is void)
    lone: np.ndarray | None = None  # per-trial: 1 only the left side has a value, -1 the right


def _tol(x, y, o: NumericOptions):
    return o.atol + o.rtol * np.maximum(np.abs(x), np.abs(y))


def _trials_of(v: Val, T: int) -> np.ndarray:
    a = v.arr
    if v.nbatch == 0:
        a = np.broadcast_to(a, (T,) + a.shape)
    return a


_DIFFERENCED = ("partial", "grad", "hessian", "chain")


def _differences(n) -> bool:
    return isinstance(n, (sp.Derivative, ops.Partial)) \
        or (isinstance(n, ops.MatApply) and n.op in _DIFFERENCED)


def _search(n) -> bool:
    return (type(n).__name__ == "ArgExtremum" and len(n.args) != 5) \
        or (isinstance(n, ops.MatApply) and n.op in ("argmin", "argmax"))


def uses_differences(expr) -> bool:
    """Whether evaluating ``expr`` takes finite differences (any derivative)."""
    return _uses(expr, _differences)


def uses_search(expr) -> bool:
    """Whether evaluating ``expr`` searches for an extremum over a real variable or a vector
    (an arg min found numerically, to the precision extrema.py measures)."""
    return _uses(expr, _search)


def _uses(expr, node_test) -> bool:
    """Does any node of ``expr`` pass ``node_test``?"""
    try:  # asked for each side of each relation in every batch: walk each expression once
        return _uses_cached(expr, node_test)
    except TypeError:  # pragma: no cover - an unhashable expression
        return _walk(expr, node_test)


@lru_cache(maxsize=8192)
def _uses_cached(expr, node_test) -> bool:
    return _walk(expr, node_test)


def _walk(expr, node_test) -> bool:
    return any(node_test(n) for n in sp.preorder_traversal(expr))


def _flat_pair(lhs: Val, rhs: Val, T: int):
    """Both sides as (T, entries) arrays, broadcast against each other."""
    x, y = _align(lhs, rhs)
    x = np.broadcast_to(x, np.broadcast_shapes(x.shape, y.shape))
    y = np.broadcast_to(y, x.shape)
    if x.ndim == 0:
        x, y = np.broadcast_to(x, (T,)), np.broadcast_to(y, (T,))
    flat = lambda a: a.reshape(a.shape[0], -1)  # noqa: E731
    X, Y = flat(x), flat(y)
    if X.shape[0] != T:
        X = np.broadcast_to(X, (T, X.shape[1]))
        Y = np.broadcast_to(Y, (T, Y.shape[1]))
    return X, Y


def _step_slack(X, Y, others, T, factor=4) -> np.ndarray | float:
    """How far finite differences may be off: 4 times the largest change of either side when
    the step doubles or halves.  Doubling shows the truncation error (it grows with the step),
    halving the rounding error (it grows as the step shrinks), so the slack covers both; a
    wrong formula differs by far more than either.  For a search's found point moved by its
    precision (``moves``) the change itself (``factor`` 1): that precision is already a bound."""
    slack = 0.0
    for pair in others:
        try:
            X2, Y2 = _flat_pair(*pair, T)
            with np.errstate(all="ignore"):
                s = factor * (np.abs(X - X2) + np.abs(Y - Y2))
        except (ValueError, EvalError):
            continue
        slack = np.maximum(slack, np.where(np.isfinite(s), s, 0.0))
    return slack


def compare(rel: Relation, lhs: Val, rhs: Val, T: int, o: NumericOptions,
            steps: list[tuple[Val, Val]] = (), moves: list[tuple[Val, Val]] = ()) -> _Outcome:
    """Decide ``rel`` per trial.  ``steps``: both sides again with other difference steps, for
    statements with derivatives (their tolerance widens by the differences' error); ``moves``:
    both sides with each search's point moved by its precision, either way (the tolerance
    widens by how far that moves them: an arg min is only as exact as the search found it)."""
    if lhs.mat != rhs.mat:
        lhs, rhs = _scalarize(lhs), _scalarize(rhs)
        steps = [(_scalarize(a), _scalarize(b)) for a, b in steps]
    if lhs.mat and rhs.mat and lhs.mshape != rhs.mshape:
        bad = np.zeros(T, bool)
        return _Outcome(bad, np.full(T, np.inf), lhs, rhs,
                        f"the left side is {lhs.mshape[0]}×{lhs.mshape[1]}, "
                        f"the right side {rhs.mshape[0]}×{rhs.mshape[1]}")
    if lhs.mat != rhs.mat and rel.op in ("=", "!="):
        bad = np.zeros(T, bool)
        m = lhs if lhs.mat else rhs
        return _Outcome(bad, np.full(T, np.inf), lhs, rhs,
                        f"one side is a {m.mshape[0]}×{m.mshape[1]} matrix, the other a scalar")
    X, Y = _flat_pair(lhs, rhs, T)
    x, y = _align(lhs, rhs)  # the PSD order below works on the matrices themselves
    finite = np.isfinite(X).all(axis=1) & np.isfinite(Y).all(axis=1)
    if lhs.exact_inf or rhs.exact_inf:
        X, Y, finite = _with_infinities(X, Y, finite)
    tol = _tol(X, Y, o)
    if steps:
        tol = tol + _step_slack(X, Y, steps, T)
    if moves:
        tol = tol + _step_slack(X, Y, moves, T, factor=1)
    diff = X - Y
    scale = np.maximum(np.maximum(np.abs(X), np.abs(Y)), 1e-300)
    with np.errstate(all="ignore"):
        rel_err = np.where(np.abs(diff) <= o.atol, 0.0, np.abs(diff) / scale).max(axis=1)
    op = rel.op
    if op == "=":
        ok = (np.abs(diff) <= tol).all(axis=1)
    elif op == "approx":
        if o.approx_rtol is None:
            raise EvalError("≈ with no stated accuracy")
        ok = (np.abs(diff) <= o.approx_rtol * scale + o.atol).all(axis=1)
    elif op == "!=":
        ok = (np.abs(diff) > tol).any(axis=1)
    elif op in ("<=", "<"):
        ok = (diff <= tol).all(axis=1)
        if op == "<":  # strict: within rounding, but never two identical numbers (0 < 0)
            ok &= (X != Y).all(axis=1)
        rel_err = np.maximum(diff / scale, 0).max(axis=1)
    elif op in (">=", ">"):
        ok = (diff >= -tol).all(axis=1)
        if op == ">":
            ok &= (X != Y).all(axis=1)
        rel_err = np.maximum(-diff / scale, 0).max(axis=1)
    elif op in ("succeq", "preceq"):
        if not (lhs.mat and rhs.mat) and not (lhs.mat or rhs.mat):
            raise EvalError("the PSD order needs a matrix side")
        d = x - y if op == "succeq" else y - x
        if d.ndim == 2:
            d = np.broadcast_to(d, (T,) + d.shape)
        sym = (d + np.swapaxes(d, -1, -2)) / 2
        low = np.linalg.eigvalsh(sym)[..., 0].reshape(T, -1).min(axis=1)
        sc = np.abs(sym).reshape(T, -1).max(axis=1) + 1
        ok = low >= -o.rtol * 10 * sc - o.atol
        rel_err = np.maximum(-low / sc, 0)
    else:  # pragma: no cover
        raise EvalError(f"unknown relation {op}")
    ok = np.where(finite, ok, True)
    rel_err = np.where(finite, rel_err, 0.0)
    with np.errstate(invalid="ignore"):
        lfin, rfin = np.isfinite(X).all(axis=1), np.isfinite(Y).all(axis=1)
        lone = np.where(lfin & np.isnan(Y).any(axis=1), 1,
                        np.where(rfin & np.isnan(X).any(axis=1), -1, 0))
    return _Outcome(ok, rel_err, lhs, rhs, "" if finite.any() else "no finite value", finite,
                    lone)


HUGE = 1e300  # an infinity that is a value (Val.exact_inf), compared as this


def _with_infinities(X, Y, finite):
    """Trials where a side is a limit's infinity (+-inf, no NaN on either side) are decided:
    each infinity stands as +-HUGE, so it equals an infinity of the same sign and differs from
    every number (lim (1 + n/x)^n = e^x is refuted where the limit is +inf)."""
    with np.errstate(invalid="ignore"):
        known = ~finite & ~np.isnan(X).any(axis=1) & ~np.isnan(Y).any(axis=1)
    if not known.any():
        return X, Y, finite
    X = np.where(known[:, None], np.clip(X, -HUGE, HUGE), X)
    Y = np.where(known[:, None], np.clip(Y, -HUGE, HUGE), Y)
    return X, Y, finite | known


def _slack_may_matter(rel: Relation, out: _Outcome) -> bool:
    """Whether widening the tolerance by the differences' error (``compare``'s ``steps``) could
    change ``out``: only for trials that fail without it (a wider tolerance never fails a trial
    of =, <=, <, >=, > that passes), or for != (where it can only fail more).  So a statement
    whose derivatives pass at the instance's step is not differenced twice more."""
    if rel.op == "!=":
        return bool(out.ok.any())
    return not bool(out.ok.all())


def _other_step(inst: Instance, k: float, rel: Relation, lhs: Val, rhs: Val):
    """Both sides with ``k`` times the difference step; a side that takes no difference is the
    same value (the step is the only thing that changed)."""
    ev = Evaluator(replace(inst, fd_step=k * inst.fd_step))
    return (ev(rel.lhs) if uses_differences(rel.lhs) else lhs,
            ev(rel.rhs) if uses_differences(rel.rhs) else rhs)


def _moved_searches(inst: Instance, rel: Relation, lhs: Val, rhs: Val) -> list:
    """Both sides with every search's found point moved by its precision, each way; a side
    with no search is the same value."""
    out = []
    for shift in (1.0, -1.0):
        ev = Evaluator(replace(inst, search_shift=shift))
        out.append((ev(rel.lhs) if uses_search(rel.lhs) else lhs,
                    ev(rel.rhs) if uses_search(rel.rhs) else rhs))
    return out


def _within_quadrature(rel: Relation, lhs: Val, rhs: Val, T: int, o: NumericOptions,
                       inst: Instance, out: _Outcome) -> _Outcome:
    """``out`` again with the tolerance widened by the quadrature's error, estimated as for
    differences: both sides once more with each density on fewer nodes. A value that moves
    with the rule (E[e^{tX}] near the edge of its range) decides nothing within the move."""
    ev = Evaluator(replace(inst, dists=[d.coarse or d for d in inst.dists]))
    try:
        rough = (ev(rel.lhs), ev(rel.rhs))
    except (EvalError, ShapeError, ValueError, ArithmeticError, np.linalg.LinAlgError):
        return out
    return compare(rel, lhs, rhs, T, o, [rough])


def _trial_value(v: Val, i: int, T: int):
    a = v.arr
    if v.nbatch >= 1 and a.shape[0] == T:
        a = a[i]
    elif v.nbatch >= 1 and a.shape[0] == 1:
        a = a[0]
    a = np.asarray(a)
    if np.iscomplexobj(a):
        if np.allclose(a.imag, 0):
            a = a.real
        else:
            return str(np.round(a, 6).tolist())
    a = a.astype(float)
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim == 0:
        x = float(a)
        return x if not math.isfinite(x) else float(f"{x:.8g}")
    return np.round(a, 6).tolist()


def _size_key(inst: Instance, i: int):
    dims = sum(inst.dims.values())
    mags = 0.0
    for v in inst.values.values():
        a = v.arr
        if a.ndim and a.shape[0] > i:
            mags += float(np.abs(a[i]).sum())
    return (dims, mags)


_ROUNDING = 1e-9  # relative and absolute slack of an equation a trial must meet


def _valid_mask(inst: Instance, rels, T, o: NumericOptions) -> np.ndarray:
    keep = np.ones(T, bool)
    ev = Evaluator(inst)
    for rel in rels:
        l, r = ev(rel.lhs), ev(rel.rhs)
        # an equation between computed values holds up to rounding (w_0 = P w_0 for a projection
        # P); a random draw meets it never, so the slack admits no instance it should not
        tol = _ROUNDING if rel.op == "=" else 0
        out = compare(rel, l, r, T, NumericOptions(rtol=tol, atol=tol))
        keep &= out.ok & np.isfinite(out.err)
    return keep


def _plain(exc: Exception) -> str:
    """An evaluation failure in words (no exception class names)."""
    if isinstance(exc, (EvalError, ValueError)):
        return str(exc)
    if isinstance(exc, np.linalg.LinAlgError):
        return f"a matrix operation failed ({exc})"
    return f"an arithmetic failure ({exc})"


def _case_overlaps(stmt: Statement, inst: Instance, T: int, conditions,
                   o: NumericOptions) -> list:
    """Case definitions whose cases both apply somewhere and disagree, on the random trials
    and on trials moved onto the conditions' boundaries (``cases``)."""
    if not any(side.has(Piecewise) for r in stmt.relations for side in (r.lhs, r.rhs)):
        return []
    found = []
    for variant, where in [(inst, "")] + cases.boundary_instances(stmt, inst):
        if conditions and where:  # a boundary outside the claim's domain says nothing
            keep = _valid_mask(variant, conditions, T, o)
            if not keep.any():
                continue
            variant = take(variant, np.flatnonzero(keep))
        cx = cases.overlap(stmt, variant, where, o.rtol, o.atol)
        if cx is not None:
            found.append(((sum(variant.dims.values()), 0.0), _Found(cx)))
    return found


class _Nowhere:
    """A side with no value on any instance of the declared domains while the other side has
    one on each (log sqrt(1 - rho^{-2}) for |rho| < 1, a sum of A_uv (x_u - x_v)^{-2} over all
    pairs u, v): the formula says nothing anywhere its counterpart means something, so it is
    refuted, with the first instance as the example.  Needs MIN_TRIALS such instances and
    no trial where the relation has a value at all."""

    MIN_TRIALS = 8
    # what gives no value when it cannot be sure, not because the formula has none: searches,
    # limits, integrals, case conditions, functions a check supplies (and a NaN a check put in
    # for what it cannot compute: Var(W^2) of a weight law given only by its variance)
    UNSURE = ("ArgExtremum", "Limit", "Integral", "MatApply", "Piecewise", "Provided",
              "Extremum")

    def __init__(self):
        self.trials, self.side, self.example, self.broken = 0, {}, None, False
        self.computed = set()  # names a check computed (their NaN may mean 'unknown')

    def _plain(self, e, inst) -> bool:
        """``e`` has no value only where its arithmetic has none: no search or supplied
        function in it, and every value a check computed for it finite."""
        for x in sp.preorder_traversal(e):
            if type(x).__name__ in self.UNSURE or isinstance(x, AppliedUndef) or x is sp.nan:
                return False  # (a NaN put in by a check is its "cannot say")
            name = str(getattr(x, "name", ""))
            if isinstance(x, (sp.Symbol, sp.MatrixSymbol)) and name in self.computed:
                v = inst.values.get(name)
                if not np.isfinite(np.asarray(getattr(v, "arr", np.nan), float)).all():
                    return False
        return True

    def add(self, outcomes, inst, T):
        for k, (rel, out) in enumerate(outcomes):
            if out.lone is None or out.decided is None:
                self.broken = True
                continue
            if (out.lone == 1).any() and not self._plain(rel.rhs, inst) \
                    or (out.lone == -1).any() and not self._plain(rel.lhs, inst):
                self.broken = True
            if out.decided.any():
                self.broken = True
            for s in (1, -1):
                self.side.setdefault(k, {1: True, -1: True})[s] &= bool((out.lone == s).all())
            if self.example is None and any(self.side[k].values()) and T:
                s = 1 if self.side[k][1] else -1
                self.example = (rel, s, describe_trial(inst, 0), out, T)
        self.trials += T

    def refutes(self) -> bool:
        return (not self.broken and self.trials >= self.MIN_TRIALS and self.example is not None
                and any(v for sides in self.side.values() for v in sides.values()))

    def why(self) -> str:
        rel, s, _, _, _ = self.example
        return (f"the {'right' if s == 1 else 'left'} side has no value on any of the "
                f"{self.trials} instances drawn from the declared domains, where the "
                f"{'left' if s == 1 else 'right'} side has one on each")

    def counterexample(self, seed) -> dict:
        rel, s, instance, out, T = self.example
        return {"relation": str(rel), "instance": instance, "lhs": _trial_value(out.lhs, 0, T),
                "rhs": _trial_value(out.rhs, 0, T), "why": self.why(), "seed": seed}


class _Failure:
    """A failing trial, described (its instance and both sides as plain numbers, the relation
    printed) only if it is the one reported: a refuted check keeps up to three per batch to
    choose the smallest, and describing each (about 7 failing trials per refuted check) was
    a tenth of the check's time."""

    def __init__(self, inst: Instance, i: int, T: int, rel: Relation, out: _Outcome,
                 from_zero: bool):
        self.inst, self.i, self.T, self.rel, self.out, self.from_zero = \
            inst, i, T, rel, out, from_zero

    def counterexample(self) -> dict:
        out, i = self.out, self.i
        cx = {
            "relation": str(self.rel),
            "instance": describe_trial(self.inst, i),
            "lhs": _trial_value(out.lhs, i, self.T),
            "rhs": _trial_value(out.rhs, i, self.T),
        }
        if not np.isfinite(out.err[i]) and out.shape_note and cx["lhs"] != cx["lhs"]:
            cx["lhs"] = cx["rhs"] = None
        if out.shape_note:
            cx["why"] = out.shape_note
        if self.from_zero:
            cx["entries"] = FROM_ZERO
        return cx


class _Found:
    """A counterexample already described (a case overlap's)."""

    def __init__(self, cx: dict):
        self.cx = cx

    def counterexample(self) -> dict:
        return self.cx


FROM_ZERO = ("counted from 0 (entry 0 is the first entry of a vector), the only count in "
             "which every index of this relation fits")


def _sides(ev: Evaluator, rel: Relation, zero_based: set) -> tuple[Val, Val]:
    """Both sides' values counting entries from 1, or, where a side fits only the count from
    0, both counting from 0 (``index_base``: a sheet counts one way throughout a formula);
    such a relation is added to ``zero_based``."""
    try:
        return ev(rel.lhs), ev(rel.rhs)
    except FitsFromZero as exc:
        zero = from_zero(ev)
        try:
            out = zero(rel.lhs), zero(rel.rhs)
        except OutOfRange:
            raise exc from None
        zero_based.add(id(rel))
        return out


def check_numeric(stmt: Statement, sampler: Sampler, seed_seq, o: NumericOptions,
                  seed: int | None = None) -> Evidence:
    """Decide every relation of ``stmt`` on ``o.trials`` random instances."""
    start = time.perf_counter()
    if not stmt.relations:
        return Evidence("error", "numeric", seed=seed,
                        detail="the formula states no relation, so there is nothing to check")
    if has_law_relation(stmt):  # X + Y \sim Pois(a + b): only a law check compares laws
        return Evidence("undecided", "numeric", seed=seed, detail=LAW_ONLY)
    rng = np.random.default_rng(seed_seq)
    has_dims = any(d.kind == "dim" for d in sampler.decls)
    if o.dims:
        groups = o.dims
    elif has_dims:
        # sizes are fixed per batch, so the number of size configurations grows with the trials
        # (4 by default, up to 16 with --thorough); the first is always the largest size, since
        # small sizes hide things (every 2 x 2 permutation is its own inverse)
        largest = {d.name: sampler.dim_range[1] for d in sampler.decls if d.kind == "dim"}
        groups = [largest] + [None] * (min(16, max(4, o.trials // 60)) - 1)
    else:
        groups = [None]
    per = max(4, math.ceil(o.trials / len(groups)))
    conditions = tuple(o.assume) + tuple(stmt.premises)
    n_valid = 0
    max_err = 0.0
    failures = []  # (size_key, evidence dict)
    errors = []
    nowhere = _Nowhere()
    sides = Constancy()
    for dims in groups:
        T = per * (3 if conditions else 1)
        try:
            inst = sampler.sample(rng, T, dims=dims, layout=o.layout)
            if o.extra is not None:  # before the conditions: they may speak of computed values
                computed = o.extra(inst)
                inst.values.update(computed)
                nowhere.computed |= set(computed)
            if conditions:
                keep = _valid_mask(inst, conditions, T, o)
                idx = np.flatnonzero(keep)[:per]
                inst = take(inst, idx)
                T = len(idx)
                if T == 0:
                    continue
            failures += _case_overlaps(stmt, inst, T, conditions, o)
            ev = Evaluator(inst)
            zero_based: set = set()
            batch_ok = np.ones(T, bool)
            decided = np.ones(T, bool)
            outcomes = []
            for rel in stmt.relations:
                try:
                    lhs, rhs = _sides(ev, rel, zero_based)
                    sides.see(lhs, rhs, T)
                    out = compare(rel, lhs, rhs, T, o)
                    steps, moves = [], []
                    if _slack_may_matter(rel, out) and (uses_differences(rel.lhs)
                                                        or uses_differences(rel.rhs)):
                        steps = [_other_step(inst, k, rel, lhs, rhs) for k in (2, 0.5)]
                        out = compare(rel, lhs, rhs, T, o, steps)
                    if _slack_may_matter(rel, out) and (uses_search(rel.lhs)
                                                        or uses_search(rel.rhs)):
                        moves = _moved_searches(inst, rel, lhs, rhs)
                        out = compare(rel, lhs, rhs, T, o, steps, moves)
                    if not out.ok.all() and any(d.coarse for d in inst.dists):
                        out = _within_quadrature(rel, lhs, rhs, T, o, inst, out)
                except ShapeError as exc:
                    # ill-formed on this instance: every trial of the batch is a counterexample
                    nan = Val(np.full(T, np.nan))
                    out = _Outcome(np.zeros(T, bool), np.full(T, np.inf), nan, nan, str(exc))
                outcomes.append((rel, out))
                batch_ok &= out.ok
                if out.decided is not None:
                    decided &= out.decided
                max_err = max(max_err, float(np.nanmax(out.err)) if out.err.size else 0.0)
        except (EvalError, ValueError, ArithmeticError, np.linalg.LinAlgError) as exc:
            errors.append(_plain(exc))
            continue
        n_valid += int((decided | ~batch_ok).sum())  # trials with no finite value decide nothing
        nowhere.add(outcomes, inst, T)
        for i in np.flatnonzero(~batch_ok)[:3]:
            rel, out = next((r, x) for r, x in outcomes if not x.ok[i])
            failures.append((_size_key(inst, int(i)),
                             _Failure(inst, int(i), T, rel, out, id(rel) in zero_based)))
    seconds = time.perf_counter() - start
    if failures:
        failures.sort(key=lambda f: f[0])
        cx = failures[0][1].counterexample()
        cx["seed"] = seed
        return Evidence("refuted", "numeric", trials=n_valid, seed=seed,
                        max_error=max_err if math.isfinite(max_err) else None,
                        counterexample=cx, seconds=seconds,
                        detail=f"{len(failures)} failing trial(s) shown ≤3 per batch; "
                               "the smallest is reported")
    if n_valid == 0 and not errors and nowhere.refutes():
        return Evidence("refuted", "numeric", trials=nowhere.trials, seed=seed,
                        counterexample=nowhere.counterexample(seed),
                        seconds=time.perf_counter() - start,
                        detail=nowhere.why())
    if n_valid == 0:
        why = errors[0] if errors else "the declared domains and assumptions left no instance"
        return Evidence("error", "numeric", seed=seed, detail=why, seconds=seconds)
    detail = f"{n_valid} random instances from the declared domains, rtol {o.rtol:g}"
    if errors:
        detail += f"; {len(errors)} batch(es) could not be evaluated: {errors[0]}"
    return Evidence("passed", "numeric", trials=n_valid, seed=seed, max_error=max_err,
                    detail=detail, seconds=seconds,
                    constant_sides=sides.zero)
