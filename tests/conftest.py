"""Shared fixtures: the catalog and one verification result per claim (computed once)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# The suite checks claims afresh: a remembered verdict would hide what a test changes (a
# patched check, a temporary catalog); tests/test_verify_cache.py turns the cache on itself.
os.environ["CHEATSHEET_NO_CACHE"] = "1"

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"

_RESULTS: dict = {}


@pytest.fixture(scope="session")
def catalog():
    from cheatsheet.catalog import get_catalog

    return get_catalog()


@pytest.fixture(scope="session")
def verified():
    """claim id -> ClaimResult, computed lazily and cached for the session."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify.check import verify_claim

    cat = get_catalog()

    def get(claim_id):
        if claim_id not in _RESULTS:
            _RESULTS[claim_id] = verify_claim(cat[claim_id], seed=0)
        return _RESULTS[claim_id]

    return get
