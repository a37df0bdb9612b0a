"""The pages: an audit of sheets, the whole verification, and one claim or finding alone
(what a notebook shows). Each builds plain context for its template; typesetting and the
shared pieces are in mathml.py and render.py."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from .mathml import typeset_all
from .render import counterexample, render


# -- audit ------------------------------------------------------------------------------------

def audit_page(result, title: str | None = None) -> str:
    """``result``: an AuditResult (verify/audit/run.py). Every formula of each sheet in line
    order, its verdict, and for a wrong one the right form and a counterexample."""
    typeset_all([f.latex for f in result.findings] +
                [f.expected for f in result.findings if f.expected])
    sheets = []
    for name in result.files or sorted({f.file for f in result.findings}):
        found = sorted((f for f in result.findings if f.file == name), key=lambda f: f.line)
        sheets.append({"name": name, "findings": [(f, counterexample(f.counterexample))
                                                  for f in found]})
    title = title or ", ".join(os.path.basename(s["name"]) for s in sheets) or "no sheet"
    return render("audit.html.j2", title=title, s=result.summary(), sheets=sheets)


def finding_fragment(finding) -> str:
    return render("fragment.html.j2", claim=None, finding=finding,
                  cx=counterexample(finding.counterexample))


# -- claims -----------------------------------------------------------------------------------

@dataclass
class ClaimView:
    """What a claim card shows; built from a Claim, its result, or both."""
    id: str
    title: str
    latex: str
    verdict: str = ""
    evidence: str = ""
    cx: object = None
    legend: str = ""
    assume: list = field(default_factory=list)
    note: str = ""
    sources: list = field(default_factory=list)

    @property
    def tags(self) -> str:
        tags = [self.verdict or "unverified"]
        if any(s["verdict"] == "refuted" for s in self.sources):
            tags.append("line-refuted")
        if any(s["verdict"] == "undecided" for s in self.sources):
            tags.append("line-undecided")
        if self.verdict and self.verdict not in ("proved", "passed"):
            tags.append("not-holding")
        return " ".join(tags)


def _evidence_words(ev) -> str:
    from cheatsheet.verify.explain import plain_reason
    from cheatsheet.verify.report import _method

    parts = [f"{ev.verdict} ({_method(ev)})", plain_reason(ev)]
    if ev.max_error is not None and ev.verdict in ("passed", "proved"):
        parts.append(f"largest difference {ev.max_error:.2g}")
    if ev.seed is not None:
        parts.append(f"seed {ev.seed}")
    return "; ".join(p for p in parts if p)


def _legend(claim) -> str:
    from cheatsheet.symbols import describe, display_name

    try:
        decls = [d for d in claim.declarations if d.kind != "index"]
        return "; ".join(f"{display_name(d.name)}: {describe(d)}" for d in decls)
    except Exception:  # noqa: BLE001 - a malformed declaration is the check's to report
        return ""


def claim_view(claim=None, result=None) -> ClaimView:
    """A card from a Claim (legend, assumptions, note, sheet versions as recorded) and/or its
    ClaimResult (verdict, evidence, each version's verdict and counterexample)."""
    from cheatsheet.verify.explain import plain_reason
    from cheatsheet.verify.report import display_names, words_text

    base = claim if claim is not None else result
    view = ClaimView(base.id, base.title, base.latex)
    rename = {}
    recorded = {}
    if claim is not None:
        view.legend, view.assume, view.note = _legend(claim), list(claim.assume), claim.note
        try:
            rename = display_names(claim.declarations)
        except Exception:  # noqa: BLE001
            rename = {}
        recorded = {(s.sheet, s.line, s.latex): s for s in claim.sources}
    if result is None:
        view.sources = [{"sheet": s.sheet, "line": s.line, "latex": s.latex, "verdict": "",
                         "words": words_text(s.words), "note": s.note, "why": "", "cx": None}
                        for s in claim.sources]
        return view
    ev = result.evidence
    view.verdict, view.evidence = ev.verdict, _evidence_words(ev)
    view.cx = counterexample(ev.counterexample, rename)
    for s in result.sources:
        src = recorded.get((s.sheet, s.line, s.latex))
        names = rename
        if src is not None and claim is not None:
            try:
                names = display_names(claim.declarations_for(src))
            except Exception:  # noqa: BLE001
                pass
        why = plain_reason(s.evidence) if s.verdict == "undecided" and s.evidence else ""
        view.sources.append({
            "sheet": s.sheet, "line": s.line, "latex": s.latex, "verdict": s.verdict,
            "words": words_text(getattr(src, "words", "")) if src else "", "note": s.note,
            "why": why, "cx": counterexample(s.counterexample, names)})
    return view


_EVIDENCE: dict = {}


def evidence_of(claim, seed: int = 0):
    """The claim's ClaimResult for a notebook, checked once per session (median 0.07 s,
    seconds for the slowest claims); a check that fails to run shows no evidence."""
    key = (claim.id, claim.latex, seed)
    if key not in _EVIDENCE:
        try:
            _EVIDENCE[key] = claim.verify(seed=seed)
        except Exception:  # noqa: BLE001 - the card then shows the claim as recorded
            _EVIDENCE[key] = None
    return _EVIDENCE[key]


def claim_fragment(claim=None, result=None) -> str:
    return render("fragment.html.j2", claim=claim_view(claim, result), finding=None, cx=None)


# -- verify -----------------------------------------------------------------------------------

def verify_page(results, summary: dict, claims=None, title: str = "Verification of the "
                "catalog") -> str:
    """``results``: ClaimResults in catalog order; ``claims`` (the Claim objects) add each
    card's legend and the words a sheet line's reading rests on. One section per topic."""
    by_id = {c.id: c for c in claims or []}
    typeset_all([r.latex for r in results] + [s.latex for r in results for s in r.sources])
    topics: dict[str, list[ClaimView]] = {}
    for r in results:
        topics.setdefault(r.topic, []).append(claim_view(by_id.get(r.id), r))
    views = [v for vs in topics.values() for v in vs]
    counts = {"refuted_lines": sum("line-refuted" in v.tags for v in views),
              "undecided_lines": sum("line-undecided" in v.tags for v in views),
              "not_holding": sum("not-holding" in v.tags for v in views)}
    per_sheet: dict[str, list[int]] = {}
    order = ("holds", "refuted", "undecided")
    for r in results:
        for s in r.sources:
            per_sheet.setdefault(s.sheet, [0, 0, 0])[order.index(s.verdict)] += 1
    return render("verify.html.j2", title=title, s={"undecided": 0, **summary},
                  topics=[{"name": t, "claims": vs} for t, vs in topics.items()],
                  counts=counts, by_sheet=sorted(per_sheet.items()))
