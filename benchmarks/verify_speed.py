"""Wall and CPU time of ``cheatsheet verify``: without the cache, with an empty cache (a fresh
machine: the README's quick start), with a warm one, and with only the stores remembered (every
claim checked again, as after any edit to a check, but SymPy's proofs and the formulas'
readings taken from verify/proofs.py's and verify/parse_store.py's stores); then where a run's
time goes.

    python benchmarks/verify_speed.py [--runs 3] [--jobs N] [--no-split] [--code DIR]

Each figure is the best of ``--runs`` new processes (median in brackets), wall time and CPU time
(user + sys, the command and its workers); the load average is printed beside it, since the
machine is shared.  The cache lives in a temporary folder, so the user's own is never touched.
Every run's verdicts must be the same (the JSON without its times); the script says so.

The split (one more process, ``--jobs`` workers, no cache) times in turn: imports (the CLI,
SymPy, NumPy, the checkers), catalog load, reader warm-up (grammar), parse (every canonical and
recorded sheet formula once, memoised as the checks would), checks (the workers, which reuse
those parses), report (JSON).

``--code DIR`` runs the code of another checkout of the project (a git worktree of an older
commit, say) through this environment's editable install, so that old and new can be measured
alternately on a shared machine.  Every run, cold ones included, keeps the reader's grammar tables
(``cheatsheet/latex``: compiled once, like bytecode) in the temporary folder, so the first cold run
builds them (~0.2 s) and the best of three does not.

Bytecode is compiled first (``compileall``) for the code measured: a user's Python writes it on
the first run, but an environment with PYTHONDONTWRITEBYTECODE (as here) would otherwise compile
every edited module from source in every process.

Target (issue 12): a cold ``cheatsheet verify`` in at most 3.0 s, best of three, on 2 cores.
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

SPLIT = r"""
import json, os, resource, sys, time
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # as the CLI does
jobs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "0" else None
out = {}
def lap(name, t, c):
    out[name] = (time.perf_counter() - t, time.process_time() - c)
    return time.perf_counter(), time.process_time()
t, c = time.perf_counter(), time.process_time()
import numpy, sympy, cheatsheet.cli
from cheatsheet.verify import check, custom, runner, report
from cheatsheet.verify.parsing import parse_cached
t, c = lap("imports", t, c)
from cheatsheet.catalog import get_catalog
claims = list(get_catalog())
t, c = lap("catalog load", t, c)
runner._warm_up()
t, c = lap("reader warm-up", t, c)
n = 0
for cl in claims:
    forms = [(cl.latex, cl.declarations, cl.layout)]
    for s in cl.sources:
        try:
            forms.append((s.reader_latex, cl.declarations_for(s), s.layout or cl.layout))
        except Exception:
            pass
    for latex, decls, layout in forms:
        n += 1
        try:
            parse_cached(latex, decls, layout=layout)
        except Exception:
            pass
t, c = lap(f"parse ({n} formulas)", t, c)
before = resource.getrusage(resource.RUSAGE_CHILDREN)
results = runner.run_claims(claims, jobs=jobs)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
t1, c1 = time.perf_counter(), time.process_time()
out["checks"] = (t1 - t, c1 - c + (after.ru_utime - before.ru_utime)
                 + (after.ru_stime - before.ru_stime))
t, c = t1, c1
report.to_json(results, runner.summary(results, 0.0), claims)
t, c = lap("report", t, c)
print(json.dumps(out))
"""


# Runs a checkout's code through the editable install: the install's finder maps the package
# names to folders, and the finder is pointed at the checkout's before anything is imported.
_PRELUDE = """import sys
_root = {root!r}
for _f in sys.meta_path:
    _m = getattr(sys.modules.get(getattr(_f, "__module__", "")), "MAPPING", None)
    if isinstance(_m, dict) and "cheatsheet" in _m:
        _m.update({{"cheatsheet": _root + "/cheatsheet", "cheatsheet.data": _root + "/data",
                   "cheatsheet.quiz": _root + "/quiz", "cheatsheet.verify": _root + "/verify"}})
sys.path.insert(0, _root)
"""
_CODE: list[str] = []  # the checkout given by --code, if any


def _prelude() -> str:
    return _PRELUDE.format(root=_CODE[0]) if _CODE else ""


def _command() -> list[str]:
    if _CODE:
        return [sys.executable, "-c",
                _prelude() + "from cheatsheet.cli import main\nsys.argv[0] = 'cheatsheet'\nmain()"]
    exe = Path(sys.executable).parent / "cheatsheet"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "cheatsheet.cli"]


def _untimed(data):
    if isinstance(data, dict):
        return {k: _untimed(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [_untimed(v) for v in data]
    return data


def _load() -> str:
    try:
        return "load %.1f" % os.getloadavg()[0]
    except OSError:
        return "load ?"


def _run(cmd, env) -> tuple[float, float, dict | None, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    data = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else None
    return wall, cpu, data, proc.stderr


def _line(name: str, runs: list[tuple[float, float]], load: str) -> str:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return (f"{name:<26} wall {min(walls):6.2f} s ({statistics.median(walls):.2f})   "
            f"cpu {min(cpus):6.2f} s ({statistics.median(cpus):.2f})   {load}")


def _compile_bytecode(root: Path | None) -> None:
    """Write the bytecode of the measured checkout's packages (see the module docstring)."""
    import compileall

    import cheatsheet

    root = root or Path(cheatsheet.__file__).resolve().parent.parent
    for name in ("cheatsheet", "quiz", "verify"):
        if (root / name).is_dir():
            compileall.compile_dir(str(root / name), quiet=1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--no-split", action="store_true", help="skip the in-process split")
    ap.add_argument("--code", metavar="DIR",
                    help="measure the code of this checkout of the project (e.g. a git worktree "
                         "of an older commit) instead of the installed one")
    args = ap.parse_args()
    if args.code:
        root = Path(args.code).resolve()
        if not (root / "cheatsheet" / "cli.py").is_file():
            ap.error(f"{args.code} is not a checkout of the project (no cheatsheet/cli.py)")
        _CODE.append(str(root))
    _compile_bytecode(Path(_CODE[0]) if _CODE else None)
    base = _command() + ["verify", "--json"] + (["--jobs", str(args.jobs)] if args.jobs else [])
    helps = subprocess.run(_command() + ["verify", "--help"], capture_output=True, text=True)
    has_cache = "--no-cache" in helps.stdout
    answers, last = [], None
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CHEATSHEET_CACHE_DIR": folder}
        env.pop("CHEATSHEET_NO_CACHE", None)
        rows = []
        cold = []
        for _ in range(args.runs):
            wall, cpu, data, err = _run(base + (["--no-cache"] if has_cache else []), env)
            cold.append((wall, cpu))
            answers.append(data)
            last = err
        rows.append(_line("no cache (truly cold)", cold, _load()))
        if has_cache:
            first = _run(base, env)
            answers.append(first[2])
            rows.append(_line("empty cache (first run)", [first[:2]], _load()))
            warm = []
            for _ in range(args.runs):
                wall, cpu, data, _ = _run(base, env)
                warm.append((wall, cpu))
                answers.append(data)
            rows.append(_line("warm cache", warm, _load()))
            proofs_only = []  # every claim checked again, its proofs and readings remembered
            for _ in range(args.runs):
                (Path(folder) / "verify-results.sqlite").unlink(missing_ok=True)
                wall, cpu, data, _ = _run(base, env)
                proofs_only.append((wall, cpu))
                answers.append(data)
            rows.append(_line("proofs+readings kept", proofs_only, _load()))
    if any(a is None for a in answers):
        print("cheatsheet verify printed no JSON:", (last or "")[-2000:], file=sys.stderr)
        return 1
    data = answers[0]
    s = data["summary"]
    code = f" (code of {_CODE[0]})" if _CODE else ""
    print(f"`cheatsheet {' '.join(base[len(_command()):])}`{code}: best of "
          f"{args.runs} (median); {os.cpu_count()} CPUs; {s['claims']} claims, "
          f"{s['source_versions']} sheet versions")
    for row in rows:
        print(row)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"(3.0 s of wall time on {cores} cores allows at most {3.0 * cores:.1f} s of CPU even "
          f"with perfect parallelism; the truly cold run takes {min(c for _, c in cold):.1f} s)")
    same = all(_untimed(a) == _untimed(answers[0]) for a in answers)
    print(f"same verdicts in every run: {'yes' if same else 'NO'}")
    if not same:  # which claims, and how each run decided them
        runs = [{c["id"]: c for c in _untimed(a)["claims"]} for a in answers]
        for cid in sorted({cid for r in runs for cid in r if any(r2.get(cid) != runs[0].get(cid)
                                                                  for r2 in runs)}):
            seen = [f"{r[cid]['verdict']} ({r[cid]['method']})" if cid in r else "absent"
                    for r in runs]
            print(f"  {cid}: " + " | ".join(seen))
    by_time = sorted(((c.get("seconds", 0.0), c["id"], c["verdict"], c["method"])
                      for c in data["claims"]), reverse=True)
    print("five slowest claims (canonical check and all its sheet versions):")
    for sec, cid, verdict, method in by_time[:5]:
        print(f"  {sec:7.3f} s  {cid:40s} {verdict:8s} {method}")
    if not args.no_split:
        proc = subprocess.run([sys.executable, "-c", _prelude() + SPLIT, str(args.jobs or 0)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print("split failed:", proc.stderr[-2000:], file=sys.stderr)
            return 1
        print(f"split (one process, no cache; {_load()}):")
        for name, (wall, cpu) in json.loads(proc.stdout.strip().splitlines()[-1]).items():
            print(f"  {name:<24} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
