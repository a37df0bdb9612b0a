"""Sums over all integers of finitely supported sequences, evaluated exactly.

A sheet writes the discrete convolution as ``\\sum_{t=-\\infty}^{\\infty} f[t] h[u-t]`` (or
``\\sum_{t \\in \\mathbb{Z}}``).  Where the sequences are sampled with a finite support (a
function object with a ``support`` attribute ``(lo, hi)``: zero outside ``lo..hi``), every term
of the sum vanishes outside a finite window of t, which is found here from the formula itself:
each additive term of the summand must have a factor ``x(a t + b)`` (a a non-zero integer, b free
of t) of a finitely supported x, so the term is zero unless ``a t + b`` lies in x's support;
the window is the union over the terms of the intersection over such factors, over all trials.
Summing that window is exact (no truncation): the terms outside it are zero.  A summand with a
term that no supported factor confines (a series such as ``\\sum 2^{-t}``) has no such window
and is left to whatever else evaluates infinite sums.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

MAX_TERMS = 10_000


def _confining(factor, var, supported):
    """(name, a, b) when ``factor`` is x(a var + b) (or a positive power of it) for a
    finitely supported x (its name in ``supported``), else None."""
    if isinstance(factor, sp.Pow) and factor.exp.is_Integer and factor.exp > 0:
        factor = factor.base
    if not isinstance(factor, AppliedUndef) or len(factor.args) != 1:
        return None
    name = type(factor).__name__
    if name not in supported:
        return None
    arg = factor.args[0]
    a = sp.diff(arg, var)
    if not (a.is_Integer and a != 0):
        return None
    b = sp.expand(arg - a * var)
    if var in b.free_symbols:
        return None
    return name, int(a), b


@lru_cache(maxsize=1024)
def _layout(body, var, supported: frozenset) -> tuple:
    """The summand's terms in order, each as its confining factors ((name, a, b), ...), up to
    the first term that none confines (then the last entry is None).  Symbolic work that
    depends only on the formula and on which functions are supported, so it is done once per
    sum rather than at every evaluation of it (a sum is evaluated once per batch of trials,
    and again at every step of a numeric derivative around it: issue 12)."""
    terms = sp.Add.make_args(sp.expand(body, deep=False, power_exp=False, power_base=False,
                                       log=False, multinomial=False))
    out = []
    for term in terms:
        if var not in term.free_symbols:
            out.append(None)  # a constant term summed over infinitely many t
            break
        factors = tuple(c for c in (_confining(f, var, supported) for f in sp.Mul.make_args(term))
                        if c is not None)
        out.append(factors or None)
        if not factors:
            break
    return tuple(out)


def window(ev, body, var):
    """The integer range (lo, hi) outside which every term of ``body`` is zero on every trial,
    or None when some term is not confined by a finitely supported factor."""
    functions = ev.inst.functions
    supported = frozenset(name for name, f in functions.items()
                          if getattr(f, "support", None) is not None)
    if not supported:
        return None
    lo_all, hi_all = math.inf, -math.inf
    for factors in _layout(body, var, supported):
        if factors is None:
            return None
        lo_t, hi_t = None, None
        for name, a, b in factors:
            s_lo, s_hi = functions[name].support
            bv = np.asarray(ev.ev(b).arr, float).ravel()
            ends = np.stack([(s_lo - bv) / a, (s_hi - bv) / a])
            lo_f, hi_f = np.ceil(ends.min(0) - 1e-9), np.floor(ends.max(0) + 1e-9)
            lo_t = lo_f if lo_t is None else np.maximum(lo_t, lo_f)
            hi_t = hi_f if hi_t is None else np.minimum(hi_t, hi_f)
        live = lo_t <= hi_t
        if live.any():
            lo_all = min(lo_all, float(lo_t[live].min()))
            hi_all = max(hi_all, float(hi_t[live].max()))
    if lo_all == math.inf:  # every term is zero everywhere: an empty window
        return 0, -1
    if hi_all - lo_all > MAX_TERMS:
        return None
    return int(lo_all), int(hi_all)
