"""Quiz progress in SQLite: one row per card (its FSRS state and due time), one per answer.

- Schema version in ``PRAGMA user_version`` (SCHEMA_VERSION); the file is marked as ours with
  ``PRAGMA application_id``.
- Every answer is committed in its own transaction when given (synchronous=FULL), so killing
  the process loses at most the question on screen.
- A file that is not SQLite, fails ``PRAGMA quick_check``, or is somebody else's database is
  never overwritten silently: it is copied aside to ``<name>.corrupt-<timestamp>``, the copy is
  reported (``Store.notice``), and a fresh database is started.  A file from a newer version of
  the quiz is refused (StoreError) and left alone.
- A directory, or a path where nothing can be written, raises StoreError (exit status 2).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

SCHEMA_VERSION = 1
APPLICATION_ID = 0x43534851  # "CSHQ": cheatsheet quiz
HEADER = b"SQLite format 3\x00"

SCHEMA = """
CREATE TABLE cards (
    card TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    topic TEXT NOT NULL,
    state TEXT NOT NULL,          -- fsrs.Card.to_json()
    due_ts REAL NOT NULL,         -- seconds since the epoch (UTC)
    reps INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ts REAL NOT NULL,
    card TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    topic TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL,
    seconds REAL NOT NULL,
    rating INTEGER NOT NULL,
    session TEXT NOT NULL
);
CREATE INDEX reviews_card ON reviews(card);
"""


class StoreError(Exception):
    """The database cannot be used (a directory, unwritable, from a newer version)."""


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("cheatsheet", appauthor=False)) / "quiz.sqlite3"


def _problem(path: Path) -> str | None:
    """Why an existing non-empty file is not a usable quiz database (None if it is)."""
    with open(path, "rb") as fh:
        head = fh.read(len(HEADER))
    if head != HEADER:
        return "not an SQLite database"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            app = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            check = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"unreadable SQLite file ({exc})"
    if check != "ok":
        return f"corrupt SQLite file ({check})"
    if app == 0 and not tables:
        return None  # an empty database: ours to initialise
    if app != APPLICATION_ID:
        return "an SQLite database of another program"
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} was written by a newer version of the quiz (schema "
                         f"{version}, this one reads {SCHEMA_VERSION}); it is left untouched")
    if not {"cards", "reviews"} <= tables:
        return "a quiz database with missing tables"
    return None


class Store:
    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.notice = ""  # what happened to a corrupt or foreign file, for the user
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory; --db needs a file path")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.path.parent}: {exc.strerror or exc}") from None
        if self.path.exists() and self.path.stat().st_size > 0:
            try:
                why = _problem(self.path)
            except OSError as exc:
                raise StoreError(f"cannot read {self.path}: {exc.strerror or exc}") from None
            if why:
                self._set_aside(why)
        try:
            self.con = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            self.con.execute("PRAGMA synchronous = FULL")
            self._init()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the quiz database {self.path}: {exc}") from None

    def _set_aside(self, why: str):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            shutil.copy2(self.path, aside)
            if aside.stat().st_size != self.path.stat().st_size:
                raise OSError("incomplete copy")
            self.path.unlink()
            for suffix in ("-journal", "-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.unlink()
        except OSError as exc:
            raise StoreError(f"{self.path} is {why}, and it could not be set aside "
                             f"({exc}); it is left untouched") from None
        self.notice = (f"{self.path} was {why}; it is kept as {aside} and a new quiz "
                       f"database is started.")

    def _init(self):
        version = self.con.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self.con.executescript("BEGIN IMMEDIATE;\n" + SCHEMA
                                   + f"\nPRAGMA application_id = {APPLICATION_ID};"
                                   + f"\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")

    def close(self):
        self.con.close()

    # -- writing ----------------------------------------------------------------------------
    def record(self, *, card: str, claim_id: str, kind: str, topic: str, question: str,
               answer: str, correct: bool, seconds: float, rating: int, state: str,
               due: datetime, session: str, at: float | None = None):
        """One answer and the card's new state, committed together before returning."""
        at = time.time() if at is None else at
        due_ts = due.timestamp()
        lapse = 0 if correct else 1
        with self.con:
            self.con.execute("BEGIN IMMEDIATE")
            self.con.execute(
                "INSERT INTO reviews (at_ts, card, claim_id, kind, topic, question, answer,"
                " correct, seconds, rating, session) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (at, card, claim_id, kind, topic, question, answer, int(correct), seconds,
                 int(rating), session))
            self.con.execute(
                "INSERT INTO cards (card, claim_id, kind, topic, state, due_ts, reps, lapses)"
                " VALUES (?,?,?,?,?,?,1,?) ON CONFLICT(card) DO UPDATE SET state = excluded.state,"
                " due_ts = excluded.due_ts, topic = excluded.topic, reps = reps + 1,"
                " lapses = lapses + excluded.lapses",
                (card, claim_id, kind, topic, state, due_ts, lapse))
        # leaving `with con` commits the explicit transaction (or rolls it back on error)

    # -- reading ----------------------------------------------------------------------------
    def states(self) -> dict[str, tuple[str, float]]:
        return {r[0]: (r[1], r[2]) for r in self.con.execute(
            "SELECT card, state, due_ts FROM cards")}

    def reviews(self) -> list[dict]:
        cur = self.con.execute("SELECT * FROM reviews ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur]

    def stats(self, now_ts: float | None = None) -> dict:
        now_ts = time.time() if now_ts is None else now_ts
        q = self.con.execute
        reviews = q("SELECT COUNT(*) FROM reviews").fetchone()[0]
        cards = q("SELECT COUNT(*) FROM cards").fetchone()[0]
        due = q("SELECT COUNT(*) FROM cards WHERE due_ts <= ?", (now_ts,)).fetchone()[0]
        nxt = q("SELECT MIN(due_ts) FROM cards WHERE due_ts > ?", (now_ts,)).fetchone()[0]
        by_topic: dict[str, dict] = {}
        for topic, n, right in q("SELECT topic, COUNT(*), SUM(correct) FROM reviews "
                                 "GROUP BY topic ORDER BY topic"):
            by_topic[topic] = {"reviews": n, "correct": right or 0,
                               "accuracy": round((right or 0) / n, 4) if n else None}
        for topic, n, d in q("SELECT topic, COUNT(*), SUM(due_ts <= ?) FROM cards "
                             "GROUP BY topic", (now_ts,)):
            by_topic.setdefault(topic, {"reviews": 0, "correct": 0, "accuracy": None})
            by_topic[topic].update(cards=n, due=d or 0)
        by_kind = {k: {"reviews": n, "correct": r or 0,
                       "accuracy": round((r or 0) / n, 4) if n else None}
                   for k, n, r in q("SELECT kind, COUNT(*), SUM(correct) FROM reviews "
                                    "GROUP BY kind ORDER BY kind")}
        right = q("SELECT SUM(correct) FROM reviews").fetchone()[0] or 0
        return {"reviews": reviews, "cards": cards, "due": due,
                "accuracy": round(right / reviews, 4) if reviews else None,
                "by_topic": by_topic, "by_kind": by_kind,
                "next_due": (datetime.fromtimestamp(nxt, timezone.utc).isoformat()
                             if nxt else None),
                "db": str(self.path)}
