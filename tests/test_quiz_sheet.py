"""``cheatsheet quiz --sheet FILE``: questions in the sheet's notation (its wrong lines are typos,
its right lines hold or come back with a typo the audit refutes), one card per claim across
sheets, plain mode and the Textual app, and exit 2 on a sheet with nothing to drill."""
from __future__ import annotations

import asyncio
import random
import time

import pytest
from click.testing import CliRunner

from cheatsheet.cli import main

SHEET = """# My sheet

- tanh: $\\frac{d}{du}\\tanh(u) = 1 + \\tanh^2(u)$
- Poisson MGF: $M_X(t) = e^{\\lambda(e^{t} - 1)}$
- $\\log(uv) = \\log u + \\log v$
- $(AB)^{-1} = A^{-1} B^{-1}$
"""
# the same Poisson MGF in other letters and other words, on another sheet
OTHER = """# Distributions

The MGF of $N \\sim \\text{Poisson}(\\mu)$ is $M_N(s) = e^{\\mu(e^{s} - 1)}$.
"""


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sheets")
    (tmp / "mine.md").write_text(SHEET, encoding="utf-8")
    (tmp / "other.md").write_text(OTHER, encoding="utf-8")
    return tmp


@pytest.fixture(scope="module")
def bank(sheets):
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.sheet import sheet_bank

    return sheet_bank(str(sheets / "mine.md"), get_catalog())


def test_cards_are_the_matched_claims_and_the_wrong_lines(bank):
    from cheatsheet.quiz.sheet import formula_card

    cards = {c.card: c for c in bank.cards()}
    # the generic log identity holds and states no claim: nothing to drill; the wrong
    # inverse of a product is a typo of the catalog's inverse.product
    assert set(cards) == {"tanh.derivative/holds", "mgf.poisson/holds", "inverse.product/holds"}
    assert {c.kind for c in cards.values()} == {"holds"}
    assert cards["mgf.poisson/holds"].topic == "probability"


def test_a_wrong_line_is_a_typo_with_the_right_form_in_the_sheets_symbols(bank):
    ref = next(c for c in bank.cards() if c.claim_id == "tanh.derivative")
    for k in range(6):
        q = bank.build(ref, random.Random(k), cheap=k % 2 == 0)
        assert q.options == ["holds", "typo"] and q.answer == 1
        assert q.formulas == ["d/du tanh(u) = 1 + tanh²(u)"]  # as the sheet writes it
        assert "mine.md, line 3" in q.prompt
        assert "Right, in your symbols:  d/du tanh(u) = 1 − tanh²(u)" in q.explanation
        assert "+ where − belongs" in q.explanation
        assert "left side = " in q.explanation


def test_a_right_line_holds_or_comes_back_with_a_refuted_typo(bank):
    ref = next(c for c in bank.cards() if c.claim_id == "mgf.poisson")
    shown = "M_X(t) = e^(λ(eᵗ − 1))"
    answers = set()
    for k in range(12):
        q = bank.build(ref, random.Random(k))
        answers.add(q.answer)
        if q.answer == 0:
            assert q.formulas == [shown] and "It holds" in q.explanation
            continue
        # a typo in the sheet's own letters, which the audit refutes at that place
        assert q.formulas != [shown] and "λ" in q.formulas[0]
        assert f"Right, as your sheet has it:  {shown}" in q.explanation
        latex = q.id.split("#sheet-typo:4:", 1)[1]
        item = bank.items["mgf.poisson"]
        finding = bank._decide(item.lines[0][1], latex)
        assert finding.verdict == "wrong" and finding.claim == "mgf.poisson"
    assert answers == {0, 1}  # both answers occur: guessing one gains nothing
    # the first question of a session is built without a check: never a mutation
    for k in range(12):
        q = bank.build(ref, random.Random(k), cheap=True)
        assert q is None or q.answer == 0


def test_plain_session_through_the_cli(sheets, bank, tmp_path):
    from cheatsheet.quiz.store import Store

    db = tmp_path / "q.db"
    res = CliRunner().invoke(main, ["quiz", "--sheet", str(sheets / "mine.md"), "--plain",
                                    "--db", str(db), "--seed", "5", "--count", "3"],
                             input="2\n2\n2\n")
    assert res.exit_code == 0, res.output
    assert "Holds or typo?" in res.output and "mine.md, line" in res.output
    assert "Answered 3" in res.output
    store = Store(db)
    rows = store.reviews()
    store.close()
    assert len(rows) == 3
    assert {r["kind"] for r in rows} == {"holds"}
    assert {r["card"] for r in rows} <= {c.card for c in bank.cards()}
    # the answer "typo" is right exactly when a typo was shown
    for r in rows:
        assert bool(r["correct"]) == ("#sheet-wrong:" in r["question"]
                                      or "#sheet-typo:" in r["question"])


def test_one_card_per_claim_across_two_sheets(sheets, tmp_path):
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.sheet import sheet_bank
    from cheatsheet.quiz.store import Store

    cat = get_catalog()
    mine = sheet_bank(str(sheets / "mine.md"), cat).select(["mgf"])
    other = sheet_bank(str(sheets / "other.md"), cat)
    assert [c.card for c in other.cards()] == [c.card for c in mine.cards()] \
        == ["mgf.poisson/holds"]
    store = Store(tmp_path / "q.db")
    try:
        for k, bank in enumerate((mine, other)):
            # the second session runs a year later: the card is due again, not new
            s = Session(bank, store, seed=k, count=1,
                        now_ts=time.time() + k * 365 * 86400)
            assert s.due_count == k
            q = s.next_question()
            assert q.card == "mgf.poisson/holds"
            s.answer(q, str(q.answer + 1), 3.0)
        assert list(store.states()) == ["mgf.poisson/holds"]
        rows = store.reviews()
        assert [r["card"] for r in rows] == ["mgf.poisson/holds"] * 2
        assert "M_X(t)" in rows[0]["question"] and "M_N(s)" in rows[1]["question"]
    finally:
        store.close()


@pytest.mark.parametrize("text, words", [
    (None, "no such file"),
    ("# Notes\n\nOnly words, and the letter $x$.\n", "states a catalog claim"),
    ("# Notes\n\nNo math at all.\n", "no formula found"),
])
def test_nothing_to_drill_says_so_and_exits_2(tmp_path, text, words):
    path = tmp_path / "sheet.md"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["quiz", "--sheet", str(path), "--plain",
                                    "--db", str(tmp_path / "q.db")])
    assert res.exit_code == 2, res.output
    assert words in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_kind_other_than_holds_is_refused(sheets, tmp_path):
    res = CliRunner().invoke(main, ["quiz", "--sheet", str(sheets / "mine.md"), "--kind",
                                    "compute", "--db", str(tmp_path / "q.db")])
    assert res.exit_code == 2 and "holds-or-typo" in res.output


def test_textual_app_on_a_sheet(bank, tmp_path):
    from cheatsheet.quiz.app import QuizApp
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    store = Store(tmp_path / "q.db")
    session = Session(bank, store, seed=2, count=3)

    async def run():
        app = QuizApp(session)
        asked = []
        async with app.run_test(size=(100, 40)) as pilot:
            for i in range(3):
                await pilot.pause()
                q = app.question
                assert q is not None and q.kind == "holds" and "mine.md" in q.prompt
                k = q.answer if i != 1 else 1 - q.answer
                await pilot.press(str(k + 1))
                await pilot.press("enter")
                assert app.state == "feedback"
                assert app.last_outcome.correct == (i != 1)
                asked.append(q)
                await pilot.press("enter")
            await pilot.pause()
            assert app.state == "done"
            await pilot.press("enter")
        return asked

    try:
        asked = asyncio.run(run())
        rows = store.reviews()
        assert [r["question"] for r in rows] == [q.id for q in asked]
        assert [r["correct"] for r in rows] == [1, 0, 1]
    finally:
        store.close()
