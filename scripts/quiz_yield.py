#!/usr/bin/env python3
"""How many questions the current catalog yields for ``cheatsheet quiz``, per kind.

Every candidate is decided by the checker exactly as the quiz decides it (``quiz.mutate``:
same seed, same keys), so this takes a few minutes on the whole catalog.

  holds    "holds or typo?": per claim, the canonical form plus every distinct wrong form the
           checker refutes: sheet versions (``source_evidence``), ``wrong`` variants and
           automatic mutations, deduplicated by their shown (Unicode) text as the quiz does
           (a text that is also a sheet version or ``wrong`` variant is decided as that, like
           ``Bank._candidates``, which puts those first).
  pick     "pick the right one": claims with at least 3 refuted wrong forms.
  gap      "fill the gap": hideable parts (``mutate.gap_sites``) with at least one refuted
           replacement.
  compute  compute generators (``quiz.compute``), by the topic they take from the catalog.

Counts are upper bounds on what one question sees: the quiz spends at most
``questions.MAX_CHECKS`` checks per question, so a claim whose refuted forms sit behind many
unrefuted ones may yield fewer in a session.

  --topic T     only claims (and generators) of topic T or with id T / T.* (repeatable)
  --limit N     only the first N claims of the selection
  --jobs J      worker processes (default: the number of CPUs)
  --per-claim   also print one line per claim
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict


def _selected(entries, topics):
    if not topics:
        return list(entries)
    wanted = set(topics)
    return [e for e in entries
            if e.topic in wanted or any(e.id == t or e.id.startswith(t + ".") for t in wanted)]


def claim_yield(claim_id: str) -> dict:
    """The questions one claim yields (see the module docstring)."""
    import warnings

    from cheatsheet.quiz import mutate
    from cheatsheet.quiz.questions import _fragment
    from cheatsheet.quiz.render import to_unicode

    from cheatsheet.catalog import get_catalog

    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    claim = get_catalog()[claim_id]
    out = {"id": claim_id, "topic": claim.topic, "refuted": 0, "gap": 0, "checks": 0,
           "error": ""}
    try:
        canon = to_unicode(claim.latex)
        real, auto = defaultdict(list), defaultdict(list)
        for k, src in enumerate(claim.sources):
            if (src.expect == "undecided" or src.reader_latex == claim.latex
                    or (src.layout or claim.layout) != claim.layout):
                continue  # as the quiz does (quiz/questions.py): never quizzed
            real[to_unicode(src.reader_latex)].append(
                lambda k=k: mutate.source_evidence(claim, k))
        for i, w in enumerate(claim.wrong):
            real[to_unicode(w)].append(
                lambda w=w, i=i: mutate.decide(claim, w, key=("wrong", i)))
        for m in mutate.mutations(claim.latex):
            text = to_unicode(m.latex)
            if text not in real:
                auto[text].append(lambda m=m: mutate.decide(claim, m.latex))
        for group in (real, auto):
            for text, decides in group.items():
                if text == canon:
                    continue
                for decide in decides:
                    out["checks"] += 1
                    if mutate.refuted(decide()):
                        out["refuted"] += 1
                        break
        for site in mutate.gap_sites(claim.latex):
            mark = site.original.strip()[0] if site.original.strip()[0] in "^_" else ""
            right = _fragment(site.original, mark)
            seen = {right}
            for alt in site.alternatives:
                text = _fragment(alt, mark)
                if text in seen:
                    continue
                seen.add(text)
                out["checks"] += 1  # mostly cached: a gap replacement is a mutation
                if mutate.refuted(mutate.decide(claim, site.apply(claim.latex, alt))):
                    out["gap"] += 1
                    break
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on
        out["error"] = f"{type(exc).__name__}: {exc}"[:120]
    out["holds"] = 1 + out["refuted"]
    out["pick"] = int(out["refuted"] >= 3)
    out["seconds"] = time.perf_counter() - t0
    return out


def _warm_worker() -> None:
    import warnings

    warnings.simplefilter("ignore")
    from cheatsheet.quiz import mutate

    mutate.warm()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--topic", action="append", default=[])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--per-claim", action="store_true")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    from cheatsheet.quiz import compute

    from cheatsheet.catalog import get_catalog

    entries = list(get_catalog())
    chosen = _selected(entries, args.topic)
    if args.limit is not None:
        chosen = chosen[:args.limit]
    gens = compute.generators({e.id: e.topic for e in entries})
    if args.topic:
        wanted = set(args.topic)
        gens = [g for g in gens if g.topic in wanted
                or any(g.id == t or g.id.startswith(t + ".") for t in wanted)]
    ids = [e.id for e in chosen]
    print(f"{len(ids)} claims, {len(gens)} compute generators; deciding every candidate "
          f"with {args.jobs} worker(s)…", file=sys.stderr, flush=True)

    results = []
    if args.jobs > 1 and len(ids) > 1:
        import multiprocessing as mp

        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        with ctx.Pool(args.jobs, initializer=_warm_worker) as pool:
            for n, r in enumerate(pool.imap_unordered(claim_yield, ids, chunksize=1), 1):
                results.append(r)
                if n % 25 == 0:
                    print(f"  {n}/{len(ids)} claims ({time.perf_counter() - t0:.0f} s)",
                          file=sys.stderr, flush=True)
    else:
        _warm_worker()
        results = [claim_yield(i) for i in ids]
    order = {i: k for k, i in enumerate(ids)}
    results.sort(key=lambda r: order[r["id"]])

    if args.per_claim:
        print(f"{'claim':48s} {'holds':>5s} {'pick':>4s} {'gap':>4s} {'checks':>6s} {'s':>6s}")
        for r in results:
            print(f"{r['id'][:48]:48s} {r['holds']:5d} {r['pick']:4d} {r['gap']:4d} "
                  f"{r['checks']:6d} {r['seconds']:6.2f}" + (f"  {r['error']}" if r["error"]
                                                             else ""))
        print()

    by_topic: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for r in results:
        t = by_topic[r["topic"]]
        t["claims"] += 1
        for k in ("holds", "pick", "gap", "checks"):
            t[k] += r[k]
        t["typo"] += r["refuted"]
        t["errors"] += bool(r["error"])
    for g in gens:
        by_topic[g.topic]["compute"] += 1
    total = defaultdict(int)
    head = (f"{'topic':22s} {'claims':>6s} {'holds':>6s} {'(typo)':>6s} {'pick':>5s} "
            f"{'gap':>5s} {'compute':>7s} {'checks':>6s}")
    print(head)
    print("-" * len(head))
    for topic in sorted(by_topic):
        t = by_topic[topic]
        for k, v in t.items():
            total[k] += v
        print(f"{topic:22s} {t['claims']:6d} {t['holds']:6d} {t['typo']:6d} {t['pick']:5d} "
              f"{t['gap']:5d} {t['compute']:7d} {t['checks']:6d}")
    print("-" * len(head))
    print(f"{'total':22s} {total['claims']:6d} {total['holds']:6d} {total['typo']:6d} "
          f"{total['pick']:5d} {total['gap']:5d} {total['compute']:7d} {total['checks']:6d}")
    print()
    print(f"holds or typo?  {total['holds']} questions ({total['claims']} canonical + "
          f"{total['typo']} refuted wrong forms)")
    print(f"pick            {total['pick']} claims with >= 3 refuted wrong forms")
    print(f"gap             {total['gap']} hideable parts with >= 1 refuted replacement "
          f"(in {sum(1 for r in results if r['gap'])} claims)")
    print(f"compute         {total['compute']} generators")
    errs = [r for r in results if r["error"]]
    if errs:
        print(f"errors          {len(errs)} claim(s): "
              + ", ".join(f"{r['id']} ({r['error']})" for r in errs[:5]))
    slow = sorted(results, key=lambda r: -r["seconds"])[:3]
    if slow:
        print("slowest claims  " + ", ".join(f"{r['id']} {r['seconds']:.1f} s" for r in slow))
    print(f"total time      {time.perf_counter() - t0:.1f} s ({total['checks']} checks, "
          f"{args.jobs} worker(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
