#!/usr/bin/env python3
"""Lenient checks: a claim's check that credits ok a neighbour claim's known-wrong form.

A sheet's line reaches a claim through the matcher, so a wrong formula of one claim is also
decided by the checks of the claims whose forms look like it.  For every recorded wrong variant
W of a claim D, this asks the matcher which other claims C it may state (its closest forms: the
same topic and the index's near neighbours alike), reads W as C the way the audit reads a sheet's
line (the match's renaming, C's declarations; ``verify/audit/readings.reading_for``) and decides
that reading with C's check.  A reading C's check calls holding is

  same         when it is C's own form or one of its statements as the index holds them, or
               shown equivalent to C's canonical form (SymPy, or both forms
               evaluated on instances of C's declarations: scripts/mutation/equivalence) or
               true by SymPy from it (a looser bound: mutation/truth.implied): D's wrong form
               is a right statement of C, no finding;
  premises     else, when the generic evaluation of C's declarations (SymPy and the numeric
               check, every term computed, no custom check) holds it too: true on C's premises
               (an independence D does not have): a matcher risk where a line does not state
               the premise, not a lenient check;
  lenient      when C's custom check holds it and the generic evaluation refutes it: the
               check let through a formula false on its own declarations;
  unclear      when C's custom check holds it and the generic evaluation cannot decide it, or
               does not hold C's own canonical form either (the custom check computes what
               the declarations alone cannot): a place to look.

  --topic T   only wrong variants of claims of topic T, or with id T or T.* (repeatable)
  --limit N   candidates per wrong variant (default 4, as the audit asks)
  --json F    also write the entries as JSON to F
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the mutation package


def _selected(claims, names):
    if not names:
        return list(claims)
    wanted = set(names)
    return [c for c in claims
            if c.topic in wanted or any(c.id == t or c.id.startswith(t + ".") for t in wanted)]


def _reading(cand, claim):
    from cheatsheet.verify.audit.readings import reading_for

    try:
        return reading_for(cand, claim, {}, (claim.layout,))
    except Exception:  # noqa: BLE001 - a reading the audit could not form either
        return None


def _decide(claim, reading):
    import numpy as np

    from cheatsheet.verify.check import check_version

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return check_version(claim, reading.latex, reading.decls, reading.layouts[0],
                             list(reading.assume), seed=0, key=("lenient",),
                             symbolic_first=False, thorough=False)


_CANONICAL_GENERIC: dict[str, str] = {}


def _generic(claim, reading) -> str:
    """The verdict of the generic evaluation (SymPy and the numeric check of the claim's
    declarations, no custom check) on the reading, or 'crash'; 'meaningless' where it does not
    hold the claim's own canonical form (the names the custom check computes are sampled as
    free values there, so its refutations say nothing)."""
    from dataclasses import replace

    from cheatsheet.verify.audit.readings import Reading

    plain = replace(claim, check=None)
    if claim.id not in _CANONICAL_GENERIC:
        own = Reading(claim.latex, claim.declarations, (claim.layout,), list(claim.assume), {}, {})
        try:
            _CANONICAL_GENERIC[claim.id] = _decide(plain, own).verdict
        except Exception:  # noqa: BLE001
            _CANONICAL_GENERIC[claim.id] = "crash"
    if _CANONICAL_GENERIC[claim.id] not in ("passed", "proved"):
        return "meaningless"
    try:
        return _decide(plain, reading).verdict
    except Exception:  # noqa: BLE001 - the generic evaluation cannot read it
        return "crash"


def _own_form(cand, reading) -> str:
    """'the claim's own form' when the reading is, token for token, the canonical form or one
    of its statements (a piece: o_3 = K of an output-size claim) that the match found."""
    from cheatsheet.match.tokens import tokenize

    if cand.entry.kind not in ("canonical", "piece"):
        return ""
    mine = [t.norm for t in tokenize(reading.latex) if t.norm]
    theirs = [t.norm for t in tokenize(cand.entry.reading) if t.norm]
    return "the claim's own form" if mine == theirs else ""


def _known_right(claim, latex: str) -> str:
    """Why ``latex`` is a right statement of ``claim`` without its check, or ''."""
    from mutation.equivalence import equivalent
    from mutation.truth import implied

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            how = equivalent(claim, latex)
            if how:
                return f"equivalent ({how})"
            if implied(claim, latex):
                return "implied by the canonical form"
        except Exception:  # noqa: BLE001 - not shown either way
            return ""
    return ""


def lenient_of(wrong_claim, latex: str, matcher, catalog, limit: int) -> list[dict]:
    """The entries for one wrong variant ``latex`` of ``wrong_claim`` (see the docstring)."""
    out = []
    try:
        cands = matcher.candidates(latex, limit=limit)
    except Exception:  # noqa: BLE001 - the matcher cannot tokenise it: no sheet line either
        return out
    for cand in cands:
        if cand.claim_id == wrong_claim.id:
            continue
        claim = catalog[cand.claim_id]
        reading = _reading(cand, claim)
        if reading is None:
            continue
        try:
            ev = _decide(claim, reading)
        except Exception as exc:  # noqa: BLE001 - a check that raises: said, not fatal
            print(f"crash: {claim.id}'s check on a wrong form of {wrong_claim.id} "
                  f"({type(exc).__name__}: {str(exc).strip()[:80]})", file=sys.stderr)
            continue
        if ev.verdict not in ("passed", "proved"):
            continue
        right = _own_form(cand, reading) or _known_right(claim, reading.latex)
        kind = "same" if right else "lenient"
        generic = ""
        if kind == "lenient" and claim.check:
            generic = _generic(claim, reading)
            kind = {"passed": "premises", "proved": "premises", "refuted": "lenient"}.get(
                generic, "unclear")
        elif kind == "lenient":
            kind = "premises"  # the generic evaluation itself holds it: every term computed
        out.append({"wrong_of": wrong_claim.id, "wrong": latex, "credited_as": claim.id,
                    "check": claim.check or "generic", "generic": generic,
                    "reading": reading.latex, "verdict": ev.verdict, "detail": ev.detail,
                    "score": round(cand.rank, 3), "kind": kind, "why_same": right})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topic", action="append", default=[], metavar="T")
    ap.add_argument("--limit", type=int, default=4, metavar="N")
    ap.add_argument("--json", metavar="F")
    args = ap.parse_args(argv)
    sys.path.insert(0, ROOT)
    from cheatsheet.catalog import get_catalog
    from cheatsheet.match import Matcher

    catalog = get_catalog()
    matcher = Matcher(catalog)
    start = time.perf_counter()
    entries, variants = [], 0
    for claim in _selected(catalog, args.topic):
        for latex in claim.wrong:
            variants += 1
            entries += lenient_of(claim, latex, matcher, catalog, args.limit)
    groups = {k: [e for e in entries if e["kind"] == k]
              for k in ("lenient", "unclear", "premises", "same")}
    for kind, title in (("lenient", "lenient: the custom check holds what the generic "
                                    "evaluation of its declarations refutes"),
                        ("unclear", "a custom check holds it, the generic evaluation cannot "
                                    "decide it: look"),
                        ("premises", "true on the claim's premises (the generic evaluation "
                                     "holds it too): a matcher risk, not a lenient check")):
        print(f"== {title}: {len(groups[kind])}")
        for e in groups[kind]:
            print(f"{e['credited_as']} [{e['check']}]  credits ok a wrong form of "
                  f"{e['wrong_of']} ({e['verdict']}, generic {e['generic'] or '-'}, match "
                  f"{e['score']})\n    as written  {e['wrong']}\n    read as     {e['reading']}")
    print(f"\nwrong variants: {variants}   credited ok by a neighbour's check: {len(entries)}   "
          + "   ".join(f"{k}: {len(v)}" for k, v in groups.items())
          + f"   [{time.perf_counter() - start:.0f} s]")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(entries, fh, indent=1)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
