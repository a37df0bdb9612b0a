"""One finding per formula of a sheet: ok, wrong or unchecked, with what backs it.

The JSON shape is stable (other tools read it): ``file`` as given on the command line, ``line``
1-based where the formula starts, ``claim``/``expected``/``counterexample`` null where they do not
apply. ``counterexample`` gives the values in the sheet's own symbols and both sides.
"""
from __future__ import annotations

from dataclasses import dataclass, field

VERDICTS = ("ok", "wrong", "unchecked")


@dataclass
class Finding:
    file: str
    line: int
    latex: str
    verdict: str  # ok | wrong | unchecked
    reason: str  # one line in plain words
    claim: str | None = None
    expected: str | None = None  # the right form, in the sheet's symbols where they map
    counterexample: dict | None = None  # {"values": {...}, "left": ..., "right": ...}
    method: str = ""  # which check decided: symbolic, numeric, custom:..., generic ...
    candidates: list[str] = field(default_factory=list)  # claims considered (ambiguity)
    seconds: float = 0.0
    written: str = ""  # as the student wrote it, where the sheet's own macros changed it
    # (sheet letter, claim letter) pairs an ok line was read with renamed (notation.py);
    # internal, not in the JSON
    renamed: tuple = ()
    # (claim, renamed pairs) of the claims an ok line was also read as and failed, each in
    # its own reading (bound_letters.py); internal, not in the JSON
    failed: tuple = ()
    # letters an ok line read as the claim's very letters (notation.py), internal too
    kept: tuple = ()
    # (claim letter, its declared size, sheet letter) of the matrices an ok line pins
    # (notation.py), internal too
    pinned: tuple = ()

    @property
    def quoted(self) -> str:
        """The formula as the sheet shows it (its macros unexpanded): what a report quotes."""
        return self.written or self.latex

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown audit verdict {self.verdict!r}")

    def _repr_html_(self) -> str:
        """Jupyter: the formula typeset with its verdict, the right form and the
        counterexample."""
        from cheatsheet.html import finding_fragment

        return finding_fragment(self)

    def _repr_latex_(self) -> str:
        return f"${self.latex}$"

    def to_json(self) -> dict:
        return {"file": self.file, "line": self.line, "latex": self.latex,
                "verdict": self.verdict, "claim": self.claim, "reason": self.reason,
                "expected": self.expected, "counterexample": self.counterexample}
