"""A premise after "if" / "when" checked with the conclusion its sentence draws from it.

"If $\\|w\\|_\\infty \\le \\epsilon$, then ... $\\delta = -\\epsilon\\,sign(w)$": the premise alone
states nothing to check, but a sheet's condition can be its error (a norm or a letter where
another belongs). A claim stated as an implication records the right premise. So the premise
and the relation after "then" in the same sentence are read as one statement, ``P \\implies C``,
and wrong where a claim that states a premise refutes it; or, where the catalog records the
premise itself as typed and reads it as part of the claim that decides the conclusion, by that
claim. Only a wrong verdict is taken (a premise is never called ok here): anything else
leaves the premise unchecked, as before.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.sheets.formulas import has_relation

from .caveats import assumed, premise_word

_PREMISE_REASON = "a condition the sheet assumes"
_SENTENCE_END = re.compile(r"[.;:!?](\s|$)")
_THEN = re.compile(r"^\s*,?\s*then\b", re.I)


def consequence_of(f, later: list) -> str:
    """The relation a premise's sentence draws from it: the first of the ``later`` formulas
    of its line, in the same sentence, that states a relation, when ``f`` is a premise (after
    "if", "when", ...) and the words right after it say "then"; ''."""
    if not _THEN.match(f.segment.after or "") or not (premise_word(f.segment, f.stated)
                                                     or assumed(f.segment)):
        return ""
    for g in later:
        if _SENTENCE_END.search(g.segment.before or ""):
            return ""
        if has_relation(g.stated):
            return g.stated
    return ""


def decided_premise(decider, formula, conv, file: str, habits, f):
    """``f``, or the premise's finding when it is decided with its conclusion."""
    then = conv.consequence
    if f.verdict != "unchecked" or not f.reason.startswith(_PREMISE_REASON) or not then:
        return f
    premise = formula.stated
    joined = replace(formula, latex=f"{premise} \\implies {then}",
                     written=formula.written or formula.latex)
    g = decider.decide_stated(joined, conv, file, habits)
    # (wrong only: an ok would call a premise right that the claim's check may read with the
    # conclusion put in for its name)
    if g.verdict == "wrong" and g.claim in decider.catalog and \
            "\\implies" in decider.catalog[g.claim].latex:
        return replace(g, latex=formula.latex, written=formula.written)
    # the catalog records this premise as typed, read with the conclusion of a claim that
    # decides the sentence's conclusion too: that claim's reading of the premise
    concluded = decider.decide_stated(replace(formula, latex=then, written=""), conv, file,
                                      habits)
    if concluded.verdict == "unchecked" or not concluded.claim:
        return f
    # (the premise stands on the line, the conclusion after it: the reading's implication
    # adds nothing the line does not write, renaming._clause_added)
    typed = decider.decide_as_typed(formula,
                                    replace(conv, line_math=f"{conv.line_math} {premise}"),
                                    file, premise)
    if typed.verdict != "wrong" or typed.claim != concluded.claim:
        return f
    return typed
