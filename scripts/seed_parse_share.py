#!/usr/bin/env python3
"""How much of the source sheets' math the LaTeX reader can read.

Extracts every math segment ($...$, $$...$$, \\[...\\]) from the seed sheets, parses each with
cheatsheet.latex.parse, and prints per sheet and overall: segments, parsed, share, plus the most
common error kinds.  ``--failures N`` lists N failing segments with sheet:line.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from cheatsheet.latex import LatexError, parse

DEFAULT_SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\[(.+?)\\\]", re.S)


def segments(text: str):
    """(line number, latex) for each math segment of a sheet."""
    for m in _MATH.finditer(text):
        body = next(g for g in m.groups() if g is not None)
        yield text.count("\n", 0, m.start()) + 1, body.strip()


def error_kind(msg: str) -> str:
    """A message without its quotes of the formula, so equal causes count together."""
    kind = re.sub(r"^cannot read `[^`]*`(?: in `[^`]*`)?: ", "", msg)
    kind = re.sub(r"`[^`]*`", "`…`", kind)
    kind = re.sub(r"[\w+-]+×[\w+-]+", "…×…", kind)
    return kind.strip()[:70]


def measure(seed_dir: Path = DEFAULT_SEEDS):
    """Returns {sheet: {"segments", "parsed", "failures": [(line, latex, msg)], "seconds"}}."""
    out = {}
    for path in sorted(Path(seed_dir).glob("*.txt")):
        segs = [(ln, s) for ln, s in segments(path.read_text(encoding="utf-8")) if s]
        fails = []
        t0 = time.perf_counter()
        for ln, latex in segs:
            try:
                parse(latex)
            except LatexError as e:
                fails.append((ln, latex, str(e)))
        out[path.name] = {"segments": len(segs), "parsed": len(segs) - len(fails),
                          "failures": fails, "seconds": time.perf_counter() - t0}
    return out


def overall(result) -> tuple[int, int, float]:
    n = sum(r["segments"] for r in result.values())
    ok = sum(r["parsed"] for r in result.values())
    return n, ok, (100.0 * ok / n if n else 0.0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", nargs="?", default=str(DEFAULT_SEEDS))
    ap.add_argument("--failures", type=int, default=0, metavar="N")
    args = ap.parse_args(argv)
    if not Path(args.seeds).is_dir():
        print(f"no seed directory {args.seeds}", file=sys.stderr)
        return 2
    result = measure(Path(args.seeds))
    print(f"{'sheet':32} {'segments':>8} {'parsed':>7} {'share':>7} {'ms/seg':>7}")
    for name, r in result.items():
        share = 100.0 * r["parsed"] / r["segments"] if r["segments"] else 0.0
        ms = 1000 * r["seconds"] / max(1, r["segments"])
        print(f"{name:32} {r['segments']:8d} {r['parsed']:7d} {share:6.1f}% {ms:7.2f}")
    n, ok, share = overall(result)
    total_s = sum(r["seconds"] for r in result.values())
    print(f"{'overall':32} {n:8d} {ok:7d} {share:6.1f}% {1000 * total_s / max(1, n):7.2f}")
    kinds = Counter(error_kind(m) for r in result.values() for _, _, m in r["failures"])
    print("\nmost common errors:")
    for kind, count in kinds.most_common(20):
        print(f"{count:5d}  {kind}")
    if args.failures:
        print("\nfailures:")
        shown = 0
        for name, r in result.items():
            for ln, latex, msg in r["failures"]:
                if shown >= args.failures:
                    break
                print(f"{name}:{ln}: {latex[:110]}\n    -> {msg[:120]}")
                shown += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
