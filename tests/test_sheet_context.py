"""Where a recorded sheet line's reading comes from: its sheet's announcements, never a field.

The context file is derived from the sheets; a line is read in every layout its sheet leaves
open, a superscript that may be an index gives two readings, and a line where the sheet lost a
vertical bar is never refuted."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from cheatsheet.claims import ClaimError, Claim
from cheatsheet.sheets.habits import Habits
from cheatsheet.verify.alternatives import LOST_BARS, decide
from cheatsheet.verify.evidence import Evidence
from cheatsheet.verify.sheet_context import line_context

from conftest import REPO, SEEDS


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent: nothing to derive")
def test_context_file_is_derived_from_the_sheets(monkeypatch, capsys):
    """The script's ``--check`` run, in this process: a new one imported the reader and the
    sheets' code again (~1 s of CPU) for a question about the file's content."""
    spec = importlib.util.spec_from_file_location("sheet_context_script",
                                                  REPO / "scripts" / "sheet_context.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.setattr(sys, "argv", ["sheet_context.py", str(SEEDS), "--check"])
    assert script.main() == 0, capsys.readouterr().err


def test_nearest_heading_wins_and_open_sections_allow_both():
    # sheet 004: chapter 4 announces the numerator layout, its section 4-2 the denominator one
    assert line_context("004_822544ab04fbfb5b.txt", 208).layouts == ("denominator",)
    assert line_context("004_822544ab04fbfb5b.txt", 195).layouts == ("numerator",)
    # 4.4 inherits the chapter's numerator while a sibling announced denominator: both
    assert set(line_context("004_822544ab04fbfb5b.txt", 262).layouts) == {"numerator",
                                                                          "denominator"}
    # the remark "sometimes the denominator layout is used, where J = ..." is in that layout
    assert line_context("004_822544ab04fbfb5b.txt", 202).layouts == ("denominator",)
    assert line_context("no_such_sheet.txt", 1) is None


def test_a_source_cannot_fix_its_layout_by_hand():
    with pytest.raises(ClaimError, match="layout"):
        Claim.from_dict({"id": "x.y", "title": "t", "latex": "x = x", "symbols": {"x": "real"},
                         "sources": [{"sheet": "s.txt", "line": 1, "latex": "x = x",
                                      "layout": "numerator"}]}, "t")


def _ev(verdict):
    cx = {"instance": {"x": 1.0}, "lhs": 1.0, "rhs": 2.0} if verdict == "refuted" else None
    return Evidence(verdict, "numeric", counterexample=cx)


def test_a_line_right_in_an_open_layout_holds_and_wrong_in_both_is_refuted():
    seen = []

    def check(latex, layout):
        seen.append(layout)
        return _ev("passed" if layout == "numerator" else "refuted")

    latex = r"\frac{\partial}{\partial x} f = g"
    assert decide(latex, ("denominator", "numerator"), Habits(), check).verdict == "passed"
    assert seen == ["denominator", "numerator"]
    wrong = decide(latex, ("denominator", "numerator"), Habits(), lambda l, lay: _ev("refuted"))
    assert wrong.verdict == "refuted"
    # an announced layout is the only reading
    assert decide(latex, ("denominator",), Habits(), check).verdict == "refuted"


def test_a_superscript_that_may_be_an_index_gives_two_readings():
    habits = Habits(superscript_index=frozenset({"w"}))

    def check(latex, layout):  # holds only when gamma's superscript is an index
        return _ev("passed" if r"\gamma_{t-1}" in latex else "refuted")

    ev = decide(r"w^{t+1} = w^t - \gamma^{t-1} g", ("denominator",), habits, check)
    assert ev.verdict == "undecided" and "two readings" in ev.detail
    # on a sheet without the habit, a power is a power
    assert decide(r"w_{t+1} = w_t - \gamma^{t-1} g", ("denominator",), Habits(),
                  check).verdict == "refuted"


def test_a_line_where_the_sheet_lost_a_bar_is_never_refuted():
    ev = decide(r"P(Y X) = \frac{P(X Y) P(Y)}{P(X)}", ("denominator",),
                Habits(lost_bars=True), lambda l, lay: _ev("refuted"))
    assert ev.verdict == "undecided" and ev.detail == LOST_BARS
    ev = decide(r"P(Y X) = 1", ("denominator",), Habits(lost_bars=False),
                lambda l, lay: _ev("refuted"))
    assert ev.verdict == "refuted"
