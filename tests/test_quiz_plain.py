"""Plain mode through the CLI (CliRunner with input), reproducibility, and a killed session."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cheatsheet.cli import main

MINI = Path(__file__).resolve().parent / "fixtures" / "claims"


@pytest.fixture
def mini_catalog(monkeypatch):
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    return MINI


def _questions(seed, count, kinds=("holds", "pick", "gap", "compute"), tmp=None):
    """The questions a fresh session with this seed asks (built in-process, no answers)."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.questions import Bank
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    store = Store(tmp / f"dry-{seed}.db")
    s = Session(Bank(list(get_catalog()), kinds=kinds), store, seed=seed, count=count)
    out = []
    while (q := s.next_question()) is not None:
        out.append(q)
    store.close()
    return out


def _right(q):
    return f"{q.value!r}" if q.numeric else str(q.answer + 1)


def _wrong(q):
    return f"{q.value * 3 + 10!r}" if q.numeric else str((q.answer + 1) % len(q.options) + 1)


def _reviews(db):
    con = sqlite3.connect(db)
    return con.execute("SELECT question, correct, answer FROM reviews ORDER BY id").fetchall()


def test_right_and_wrong_answers_are_stored(tmp_path, mini_catalog):
    qs = _questions(5, 4, tmp=tmp_path)
    assert len(qs) == 4
    answers = [_right(q) if i % 2 == 0 else _wrong(q) for i, q in enumerate(qs)]
    db = tmp_path / "q.db"
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(db), "--seed", "5",
                                  "--count", "4"], input="\n".join(answers) + "\n")
    assert r.exit_code == 0, r.output
    rows = _reviews(db)
    assert [row[0] for row in rows] == [q.id for q in qs]  # --seed reproduces the session
    assert [row[1] for row in rows] == [1, 0, 1, 0]
    assert r.output.count("Right.") == 2 and r.output.count("Wrong.") == 2
    assert "Answered 4, right 2 (50%)" in r.output


def test_unreadable_answers_are_asked_again(tmp_path, mini_catalog):
    db = tmp_path / "q.db"
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(db), "--seed", "1",
                                  "--count", "1", "--kind", "holds"],
                           input="maybe\n7\n0\n\n?\n1\n")
    assert r.exit_code == 0, r.output
    assert r.output.count("Unreadable answer") == 4  # maybe, 7, 0 and the empty line
    assert "? shows this help" in r.output
    assert len(_reviews(db)) == 1


def test_compute_questions_take_numbers(tmp_path, mini_catalog):
    qs = _questions(2, 3, kinds=("compute",), tmp=tmp_path)
    db = tmp_path / "q.db"
    answers = [f"{q.value * (1 + 0.5 * q.rtol):.10g}" for q in qs]  # inside the tolerance
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(db), "--seed", "2",
                                  "--count", "3", "--kind", "compute"],
                           input="\n".join(answers) + "\n")
    assert r.exit_code == 0, r.output
    assert [row[1] for row in _reviews(db)] == [1, 1, 1]


def test_end_of_input_ends_cleanly_and_keeps_answers(tmp_path, mini_catalog):
    qs = _questions(3, 5, tmp=tmp_path)
    db = tmp_path / "q.db"
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(db), "--seed", "3",
                                  "--count", "5"], input=_right(qs[0]) + "\n" + _wrong(qs[1]))
    assert r.exit_code == 0, r.output
    assert [row[1] for row in _reviews(db)] == [1, 0]
    assert "Answered 2" in r.output
    # q quits as well
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(tmp_path / "b.db"),
                                  "--seed", "3"], input="q\n")
    assert r.exit_code == 0 and "No question answered" in r.output


def test_due_cards_come_back_first(tmp_path, mini_catalog):
    db = tmp_path / "q.db"
    qs = _questions(4, 2, tmp=tmp_path)
    CliRunner().invoke(main, ["quiz", "--plain", "--db", str(db), "--seed", "4", "--count", "2"],
                       input=_wrong(qs[0]) + "\n" + _right(qs[1]) + "\n")
    con = sqlite3.connect(db)
    con.execute("UPDATE cards SET due_ts = 1000")  # both due now
    con.commit()
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(db), "--seed", "9",
                                  "--count", "3"], input="1\n1\n1\n")
    assert "due at start: 2" in r.output
    rows = con.execute("SELECT card FROM reviews ORDER BY id").fetchall()
    assert len(rows) == 5
    assert {rows[2][0], rows[3][0]} == {qs[0].card, qs[1].card}  # the due ones first


def test_unknown_topic_exits_2_with_suggestions(tmp_path, mini_catalog):
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(tmp_path / "q.db"),
                                  "--topic", "minni"], input="")
    assert r.exit_code == 2
    assert "Did you mean: mini" in r.output


def test_topic_filter(tmp_path, mini_catalog):
    db = tmp_path / "q.db"
    r = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(db), "--seed", "1",
                                  "--topic", "convolution", "--count", "2"], input="1\n1\n")
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(db)
    assert {t for (t,) in con.execute("SELECT topic FROM reviews")} == {"convolution"}


def test_stats_json(tmp_path, mini_catalog):
    db = tmp_path / "q.db"
    qs = _questions(6, 3, tmp=tmp_path)
    CliRunner().invoke(main, ["quiz", "--plain", "--db", str(db), "--seed", "6", "--count", "3"],
                       input="\n".join([_right(qs[0]), _wrong(qs[1]), _right(qs[2])]) + "\n")
    r = CliRunner().invoke(main, ["quiz", "--stats", "--json", "--db", str(db)])
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    assert s["reviews"] == 3 and s["cards"] == 3 and isinstance(s["due"], int)
    assert sum(t["reviews"] for t in s["by_topic"].values()) == 3
    assert sum(t["correct"] for t in s["by_topic"].values()) == 2
    r = CliRunner().invoke(main, ["quiz", "--stats", "--db", str(db)])
    assert r.exit_code == 0 and "3 reviews" in r.output


def test_killed_session_loses_nothing_answered(tmp_path):
    env = dict(os.environ, CHEATSHEET_CLAIMS=str(MINI), PYTHONUNBUFFERED="1")
    db = tmp_path / "q.db"
    p = subprocess.Popen([sys.executable, "-m", "cheatsheet.cli", "quiz", "--plain", "--db",
                          str(db), "--seed", "8", "--count", "6"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = b""

    def wait_for(marker: bytes, n: int):
        nonlocal out
        deadline = time.time() + 60
        while out.count(marker) < n and time.time() < deadline:
            chunk = os.read(p.stdout.fileno(), 4096)
            if not chunk:
                break
            out += chunk
        assert out.count(marker) >= n, out.decode(errors="replace")

    try:
        for i in range(3):
            wait_for(b"answer (", i + 1)
            p.stdin.write(b"1\n")
            p.stdin.flush()
        wait_for(b"answer (", 4)  # the 3rd answer's feedback is printed, the 4th question is up
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=10)
    finally:
        if p.poll() is None:
            p.kill()
    rows = _reviews(db)
    assert len(rows) == 3
    assert out.count(b"Right.") + out.count(b"Wrong.") == 3
