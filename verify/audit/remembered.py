"""Findings and sheet readings remembered across audits (issue 12: the five sheets in <= 20 s).

Deciding a formula costs ~25 ms to 6 s of CPU; its finding is a function of what the decider is
given (the formula with the conventions, habits and file name in force where it stands:
``run.Job``) and of what the decider is: the catalog (every claim's content), the sheets left
out, the seed, the time limits and the engine (``verify/cache.py``: every file of cheatsheet/
and verify/, the sheets' context file, the libraries' versions).  The key covers all of them,
so an edited formula, claim or engine file misses and is decided afresh.  A sheet's reading
(its list of jobs) is a function of its bytes, its name and the engine alike.

Only findings the clock did not shape are kept: none where any time limit expired while the
formula was decided (``cache.expiries``: a proof cut short that gave way to trials, the
formula's own limit), none that ended in a failure of ours or in Python's recursion limit
(which depends on how deep the caller's stack already was).  A cold run and a run from these
rows give the same findings (tests/test_audit_remembered.py).  The rereadings bound_letters.py
asks for after both passes (a job, a claim, letters put otherwise: holds or refuted) are kept
the same way, under the same context.

Same folder and switches as the other stores (``CHEATSHEET_CACHE_DIR``, ``CHEATSHEET_NO_CACHE``);
storage errors only cost the work.  Rows not used for ``STALE_DAYS`` go, and the oldest beyond
``MAX_ROWS``: every engine edit makes new keys.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import sqlite3
import time
from pathlib import Path

from .. import copies

FORMAT = 1
FILE = "audit-findings.sqlite"
STALE_DAYS = 7
MAX_ROWS = 60000
# reasons of findings that depend on the machine or the caller, not on the formula
# (decide.Decider.decide; tests/test_audit_remembered.py keeps these in step with it)
_NOT_KEPT = ("no decision within", "the formula is nested too deeply",
             "the checker failed on this formula")
_PLAIN = (str, int, float, bool, type(None))


def digest(obj, memo: dict | None = None, fields_only: bool = False) -> str:
    """A digest of ``obj``'s whole content, the same in every process: plain objects by their
    attributes (dataclasses by their fields alone with ``fields_only``: a claim's values
    computed on first use are not its content), dicts in order, sets sorted (their order
    follows the process's string hashing).  Shared parts (a heading above many formulas) are
    digested once per ``memo``. TypeError for an object with no attributes to go by."""
    memo = {} if memo is None else memo
    if isinstance(obj, _PLAIN):
        return repr(obj)
    got = memo.get(id(obj))
    if got is not None:
        return got[0]
    if isinstance(obj, (list, tuple)):
        parts = [type(obj).__name__] + [digest(v, memo, fields_only) for v in obj]
    elif isinstance(obj, (set, frozenset)):
        parts = ["set"] + sorted(digest(v, memo, fields_only) for v in obj)
    elif isinstance(obj, dict):
        parts = ["dict"] + [f"{digest(k, memo, fields_only)}:{digest(v, memo, fields_only)}"
                            for k, v in obj.items()]
    else:
        attrs = None if fields_only else getattr(obj, "__dict__", None)
        if attrs is None and dataclasses.is_dataclass(obj):
            attrs = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        if attrs is None:
            raise TypeError(f"no content to digest in {type(obj).__name__}")
        parts = [f"{type(obj).__module__}.{type(obj).__qualname__}"] + [
            f"{k}:{digest(v, memo, fields_only)}" for k, v in attrs.items()]
    out = hashlib.blake2b("\0".join(parts).encode(), digest_size=20).hexdigest()
    memo[id(obj)] = (out, obj)  # (the object kept alive: its id stays its own)
    return out


def context(catalog, exclude_sheets, seed: int) -> str | None:
    """What every finding of one audit depends on besides its job (None when some claim's
    content cannot be digested)."""
    from ..cache import engine_version
    from . import decide

    h = hashlib.blake2b(f"audit findings {FORMAT}\n{engine_version()}\n".encode(),
                        digest_size=20)
    h.update(json.dumps({"exclude": sorted(map(str, exclude_sheets)), "seed": int(seed),
                         "limits": [decide.FORMULA_TIME_LIMIT, decide.WALL_PER_CPU_SECOND]},
                        sort_keys=True).encode())
    memo: dict = {}
    try:
        for claim in catalog:  # (its fields, as verify's claim key; asdict took 3x as long)
            h.update(digest(claim, memo, fields_only=True).encode())
    except (TypeError, RecursionError):
        return None
    return h.hexdigest()


def job_keys(ctx: str, jobs: list) -> list[str | None]:
    """One key per job (None where its content cannot be digested: never remembered)."""
    memo: dict = {}
    out = []
    for j in jobs:
        try:
            out.append(_key(ctx, "first", digest(j, memo)))
        except (TypeError, RecursionError):
            out.append(None)
    return out


def again_key(ctx: str, job, notation: dict) -> str | None:
    """The key of a second look at a job under a sheet's confirmed renamings (notation.py)."""
    try:
        return _key(ctx, "second", digest(job), digest(notation))
    except (TypeError, RecursionError):
        return None


def reread_key(ctx: str, job, claim_id: str, changes: dict) -> str | None:
    """The key of a job read as one claim with some letters put otherwise
    (bound_letters.rebound: the section's reading of an ok line)."""
    try:
        return _key(ctx, "reread", digest(job), claim_id, digest(changes))
    except (TypeError, RecursionError):
        return None


def keepable_reread(verdict) -> bool:
    """A rereading's verdict worth keeping: holds, refuted, or no reading (None).  An
    undecided one may come of a check that failed on our side or ran out of stack (the
    decider's checks take any exception for 'could not evaluate'): not kept."""
    return verdict in ("holds", "refuted", None)


def sheet_key(ctx_engine: str, path: str, data: bytes) -> str:
    """A sheet's reading: its name as given, its bytes, the engine."""
    return _key(ctx_engine, "sheet", path, hashlib.blake2b(data, digest_size=20).hexdigest())


def reading_engine() -> str:
    from ..cache import engine_version

    return f"readings {FORMAT} {engine_version()}"


def _key(*parts: str) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=24).hexdigest()


def keepable(finding) -> bool:
    return not any(finding.reason.startswith(r) for r in _NOT_KEPT)


class Store:
    """Pickled values by key in one SQLite file; every method swallows storage errors."""

    def __init__(self, folder: Path | None):
        self.path = None if folder is None else Path(folder) / FILE
        self._db = None
        self.used: set[str] = set()

    def _connect(self):
        if self._db is None and self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=1.0, isolation_level=None)
                db.execute("CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, "
                           "stamp REAL NOT NULL, value BLOB NOT NULL)")
                self._db = db
            except (sqlite3.Error, OSError):
                self.path = None
        return self._db

    def get_many(self, keys) -> dict:
        db = self._connect()
        wanted = sorted({k for k in keys if k is not None})
        found: dict = {}
        if db is None:
            return found
        try:
            for i in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
                chunk = wanted[i:i + 500]
                for key, value in db.execute(
                        f"SELECT key, value FROM rows WHERE key IN ({','.join('?' * len(chunk))})",
                        chunk).fetchall():
                    try:
                        found[key] = copies.loads(value)  # either copy's row
                    except Exception:  # noqa: BLE001 - a damaged row is a miss
                        continue
        except (sqlite3.Error, OSError):
            return {}
        self.used |= set(found)
        return found

    def put_many(self, items: dict) -> None:
        """Write ``items``, mark the rows read as used now, drop stale and surplus rows."""
        db = self._connect()
        if db is None:
            return
        now = time.time()
        try:
            rows = [(k, now, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
                    for k, v in items.items() if k is not None]
            used = sorted(self.used - set(items))
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?, ?)", rows)
            for i in range(0, len(used), 500):
                chunk = used[i:i + 500]
                db.execute(f"UPDATE rows SET stamp = ? WHERE key IN ({','.join('?' * len(chunk))})",
                           [now, *chunk])
            db.execute("DELETE FROM rows WHERE stamp < ?", (now - STALE_DAYS * 86400,))
            db.execute("DELETE FROM rows WHERE key IN (SELECT key FROM rows ORDER BY stamp DESC "
                       "LIMIT -1 OFFSET ?)", (MAX_ROWS,))
            db.execute("COMMIT")
        except (sqlite3.Error, OSError, pickle.PicklingError, TypeError, AttributeError):
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        self.used = set()

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None
