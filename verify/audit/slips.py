"""Is a refuted formula one slip away from the claim's right form, in the sheet's own letters?

A typo is one small edit: a sign flipped, an exponent or a transpose dropped, a factor or a
``+ 1`` left out, two neighbours swapped, one argument written for another. When the claim's
right form, put in the sheet's letters by a correspondence that is one to one and leaves none
of the sheet's names unplaced, differs from the formula by exactly one such edit, the formula
is that claim written with a slip, whatever letters the sheet uses; a formula of another
statement that merely resembles the claim differs from it in more places than one.
"""
from __future__ import annotations

from cheatsheet.match import Candidate
from cheatsheet.match.align import unit_texts, whole_called_names, without_layout
from .explain import _edits, expected_tokens
from .slip_notation import quotients_alike, result_renamed

SLIP_TOKENS = 3  # the most symbols one slip changes (``+ 1``, ``^\top``, ``- 1`` in a limit)
# a quotient written or left out: with letters renamed, 1/L where the claim has its eta is a
# value given to the claim's parameter (a step 1/L) as often as a slip
_RECIPROCAL = {"\\frac", "/"}


OWN_LETTERS_WORDS = 0.25  # words enough for a slip written in the claim's very letters
OWN_LETTERS_SCORE = 0.9  # and that close to the claim's form


def slip_named(c: Candidate, renamed: float) -> bool:
    """Do the words around name the claim enough for one slip to count? Words naming it
    do (0.5); so do fewer (a heading "attention" over ``Attn(Q, K, V) = ...``) where the
    formula writes every letter as the claim does and is that close to its form. Guard: a
    right formula of another statement would have to be, in the claim's very letters, one
    edit from the claim's right form, and its words still name the claim in part; the
    near-twin statements that are (a biased and an unbiased estimate) are named apart by
    their words, which the estimate rule asks of them before this (confidence.py)."""
    return c.words >= 0.5 or (renamed == 0 and c.score >= OWN_LETTERS_SCORE
                              and c.words >= OWN_LETTERS_WORDS and claims_letters(c))


def claims_letters(c: Candidate) -> bool:
    """Does the formula write each of its letters as the claim does? An index letter (d_t for
    the claim's d_k) and a subscript's case (p_g for p_G) are the sheet's to choose; a letter
    the sheet's notation renames (its G_X, a probability generating function, for the claim's
    M_X), even one its other lines confirm, is not the claim's very letter."""
    toks = c.sheet_tokens
    subscript = {t.ident for k, t in enumerate(toks) if t.ident is not None and k
                 and toks[k - 1].norm == "_"}
    main = {t.ident for k, t in enumerate(toks) if t.ident is not None
            and not (k and toks[k - 1].norm == "_")}
    return all(a == b or (a not in main and (a in subscript or a.lower() == b.lower()))
               for a, b in c.mapping.items())


def one_slip(c: Candidate, claim) -> bool:
    """Does the formula differ from the claim's right form, in its letters, by one slip?"""
    values = list(c.mapping.values())
    if len(set(values)) != len(values):
        return False  # two of the sheet's names for one of the claim's: no one-to-one reading
    try:
        right = expected_tokens(c, claim)
    except Exception:  # noqa: BLE001 - a form that cannot be put in the sheet's letters
        return False
    claim_names = {t.ident for t in right if t.ident is not None}
    # (E_D(w) for the claim's J(w): the data set's label is part of the loss's name, and the
    # right form keeps it)
    sheet = whole_called_names(c.sheet_tokens, c.mapping, unit_texts(c.form_tokens))
    if any(t.ident is not None and t.ident not in c.mapping and t.ident not in claim_names
           for t in sheet):
        return False  # a name of the sheet the correspondence does not place
    # (an alignment's & and row breaks are layout, not symbols of the formula; a slash for
    # the claim's \frac, or the result named by another letter, is notation: slip_notation)
    mine, theirs = without_layout(c.sheet_tokens), without_layout(right)
    written = {t.ident for t in mine if t.ident is not None}
    renamed = any(s != f for s, f in c.mapping.items())
    seen = set()
    for pair in ((mine, theirs), result_renamed(mine, theirs, written)):
        for x, y in (pair, quotients_alike(*pair)):
            key = (tuple(map(id, x)), tuple(map(id, y)))
            if key not in seen:
                seen.add(key)
                if _one_edit(*_edits(x, y), renamed):
                    return True
    return False


def _one_edit(a, b, ops, renamed: bool) -> bool:
    """Is this one slip: one small edit of names the formula writes elsewhere, or one factor
    moved?"""
    if len(ops) == 1:
        _, i1, i2, j1, j2 = ops[0]
        return max(i2 - i1, j2 - j1) <= SLIP_TOKENS and len(a) > 2 * SLIP_TOKENS \
            and _names_kept(a, i1, i2, b[j1:j2]) \
            and not (_RECIPROCAL & {t.key for t in a[i1:i2] + b[j1:j2]}
                     and renamed)
    if len(ops) == 2 and {ops[0][0], ops[1][0]} == {"insert", "delete"}:
        # one factor or script moved (Q^T K for Q K^T): the same stretch out and back in
        moved = [a[i1:i2] if op == "delete" else b[j1:j2] for op, i1, i2, j1, j2 in ops]
        keys = [[t.ident or t.key for t in m] for m in moved]
        return keys[0] == keys[1] and len(keys[0]) <= 2 and len(a) > 2 * SLIP_TOKENS
    return False


def _names_kept(a, i1: int, i2: int, inserted) -> bool:
    """Does the edit only rearrange names the formula writes elsewhere, one at most on each
    side (P(W > a) for P(W > b), a dropped lambda of lambda e^{-lambda x})? A name brought in
    or taken away (1/L where the claim has its step eta) states another formula, not a slip."""
    outside = {t.ident for t in a[:i1] + a[i2:] if t.ident is not None}
    for stretch in (a[i1:i2], inserted):
        names = [t.ident for t in stretch if t.ident is not None]
        # (p_g written p _ g: its subscript is part of the one name, and written elsewhere)
        heads = [n for k, n in enumerate(t.ident for t in stretch)
                 if n is not None and not (k and stretch[k - 1].norm == "_")]
        if len(heads) > 1 or any(n not in outside for n in names):
            return False
    return True
