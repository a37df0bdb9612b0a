"""Information in bits decided as information in nats.

The catalog states entropies, divergences, mutual information and capacities with natural
logarithms. A sheet that writes them in bits (``\\log_2``, ``\\lg``, ``\\operatorname{ld}``) was
only told "it takes logarithms to base 2, the claim natural ones", right or wrong. Yet a
relation whose every term carries exactly one logarithm, or one information quantity
(``H(X)``, ``h(X)``, ``I(X; Y)``, ``D(p \\| q)``), scales as a whole when the base changes:
it holds in bits exactly when it holds with natural logarithms. Such a formula is decided as
its nats form (``Decider._in_nats``); one with a term free of logarithms (``C = 1 - h_2(p)``,
``2^{H}``) or mixing bases is left as it was.  (``\\lg`` is log_2 in information theory and
log_10 by ISO; for a formula whose every term scales alike the base does not matter.)
"""
from __future__ import annotations

import math
import re

import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet.latex import parse

# log_2 x, log_{2} x, lg x, and ISO's lb x / German ld x ("logarithmus dualis") in upright type
_TWO = (r"(?:\\log\s*_\s*(?:\{\s*2\s*\}|2(?![0-9]))|\\lg(?![A-Za-z])"
        r"|\\(?:operatorname|mathrm|text|textrm)\s*\{\s*(?:lb|ld)\s*\})")
_BASE_TWO = re.compile(_TWO)
# any other logarithm or exponential: natural, unmarked or another base, exp and powers of e / 2
_OTHER = re.compile(r"\\ln(?![A-Za-z])|\\log(?![A-Za-z])(?!\s*_\s*(?:\{\s*2\s*\}|2(?![0-9])))"
                    r"|\\exp(?![A-Za-z])|(?<![A-Za-z\\])e\s*\^|(?<![0-9])2\s*\^")
# information quantities, which carry the unit of their logarithm: H(X), h(X), I(X; Y),
# D(p || q), KL(p || q), H_2(X), h_b(p), D_KL(...)
_QUANTITY = re.compile(r"^(H|h|I|D|KL|D_?KL|D_\{?KL\}?)(_.*)?$")
# what a claim's title says when it states an information quantity
_INFO_TITLE = re.compile(r"entrop|information|divergence|\bkl\b|kullback|channel", re.I)
_CLAIM_BASE = re.compile(r"\\log\s*_|\\lg(?![A-Za-z])")


_NATS = re.compile(r"\bnats?\b", re.I)
_BITS = re.compile(r"\bbits?\b", re.I)


def says_nats(words: str) -> bool:
    """Do a formula's own words say nats (and not bits)? Then a log_2 in it mixes units."""
    return bool(_NATS.search(words)) and not _BITS.search(words)


def in_nats(latex: str) -> str | None:
    """The formula with its base-2 logarithms natural, when it writes some and no other
    logarithm or exponential (a mix of units is not one scale), else None."""
    if not _BASE_TWO.search(latex) or _OTHER.search(latex):
        return None
    return _BASE_TWO.sub(r"\\ln ", latex)


def command(latex: str) -> str:
    """How the formula writes its base-2 logarithm (``\\lg``, ``\\operatorname{ld}``; else
    ``\\log_2``)."""
    m = _BASE_TWO.search(latex)
    return re.sub(r"\s+", "", m.group(0)) if m and not m.group(0).startswith(r"\log") \
        else r"\log_2"


def as_bits(finding, written: str):
    """A finding decided in nats told in the sheet's unit: its right form with the sheet's
    base-2 logarithm, its counterexample's sides divided by ln 2."""
    from dataclasses import replace

    expected = finding.expected
    if expected:
        log = command(written)
        expected = re.sub(r"\\ln(?![A-Za-z])|\\log(?![A-Za-z])(?!\s*_)", lambda _: log, expected)
    example = finding.counterexample
    if example and all(isinstance(example.get(k), (int, float)) for k in ("left", "right")):
        example = {**example, **{k: round(example[k] / math.log(2), 6) for k in ("left", "right")}}
    return replace(finding, expected=expected, counterexample=example,
                   reason=f"{finding.reason} (read in nats: each of its terms carries one "
                          "logarithm, so it holds in bits exactly when it holds in nats)")


def scales_alike(latex: str) -> bool:
    """Does every term of both sides carry exactly one logarithm or information quantity (a
    side may be 0)? Then a change of base multiplies both sides by one number."""
    try:
        stmt = parse(latex)
    except Exception:  # noqa: BLE001 - what cannot be read is not known to scale
        return False
    if not stmt.relations:
        return False
    for rel in stmt.relations:
        for side in (rel.lhs, rel.rhs):
            if not isinstance(side, sp.Expr) or side.is_Matrix:
                return False
            if side != 0 and _degree(side) != 1:
                return False
    return True


def states_information(claim) -> bool:
    """Is the claim an information quantity stated with natural logarithms?"""
    return bool(_INFO_TITLE.search(claim.title)) and "fisher" not in claim.title.lower() \
        and not _CLAIM_BASE.search(claim.latex)


def _carries(e) -> bool:
    return any(isinstance(x, sp.log) or _quantity(x) for x in sp.preorder_traversal(e))


def _quantity(x) -> bool:
    return isinstance(x, AppliedUndef) and bool(_QUANTITY.match(str(x.func)))


def _degree(e) -> int | None:
    """How many logarithms (or information quantities) each term of ``e`` carries, when every
    term carries the same number in a product (0 or 1); None otherwise."""
    if not _carries(e):
        return 0
    if isinstance(e, sp.log):
        return 1 if not _carries(e.args[0]) else None
    if _quantity(e):
        return 1 if not any(isinstance(x, sp.log) for x in sp.preorder_traversal(e)) else None
    if isinstance(e, sp.Add):
        degrees = {_degree(t) for t in e.args}
        return degrees.pop() if len(degrees) == 1 else None
    if isinstance(e, sp.Mul):
        degrees = [_degree(f) for f in e.args]
        if None in degrees or sum(degrees) > 1:
            return None
        return sum(degrees)
    if isinstance(e, (sp.Sum, sp.Integral)):
        if any(_carries(lim) for lim in e.limits):
            return None
        return _degree(e.function)
    return None  # a power, a function of a logarithm, an absolute value of one: no one scale
