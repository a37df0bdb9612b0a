"""Quiz progress store: schema, per-answer commits, corrupt/foreign files, bad paths."""
from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from cheatsheet.cli import main
from cheatsheet.quiz import schedule
from cheatsheet.quiz.store import APPLICATION_ID, SCHEMA_VERSION, Store, StoreError

MINI = Path(__file__).resolve().parent / "fixtures" / "claims"


@pytest.fixture
def mini_catalog(monkeypatch):
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    return MINI


def _record(store, card="mini.poisson/holds", correct=True, topic="mini"):
    state, due = schedule.review(None, card, schedule.rating(correct, 3.0, "holds"))
    store.record(card=card, claim_id=card.split("/")[0], kind="holds", topic=topic,
                 question=card + "#x", answer="1", correct=correct, seconds=3.0, rating=1,
                 state=state, due=due, session="t")


def test_new_database_has_version_and_id(tmp_path):
    s = Store(tmp_path / "sub" / "q.db")
    assert s.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert s.con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    s.close()
    # reopening keeps the data
    s = Store(tmp_path / "sub" / "q.db")
    _record(s)
    s.close()
    s = Store(tmp_path / "sub" / "q.db")
    assert s.stats()["reviews"] == 1 and not s.notice


def test_each_answer_is_committed_immediately(tmp_path):
    path = tmp_path / "q.db"
    s = Store(path)
    _record(s, correct=True)
    _record(s, card="mini.var_ax/pick", correct=False, topic="mini")
    # another connection sees both rows without s being closed
    other = sqlite3.connect(path)
    assert other.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 2
    assert other.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 2
    st = s.stats()
    assert st["reviews"] == 2 and st["cards"] == 2
    assert st["by_topic"]["mini"]["accuracy"] == 0.5


def _damage_header(path):
    """Wreck the SQLite magic string of a quiz database (the rest of the header stays)."""
    data = bytearray(path.read_bytes())
    data[:16] = b"\x00garbage\x00garbage"[:16]
    path.write_bytes(bytes(data))


def test_damaged_database_of_ours_is_moved_aside_and_reported(tmp_path):
    path = tmp_path / "q.db"
    s = Store(path)
    _record(s)
    s.close()
    _damage_header(path)
    damaged = path.read_bytes()
    s = Store(path)
    assert "damaged quiz database" in s.notice
    (aside,) = tmp_path.glob("q.db.corrupt-*")
    assert aside.read_bytes() == damaged and str(aside) in s.notice
    _record(s)
    assert s.stats()["reviews"] == 1


def test_truncated_sqlite_file_is_set_aside(tmp_path):
    path = tmp_path / "q.db"
    s = Store(path)
    for _ in range(50):
        _record(s)
    s.close()
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2 + 7] + b"\xff" * 300)
    s = Store(path)
    assert s.notice and list(tmp_path.glob("q.db.corrupt-*"))


def _foreign_sqlite(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE accounts (name TEXT)")
    con.execute("INSERT INTO accounts VALUES ('precious')")
    con.commit()
    con.close()


def _other_app_sqlite(path):
    con = sqlite3.connect(path)
    con.execute("PRAGMA application_id = 1234")
    con.execute("CREATE TABLE cards (card TEXT)")  # a table name like ours: still not ours
    con.commit()
    con.close()


def _text_with_our_schema(path):
    from cheatsheet.quiz import store

    path.write_text(Path(store.__file__).read_text())  # holds our CREATE TABLE statements


def _damaged_foreign_sqlite(path):
    _foreign_sqlite(path)
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\xff" * (len(data) - 100))


FOREIGN = {"other_sqlite": _foreign_sqlite, "other_app_id": _other_app_sqlite,
           "text": _text_with_our_schema, "junk": lambda p: p.write_bytes(b"junk\x00" * 99),
           "damaged_other_sqlite": _damaged_foreign_sqlite}


@pytest.mark.parametrize("make", FOREIGN.values(), ids=FOREIGN.keys())
def test_foreign_file_is_refused_and_left_untouched(tmp_path, mini_catalog, make):
    """Another program's file, readable or not, SQLite or not, is never moved or written:
    the quiz and --stats refuse it with one line and exit 2."""
    path = tmp_path / "q.db"
    make(path)
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(StoreError, match="not a quiz database"):
        Store(path)
    for args in (["quiz", "--plain", "--db", str(path), "--count", "1"],
                 ["quiz", "--stats", "--db", str(path)],
                 ["quiz", "--stats", "--json", "--db", str(path)]):
        r = CliRunner().invoke(main, args, input="1\n")
        assert r.exit_code == 2, r.output
        assert r.output.count("\n") == 1 and "left untouched" in r.output
        assert "Traceback" not in r.output
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.db"]


def test_our_tables_without_application_id_are_ours(tmp_path):
    path = tmp_path / "q.db"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA application_id = 0")
    con.commit()
    con.close()
    s = Store(path)
    assert not s.notice
    _record(s)
    assert s.stats()["reviews"] == 1


def test_stats_creates_nothing(tmp_path, mini_catalog):
    missing = tmp_path / "not" / "there" / "q.db"
    for args in (["--stats"], ["--stats", "--json"]):
        r = CliRunner().invoke(main, ["quiz", *args, "--db", str(missing)])
        assert r.exit_code == 2 and "no quiz database" in r.output, r.output
    assert list(tmp_path.iterdir()) == []
    # an existing database is read, not written (not even a journal)
    path = tmp_path / "q.db"
    s = Store(path)
    _record(s)
    s.close()
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    r = CliRunner().invoke(main, ["quiz", "--stats", "--db", str(path)])
    assert r.exit_code == 0 and "1 reviews" in r.output
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    # an empty file: no progress yet, and it stays empty
    empty = tmp_path / "empty.db"
    empty.touch()
    r = CliRunner().invoke(main, ["quiz", "--stats", "--json", "--db", str(empty)])
    assert r.exit_code == 0 and '"reviews": 0' in r.output and empty.stat().st_size == 0


def test_stats_on_the_default_path_says_there_is_no_progress_yet(tmp_path, monkeypatch):
    from cheatsheet.quiz import store

    monkeypatch.setattr(store, "default_path", lambda: tmp_path / "data" / "quiz.sqlite3")
    r = CliRunner().invoke(main, ["quiz", "--stats"])
    assert r.exit_code == 0 and "No quiz progress yet" in r.output
    r = CliRunner().invoke(main, ["quiz", "--stats", "--json"])
    assert r.exit_code == 0 and '"reviews": 0' in r.output
    assert list(tmp_path.iterdir()) == []


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "q.db"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        Store(path)
    assert path.read_bytes() == before


def test_directory_and_unwritable_paths_exit_2(tmp_path):
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(tmp_path)], input="")
    assert r.exit_code == 2 and "directory" in r.output
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(blocker / "q.db")], input="")
    assert r.exit_code == 2 and "Error" in r.output


def test_damaged_db_through_the_cli(tmp_path, monkeypatch, mini_catalog):
    path = tmp_path / "q.db"
    s = Store(path)
    _record(s)
    s.close()
    _damage_header(path)
    damaged = path.read_bytes()
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(path), "--seed", "1",
                                  "--count", "1", "--kind", "compute"], input="0\n")
    assert r.exit_code == 0, r.output
    assert "kept as" in r.output
    assert list(tmp_path.glob("q.db.corrupt-*"))[0].read_bytes() == damaged
    assert Store(path).stats()["reviews"] == 1


def test_ratings_follow_the_documented_thresholds():
    from fsrs import Rating

    assert schedule.rating(False, 1, "holds") == Rating.Again
    assert schedule.rating(True, 2, "holds") == Rating.Easy
    assert schedule.rating(True, 10, "holds") == Rating.Good
    assert schedule.rating(True, 60, "holds") == Rating.Hard
    assert schedule.rating(True, 10, "compute") == Rating.Easy
    assert schedule.rating(True, 60, "compute") == Rating.Good
    state, due = schedule.review(None, "c/holds", Rating.Again)
    state2, due2 = schedule.review(None, "c/holds", Rating.Easy)
    now = datetime.now(timezone.utc)
    assert due - now < timedelta(minutes=5) < due2 - now


def _read_only(path: Path, request) -> None:
    """Make a file or folder unwritable until the test ends.  Root writes through
    permissions, so as root the file is also made immutable (chattr +i)."""
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    request.addfinalizer(lambda: path.chmod(mode))
    if os.geteuid() == 0:
        r = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if r.returncode != 0:
            pytest.skip("running as root, and chattr +i is not available to make a file "
                        "read-only")
        request.addfinalizer(lambda: subprocess.run(["chattr", "-i", str(path)]))


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_database_is_refused_before_the_first_question(tmp_path, mini_catalog,
                                                                  request, what):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "q.db"
    s = Store(path)
    _record(s)
    s.close()
    before = path.read_bytes()
    _read_only(path if what == "file" else folder, request)
    with pytest.raises(StoreError, match="cannot write"):
        Store(path)
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(path), "--count", "2"],
                           input="1\n1\n")
    assert r.exit_code == 2, r.output
    assert "cannot write" in r.output and "answer (" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert path.read_bytes() == before
    r = CliRunner().invoke(main, ["quiz", "--stats", "--db", str(path)])  # reading still works
    assert r.exit_code == 0 and "1 reviews" in r.output


def test_read_only_folder_refuses_a_new_database(tmp_path, mini_catalog, request):
    folder = tmp_path / "data"
    folder.mkdir()
    _read_only(folder, request)
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(folder / "q.db")], input="1\n")
    assert r.exit_code == 2 and "Error" in r.output and "answer (" not in r.output
    assert list(folder.iterdir()) == []


def test_read_only_connection_is_refused(tmp_path, mini_catalog, monkeypatch):
    """Whatever the user running the tests may write: SQLite opening the file read-only (as
    it does for a file without write permission) is caught before the first question."""
    path = tmp_path / "q.db"
    Store(path).close()
    real = sqlite3.connect

    def read_only(database, *args, **kwargs):
        if str(database) == str(path):
            kwargs["uri"] = True
            return real(path.resolve().as_uri() + "?mode=ro", *args, **kwargs)
        return real(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(path), "--count", "1"],
                           input="1\n")
    assert r.exit_code == 2, r.output
    assert "readonly" in r.output and "answer (" not in r.output


def test_database_held_by_another_process_is_said_so(tmp_path, mini_catalog, monkeypatch):
    from cheatsheet.quiz import store as store_mod

    path = tmp_path / "q.db"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another quiz session in the middle of a write
    monkeypatch.setattr(store_mod, "BUSY_SECONDS", 0.2, raising=False)
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(path), "--count", "1"],
                           input="1\n")
    other.execute("ROLLBACK")
    assert r.exit_code == 2 and "in use by another program" in r.output, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.db"]  # never taken for damage
