"""A function named by its row or item label is the claim's function.

"| Sigmoid | $g(z) = 1/(1 - e^{-z})$ |": the claim writes sigma(x), so a reading in the
claim's letters drops the sheet's g, and a dropped name usually means the formula may speak of
something else. Here the label beside the one formula says what g is: its words all belong to
the claim's title, and g is the function the left side defines. Then g is the claim's
function, as "sigmoid" is the claim's sigma.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.match import split_relation
from cheatsheet.match.index import words_of
from .explain import _plain


def own_label(seg) -> str:
    """The words that name this one formula: a table cell's row label, or the words of its
    list item up to a closing colon ("- Sigmoid: $...$"); else ''."""
    if seg.cell:
        text = seg.row
    else:
        before = seg.before.strip()
        text = before[:-1] if before.endswith(":") else ""
    return re.sub(r"\$[^$]*\$", " ", text).strip()


def function_named(c, lost: list[str], label: str, claim) -> bool:
    """Is the one dropped name the function the formula's left side defines (h(u) = ...),
    beside a label whose words all belong to the claim's title?"""
    if not label or len(lost) != 1:
        return False
    split = split_relation(c.sheet_tokens)
    if split is None:
        return False
    lhs = [t for t in split[0] if t.norm or t.ident is not None]
    if len(lhs) < 3 or lhs[0].ident is None or lhs[1].raw != "(" or lhs[-1].raw != ")":
        return False
    name = lhs[0].ident
    if _plain(("\\" + name) if len(name) > 1 and name.isalpha() else name) != lost[0] \
            and name != lost[0]:
        return False
    said = words_of(label)
    return bool(said) and said <= words_of(claim.title)


def arguments(c) -> set[str]:
    """The names the left side's call binds (the u of h(u) = ...): a definition's dummy
    variables, whose letters are the sheet's to choose."""
    split = split_relation(c.sheet_tokens)
    if split is None:
        return set()
    return {t.ident for t in split[0][1:] if t.ident is not None}


def renamed_but_arguments(c) -> float:
    """Share of the formula's renamed symbols, its function's dummy variables left out."""
    from .renaming import renamed_share

    bound = arguments(c)
    mapping = {s: f for s, f in c.mapping.items() if s not in bound}
    return renamed_share(replace(c, mapping=mapping)) if mapping else 0.0
