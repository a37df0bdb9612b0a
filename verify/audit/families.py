"""Indexed families renamed as one: ``k_1, k_2`` and ``s_1, s_2`` are two families indexed
alike, so a correspondence that keeps k_1 and k_2 but reads the sheet's s_2 as the claim's s_1
renames one member of a family and not its kin. That is no renaming of letters at all: it is
the slip itself (``r = k_1 + (k_2 - 1) s_2`` for the receptive field, whose stride is the
first layer's). A formula that holds only under such a correspondence is not credited."""
from __future__ import annotations

import re

_INDEXED = re.compile(r"(.+?)_\{?(\d+)\}?")


def index_shift(mapping: dict) -> str:
    """'s_2 read as s_1' where the correspondence shifts the numeric index of one family's
    member by another amount than it shifts another family's (most often: by 0); ''."""
    offsets: dict[str, set] = {}
    moved = {}
    for a, b in mapping.items():
        ma, mb = _INDEXED.fullmatch(a), _INDEXED.fullmatch(b)
        if not (ma and mb):
            continue
        shift = int(mb.group(2)) - int(ma.group(2))
        offsets.setdefault(ma.group(1), set()).add(shift)
        if shift:
            moved[ma.group(1)] = (a, b)
    if len(offsets) < 2:
        return ""
    kinds = {frozenset(s) for s in offsets.values()}
    if len(kinds) < 2 and all(len(s) == 1 for s in offsets.values()):
        return ""  # every family shifted alike (the sheet's layers 2, 3 as the claim's 1, 2)
    a, b = next(iter(moved.values()), ("", ""))
    return f"{a} read as {b}" if a else ""
