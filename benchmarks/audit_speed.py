"""How long `cheatsheet audit` takes on the five source sheets, cold (issue 8: <= 20 s on 2 cores).

Each run is a fresh process (`cheatsheet audit SHEETS --json`), so imports, reading the
catalog and loading the matcher's index are counted. Runs after the first find the index, the
catalog, the formulas' readings and proofs (verify/audit/pool.py) and, since issue 12, the
sheets' readings and the findings themselves (verify/audit/remembered.py: keyed by the
formula, the catalog and the engine's hash) in the user cache directory, so the first run is
the cold one and the others show a rerun on unchanged sheets and code; `--no-cache` points
every cache at an empty folder each time, so all of them are built in every run. Prints wall
and CPU seconds per run, the median, and the machine's load average (other processes on 2
cores make wall times meaningless).

    python benchmarks/audit_speed.py [--runs 3] [--jobs 2] [--no-cache] [--code DIR] [SEEDS_DIR]

``--code DIR`` runs another checkout's code (e.g. ``git archive OLD | tar -x -C DIR``) through
this venv's editable install, as ``verify_speed.py --code`` does: before and after in one
sitting. Give each code its own cache folders (XDG_CACHE_HOME, CHEATSHEET_CACHE_DIR).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
TARGET = 20.0
_CODE: list[str] = []  # the checkout given by --code, if any


def _command() -> list[str]:
    if not _CODE:
        return [sys.executable, "-m", "cheatsheet.cli"]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from verify_speed import _PRELUDE

    return [sys.executable, "-c", _PRELUDE.format(root=_CODE[0])
            + "from cheatsheet.cli import main\nsys.argv[0] = 'cheatsheet'\nmain()"]


def one_run(sheets, jobs, cache_dir):
    env = dict(os.environ)
    if cache_dir:  # the matcher's index goes by platformdirs, the rest by CHEATSHEET_CACHE_DIR
        env["XDG_CACHE_HOME"] = cache_dir
        env["CHEATSHEET_CACHE_DIR"] = os.path.join(cache_dir, "cheatsheet")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([*_command(), "audit", *map(str, sheets),
                           "--json", "--jobs", str(jobs)], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"audit failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    summary = json.loads(proc.stdout)["summary"]
    return wall, cpu, summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("seeds", nargs="?", default=str(DEFAULT_SEEDS))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-cache", action="store_true",
                    help="empty caches in every run (index, catalog, readings, proofs)")
    ap.add_argument("--code", metavar="DIR", help="measure the code of this checkout")
    args = ap.parse_args()
    if args.code:
        root = Path(args.code).resolve()
        if not (root / "cheatsheet" / "cli.py").is_file():
            ap.error(f"{args.code} is not a checkout of the project (no cheatsheet/cli.py)")
        _CODE.append(str(root))
    sheets = sorted(Path(args.seeds).glob("*.txt"))
    if not sheets:
        print(f"no sheets in {args.seeds}", file=sys.stderr)
        return 2
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in sheets)
    print(f"{len(sheets)} sheets, {lines} lines, {args.jobs} jobs, code of "
          f"{_CODE[0] if _CODE else ROOT}, load average "
          f"{os.getloadavg()[0]:.1f}")
    walls, cpus = [], []
    for k in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            wall, cpu, s = one_run(sheets, args.jobs, tmp if args.no_cache else None)
        walls.append(wall)
        cpus.append(cpu)
        print(f"run {k + 1}: {wall:6.1f} s wall, {cpu:6.1f} s CPU  ({s['formulas']} formulas: "
              f"{s['ok']} ok, {s['wrong']} wrong, {s['unchecked']} unchecked)")
    if len(walls) > 1 and not args.no_cache:
        print(f"first run {walls[0]:.1f} s wall, {cpus[0]:.1f} s CPU; later runs "
              f"(caches filled) median {statistics.median(walls[1:]):.1f} s wall, "
              f"{statistics.median(cpus[1:]):.1f} s CPU")
    med = statistics.median(walls)
    print(f"median {med:.1f} s wall (target {TARGET:.0f} s): "
          f"{'met' if med <= TARGET else 'MISSED'}; load average now {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
