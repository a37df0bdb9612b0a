"""Words a recorded reading relies on, said again beside the same formula on another sheet.

The catalog reads some lines of its sheets with a few of their words (``words`` of a source:
"p.s.d." after ``\\Sigma_{12} \\in \\mathbb{R}^{e \\times f}``, "permutes columns" after
``X^T P``): the formula alone says less than the line. On another sheet such a form, typed
again, carries that reading only where the same words stand beside it too; then those words
name the claim as plainly as its title would. Elsewhere the form stays a form whose reading
comes from a sheet the student never wrote.
"""
from __future__ import annotations

import re

from cheatsheet.match import Candidate
from cheatsheet.match.align import same_after_renaming
from cheatsheet.match.tokens import tokenize

# how well words repeated from the recorded line name the claim (as a claim's proper name does)
REPEATED = 0.75


def recorded_words(catalog, c: Candidate) -> tuple[str, ...]:
    """The phrases of its line that the candidate's recorded form is read with, or ()."""
    if c.entry.kind != "source" or c.entry.source is None:
        return ()
    words = catalog[c.claim_id].sources[c.entry.source].words
    phrases = (words,) if isinstance(words, str) else tuple(words or ())
    return tuple(p for p in phrases if p.strip())


# words ending a clause that the formula does not open: "$a$ satisfies both, whereas $b$ ..."
_CLAUSE_ENDS = re.compile(r"(?:[,;]\s*(?:whereas|while|whilst|but)?|\b(?:whereas|while|whilst))"
                          r"\s*$", re.I)


def own_before(seg) -> str:
    """The words before the formula that are its own: none where they end a clause of the
    formula before it ("$1/t$ satisfies both, whereas $1/\\sqrt{t}$ ..."): those words
    speak of that formula, not of this one."""
    before = seg.before or ""
    end = _CLAUSE_ENDS.search(before)
    return "" if end is not None and end.start() > 0 else before


def line_text(seg) -> str:
    """The words and math of a formula's line around it, as the reader split them (the words
    before it only where they are its own)."""
    return f"{own_before(seg)} {seg.latex} {seg.after}"


def _said(phrase: str, text: str) -> bool:
    """Is the phrase in the text, as whole words, whatever the spacing, hyphens and case
    ("denominator-layout" is said by "in denominator layout")?"""
    parts = [re.escape(p) for p in re.split(r"[\s-]+", phrase) if p]
    pattern = r"(?<![A-Za-z0-9])" + r"[\s-]+".join(parts) + r"(?![A-Za-z0-9])"
    return re.search(pattern, text, re.I) is not None


def typed_as_is(c: Candidate) -> bool:
    """Is the candidate's form typed here whole, as it stands, with no letter renamed?"""
    return c.mode == "whole" and all(a == b for a, b in c.mapping.items()) \
        and same_after_renaming(c.sheet_tokens, c.form_tokens, c.mapping)


def repeated_here(catalog, c: Candidate, line_text: str) -> bool:
    """Is the candidate's recorded form typed here as it stands (no letter renamed), with all
    the words it is read with on the formula's line (before it, in it, after it)?"""
    phrases = recorded_words(catalog, c)
    return bool(phrases) and typed_as_is(c) and all(_said(p, line_text) for p in phrases)


def words_unsaid(catalog, c: Candidate, text: str) -> bool:
    """Is the candidate a recorded form read with words of its own line of which ``text``
    (the words and math of the formula's line here) says none? Its refutation then rests on
    words unsaid: "$W^\\dagger = W^\\top$" is wrong after "has orthogonal columns", right
    after "orthonormal columns". (One phrase said is enough: the reader does not hand every
    word of a long line to each of its formulas.)"""
    phrases = recorded_words(catalog, c)
    return bool(phrases) and not any(_said(p, text) for p in phrases)


def carry_words(catalog, cands: list[Candidate], line_text: str) -> list[Candidate]:
    """A recorded form read with words of its line, typed here with those words beside it:
    the words name its claim (the candidate's words scores are raised to REPEATED)."""
    for c in cands:
        if repeated_here(catalog, c, line_text):
            c.words = max(c.words, REPEATED)
            c.near = max(c.near, REPEATED)
    return cands


def _text(latex: str) -> list[str]:
    return [t.ident or t.norm for t in tokenize(latex) if t.ident or t.norm]


def worded(decider, cands: list[Candidate], seg) -> list[Candidate]:
    """Each candidate, or the recorded version of the same text whose words stand beside the
    formula, where the catalog reads one text several ways ("$a_t = 1/\\sqrt{t}$ satisfies
    both" on one sheet, "... satisfies the first but not the second" on another): the
    formula alone does not say which reading its line means, its words do; where they say
    none, the versions read without words stand. A candidate left with no one reading is
    dropped: no reading of the catalog's is the line's for sure."""
    catalog, matcher = decider.catalog, decider.matcher
    out = []
    for c in cands:
        if c.entry.kind != "source":
            out.append(c)
            continue
        text = _text(c.entry.latex)
        same = [c] + [o for o in matcher.other_forms(c) if o.entry.kind == "source"
                      and _text(o.entry.latex) == text]
        if len({tuple(_text(o.entry.reading)) for o in same}) < 2 or not any(
                recorded_words(catalog, o) for o in same):  # (no words: readings alike)
            out.append(c)
            continue
        pick = _told(catalog, same, seg)
        if pick is not None:
            out.append(pick)
    return out


def _told(catalog, same: list[Candidate], seg) -> Candidate | None:
    """The version whose words are said beside the formula (right after it first), else the
    versions read with no words at all if they agree; None when that leaves no one reading."""
    for where in (seg.after, own_before(seg)):
        said = [o for o in same
                if (p := recorded_words(catalog, o)) and all(_said(x, where) for x in p)]
        if said:
            return said[0] if len({tuple(_text(o.entry.reading)) for o in said}) == 1 else None
    plain = [o for o in same if not recorded_words(catalog, o)]
    if plain and len({tuple(_text(o.entry.reading)) for o in plain}) == 1:
        return plain[0]
    return None


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def read_with(catalog, c: Candidate, said: str, seg) -> bool:
    """Are the words ``said`` (a qualifier found beside the formula: 'p.s.d') part of those
    the candidate's recorded form is read with, repeated here? Then the catalog's reading
    already takes them in, and they cannot make the formula another setting's."""
    said = _letters(said)
    return bool(said) and repeated_here(catalog, c, line_text(seg)) \
        and any(said in _letters(p) for p in recorded_words(catalog, c))


def recorded_as_typed(catalog, claim_id: str | None, latex: str) -> bool:
    """Does the catalog record this very text (token for token, no letter renamed) as a
    version of the claim? Then it has read the formula whole, a chain's first member
    included, and that reading is the line's."""
    if claim_id is None or claim_id not in catalog:
        return False
    text = _text(latex)
    return any(_text(s.latex) == text for s in catalog[claim_id].sources)
