"""One SQLite table of remembered rows (key, when written, value) in the user cache folder:
the proof outcomes (proofs.py) and the formulas' readings (parse_store.py) are kept the same
way. Rows not written again for ``STALE_DAYS`` go (an old engine's keys never match again).
Storage errors are ignored: a remembered row is only ever a shortcut."""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

STALE_DAYS = 30


class Remembered:
    """Rows by key: the ones found on disk (``known``) and the ones new in this process
    (``new``), which the runner's parent writes after the run."""

    def __init__(self, known: dict | None = None):
        self.known = dict(known or {})
        self.new: dict = {}

    def take_new(self) -> dict:
        out, self.new = self.new, {}
        return out


@dataclass(frozen=True)
class Table:
    file: str  # in the cache folder: proofs.sqlite
    name: str  # the table: proofs
    column: str  # the value's column and SQL type: "detail TEXT"
    kind: type  # what a value must be to count (str, bytes)

    def _connect(self, folder: Path) -> sqlite3.Connection:
        folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(folder / self.file, timeout=1.0, isolation_level=None)
        db.execute(f"CREATE TABLE IF NOT EXISTS {self.name} (key TEXT PRIMARY KEY, "
                   f"stamp REAL NOT NULL, {self.column} NOT NULL)")
        return db

    def read(self, folder: Path | None, prefix: str = "") -> dict:
        """Every row in ``folder``'s table whose key starts with ``prefix`` ({} when it cannot
        be read): an engine that prefixes its keys with its version loads only its own rows,
        not those other versions left for ``STALE_DAYS`` (a developer's cache held 1.4 GB of
        readings, all loaded by every run)."""
        if folder is None:
            return {}
        try:
            db = self._connect(folder)
            try:
                # (keys are printable ASCII: every key with the prefix sorts below prefix + "~")
                rows = db.execute(f"SELECT key, {self.column.split()[0]} FROM {self.name} "
                                  f"WHERE key >= ? AND key < ?",
                                  (prefix, prefix + "~")).fetchall()
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return {}
        return {k: v for k, v in rows if isinstance(k, str) and isinstance(v, self.kind)}

    def write(self, folder: Path | None, items: dict) -> None:
        """Add ``items`` in one transaction (a single writer: the runner's parent), and drop
        the rows gone stale."""
        if folder is None or not items:
            return
        now = time.time()
        try:
            db = self._connect(folder)
            try:
                db.execute("BEGIN")
                db.executemany(f"INSERT OR REPLACE INTO {self.name} VALUES (?, ?, ?)",
                               [(k, now, v) for k, v in items.items()])
                db.execute(f"DELETE FROM {self.name} WHERE stamp < ?",
                           (now - STALE_DAYS * 86400,))
                db.execute("COMMIT")
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            pass
