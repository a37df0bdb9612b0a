"""The kinds a factorisation stated beside a formula gives its factors, for the generic check.

"With SVD $X = UDV^\\top$: $X^{-1} = V D^{-1} U^\\top$" is right: in the SVD, U and V are
orthogonal and D is diagonal. A formula no claim states is decided by the generic check,
which draws U, D and V as any square matrices; so drawn, the two sides differ and the line
was called wrong. The words name the factorisation (SVD, eigendecomposition) and its formula
says which letter is which factor: the outer factors of A B C^T are orthogonal, the middle one
diagonal. They are granted to the generic check as words "with $Q$ orthogonal" right beside a
formula are (granted.py): drawn so, a refutation that survives stands (X^{-1} = U D^{-1} V^T
is still wrong), one that does not leaves the line unchecked. They never make a line wrong.

Only a three-factor product whose last factor is transposed, in a formula on the formula's
own line before it or a name the sheet gave that value just before, under words of its own
line, lead-in or heading that name such a factorisation, counts.
"""
from __future__ import annotations

import re

from cheatsheet.match import split_relation
from cheatsheet.match.tokens import tokenize

# words naming a factorisation into orthogonal and diagonal factors
_NAMED = re.compile(r"\bsvd\b|singular[- ]value|\beigen|spectral|orthogonal(?:ly)?[- ]diagonali[sz]",
                    re.I)


def _factors(latex: str) -> tuple[str, str, str] | None:
    """(left, middle, right) of a product A B C^T (the right side of a relation, or the whole
    of a value), else None."""
    try:
        toks = tokenize(latex)
    except Exception:  # noqa: BLE001 - a text the tokeniser trips on states no factors
        return None
    sides = split_relation(list(toks))
    if sides is not None:
        toks = sides[-1]
    if len(toks) != 4 or any(t.ident is None for t in toks[:3]) or toks[3].norm != "^T":
        return None
    a, b, c = (t.ident for t in toks[:3])
    return (a, b, c) if b not in (a, c) else None


def factor_kinds(texts, words: str) -> tuple:
    """(name, property) pairs for the factors of the factorisations among ``texts`` (formulas
    or values stated before the formula), where ``words`` name such a factorisation."""
    if not _NAMED.search(words or ""):
        return ()
    out = []
    for text in texts:
        found = _factors(text)
        if found is None:
            continue
        a, b, c = found
        out += [(a, "orthogonal"), (b, "diagonal"), (c, "orthogonal")]
    return tuple(dict.fromkeys(out))


def granted_by_factorisation(job, earlier_on_line) -> tuple:
    """The factors' kinds granted to ``job``'s formula (see the module)."""
    seg = job.formula.segment
    words = " ".join(w for w in (job.conv.line_words, seg.before, seg.lead, seg.intro,
                                 seg.label, *(h.title for h in seg.headings[-1:])) if w)
    texts = [d.body for d in job.conv.named] + [j.formula.reading for j in earlier_on_line]
    found = factor_kinds(texts, words)
    if not found:
        return ()
    # (only the factors the formula writes, or a value it names brings in: a line that does
    # not speak of them is decided as before)
    from cheatsheet.sheets.definitions import mentions

    said = job.formula.reading + " " + " ".join(d.body for d in job.conv.named
                                                 if mentions(job.formula.reading, d))
    try:
        written = {t.ident for t in tokenize(said) if t.ident}
    except Exception:  # noqa: BLE001
        return ()
    return tuple(p for p in found if p[0] in written)
