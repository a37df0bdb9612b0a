"""Whether a formula's indices fit its vectors and matrices when counted from 1 or from 0.

The evaluator counts entries from 1 (``x_1`` is the first entry of x).  Sheets count from 1 or
from 0, each consistently, so an index that falls outside under the count from 1 is no finding
by itself: ``\\sum_{i=0}^{n-1} x_i`` is right on a sheet that counts from 0.  An index outside
under *both* counts (``\\sum_{i=1}^{n+1} x_i``, ``\\sum_{i=0}^{n} x_i`` of an x with n entries)
is: the formula is not well-formed, like a size mismatch, and :class:`IndexRangeError` (a
``ShapeError``) says so in words.  A relation that fits only the count from 0
(:class:`FitsFromZero`) is then evaluated whole counting from 0 (``from_zero``, used by the
numeric check): a sheet that counts from 0 does so on both sides, so that reading is decided
like any other, and a formula wrong in both counts (``\\sum_{i=0}^{n-1}`` of a sum that runs
over n - 1 terms from 1) is refuted rather than left undecided.

An index outside under both counts is a finding also where other indices of the expression
are made of what the instance drew (a sampled step t), when each of the two failing indices is
made of numbers, sizes, declared indices and variables bound over such bounds
(``index_trusted``): the formula itself puts it outside.  The same holds for the arguments a
check's table takes as entry indices (a function's ``entry_indices``: the state of an HMM's
forward variable), which the evaluator counts like a vector's entries.

The count from 0 is tried on the very expression that failed, with the free indices the check
gave values to (declared ``index(n)``, counted 1..n) moved down by one, so that they too count
from 0.  The reading is trusted only where every index and every bound of a sum, product or
list in the expression is made of numbers, sizes, declared indices and the expression's own
bound variables: an index made of anything else (a sampled step t, a value a check computes)
may fall outside through the instance rather than through the formula, and then the old
evaluation error stands.  Evaluated from 0, the other sides must fit that count too, else
the line stays an evaluation error (undecided), saying so.
"""
from __future__ import annotations

import copy

import numpy as np
import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from cheatsheet import ops
from .arrays import EvalError, ShapeError, Val


class OutOfRange(EvalError):
    """An index outside its vector, matrix or family under the evaluator's count.

    ``index`` holds the written indices (numbers as the formula gives them), ``shape`` the
    sizes along those axes, ``used`` whether some trial of the batch uses the term (a term
    outside every trial's own range of a sum is never used)."""

    def __init__(self, name: str, index: tuple, shape: tuple, base: int, used: bool,
                 dims: dict | None = None, names: frozenset | None = None,
                 word: str | None = None):
        self.name, self.index, self.shape, self.base, self.used = name, index, shape, base, used
        self.dims = dims or {}
        self.names = names  # the names the written indices are made of (None: not known)
        self.word = word  # what a table's entries are ('state'); None: a vector's entries
        super().__init__(describe(self))


class FitsFromZero(EvalError):
    """Outside under the count from 1, every index fits counted from 0: evaluate the whole
    relation that way (``from_zero``) before concluding anything."""


class IndexRangeError(ShapeError):
    """No count of the entries (from 1 or from 0) makes every index of the formula fit."""


def _size(n: int, dims: dict) -> str:
    names = sorted(d for d, v in dims.items() if v == n)
    return f"{names[0]} = {n}" if len(names) == 1 else str(n)


def _written(k: int, size: int, dims: dict, last: bool = False) -> str:
    """An index as a person would write it: n + 1 rather than 5 where the size is n = 4."""
    names = sorted(d for d, v in dims.items() if v == size)
    if len(names) == 1 and abs(k - size) <= 2 and (k > 1 or last):
        off = k - size
        return names[0] if off == 0 else f"{names[0]}{off:+d}"
    return str(k)


def _sub(name: str, parts: list[str]) -> str:
    s = ",".join(parts)
    return f"{name}_{s}" if len(s) == 1 else f"{name}_{{{s}}}"


def describe(exc: OutOfRange) -> str:
    """The failing index in words: 'x_{n+1} is past the end of x, which has n = 4 entries'."""
    name, base, dims = exc.name, exc.base, exc.dims
    parts = [_written(k, n, dims) for k, n in zip(exc.index, exc.shape)]
    use = _sub(name, parts)
    first = _sub(name, [str(base)] * len(exc.shape))
    if exc.word:  # an argument of a check's table: 'state 0 of alpha does not exist'
        (n,) = exc.shape
        last = _written(n - 1 + base, n, dims, last=True)
        return (f"{exc.word} {parts[0]} of {name} does not exist: it has {_size(n, dims)} "
                f"{exc.word}s, {base} to {last}")
    if len(exc.shape) == 1:
        (k,), (n,) = exc.index, exc.shape
        if k < base:
            return f"{use} comes before {first}, the first entry of {name}"
        last = _sub(name, [_written(n - 1 + base, n, dims, last=True)])
        return (f"{use} is past the end of {name}, which has {_size(n, dims)} entries "
                f"({first} to {last})")
    i, (r, c) = exc.index[0], exc.shape[:2]
    axis = (f"row {parts[0]}" if not base <= i < r + base else f"column {parts[1]}")
    return (f"{use} is outside {name}, which has {_size(r, dims)} rows and {_size(c, dims)} "
            f"columns ({axis} does not exist when they are counted from {base})")


_BINDERS = (sp.Sum, sp.Product)


def _index_names(expr) -> tuple[set[str], set[str]]:
    """(names inside indices and bounds, names the expression binds)."""
    used: set[str] = set()
    bound: set[str] = set()

    def names(x):
        return {getattr(s, "name", str(s)) for s in getattr(x, "free_symbols", ())}

    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Indexed):
            for i in node.indices:
                used |= names(i)
        elif isinstance(node, MatrixElement):
            for i in node.indices:
                used |= names(i)
        elif isinstance(node, _BINDERS):
            for lim in node.limits:
                bound.add(lim[0].name)
                for b in lim[1:]:
                    used |= names(b)
        elif isinstance(node, ops.MatApply):
            args = node.operands
            if node.op == "col":
                used |= names(args[1])
            elif node.op in ("sum", "prod", "seq"):
                bound.add(args[1].name)
                used |= names(args[2]) | names(args[3])
        elif type(node).__name__ in ("Extremum", "ArgExtremum") and len(node.args) >= 4:
            bound.add(getattr(node.args[1], "name", str(node.args[1])))
            for b in node.args[2:4] if type(node).__name__ == "Extremum" else node.args[3:5]:
                used |= names(b)
    return used, bound


def trusted(expr, inst) -> bool:
    """Every index and bound of ``expr`` is made of numbers, sizes, declared indices and
    variables the expression binds (see the module's docstring)."""
    used, bound = _index_names(expr)
    known = set(inst.dims) | set(inst.index_ranges) | bound
    return used <= known


def _bounds(expr) -> dict[str, set[str]]:
    """Each name the expression binds -> the names its bounds are made of (over every place
    that binds it)."""
    out: dict[str, set[str]] = {}

    def names(x):
        return {getattr(s, "name", str(s)) for s in getattr(x, "free_symbols", ())}

    for node in sp.preorder_traversal(expr):
        if isinstance(node, _BINDERS):
            for lim in node.limits:
                out.setdefault(lim[0].name, set()).update(*(names(b) for b in lim[1:]))
        elif isinstance(node, ops.MatApply) and node.op in ("sum", "prod", "seq"):
            args = node.operands
            out.setdefault(args[1].name, set()).update(names(args[2]) | names(args[3]))
        elif type(node).__name__ in ("Extremum", "ArgExtremum") and len(node.args) >= 4:
            ends = node.args[2:4] if type(node).__name__ == "Extremum" else node.args[3:5]
            out.setdefault(getattr(node.args[1], "name", str(node.args[1])), set()).update(
                *(names(b) for b in ends))
    return out


def index_trusted(exc: OutOfRange, expr, inst) -> bool:
    """The index that fell outside is made of numbers, sizes, declared indices and variables
    bound over such bounds only: it is outside through the formula, whatever the instance
    drew for the other indices of the expression (o_{t+1} beside a sum over i = 0..N of
    a_{ij}: the sampled step t says nothing about a_{0j})."""
    if exc.names is None:
        return False
    known = set(inst.dims) | set(inst.index_ranges)
    bounds = _bounds(expr)
    grew = True
    while grew:  # a bound variable is known once its bounds are
        grew = False
        for name, made_of in bounds.items():
            if name not in known and made_of <= known:
                known.add(name)
                grew = True
    return set(exc.names) <= known


def from_zero(ev):
    """A fresh evaluator of ``ev``'s instance counting from 0 (its declared indices moved down
    by one), for a relation some side of which fits only that count."""
    return _from_zero(ev, dict(ev.inst.values))


def _from_zero(ev, snapshot: dict):
    """A copy of the evaluator counting from 0, its free declared indices moved down by one."""
    probe = copy.copy(ev)
    probe.base = 0
    probe._masks = []
    env = dict(snapshot)
    for name in ev.inst.index_ranges:
        if name in env and not env[name].mat:
            env[name] = Val(np.asarray(env[name].arr, float) - 1.0)
    probe.env = env
    return probe


def _labels_from_zero(expr, inst, snapshot: dict) -> dict:
    """The snapshot with the values that serve as indices (the labels y_i of mu_{y_i}, drawn
    1..K by a check) moved down by one, as a sheet that counts from 0 labels its classes from
    0.  Only for the probe of :func:`verdict`: such an index is untrusted, so the probe's
    values never decide anything, and without the move the label K stops the probe (mu_K past
    the end) before it reaches the index the formula itself puts outside (y_N of a sum over
    i = 0..N)."""
    names: set[str] = set()

    def take(i):
        names.update(getattr(x, "name", str(x)) for x in getattr(i, "free_symbols", ()))

    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Indexed, MatrixElement)):
            for i in node.indices:
                take(i)
        elif isinstance(node, ops.MatApply) and node.op == "col":
            take(node.operands[1])
    _, bound = _index_names(expr)
    skip = set(inst.dims) | set(inst.index_ranges) | bound
    out = dict(snapshot)
    for name in names - skip:
        v = out.get(name)
        if v is not None:
            out[name] = Val(np.asarray(v.arr, float) - 1.0, v.mat)
    return out


def verdict(ev, expr, snapshot: dict, exc: OutOfRange) -> EvalError:
    """What an index outside under the count from 1 means for ``expr``: an
    :class:`IndexRangeError` when the count from 0 fails too (and the reading is trusted),
    otherwise an evaluation error that says why nothing is concluded."""
    if not exc.used:
        return exc
    whole = trusted(expr, ev.inst)
    if not whole and not index_trusted(exc, expr, ev.inst):
        return exc
    try:
        _from_zero(ev, _labels_from_zero(expr, ev.inst, snapshot)).ev(expr)
    except OutOfRange as zero:
        # outside under both counts, each time through the formula itself
        if zero.used and (whole or index_trusted(zero, expr, ev.inst)):
            return IndexRangeError(f"{exc}; counted from 0 instead, {zero}: no way of counting "
                                   "the entries fits every index")
        return exc
    except (EvalError, ValueError, ArithmeticError, np.linalg.LinAlgError):
        return exc
    if not whole:  # fits from 0, but the other indices may fit only through the instance
        return exc
    return FitsFromZero(f"{exc}; every index fits when the entries are counted from 0, a "
                        "reading the other sides of the formula do not share")
