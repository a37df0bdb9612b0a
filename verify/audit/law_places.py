"""Letters the sheet places by writing the claim's law with its parameters on the formula's line.

"Differential entropy of $\\mathcal{N}(a, s^2)$: $h = \\frac12 \\ln(2\\pi s^2)$" says that s is
the normal's standard deviation as plainly as words "standard deviation $s$" would: the law's
parameters, in the order the sheet writes them (each squared where the claim's is), are the
claim's law's. Such a renaming is the sheet's notation, announced, not a guess of the matcher's
(``Candidate.announced``, as for parameters named in words: parameters.py). A correspondence
the law's places contradict (s read as the claim's mean) gets nothing.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.match import Candidate
from .cells import _by_position, row_args
from .laws import claim_laws, sheet_laws, ways

# a law's name written in a font (\mathcal{N}, \mathrm{Beta}) and its bracket of parameters
_LAW_CALL = re.compile(r"(\\(?:mathcal|mathrm|mathsf|text|textrm|operatorname)\s*\{\s*[A-Za-z]+\s*\})"
                       r"\s*(?:\\left)?\s*\(([^()]*)\)")


# a law written in plain text on the formula's own line ("entropy of N(m, s^2): H = ..."):
# its name capitalised, as a law's name is, and a bracket of parameters
_PLAIN_CALL = re.compile(r"(?<![\\A-Za-z$])([A-Z][A-Za-z]*)\s*\(([^()$]*)\)")


def _calls(line_math: str, said: str) -> list[tuple[str, str]]:
    """(law name as LaTeX, its parameters) of the laws written on the formula's line: in its
    math, and in plain text in its own words (after the lead-in: ``said``'s last part),
    which a plain-text sheet writes as a LaTeX one writes \\mathcal{N}(m, s^2)."""
    out = [(m.group(1), m.group(2)) for m in _LAW_CALL.finditer(line_math)]
    own = said.rsplit(" | ", 1)[-1] if " | " in said else ""
    words = re.sub(r"\$[^$]*\$", " ", own)  # (its math is line_math's)
    out += [(f"\\mathrm{{{m.group(1)}}}", m.group(2)) for m in _PLAIN_CALL.finditer(words)]
    return out


def placed(c: Candidate, claim, line_math: str, said: str = "") -> frozenset:
    """The sheet's letters that the law written on the line puts in the claim's law's places,
    or nothing where the line writes another law, or the correspondence disagrees. A claim
    whose title says how it parametrises the law (rate, scale, mean) takes the places only
    where the sheet's words ``said`` say so too: Gamma(a, lambda) may put a rate where the
    claim's scale stands."""
    laws = claim_laws(claim.title)
    if not (line_math or said) or not laws or not ways(claim.title) <= ways(said):
        return frozenset()
    out: set[str] = set()
    for name, args in _calls(line_math, said):
        if sheet_laws("", "", name, {}) != laws:
            continue
        for d in claim.declarations:
            if d.kind != "random" or not d.args:
                continue
            args = args.replace("\\right", "")
            places = _by_position(row_args(f"$({args})$"), [str(a) for a in d.args])
            if not places:
                continue
            if any(c.mapping.get(s, f) != f for s, f in places.items()):
                return frozenset()  # the alignment reads a parameter in another's place
            out |= {s for s, f in places.items() if c.mapping.get(s) == f and s != f}
    return frozenset(out)


def announce_law_places(cands: list[Candidate], line_math: str, catalog,
                        said: str = "") -> list[Candidate]:
    """The candidates with the letters their line's law places counted as announced."""
    out = []
    for c in cands:
        more = placed(c, catalog[c.claim_id], line_math, said)
        out.append(replace(c, announced=c.announced | more) if more else c)
    return out
