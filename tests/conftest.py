"""Shared fixtures: the catalog and one verification result per claim (computed once)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# The suite checks claims afresh: a remembered verdict would hide what a test changes (a
# patched check, a temporary catalog); tests/test_verify_cache.py turns the cache on itself.
os.environ["CHEATSHEET_NO_CACHE"] = "1"

# One BLAS thread per test process, as ``cheatsheet verify`` gives its workers (cli.py): the
# xdist workers already fill the cores, and a BLAS thread per core on top of them makes the
# checks' many tiny products and eigendecompositions wait on each other (a batch of 40 x 40
# eigh took 0.26 s instead of 0.01 s on a busy machine; mgf.gamma's tests 29 s instead of 2).
# NumPy is not loaded yet when pytest reads this file, so the variables still take effect.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

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
