"""Quiz progress store: schema, per-answer commits, corrupt/foreign files, bad paths."""
from __future__ import annotations

import sqlite3
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


def test_corrupt_file_is_set_aside_and_reported(tmp_path):
    path = tmp_path / "q.db"
    junk = b"this is not a database\x00\x01" * 100
    path.write_bytes(junk)
    s = Store(path)
    assert "not an SQLite database" in s.notice
    aside = list(tmp_path.glob("q.db.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == junk
    assert str(aside[0]) in s.notice
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


def test_foreign_database_is_never_overwritten(tmp_path):
    path = tmp_path / "q.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE accounts (name TEXT)")
    con.execute("INSERT INTO accounts VALUES ('precious')")
    con.commit()
    con.close()
    before = path.read_bytes()
    s = Store(path)
    assert "another program" in s.notice
    (aside,) = tmp_path.glob("q.db.corrupt-*")
    assert aside.read_bytes() == before
    assert sqlite3.connect(aside).execute("SELECT name FROM accounts").fetchone() == ("precious",)


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


def test_corrupt_db_through_the_cli(tmp_path, monkeypatch, mini_catalog):
    path = tmp_path / "q.db"
    path.write_bytes(b"garbage" * 50)
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(path), "--seed", "1",
                                  "--count", "1", "--kind", "compute"], input="0\n")
    assert r.exit_code == 0, r.output
    assert "kept as" in r.output
    assert list(tmp_path.glob("q.db.corrupt-*"))[0].read_bytes() == b"garbage" * 50
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
