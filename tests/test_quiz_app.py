"""The Textual quiz driven by Pilot: right and wrong answers, what is stored, help, quit."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parent / "fixtures" / "claims"


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.questions import Bank
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    store = Store(tmp_path / "q.db")
    yield Session(Bank(list(get_catalog())), store, seed=11, count=4)
    store.close()


async def _answer(pilot, app, right: bool):
    q = app.question
    if q.numeric:
        value = q.value if right else q.value * 3 + 10
        for ch in f"{value:.10g}":
            await pilot.press({"-": "minus", ".": "full_stop", "+": "plus"}.get(ch, ch))
    else:
        k = q.answer if right else (q.answer + 1) % len(q.options)
        await pilot.press(str(k + 1))
    await pilot.press("enter")
    return q


def test_pilot_right_and_wrong_answers_are_stored(session):
    from cheatsheet.quiz.app import QuizApp

    async def run():
        app = QuizApp(session)
        asked = []
        async with app.run_test(size=(120, 40)) as pilot:
            for i in range(4):
                await pilot.pause()
                q = await _answer(pilot, app, right=i % 2 == 0)
                assert app.state == "feedback"
                assert app.last_outcome.correct == (i % 2 == 0)
                asked.append(q)
                await pilot.press("enter")
            await pilot.pause()
            assert app.state == "done"
            await pilot.press("enter")
        return asked

    asked = asyncio.run(run())
    rows = session.store.reviews()
    assert [r["question"] for r in rows] == [q.id for q in asked]
    assert [r["correct"] for r in rows] == [1, 0, 1, 0]
    assert session.store.stats()["cards"] == 4


def test_pilot_unreadable_help_and_quit_keep_answers(session):
    from cheatsheet.quiz.app import QuizApp

    async def run():
        app = QuizApp(session)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            help_box = app.query_one("#help")
            assert help_box.has_class("hidden")
            await pilot.press("question_mark")
            assert not help_box.has_class("hidden")
            if not app.question.numeric:
                await pilot.press("enter")  # nothing chosen yet: asked again, nothing stored
                assert app.state == "question"
                assert session.store.stats()["reviews"] == 0
            await _answer(pilot, app, right=True)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("q")
        return app

    app = asyncio.run(run())
    assert app.return_code in (0, None)
    assert session.store.stats()["reviews"] == 1


def test_formulas_are_unicode_on_screen(session):
    from cheatsheet.quiz.app import QuizApp

    async def run():
        app = QuizApp(session)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(4):
                q = app.question
                shown = " ".join(q.formulas + q.options)
                assert "\\mathbf" not in shown and "\\frac" not in shown and "^{" not in shown
                await _answer(pilot, app, True)
                await pilot.press("enter")
                await pilot.pause()

    asyncio.run(run())


def test_pilot_first_typo_gets_its_counterexample_and_the_gate_reopens(tmp_path, monkeypatch):
    """The first question may be a typo shown before the checker ran: the feedback comes at
    once, its counterexample follows from the worker; background checks, held while the
    answer is processed, run again once the feedback is painted."""
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz import mutate
    from cheatsheet.quiz.app import QuizApp
    from cheatsheet.quiz.questions import Bank
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    bank = Bank(list(get_catalog()), kinds=("holds",))
    seed = next(s for s in range(50) if (lambda q: q.answer == 1)(
        Session(bank, Store(tmp_path / f"d{s}.db"), seed=s, count=2).next_question()))
    session = Session(bank, Store(tmp_path / "q.db"), seed=seed, count=2)

    async def run():
        app = QuizApp(session)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            q = app.question
            assert q.answer == 1
            await _answer(pilot, app, right=True)
            assert app.state == "feedback" and app.last_outcome.correct
            for _ in range(200):
                await pilot.pause(0.05)
                if "Counterexample:" in str(app.query_one("#feedback").render()):
                    break
            assert "Counterexample:" in str(app.query_one("#feedback").render())
            assert "being checked" not in str(app.query_one("#feedback").render())
            assert mutate.GATE.is_set()
            await pilot.press("q")

    asyncio.run(run())
    session.store.close()


def test_pilot_help_and_quit_work_on_a_compute_question(tmp_path, monkeypatch):
    """The number box takes digits but lets ? and q through to the app."""
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.app import QuizApp
    from cheatsheet.quiz.questions import Bank
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    store = Store(tmp_path / "c.db")
    session = Session(Bank(list(get_catalog()), kinds=("compute",)), store, seed=3, count=2)

    async def run():
        app = QuizApp(session)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.question.numeric and app.focused is app.query_one("#number")
            await pilot.press("1", "question_mark")
            assert not app.query_one("#help").has_class("hidden")
            assert app.query_one("#number").value == "1"
            await pilot.press("question_mark", "q")
            await pilot.pause()
            assert app.query_one("#help").has_class("hidden")
        return app

    app = asyncio.run(run())
    assert app.return_code == 0 and store.stats()["reviews"] == 0
    store.close()
