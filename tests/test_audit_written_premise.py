"""A premise the reading states (``P \\implies Q``) that the line writes as a formula of its
own before this one is no addition of the reading's (renaming._clause_added)."""
from __future__ import annotations

from types import SimpleNamespace as NS

from cheatsheet.match.tokens import tokenize
from cheatsheet.verify.audit.renaming import _clause_added

_READING = NS(latex=r"S = U D U^\top \implies r = U D^{-1} U^\top b")


def _cand(mapping):
    return NS(sheet_tokens=tokenize(r"y = P D^{-1} P^\top c"), mapping=mapping)


def test_a_premise_written_before_on_the_line_in_the_sheets_letters_is_not_added():
    c = _cand({"y": "r", "P": "U", "D": "D", "c": "b"})  # (S: a letter the formula lacks)
    assert _clause_added(c, _READING, r"S = P D P^\top") == ""
    assert _clause_added(c, _READING, r"\lambda > 0 \quad S = P D P^\top") == ""


def test_a_premise_the_line_does_not_write_is_still_added():
    c = _cand({"y": "r", "P": "U", "D": "D", "c": "b"})
    assert _clause_added(c, _READING, "") == "a consequence (implies)"
    assert _clause_added(c, _READING, r"S = P^\top D P") == "a consequence (implies)"
    assert _clause_added(c, _READING, r"S = U D U^\top") == "a consequence (implies)"
