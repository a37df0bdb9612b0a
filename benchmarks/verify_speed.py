"""Wall time of a cold ``cheatsheet verify`` (new process, nothing cached) and the slowest claims.

    python benchmarks/verify_speed.py [--runs 3] [--jobs N]

Target: the whole catalog in at most 10 s on a 2-core machine.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args()
    exe = shutil.which("cheatsheet")
    cmd = [exe] if exe else [sys.executable, "-m", "cheatsheet.cli"]
    cmd += ["verify", "--json"] + (["--jobs", str(args.jobs)] if args.jobs else [])
    walls, data = [], None
    for _ in range(args.runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
        walls.append(time.perf_counter() - start)
        if proc.stdout.strip():
            data = json.loads(proc.stdout)
    if data is None:
        print("cheatsheet verify printed no JSON:", proc.stderr[-2000:], file=sys.stderr)
        return 1
    s = data["summary"]
    print(f"cold `cheatsheet verify` wall time: best {min(walls):.2f} s, "
          f"median {sorted(walls)[len(walls) // 2]:.2f} s over {len(walls)} runs "
          f"(in-process run {s['seconds']:.2f} s; {os.cpu_count()} CPUs)")
    print(f"{s['claims']} claims, {s['source_versions']} source versions")
    rows = [(c.get("seconds", c["evidence"]["seconds"]), c["id"], c["verdict"], c["method"])
            for c in data["claims"]]
    print("five slowest claims (canonical check and all its sheet versions):")
    for sec, cid, verdict, method in sorted(rows, reverse=True)[:5]:
        print(f"  {sec:7.3f} s  {cid:40s} {verdict:8s} {method}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
