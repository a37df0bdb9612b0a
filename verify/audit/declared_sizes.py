"""Letters the sheet's own size declarations place in the claim's roles.

"$S_{PQ} \\in \\mathbb{R}^{p \\times q}$, $S_{QP} \\in \\mathbb{R}^{q \\times p}$, $S_{PP} \\in
\\mathbb{R}^{p \\times p}$" before ``\\nu_{Q|P} = \\nu_Q + S_{QP} S_{PP}^{-1}(x_P - \\nu_P)``:
the blocks of the sheet's S have the sizes of the claim's Sigma_BA, Sigma_AA, ... under one
correspondence of sizes (p for a, q for b). The renaming S -> Sigma is then the sheet's
notation, told by its declarations as plainly as words naming the letters would
(``Candidate.announced``), not a guess of the matcher's. It counts only where at least two
declared names of the formula land on names the claim sizes, the sizes correspond one to one
and at least two different sizes are involved (a lone square matrix says little about its
role), so a renaming the declarations contradict or leave open gets nothing.

The matcher keeps a name the sheet shares with the claim as the claim's (a sheet's m is the
claim's m). Where the sheet's declarations size such names otherwise than the claim does
("$z_t = \\phi(Wz_{t-1} + Ux_t)$ where $W \\in \\mathbb{R}^{m \\times m}$, $U \\in
\\mathbb{R}^{m \\times n}$" against the claim's square U and m x n V), the letters are the
sheet's own: they are paired again by position, and that pairing stands only where the
declarations then agree with the claim's sizes as above (``resized_by_declarations``).
"""
from __future__ import annotations

from dataclasses import replace

from cheatsheet.match import Candidate
from cheatsheet.symbols import Decl, DeclarationError

MIN_NAMES = 2  # declared names of the formula that must land on the claim's sized names


def _claim_name(sheet_name: str, mapping: dict) -> tuple[str, set]:
    """The claim's name for a sheet's declared name under the correspondence (S_PQ ->
    Sigma_AB with S, P, Q read as Sigma, A, B), and the sheet letters it is made of."""
    base, _, sub = sheet_name.partition("_")
    letters = {base}
    name = mapping.get(base, base)
    if sub:
        if sub in mapping:
            parts, used = mapping[sub], {sub}
        else:
            parts, used = "".join(mapping.get(ch, ch) for ch in sub), set(sub)
        name, letters = f"{name}_{parts}", letters | used
    return name, letters


def declared_letters(c: Candidate, claim, sheet_symbols: dict) -> frozenset:
    """The renamed sheet letters whose declared sizes agree with the claim's, or nothing."""
    if not sheet_symbols or all(a == b for a, b in c.mapping.items()):
        return frozenset()
    src = claim.sources[c.entry.source] if c.entry.source is not None else None
    decls = claim.declarations_for(src) if src is not None else claim.declarations
    written = {t.ident for t in c.sheet_tokens if t.ident is not None}
    forward: dict[str, str] = {}
    backward: dict[str, str] = {}
    letters: set[str] = set()
    matched = 0
    for sheet_name, spec in sheet_symbols.items():
        base = sheet_name.partition("_")[0]
        if base not in written:
            continue
        name, used = _claim_name(sheet_name, c.mapping)
        mine = decls.get(name)
        if mine is None or mine.kind != "matrix":
            continue
        try:
            theirs = Decl(sheet_name, spec)
        except DeclarationError:
            return frozenset()
        if theirs.kind != "matrix" or len(theirs.shape) != len(mine.shape):
            return frozenset()  # the sheet sizes it otherwise: another role
        for a, b in zip(map(str, theirs.shape), map(str, mine.shape)):
            if a.isdigit() or b.isdigit():
                if a != b:
                    return frozenset()
                continue
            if forward.setdefault(a, b) != b or backward.setdefault(b, a) != a:
                return frozenset()
        matched += 1
        letters |= used
    if matched < MIN_NAMES or len(backward) < 2:
        return frozenset()
    return frozenset(s for s in letters if c.mapping.get(s, s) != s)


def announce_declared_sizes(cands: list[Candidate], sheet_symbols: dict,
                            catalog) -> list[Candidate]:
    """The candidates with the letters the sheet's size declarations place counted as
    announced."""
    out = []
    for c in cands:
        more = declared_letters(c, catalog[c.claim_id], sheet_symbols)
        out.append(replace(c, announced=c.announced | more) if more else c)
    return out


def _pattern(shape) -> tuple:
    """Which sizes of a shape are equal to which (square or not), and its fixed numbers."""
    dims = [str(d) for d in shape]
    return (len(dims), tuple(a == b for i, a in enumerate(dims) for b in dims[i + 1:]),
            tuple(d if d.isdigit() else "" for d in dims))


def sized_otherwise(c: Candidate, claim, sheet_symbols: dict) -> frozenset:
    """Sheet names kept as the claim's own whose declared shape cannot be that name's in the
    claim (a rectangular U where the claim's U is square)."""
    src = claim.sources[c.entry.source] if c.entry.source is not None else None
    decls = claim.declarations_for(src) if src is not None else claim.declarations
    written = {t.ident for t in c.sheet_tokens if t.ident is not None}
    out = set()
    for name, spec in sheet_symbols.items():
        if name not in written or c.mapping.get(name) != name:
            continue
        mine = decls.get(name)
        try:
            theirs = Decl(name, spec)
        except DeclarationError:
            continue
        if mine is None or mine.kind != "matrix" or theirs.kind != "matrix":
            continue
        if _pattern(theirs.shape) != _pattern(mine.shape):
            out.add(name)
    return frozenset(out)


def resized_by_declarations(cands: list[Candidate], sheet_symbols: dict, catalog,
                            matcher) -> list[Candidate]:
    """The candidates whose kept names the sheet's declarations size otherwise, paired again
    by position where the declarations then place every one of them in a claim's role."""
    out = []
    for c in cands:
        claim = catalog[c.claim_id]
        free = sized_otherwise(c, claim, sheet_symbols) if sheet_symbols else frozenset()
        if free:
            again = matcher.realigned(c, free)
            placed = declared_letters(again, claim, sheet_symbols)
            if free <= placed and len(set(again.mapping.values())) == len(again.mapping):
                c = replace(again, announced=c.announced | placed)
        out.append(c)
    return out
