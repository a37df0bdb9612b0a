"""Write what each source sheet announces where (data/sheets/context.json), for `verify`.

`cheatsheet verify` decides the catalog's recorded sheet lines; how a line must be read depends
on its sheet: the layout announced by the nearest heading (or both, where the sheet leaves it
open), superscript time indices, vertical bars lost in transcription. `cheatsheet audit` reads
these from the sheet itself (cheatsheet.sheets); `verify` cannot, since the sheets are not
shipped with the package, so this script derives them with the same code and stores the
result. Nothing in the file is typed by hand; tests/test_sheet_context.py fails when it is
out of date with the sheets.

    python scripts/sheet_context.py [SEEDS_DIR] [--check]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "data" / "sheets" / "context.json"


def derive(seeds: Path) -> dict:
    from cheatsheet.sheets import read_sheet
    from cheatsheet.sheets.conventions import SheetConventions
    from cheatsheet.sheets.habits import sheet_habits

    out = {}
    for path in sorted(seeds.glob("*.txt")):
        sheet = read_sheet(path)
        conv = SheetConventions(sheet)
        local = {}  # lines whose own sentence names the layout of their formula
        for seg in sheet.segments:
            here = conv.layouts_for(seg)
            if here != conv.layouts(seg.line):
                local[seg.line] = here
        runs: list[list] = []  # [first line, last line, layouts]
        for line in range(1, sheet.line_count + 1):
            layouts = list(local.get(line) or conv.layouts(line))
            if runs and runs[-1][2] == layouts and runs[-1][1] == line - 1:
                runs[-1][1] = line
            else:
                runs.append([line, line, layouts])
        habits = sheet_habits(sheet)
        out[path.name] = {"layouts": runs, "lost_bars": habits.lost_bars,
                          "superscript_index": sorted(habits.superscript_index)}
    return out


def render(data: dict) -> str:
    """JSON with one line per run of lines, so a change shows as a small diff."""
    parts = []
    for sheet, ctx in data.items():
        runs = ",\n    ".join(json.dumps(r) for r in ctx["layouts"])
        parts.append(f'  {json.dumps(sheet)}: {{\n   "layouts": [\n    {runs}\n   ],\n'
                     f'   "lost_bars": {json.dumps(ctx["lost_bars"])},\n'
                     f'   "superscript_index": {json.dumps(ctx["superscript_index"])}\n  }}')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("seeds", nargs="?", default=str(DEFAULT_SEEDS))
    ap.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = ap.parse_args()
    seeds = Path(args.seeds)
    if not seeds.is_dir():
        print(f"no seed directory {seeds}", file=sys.stderr)
        return 2
    text = render(derive(seeds))
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.is_file() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run python scripts/sheet_context.py",
                  file=sys.stderr)
            return 1
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(json.loads(text))} sheets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
