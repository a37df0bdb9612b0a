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
``MAX_AGAIN`` times per session.  ``--count`` stays the most questions a session asks: the
comeback takes the place of a new card, or of a question the selection lacked (a small
selection grows by the comebacks, up to ``--count``); one that would fall after the last
question is left to FSRS, which makes the card due again within minutes.
"""
from __future__ import annotations

import random
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass

from . import mutate, schedule
from .questions import Bank, CardRef, Question

AGAIN_GAP = 3  # a card answered wrong comes back after this many other questions
MAX_AGAIN = 2  # ... at most this many times per session


@dataclass
class Outcome:
    correct: bool
    rating: str
    right: str  # the right answer, as shown
    explanation: str
    due: object  # datetime of the card's next review
    question: Question | None = None

    @property
    def pending(self) -> bool:
        """The explanation still waits for the checker (the session's first question)."""
        return self.question is not None and self.question.pending

    def complete(self) -> str:
        """The full explanation (blocks while the background check finishes)."""
        if self.question is not None and self.question.pending:
            self.explanation = self.question.complete()
        return self.explanation


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
        random.Random(self.seed).shuffle(new)
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
        self._again_lock = threading.Lock()  # answer() never waits for a build in progress

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

    def _come_back(self, q: Question) -> None:
        """Re-queue a card answered wrong ``AGAIN_GAP`` questions later (see the docstring)."""
        with self._again_lock:
            n = self._again_count.get(q.card, 0)
            due_at = self.asked + AGAIN_GAP + 1
            if n >= MAX_AGAIN:
                return
            if due_at > self.total:
                if self.total >= self.count:
                    return  # the session ends first: FSRS brings the card back
                self.total += 1  # the selection had fewer cards than --count: room to grow
            self._again_count[q.card] = n + 1
            self._again.append((due_at, CardRef(q.card, q.claim_id, q.kind, q.topic)))

    def progress(self) -> str:
        return f"question {self.asked} of {self.total} · due at start: {self.due_count}"

    # -- answers ------------------------------------------------------------------------------
    def answer(self, q: Question, text: str, seconds: float) -> Outcome:
        """Score an answer (``text`` must parse: see Question.parse) and commit it."""
        parsed = q.parse(text)
        correct = q.is_correct(parsed)
        rate = schedule.rating(correct, seconds, q.kind)
        state, due = schedule.review(self.states.get(q.card), q.card, rate)
        self.store.record(card=q.card, claim_id=q.claim_id, kind=q.kind, topic=q.topic,
                          question=q.id, answer=text.strip(), correct=correct,
                          seconds=round(seconds, 3), rating=int(rate), state=state, due=due,
                          session=self.id)
        self.states[q.card] = state
        self.results.append((q, correct))
        if not correct:
            self._come_back(q)
        # never waits for the checker: a pending explanation is completed by the caller
        return Outcome(correct, rate.name, q.right_answer(), q.explanation, due, q)

    # -- summary ------------------------------------------------------------------------------
    def summary(self) -> dict:
        by_topic: dict[str, list[int]] = {}
        for q, ok in self.results:
            t = by_topic.setdefault(q.topic, [0, 0])
            t[0] += ok
            t[1] += 1
        right = sum(ok for _, ok in self.results)
        stats = self.store.stats()
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
            lines.append(f"Next due: {_when(s['next_due'])}.")
        return lines


def _when(iso: str) -> str:
    from datetime import datetime, timezone

    t = datetime.fromisoformat(iso)
    delta = (t - datetime.now(timezone.utc)).total_seconds()
    if delta < 3600:
        rel = f"in {max(1, round(delta / 60))} min"
    elif delta < 86400 * 2:
        rel = f"in {delta / 3600:.0f} h"
    else:
        rel = f"in {delta / 86400:.0f} days"
    return f"{t.astimezone().strftime('%Y-%m-%d %H:%M')} ({rel})"
