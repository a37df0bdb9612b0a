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


def _compute_session(tmp_path, monkeypatch):
    """(QuizApp, the store, a session of two compute questions) on the mini catalog."""
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.app import QuizApp
    from cheatsheet.quiz.questions import Bank
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    store = Store(tmp_path / "c.db")
    return QuizApp, store, Session(Bank(list(get_catalog()), kinds=("compute",)), store, seed=3,
                                   count=2)


def test_pilot_help_and_quit_work_on_a_compute_question(tmp_path, monkeypatch):
    """The number box takes digits but lets ? and q through to the app."""
    QuizApp, store, session = _compute_session(tmp_path, monkeypatch)

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


def test_digits_typed_before_the_number_box_has_the_focus_are_kept_in_order(tmp_path,
                                                                            monkeypatch):
    """Keys typed over the painted first question reach the app before the box has the focus:
    each goes into the box, after the ones before it (focusing the box once selected the first
    digit, so the next key replaced it: 123 was stored as 23)."""
    QuizApp, store, session = _compute_session(tmp_path, monkeypatch)

    async def run():
        app = QuizApp(session)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.query_one("#body").focus()  # as before the box is ready
            await pilot.pause()
            await pilot.press("1", "2", "3")
            await pilot.pause()
            typed = app.query_one("#number").value
            await pilot.press("q")
        return typed

    assert asyncio.run(run()) == "123"
    store.close()


def _session(tmp_path, monkeypatch, seed=11, count=4, kinds=("holds", "pick", "gap", "compute")):
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.questions import Bank
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    return Session(Bank(list(get_catalog()), kinds=kinds), Store(tmp_path / "q.db"),
                   seed=seed, count=count)


def _text(app, wid: str) -> str:
    return str(app.query_one(wid).render())


def test_pilot_rating_keys_replace_the_automatic_rating(tmp_path, monkeypatch):
    """1-4 and g after the feedback: the stored review carries the last rating chosen, and
    stays one review; g (guessed) is Again and brings the card back."""
    session = _session(tmp_path, monkeypatch, kinds=("holds", "pick"), count=6)

    async def run():
        app = QuizApp(session, clock=lambda: 0.0)  # every answer instant: automatic Easy
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            q = await _answer(pilot, app, right=True)
            assert app.last_outcome.rating == "Easy"
            await pilot.press("2")
            assert "Hard, yours (automatic Easy)" in _text(app, "#feedback")
            await pilot.press("g")
            assert "Again, yours (automatic Easy)" in _text(app, "#feedback")
            rows = session.store.reviews()
            assert [(r["question"], r["rating"], r["correct"]) for r in rows] == [(q.id, 1, 1)]
            await pilot.press("4")  # back to the automatic one
            assert "yours" not in _text(app, "#feedback")
            await pilot.press("g")
            await pilot.press("enter")
            await pilot.pause()
            # guessed: rated Again, so the card comes back after AGAIN_GAP questions
            seen = []
            for _ in range(4):
                seen.append(app.question.card)
                await _answer(pilot, app, right=True)
                await pilot.press("enter")
                await pilot.pause()
            assert q.card in seen
            await pilot.press("q")
        return q

    q = asyncio.run(run())
    rows = session.store.reviews()
    assert len(rows) == 5 and rows[0]["rating"] == 1
    con = session.store.con
    assert con.execute("SELECT reps FROM cards WHERE card = ?", (q.card,)).fetchone()[0] == 2
    session.store.close()


from textual.containers import VerticalScroll  # noqa: E402

from cheatsheet.quiz.app import QuizApp  # noqa: E402


def test_pilot_80x24_feedback_scrolls_to_every_explanation(tmp_path, monkeypatch):
    """A pick question's feedback (one counterexample per wrong option) is taller than an
    80x24 terminal: PageDown, Down and End reach its last line."""
    session = _session(tmp_path, monkeypatch, kinds=("pick",), count=3, seed=2)

    async def run():
        app = QuizApp(session)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await _answer(pilot, app, right=False)
            for _ in range(200):  # the first question's counterexamples come from a worker
                await pilot.pause(0.05)
                if "being checked" not in _text(app, "#feedback"):
                    break
            await pilot.pause()
            body, feedback = app.query_one(VerticalScroll), app.query_one("#feedback")
            assert body.max_scroll_y > 0, "the feedback fits: the test shows nothing"
            start = body.scroll_y
            await pilot.press("down")
            await pilot.pause()
            assert body.scroll_y == start + 1
            await pilot.press("pagedown")
            await pilot.pause()
            assert body.scroll_y > start + 1
            await pilot.press("end")
            await pilot.pause()
            assert body.scroll_y == body.max_scroll_y
            last = feedback.virtual_region.bottom  # its last explanation line is on screen
            assert body.scroll_y + body.scrollable_content_region.height >= last - 1
            await pilot.press("home")
            await pilot.pause()
            assert body.scroll_y == 0
            await pilot.press("q")

    asyncio.run(run())
    session.store.close()


def test_pilot_80x24_help_wraps_without_stray_line_breaks(tmp_path, monkeypatch):
    """Each line of the ? help as painted is full (its next word would not have fit) unless
    it ends a sentence, and the box is scrolled into view."""
    from rich.console import Console
    from rich.text import Text

    from cheatsheet.quiz.app import HELP

    session = _session(tmp_path, monkeypatch, kinds=("holds",), count=1)

    async def run():
        app = QuizApp(session)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            box, body = app.query_one("#help"), app.query_one(VerticalScroll)
            top = box.virtual_region.y
            assert body.scroll_y <= top < body.scroll_y + body.size.height  # visible
            width = box.content_region.width  # the help text as the box wraps it
            console = Console(width=width)
            lines = ["".join(seg.text for seg in line).rstrip() for line in
                     console.render_lines(Text(HELP), console.options.update_width(width))]
            assert len(lines) >= 4 and all(len(line) <= width for line in lines)
            for line, nxt in zip(lines, lines[1:]):
                if not line.endswith((".", ":")):
                    assert len(line) + 1 + len(nxt.split()[0]) > width, (line, nxt)
            await pilot.press("q")

    asyncio.run(run())
    session.store.close()


def test_pilot_shows_the_legend_under_the_formula(tmp_path, monkeypatch):
    session = _session(tmp_path, monkeypatch, kinds=("holds", "pick", "gap"), count=3)

    async def run():
        app = QuizApp(session)
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(3):
                await pilot.pause()
                q = app.question
                assert q.legend and _text(app, "#legend") == q.legend
                formula, legend = app.query_one("#formula"), app.query_one("#legend")
                if q.formulas:  # right under the formula (a pick question has none)
                    assert legend.region.y == formula.region.bottom
                assert legend.region.height == 1
                await _answer(pilot, app, right=True)
                await pilot.press("enter")
            await pilot.press("q")

    asyncio.run(run())
    session.store.close()


def test_pilot_unwritable_database_mid_session_is_said_and_nothing_is_lost(tmp_path,
                                                                            monkeypatch):
    import sqlite3

    session = _session(tmp_path, monkeypatch, kinds=("holds", "compute"), count=3)
    store = session.store

    async def run():
        app = QuizApp(session)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await _answer(pilot, app, right=True)
            await pilot.press("enter")
            await pilot.pause()
            writable = store.con
            store.con = sqlite3.connect(store.path.resolve().as_uri() + "?mode=ro", uri=True,
                                        isolation_level=None)
            q = await _answer(pilot, app, right=False)
            assert app.state == "feedback"
            assert "Not saved" in _text(app, "#feedback")
            await pilot.press("3")  # a rating for the unsaved answer is kept too
            await pilot.press("q")
        return app, writable, q

    app, writable, q = asyncio.run(run())
    assert app.return_code == 0
    assert len(store.reviews()) == 1
    store.con.close()
    store.con = writable  # writable again: the end of the session saves what waited
    assert session.finish() == []
    rows = store.reviews()
    assert [r["question"] for r in rows][1:] == [q.id] and rows[1]["rating"] == 3
    store.close()
