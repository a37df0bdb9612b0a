"""Does one side of the formula agree with the same side of the claim, telling it apart?

What a candidate stands for (the claim's statement, or the one piece of it it resembles), the
sides of a statement, and how many claims share a side (Var(X) = ... of every law): agreeing
on a side that several claims state does not say which claim a formula states.
"""
from __future__ import annotations

from collections import Counter

import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet.latex import LatexError
from cheatsheet.match import Candidate, split_relation
from cheatsheet.match.tokens import keys, tokenize
from cheatsheet.statement import Relation, Statement
from .. import custom
from ..custom import CheckContext
from ..numeric import NumericOptions
from ..parsing import parse_cached
from ..timelimit import CheckTimeout
from .readings import Reading
from .renaming import _INDEX_LETTERS


def _statement(c: Candidate, claim) -> str:
    """What the candidate stands for: the claim's whole statement, or, for a piece of a claim
    that makes several (Adam's v update alone), that statement; a wrong variant or a recorded
    line of such a claim stands for the statement of it that it resembles."""
    if c.entry.kind == "piece":
        return c.entry.latex
    if c.entry.kind == "canonical":
        return claim.latex
    from .explain import _closest_piece

    return _closest_piece(claim.latex, tokenize(c.entry.reading))


def _outer_sides(toks) -> tuple[list, list] | None:
    """The first left side and the last right side of a statement (a chain a = b = c too)."""
    first = split_relation(toks)
    if first is None:
        return None
    rest = first[2]
    while (more := split_relation(rest)) is not None:
        rest = more[2]
    return first[0], rest


def _sides(latex: str) -> tuple[str, str] | None:
    """The comparison keys of a statement's first left side and last right side."""
    try:
        toks = tokenize(latex)
    except Exception:  # noqa: BLE001 - an untokenisable form has no sides to share
        return None
    sides = _outer_sides(toks)
    return None if sides is None else (" ".join(keys(sides[0])), " ".join(keys(sides[1])))


def shared_sides(catalog) -> Counter:
    """How many claims state each side (Var(X) = ... of every distribution): agreeing on a
    side that several claims share does not tell which of them a formula states."""
    out: Counter = Counter()
    for claim in catalog:
        sides = _sides(claim.latex)
        if sides:
            out.update({(0, sides[0]), (1, sides[1])})
    return out


def _renamed_beyond(c: Candidate, k: int) -> bool:
    """Are names renamed only on the side opposite side ``k`` (0 left, 1 right) of the
    sheet's formula? A renaming seen on both sides (events A, B of Bayes' rule written U, W)
    is the sheet's notation; one seen only beyond the agreeing side may be another formula."""
    sides = _outer_sides(c.sheet_tokens)
    if sides is None:
        return False
    here = {t.ident for t in sides[k] if t.ident}
    renamed = {s for s, f in c.mapping.items() if s != f
               and not (s in _INDEX_LETTERS and f in _INDEX_LETTERS)}
    return bool(renamed) and not renamed & here


class Anchors:
    """The Confidence's side agreement (a mixin: it uses its catalog, seed and shared sides)."""

    def anchored(self, c: Candidate, reading: Reading) -> bool:
        """Does one side of the reading agree with the same side of the claim, and does that
        tell the claim apart?"""
        claim = self.catalog[c.claim_id]
        try:
            mine = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
            canon = parse_cached(_statement(c, claim), reading.decls, layout=claim.layout)
        except (LatexError, ValueError, TypeError):
            return False
        if not mine.relations or not canon.relations:
            return False
        pairs = [(mine.relations[0].lhs, canon.relations[0].lhs),
                 (mine.relations[-1].rhs, canon.relations[-1].rhs)]
        sides = _sides(_statement(c, claim))
        for k, (a, b) in enumerate(pairs):
            if isinstance(b, (sp.Symbol, sp.MatrixSymbol, sp.Indexed)) or b.is_number or (
                    isinstance(b, AppliedUndef) and all(a.is_Symbol for a in b.args)):
                # a bare name (o = ..., \hat\mu = ..., f(x) = ...) agrees with anything
                # renamed to it: every definition f(x) = ... would anchor on it
                continue
            if _only_renamed(a, c):
                # dq/dy read as the claim's dL/dx: a side whose every name agrees only by the
                # renaming has the claim's shape, not its content (as a bare name above)
                continue
            if sides and self._shared[(k, sides[k])] > 1 and _renamed_beyond(c, k):
                # Var(X), which every distribution's variance claim has: agreeing on it
                # does not tell which, when the other side is the claim's only by renaming
                # (Var(X) = sigma^2 is not a Laplace law's Var(X) = 2b^2 with b renamed sigma)
                continue
            if a == b:
                return True
            stmt = Statement((Relation(a, "=", b),), premises=mine.premises)
            ev = self._side_check(claim, stmt, reading)
            if ev is not None and ev.holds:
                return True
        return False

    def _side_check(self, claim, stmt, reading: Reading):
        """Do two sides agree? Decided as the claim decides (its custom check gives meaning to
        what only it computes: an entropy, a network's output)."""
        try:
            opts = NumericOptions(trials=24, rtol=claim.rtol, atol=claim.atol,
                                  layout=reading.layouts[0])
            ctx = CheckContext(claim.id, reading.decls, opts, self.seed, ("anchor",),
                               independent=tuple(claim.independent))
            if claim.check:
                return custom.get(claim.check)(stmt, ctx)
            return ctx.numeric(stmt)
        except CheckTimeout:
            raise
        except Exception:  # noqa: BLE001 - a comparison the check cannot make anchors nothing
            return None


def _only_renamed(side, c: Candidate) -> bool:
    """Is this side of the reading only names the correspondence renamed (the sheet's letters
    were others), in derivatives or calls of unnamed functions, with no known function?"""
    renamed = {f for s, f in c.mapping.items() if s != f}
    from cheatsheet import ops

    funcs = side.atoms(sp.Function)
    if any(not isinstance(f, AppliedUndef) and not (isinstance(f, ops.MatApply)
                                                     and str(f.args[0]) == "partial")
           for f in funcs):
        return False  # tanh'(u), softmax(z)_i: a known function is content of its own
    if not funcs and not side.atoms(sp.Derivative):
        return False  # 1/(n-1) sum (u_i - u-bar)^2: an expression's own shape is content
    written = {t.ident for t in c.form_tokens if t.ident}  # (not sizes, not operation tags)
    names = {x.name for x in side.atoms(sp.Symbol, sp.MatrixSymbol)}
    names |= {type(f).__name__ for f in side.atoms(AppliedUndef)}
    names &= written
    return bool(names) and names <= renamed
