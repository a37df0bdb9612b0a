"""Memoised steps of reading and matching (issue 12): done once per formula, same result."""
from __future__ import annotations

from cheatsheet.latex import _pre
from cheatsheet.match.index import load as load_index  # the disk cache's (conftest.py keeps
# one index per catalog in memory for the other tests: taken here before it does)


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


def _small_catalog():
    """A catalog of a few claims (an index of its own is built in a moment)."""
    from cheatsheet.catalog import Catalog, get_catalog

    return Catalog([c for c in get_catalog() if c.id.startswith(("tanh.", "log."))])


def test_an_index_read_from_the_cache_hands_over_its_forms_tokens(tmp_path, monkeypatch):
    """The matcher takes a loaded index's forms' tokens as the index kept them (the same
    tokens, places in the formula as written included) instead of tokenising them again."""
    from cheatsheet import match
    from cheatsheet.match import index

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cat = _small_catalog()
    built = load_index(cat)
    loaded = load_index(cat)
    assert not built.loaded and loaded.loaded
    tokenised = []
    real = match.tokenize
    monkeypatch.setattr(match, "tokenize", lambda s: tokenised.append(s) or real(s))
    m = match.Matcher(cat, loaded)
    for k, e in enumerate(m.entries):
        got, want = m.form_tokens(k), real(e.latex)
        assert got == want
        assert [(getattr(t.raw, "start", None), getattr(t.raw, "end", None)) for t in got] == \
               [(getattr(t.raw, "start", None), getattr(t.raw, "end", None)) for t in want]
    assert m.entries and tokenised == []



def test_the_words_of_a_claim_id_are_worked_out_once(monkeypatch):
    """An audit weighs a named claim's id words for every formula near it (~100 000 times on
    a sample of the suite): worked out once per id, the same words each time."""
    from cheatsheet.verify.audit import named_instead

    seen = []
    words_of = named_instead.words_of
    monkeypatch.setattr(named_instead, "words_of", lambda s: seen.append(s) or words_of(s))
    claim_id = "kinetics.arrhenian_rates-memo"  # an id of our own, asked for nowhere else
    first = named_instead._id_words(claim_id)
    assert named_instead._id_words(claim_id) is first
    assert first == {"kinetic", "arrhenian", "rate", "memo"} and len(seen) == 1
