"""A formula the words show as the sheet's notation ("we write $a := b$ for assignment") is
named, not used: it gives its letters no value for the formulas after it (red team 14's GLM
handout had a(eta) read with a = b put in)."""
from __future__ import annotations

from cheatsheet.sheets.definitions import shown_as_notation
from cheatsheet.verify.audit.run import jobs_of

_SHEET = ("# Updates\n\nIn these notes we write $u := v$ to mean an update, and the step is "
          "$s = \\alpha g$.\n\n$u(\\theta) = \\theta^2$ and $s' = \\alpha$\n")


def _named(text):
    jobs = jobs_of("notes.md", text)
    return {d.name for d in jobs[-1].conv.named}


def test_notation_shown_in_words_defines_nothing():
    assert shown_as_notation("In these notes we write", "to mean an update, and")
    assert shown_as_notation("Updates are written as", "for short")
    assert not shown_as_notation("we write", "")  # ("we write $u = v$." states it)
    assert not shown_as_notation("Let", "for every step")
    named = _named(_SHEET)
    assert "u" not in named and "s" in named  # the step's value still counts


def test_the_same_formula_used_still_gives_its_letter_a_value():
    assert "u" in _named(_SHEET.replace("we write $u := v$ to mean an update", "let $u := v$"))
