"""A letter free on one side of a formula and only bound on the other: wrong, whatever it states.

``\\frac{\\partial R}{\\partial w_{ik}} = \\sum_{i=1}^{m} \\frac{\\partial R}{\\partial y_i}
\\frac{\\partial y_i}{\\partial w_{ik}}`` (the weight's index reused as the sum's) or
``y^k = \\max\\{x_{j+k} \\mid 0 \\le k < r\\}`` (the output's index reused as the variable the max
runs over): one side depends on the letter, the other sums or maximises it away, so the two
sides cannot be equal as the letter varies. verify finds this through a claim's reading
(verify/scope.py, ``_clashes``); a sheet's line that no claim can read (its weight has two
indices where the claim's has one) is still ill-formed, and the reading of the formula alone
shows it.

Only where the reading is sure: the letter stands alone on its side (``y^k``, ``z_k``, a
power, an argument), or inside a longer subscript of a name that the other side writes too,
under the binder (``w_{ik}`` on both sides: the same symbol means two things). A label made of
letters (``\\ell_{ce} = -\\sum_c ...``) is no index, so it is left alone; so is a letter the
bound side also uses outside its binder (``\\sigma(z_i) = e^{z_i} / \\sum_i e^{z_i}``, a term
over its sum), or an integral's variable that is also its limit (``F(x) = \\int^x f(x) dx``).
"""
from __future__ import annotations

import sympy as sp

from cheatsheet import ops
from cheatsheet.latex import LatexError
from ..parsing import parse_cached
from ..scope import _BINDERS as _SCOPE_BINDERS, _MAT_BINDERS, _side_uses, _subscript_names, \
    display, family

# binders whose variable ranges over values the other side could not fix: an expectation's
# variable is the same random variable on both sides (X in E[X] and in E_X[f(X)])
_BINDERS = {"sum", "product", "max", "min"}


def _outside(e, out: set) -> set:
    """Every name and subscript letter written outside the binders' bodies of ``e``."""
    if isinstance(e, (sp.Symbol, sp.MatrixSymbol)):
        out.add(e.name)
        out |= _subscript_names(family(e.name)[1])
        return out
    if isinstance(e, sp.Indexed):
        out.add(str(e.base.label))
        for i in e.indices:
            _outside(i, out)
        return out
    if isinstance(e, (sp.Sum, sp.Product)):
        for _var, *ends in e.limits:
            for x in ends:
                _outside(x, out)
        return out
    for cls, (_pos, kept) in _SCOPE_BINDERS.items():
        if isinstance(e, cls):
            for k in kept:
                _outside(e.args[k], out)
            return out
    if isinstance(e, ops.MatApply) and e.op in _MAT_BINDERS:
        _pos, kept = _MAT_BINDERS[e.op]
        for k in kept:
            if k < len(e.operands):
                _outside(e.operands[k], out)
        return out
    for a in getattr(e, "args", ()):
        if isinstance(a, sp.Basic):
            _outside(a, out)
    return out


def _plainly(letter: str, free, other) -> bool:
    """Is ``letter`` surely an index of the free side: a value of its own, a lone subscript,
    or in a longer subscript of a name the other side writes under its binder too?"""
    if letter in free.values or letter in free.entries:
        return True
    for name in free.values:
        sub = family(name)[1]
        if letter not in _subscript_names(sub):
            continue
        if sub == letter or name in other.values:
            return True
    return False


def clashes(latex: str, symbols: dict | None = None) -> list[str]:
    """What is wrong with the formula's letters, in words (empty when nothing surely is)."""
    stmt = None
    for decls in ((symbols or {}), {}):
        try:
            stmt = parse_cached(latex, dict(decls), layout="numerator")
            break
        except (LatexError, ValueError, TypeError):
            continue
    if stmt is None or not stmt.relations:
        return []
    out = []
    for r in stmt.relations:
        if r.op != "=":
            continue
        left, right = _side_uses(r)
        for free, other, side in ((left, right, "left"), (right, left, "right")):
            outside = _outside(r.rhs if side == "left" else r.lhs, set())
            for letter, what in sorted(other.bound.items()):
                if what not in _BINDERS or letter in outside:
                    continue
                if not _plainly(letter, free, other):
                    continue
                there = "right" if side == "left" else "left"
                msg = (f"{display(letter)} is a free index on the {side} side and the variable "
                       f"the {what} runs over on the {there} side, so the {there} side cannot "
                       f"depend on it: the two sides speak of different things")
                if msg not in out:
                    out.append(msg)
    return out
