"""The study commands of issue 11, parts 2 and 3, timed as a user runs them.

    python benchmarks/study_loop.py [--sheet FILE] [--topic T] [--skip-full]

- ``cheatsheet export anki`` of the whole catalog (or ``--topic``): wall time, notes, wrong
  forms, notes tagged ``refuted-on-sheet``, legends cut to fit, deck file size;
- ``cheatsheet export anki --sheet FILE``: the same for one sheet (audit included);
- ``cheatsheet quiz --sheet FILE --plain``: time from launch to the first question (the audit
  of the sheet is most of it) and to the end of a 5-question session answered at once.

Each command runs as a subprocess with a fresh output folder; the machine's load is printed,
since the export checks every claim in parallel (load from other work slows it).
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "cheatsheet.cli"]
DEFAULT_SHEET = REPO / "tests" / "fixtures" / "readme" / "mysheet.md"


def deck_numbers(path: Path, tmp: Path) -> dict:
    with zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", tmp)
    con = sqlite3.connect(tmp / "collection.anki2")
    rows = con.execute("SELECT flds, tags FROM notes").fetchall()
    con.close()
    fields = [r[0].split("\x1f") for r in rows]
    return {"notes": len(rows),
            "wrong_forms": sum(f[4].count('class="wrong"') for f in fields),
            "refuted_on_sheet": sum("refuted-on-sheet" in r[1].split() for r in rows),
            "legends_cut": sum(f[2].endswith("…") for f in fields),
            "kbytes": round(path.stat().st_size / 1024)}


def export(args: list[str], tmp: Path, name: str) -> dict:
    out = tmp / f"{name}.apkg"
    start = time.perf_counter()
    res = subprocess.run(CLI + ["export", "anki", "-o", str(out), *args], capture_output=True,
                         text=True, cwd=REPO)
    seconds = time.perf_counter() - start
    if res.returncode not in (0, 1):
        raise SystemExit(f"export failed ({res.returncode}): {res.stderr.strip()}")
    x = tmp / f"{name}.x"
    x.mkdir()
    return {"command": "cheatsheet export anki " + " ".join(args), "exit": res.returncode,
            "seconds": round(seconds, 1), **deck_numbers(out, x)}


def quiz(sheet: Path, tmp: Path) -> dict:
    """Launch to first question, and to the end of 5 questions answered "2" at once."""
    start = time.perf_counter()
    proc = subprocess.Popen(CLI + ["quiz", "--sheet", str(sheet), "--plain", "--count", "5",
                                   "--seed", "1", "--db", str(tmp / "q.db")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
    first = None
    buf = ""
    answered = 0
    while True:
        ch = proc.stdout.read(1)
        if not ch:
            break
        buf += ch
        if buf.endswith("): ") and "answer (" in buf.rsplit("\n", 1)[-1]:
            if first is None:
                first = time.perf_counter() - start
            proc.stdin.write("2\n")
            proc.stdin.flush()
            answered += 1
    proc.wait()
    return {"command": f"cheatsheet quiz --sheet {sheet.name} --plain --count 5",
            "exit": proc.returncode, "first_question_s": round(first or -1, 2),
            "session_s": round(time.perf_counter() - start, 2), "answered": answered}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sheet", type=Path, default=DEFAULT_SHEET)
    ap.add_argument("--topic", default=None, help="export only this topic (faster)")
    ap.add_argument("--skip-full", action="store_true", help="no whole-catalog export")
    a = ap.parse_args()
    print(json.dumps({"load_average": os.getloadavg(), "cpus": os.cpu_count()}))
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if not a.skip_full:
            print(json.dumps(export(["--topic", a.topic] if a.topic else [], tmp, "full"),
                             ensure_ascii=False))
        print(json.dumps(export(["--sheet", str(a.sheet)], tmp, "sheet"), ensure_ascii=False))
        print(json.dumps(quiz(a.sheet, tmp), ensure_ascii=False))


if __name__ == "__main__":
    main()
