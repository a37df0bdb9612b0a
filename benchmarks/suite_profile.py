"""Where the test suite's time goes (issue 12: the suite in <= 60 s): the seconds of each test
file and of each test function (its parametrisations summed), from a JUnit XML report.

    python -m pytest -n 2 -q -p no:warnings --junitxml=/tmp/suite.xml
    python benchmarks/suite_profile.py /tmp/suite.xml [--top 30]

The seconds are wall times of each test on its worker: on a machine other processes keep busy
they are all stretched alike, so compare shares, not seconds, between runs at different loads.
A file whose tests are few but long is where a shared fixture or a smaller example count pays;
a function with many cheap parametrisations is the catalog's (one per claim).
"""
from __future__ import annotations

import argparse
import collections
import xml.etree.ElementTree as ET


def profile(path: str):
    files: collections.Counter = collections.Counter()
    functions: collections.Counter = collections.Counter()
    count: collections.Counter = collections.Counter()
    for case in ET.parse(path).iter("testcase"):
        seconds = float(case.get("time") or 0.0)
        module = case.get("classname", "?")
        function = f"{module}::{case.get('name', '?').split('[')[0]}"
        files[module] += seconds
        functions[function] += seconds
        count[module] += 1
        count[function] += 1
    return files, functions, count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", help="pytest --junitxml=FILE")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    files, functions, count = profile(args.report)
    total = sum(files.values())
    print(f"{sum(count[m] for m in files)} tests, {total:.0f} s summed over the workers")
    for title, table in (("files", files), ("test functions", functions)):
        print(f"\nslowest {title}:")
        for name, seconds in table.most_common(args.top):
            print(f"  {seconds:7.1f} s {100 * seconds / total:5.1f}%  {count[name]:5d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
