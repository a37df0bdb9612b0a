#!/usr/bin/env python3
"""What the quiz's fairness rules remove: sample questions with the rules off, then run them.

  python scripts/quiz_fairness.py [--count 200] [--seed 0] [--topic T] [--show]

Questions are built as ``cheatsheet quiz`` builds them (``questions.Bank``, every option
decided by the checker) but with the fairness rules off (``Bank(fair=False)``), from the cards
of the catalog in an order shuffled by ``--seed``, until ``--count`` questions exist.  Then
every rule of ``quiz/fairness.py`` is run on every wrong option on its own:

  options     wrong options the rule removes
  questions   questions it removes: a "holds or typo?" whose typo goes, a "pick" left with
              fewer than 3 wrong options, a gap left with none (or whose gap the rule drops:
              ``left_side``, ``copied``)
  reworded    (``title``) questions kept whose title is cut ("GAN value is …"); the cut is
              the same for every question of a claim (a cut only beside a typo would say
              "typo"), so it counts the questions on a claim with any giveaway

A question removed by several rules counts once in "any rule".  Compute questions are graded
with the tolerance their naive answers allow (``compute._q``): for each generator with naive
answers, ``--count`` fresh instances say how often a naive answer (the parameter before an
Adam step...) was within the plain 1% tolerance, and how often it passes now.  The script also says how many
questions on a derivative whose layout matters (``legend.shows_layout``) name it.  The figures are per sample: the rules themselves
are deterministic, and the sample depends only on ``--seed``.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
import warnings
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quiz_yield import _selected  # noqa: E402  (the same --topic selection)


def _option_rules(bank, q, claim, rules):
    """rule -> option indices it removes (the site rules of a gap count for all options)."""
    from cheatsheet.quiz import fairness

    hits = {r: set() for r in rules}
    site_rules = ("left_side", "copied")
    latexes = {i: p["latex"] for i, p in q.parts.items()}
    for i, part in q.parts.items():
        others = [l for j, l in latexes.items() if j != i]
        for rule in rules:
            if q.kind == "gap" and rule in site_rules:
                hit = fairness.judge(claim, claim.latex, None, site=part["site"],
                                     rules=(rule,), gap=True)
            else:
                decls, layout = part["reading"]
                hit = fairness.judge(claim, part["latex"], part["evidence"],
                                     site=part["site"], decls=decls, layout=layout,
                                     others=others, title=claim.title, rules=(rule,),
                                     gap=q.kind == "gap", decide_in=part["decide_in"])
            if hit:
                hits[rule].add(i)
    return hits


def _removes(q, removed: set) -> bool:
    left = len(q.parts) - len(removed)
    return left < (3 if q.kind == "pick" else 1)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=200, help="questions to sample (200)")
    ap.add_argument("--seed", type=int, default=0, help="the sample's seed (0)")
    ap.add_argument("--topic", action="append", default=[], help="only this topic or id")
    ap.add_argument("--show", action="store_true", help="print each removed question")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()

    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz import fairness, mutate
    from cheatsheet.quiz.legend import shows_layout
    from cheatsheet.quiz.questions import Bank

    mutate.warm()
    cat = get_catalog()
    entries = _selected(list(cat), args.topic)
    bank = Bank(entries, topics=args.topic or None, fair=False)
    titles = Bank(entries, topics=args.topic or None)  # the titles the quiz shows
    cards = bank.cards()
    rng = random.Random(args.seed)
    rng.shuffle(cards)
    rules = fairness.RULES
    per_rule_opts, per_rule_qs = Counter(), Counter()
    kinds, any_removed, reworded, options = Counter(), Counter(), 0, 0
    layout_named = derivative_qs = 0
    sampled = 0
    for ref in cards:
        if sampled >= args.count:
            break
        q = bank.build(ref, random.Random(f"{args.seed}:{ref.card}"))
        if q is None:
            continue
        sampled += 1
        kinds[q.kind] += 1
        if q.kind == "compute":
            continue
        claim = cat[q.claim_id]
        if shows_layout(claim.declarations, claim.latex, claim.layout):
            derivative_qs += 1  # a derivative whose layout matters
            layout_named += "layout" in q.prompt
        if not q.parts:
            continue  # "holds or typo?" showing the canonical form: nothing to judge
        options += len(q.parts)
        hits = _option_rules(bank, q, claim, rules)
        removed_by = []
        for rule in rules:
            per_rule_opts[rule] += len(hits[rule])
            if _removes(q, hits[rule]):
                per_rule_qs[rule] += 1
                removed_by.append(rule)
        if not removed_by and titles._title(claim) != claim.title:
            reworded += 1
        if _removes(q, set().union(*hits.values())):
            any_removed[q.kind] += 1
            if args.show:
                why = ", ".join(removed_by) or "several rules together"
                print(f"- {q.card}: {why}\n    {q.prompt}\n    "
                      + " | ".join(q.formulas + q.options)[:300])

    total = sum(any_removed.values())
    print(f"{sampled} questions sampled (seed {args.seed}): "
          + ", ".join(f"{kinds[k]} {k}" for k in ("holds", "pick", "gap", "compute")))
    print(f"{options} wrong options judged (the canonical-form 'holds' questions have none)")
    print()
    print(f"{'rule':14s} {'options':>8s} {'questions':>10s}  what it removes")
    for rule in rules:
        print(f"{rule:14s} {per_rule_opts[rule]:8d} {per_rule_qs[rule]:10d}  "
              f"{fairness.WHY[rule]}")
    print(f"{'any rule':14s} {'':8s} {total:10d}  "
          + ", ".join(f"{any_removed[k]} {k}" for k in ("holds", "pick", "gap")))
    print(f"{'title cut':14s} {'':8s} {reworded:10d}  questions kept with the giveaway cut from "
          f"the title")
    print()
    print(f"questions whose layout matters naming it: {layout_named} of {derivative_qs}")
    from cheatsheet.quiz import compute

    for g in compute.GENERATORS:
        before = now = n = 0
        for k in range(args.count):
            try:
                q = g.fn(random.Random(f"{args.seed}:{g.id}:{k}"))
            except ImportError:
                break
            if not q.naive:
                continue  # this instance asks for something with no naive answer
            n += 1
            before += any(abs(v - q.value) <= max(1e-2 * abs(q.value), 1e-4) for v in q.naive)
            q = g.make(random.Random(f"{args.seed}:{g.id}:{k}"))
            now += any(q.is_correct(v) for v in q.naive)
        if n:
            print(f"compute {g.id}: a naive answer passed 1% in {before} of {n} instances; "
                  f"passes now in {now}")
    print(f"time {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
