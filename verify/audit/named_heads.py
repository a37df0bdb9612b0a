"""A left side that calls a name of the sheet's own choosing (``\\mathrm{PP}(p)``).

An upright name of two letters or more (PP, PPL, SNR, softplus) says which quantity the formula
is about as plainly as words do. ``\\mathrm{PP}(p) = 2^{H(p)}`` defines perplexity; read as a
label for the claim's ``KL(p || p)`` it "fails" that claim's check, but the claim speaks of
another quantity altogether. Renaming such a name into the claim's is not free: unless the
claim knows the name (writes it, or its title spells or abbreviates it), the match is not sure.
"""
from __future__ import annotations

import re

from cheatsheet.match import Candidate, split_relation
from cheatsheet.match.index import words_of
from cheatsheet.match.tokens import tokenize

from .word_names import word_named


def _bare(norm: str) -> str:
    """A token's name without the tokeniser's mark for upright text (``text:kl`` -> kl)."""
    return norm[len("text:"):] if norm.startswith("text:") else norm


def _operator_head(toks) -> str:
    """The upright name or named operator (KL, Var) a left side calls or is, lower case, or ''."""
    if not toks:
        return ""
    name = _bare(toks[0].norm)
    rest = [t for t in toks[1:] if t.norm or t.ident]
    if not name.isalpha() or (rest and rest[0].norm not in ("(", "[", "_")):
        return ""
    return name.lower()


def _upright_head(toks, shortest: int = 2) -> str:
    """The name a left side calls or is, as an unknown upright name (lower case), or ''."""
    if not toks or not toks[0].norm.startswith("text:"):
        return ""
    name = _operator_head(toks)
    return name if len(name) >= shortest else ""


def _claim_knows(name: str, claim) -> bool:
    """Does the claim write the name, or does its title spell it (a word starting with it)
    or abbreviate it (the initials of consecutive words: SE for standard error)?"""
    written = [claim.latex, *(claim.wrong or ())]
    for source in claim.sources or ():  # (the names sheets were seen to write it with)
        written += [source.latex, source.read_as or ""]
    for latex in written:
        try:
            if any(t.norm == f"text:{name}" for t in tokenize(latex or "")):
                return True
        except Exception:  # noqa: BLE001 - what the tokeniser trips on knows nothing
            continue
    said = words_of(name)  # (a word of another language folded: Präzision, precision)
    if said and said <= words_of(f"{claim.title} {claim.id.replace('_', ' ')}"):
        return True
    words = re.findall(r"[a-z]+", f"{claim.title} {claim.id.replace('_', ' ')}".lower())
    if any(w.startswith(name) for w in words):
        return True
    initials = "".join(w[0] for w in words)
    return name in initials


def own_named_left(c: Candidate, claim) -> str:
    """The sheet's own upright name its left side calls, when the claim does not know it ('')."""
    split = split_relation(c.sheet_tokens)
    if split is None:
        return ""
    name = _upright_head(split[0])
    if not name or _claim_knows(name, claim):
        return ""
    # "parameters with bias" for a claim titled "parameters of a conv layer ... one bias per
    # filter": a name in words, each of them the title's, is the claim's (word_names.py)
    return "" if word_named(split[0], claim) else name


def _writes_head(name: str, claim) -> bool:
    """Does the claim (or a sheet it was seen on) write ``name`` as a left side's head?"""
    for latex in (claim.latex, *(s.latex for s in claim.sources or ())):
        try:
            split = split_relation(tokenize(latex or ""))
        except Exception:  # noqa: BLE001 - what the tokeniser trips on writes nothing
            continue
        if split and split[0] and name in (_operator_head(split[0]),
                                           (split[0][0].ident or "").lower()):
            return True
    return False


def head_read_as(c: Candidate, claim) -> tuple[str, str] | None:
    """(the sheet's, the claim's) upright names of the left side where a reading takes one
    for the other: ``\\mathrm{I}(U; V)`` read as the claim's ``KL(p || q)``. Mutual
    information, entropy and divergence are different quantities with names of one letter,
    so a formula that holds only with its I read as KL says nothing of I."""
    mine = split_relation(c.sheet_tokens)
    try:
        theirs = split_relation(tokenize(claim.latex))
    except Exception:  # noqa: BLE001
        return None
    if not mine or not theirs:
        return None
    name, other = _upright_head(mine[0], shortest=1), _operator_head(theirs[0])
    if not name or not other or name == other:
        return None
    label = [_bare(t.norm).lower() for t in mine[0][1:6]]
    if mine[0][1:2] and mine[0][1].norm == "_" and other in label:
        return None  # D_{KL}(p || q): the subscript names the claim's operator
    if _writes_head(name, claim) or (len(name) > 1 and _claim_knows(name, claim)) \
            or word_named(mine[0], claim):  # (Gini impurity = ... for the claim's Gini)
        return None
    return name, other
