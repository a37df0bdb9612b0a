"""Verdicts must not depend on the seed: run the catalog under many seeds, compare with seed 0.

    python scripts/seed_sweep.py [TERMS...] [--seeds 32] [--jobs N] [--thorough]

Every claim's verdict (proved and passed both count as "holds") and every source version's
verdict (holds / refuted / undecided) is compared with the one seed 0 gives.  Each difference is
printed with the seed that gives it and the check's own words; exit status 1 if there is any.
The seeds include negative ones, one past 2**32 and a 20-digit one, so the way a seed becomes
a random stream is exercised too.  CI runs this after the test suite.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # as `cheatsheet verify` does: tiny matrices, many workers

SPECIAL_SEEDS = [-1, -3, 2**32 + 7, 98765432109876543210]


def seeds(n: int) -> list[int]:
    """Seed 0 (the reference), then n - 1 others: small ones, negative ones, huge ones."""
    small = list(range(1, max(1, n - len(SPECIAL_SEEDS))))
    return [0] + small + SPECIAL_SEEDS[: max(0, n - 1 - len(small))]


def _claim_verdict(res) -> str:
    return "holds" if res.evidence.holds else res.verdict


def verdicts(results) -> dict[tuple, tuple[str, str]]:
    """(claim id,) or (claim id, sheet, line, k) -> (verdict, why)."""
    out = {}
    for r in results:
        out[(r.id,)] = (_claim_verdict(r), r.evidence.detail or "")
        for k, s in enumerate(r.sources):
            out[(r.id, s.sheet, s.line, k)] = (s.verdict, s.note or "")
    return out


def _name(key: tuple) -> str:
    return key[0] if len(key) == 1 else f"{key[0]} {key[1]}:{key[2]}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("terms", nargs="*", help="claim ids, id prefixes or topics (default: all)")
    ap.add_argument("--seeds", type=int, default=32, help="how many seeds, seed 0 included")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes")
    ap.add_argument("--thorough", action="store_true", help="20x the random trials")
    args = ap.parse_args(argv)

    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify.runner import run_claims

    claims = get_catalog().select(args.terms)
    chosen = seeds(args.seeds)
    start = time.perf_counter()
    reference = verdicts(run_claims(claims, seed=0, jobs=args.jobs, thorough=args.thorough))
    differences = []
    for seed in chosen[1:]:
        t0 = time.perf_counter()
        got = verdicts(run_claims(claims, seed=seed, jobs=args.jobs, thorough=args.thorough))
        here = [(key, reference[key], got[key]) for key in reference
                if got[key][0] != reference[key][0]]
        differences += [(seed, *d) for d in here]
        print(f"seed {seed}: {len(here)} difference(s) ({time.perf_counter() - t0:.1f} s)",
              flush=True)
        for key, (v0, _), (v, why) in here:
            print(f"  {_name(key)}: {v} (seed 0: {v0}){': ' + why if why else ''}", flush=True)
    total = time.perf_counter() - start
    n_versions = len(reference)
    print(f"\n{len(chosen)} seeds × {len(claims)} claims ({n_versions} verdicts each) in "
          f"{total:.0f} s: ", end="")
    compared = n_versions * (len(chosen) - 1)
    if not differences:
        print("every verdict is the same as under seed 0")
    else:
        keys = sorted({d[1] for d in differences})
        print(f"{len(differences)} difference(s) in {len(keys)} verdict(s):")
        for key in keys:
            bad = [d[0] for d in differences if d[1] == key]
            print(f"  {_name(key)}: seeds {', '.join(map(str, bad))}")
    # one comparison (a verdict under one seed against seed 0's) per count, as CI reads it
    print(f"sweep: {compared - len(differences)} passed, {len(differences)} failed")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
