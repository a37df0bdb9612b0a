"""Does the correspondence of the sheet's letters with the claim's fit the formula?

How much had to be renamed, whether a renaming splits one family of names (P_22, P_21) or drops
a name of the sheet, whether the reading uses names the claim never speaks of or leaves out its
parameters' places, and whether a short formula differs in more than a slip: a refutation made
by a renaming that does not fit says the correspondence, not the formula, is wrong.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

import sympy as sp

from cheatsheet.latex import LatexError
from cheatsheet.latex.names import GREEK
from cheatsheet.match import Candidate
from cheatsheet.match.align import rename, subscript_only, unit_texts
from cheatsheet.match.tokens import rebuild, tokenize
from cheatsheet.symbols import display_name
from ..parsing import parse_cached
from .explain import _plain
from .readings import Reading, result_name


_INDEX_LETTERS = set("ijklmnrst")  # indices and counters: renaming one says nothing


def renamed_share(c: Candidate) -> float:
    """Share of the formula's symbols that had to be renamed to read it as the claim (an index
    renamed to another index does not count, nor a label written only in subscripts renamed
    to another: blocks a, b of Sigma_{ab} are the claim's A, B)."""
    labels = subscript_only(c.sheet_tokens), subscript_only(c.form_tokens)
    pairs = [(s, f) for s, f in c.mapping.items()
             if not (s in _INDEX_LETTERS and f in _INDEX_LETTERS)
             and not (s in labels[0] and f in labels[1] and s not in _INDEX_LETTERS)]
    if not pairs:
        return 0.0
    # (a letter the sheet's words name as the claim's parameter is kept, whatever its letter)
    return sum(1 for s, f in pairs if s != f and s not in c.announced) / len(pairs)


def _blocks(toks: list) -> dict[str, int]:
    """How many different blocks (``P _ { 2 2 }``, ``P _ { y x }``: a subscript of two or more
    single names, block numbers read as names by cheatsheet/match/block_labels.py) each name
    of the formula carries."""
    seen: dict[str, set] = {}
    for k, t in enumerate(toks):
        if t.ident is None or k + 2 >= len(toks) or toks[k + 1].norm != "_" \
                or toks[k + 2].raw != "{":
            continue
        group = []
        for u in toks[k + 3:]:
            if u.raw == "}":
                break
            group.append(u.ident)
        if len(group) >= 2 and all(g is not None for g in group):
            seen.setdefault(t.ident, set()).add(tuple(group))
    return {name: len(found) for name, found in seen.items()}


def nothing_placed(c: Candidate) -> bool:
    """Does no name of the formula stand for one of the claim's? (``f'(x_0) = 1`` beside the
    claim lambda_max(A_hat) = 1: primes and hats keep f' and x_0 from pairing with the claim's
    names, and a formula made of names of its own only has the claim's shape.)"""
    mine = {t.ident for t in c.sheet_tokens if t.ident}
    theirs = {t.ident for t in c.form_tokens if t.ident}
    return bool(mine) and not (mine & (set(c.mapping) | theirs))


def piece_named(c: Candidate) -> bool:
    """A single statement of a claim that makes several is short and alike to many formulas
    (sum_t alpha_st = 1 is Gauss's sum renamed): it stands for the claim only in the claim's
    own letters or under words that name it."""
    return c.entry.kind != "piece" or renamed_share(c) == 0 or c.words >= 0.5


def _family_split(c: Candidate) -> str:
    """Two names of one family in the formula (P_22 and P_21, the blocks of P) that the
    correspondence sends to different families (Sigma_11 and P_21); ''."""
    def base(name: str) -> str:
        return name.split("_", 1)[0]

    idents = {t.ident for t in c.sheet_tokens if t.ident is not None and "_" in t.ident}
    families: dict[str, set[str]] = {}
    for name in idents:
        families.setdefault(base(name), set()).add(base(c.mapping.get(name, name)))
    for fam, targets in sorted(families.items()):
        if len(targets) > 1:
            members = sorted(n for n in idents if base(n) == fam)
            return (f"{members[0]} and {members[1]}, one name with two subscripts, as "
                    "names of different quantities of the claim")
    return _blocks_split(c)


def _blocks_split(c: Candidate) -> str:
    """The numbered blocks of one partition (P_{22}, P_{21}: block numbers read as names,
    cheatsheet/match/block_labels.py) of which the correspondence gives some the claim's block
    letters and leaves others numbers the claim does not have: the same split as P_22 and
    P_21 sent to different families; ''."""
    numbers = sorted({t.ident for t in c.sheet_tokens if t.ident is not None
                      and t.ident.isdigit()})
    own = {t.ident for t in c.form_tokens if t.ident is not None}
    kept = [d for d in numbers if c.mapping.get(d, d) == d and d not in own]
    moved = [d for d in numbers if c.mapping.get(d, d) != d]
    if kept and moved:
        return (f"the blocks numbered {moved[0]} and {kept[0]}, of one partition, as blocks "
                "of different ones")
    if any(t.ident is not None and t.ident.isdigit() for t in c.form_tokens):
        # P_{22}^{-1} P_{21} (or P_{yy}^{-1} P_{yx}) read as a claim that numbers its blocks,
        # Sigma_{22}^{-1} Sigma_{21}: the matrix they are cut from taken for another (a
        # precision for a covariance), so the blocks' roles in the claim are not shown theirs
        renamed = sorted(m for m, n in _blocks(c.sheet_tokens).items()
                         if n >= 2 and c.mapping.get(m, m) != m)
        if renamed:
            return (f"the blocks of {renamed[0]} as blocks of another matrix of the claim "
                    f"({c.mapping[renamed[0]]})")
    return ""


def dropped_names(c: Candidate, reading: Reading) -> list[str]:
    """The sheet's names that a whole-formula reading neither keeps nor renames: the reading
    then states the claim's formula, not the sheet's (its name stands for something else)."""
    if c.mode != "whole":
        return []
    try:
        kept = {t.ident for t in tokenize(reading.latex) if t.ident is not None}
    except Exception:  # noqa: BLE001 - an unreadable reading drops nothing we can name
        return []
    # (w-hat for the claim's w^*: the reading names the result as the claim does)
    mapping = result_name(c)
    lost = {t.ident for t in c.sheet_tokens if t.ident is not None
            and mapping.get(t.ident, t.ident) not in kept}
    # (idents are the reader's names, s_prime for s': shown as a person writes them)
    return sorted(display_name(n) for n in lost)


def _undeclared(reading: Reading, vocabulary=()) -> list[str]:
    """Names the reading uses that the claim neither declares, binds nor uses in its own
    statement (Δ in Δx, a letter the renaming did not place): the check then compares with a
    free value, which says nothing about the student's formula."""
    try:
        st = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
    except (LatexError, ValueError, TypeError):
        return []
    known = {d.name for d in reading.decls} | {"e", "pi"} | set(vocabulary)
    written = {t.ident for t in tokenize(reading.latex) if t.ident}
    out = set()
    for sym in st.free_symbols:
        name = str(sym.base) if isinstance(sym, sp.Indexed) else getattr(sym, "name", None)
        if name and name in written and name not in known:
            out.add(_plain(name))
    return sorted(out)


def _short_and_far(c: Candidate) -> bool:
    """A formula of at most eight symbols and operators that, renamed into the claim's
    letters, still differs from the claim's form in two of its symbols or more."""
    def seen(toks):
        return [t.ident or t.norm for t in toks if t.norm or t.ident is not None]

    def names(toks):  # (notation aside: sigma/n and \frac{sigma^2}{n} differ in one place)
        return [t.ident for t in toks if t.ident is not None]

    renamed = rename(c.sheet_tokens, c.mapping, unit_texts(c.form_tokens))
    if len(seen(renamed)) > 8:
        return False
    ops = SequenceMatcher(None, names(renamed), names(c.form_tokens),
                          autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal") >= 2


def sum_named(c: Candidate) -> tuple[str, str, str] | None:
    """The sheet's letter, renamed, where the claim writes its counterpart plus another name
    the formula writes elsewhere: E[(y - f_hat)^2] beside the claim's E[(f + eps - f_hat)^2]
    reads y as eps with "f +" dropped, but y may name the whole sum (y = f + eps). Returns
    (what it writes, in plain words, the other name, the counterpart), or None."""
    def seen(toks):
        return [t.ident or t.norm for t in toks if t.norm or t.ident is not None]

    images = {f: s for s, f in c.mapping.items() if s != f}
    if not images:
        return None
    mine = seen(rename(c.sheet_tokens, c.mapping, unit_texts(c.form_tokens)))
    theirs = seen(c.form_tokens)
    ops = SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op != "insert" or j2 - j1 != 2:
            continue
        piece = theirs[j1:j2]
        if piece[1] == "+" and j2 < len(theirs) and theirs[j2] in images:
            other, letter = piece[0], theirs[j2]
        elif piece[0] == "+" and j1 > 0 and theirs[j1 - 1] in images:
            other, letter = piece[1], theirs[j1 - 1]
        else:
            continue
        if other in mine and other != letter:
            def show(n):
                return _plain(("\\" + n) if n in GREEK else n)
            return (f"{show(images[letter])} where the claim has {show(other)} + "
                    f"{show(letter)}, and holds when {show(images[letter])} stands for that "
                    "sum"), other, letter
    return None


_CLAUSES = ("\\implies", "\\iff", "\\Rightarrow", "\\Leftrightarrow")
# "\\forall j \\neq i: ...": a quantifier restricted by a condition is an implication written
# another way (for every j, j != i implies ...)
_RESTRICTED = re.compile(r"\\forall\b[^:]*(?:\\neq|\\ne\b|\\notin|\\in|<|>|\\le|\\ge)[^:]*:")


def _clause_added(c: Candidate, reading: Reading, line_math: str = "") -> str:
    """An implication or equivalence the reading states and the sheet's formula does not.
    A premise the line writes as a formula of its own before this one ("where $H = Q^T
    \\Lambda Q$ gives $...$"), in the formula's letters, is no addition."""
    written = rebuild(c.sheet_tokens)
    if any(clause in written for clause in _CLAUSES):
        return ""  # (iff and Leftrightarrow are one clause, spelled two ways)
    for clause in _CLAUSES:
        if clause in reading.latex:
            if _premise_written(c, reading.latex.split(clause)[0], line_math) or (
                    clause == "\\implies" and _RESTRICTED.search(written)):
                return ""
            return "a consequence (" + clause.strip("\\") + ")"
    return ""


def _premise_written(c: Candidate, premise: str, line_math: str) -> bool:
    """Is the premise, its letters put back into the sheet's, written in the line's math?"""
    back = {claim: sheet for sheet, claim in c.mapping.items()}

    def seen(toks, names=None):
        return [(names or {}).get(t.ident, t.ident) if t.ident else t.norm
                for t in toks if t.norm or t.ident is not None]
    want, have = seen(tokenize(premise), back), seen(tokenize(line_math))
    return len(want) >= 3 and any(have[k:k + len(want)] == want
                                  for k in range(len(have) - len(want) + 1))


_STRUCTURE = {"\\frac", "\\dfrac", "\\tfrac", "\\left", "\\right", "\\cdot", "\\times",
              "\\top", "\\quad", "\\qquad", "\\text", "\\mathrm", "\\operatorname",
              "\\mid", "\\in", "\\le", "\\leq", "\\ge", "\\geq", "\\neq", "\\approx",
              "\\to", "\\infty", "\\prime", "\\ldots", "\\dots", "\\cdots"}


_SAME_OPERATOR = {"\\ln": "\\log", "\\exp": "e", "\\Pr": "P"}


def _operators(toks) -> set[str]:
    """The named operators of a formula (det, tr, E, Var, KL, log, sum, partial, ...)."""
    out = set()
    for t in toks:
        n = t.norm
        if t.ident is not None or n in _STRUCTURE:
            continue
        n = _SAME_OPERATOR.get(n, n)
        if (n.startswith("\\") and n[1:].isalpha()) or (n.isalpha() and len(n) > 1):
            out.add(n)
    return out


_LOG_BASE = re.compile(r"\\log\s*_\s*\{?\s*(\d+|[a-z])")
