"""Throughput of the LaTeX reader on the source sheets' math (``parse`` per formula).

    python benchmarks/reader_speed.py [--rounds 3] [SEED_DIR]

An audit reads thousands of formulas, so the reader must stay fast.  Every math segment of the
sheets is parsed once to warm up (grammar build, SymPy imports), then ``--rounds`` times with the
grammar's tree cache emptied before each round (every formula read as new); the best round is
reported (the machine is shared, the best round is the least disturbed), with formulas per
second, mean and 95th-percentile time per formula, and the slowest few.  A last round with the
cache kept shows a formula read again (an audit matching one formula against several claims).
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import cheatsheet.latex as latex
from cheatsheet.latex import LatexError, parse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"


def _segments(seed_dir: Path) -> list[str]:
    spec = importlib.util.spec_from_file_location("seed_parse_share",
                                                  ROOT / "scripts" / "seed_parse_share.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = []
    for path in sorted(seed_dir.glob("*.txt")):
        out += [s for _, s in mod.segments(path.read_text(encoding="utf-8")) if s]
    return out


def _round(segs: list[str], cold: bool = True) -> list[float]:
    cache = getattr(latex, "_parsed", None)  # the grammar's tree cache, where there is one
    if cold and cache is not None:
        cache.cache_clear()
    times = []
    for s in segs:
        t0 = time.perf_counter()
        try:
            parse(s)
        except LatexError:
            pass
        times.append(time.perf_counter() - t0)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", nargs="?", default=str(DEFAULT_SEEDS))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    seed_dir = Path(args.seeds)
    if not seed_dir.is_dir():
        print(f"no seed directory {seed_dir}", file=sys.stderr)
        return 2
    segs = _segments(seed_dir)
    t0 = time.perf_counter()
    _round(segs)
    cold = time.perf_counter() - t0
    best = min((_round(segs) for _ in range(max(1, args.rounds))), key=sum)
    total = sum(best)
    ordered = sorted(best)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{len(segs)} formulas: first pass {cold:.2f} s; best of {args.rounds} rounds "
          f"{total:.2f} s = {len(segs) / total:.0f} formulas/s "
          f"(mean {1000 * total / len(segs):.2f} ms, p95 {1000 * p95:.2f} ms)")
    again = sum(_round(segs, cold=False))
    print(f"read again (trees cached): {again:.2f} s = {len(segs) / again:.0f} formulas/s")
    print("slowest formulas:")
    for dt, s in sorted(zip(best, segs), reverse=True)[:5]:
        print(f"  {1000 * dt:7.1f} ms  {s[:64]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
