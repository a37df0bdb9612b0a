"""Human and machine output of a verification run (rich tables; stable JSON)."""
from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .evidence import ClaimResult

STYLE = {"proved": "bold green", "passed": "green", "refuted": "bold red", "error": "yellow",
         "timeout": "magenta", "holds": "green", "undecided": "yellow"}


def to_json(results: list[ClaimResult], summary: dict) -> str:
    return json.dumps({"summary": summary, "claims": [r.to_json() for r in results]},
                      ensure_ascii=False, indent=1, default=_default)


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


def short(value, width: int = 60) -> str:
    s = json.dumps(value, ensure_ascii=False, default=_default)
    return s if len(s) <= width else s[: width - 1] + "…"


def counterexample_lines(cx: dict | None) -> list[str]:
    if not cx:
        return []
    lines = []
    if cx.get("why"):
        lines.append(f"why: {cx['why']}")
    inst = cx.get("instance") or {}
    if inst:
        lines.append("at " + ", ".join(f"{k} = {short(v, 70)}" for k, v in inst.items()))
    if "lhs" in cx or "rhs" in cx:
        lines.append(f"left side = {short(cx.get('lhs'))}, right side = {short(cx.get('rhs'))}")
    for k, v in cx.items():
        if k not in {"why", "instance", "lhs", "rhs", "relation", "seed"}:
            lines.append(f"{k}: {short(v, 90)}")
    if cx.get("seed") is not None:
        lines.append(f"(seed {cx['seed']}; rerun with --seed {cx['seed']} to reproduce)")
    return lines


def claims_table(results: list[ClaimResult]) -> Table:
    t = Table(title="Claims", show_lines=False, expand=False)
    for col in ("id", "verdict", "method", "trials", "sheets: holds/refuted/undecided", "s"):
        t.add_column(col, no_wrap=col in ("id", "verdict"))
    for r in results:
        ev = r.evidence
        h = sum(s.verdict == "holds" for s in r.sources)
        f = sum(s.verdict == "refuted" for s in r.sources)
        u = sum(s.verdict == "undecided" for s in r.sources)
        t.add_row(r.id, Text(ev.verdict, style=STYLE[ev.verdict]), ev.method,
                  str(ev.trials or ""), f"{h}/{f}/{u}" if r.sources else "-",
                  f"{getattr(r, 'seconds', ev.seconds):.2f}")
    return t


def print_report(console: Console, results: list[ClaimResult], summary: dict,
                 findings: bool = True) -> None:
    console.print(claims_table(results))
    bad = [r for r in results if r.verdict not in ("proved", "passed")]
    for r in bad:
        console.print(Text(f"✗ {r.id}: {r.verdict} ({r.evidence.method})", style=STYLE[r.verdict]))
        if r.evidence.detail:
            console.print(f"   {r.evidence.detail}", markup=False)
        for line in counterexample_lines(r.evidence.counterexample):
            console.print(f"   {line}", markup=False)
    if findings:
        refuted = [(r, s) for r in results for s in r.sources if s.verdict == "refuted"]
        if refuted:
            console.print(Text(f"\nFindings: {len(refuted)} source version(s) refuted",
                               style="bold"))
        for r, s in refuted:
            console.print(Text(f"• {s.sheet}:{s.line}  [{r.id}]", style="bold red"))
            console.print(f"   sheet:   {s.latex}", markup=False)
            console.print(f"   correct: {r.latex}", markup=False)
            if s.note:
                console.print(f"   note:    {s.note}", markup=False)
            for line in counterexample_lines(s.counterexample):
                console.print(f"   {line}", markup=False)
    s = summary
    console.print(
        f"\n{s['claims']} claims: {s['proved']} proved, {s['passed']} passed, "
        f"{s['refuted']} refuted, {s['error']} error, {s['timeout']} timeout · "
        f"{s['source_versions']} source versions: {s['source_holds']} hold, "
        f"{s['source_refuted']} refuted, {s['source_undecided']} undecided · {s['seconds']} s",
        markup=False)
