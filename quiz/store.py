"""Quiz progress in SQLite: one row per card (its FSRS state and due time), one per answer.

- Schema version in ``PRAGMA user_version`` (SCHEMA_VERSION); the file is marked as ours with
  ``PRAGMA application_id``.
- Every answer is committed in its own transaction when given (synchronous=FULL), so killing
  the process loses at most the question on screen.  A rating changed after the answer
  (``rerate``) rewrites that answer's row and the card's state; it is not a second review.
- ``--db`` may point anywhere, so a file is only ever changed when it is ours: a quiz
  database (our application_id, or our tables), or an empty file.  Ours but damaged (fails
  ``PRAGMA quick_check``, unreadable, tables missing, a wrecked header that still carries our
  application_id) is moved aside to ``<name>.corrupt-<timestamp>`` byte for byte, said so
  (``Store.notice``), and a fresh database is started.  Anything else (another program's
  SQLite file, a file that is not SQLite) is refused with StoreError and left untouched, as is
  a quiz database from a newer version.
- Opening for writing proves that a write goes through (a rolled-back transaction), so a
  read-only file or folder is refused before the first question, not at the first answer.
- ``readonly=True`` (``--stats``) opens with SQLite's read-only mode: it creates nothing, not
  even parent folders, and a missing file raises NoDatabase.
"""
from __future__ import annotations

import os
import sqlite3
import stat
import time
from datetime import datetime, timezone
from pathlib import Path

SCHEMA_VERSION = 1
APPLICATION_ID = 0x43534851  # "CSHQ": cheatsheet quiz
HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 10  # how long a write waits for another process holding the database

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
# what makes a set of tables ours when the application_id is missing
OUR_COLUMNS = {"cards": {"card", "state", "due_ts", "reps", "lapses"},
               "reviews": {"at_ts", "card", "question", "answer", "correct", "rating"}}


class StoreError(Exception):
    """The database cannot be used (a directory, unwritable, not ours, from a newer version)."""


class NoDatabase(StoreError):
    """``readonly`` on a path where no file exists (``--stats`` creates nothing)."""


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("cheatsheet", appauthor=False)) / "quiz.sqlite3"


def _ro_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"  # as_uri escapes '?' and '#' in names


def _header_is_ours(head: bytes) -> bool:
    """A 100-byte SQLite header that carries our application_id and is otherwise shaped
    like an SQLite header (fixed payload fractions 64/32/32), even if its magic string is
    wrecked: a damaged quiz database, not somebody's file that happens to hold 'CSHQ'."""
    return (len(head) >= 100 and int.from_bytes(head[68:72], "big") == APPLICATION_ID
            and head[21:24] == b"\x40\x20\x20")


def _is_our_schema(con) -> bool:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not set(OUR_COLUMNS) <= tables:
        return False
    return all(cols <= {r[1] for r in con.execute(f"PRAGMA table_info({t})")}
               for t, cols in OUR_COLUMNS.items())


def _inspect(path: Path) -> tuple[str, str]:
    """(verdict, why) for an existing non-empty file: ``ours`` (usable), ``damaged`` (ours,
    to be moved aside) or ``foreign`` (never touched).  Raises StoreError for a quiz
    database of a newer version."""
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head.startswith(HEADER):
        if _header_is_ours(head):
            return "damaged", "a damaged quiz database (its header is broken)"
        return "foreign", "not an SQLite file"
    app = int.from_bytes(head[68:72], "big")
    try:
        con = sqlite3.connect(_ro_uri(path), uri=True, timeout=BUSY_SECONDS)
        try:
            app = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if app not in (0, APPLICATION_ID):
                return "foreign", "an SQLite database of another program"
            ours = app == APPLICATION_ID or _is_our_schema(con)
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not ours:
                if app == 0 and not tables:
                    return "ours", ""  # an empty SQLite database: ours to initialise
                return "foreign", "an SQLite database of another program"
            check = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError as exc:  # locked, or unreadable now: not damage
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(f"{path} is in use by another program (another quiz session?); "
                             f"try again when it is done") from None
        raise StoreError(f"cannot read {path} ({exc})") from None
    except sqlite3.DatabaseError as exc:  # SQLite's own verdict: not a database, malformed
        if app == APPLICATION_ID:
            return "damaged", f"a damaged quiz database ({exc})"
        return "foreign", f"an SQLite file that is not a quiz database ({exc})"
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} was written by a newer version of the quiz (schema "
                         f"{version}, this one reads {SCHEMA_VERSION}); it is left untouched")
    if check != "ok":
        return "damaged", f"a damaged quiz database ({check})"
    if not set(OUR_COLUMNS) <= tables:
        return "damaged", "a quiz database with missing tables"
    return "ours", ""


def _refuse(path: Path, why: str) -> StoreError:
    return StoreError(f"{path} is not a quiz database ({why}); it is left untouched: "
                      f"choose another file with --db")


class Store:
    def __init__(self, path: str | os.PathLike | None = None, *, readonly: bool = False):
        self.path = Path(path) if path is not None else default_path()
        self.readonly = readonly
        self.notice = ""  # what happened to a damaged file of ours, for the user
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory; --db needs a file path")
        if self.path.exists() and not stat.S_ISREG(self.path.stat().st_mode):
            raise StoreError(f"{self.path} is not a regular file; --db needs a file path")
        if readonly:
            self._open_readonly()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.path.parent}: {exc.strerror or exc}") from None
        if self.path.exists() and self.path.stat().st_size > 0:
            verdict, why = self._inspect()
            if verdict == "foreign":
                raise _refuse(self.path, why)
            if verdict == "damaged":
                self._set_aside(why)
        try:
            self.con = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_SECONDS)
            self.con.execute("PRAGMA synchronous = FULL")
            self._init()
            self._probe()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise StoreError(f"{self.path} is in use by another program (another quiz "
                                 f"session?); try again when it is done") from None
            raise StoreError(f"cannot write to the quiz database {self.path} ({exc}); check "
                             f"that the file and its folder are writable, or choose another "
                             f"file with --db") from None
        except sqlite3.Error as exc:
            raise StoreError(f"cannot use the quiz database {self.path} ({exc})") from None

    def _inspect(self) -> tuple[str, str]:
        try:
            return _inspect(self.path)
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror or exc}") from None

    def _open_readonly(self) -> None:
        if not self.path.exists():
            raise NoDatabase(f"there is no quiz database at {self.path} (nothing was created)")
        if self.path.stat().st_size > 0:
            verdict, why = self._inspect()
            if verdict == "foreign":
                raise _refuse(self.path, why)
            if verdict == "damaged":
                raise StoreError(f"{self.path} is {why}; the quiz itself (without --stats) "
                                 f"moves it aside and starts a new database")
        try:
            self.con = sqlite3.connect(_ro_uri(self.path), uri=True, isolation_level=None)
            tables = {r[0] for r in self.con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path} ({exc})") from None
        if not set(OUR_COLUMNS) <= tables:  # an empty file: no progress yet, nothing written
            self.con.close()
            self.con = sqlite3.connect(":memory:", isolation_level=None)
            self.con.executescript(SCHEMA)

    def _set_aside(self, why: str):
        """Move a damaged database of ours (and its journal) aside, byte for byte."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            os.rename(self.path, aside)
        except OSError as exc:
            raise StoreError(f"{self.path} is {why}, and it could not be moved aside "
                             f"({exc.strerror or exc}); it is left untouched") from None
        for suffix in ("-journal", "-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                try:
                    os.rename(side, aside.with_name(aside.name + suffix))
                except OSError:
                    pass  # a stale journal cannot harm the new database's first write
        self.notice = (f"{self.path} was {why}; it is kept as {aside} and a new quiz "
                       f"database is started.")

    def _init(self):
        version = self.con.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self.con.executescript("BEGIN IMMEDIATE;\n" + SCHEMA
                                   + f"\nPRAGMA application_id = {APPLICATION_ID};"
                                   + f"\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")

    def _probe(self):
        """Prove a write goes through (it needs the file and, for the journal, its folder
        writable), without changing anything: rewrite the schema version and roll back."""
        try:
            self.con.execute("BEGIN IMMEDIATE")
            self.con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        finally:
            if self.con.in_transaction:
                self.con.execute("ROLLBACK")

    def close(self):
        self.con.close()

    # -- writing ----------------------------------------------------------------------------
    def _write(self, statements) -> int | None:
        """Run (sql, params) pairs in one transaction; the last row id.  sqlite3 errors
        (the file became read-only, the disk is full, a lock) become StoreError."""
        try:
            with self.con:
                self.con.execute("BEGIN IMMEDIATE")
                cur = None
                for sql, params in statements:
                    cur = self.con.execute(sql, params)
            # leaving `with con` commits the explicit transaction (or rolls it back on error)
            return cur.lastrowid if cur is not None else None
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to {self.path} ({exc})") from None

    def record(self, *, card: str, claim_id: str, kind: str, topic: str, question: str,
               answer: str, correct: bool, seconds: float, rating: int, state: str,
               due: datetime, session: str, at: float | None = None) -> int:
        """One answer and the card's new state, committed together before returning; the
        review's row id (for ``rerate``).  A lapse is an answer rated Again (1)."""
        at = time.time() if at is None else at
        return self._write([
            ("INSERT INTO reviews (at_ts, card, claim_id, kind, topic, question, answer,"
             " correct, seconds, rating, session) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
             (at, card, claim_id, kind, topic, question, answer, int(correct), seconds,
              int(rating), session)),
            ("INSERT INTO cards (card, claim_id, kind, topic, state, due_ts, reps, lapses)"
             " VALUES (?,?,?,?,?,?,1,?) ON CONFLICT(card) DO UPDATE SET state = excluded.state,"
             " due_ts = excluded.due_ts, topic = excluded.topic, reps = reps + 1,"
             " lapses = lapses + excluded.lapses",
             (card, claim_id, kind, topic, state, due.timestamp(), int(int(rating) == 1))),
        ])

    def rerate(self, review_id: int, *, old_rating: int, rating: int, state: str,
               due: datetime) -> None:
        """Replace the rating of a stored answer (the user overrode the automatic one) and
        the card state it led to: still one review."""
        lapse = int(int(rating) == 1) - int(int(old_rating) == 1)
        self._write([
            ("UPDATE reviews SET rating = ? WHERE id = ?", (int(rating), review_id)),
            ("UPDATE cards SET state = ?, due_ts = ?, lapses = lapses + ? WHERE card = "
             "(SELECT card FROM reviews WHERE id = ?)",
             (state, due.timestamp(), lapse, review_id)),
        ])

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
