"""A special case the sheet names, imposed on the claim's check before it excuses a formula.

"Sigma positive definite: E[x^T A x] = Tr(A Sigma^{-1}) + m^T A m" fails the claim, which
draws Sigma positive semidefinite. The words name a special case the claim does not assume,
so the formula used to be left unchecked: it may state that case. Whether it does is decided,
not assumed: the check is run again with every square matrix of the claim made positive
definite, the strongest reading of the words whatever matrix they speak of. Refuted there too,
the formula is wrong in the very case it names; holding there, it stays excused.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.symbols import DeclarationError, Declarations

# words naming a positive definite matrix
_DEFINITE = re.compile(r"positive[- ]definite|\bp\.d\.|\bspd\b|\\succ\s*0", re.I)
# a claim's square matrix: psd(n), symmetric(n), pd(n), matrix(n, n)
_SQUARE = re.compile(r"^(?:(?:psd|symmetric|pd)\((?P<n>\w+)\)|matrix\((?P<a>\w+),\s*(?P<b>\w+)\))$")


def in_named_case(special: str, reading):
    """The reading with the case the words name imposed (every square matrix positive
    definite), or None when the words name no case this can impose or nothing changes."""
    if not _DEFINITE.search(special):
        return None
    specs, changed = {}, False
    for d in reading.decls:
        m = _SQUARE.match(d.spec.replace(" ", ""))
        n = (m.group("n") or (m.group("a") if m.group("a") == m.group("b") else None)) \
            if m else None
        if n is not None and d.spec != f"pd({n})":
            specs[d.name], changed = f"pd({n})", True
        else:
            specs[d.name] = d.spec
    if not changed:
        return None
    try:
        return replace(reading, decls=Declarations.from_mapping(specs))
    except DeclarationError:
        return None


class SpecialCases:
    """Mixin of the Decider: does a formula fail its claim in the case its words name?"""

    def _fails_in_named_case(self, c, reading, special: str) -> bool:
        narrowed = in_named_case(special, reading)
        if narrowed is None:
            return False
        claim = self.catalog[c.claim_id]
        ev = self._check(claim, narrowed, narrowed.layouts[0])
        return ev.verdict == "refuted" and bool(ev.counterexample) \
            and ev.method not in ("scope", "shapes")
