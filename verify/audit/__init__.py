"""``cheatsheet audit``: any sheet's formulas checked against the catalog, with no hand mapping.

read the sheet (cheatsheet.sheets) -> conventions in force at each formula -> candidate claims
(cheatsheet.match) -> decide (decide.py) -> findings (finding.py), reported by verify/report.
"""
from __future__ import annotations

from .finding import Finding

__all__ = ["Finding"]
