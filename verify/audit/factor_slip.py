"""One factor's slip, whatever the notation: an exponent's sign or a power of one factor wrong.

``p(z) = (2 pi)^{-d/2} |S|^{1/2} exp(...)`` against the claim's ``|S|^{-1/2}``: a sheet that
writes the density in its own notation (``\\exp(...)`` for ``e^{...}``, ``\\tfrac12``, bold
letters) differs from the claim's form symbol by symbol in many places, yet as expressions the
two right sides differ by one factor: ``|S|``. Read in the claim's names, with the claim's very
left side, a right side that is the claim's times a power of one of its own factors (or one of
its terms so) is that claim with a slip, as term_slip.py finds one term's slip in a sum.

Not counted (another formula's convention as often as a slip): a constant factor (a loss with
or without its 1/2), and a power of a count or size (a sum for a mean, 1/n for 1/(n - 1) is
not a single power anyway).
"""
from __future__ import annotations

import sympy as sp

from cheatsheet.match import split_relation
from ..timelimit import CheckTimeout
from .readings import Reading
from .term_slip import same_left_sides

MAX_POWER = 2  # |e| of the factor's power: a square root, a square, an inverse


def one_factor_slip(c, claim, reading: Reading) -> bool:
    """Does the reading differ from the claim's statement by one factor's power alone, in
    the whole right side or in one of its terms?"""
    try:
        return _one_factor(c, claim, reading)
    except CheckTimeout:
        raise
    except Exception:  # noqa: BLE001 - a statement this rule cannot read decides nothing
        return False


def _one_factor(c, claim, reading: Reading) -> bool:
    if _named_by_a_letter(c):  # (before the statements are parsed: it needs tokens only)
        return False
    sides = same_left_sides(c, claim, reading)
    if sides is None:
        return False
    theirs, mine = sides
    counts = {s for s in theirs.rhs.free_symbols | mine.rhs.free_symbols
              if _is_count(s, reading.decls)}
    renamed = {b for a, b in c.mapping.items() if a != b}
    return sides_one_factor_apart(theirs.rhs, mine.rhs, counts, renamed)


def _named_by_a_letter(c) -> bool:
    """Is the sheet's left side one letter of its own put for the claim's, renamed or taken
    as a label (q = 1 - p read as a mean)? Then the right side is all there is, and another
    quantity's formula differs from the claim's by a factor as easily as a slip does."""
    left = split_relation(c.sheet_tokens)
    if left is None:
        return True
    idents = [t for t in left[0] if t.ident is not None]
    return len(left[0]) == 1 and len(idents) == 1 and (
        c.mode == "label" or c.mapping.get(idents[0].ident, idents[0].ident) != idents[0].ident)


def _is_count(symbol, decls) -> bool:
    d = decls.get(str(getattr(symbol, "base", symbol)))
    return bool(symbol.is_integer) or (d is not None and d.domain in ("index", "dim"))


def sides_one_factor_apart(right: sp.Expr, mine: sp.Expr, counts=frozenset(),
                           renamed=frozenset()) -> bool:
    """Is ``mine`` the expression ``right`` with one factor's power changed, either as a
    whole or in one term of the sum ``right`` (the other terms as they are)? ``renamed``:
    the claim's letters the sheet writes with letters of its own; one of them alone as the
    changed factor (1/L for the claim's step eta) is a value given to a parameter as often as
    a slip."""
    if _factor_changed(right, mine, counts, renamed):
        return True
    terms = sp.Add.make_args(sp.expand(right))
    diff = sp.expand(mine - right)
    if diff == 0 or len(terms) < 2:
        return False
    for t in terms:
        if _factor_changed(t, t + diff, counts, renamed):
            return True
    return False


def _factor_changed(right: sp.Expr, mine: sp.Expr, counts, renamed) -> bool:
    """Is mine / right a power b^e (0 < |e| <= 2) of a factor b that ``right`` writes, b not
    a constant and not a count?"""
    if right == 0 or mine == 0:
        return False
    q = sp.powsimp(sp.cancel(sp.powsimp(mine / right)), combine="exp")
    if q == 1 or not q.free_symbols:
        return False
    base, e = q.as_base_exp()
    if not (e.is_Rational and e != 0 and abs(e) <= MAX_POWER):
        return False
    if base.free_symbols & set(counts) or base.is_Number:
        return False
    if base.is_Symbol and str(base) in set(renamed):
        return False
    # (the factors of a power of a product count: det S in 1/sqrt((2 pi)^d det S))
    spread = sp.expand_power_base(right, force=True)
    factors = {f.as_base_exp()[0] for f in sp.Mul.make_args(spread)}
    return base in factors
