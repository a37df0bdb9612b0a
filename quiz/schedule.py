"""Spaced repetition with FSRS (the ``fsrs`` package): one card per claim and question kind.

Rating from the answer and the time taken to give it:

=========================  ==========================================================
wrong (or unreadable)      Again
right, slower than SLOW    Hard
right, faster than FAST    Easy
right otherwise            Good
=========================  ==========================================================

FAST / SLOW are 6 s / 30 s for the multiple-choice kinds and 20 s / 120 s for compute questions
(reading a worked example and typing a number takes longer).  Fuzzing of intervals is off so
that a session with ``--seed`` and a given clock schedules identically.
"""
from __future__ import annotations

import functools
import zlib
from datetime import datetime, timezone

FAST = {"compute": 20.0, "default": 6.0}
SLOW = {"compute": 120.0, "default": 30.0}


def rating(correct: bool, seconds: float, kind: str):
    from fsrs import Rating

    if not correct:
        return Rating.Again
    fast = FAST.get(kind, FAST["default"])
    slow = SLOW.get(kind, SLOW["default"])
    if seconds > slow:
        return Rating.Hard
    if seconds < fast:
        return Rating.Easy
    return Rating.Good


@functools.lru_cache(maxsize=1)
def scheduler():
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=False)


def now() -> datetime:
    return datetime.now(timezone.utc)


def new_card(card: str):
    from fsrs import Card

    return Card(card_id=zlib.crc32(card.encode()) or 1)


def review(state_json: str | None, card: str, rate, when: datetime | None = None):
    """(new state as JSON, due datetime) after reviewing ``card`` with rating ``rate``."""
    from fsrs import Card

    c = Card.from_json(state_json) if state_json else new_card(card)
    c, _log = scheduler().review_card(c, rate, review_datetime=when or now())
    return c.to_json(), c.due
