"""The quiz's launch runs without the cyclic collector until the first question is shown
(quiz/launch.py), and the collector is back on every way out: seeing every object again in a
process where nothing else was frozen, leaving frozen what a caller had frozen itself."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest
from click.testing import CliRunner

from cheatsheet import frozen
from cheatsheet.cli import main

MINI = Path(__file__).resolve().parent / "fixtures" / "claims"


@pytest.fixture
def thawed(monkeypatch):
    """A process where nothing is frozen, as a command-line run starts (the suite's conftest
    freezes what each file leaves alive); frozen again afterwards, as the suite had it."""
    monkeypatch.setattr(frozen, "_HELD", [False])
    gc.unfreeze()
    yield
    # frozen again as the suite's conftest left it, after collecting what the test left (its
    # objects are in the young generations): a full collection walked the worker's millions
    # of thawed objects too (~1 s of CPU per test), which were frozen before and are again
    gc.collect(1)
    gc.freeze()


@pytest.fixture
def seen(monkeypatch):
    """Whether the collector ran when each question was built."""
    from cheatsheet.quiz.session import Session

    states = []
    build = Session.next_question

    def recording(self):
        states.append(gc.isenabled())
        return build(self)

    monkeypatch.setattr(Session, "next_question", recording)
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    return states


@pytest.mark.parametrize("answers", ["q\n", "1\n1\n1\n", ""])
def test_paused_for_the_first_question_only(tmp_path, thawed, seen, answers):
    assert gc.isenabled()
    res = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(tmp_path / "q.db"),
                                    "--seed", "3", "--count", "3"], input=answers)
    assert res.exit_code == 0, res.output
    assert seen[0] is False  # the launch: no collector passes
    assert all(seen[1:]) and len(seen) >= (3 if answers.count("1") == 3 else 1)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_restored_when_the_command_fails(tmp_path, thawed, seen):
    res = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(tmp_path / "q.db"),
                                    "--topic", "no-such-topic"])
    assert res.exit_code == 2
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_switched_off_by_the_caller_stays_off(tmp_path, seen):
    gc.disable()
    try:
        res = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(tmp_path / "q.db"),
                                        "--seed", "1", "--count", "1"], input="q\n")
        assert res.exit_code == 0, res.output
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("answers", ["q\n", "1\n"])
def test_what_the_caller_froze_stays_frozen(tmp_path, thawed, seen, answers):
    """A process that froze its long-lived objects (a host running quizzes, the test suite)
    keeps them out of its collections after a quiz: unfreezing them all would make its next
    full collections walk every one of them again."""
    kept = [[object()] for _ in range(1000)]  # long-lived objects of the caller's own
    gc.freeze()
    before = gc.get_freeze_count()
    assert before >= len(kept)
    res = CliRunner().invoke(main, ["quiz", "--plain", "--db", str(tmp_path / "q.db"),
                                    "--seed", "2", "--count", "1"], input=answers)
    assert res.exit_code == 0, res.output
    assert seen[0] is False  # the launch still ran without collector passes
    assert gc.isenabled() and gc.get_freeze_count() >= before
