"""A line that states one claim twice, once holding and once failing it, is not plainly ok.

"Given two Gaussian classes, p(y=1|x) = <a wrong fraction> = ... equivalently p(y=1|x) =
sigma(w^T x + b)": the last formula holds as the logistic-posterior claim, the first fails that
very claim, unsurely (the words beside it may name a special case). Read per line, as a
student reads it, "ok" would vouch for a derivation whose first step is in doubt. So the
holding formula is left unchecked, saying which formula of its line fails the same claim.

Only the same claim counts: a neighbour failing some other claim it merely resembles is
common on right lines (35 right seed lines would lose their ok for one wrong line caught,
measured at eb723ea), and says nothing about this formula.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .notation import NOT_SURE
from .wording import in_sentence

_ID = r"[a-z0-9_]+(?:\.[a-z0-9_-]+)+"
# the claim an unchecked formula failed without being sure of the match: "resembles C and
# fails its check, but the match is not sure", "it fails C, but the sheet says ..."
_FAILED = re.compile(rf"(?:^|\bresembles )({_ID}) and {re.escape(NOT_SURE)}|^it fails ({_ID})\b")


def failed_unsurely(f) -> set:
    """The claims an unchecked finding says it failed, not surely."""
    if f is None or f.verdict != "unchecked":
        return set()
    return {g for m in _FAILED.finditer(f.reason) for g in m.groups() if g}


def doubted_lines(results: list, catalog) -> list:
    """The findings with each ok formula made unchecked where another formula of its line
    fails the claim it holds as (same order; None entries kept)."""
    by_line: dict = {}
    for k, f in enumerate(results):
        if f is not None:
            by_line.setdefault((f.file, f.line), []).append(k)
    out = list(results)
    for ks in by_line.values():
        if any(results[k].verdict == "wrong" for k in ks):
            continue  # (the line is flagged already)
        for k in ks:
            f = results[k]
            if f.verdict != "ok" or f.claim not in catalog:
                continue
            other = next((results[o] for o in ks
                          if o != k and f.claim in failed_unsurely(results[o])), None)
            if other is None:
                continue
            title = in_sentence(catalog[f.claim].title)
            out[k] = replace(
                f, verdict="unchecked", claim=None, method="", renamed=(), failed=(),
                candidates=list(dict.fromkeys(list(f.candidates) + [f.claim])),
                reason=(f"it holds as {f.claim} ({title}), but ${other.quoted}$ on the same "
                        "line fails that claim (the match is not sure): the line may state "
                        "it wrongly, so it is not called ok"))
    return out
