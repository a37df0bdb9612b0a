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

The user may override that rating (speed alone cannot tell a lucky guess from knowledge):
Anki's 1 Again, 2 Hard, 3 Good, 4 Easy, or ``g`` "I guessed", which is rated Again whether the
guess was right or not: a card you could not answer without guessing is one you do not know
yet, so it comes back soon (Anki's advice for a guess, too).  A right answer rated Again still
counts as right in the accuracy figures.
"""
from __future__ import annotations

import functools
import zlib
from datetime import datetime, timezone

FAST = {"compute": 20.0, "default": 6.0}
SLOW = {"compute": 120.0, "default": 30.0}


AGAIN = 1  # fsrs.Rating.Again (an IntEnum), without importing fsrs
GUESSED = "guessed"
# words a user may type (plain mode) or keys they may press (the app) to rate an answer
RATING_WORDS = {"1": 1, "again": 1, "2": 2, "hard": 2, "3": 3, "good": 3, "4": 4, "easy": 4,
                "g": GUESSED, "guess": GUESSED, "guessed": GUESSED}
RATING_HELP = "1 again, 2 hard, 3 good, 4 easy, g guessed"


def parse_rating(word: str):
    """The user's rating choice for a word or key (``RATING_WORDS``), or None."""
    return RATING_WORDS.get(word.strip().lower())


def final_rating(auto, choice):
    """The rating stored: the automatic one unless the user chose one (``parse_rating``)."""
    from fsrs import Rating

    if choice is None:
        return auto
    return Rating.Again if choice == GUESSED else Rating(choice)


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
