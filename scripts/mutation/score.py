"""Score one claim: decide each mutant with the claim's check, then sort the survivors into
equivalent, update, true and surviving; and the text report."""
from __future__ import annotations

import time
import warnings
from collections import Counter

from .definitions import equivalent_by_definitions
from .equivalence import equivalent, update_reading
from .implication import follows_on_allowed_instances, narrowed_instance
from .instances import computed_names, instance_of_canonical
from .kernels import kernel_psd
from .known_results import follows_from_results
from .norm_bounds import norm_bound_true
from .series import (explicit_series_true, higher_power_series, same_convergence,
                     same_minimiser)
from .truth import (_proved, _tautology, implied, nonnegative_sum, shifted_instance,
                    true_under_premises)


def score_claim(claim_id: str) -> dict:
    import numpy as np

    from cheatsheet.catalog import get_catalog
    from cheatsheet.latex import LatexError, parse
    from cheatsheet.quiz.mutate import mutations
    from cheatsheet.verify.check import check_version

    warnings.simplefilter("ignore")
    claim = get_catalog()[claim_id]
    out = {"claim": claim.id, "topic": claim.topic, "check": claim.check or "",
           "killed": 0, "equivalent": 0, "unreadable": 0, "true": [], "update": [],
           "defined": [], "survivors": []}
    start = time.perf_counter()
    computed = []

    def free():  # the check's own names, found once per claim when first needed
        if not computed:
            computed.append(computed_names(claim))
        return computed[0]

    for k, m in enumerate(mutations(claim.latex)):
        try:
            parse(m.latex, claim.declarations, layout=claim.layout)
        except LatexError as exc:
            if type(exc).__name__ != "LatexShapeError":  # ill-formed sizes: the check refutes
                out["unreadable"] += 1
                continue
        except Exception:  # noqa: BLE001 - the reader tripping over a mutant is not a verdict
            out["unreadable"] += 1
            continue
        try:
            with np.errstate(all="ignore"):
                ev = check_version(claim, m.latex, claim.declarations, claim.layout,
                                   list(claim.assume), seed=0, key=("mutant", k),
                                   symbolic_first=False, thorough=False)
            verdict, detail = ev.verdict, ev.detail or ""
        except Exception as exc:  # noqa: BLE001 - a checker crash is reported, not fatal
            verdict, detail = "crash", f"{type(exc).__name__}: {exc}"
        if verdict == "refuted" and ev.counterexample:
            out["killed"] += 1
            continue
        how = equivalent(claim, m.latex)
        if how:
            out["equivalent"] += 1
            continue
        if verdict == "undecided" and update_reading(claim, m.latex):
            out["update"].append(m.latex)
            continue
        if verdict in ("proved", "passed") and (
                implied(claim, m.latex) or _tautology(claim, m.latex)
                or (not claim.check and _proved(claim, m.latex))
                or same_convergence(claim, m.latex) or explicit_series_true(claim, m.latex)
                or higher_power_series(claim, m.latex)
                or same_minimiser(claim, m.latex) or true_under_premises(claim, m.latex)
                or nonnegative_sum(claim, m.latex) or shifted_instance(claim, m.latex)
                or kernel_psd(claim, m.latex) or norm_bound_true(claim, m.latex)
                or instance_of_canonical(claim, m.latex, free())
                or narrowed_instance(claim, m.latex)
                or follows_on_allowed_instances(claim, m.latex)
                or follows_from_results(claim, m.latex)):
            out["true"].append(m.latex)
            continue
        if verdict in ("proved", "passed") and equivalent_by_definitions(claim, m.latex):
            out["defined"].append(m.latex)
            continue
        out["survivors"].append({"latex": m.latex, "what": m.what, "verdict": verdict,
                                 "detail": detail[:160]})
    out["seconds"] = round(time.perf_counter() - start, 2)
    return out


def _report(results, show_all: bool, seconds: float) -> str:
    lines = []
    killed = sum(r["killed"] for r in results)
    surv = sum(len(r["survivors"]) for r in results)
    eq = sum(r["equivalent"] for r in results)
    unread = sum(r["unreadable"] for r in results)
    true = sum(len(r["true"]) for r in results)
    update = sum(len(r["update"]) for r in results)
    defined = sum(len(r["defined"]) for r in results)
    for r in sorted(results, key=lambda r: (-len(r["survivors"]), r["claim"])):
        if not r["survivors"] and not show_all:
            continue
        lines.append(f"{r['claim']}  ({r['check'] or 'symbolic/numeric'}): "
                     f"{r['killed']} killed, {r['equivalent']} equivalent, "
                     f"{len(r['survivors'])} surviving")
        for s in r["survivors"]:
            lines.append(f"    {s['what']:<9} {s['verdict']:<9} {s['latex']}")
    total = killed + surv
    pct = 100.0 * killed / total if total else 100.0
    lines.append("")
    lines.append(f"claims: {len(results)}   mutants: {killed + surv + eq + unread + true + update + defined}"
                 f"   killed: {killed}   equivalent: {eq}   true (proved): {true}")
    lines.append(f"equivalent under the check's definitions (x_bar the mean...): {defined}")
    lines.append(f"assignments that read as the canonical update: {update}   "
                 f"unreadable: {unread}")
    lines.append(f"survivors: {surv} in {sum(1 for r in results if r['survivors'])} claim(s)   "
                 f"mutation score: {pct:.1f}% ({killed}/{total})   [{seconds:.0f} s]")
    said = Counter(s["verdict"] for r in results for s in r["survivors"])
    if said:
        lines.append("survivors by what the check said: "
                     + ", ".join(f"{v} {n}" for v, n in said.most_common()))
    return "\n".join(lines)
