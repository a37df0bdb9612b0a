"""Memoised steps of reading and matching (issue 12): done once per formula, same result."""
from __future__ import annotations

from cheatsheet.latex import _pre


def test_a_formula_is_tokenised_once_and_each_caller_gets_its_own_list(monkeypatch):
    latex = r"\varkappa_{memo} + 1 = 2"  # written nowhere else in the suite
    seen = []
    characters = _pre._characters
    monkeypatch.setattr(_pre, "_characters", lambda s: seen.append(s) or characters(s))
    first = _pre.tokens(latex)
    first.append("x")  # a caller changing its list changes nobody else's
    second = _pre.tokens(latex)
    assert seen == [latex]
    assert second == first[:-1] and second[-1] == "2"
    assert [(t.start, t.end) for t in second[:2]] == [(0, 9), (9, 10)]
