"""One quiz session, shared by the Textual app and plain mode.

Order: cards due now (earliest first), then new cards (never answered) in an order shuffled by
the seed; cards answered before and not yet due are left alone.  At most ``count`` questions.

Questions are built when their card comes up, never up front.  The first question is the first
card in that order that can be built without a checker call, so that it appears before SymPy
and the checkers are even imported: a compute question, "holds or typo?" (the canonical form or,
just as often, a wrong variant the catalog tests guarantee is refuted) or "pick" among such
variants; only gaps (automatic mutations, refuted only by a check) are passed over.  A card
skipped for that reason stays in its place for the next question, and a due card is only ever
passed over for another due card, so due cards still come first.  The checker then refutes the
first question's variants in the background while it is read (``prefetch`` does that first),
and their counterexamples complete its explanation (``Outcome.complete``).

``prefetch()`` builds the next question ahead (the app calls it from a worker thread while a
question or its feedback is on screen).  The answer path has priority over it: ``hold()``
stops background checks from starting until ``release()`` (the app holds from the key press
until the feedback is painted), see ``mutate.GATE``.

A card answered wrong (rated Again) comes back in the same session, as spaced-repetition users
expect: a fresh question of the same card is asked after ``AGAIN_GAP`` other questions, at most
``MAX_AGAIN`` times per ``AGAIN_PER`` questions of ``--count`` (once in a session of 10: a
card that keeps coming back crowds out the rest).  ``--count`` stays the most questions a session asks: the
comeback takes the place of a new card, or of a question the selection lacked (a small
selection grows by the comebacks, up to ``--count``); one that would fall after the last
question is left to FSRS, which makes the card due again within minutes.  "Wrong" here means
rated Again, which includes a right answer the user says was a guess.

The rating is automatic (``schedule.rating``) unless the user gives one: with the answer
(plain mode, ``answer(choice=...)``) or after seeing the feedback (the app, ``rerate``), which
rewrites the stored review and recomputes the card from its state before that answer.

Every answer is committed as it is given.  If the database refuses a write mid-session (made
read-only, disk full, locked), the answer is kept in memory, the user is told
(``Outcome.warning``), and the write is retried with every later answer; ``finish`` tries
once more at the end and otherwise writes what is left to a JSON file, so nothing is lost
silently.
"""
from __future__ import annotations

import random
import sqlite3
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field

from . import dates, mutate, schedule
from .questions import Bank, CardRef, Question
from .store import StoreError

AGAIN_GAP = 3  # a card answered wrong comes back after this many other questions
MAX_AGAIN = 1  # ... at most this many times
AGAIN_PER = 10  # ... per this many questions of the session (--count)


@dataclass
class Outcome:
    correct: bool
    rating: str  # the rating stored (Again, Hard, Good, Easy)
    right: str  # the right answer, as shown
    explanation: str
    due: object  # datetime of the card's next review
    question: Question | None = None
    auto: str = ""  # the automatic rating, when the user chose another
    warning: str = ""  # why the answer is not saved yet (the database cannot be written)
    # for ``Session.rerate``: the card's state before this answer, when it was given, the
    # stored row (its id once written)
    _prev: str | None = field(default=None, repr=False)
    _at: object = field(default=None, repr=False)
    _row: dict = field(default_factory=dict, repr=False)
    _again: tuple | None = field(default=None, repr=False)

    @property
    def saved(self) -> bool:
        return not self.warning

    @property
    def pending(self) -> bool:
        """The explanation still waits for the checker (the session's first question)."""
        return self.question is not None and self.question.pending

    def complete(self) -> str:
        """The full explanation (blocks while the background check finishes)."""
        if self.question is not None and self.question.pending:
            self.explanation = self.question.complete()
        return self.explanation

    def rating_line(self) -> str:
        """``Easy · due 2026-12-12 09:30 (in 8 days)``, saying whose rating it is."""
        who = f", yours (automatic {self.auto})" if self.auto else ""
        return f"{self.rating}{who} · due {dates.when(self.due)}"


class Session:
    def __init__(self, bank: Bank, store, *, seed: int | None = None, count: int = 20,
                 now_ts: float | None = None):
        self.bank, self.store = bank, store
        self.seed = seed if seed is not None else random.randrange(2**31)
        self.id = uuid.uuid4().hex[:12]
        now_ts = time.time() if now_ts is None else now_ts
        states = store.states()
        cards = bank.cards()
        due = sorted((c for c in cards if c.card in states and states[c.card][1] <= now_ts),
                     key=lambda c: (states[c.card][1], c.card))
        new = [c for c in cards if c.card not in states]
        # random.Random(-3) is random.Random(3): a negative seed names its own order
        random.Random(self.seed if self.seed >= 0 else f"seed{self.seed}").shuffle(new)
        self.due_count = len(due)
        self.due_cards = {c.card for c in due}
        self.states = {k: v[0] for k, v in states.items()}
        self.pending: deque[CardRef] = deque(due + new)
        self.count = count
        self.total = min(count, len(self.pending))
        self.asked = 0
        self.results: list[tuple[Question, bool]] = []
        self._lock = threading.RLock()
        self._ready: Question | None = None
        self.current: Question | None = None  # the question on screen
        # cards answered wrong, waiting to come back: [question number due, CardRef]
        self._again: list[tuple[int, CardRef]] = []
        self._again_count: dict[str, int] = {}
        self.max_again = MAX_AGAIN * max(1, count // AGAIN_PER)
        self._again_lock = threading.Lock()  # answer() never waits for a build in progress
        # writes not done yet because the database refused them (oldest first); retried
        # with every answer and at the end (see ``answer`` and ``finish``)
        self._unsaved: deque = deque()
        self.save_error = ""

    # -- questions ----------------------------------------------------------------------------
    def _rng(self, ref: CardRef) -> random.Random:
        return random.Random(f"{self.seed}:{ref.card}:{self.asked}")

    def _take_again(self, number: int) -> CardRef | None:
        """A card answered wrong that is due back at question ``number`` (or any such card
        once nothing else is pending, or when the questions left are all comebacks)."""
        with self._again_lock:
            if not self._again:
                return None
            self._again.sort(key=lambda x: x[0])
            if (self._again[0][0] <= number or not self.pending
                    or self.total - self.asked <= len(self._again)):
                return self._again.pop(0)[1]
            return None

    def _build_next(self, cheap: bool) -> Question | None:
        number = self.asked + 1  # the question being built (prefetch builds the next one)
        while (ref := self._take_again(number)) is not None:
            q = self.bank.build(ref, self._rng(ref))
            if q is not None:
                return q
        if cheap and self.pending:
            # only among cards of the same standing as the head: due cards stay first
            head_due = self.pending[0].card in self.due_cards
            for ref in [r for r in self.pending if (r.card in self.due_cards) == head_due]:
                q = self.bank.build(ref, self._rng(ref), cheap=True)
                if q is not None:
                    self.pending.remove(ref)
                    return q
        while self.pending:
            ref = self.pending.popleft()
            q = self.bank.build(ref, self._rng(ref))
            if q is not None:
                return q
            # the card cannot make a question now (too few refuted variants): drop it
        while (ref := self._take_again(number)) is not None:  # nothing else is left
            q = self.bank.build(ref, self._rng(ref))
            if q is not None:
                return q
        return None

    def hold(self) -> None:
        """An answer is being processed: background checks wait (see ``mutate.GATE``)."""
        mutate.GATE.clear()

    def release(self) -> None:
        mutate.GATE.set()

    def prefetch(self) -> None:
        """Background work, in order: finish the checks of the question on screen (the first
        question's variants), then build the next question."""
        mutate.warm()
        current = self.current
        if current is not None and current.pending:
            current.complete()
        with self._lock:
            if self._ready is None and self.asked < self.total:
                self._ready = self._build_next(cheap=False)

    def next_question(self) -> Question | None:
        """The next question, or None when the session is over."""
        with self._lock:
            if self.asked >= self.total:
                return None
            q, self._ready = self._ready, None
            if q is None:
                q = self._build_next(cheap=self.asked == 0)
            if q is None:
                self.total = self.asked
                return None
            self.asked += 1
            self.current = q
            with self._again_lock:
                if not self.pending and not self._again and self.total > self.asked:
                    self.total = self.asked
            return q

    def _come_back(self, q: Question) -> tuple | None:
        """Re-queue a card answered wrong ``AGAIN_GAP`` questions later (see the docstring);
        what was queued, for ``_cancel_come_back``."""
        with self._again_lock:
            n = self._again_count.get(q.card, 0)
            due_at = self.asked + AGAIN_GAP + 1
            if n >= self.max_again:
                return None
            grew = False
            if due_at > self.total:
                if self.total >= self.count:
                    return None  # the session ends first: FSRS brings the card back
                self.total += 1  # the selection had fewer cards than --count: room to grow
                grew = True
            self._again_count[q.card] = n + 1
            entry = (due_at, CardRef(q.card, q.claim_id, q.kind, q.topic))
            self._again.append(entry)
            return entry, grew

    def _cancel_come_back(self, queued: tuple) -> None:
        entry, grew = queued
        with self._again_lock:
            if entry in self._again:
                self._again.remove(entry)
                self._again_count[entry[1].card] -= 1
                if grew:
                    self.total -= 1

    def progress(self) -> str:
        return f"question {self.asked} of {self.total} · due at start: {self.due_count}"

    # -- answers ------------------------------------------------------------------------------
    def answer(self, q: Question, text: str, seconds: float, choice=None) -> Outcome:
        """Score an answer (``text`` must parse: see Question.parse) and commit it.
        ``choice`` is the user's own rating (``schedule.parse_rating``); without one, the
        automatic rating from correctness and speed is stored."""
        parsed = q.parse(text)
        correct = q.is_correct(parsed)
        auto = schedule.rating(correct, seconds, q.kind)
        rate = schedule.final_rating(auto, choice)
        prev, at = self.states.get(q.card), schedule.now()
        state, due = schedule.review(prev, q.card, rate, at)
        row = dict(card=q.card, claim_id=q.claim_id, kind=q.kind, topic=q.topic,
                   question=q.id, answer=text.strip(), correct=correct,
                   seconds=round(seconds, 3), rating=int(rate), state=state, due=due,
                   session=self.id, at=at.timestamp())
        self.states[q.card] = state
        self.results.append((q, correct))
        out = Outcome(correct, rate.name, q.right_answer(), q.explanation, due, q,
                      auto=auto.name if rate != auto else "", _prev=prev, _at=at, _row=row)
        if rate == schedule.AGAIN:
            out._again = self._come_back(q)
        self._unsaved.append(("record", row, None))
        out.warning = self._flush()
        # never waits for the checker: a pending explanation is completed by the caller
        return out

    def rerate(self, out: Outcome, choice) -> Outcome:
        """The user's rating for the answer on screen replaces the stored one (still one
        review): the card's state is recomputed from its state before that answer."""
        q, row = out.question, out._row
        rate = schedule.final_rating(None, choice)
        old = row["rating"]
        if int(rate) == old:
            return out
        first = out.auto or out.rating  # the automatic rating
        state, due = schedule.review(out._prev, q.card, rate, out._at)
        row.update(rating=int(rate), state=state, due=due)
        self.states[q.card] = state
        out.rating, out.due = rate.name, due
        out.auto = first if rate.name != first else ""
        if rate == schedule.AGAIN and out._again is None:
            out._again = self._come_back(q)
        elif rate != schedule.AGAIN and out._again is not None:
            self._cancel_come_back(out._again)
            out._again = None
        if "id" in row:  # written already: rewrite it (a pending write carries the change)
            self._unsaved.append(("rerate", row, old))
        out.warning = self._flush()
        return out

    def _flush(self) -> str:
        """Write what waits, oldest first: '' when all is saved, else what the user must
        know (the answers stay in memory and are retried with the next answer)."""
        while self._unsaved:
            what, row, old = self._unsaved[0]
            try:
                if what == "record":
                    row["id"] = self.store.record(**{k: v for k, v in row.items()
                                                     if k != "id"})
                else:
                    self.store.rerate(row["id"], old_rating=old, rating=row["rating"],
                                      state=row["state"], due=row["due"])
            except StoreError as exc:
                self.save_error = str(exc)
                return (f"Not saved: {exc}.  {len(self._unsaved)} change(s) wait in memory "
                        f"and are retried with every answer.")
            self._unsaved.popleft()
        self.save_error = ""
        return ""

    @property
    def unsaved(self) -> int:
        return len(self._unsaved)

    def finish(self) -> list[str]:
        """At the end: one last try to write what waits.  If the database still refuses,
        the answers go to a JSON file next to it (or in the temporary folder) and the
        lines say where; [] when everything is saved."""
        if not self._flush():
            return []
        pending = [dict(row, due=row["due"].isoformat(), **({"replaces_rating": old}
                                                            if what == "rerate" else {}))
                   for what, row, old in self._unsaved]
        where = _write_recovery(self.store.path, pending)
        return [f"{len(pending)} answer(s) or rating(s) could not be saved: {self.save_error}.",
                f"They are kept in {where} (JSON)." if where else
                "They could not be written anywhere else either: they are lost."]

    # -- summary ------------------------------------------------------------------------------
    def summary(self) -> dict:
        by_topic: dict[str, list[int]] = {}
        for q, ok in self.results:
            t = by_topic.setdefault(q.topic, [0, 0])
            t[0] += ok
            t[1] += 1
        right = sum(ok for _, ok in self.results)
        try:
            stats = self.store.stats()
        except sqlite3.Error:  # the database went away mid-session: the counts still stand
            stats = {"next_due": None, "due": 0}
        return {"answered": len(self.results), "correct": right,
                "by_topic": {k: {"correct": a, "answered": n} for k, (a, n) in
                             sorted(by_topic.items())},
                "next_due": stats["next_due"], "due_now": stats["due"]}

    def summary_lines(self) -> list[str]:
        s = self.summary()
        if not s["answered"]:
            lines = ["No question answered."]
        else:
            lines = [f"Answered {s['answered']}, right {s['correct']} "
                     f"({s['correct'] / s['answered']:.0%})."]
            for topic, t in s["by_topic"].items():
                lines.append(f"  {topic:24s} {t['correct']}/{t['answered']}")
        if s["due_now"]:
            lines.append(f"Due now: {s['due_now']} card(s).")
        if s["next_due"]:
            lines.append(f"Next due: {dates.when(s['next_due'])}.")
        if self._unsaved:
            lines.append(f"Not saved yet: {len(self._unsaved)} change(s) ({self.save_error}).")
        return lines


def _write_recovery(db, rows: list[dict]):
    """Write ``rows`` as JSON beside the database, else in the temporary folder; the path,
    or None when nothing could be written."""
    import json
    import tempfile
    from datetime import datetime
    from pathlib import Path

    name = f"{Path(db).name}.unsaved-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    for folder in (Path(db).parent, Path(tempfile.gettempdir())):
        try:
            path = folder / name
            path.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
            return path
        except OSError:
            continue
    return None
