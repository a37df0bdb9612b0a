"""Word weights come from a frozen reference of word counts (cheatsheet/match/word_weights.py):
adding claims that share a word must not lower that word's weight, or a heading that named a
claim stops naming it and a weaker claim decides the line. Our own words and claims."""
from __future__ import annotations

import math

from cheatsheet.match import word_weights
from cheatsheet.match.word_weights import REFERENCE_CLAIMS


def test_added_claims_sharing_a_word_leave_its_weight():
    frozen = word_weights.reference_counts()
    assert frozen, "the reference table data/match/word_counts.json is missing"
    word = "regression"
    assert word in frozen
    size, _ = word_weights.reference()
    catalog = [frozenset({word, "ridge"}), frozenset({"lasso"})] + [
        frozenset({f"filler{k}"}) for k in range(size)]
    grown = catalog + [frozenset({word, f"extra{k}"}) for k in range(40)]
    before, after = word_weights.idf(catalog), word_weights.idf(grown)
    assert before[word] == after[word] == math.log(REFERENCE_CLAIMS / frozen[word])
    # a word the table has never seen is counted in the live catalog, so it can change
    assert after["extra0"] == math.log(REFERENCE_CLAIMS / 1)


def test_without_the_table_or_for_a_small_catalog_the_live_counts_are_used(monkeypatch):
    small = [frozenset({"regression"})] * 3  # a test's or a user's own few claims
    assert word_weights.idf(small)["regression"] == math.log(REFERENCE_CLAIMS / 3)
    monkeypatch.setattr(word_weights, "reference", lambda: (0, {}))
    big = [frozenset({"regression"})] * 3 + [frozenset({f"w{k}"}) for k in range(1000)]
    assert word_weights.idf(big)["regression"] == math.log(REFERENCE_CLAIMS / 3)


def test_the_table_covers_the_catalogs_words():
    # scripts/word_reference.py --check lists the words it lacks; a word missing is weighed by
    # the live count, which is what the table exists to avoid for the words it knows
    from cheatsheet.catalog import get_catalog
    from cheatsheet.match.index import claim_words_of

    live = set().union(*(claim_words_of(c) for c in get_catalog()))
    missing = live - set(word_weights.reference_counts())
    assert len(missing) <= len(live) // 10, sorted(missing)[:20]
