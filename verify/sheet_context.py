"""How the source sheets must be read where the catalog records their lines.

`verify` decides recorded sheet lines; the layout announced by the nearest heading (or both,
where the sheet leaves it open), superscript time indices and vertical bars lost in
transcription change what a line says. The sheets are not shipped, so scripts/sheet_context.py
derives these with cheatsheet.sheets (the same code `cheatsheet audit` reads sheets with) into
data/sheets/context.json; tests/test_sheet_context.py keeps that file in step with the sheets.
"""
from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from cheatsheet.sheets.conventions import LAYOUTS
from cheatsheet.sheets.habits import Habits


@dataclass(frozen=True)
class LineContext:
    layouts: tuple  # the layouts the line may defensibly be read in
    habits: Habits


@lru_cache(maxsize=1)
def _data() -> dict:
    try:
        text = resources.files("cheatsheet.data").joinpath("sheets/context.json").read_text(
            encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return json.loads(text)


def line_context(sheet: str, line: int) -> LineContext | None:
    """The context of a recorded line, or None for a sheet the file does not know."""
    ctx = _data().get(sheet)
    if ctx is None:
        return None
    runs = ctx["layouts"]
    k = bisect.bisect_right([r[0] for r in runs], line) - 1
    layouts = tuple(runs[k][2]) if k >= 0 and runs[k][0] <= line <= runs[k][1] else LAYOUTS
    habits = Habits(lost_bars=ctx.get("lost_bars", False),
                    superscript_index=frozenset(ctx.get("superscript_index", ())))
    return LineContext(layouts, habits)
