"""The joint law of declared random variables written with its variables in another order.

``p_{XY}`` and ``p_{YX}`` name the same joint law: P(X = x, Y = y) and P(Y = y, X = x) are one
number for each pair of values, so a divergence, an expectation or a product built from
either is the same.  SymPy sees two unrelated symbols, and a check that computes the law from
a joint table (as information.joint_entropy does) reads both the same way, which is no
evidence by itself.  This rewriting is the evidence, taken from the declarations alone: a law
symbol ``p_<letters>`` (or ``P_...``, ``q_...``) whose subscript lists two or more distinct
declared random variables, and a law written ``p(x, y)`` of the lower-case names of declared
random variables, are put in one order (alphabetical), so that SymPy compares the forms.  A
subscript naming anything else (``p_{ij}``, ``W_{XY}``) is left alone.
"""
from __future__ import annotations

import re

_LAW = re.compile(r"([pPq])_\(?([A-Z](?:,?[A-Z])+)\)?")


def _random_variables(decls) -> set:
    return {d.name for d in decls or () if getattr(d, "domain", None) == "rv"}


def _ordered(letters: list) -> list | None:
    return sorted(letters) if len(set(letters)) == len(letters) else None


def joint_laws_ordered(e, decls):
    """``e`` with every joint law of declared random variables written in one order."""
    import sympy as sp

    from cheatsheet import ops

    rvs = _random_variables(decls)
    if not rvs:
        return e

    def one(x):
        if isinstance(x, sp.Symbol) and (m := _LAW.fullmatch(x.name)):
            letters = m.group(2).replace(",", "")
            order = _ordered(list(letters)) if set(letters) <= rvs else None
            if order and order != list(letters):
                return sp.Symbol(f"{m.group(1)}_{''.join(order)}", **x.assumptions0)
            return None
        if isinstance(x, ops.Prob) and len(x.args) == 1 and isinstance(x.args[0], sp.Tuple):
            parts = x.args[0].args
            if len(parts) > 1 and all(isinstance(a, sp.Symbol) and a.name.upper() in rvs
                                      and a.name.islower() for a in parts):
                order = sorted(parts, key=lambda a: a.name)
                if len(set(parts)) == len(parts) and order != list(parts):
                    return x.func(sp.Tuple(*order))
        return None

    return e.replace(lambda x: one(x) is not None, one)
