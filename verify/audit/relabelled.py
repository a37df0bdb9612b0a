"""A formula that is a claim's form letter for letter, in letters of its own.

The matcher pairs a sheet's names with a form's by alignment, but a name the sheet shares with
the claim is held to mean the claim's (align.correspondence): a sheet writing
``<grad F(y) - grad F(z), y - z>`` where the form writes ``<grad f(x) - grad f(y), x - y>`` then
reads as the claim with its y kept and z undefined, and fails by scope, which says nothing.
Yet every place of the two writings pairs the same two names: the sheet's y is always where the
form's x is, its z always where the form's y is. Such a consistent one-to-one pairing of the
whole formula is the sheet's notation, not a guess, and the formula can be read through it.

Only a pairing that moves a shared name onto another claim name *and* brings in a name the
claim lacks counts: a pure permutation of the claim's own letters (K and H exchanged in
``I - KH``) is what a swap typo looks like, never a relabelling. And the pairing is used only
to turn a refutation by scope into one by the claim's own check (trials.py): read through it a
formula that holds is left as before, so no typo is ever credited by it.
"""
from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from cheatsheet.match import Candidate, split_relation
from cheatsheet.match.align import FIXED_MEANING, decoration

MAX_GAPS = 2  # comparison tokens that may differ (the typo itself) outside the paired stretches


def _stream(toks) -> tuple[list[str], list[str | None]]:
    """Comparison keys and, for each, the unit's name (None for an operator or a bracket)."""
    ks, names = [], []
    for t in toks:
        if t.norm or t.ident is not None:
            ks.append(t.key)
            names.append(t.ident)
    return ks, names


def consistent_pairing(sheet, form) -> dict[str, str] | None:
    """Sheet name -> form name when the two streams align, all but ``MAX_GAPS`` tokens, in
    stretches where every place pairs the same two names one to one; else None."""
    a, an = _stream(sheet)
    b, bn = _stream(form)
    sm = SequenceMatcher(None, a, b, autojunk=False)
    pairs: dict[str, str] = {}
    back: dict[str, str] = {}
    matched = 0
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            continue
        for i, j in zip(range(i1, i2), range(j1, j2)):
            matched += 1
            s, f = an[i], bn[j]
            if s is None:
                continue
            if pairs.setdefault(s, f) != f or back.setdefault(f, s) != s:
                return None  # one name where two stand in the form (or the reverse): no renaming
            if decoration(s) != decoration(f) or (s != f and (s in FIXED_MEANING
                                                            or f in FIXED_MEANING)):
                return None
    if max(len(a), len(b)) - matched > MAX_GAPS:
        return None
    if any(n is not None and n not in pairs for n in an):
        return None  # a name of the sheet no stretch pairs: the pairing is partial
    return pairs


def relabelled(c: Candidate, vocabulary) -> Candidate | None:
    """The candidate read through the formula's consistent pairing with its form, when that
    pairing differs from the matcher's by moving a claim name (see the module docstring);
    None otherwise."""
    if c.mode != "whole" or not c.sheet_tokens or not c.form_tokens:
        return None
    pairs = consistent_pairing(c.sheet_tokens, c.form_tokens)
    if pairs is None or pairs == {k: v for k, v in c.mapping.items() if k in pairs}:
        return None
    claim_names = set(vocabulary) | {t.ident for t in c.form_tokens if t.ident is not None}
    moved = [s for s, f in pairs.items() if s != f and s in claim_names]
    foreign = [s for s in pairs if s not in claim_names]
    sheet_names = set(pairs)
    if not foreign or not any(pairs[s] not in sheet_names for s in moved):
        return None  # (every moved name onto another the sheet writes: a swap, not a shift)
    result = _named_result(c.sheet_tokens)
    if result is not None and pairs.get(result, result) != result:
        # mu-hat = 1/N sum_n x_n paired with lambda-hat = 1/n sum_i x_i: a result the sheet
        # names is its own quantity (the Gaussian mean), not the claim's under another letter
        return None
    if any(c.mapping.get(s, pairs[s]) != pairs[s] for s in c.announced):
        return None  # the words announce another reading of a letter: theirs stands
    return replace(c, mapping=dict(pairs))


def _named_result(toks) -> str | None:
    """The name a formula's left side is, when it is one name alone (its result's name).
    A left side that applies an operator to one name (Var(Y), E[X]) names no result of the
    sheet's own: it is the claim's quantity of whatever the name is paired with."""
    split = split_relation(toks)
    if split is None:
        return None
    names = [t.ident for t in split[0] if t.ident is not None]
    if any(t.norm in ("(", "[") for t in split[0]):
        return None
    return names[0] if len(names) == 1 else None
