"""How well `cheatsheet audit` reads sheets it has never seen (issue 8's measure).

Leave one sheet out: each source sheet S is audited with the catalog minus S's recorded versions;
the labels are the catalog's own verdicts for S's lines (``cheatsheet verify``: a line is refuted
when a version of it is refuted, holds when every decided version holds). ``--whole-catalog``
audits each sheet with its own recorded versions included instead: how far the audit agrees with
``verify`` on the sheets the catalog was built from. Per sheet and overall:

  recall        share of refuted lines the audit flags wrong        (target >= 85%)
  false alarms  lines that hold but are flagged wrong, per 100       (target <= 1)
  decided       share of recorded lines the audit calls ok or wrong (target >= 80%)
  called ok     refuted lines where the audit calls some formula ok and none wrong (worse than a
                miss when the ok formula is the refuted one; a line of several formulas may
                hold a right one beside it; printed when there are any)

Unseen sheets: every ``*.md``/``*.tex``/``*.txt`` in tests/fixtures/sheets with a ``.key.toml``
beside it (``[lines]`` table: line number -> "wrong" | "ok") is audited with the whole catalog
and scored the same way; ``--heldout`` scores tests/fixtures/sheets_heldout instead (sheets
written by someone who did not read the matcher, kept out of tuning).

    python scripts/audit_accuracy.py [SEEDS_DIR] [--sheet PREFIX] [--whole-catalog] [--fixtures-only]
        [--heldout] [-v]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "sheets"
HELDOUT = ROOT / "tests" / "fixtures" / "sheets_heldout"  # measured now and then, never tuned on


def catalog_labels(catalog) -> dict[str, dict[int, str]]:
    """sheet -> line -> holds | refuted | undecided, from the checker's verdicts."""
    from cheatsheet.verify.runner import run_claims

    verdicts: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for res in run_claims(list(catalog)):
        for s in res.sources:
            verdicts[s.sheet][s.line].append(s.verdict)
    out: dict[str, dict[int, str]] = {}
    for sheet, lines in verdicts.items():
        out[sheet] = {}
        for line, vs in lines.items():
            if "refuted" in vs:
                out[sheet][line] = "refuted"
            elif "holds" in vs:
                out[sheet][line] = "holds"
            else:
                out[sheet][line] = "undecided"
    return out


def line_verdicts(findings) -> dict[int, str]:
    """line -> wrong | ok | unchecked (wrong if any formula there is wrong)."""
    by_line: dict[int, set] = defaultdict(set)
    for f in findings:
        by_line[f.line].add(f.verdict)
    return {line: ("wrong" if "wrong" in vs else "ok" if "ok" in vs else "unchecked")
            for line, vs in by_line.items()}


def score(labels: dict[int, str], got: dict[int, str]) -> dict:
    refuted = [l for l, v in labels.items() if v == "refuted"]
    holds = [l for l, v in labels.items() if v == "holds"]
    recorded = refuted + holds
    caught = [l for l in refuted if got.get(l) == "wrong"]
    alarms = [l for l in holds if got.get(l) == "wrong"]
    passed = [l for l in refuted if got.get(l) == "ok"]  # worse than a miss
    decided = [l for l in recorded if got.get(l) in ("ok", "wrong")]
    return {"refuted": len(refuted), "caught": len(caught), "holds": len(holds),
            "alarms": len(alarms), "passed": len(passed), "recorded": len(recorded), "decided": len(decided),
            "missed_lines": sorted(set(refuted) - set(caught)), "alarm_lines": sorted(alarms),
            "passed_lines": sorted(passed)}


def pct(a, b):
    return f"{100 * a / b:5.1f}%" if b else "   - "


def report(name: str, s: dict) -> None:
    per100 = 100 * s["alarms"] / s["holds"] if s["holds"] else 0.0
    print(f"{name:34s} recall {pct(s['caught'], s['refuted'])} ({s['caught']}/{s['refuted']})"
          f"  false alarms {s['alarms']:3d} ({per100:4.1f}/100)"
          f"  decided {pct(s['decided'], s['recorded'])} ({s['decided']}/{s['recorded']})"
          + (f"  called ok {s['passed']}" if s.get("passed") else ""))


def add(total: dict, s: dict) -> None:
    for k in ("refuted", "caught", "holds", "alarms", "passed", "recorded", "decided"):
        total[k] = total.get(k, 0) + s[k]


def fixture_labels(key: Path) -> dict[int, str]:
    data = tomllib.loads(key.read_text(encoding="utf-8"))
    return {int(line): ("refuted" if v == "wrong" else "holds")
            for line, v in data.get("lines", {}).items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("seeds", nargs="?", default=str(DEFAULT_SEEDS))
    ap.add_argument("--sheet", help="only sheets whose name starts with this")
    ap.add_argument("--fixtures-only", action="store_true")
    ap.add_argument("--heldout", action="store_true",
                    help="score the held-out sheets (tests/fixtures/sheets_heldout) instead of "
                         "the fixture sheets; look, do not tune")
    ap.add_argument("--whole-catalog", action="store_true",
                    help="audit each seed sheet with the WHOLE catalog (its own recorded versions "
                         "included) instead of leaving it out: how far the audit agrees with "
                         "`verify` on the sheets the catalog was built from")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed lines and alarms")
    ap.add_argument("--dump", type=Path, help="write every line's verdict as JSON here (to "
                                              "compare two runs)")
    ap.add_argument("--remember", action="store_true",
                    help="read and keep sheets' readings and findings in the user cache, as "
                         "`cheatsheet audit` does (verify/audit/remembered.py); off by "
                         "default: every formula is decided by the code as it stands")
    args = ap.parse_args()
    dump: dict = {}
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from cheatsheet.frozen import batch_passes

    batch_passes()  # the collector's passes of cheatsheet audit (its serial path: --jobs 1)
    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify.audit.run import audit_files

    catalog = get_catalog()
    start = time.perf_counter()
    if not args.fixtures_only:
        seeds = Path(args.seeds)
        if not seeds.is_dir():
            print(f"no seed directory {seeds}", file=sys.stderr)
            return 2
        labels = catalog_labels(catalog)
        total: dict = {}
        print("whole catalog" if args.whole_catalog else "leave one sheet out",
              "(labels: the catalog's verdicts for the sheet's lines)")
        for path in sorted(seeds.glob("*.txt")):
            if args.sheet and not path.name.startswith(args.sheet):
                continue
            res = audit_files([str(path)], catalog=catalog,
                              exclude_sheets=[] if args.whole_catalog else [path.name],
                              jobs=args.jobs, remember=args.remember)
            got = line_verdicts(res.findings)
            dump[path.name] = got
            s = score(labels.get(path.name, {}), got)
            add(total, s)
            report(f"{path.name} ({res.seconds:.0f} s)", s)
            if args.verbose:
                print("   missed:", s["missed_lines"])
                print("   alarms:", s["alarm_lines"])
                print("   called ok:", s["passed_lines"])
        report("overall", total)
    total = {}
    folder = HELDOUT if args.heldout else FIXTURES
    keyed = sorted(k for k in folder.glob("*.key.toml")) if folder.is_dir() else []
    if keyed:
        print("unseen sheets (tests/fixtures/sheets, planted typos; whole catalog)")
    for key in keyed:
        sheet = next((p for p in key.parent.glob(key.name.replace(".key.toml", ".*"))
                      if not p.name.endswith(".key.toml")), None)
        if sheet is None:
            continue
        res = audit_files([str(sheet)], catalog=catalog, jobs=args.jobs,
                          remember=args.remember)
        got = line_verdicts(res.findings)
        dump[sheet.name] = got
        s = score(fixture_labels(key), got)
        add(total, s)
        report(sheet.name, s)
        if args.verbose:
            print("   missed:", s["missed_lines"])
            print("   alarms:", s["alarm_lines"])
    if keyed:
        report("overall (unseen)", total)
    print(f"{time.perf_counter() - start:.0f} s")
    if args.dump:
        args.dump.write_text(json.dumps(dump, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
