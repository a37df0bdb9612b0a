"""A time limit that fires while the reader works is the caller's: it reaches the caller as
the time limit, never as "cannot read" (which the reading memo would keep for the whole run)."""
from __future__ import annotations

import pytest

import cheatsheet.latex as latex
from cheatsheet.latex import reader as reader_module
from cheatsheet.verify.timelimit import CheckTimeout


def test_a_time_limit_inside_the_reader_is_not_a_reading_error(monkeypatch):
    def interrupted(self, tree):
        raise CheckTimeout()

    monkeypatch.setattr(reader_module.Reader, "statement", interrupted)
    with pytest.raises(CheckTimeout):
        latex.parse("x + y = y + x")


def test_a_text_the_reader_refuses_is_still_a_reading_error():
    with pytest.raises(latex.LatexError):
        latex.parse("x + = ) y")
