"""Work an audit does once instead of many times (issue 8's 20 s): same results, fewer calls."""
from __future__ import annotations

from cheatsheet.sheets import words


def test_a_text_is_folded_once_and_a_repeated_heading_translated_once(monkeypatch):
    """english() folds a text's accents once (not once per glossary stem) and remembers a
    text it has seen: a sheet repeats its headings on every segment under them."""
    text = "Função geradora de momentos da Poisson (memo test, not elsewhere)"
    folded = []
    plain = words.plain
    monkeypatch.setattr(words, "plain", lambda w: folded.append(w) or plain(w))
    words.english.cache_clear()
    first = words.english(text)
    assert folded.count(text) == 1
    calls = len(folded)
    assert words.english(text) == first and len(folded) == calls
    assert first.startswith("Moment generating function") and "Poisson" in first
    words.english.cache_clear()
    assert words.english("Mean and variance of the exponential") == \
        "Mean and variance of the exponential"
