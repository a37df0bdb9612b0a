"""Where the test suite's time goes (issue 12: the suite in <= 60 s): the seconds of each test
file and of each test function (its parametrisations summed).

    python -m pytest -n 2 -q -p no:warnings --junitxml=/tmp/suite.xml
    python benchmarks/suite_profile.py /tmp/suite.xml [--top 30]

    CHEATSHEET_TEST_CPU=/tmp/cpu python -m pytest -n 2 -q -p no:warnings
    python benchmarks/suite_profile.py --cpu /tmp/cpu.gw0 /tmp/cpu.gw1

A JUnit XML report gives wall times of each test on its worker: on a machine other processes
keep busy they are all stretched alike (a test waiting for a subprocess waits mostly for a
core), so compare shares, not seconds, between runs at different loads.  ``--cpu`` reads the
files tests/conftest.py writes instead (``cpu wall nodeid`` per test): CPU seconds, which
compare between runs whatever the load, and the split between the workers.  A file whose tests
are few but long is where a shared fixture or a smaller example count pays; a function with
many cheap parametrisations is the catalog's (one per claim).
"""
from __future__ import annotations

import argparse
import collections
import xml.etree.ElementTree as ET


def _add(tables, module: str, name: str, seconds: float) -> None:
    files, functions, count = tables
    function = f"{module}::{name.split('[')[0]}"
    files[module] += seconds
    functions[function] += seconds
    count[module] += 1
    count[function] += 1


def profile(path: str):
    """Seconds per file and per function from a JUnit XML report (wall times)."""
    tables = collections.Counter(), collections.Counter(), collections.Counter()
    for case in ET.parse(path).iter("testcase"):
        _add(tables, case.get("classname", "?"), case.get("name", "?"),
             float(case.get("time") or 0.0))
    return tables


def profile_cpu(paths: list[str]):
    """CPU seconds per file and per function, and per worker, from CHEATSHEET_TEST_CPU files
    (lines ``cpu wall nodeid``; lines starting with # are the workers' notes)."""
    tables = collections.Counter(), collections.Counter(), collections.Counter()
    workers: collections.Counter = collections.Counter()
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("#") or not line.strip():
                    continue
                cpu, _wall, nodeid = line.rstrip("\n").split(" ", 2)
                module, _, name = nodeid.partition("::")
                _add(tables, module, name, float(cpu))
                workers[path] += float(cpu)
    return tables, workers


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", nargs="+",
                    help="pytest --junitxml=FILE, or with --cpu the CHEATSHEET_TEST_CPU files")
    ap.add_argument("--cpu", action="store_true",
                    help="read CHEATSHEET_TEST_CPU files (CPU seconds) instead of JUnit XML")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    if args.cpu:
        (files, functions, count), workers = profile_cpu(args.reports)
        unit = "CPU s"
    else:
        files, functions, count = collections.Counter(), collections.Counter(), collections.Counter()
        for report in args.reports:
            for mine, theirs in zip((files, functions, count), profile(report)):
                mine.update(theirs)
        workers = collections.Counter()
        unit = "s"
    total = sum(files.values())
    print(f"{sum(count[m] for m in files)} tests, {total:.0f} {unit} summed over the workers")
    for worker, seconds in sorted(workers.items()):
        print(f"  {seconds:7.1f} {unit}  {worker}")
    for title, table in (("files", files), ("test functions", functions)):
        print(f"\nslowest {title}:")
        for name, seconds in table.most_common(args.top):
            print(f"  {seconds:7.1f} {unit} {100 * seconds / total:5.1f}%  {count[name]:5d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
