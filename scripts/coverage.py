#!/usr/bin/env python3
"""Which math lines of the source sheets the catalog covers.

For each sheet (default ../shared/seeds), every line holding math ($...$, $$...$$, \\[...\\]) is
*referenced* when some claim of the loaded catalog (``cheatsheet.catalog.get_catalog()``, so
$CHEATSHEET_CLAIMS applies) records a source version at that sheet and line.  Lines are grouped
under the sheet's section headings; per sheet the script prints math lines, referenced, share.

  --section REGEX   only sections whose heading matches (case-insensitive search)
  --until REGEX     stop each sheet at the first heading matching REGEX
  --grep REGEX      only math lines whose text matches
  --sheet PREFIX    only sheets whose file name starts with PREFIX (repeatable)
  --missing         list only the unreferenced math lines, with their text (truncated)
  --lines           list every math line with its status (default: per-section counts)
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
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


@dataclass
class Section:
    heading: str
    line: int  # 0 for the part before the first heading
    math: list = field(default_factory=list)  # (line number, text, referenced)

    @property
    def referenced(self) -> int:
        return sum(1 for _, _, r in self.math if r)


def referenced_lines(catalog) -> dict[str, set[int]]:
    """sheet file name -> line numbers some claim's source version names."""
    out: dict[str, set[int]] = {}
    for claim in catalog:
        for src in claim.sources:
            out.setdefault(src.sheet, set()).add(int(src.line))
    return out


def sections(path: Path, refs: set[int], section: str | None = None, until: str | None = None,
             grep: str | None = None) -> list[Section]:
    """The sheet's sections with their math lines, filtered as asked."""
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
            out[-1].math.append((n, line.strip(), n in refs))
    if section:
        out = [s for s in out if re.search(section, s.heading, re.IGNORECASE)]
    return [s for s in out if s.math]


def measure(seed_dir: Path, catalog, *, sheets=(), section=None, until=None, grep=None):
    """{sheet name: [Section]} for the chosen sheets."""
    refs = referenced_lines(catalog)
    result = {}
    for path in sorted(Path(seed_dir).glob("*.txt")):
        if sheets and not any(path.name.startswith(p) for p in sheets):
            continue
        result[path.name] = sections(path, refs.get(path.name, set()), section, until, grep)
    return result


def totals(secs: list[Section]) -> tuple[int, int, float]:
    n = sum(len(s.math) for s in secs)
    r = sum(s.referenced for s in secs)
    return n, r, (100.0 * r / n if n else 0.0)


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
    ap.add_argument("--width", type=int, default=110)
    args = ap.parse_args(argv)
    if not Path(args.seeds).is_dir():
        print(f"no seed directory {args.seeds}", file=sys.stderr)
        return 2
    from cheatsheet.catalog import get_catalog

    result = measure(Path(args.seeds), get_catalog(), sheets=args.sheet, section=args.section,
                     until=args.until, grep=args.grep)
    for name, secs in result.items():
        n, r, share = totals(secs)
        print(f"== {name}: {n} math lines, {r} referenced, {share:.1f}%")
        for s in secs:
            sn, sr, sshare = totals([s])
            if args.missing and sr == sn:
                continue
            print(f"  [{s.line:4d}] {_short(s.heading, 50):50} {sn:4d} {sr:4d} {sshare:6.1f}%")
            if args.missing or args.lines:
                for ln, text, ref in s.math:
                    if args.missing and ref:
                        continue
                    mark = "+" if ref else "-"
                    print(f"    {mark} {ln:4d}: {_short(text, args.width)}")
    all_secs = [s for secs in result.values() for s in secs]
    n, r, share = totals(all_secs)
    print(f"== overall: {n} math lines, {r} referenced, {share:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
