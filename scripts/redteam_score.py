"""Score `cheatsheet audit` on the red-team sheets in tests/fixtures/redteam/.

Why: the audit must not call a correct line of a student's sheet wrong (a false alarm is worse
than a miss), and it should catch realistic typos in notation it was not tuned on. The sheets
were written by hand in the styles of public cheat sheets and textbooks:

  correct/  every formula is right as stated in its context: any `wrong` is a FALSE ALARM
  typos/    about one formula in six carries one planted typo; NAME.key.toml beside the sheet
            lists them as [[typo]] tables (line, what, correct), 1-based lines, and optionally
            `latex`, a substring of the one formula on that line that carries the typo: the
            typo then counts as caught only when that formula is `wrong`, and a `wrong` on
            another formula of the line is a false alarm (without it a keyed LINE counts as
            caught when any of its formulas is wrong)

Printed (80 columns): every false alarm on correct/ (file:line, formula, the tool's reason) and
their total; per typo sheet the typos flagged / keyed, false alarms on non-key lines, and decided
(ok + wrong) / formulas, with the reason each missed typo stayed unchecked.

    python scripts/redteam_score.py [--jobs N] [--json OUT] [--only SUBSTRING]

It measures the code the venv imports (the shared working tree). To measure a commit C, export it
in the installed layout and put it first on the path:
    git archive C cheatsheet verify data quiz | tar -x -C D && cd D && mv verify data quiz cheatsheet/
    PYTHONPATH=D python scripts/redteam_score.py
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import textwrap
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REDTEAM = ROOT / "tests" / "fixtures" / "redteam"
CLI = ROOT / ".venv" / "bin" / "cheatsheet"
EXTS = {".md", ".tex", ".txt"}
W = 80


def audit(paths: list[Path], jobs: int) -> list[dict]:
    """Findings of one `cheatsheet audit --json` run over the given sheets."""
    cmd = [str(CLI), "audit", "--json", "--jobs", str(jobs), *map(str, paths)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode not in (0, 1):
        sys.exit(f"audit failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return json.loads(out.stdout)["findings"]


def show(label: str, text: str, indent: int = 4) -> None:
    """One wrapped field of a finding."""
    pad = " " * indent
    print(textwrap.fill(f"{label}{text}", W, initial_indent=pad,
                        subsequent_indent=pad + "  ", break_long_words=True))


def reason_class(f: dict) -> str:
    """A missed typo's reason with claim ids and the quoted formula folded away."""
    if f["verdict"] == "ok":
        return "called ok (the typo holds under the tool's reading)"
    why = re.sub(r"\b[a-z0-9_]+(\.[a-z0-9_-]+)+\b", "C", f["reason"])
    why = re.sub(r"\(C(, C)*\)", "(C...)", why)
    why = re.sub(r"`[^`]*`( in `[^`]*`)?", "`...`", why)
    return why[:150]


def squash(latex: str) -> str:
    """LaTeX with all white space removed, for substring matching of a key's `latex`."""
    return re.sub(r"\s+", "", latex)


def is_typo(f: dict, typo_lines: dict[int, dict], located: set[int]) -> bool:
    """Whether finding f is (on) a keyed typo: its line is keyed and, when the key names the
    formula (`latex`) and that formula was found on the line, f is that formula."""
    t = typo_lines.get(f["line"])
    if t is None:
        return False
    if "latex" not in t or f["line"] not in located:
        return True
    return squash(t["latex"]) in squash(f["latex"])


def sheets(sub: str, only: str) -> list[Path]:
    return sorted(p for p in (REDTEAM / sub).glob("*")
                  if p.suffix in EXTS and only in p.name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=1, help="audit worker processes (default 1)")
    ap.add_argument("--json", metavar="OUT", help="write per-line verdicts to OUT")
    ap.add_argument("--only", default="", help="only sheets whose name contains this")
    args = ap.parse_args()

    correct, typos = sheets("correct", args.only), sheets("typos", args.only)
    findings = audit(correct + typos, args.jobs) if correct or typos else []
    by_file: dict[str, list[dict]] = {}
    for f in findings:
        by_file.setdefault(str(Path(f["file"]).resolve()), []).append(f)
    per_line: dict[str, dict[int, str]] = {}
    for path, fs in by_file.items():
        lines: dict[int, str] = {}
        for f in fs:  # a line is wrong if any formula on it is, ok if one is and none wrong
            v, old = f["verdict"], lines.get(f["line"])
            rank = {"wrong": 2, "ok": 1, "unchecked": 0}
            lines[f["line"]] = v if old is None or rank[v] > rank[old] else old
        per_line[str(Path(path).relative_to(ROOT))] = lines

    print("=" * W)
    print("correct/ sheets: every `wrong` is a FALSE ALARM")
    print("=" * W)
    n_fa = n_formulas = n_decided = 0
    for p in correct:
        fs = by_file.get(str(p.resolve()), [])
        n_formulas += len(fs)
        n_decided += sum(f["verdict"] != "unchecked" for f in fs)
        for f in fs:
            if f["verdict"] == "wrong":
                n_fa += 1
                print(f"{p.relative_to(REDTEAM)}:{f['line']}  [{f['claim']}]")
                show("sheet:  ", f["latex"])
                show("reason: ", str(f["reason"]))
                if f.get("expected"):
                    show("tool's form: ", f["expected"])
    print(f"-> {n_fa} false alarm(s) in {len(correct)} sheets, {n_formulas} formulas, "
          f"{n_decided} decided")

    print("=" * W)
    print("typos/ sheets: typos flagged / keyed, false alarms off the key, decided")
    print("=" * W)
    tot = Counter()
    missed_reasons = Counter()
    for p in typos:
        key = tomllib.loads(p.with_suffix(".key.toml").read_text())
        typo_lines = {t["line"]: t for t in key.get("typo", [])}
        fs = by_file.get(str(p.resolve()), [])
        located = {ln for ln, t in typo_lines.items() if "latex" in t
                   and any(f["line"] == ln and squash(t["latex"]) in squash(f["latex"])
                           for f in fs)}
        for ln, t in sorted(typo_lines.items()):
            if "latex" in t and ln not in located and any(f["line"] == ln for f in fs):
                print(f"  (key of line {ln}: its latex matches no formula read there; "
                      "scored by line)")
        wrong = [f for f in fs if f["verdict"] == "wrong"]
        caught = {f["line"] for f in wrong if is_typo(f, typo_lines, located)}
        fa = [f for f in wrong if not is_typo(f, typo_lines, located)]
        decided = sum(f["verdict"] != "unchecked" for f in fs)
        tot.update(keyed=len(typo_lines), caught=len(caught), fa=len(fa),
                   decided=decided, formulas=len(fs))
        print(f"{p.name}: typos {len(caught)}/{len(typo_lines)}, false alarms {len(fa)}, "
              f"decided {decided}/{len(fs)}")
        for f in fa:
            print(f"  FALSE ALARM line {f['line']}  [{f['claim']}]")
            show("sheet:  ", f["latex"])
            show("reason: ", str(f["reason"]))
        for line in sorted(typo_lines.keys() - caught):
            why = [f for f in fs if f["line"] == line and is_typo(f, typo_lines, located)]
            verdicts = ",".join(f["verdict"] for f in why) or "no formula read"
            print(f"  missed line {line} ({typo_lines[line]['what']}): {verdicts}")
            for f in why:
                if f["verdict"] != "wrong" and f["reason"]:
                    show("why: ", f["reason"], 6)
                    missed_reasons[reason_class(f)] += 1
                    tot.update(passed_ok=f["verdict"] == "ok")
    if typos:
        print(f"-> typos flagged {tot['caught']}/{tot['keyed']}, false alarms off key "
              f"{tot['fa']}, decided {tot['decided']}/{tot['formulas']}")
        print(f"typos called ok (worse than a miss): {tot['passed_ok']}")
        print("reasons on missed typo lines (claim ids folded):")
        for why, n in missed_reasons.most_common(12):
            show(f"{n:3d}  ", why, 2)

    if args.json:
        Path(args.json).write_text(json.dumps(per_line, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
