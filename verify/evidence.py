"""The record every check returns, and the JSON shape other tools read.

Claim verdicts: proved (SymPy), passed (no counterexample on the random instances), refuted (a
counterexample is attached), undecided (the formula cannot be decided, for the reason in
``detail``: see ``undecidable.py``), error (the check could not run), timeout (it ran out of time).
Source versions map those onto holds / refuted / undecided.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

VERDICTS = ("proved", "passed", "refuted", "undecided", "error", "timeout")
HOLDS = ("proved", "passed")


@dataclass
class Evidence:
    verdict: str
    method: str  # "symbolic", "numeric", "custom:<name>", or a combination like "symbolic+numeric"
    trials: int = 0
    seed: int | None = None
    max_error: float | None = None
    counterexample: dict | None = None
    detail: str = ""
    seconds: float = 0.0
    # a pass whose two sides were 0 in every trial (constancy.py): nothing was compared
    constant_sides: bool = False

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")

    @property
    def holds(self) -> bool:
        return self.verdict in HOLDS

    def to_json(self) -> dict:
        d = asdict(self)
        if not d["constant_sides"]:  # (said only where it is so: the record stays as it was)
            del d["constant_sides"]
        d["seconds"] = round(self.seconds, 4)
        if self.max_error is not None:
            d["max_error"] = float(f"{self.max_error:.3g}")
        return d


def source_verdict(ev: Evidence) -> str:
    """A source version holds, is refuted (only ever by a counterexample) or stays undecided."""
    if ev.holds:
        return "holds"
    if ev.verdict == "refuted" and ev.counterexample:
        return "refuted"
    return "undecided"


@dataclass
class SourceResult:
    sheet: str
    line: int
    latex: str
    verdict: str  # holds | refuted | undecided
    counterexample: dict | None = None
    note: str = ""
    evidence: Evidence | None = None

    def to_json(self) -> dict:
        return {"sheet": self.sheet, "line": self.line, "latex": self.latex,
                "verdict": self.verdict, "counterexample": self.counterexample,
                "note": self.note,
                "method": self.evidence.method if self.evidence else None}


@dataclass
class ClaimResult:
    id: str
    topic: str
    title: str
    latex: str
    evidence: Evidence
    sources: list[SourceResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def verdict(self) -> str:
        return self.evidence.verdict

    def to_json(self) -> dict:
        return {"id": self.id, "topic": self.topic, "title": self.title, "latex": self.latex,
                "verdict": self.evidence.verdict, "method": self.evidence.method,
                "evidence": self.evidence.to_json(),
                "sources": [s.to_json() for s in self.sources],
                "seconds": round(self.seconds, 4)}
