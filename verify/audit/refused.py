"""Why a formula that resembles claims stays unchecked when none of them refutes it, in words.

Three different things end there, and a student should be told which: the formula held as a
claim only in a reading too loose to call it right (its letters renamed, its numbered symbols
shifted), the claim's check could not decide it, or no claim it resembles could be read with
the formula's symbols in its places at all (then no check ran).
"""
from __future__ import annotations

from cheatsheet.match.align import unit_texts
from .confidence import HOLD_SCORE, renamed_share
from .explain import _plain
from .families import index_shift
from .wording import in_sentence

MAX_RENAMINGS = 3  # renamed letters named in a reason


def _named(catalog, claim_id: str) -> str:
    return f"{claim_id} ({in_sentence(catalog[claim_id].title)})"


def renamings(c) -> list[str]:
    """'s₂ as its s₁' for each sheet letter the candidate's reading renames (at most three)."""
    mine, theirs = unit_texts(c.sheet_tokens), unit_texts(c.form_tokens)
    out = []
    for a, b in c.mapping.items():
        if a != b and a not in c.announced:
            out.append(f"{_plain(mine.get(a, a))} as its {_plain(theirs.get(b, b))}")
    return out[:MAX_RENAMINGS]


def _loose(c) -> str:
    """Why holding as ``c`` does not make the formula right, in words."""
    shift = index_shift(c.mapping)
    if shift:
        return f"only with its numbered symbols shifted ({shift})"
    renamed = renamings(c)
    if renamed and renamed_share(c) > 0:
        return "only with its letters read otherwise (" + ", ".join(renamed) + ")"
    if c.score < HOLD_SCORE:
        return "but it differs from that claim's form in many places"
    return "but nothing around it says it states that claim"


def unsure_reason(catalog, cands, outcomes, unread) -> str:
    """The reason for a formula whose candidates neither hold surely nor fail surely.
    ``cands``: the candidates checked, best first; ``outcomes``: (candidate, holds|refuted|
    undecided, evidence, layout, reading) of those that could be read; ``unread``: those that
    could not. A loose hold says most; else the closest claim says what stopped it."""
    held = [o for o in outcomes if o[1] == "holds"]
    if held:
        c = max(held, key=lambda o: o[0].rank)[0]
        return (f"it holds as {_named(catalog, c.claim_id)} {_loose(c)}: too loose a match "
                "to call it right")
    undecided = {o[0].claim_id: o for o in outcomes if o[1] not in ("holds", "refuted")}
    unread_ids = list(dict.fromkeys(c.claim_id for c in unread))
    first = next((c.claim_id for c in cands
                  if c.claim_id in undecided or c.claim_id in unread_ids), None)
    if first is None:
        return "no claim of the catalog states this"
    if first in undecided:
        ev = undecided[first][2]
        detail = (ev.detail or "").strip().rstrip(".")
        why = f": {detail}" if detail and len(detail) <= 160 else ""
        return f"it resembles {_named(catalog, first)}, whose check could not decide it{why}"
    ids = [i for i in unread_ids if i not in undecided][:3]
    return (f"it resembles {', '.join(ids)}, but cannot be read as "
            f"{'that claim' if len(ids) == 1 else 'any of them'} (the kinds or sizes of its "
            "symbols, or what its left side names, do not fit), so no check was run")
