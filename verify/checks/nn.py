"""Shared helpers of the checks decided with the NumPy operator core ``cheatsheet.nn`` (the
modules conv, graphs, rnn_cells, bptt, linear_recurrence, attention, language and connectionism
of this package).

Those checks compute the true quantity on every sampled instance by running the core (the output
size of a constructed ``conv1d``/``conv2d`` layer, an LSTM/GRU/RNN step, attention, a normalised
adjacency of a random graph...) and inject it as the value of the symbol the formula names; the
standard numeric comparison then decides the canonical statement and every sheet's version alike.
Here: value wrappers, functions injected for a name, tables read by integer arguments, central
differences, and the substitution of a constructed model's derivatives into a formula.
"""
from __future__ import annotations

import numpy as np

from ..evaluate import Val

# -- helpers ----------------------------------------------------------------------------------

def mval(a) -> Val:
    return Val(np.asarray(a, float), True)


def sval(a) -> Val:
    return Val(np.asarray(a, float), False)


def ints(inst, name) -> np.ndarray:
    return np.rint(inst.values[name].arr).astype(int)


def arr(inst, name) -> np.ndarray:
    return inst.values[name].arr


class Injected:
    """A function the check supplies for a name in the formula (phi = tanh, the core's spectral
    filter...): ``fn(data, *args)`` with per-trial arrays ``data`` that follow the trial filter."""

    def __init__(self, fn, text: str, data: dict | None = None, support=None):
        self.fn, self.text, self.data = fn, text, data or {}
        # (lo, hi): the function is zero outside the integers lo..hi (a finite sequence), so a
        # sum over all integers of it is exact over a finite window (verify/support.py)
        self.support = support

    def __call__(self, *args):
        return self.fn(self.data, *args)

    def take(self, keep):
        return Injected(self.fn, self.text, {k: v[keep] for k, v in self.data.items()},
                        self.support)

    def describe(self, i):
        if "tab" in self.data:  # a finite sequence: show its values on the support
            return f"{self.text}: " + str([round(float(x), 4) for x in self.data["tab"][i]])
        return self.text


def elementwise(fn, text):
    return Injected(lambda _, v: Val(fn(v.arr), v.mat), text)


def _configs(rng, count, **ranges):
    """count size configurations drawn from {name: (lo, hi)} plus derived sizes (callables)."""
    out = []
    for _ in range(count):
        cfg = {}
        for k, r in ranges.items():
            if not callable(r):
                cfg[k] = int(rng.integers(r[0], r[1] + 1))
        for k, r in ranges.items():
            if callable(r):
                cfg[k] = int(r(cfg))
        out.append(cfg)
    return out

def _fd(f, a, eps=1e-5):
    """Central-difference gradient of the scalar f at the array a (same shape as a)."""
    g = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        d = np.zeros_like(a)
        d[idx] = eps
        g[idx] = (f(a + d) - f(a - d)) / (2 * eps)
    return g

# -- derivatives of a constructed model's named quantities ----------------------------------------

def with_derivatives(stmt, table: dict, calls: bool = False):
    """The statement with every derivative d(num)/d(den) of two named quantities replaced by
    an entry of a value the check supplies: ``table`` maps (numerator name, denominator name)
    to the name of an array indexed by the numerator's indices, then the denominator's (dR/dh_j
    -> dR_dh[j], dx_i/dh_j -> dx_dh[i, j]); with ``calls`` to a function of those indices
    instead (dy_k/dw_i -> dy_dw(k, i)), for signals indexed by any integer.  The engine
    differentiates expressions; these quantities are outputs of a model run by the check,
    whose derivatives only the check knows."""
    import sympy as sp

    from cheatsheet.ops import MatApply
    from cheatsheet.statement import Relation, Statement

    def parts(e):
        if isinstance(e, sp.Symbol):
            return e.name, ()
        if isinstance(e, sp.Indexed):
            return str(e.base.label), tuple(e.indices)
        return None, ()

    outputs = {num for num, _ in table}  # the quantities the check's model computes

    def base(x):
        return str(x.base.label) if isinstance(x, sp.Indexed) else getattr(x, "name", None)

    def refuse_uncomputed(num_expr, den_exprs):
        """A derivative of a model output the table does not cover (dR/dh by the whole vector
        h, dR/dy by an input the check does not perturb): the engine would take the output for
        a constant and answer 0, so a formula with it is not decided."""
        made_of = {base(a) for a in num_expr.atoms(sp.Symbol, sp.Indexed, sp.MatrixSymbol)}
        den = {base(v) for v in den_exprs}
        hit = sorted(made_of & outputs - den)
        if hit and not den <= made_of:
            from ..arrays import EvalError

            covered = ", ".join(f"d{a}/d{b}" for a, b in table)
            raise EvalError(f"the check computes only {covered} entry by entry, not the "
                            f"derivative of {hit[0]} as this formula writes it")

    def swap(e):
        reps = {}
        for d in e.atoms(sp.Derivative):
            if len(d.variables) != 1:
                refuse_uncomputed(d.expr, d.variables)
                continue
            (num, ni), (den, di) = parts(d.expr), parts(d.variables[0])
            name = table.get((num, den))
            if name is not None:
                idx = ni + di
                if calls:
                    reps[d] = sp.Function(name)(*idx)
                else:
                    reps[d] = sp.IndexedBase(name)[idx] if idx else sp.Symbol(name)
            else:
                refuse_uncomputed(d.expr, d.variables)
        for m in e.atoms(MatApply):
            if m.op == "partial":  # a derivative by a whole vector or matrix
                refuse_uncomputed(m.operands[0], m.operands[1:2])
        return e.xreplace(reps)

    rel = lambda r: Relation(swap(r.lhs), r.op, swap(r.rhs))  # noqa: E731
    return Statement(tuple(rel(r) for r in stmt.relations),
                     None if stmt.expr is None else swap(stmt.expr),
                     tuple(rel(r) for r in stmt.premises), latex=stmt.latex)


def _batch(inst) -> int:
    return next(iter(inst.values.values())).arr.shape[0]


def _table_fn(key, text, fill=0.0, overlong=None, first=()):
    """A function of integer arguments reading a per-trial table data[key] (T, ...); 0-based
    positions, out-of-range arguments give ``fill`` (see ``strict_table_fn`` for the rest)."""
    overlong = overlong or {}

    def f(data, *args):
        tab = data[key]
        T = tab.shape[0]
        idx = [np.broadcast_to(np.rint(np.asarray(a.arr, float)).astype(int), (T,)) for a in args]
        out = np.full(T, fill)
        for t in range(T):
            pos = tuple(int(i[t]) for i in idx)
            for axis, (p, n) in enumerate(zip(pos, tab.shape[1:])):
                if axis in overlong and not first[axis] <= p < n:
                    from ..index_base import IndexRangeError

                    # the evaluator puts the function's name before the message
                    raise IndexRangeError(
                        f"is summed over {overlong[axis]}: more values than its argument "
                        f"{axis + 1} has ({n - first[axis]}), so no way of counting them fits")
            if all(0 <= p < n for p, n in zip(pos, tab.shape[1:])):
                out[t] = tab[(t,) + pos]
        return sval(out)

    return lambda data: Injected(f, text, data)


def _step_column(data, key, tv, first: int = 1, overlong: str | None = None) -> np.ndarray:
    """Column of the per-trial table data[key] for step t (column 0 is step ``first``; t is
    constant within the batch); a step outside the run the check computed is an evaluation
    error that says so (never a column read from the other end: t = 0 once read the last
    step).  ``overlong``: the written range of a sum or product over the steps that runs over
    more steps than the sequence has (``overlong_axes``); a step outside the run is then no
    other count of the steps (from 0 instead of 1) but a formula no count fits."""
    from ..evaluate import EvalError

    t = int(round(float(np.asarray(tv.arr).flat[0])))
    steps = data[key].shape[1]
    if not first <= t < first + steps:
        if overlong:
            from ..index_base import IndexRangeError

            raise IndexRangeError(f"is taken over {overlong}: more steps than the sequence "
                                  f"has, so no way of counting them fits (step {t} is outside "
                                  f"the run, steps {first} to {first + steps - 1})")
        raise EvalError(f"{key} at step {t}: the run the check computed has steps {first} to "
                        f"{first + steps - 1}")
    return data[key][:, t - first]


def _time_fn(key, text, first: int = 1):
    """f(t): the per-trial matrix data[key][:, t - first] (column 0 is step ``first``)."""

    def f(data, tv):
        return mval(_step_column(data, key, tv, first))

    return lambda data: Injected(f, text, data)


def _scalar_time_fn(key, text, first: int = 1, overlong: str | None = None):
    """f(t): the per-trial number data[key][:, t - first] (column 0 is step ``first``);
    ``overlong`` as in ``_step_column``."""

    def f(data, tv):
        return sval(_step_column(data, key, tv, first, overlong))

    return lambda data: Injected(f, text, data)


# -- sums that read more entries than a table's axis has ----------------------------------------

def overlong_axes(stmt, sizes: dict, dims: dict | None = None) -> dict:
    """{(function name, axis): written range} for every sum (or product) whose variable is, by
    itself, the argument of a table function at an axis and runs over more values than that
    axis has
    (``sizes``: function name -> axis sizes; ``dims``: the sizes' values, put into the bounds).
    No count of the entries (from 0 or from 1) fits such a sum, so it is not well-formed,
    however the table fills the places outside it."""
    import sympy as sp

    from cheatsheet import ops

    out = {}
    sides = [e for r in tuple(stmt.relations) + tuple(stmt.premises) for e in (r.lhs, r.rhs)]
    for side in sides:
        if not isinstance(side, sp.Basic):
            continue
        # a sum of numbers (Sum, Product), or of matrices (MatApply 'sum': its body, variable
        # and bounds are its 4th to 7th arguments)
        loops = [(s.function, s.limits) for s in side.atoms(sp.Sum, sp.Product)]
        loops += [(m.args[3], [m.args[4:7]]) for m in sp.preorder_traversal(side)
                  if isinstance(m, ops.MatApply) and str(m.args[0]) in ("sum", "prod")
                  and len(m.args) == 7]
        for body, limits in loops:
            for v, lo, hi in limits:
                count = sp.sympify(hi - lo + 1)
                count = count.subs({x: dims[x.name] for x in count.free_symbols
                                    if dims and x.name in dims})
                for call in body.atoms(sp.Function):
                    name = type(call).__name__
                    for axis, a in enumerate(call.args):
                        if a == v and name in sizes and axis < len(sizes[name]):
                            if sp.simplify(count - sizes[name][axis]).is_positive:
                                out[(name, axis)] = f"{v} = {lo} to {hi}"
    return out


def strict_table_fn(key, text, first: tuple, overlong: dict, fill=0.0):
    """``_table_fn`` (out-of-range places read ``fill``), except that a place outside an axis
    listed in ``overlong`` ({axis: written range}) is an IndexRangeError: the formula sums over
    more entries than the axis has.  ``first``: the first real entry of each axis (1 where the
    table pads a 1-based axis with a zero entry 0)."""
    return _table_fn(key, text, fill, overlong, first)
