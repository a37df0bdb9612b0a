"""What `cheatsheet audit` prints: the wrong lines first, then (on request) the unchecked ones.

Plain text for people, wrapped to the terminal (80 columns when piped), and stable JSON for
tools. Counterexamples are described by verify/explain.py, the wording `verify` uses too.
"""
from __future__ import annotations

import json
import shutil
import textwrap

from ..report import _default as json_default  # numbers and arrays as JSON, one home
from .finding import Finding
from .run import AuditResult

INDENT = "   "


def to_json(result: AuditResult) -> str:
    return json.dumps({"summary": result.summary(),
                       "findings": [f.to_json() for f in result.findings]},
                      ensure_ascii=False, indent=1, default=json_default)


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((80, 24)).columns, 120))


def _wrap(label: str, text: str, width: int) -> list[str]:
    """``label text`` wrapped under itself, LaTeX broken only at spaces."""
    head = f"{INDENT}{label:<8} "
    return textwrap.wrap(text, width=width, initial_indent=head,
                         subsequent_indent=" " * len(head), break_long_words=True,
                         break_on_hyphens=False) or [head.rstrip()]


def counterexample_text(cx: dict | None) -> list[str]:
    """The counterexample in plain words (values in the sheet's symbols, both sides)."""
    if not cx:
        return []
    from ..explain import counterexample_lines

    return counterexample_lines({"instance": cx.get("values") or {}, "lhs": cx.get("left"),
                                 "rhs": cx.get("right"), **({"why": cx["why"]}
                                                             if cx.get("why") else {})})


def wrong_lines(f: Finding, width: int) -> list[str]:
    head = f"✗ {f.file}:{f.line}"
    claim = f"[{f.claim}]" if f.claim else ""
    # the place and the claim id are never cut: the id goes below when both do not fit
    out = [f"{head}  {claim}"] if claim and len(head) + 2 + len(claim) <= width else \
        [head] + ([INDENT + claim] if claim else [])
    out += _wrap("sheet:", f.quoted, width)
    if f.expected:
        out += _wrap("right:", f.expected, width)
    out += _wrap("why:", f.reason, width)
    cx = f.counterexample
    if cx and cx.get("why") and cx["why"] in f.reason and cx.get("left") is None:
        cx = None  # a scope or size refutation: the reason says it all, no values to show
    for line in counterexample_text(cx):
        out += textwrap.wrap(line, width=width, initial_indent=INDENT,
                             subsequent_indent=INDENT + "  ") or []
    return out


def unchecked_lines(f: Finding, width: int) -> list[str]:
    """The place (never cut), the formula shortened to what fits beside it, then why."""
    head = f"· {f.file}:{f.line}"
    room = min(40, width - len(head) - 2)
    if room >= 12:
        return [f"{head}  {_shorten(f.quoted, room)}"] + _wrap("", f.reason, width)
    return [head, INDENT + _shorten(f.quoted, min(40, width - len(INDENT)))] + \
        _wrap("", f.reason, width)


def _shorten(latex: str, room: int) -> str:
    return latex if len(latex) <= room else latex[:room - 1] + "…"


def partly_checked(findings) -> list[str]:
    """``file: lines`` where one formula is ok and another one, stating a relation, is
    unchecked: an ok there says nothing about the rest of the line, whose error may sit in
    the unread formula."""
    from cheatsheet.sheets.formulas import has_relation

    ok, open_ = set(), set()
    for f in findings:
        if f.verdict == "ok":
            ok.add((f.file, f.line))
        elif f.verdict == "unchecked" and has_relation(f.latex):
            open_.add((f.file, f.line))
    by_file: dict[str, list[int]] = {}
    for file, line in sorted(ok & open_):
        by_file.setdefault(file, []).append(line)
    return [f"{file}: line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}"
            for file, lines in by_file.items()]


def text(result: AuditResult, show_unchecked: bool = False, width: int | None = None) -> str:
    width = width or _width()
    out: list[str] = []
    wrong = [f for f in result.findings if f.verdict == "wrong"]
    for f in wrong:
        out += wrong_lines(f, width)
        out.append("")
    if show_unchecked:
        unchecked = [f for f in result.findings if f.verdict == "unchecked"]
        if unchecked:
            out.append(f"Unchecked ({len(unchecked)}), in line order:")
            for f in unchecked:
                out += unchecked_lines(f, width)
            out.append("")
    s = result.summary()
    files = f"{s['files']} sheet" + ("s" if s["files"] != 1 else "")
    summary = (f"{files}, {s['formulas']} formulas: {s['ok']} ok, {s['wrong']} wrong, "
               f"{s['unchecked']} unchecked · {s['seconds']} s")
    out += textwrap.wrap(summary, width=width)
    partly = partly_checked(result.findings)
    if partly:
        out += textwrap.wrap("Checked only in part (a formula there is ok, another formula "
                             "of the same line unchecked): " + "; ".join(partly), width=width)
    if s["unchecked"] and not show_unchecked:
        out.append("(--unchecked lists the unchecked formulas and why)")
    return "\n".join(out)
