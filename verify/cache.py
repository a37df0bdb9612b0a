"""Claim verdicts remembered across runs, in the user cache directory (platformdirs).

A claim's result is a function of the claim's full content (LaTeX, symbols, sources, check,
tolerances...), the seed, ``--thorough``, and the engine: the code and data the checks run
(cheatsheet/, verify/, the sheets' context file) and the libraries' versions.  The key covers
all of them, so any change to a claim, to the code or to a library misses and is checked
afresh.  Only results that cannot have depended on the clock or the machine are stored: no
``timeout`` and no unexpected exception anywhere, and no time limit expired while the claim was checked (``expiries``), so
a proof cut short on a busy machine is never remembered as "passed".

The cache only saves time: a damaged, locked or unwritable file is ignored (the claims are
simply checked), never an error.  ``cheatsheet verify --no-cache`` or
``CHEATSHEET_NO_CACHE=1`` bypasses it; ``CHEATSHEET_CACHE_DIR`` moves it.  Beside it, in the
same folder and under the same switches, verify/proofs.py keeps SymPy's proof outcomes and
verify/parse_store.py the formulas' readings, which outlive an engine change (their keys are
the expression and the prover's own code, the formula and the reader's code).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import sqlite3
import sys
import time
from functools import lru_cache
from pathlib import Path

from . import copies
from .evidence import ClaimResult

FORMAT = 1  # bump when what is stored changes shape
_STALE_DAYS = 7  # rows of another engine are dropped after this long (other checkouts share it)
_SUFFIXES = (".py", ".lark", ".json")
_LIBRARIES = ("sympy", "numpy", "scipy", "mpmath", "lark")


def _engine_files() -> list[Path]:
    """The code and data the checks run: the cheatsheet package (reader, symbols, nn core,
    sheets), the verify package (checks) and the sheets' context file."""
    import cheatsheet
    from cheatsheet import verify as verify_pkg

    roots = [Path(cheatsheet.__file__).parent, Path(verify_pkg.__file__).parent]
    try:
        from cheatsheet import data

        roots.append(Path(data.__file__).parent / "sheets")
    except ImportError:  # pragma: no cover - the data package is part of the install
        pass
    files = set()
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix in _SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                files.add(path.resolve())
    return sorted(files)


@lru_cache(maxsize=1)
def engine_version() -> str:
    """A hash of every engine file's name and bytes and of the libraries' versions."""
    from importlib import metadata

    h = hashlib.sha256(f"format {FORMAT}; python {sys.version}".encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib} {metadata.version(lib)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} absent\n".encode())
    for path in _engine_files():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def claim_key(claim, seed: int, thorough: bool) -> str:
    """The claim's whole content (every field and source), the seed and the trial count."""
    content = json.dumps({"claim": dataclasses.asdict(claim), "seed": int(seed),
                          "thorough": bool(thorough)}, sort_keys=True, default=repr)
    return hashlib.sha256(content.encode()).hexdigest()


def cacheable(result: ClaimResult) -> bool:
    """Whether ``result`` may be kept: no version ran out of time, and none failed for a reason
    outside the check (the runner's "error": an unexpected exception, which may come from the
    machine).  A check's own "error" (a form it cannot evaluate) is as repeatable as any other
    verdict.  The caller also makes sure no time limit expired meanwhile."""
    evidence = [result.evidence] + [s.evidence for s in result.sources]
    return all(ev is not None and ev.verdict != "timeout"
               and not (ev.verdict == "error" and ev.method == "runner") for ev in evidence)


_EXPIRED = [0]


def expiries() -> int:
    """How many time limits (``timelimit.time_limit``) have expired in this process so far.

    Some checks catch the time limit themselves (a SymPy proof that runs out of budget gives
    way to the numeric check), so a result alone does not tell whether the clock decided it;
    this counter does. It wraps the limit's signal handler, looked up when each limit starts."""
    from . import timelimit

    handler = timelimit._handler
    if not getattr(handler, "counts_expiries", False):
        def counting(signum, frame):
            _EXPIRED[0] += 1
            return handler(signum, frame)

        counting.counts_expiries = True
        timelimit._handler = counting
    return _EXPIRED[0]


def default_dir() -> Path | None:
    from cheatsheet.catalog_cache import cache_root

    return cache_root()


def disabled_by_environment() -> bool:
    """``CHEATSHEET_NO_CACHE``: no remembered results (verdicts, proofs, readings, findings, the
    matcher's index); the catalog and grammar caches have their own switch (catalog_cache.py)."""
    return os.environ.get("CHEATSHEET_NO_CACHE", "").strip().lower() not in ("", "0", "no", "false")


class ResultCache:
    """Claim results by key, in one SQLite file (safe for concurrent runs).  Every method
    swallows storage errors: a cache that cannot be read is empty, one that cannot be written
    stays as it is."""

    def __init__(self, folder: Path | None, engine: str | None = None):
        """``engine``: what the results are valid for; by default the engine's hash.  A cache
        that lives only while one set of processes runs the same loaded code (the test
        suite's workers) may name that instead: files edited meanwhile change nothing."""
        self.path = folder / "verify-results.sqlite" if folder is not None else None
        if engine is None:
            engine = engine_version() if folder is not None else ""
        self.engine = engine
        self._db: sqlite3.Connection | None = None
        self._opened = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._opened:
            return self._db
        self._opened = True
        if self.path is None:
            return None
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=1.0, isolation_level=None)
                db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, "
                           "engine TEXT NOT NULL, stamp REAL NOT NULL, value BLOB NOT NULL)")
                self._db = db
                return db
            except sqlite3.DatabaseError:  # not a database (damaged): start it again once
                try:
                    db.close()
                    if attempt == 0:
                        self.path.unlink()
                except (OSError, UnboundLocalError, sqlite3.Error):
                    return None
            except (OSError, sqlite3.Error):
                return None
        return None

    def get_many(self, keys: list[str]) -> dict[str, ClaimResult]:
        db = self._connect()
        if db is None or not keys:
            return {}
        found: dict[str, ClaimResult] = {}
        try:
            for i in range(0, len(keys), 500):  # SQLite's limit on bound parameters
                chunk = keys[i:i + 500]
                rows = db.execute(
                    f"SELECT key, value FROM results WHERE engine = ? AND key IN "
                    f"({','.join('?' * len(chunk))})", [self.engine, *chunk]).fetchall()
                for key, value in rows:
                    try:
                        result = copies.loads(value)  # either copy's row
                    except Exception:  # noqa: BLE001 - a damaged row is a miss
                        continue
                    if isinstance(result, ClaimResult):
                        found[key] = result
        except (sqlite3.Error, OSError):
            return {}
        return found

    def put_many(self, items: dict[str, ClaimResult]) -> None:
        db = self._connect()
        if db is None or not items:
            return
        now = time.time()
        try:
            rows = [(k, self.engine, now, pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
                    for k, r in items.items()]
            with db:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", rows)
                db.execute("DELETE FROM results WHERE engine != ? AND stamp < ?",
                           (self.engine, now - _STALE_DAYS * 86400))
        except (sqlite3.Error, OSError, pickle.PicklingError, TypeError, AttributeError):
            pass

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None


def open_default() -> ResultCache | None:
    """The user's cache, or None when the environment turns it off."""
    if disabled_by_environment():
        return None
    folder = default_dir()
    return ResultCache(folder) if folder is not None else None
