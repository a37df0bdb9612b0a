"""Dates for people: local time to the minute, with how far away it is.

``2026-12-04 16:29 (in 1 min)``.  Text output uses this everywhere; JSON output keeps ISO 8601
in UTC (``Store.stats``), which is for programs.
"""
from __future__ import annotations

from datetime import datetime, timezone


def _relative(seconds: float) -> str:
    ahead, s = seconds >= 0, abs(seconds)
    if s < 60 and not ahead:
        return "now"
    if s < 3600:
        n = f"{max(1, round(s / 60))} min"
    elif s < 2 * 86400:
        n = f"{round(s / 3600)} h"
    else:
        n = f"{round(s / 86400)} days"
    return f"in {n}" if ahead else f"{n} ago"


def when(t, now: datetime | None = None, relative: bool = True) -> str:
    """``t`` (an aware datetime, an ISO 8601 string or seconds since the epoch) in local
    time, e.g. ``2026-12-04 16:29 (in 1 min)``."""
    if isinstance(t, str):
        t = datetime.fromisoformat(t)
    elif isinstance(t, (int, float)):
        t = datetime.fromtimestamp(t, timezone.utc)
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    text = t.astimezone().strftime("%Y-%m-%d %H:%M")
    if not relative:
        return text
    now = now or datetime.now(timezone.utc)
    return f"{text} ({_relative((t - now).total_seconds())})"
