#!/usr/bin/env python3
"""Which math lines of the source sheets the catalog covers.

For each sheet (default ../shared/seeds), every line holding math ($...$, $$...$$, \\[...\\]) is
*referenced* when some claim of the loaded catalog (``cheatsheet.catalog.get_catalog()``, so
$CHEATSHEET_CLAIMS applies) records a source version at that sheet and line, and *without formula*
when the reviewed list data/coverage/no_formula.toml names it with a reason (a heading, prose,
notation that only introduces a symbol); every other math line is *missing*.  Lines are grouped
under the sheet's section headings; per sheet the script prints math lines, referenced, share,
lines without formula and missing lines.  Defects of the list (a sheet or line that does not
exist, an empty reason, a line that holds no math, a line a claim records after all, a duplicate)
are printed at the end and make the exit status 1.

  --section REGEX   only sections whose heading matches (case-insensitive search)
  --until REGEX     stop each sheet at the first heading matching REGEX
  --grep REGEX      only math lines whose text matches
  --sheet PREFIX    only sheets whose file name starts with PREFIX (repeatable)
  --missing         list only the missing math lines, with their text (truncated)
  --lines           list every math line with its status: + referenced, = without formula
                    (with the reason), - missing (default: per-section counts)
  --partial         list the math pieces ($...$) of referenced lines that state a relation
                    but that no source version records: a line is recorded only in part when
                    one of its formulas has a version and another has none (a line with two
                    formulas, or two errors, needs two versions)
  --no-formula PATH the reviewed list of lines without formula (default
                    data/coverage/no_formula.toml; a path that does not exist is an empty list)
"""
from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
DEFAULT_NO_FORMULA = ROOT / "data" / "coverage" / "no_formula.toml"
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\[(.+?)\\\]")
# a numbered heading without markdown: "2 Analysis", "11.3 — Gradient Descent", "12. CNNs"
_NUMBERED = re.compile(r"^\d+(?:[.-]\d+)*\.?\s+(?:[—–-]+\s*)?[A-Z][^$]*$")
_TAGS = re.compile(r"</?b>|\*\*")
_EDGES = re.compile(r"^[\s#*\-–—]+|[\s*\-–—]+$")


def heading(line: str) -> str | None:
    """The heading text if the line is a section heading, else None."""
    s = line.strip()
    if not s:
        return None
    if s.startswith("#"):
        return _EDGES.sub("", _TAGS.sub("", s)) or None
    bare = _EDGES.sub("", _TAGS.sub("", s))
    if len(bare) <= 70 and _NUMBERED.match(bare):
        return bare
    return None


def has_math(line: str) -> bool:
    return any(next(g for g in m.groups() if g is not None).strip() for m in _MATH.finditer(line))


REFERENCED, NO_FORMULA, MISSING = "+", "=", "-"
# a piece states something to check when it relates two sides; a piece whose only relation is
# membership, a law or an inclusion (x \in R^n, eps ~ N(0, I), S \subseteq R^d) introduces a
# symbol, and is no formula of its own
_RELATION = re.compile(r"(?<![\\a-zA-Z])(=|<|>)|\\(?:leq?|geq?|neq|approx|propto|iff|implies|"
                       r"Rightarrow|Leftrightarrow|succ|prec|succeq|preceq|ll|gg)(?![a-zA-Z])")
_RECORDED_SHARE = 0.5  # a piece is recorded when versions cover at least this share of it


@dataclass
class Section:
    heading: str
    line: int  # 0 for the part before the first heading
    math: list = field(default_factory=list)  # (line number, text, status: + = -)

    def count(self, status: str) -> int:
        return sum(1 for _, _, st in self.math if st == status)

    @property
    def referenced(self) -> int:
        return self.count(REFERENCED)


def referenced_lines(catalog) -> dict[str, set[int]]:
    """sheet file name -> line numbers some claim's source version names."""
    out: dict[str, set[int]] = {}
    for claim in catalog:
        for src in claim.sources:
            out.setdefault(src.sheet, set()).add(int(src.line))
    return out


def load_no_formula(path: Path) -> list[dict]:
    """The entries of the reviewed list of lines without formula ([] when the file is absent)."""
    path = Path(path)
    if not path.exists():
        return []
    with path.open("rb") as f:
        return list(tomllib.load(f).get("lines", []))


def recorded_latex(catalog) -> dict[tuple[str, int], list[str]]:
    """(sheet, line) -> the LaTeX of every source version recorded there."""
    out: dict[tuple[str, int], list[str]] = {}
    for claim in catalog:
        for src in claim.sources:
            out.setdefault((src.sheet, int(src.line)), []).append(src.latex)
    return out


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def recorded_share(piece: str, versions: list[str]) -> float:
    """The share of the piece's characters (spaces aside) that recorded versions cover: a
    version copied from the piece covers where it occurs in it, a version that contains the
    whole piece (a version spanning several pieces of the line) covers all of it."""
    text = _squeeze(piece)
    if not text:
        return 1.0
    covered = [False] * len(text)
    for version in map(_squeeze, versions):
        if not version:
            continue
        if text in version:
            return 1.0
        for m in re.finditer(re.escape(version), text):
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
    return sum(covered) / len(text)


def unrecorded_pieces(line: str, versions: list[str]) -> list[str]:
    """The math pieces of a referenced line that state a relation but that no version records."""
    out = []
    for m in _MATH.finditer(line):
        piece = next(g for g in m.groups() if g is not None).strip()
        if piece and _RELATION.search(piece) and recorded_share(piece, versions) < _RECORDED_SHARE:
            out.append(piece)
    return out


def no_formula_problems(entries: list[dict], seed_dir: Path, refs: dict[str, set[int]]) -> list[str]:
    """Defects of the list: each entry must name an existing math line no claim records, with a
    reason, once; entries are kept sorted by sheet and line so that edits stay reviewable."""
    problems, seen, texts = [], set(), {}
    for i, e in enumerate(entries, start=1):
        sheet, line, reason = e.get("sheet"), e.get("line"), e.get("reason")
        where = f"entry {i} ({sheet}:{line})"
        if not isinstance(sheet, str) or not isinstance(line, int) or isinstance(line, bool):
            problems.append(f"{where}: needs a sheet name and a line number")
            continue
        if not isinstance(reason, str) or not reason.strip():
            problems.append(f"{where}: the reason is empty")
        if (sheet, line) in seen:
            problems.append(f"{where}: listed twice")
        seen.add((sheet, line))
        if sheet not in texts:
            p = Path(seed_dir) / sheet
            texts[sheet] = p.read_text(encoding="utf-8").splitlines() if p.is_file() else None
        lines = texts[sheet]
        if lines is None:
            problems.append(f"{where}: no such sheet in {seed_dir}")
        elif not 1 <= line <= len(lines):
            problems.append(f"{where}: the sheet has {len(lines)} lines")
        elif not has_math(lines[line - 1]):
            problems.append(f"{where}: the line holds no math, there is nothing to exempt")
        if line in refs.get(sheet, set()):
            problems.append(f"{where}: a claim records a source version on this line, so it "
                            "carries a formula")
    keys = [(e.get("sheet"), e.get("line")) for e in entries]
    if all(isinstance(a, str) and isinstance(b, int) for a, b in keys) and keys != sorted(keys):
        problems.append("entries are not sorted by sheet and line")
    return problems


def sections(path: Path, refs: set[int], section: str | None = None, until: str | None = None,
             grep: str | None = None, exempt: dict[int, str] | None = None) -> list[Section]:
    """The sheet's sections with their math lines, filtered as asked."""
    exempt = exempt or {}
    out = [Section("(before the first heading)", 0)]
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        h = heading(line)
        if h is not None:
            if until and re.search(until, h, re.IGNORECASE):
                break
            out.append(Section(h, n))
            if not has_math(line):
                continue
        if has_math(line) and (not grep or re.search(grep, line, re.IGNORECASE)):
            status = REFERENCED if n in refs else NO_FORMULA if n in exempt else MISSING
            out[-1].math.append((n, line.strip(), status))
    if section:
        out = [s for s in out if re.search(section, s.heading, re.IGNORECASE)]
    return [s for s in out if s.math]


def measure(seed_dir: Path, catalog, *, sheets=(), section=None, until=None, grep=None,
            no_formula=()):
    """{sheet name: [Section]} for the chosen sheets."""
    refs = referenced_lines(catalog)
    exempt: dict[str, dict[int, str]] = {}
    for e in no_formula:
        exempt.setdefault(e.get("sheet"), {})[e.get("line")] = e.get("reason", "")
    result = {}
    for path in sorted(Path(seed_dir).glob("*.txt")):
        if sheets and not any(path.name.startswith(p) for p in sheets):
            continue
        result[path.name] = sections(path, refs.get(path.name, set()), section, until, grep,
                                     exempt.get(path.name, {}))
    return result


def totals(secs: list[Section]) -> tuple[int, int, float, int, int]:
    """Math lines, referenced, referenced share, without formula, missing."""
    n = sum(len(s.math) for s in secs)
    r = sum(s.referenced for s in secs)
    e = sum(s.count(NO_FORMULA) for s in secs)
    return n, r, (100.0 * r / n if n else 0.0), e, n - r - e


def _summary(n: int, r: int, share: float, e: int, m: int) -> str:
    return f"{n} math lines, {r} referenced, {share:.1f}%, {e} without formula, {m} missing"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", nargs="?", default=str(DEFAULT_SEEDS))
    ap.add_argument("--section", metavar="REGEX")
    ap.add_argument("--until", metavar="REGEX")
    ap.add_argument("--grep", metavar="REGEX")
    ap.add_argument("--sheet", action="append", default=[], metavar="PREFIX")
    ap.add_argument("--missing", action="store_true")
    ap.add_argument("--lines", action="store_true")
    ap.add_argument("--partial", action="store_true")
    ap.add_argument("--width", type=int, default=110)
    ap.add_argument("--no-formula", metavar="PATH", default=str(DEFAULT_NO_FORMULA))
    args = ap.parse_args(argv)
    if not Path(args.seeds).is_dir():
        print(f"no seed directory {args.seeds}", file=sys.stderr)
        return 2
    try:
        no_formula = load_no_formula(Path(args.no_formula))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        print(f"cannot read the list of lines without formula {args.no_formula}: {exc}",
              file=sys.stderr)
        return 2
    from cheatsheet.catalog import get_catalog

    catalog = get_catalog()
    result = measure(Path(args.seeds), catalog, sheets=args.sheet, section=args.section,
                     until=args.until, grep=args.grep, no_formula=no_formula)
    reasons = {(e.get("sheet"), e.get("line")): e.get("reason", "") for e in no_formula}
    if args.partial:
        return _print_partial(result, recorded_latex(catalog), args.width)
    for name, secs in result.items():
        print(f"== {name}: {_summary(*totals(secs))}")
        if secs:
            print(f"  {'[line] section':57} {'math':>4} {'ref':>4} {'share':>7} {'none':>4} "
                  f"{'miss':>4}")
        for s in secs:
            sn, sr, sshare, se, sm = totals([s])
            if args.missing and sm == 0:
                continue
            print(f"  [{s.line:4d}] {_short(s.heading, 50):50} {sn:4d} {sr:4d} {sshare:6.1f}%"
                  f" {se:4d} {sm:4d}")
            if args.missing or args.lines:
                for ln, text, status in s.math:
                    if args.missing and status != MISSING:
                        continue
                    shown = text
                    if status == NO_FORMULA:
                        shown = f"({reasons.get((name, ln), '')}) {text}"
                    print(f"    {status} {ln:4d}: {_short(shown, args.width)}")
    all_secs = [s for secs in result.values() for s in secs]
    print(f"== overall: {_summary(*totals(all_secs))}")
    problems = no_formula_problems(no_formula, Path(args.seeds), referenced_lines(catalog))
    if problems:
        print(f"\n{len(problems)} problem(s) in {args.no_formula}:")
        for p in problems:
            print(f"  {p}")
        return 1
    return 0


def _print_partial(result: dict, recorded: dict, width: int) -> int:
    total = 0
    for name, secs in result.items():
        rows = []
        for s in secs:
            for ln, text, status in s.math:
                if status != REFERENCED:
                    continue
                rows += [(ln, piece) for piece in unrecorded_pieces(text, recorded[(name, ln)])]
        print(f"== {name}: {len(rows)} piece(s) of referenced lines that no version records")
        for ln, piece in rows:
            print(f"    {ln:4d}: {_short(piece, width)}")
        total += len(rows)
    print(f"== overall: {total} piece(s) of referenced lines that no version records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
