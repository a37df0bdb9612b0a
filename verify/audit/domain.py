"""A formula's own domain ("\\text{ for } t < \\lambda", "\\quad a, b > 0") in a claim's check.

The sheet splits such a clause off the formula it follows (cheatsheet/sheets/clauses.py), so
the formula is matched without it; it must not be dropped from the check: a formula true only
for t < lambda is not refuted at t > lambda.  Each condition is put in the claim's letters and
imposed on the claim's check (the numeric check then draws only inside it); a refutation
stands only when its counterexample lies inside every condition, as far as can be told from
its values, since a claim's custom check may draw where it likes.  A condition that cannot be
put in the claim's letters (a letter the claim lacks) cannot be imposed, so nothing fails
there either.
"""
from __future__ import annotations

from dataclasses import replace

from cheatsheet.match.align import rename, unit_texts
from cheatsheet.match.tokens import rebuild, tokenize
from ..evidence import Evidence


def in_claim_letters(c, cond: str, names: set) -> str:
    """The condition in the claim's letters, or '' when it uses a letter the reading lacks
    (or cannot be split into tokens)."""
    try:
        toks = tokenize(cond)
    except Exception:  # noqa: BLE001 - an unreadable condition imposes nothing
        return ""
    idents = {t.ident for t in toks if t.ident}
    if not idents or any(c.mapping.get(i, i) not in names for i in idents):
        return ""
    return rebuild(rename(toks, c.mapping, unit_texts(c.form_tokens)))


def imposed(c, reading, domain: tuple):
    """The reading with the formula's conditions among its assumptions (those that can be
    put in the claim's letters)."""
    if not domain or reading is None:
        return reading
    names = {d.name for d in reading.decls}
    extra = [p for p in (in_claim_letters(c, cond, names) for cond in domain) if p]
    extra = [p for p in extra if p not in reading.assume]
    return replace(reading, assume=list(reading.assume) + extra) if extra else reading


def _inside(cond: str, instance: dict, decls) -> bool | None:
    """Does the instance satisfy the condition (claim letters)? None: cannot tell."""
    import sympy as sp

    from cheatsheet.latex import parse

    try:
        stmt = parse(cond, decls)
    except Exception:  # noqa: BLE001 - a condition the reader cannot read tells nothing
        return None
    if not stmt.relations:
        return None
    ops = {"<": sp.Lt, ">": sp.Gt, "≤": sp.Le, "≥": sp.Ge, "<=": sp.Le, ">=": sp.Ge,
           "≠": sp.Ne, "!=": sp.Ne}
    for rel in stmt.relations:
        make = ops.get(rel.op)
        if make is None:
            return None
        values = {}
        for s in (rel.lhs - rel.rhs).free_symbols:
            v = instance.get(str(s))
            if not isinstance(v, (int, float)):
                return None
            values[s] = v
        try:
            truth = make(rel.lhs.subs(values), rel.rhs.subs(values))
        except (TypeError, ValueError):
            return None
        if truth not in (sp.true, sp.false):
            return None
        if truth is sp.false:
            return False
    return True


def within_domain(outcome, c, domain: tuple, laws: tuple = ()):
    """The trial's outcome, a refutation turned undecided when the formula's own conditions
    do not hold at its counterexample (or cannot be imposed or told there), or when a law
    its clauses state cannot be imposed (``laws``: ``\\eta \\sim \\mathcal{N}(0, \\Sigma)`` may
    be what makes ``x = \\mu + \\eta`` right)."""
    if outcome is None or outcome[1] != "refuted" or not (domain or laws):
        return outcome
    cand, verdict, ev, why, reading = outcome
    if laws:
        detail = (f"the sheet states {laws[0]} beside it, a law the check cannot impose")
        return cand, "undecided", Evidence("undecided", ev.method, seed=ev.seed,
                                           detail=detail), detail, reading
    if ev.method in ("shapes", "scope") or reading is None:
        return outcome  # not well-formed on any instance, inside its domain too
    names = {d.name for d in reading.decls}
    instance = (ev.counterexample or {}).get("instance") or {}
    for cond in domain:
        mine = in_claim_letters(cand, cond, names)
        inside = _inside(mine, instance, reading.decls) if mine else None
        if inside is not True:
            detail = (f"the sheet states it only where {cond}, and its counterexample lies "
                      "outside" if inside is False else
                      f"the sheet states it only where {cond}, which the check cannot "
                      "impose")
            return cand, "undecided", Evidence("undecided", ev.method, seed=ev.seed,
                                               detail=detail), detail, reading
    return outcome
