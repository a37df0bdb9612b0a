"""Human and machine output of a verification run: rich tables that fit the terminal (80
columns when piped) without ever cutting an id, findings by sheet line, stable JSON.

The words that explain a counterexample or a reason come from ``explain``; this module lays
them out.
"""
from __future__ import annotations

import json
from dataclasses import replace

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .evidence import ClaimResult
from .explain import counterexample_lines, plain_reason  # noqa: F401 - re-exported

STYLE = {"proved": "bold green", "passed": "green", "refuted": "bold red", "error": "yellow",
         "timeout": "magenta", "holds": "green", "undecided": "yellow"}
SOURCE_VERDICTS = ("holds", "refuted", "undecided")


# -- JSON -------------------------------------------------------------------------------------

def to_json(results: list[ClaimResult], summary: dict, claims=None) -> str:
    """One JSON object; with ``claims`` (the Claim objects run), a source that relies on words
    of its line outside the formula also carries them (``"words"``)."""
    data = [r.to_json() for r in results]
    if claims is not None:
        by_id = {c.id: c for c in claims}
        for entry in data:
            claim = by_id.get(entry["id"])
            words = {(s.sheet, s.line, s.latex): s.words for s in (claim.sources if claim else [])
                     if getattr(s, "words", "")}
            for s in entry["sources"]:
                w = words.get((s["sheet"], s["line"], s["latex"]))
                if w:
                    s["words"] = [w] if isinstance(w, str) else list(w)
    return json.dumps({"summary": summary, "claims": data}, ensure_ascii=False, indent=1,
                      default=_default)


def _default(o):
    try:
        import numpy as np

        if isinstance(o, np.generic):
            return o.item()
        if isinstance(o, np.ndarray):
            return o.tolist()
    except ImportError:  # pragma: no cover
        pass
    return str(o)


def words_text(words) -> str:
    """A source's ``words`` (one phrase or a list of them) as one line: “a” … “b”."""
    if not words:
        return ""
    phrases = [words] if isinstance(words, str) else list(words)
    return " … ".join(f"“{w}”" for w in phrases)


def _words_by_result(results, claims) -> list[list[str]]:
    """For each result, the ``words`` of each of its sources (matched by sheet and line), as
    shown text."""
    by_id = {c.id: c for c in claims}
    out = []
    for r in results:
        claim = by_id.get(r.id)
        words = {(s.sheet, s.line, s.latex): words_text(getattr(s, "words", ""))
                 for s in (claim.sources if claim else [])}
        out.append([words.get((s.sheet, s.line, s.latex), "") for s in r.sources])
    return out


# -- selection by sheet -----------------------------------------------------------------------

def only_sheets(results: list[ClaimResult], sheets) -> list[ClaimResult]:
    """The results with only the source versions of these sheets; claims with none dropped."""
    sheets = set(sheets)
    out = []
    for r in results:
        kept = [s for s in r.sources if s.sheet in sheets]
        if kept:
            out.append(replace(r, sources=kept))
    return out


# -- tables -----------------------------------------------------------------------------------

def _method(ev) -> str:
    """The kind of check that decided, without the custom check's registry name."""
    m = ev.method
    kinds = [p.split(":")[0] for p in m.split("+")]
    return "+".join(dict.fromkeys(kinds))


def _fit(console: Console, columns: list[tuple[str, list[str], bool]]) -> list[int]:
    """Indices of the columns to show: all that fit the console's width, dropping optional
    ones from the right.  ``columns``: (header, cells, optional)."""
    def width(k):
        header, cells, _ = columns[k]
        return max([len(header)] + [len(c) for c in cells]) + 3

    keep = list(range(len(columns)))
    for k in reversed(range(len(columns))):
        if sum(width(i) for i in keep) <= console.width:
            break
        if columns[k][2]:
            keep.remove(k)
    return keep


def fitted_table(console: Console, title: str | None, columns, rows, caption=None,
                 wrap: str | None = None) -> Table:
    """A table at the console's width: the first column (ids, sheet names) is never cut or
    wrapped; ``wrap`` names a column that wraps; optional columns go when there is no room.
    ``columns``: (header, optional) pairs; ``rows``: lists of cells (str or Text)."""
    plain = [[c.plain if isinstance(c, Text) else str(c) for c in row] for row in rows]
    spec = [(h, [row[k] for row in plain], opt) for k, (h, opt) in enumerate(columns)]
    if wrap is not None:  # a wrapping column needs only its header's width to be kept
        spec = [(h, [h] if h == wrap else cells, opt) for h, cells, opt in spec]
    keep = _fit(console, spec)
    t = Table(title=title, caption=caption, show_edge=False, pad_edge=False, expand=False,
              title_justify="left", caption_justify="left")
    first = max([len(columns[0][0])] + [len(r[0]) for r in plain]) if plain else 0
    for k in keep:
        header = columns[k][0]
        if k == 0:
            t.add_column(header, no_wrap=True, min_width=first, overflow="fold")
        elif header == wrap:
            t.add_column(header, overflow="fold", ratio=1)
        else:
            t.add_column(header, no_wrap=True)
    for row in rows:
        t.add_row(*[row[k] for k in keep])
    return t


def claims_table(console: Console, results: list[ClaimResult]) -> Table:
    rows = []
    for r in results:
        ev = r.evidence
        counts = [sum(s.verdict == v for s in r.sources) for v in SOURCE_VERDICTS]
        rows.append([r.id, Text(ev.verdict, style=STYLE.get(ev.verdict, "")),
                     "/".join(map(str, counts)) if r.sources else "-", _method(ev),
                     str(ev.trials or ""), f"{getattr(r, 'seconds', ev.seconds):.2f}"])
    columns = [("id", False), ("verdict", False), ("sheets h/r/u", False), ("method", True),
               ("trials", True), ("s", True)]
    return fitted_table(console, "Claims", columns, rows,
                        caption="sheets h/r/u: sheet lines that hold / are refuted / "
                                "stay undecided")


def sheets_table(console: Console, results: list[ClaimResult]) -> Table:
    """Per sheet: how many of its lines hold, are refuted, stay undecided."""
    counts: dict[str, list[int]] = {}
    for r in results:
        for s in r.sources:
            counts.setdefault(s.sheet, [0, 0, 0])[SOURCE_VERDICTS.index(s.verdict)] += 1
    rows = [[sheet, *map(str, c), str(sum(c))] for sheet, c in sorted(counts.items())]
    if len(rows) > 1:
        total = [sum(int(row[k]) for row in rows) for k in range(1, 5)]
        rows.append(["all sheets", *map(str, total)])
    columns = [("sheet", False), ("holds", False), ("refuted", False), ("undecided", False),
               ("lines", True)]
    return fitted_table(console, "By sheet", columns, rows)


# -- findings ---------------------------------------------------------------------------------

def display_names(decls) -> dict:
    """The declared names people read differently (``lambda`` -> ``λ``, ``mu_hat`` -> ``μ̂``),
    for ``counterexample_lines(rename=...)``."""
    from cheatsheet.symbols import display_name

    out = {}
    for d in decls:
        shown = display_name(d.name)
        if shown != d.name:
            out[d.name] = shown
    return out


def _renames(results, claims) -> list[tuple[dict, list[dict]]]:
    """For each result: the display names of the claim's symbols, and of each source's."""
    by_id = {c.id: c for c in claims or []}
    out = []
    for r in results:
        claim = by_id.get(r.id)
        if claim is None:
            out.append(({}, [{} for _ in r.sources]))
            continue
        base = display_names(claim.declarations)
        srcs = {(s.sheet, s.line, s.latex): s for s in claim.sources}
        per = []
        for s in r.sources:
            src = srcs.get((s.sheet, s.line, s.latex))
            try:
                per.append(display_names(claim.declarations_for(src)) if src else base)
            except Exception:  # noqa: BLE001 - a declaration error is reported by the check
                per.append(base)
        out.append((base, per))
    return out


def _print_lines(console: Console, lines, pad: str = "   ") -> None:
    for line in lines:
        console.print(pad + line, markup=False, highlight=False)


def _finding(console: Console, r: ClaimResult, s, words: str, rename: dict) -> None:
    console.print(Text(f"• {s.sheet}:{s.line}  ", style="bold red") + Text(r.id, style="bold"),
                  highlight=False)
    console.print(f"   sheet:     {s.latex}", markup=False, highlight=False)
    if words:
        console.print(f"   also says: {words}", markup=False, highlight=False)
    console.print(f"   correct:   {r.latex}", markup=False, highlight=False)
    if s.note:
        console.print(f"   note:      {s.note}", markup=False, highlight=False)
    _print_lines(console, counterexample_lines(s.counterexample, rename))


def _undecided(console: Console, r: ClaimResult, s, words: str) -> None:
    console.print(Text(f"• {s.sheet}:{s.line}  ", style="yellow") + Text(r.id, style="bold"),
                  highlight=False)
    console.print(f"   sheet:     {s.latex}", markup=False, highlight=False)
    if words:
        console.print(f"   also says: {words}", markup=False, highlight=False)
    reason = plain_reason(s.evidence) if s.evidence is not None else ""
    console.print(f"   why:       {reason or s.note or 'no reason given'}", markup=False,
                  highlight=False)


def print_report(console: Console, results: list[ClaimResult], summary: dict,
                 findings: bool = True, undecided: bool = False, claims=None) -> None:
    """The claims table, the claims that do not hold, then (``findings``) every refuted sheet
    line with its counterexample, (``undecided``) every undecided line with its reason, and a
    table by sheet; the summary last.  ``claims`` (the Claim objects) lets a finding show the
    words of its line that the reading relies on."""
    console.print(claims_table(console, results))
    renames = _renames(results, claims)
    for r, (rename, _) in zip(results, renames):
        if r.verdict in ("proved", "passed"):
            continue
        console.print(Text(f"✗ {r.id}: {r.verdict} ({_method(r.evidence)})",
                           style=STYLE.get(r.verdict, "")), highlight=False)
        reason = plain_reason(r.evidence)
        if reason:
            console.print(f"   {reason}", markup=False, highlight=False)
        _print_lines(console, counterexample_lines(r.evidence.counterexample, rename))
    words = _words_by_result(results, claims) if claims is not None else [
        [""] * len(r.sources) for r in results]
    if findings:
        refuted = [(r, s, w, rn) for r, ws, (_, rns) in zip(results, words, renames)
                   for s, w, rn in zip(r.sources, ws, rns) if s.verdict == "refuted"]
        if refuted:
            console.print(Text(f"\nFindings: {len(refuted)} sheet line(s) refuted",
                               style="bold"))
        for r, s, w, rn in refuted:
            _finding(console, r, s, w, rn)
    if undecided:
        open_ = [(r, s, w) for r, ws in zip(results, words) for s, w in zip(r.sources, ws)
                 if s.verdict == "undecided"]
        console.print(Text(f"\nUndecided: {len(open_)} sheet line(s)", style="bold"))
        for r, s, w in open_:
            _undecided(console, r, s, w)
    if (findings or undecided) and any(r.sources for r in results):
        console.print()
        console.print(sheets_table(console, results))
    s = summary
    console.print(
        f"\n{s['claims']} claims: {s['proved']} proved, {s['passed']} passed, "
        f"{s['refuted']} refuted, {s.get('undecided', 0)} undecided, {s['error']} error, "
        f"{s['timeout']} timeout · {s['source_versions']} sheet lines: "
        f"{s['source_holds']} hold, {s['source_refuted']} refuted, "
        f"{s['source_undecided']} undecided · {s['seconds']} s",
        markup=False, highlight=False)
