"""Identities between entropies and mutual informations that no claim states, decided alone.

``I(X; Y) = H(X) + H(Y | X)`` is a statement about every joint law of X and Y: each term is a
functional of that law (H of a marginal, H(A | C) = H(A, C) - H(C), I(A; B) from marginals, a
divergence KL(p_XY || p_X p_Y) between products of marginals, as verify/checks/information.py
computes them), so random joint pmf tables decide it without a
claim. The generic check cannot: to it H and I are functions the sheet does not define.

Only formulas made of such terms of the letters X, Y, Z and numbers are read (a side that is a
number alone, ``I(X; Y) = 0``, is a special case the sheet's words set, not an identity). Like
the generic check, a failing formula is tried under kinder laws a sheet may take for granted:
the variables independent, or one a function of another; holding there gives no verdict of
its own (a claim may still decide it). Only one that fails in every such law is wrong.
"""
from __future__ import annotations

import itertools

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet.latex import LatexError
from ..checks.information import _JOINT_RV, _information_terms, _term_value
from ..evaluate import EvalError
from ..parsing import parse_cached
from .generic import GenericResult

TABLES = 48  # random joint pmf tables per law
SIZES = (3, 2, 2)  # values of X, Y, Z
_TOL = 1e-7
_COMPARE = {"=": lambda a, b: np.isclose(a, b, rtol=1e-6, atol=_TOL),
            "<=": lambda a, b: a <= b + _TOL, ">=": lambda a, b: a >= b - _TOL,
            "<": lambda a, b: a < b + _TOL, ">": lambda a, b: a > b - _TOL}


def _variables(terms: dict) -> list[str]:
    names = set()
    for kind, parts, given in terms:
        if kind == "KL":  # a divergence between two products of marginal laws
            for factor in parts + given:
                names |= set(factor)
            continue
        for part in (parts if kind == "I" else (parts,)) + (given,):
            names |= set(part)
    return sorted(names)


def _general(rng) -> np.ndarray:
    alpha = np.where(rng.random(TABLES) < 0.5, 1.0, 0.3)
    p = np.stack([rng.dirichlet(np.full(int(np.prod(SIZES)), a)) for a in alpha])
    return np.maximum(p, 1e-12).reshape(TABLES, *SIZES)


def _independent(rng) -> np.ndarray:
    x, y, z = (rng.dirichlet(np.ones(n), TABLES) for n in SIZES)
    return np.einsum("ti,tj,tk->tijk", x, y, z)


def _function_of(rng, a: str, b: str) -> np.ndarray:
    """Joint laws in which ``b`` is a function of ``a`` (the rest general)."""
    p = _general(rng)
    ia, ib = 1 + _JOINT_RV.index(a), 1 + _JOINT_RV.index(b)
    rest = p.sum(axis=ib, keepdims=True)
    out = np.zeros_like(p)
    for t in range(TABLES):
        f = rng.integers(SIZES[ib - 1], size=SIZES[ia - 1])
        for i, j in enumerate(f):
            idx = [t, slice(None), slice(None), slice(None)]
            src = [t, slice(None), slice(None), slice(None)]
            idx[ia], idx[ib] = i, j
            src[ia], src[ib] = i, 0
            out[tuple(idx)] += rest[tuple(src)]
    return out


def _holds(rels, terms, p) -> tuple[bool, dict | None]:
    values = {sym: _term_value(p, key) for key, sym in terms.items()}
    syms = list(values)
    for lhs, op, rhs in rels:
        f = sp.lambdify(syms, [lhs, rhs], "numpy")
        left, right = (np.broadcast_to(np.asarray(v, float), (TABLES,)) for v in
                       f(*[values[s] for s in syms]))
        ok = _COMPARE[op](left, right)
        if not ok.all():
            t = int(np.argmin(ok))
            return False, {"t": t, "left": float(left[t]), "right": float(right[t])}
    return True, None


def information_check(latex: str, conv, seed: int = 0) -> GenericResult | None:
    """A verdict for an identity of entropies and mutual informations, or None when the
    formula is not one (other symbols, functions, a side that is a number alone)."""
    try:
        stmt = parse_cached(latex, {}, layout=conv.layout or "denominator")
    except (LatexError, ValueError, TypeError):
        return None
    if not stmt.relations or stmt.premises or any(r.op not in _COMPARE for r in stmt.relations):
        return None
    terms: dict = {}
    try:
        rels = [(_information_terms(r.lhs, terms), r.op, _information_terms(r.rhs, terms))
                for r in stmt.relations]
    except (EvalError, TypeError, ValueError):
        return None
    own = set(terms.values())
    for lhs, _, rhs in rels:
        for side in (lhs, rhs):
            if side.free_symbols - own or not side.free_symbols & own or any(
                    isinstance(n, AppliedUndef) for n in sp.preorder_traversal(side)):
                return None
    names = _variables(terms)
    if len(names) < 2:
        return None
    rng = np.random.default_rng([seed, 4242])
    held, cx = _holds(rels, terms, _general(rng))
    if held:
        return GenericResult("ok", f"holds for every joint law tried ({TABLES} random joint "
                             f"pmfs of {', '.join(names)})", "numeric")
    kinder = [(f"{', '.join(names)} independent", _independent(rng))]
    kinder += [(f"{b} a function of {a}", _function_of(rng, a, b))
               for a, b in itertools.permutations(names, 2)]
    for _, p in kinder:
        if _holds(rels, terms, p)[0]:
            # right in a special law the sheet may mean (which variables its words call
            # independent is not read): no verdict of its own, a claim may still decide
            return None
    law = np.round(_general(np.random.default_rng([seed, 4242]))[cx["t"]], 3)
    keep = {_JOINT_RV.index(n) for n in names}
    drop = tuple(k for k in range(len(_JOINT_RV)) if k not in keep)
    table = law.sum(axis=drop) if drop else law
    return GenericResult(
        "wrong", "the two sides differ for a joint law of " + ", ".join(names) +
        ", even with them independent or one a function of another", "numeric",
        {"values": {f"p({', '.join(names)})": np.round(table, 3).tolist()},
         "left": round(cx["left"], 6), "right": round(cx["right"], 6)})
