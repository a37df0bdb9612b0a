"""How much a word of a claim's title says: its idf, counted against a frozen reference.

A word's weight is log(REFERENCE_CLAIMS / k), k the number of claims whose words hold it. With k
counted in the live catalog, every claim added moved the weights of the words it shares: adding
four bivariate-Gaussian claims ("the regression line") lowered "regression" enough that a
heading "Kernel ridge regression" no longer named ridge.argmin, a weaker claim was tried
instead and a right ridge formula was called wrong. So k comes from a reference table written
once from the catalog (data/match/word_counts.json, by scripts/word_reference.py): a claim added
later leaves every word the table knows as it was, and only a word the table has never seen is
counted in the live catalog. Rewriting the table moves weights everywhere: re-measure after it.
The table describes the packaged catalog: a much smaller one (a test's, a user's own) is counted
live, as its words' weights among its own claims are what it means.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

# the catalog's size when the thresholds on idf here and in verify/audit were set
REFERENCE_CLAIMS = 900


def reference_path():
    return resources.files("cheatsheet.data") / "match" / "word_counts.json"


@lru_cache(maxsize=1)
def reference() -> tuple[int, dict[str, int]]:
    """(claims counted, word -> number of those claims holding it), as frozen in the reference
    table; (0, {}) if the table is missing: then the live catalog's counts are used."""
    try:
        table = json.loads(reference_path().read_text(encoding="utf-8"))
        claims, written = int(table["claims"]), dict(table["counts"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0, {}
    # words are compared in one spelling (spelling.py): a word the table holds in both
    # spellings counts the claims of both
    from .spelling import british

    counts: dict[str, int] = {}
    for word, k in written.items():
        counts[british(word)] = counts.get(british(word), 0) + k
    return claims, counts


def reference_counts() -> dict[str, int]:
    """word -> number of claims holding it, as the reference table counts them."""
    return reference()[1]


def live_counts(claim_words) -> dict[str, int]:
    """word -> number of claims holding it, ``claim_words`` giving each claim's words."""
    df: dict[str, int] = {}
    for ws in claim_words:
        for w in ws:
            df[w] = df.get(w, 0) + 1
    return df


def idf(claim_words) -> dict[str, float]:
    """Each word's weight for the live catalog's words, counted by the reference table where
    it knows the word (for a catalog at least half the table's size)."""
    claim_words = list(claim_words)
    size, frozen = reference()
    if len(claim_words) < size / 2:
        frozen = {}
    return {w: math.log(REFERENCE_CLAIMS / frozen.get(w, k))
            for w, k in live_counts(claim_words).items()}
