"""Running many claims: in parallel worker processes, with progress, never stopping on one.

Workers are forked after the parent has imported SymPy, built the LaTeX grammar and loaded the
custom checks, so each worker starts warm.  Each claim has its own time limit inside the worker
(see ``check.CLAIM_TIME_LIMIT``), so a hanging claim ends as ``timeout`` and the run goes on.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import time
import warnings
from typing import Callable, Iterable

import numpy as np

from cheatsheet.claims import Claim
from .check import verify_claim
from .evidence import VERDICTS, ClaimResult, Evidence

_CLAIMS: list[Claim] = []
_SEED = 0
_THOROUGH = False


def _warm_up():
    from cheatsheet.latex import parse

    from . import custom

    parse("x + 1 = 1 + x")
    custom.names()


def _work(i: int):
    warnings.simplefilter("ignore")
    with np.errstate(all="ignore"):
        return i, _run_one(_CLAIMS[i], _SEED, _THOROUGH)


def _run_one(claim: Claim, seed: int, thorough: bool) -> ClaimResult:
    try:
        return verify_claim(claim, seed=seed, thorough=thorough)
    except Exception as exc:  # a bug in one check must not end the run
        ev = Evidence("error", "runner", seed=seed, detail=f"{type(exc).__name__}: {exc}")
        return ClaimResult(claim.id, claim.topic, claim.title, claim.latex, ev, [])


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_claims(claims: Iterable[Claim], *, seed: int = 0, jobs: int | None = None,
               thorough: bool = False,
               progress: Callable[[ClaimResult], None] | None = None) -> list[ClaimResult]:
    """Verify claims; results come back in catalog order whatever order they finish in."""
    global _CLAIMS, _SEED, _THOROUGH
    claims = list(claims)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    _warm_up()
    results: list[ClaimResult | None] = [None] * len(claims)
    if jobs == 1 or len(claims) < 4 or "fork" not in mp.get_all_start_methods():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            for i, c in enumerate(claims):
                results[i] = _run_one(c, seed, thorough)
                if progress:
                    progress(results[i])
        return results
    _CLAIMS, _SEED, _THOROUGH = claims, seed, thorough
    ctx = mp.get_context("fork")
    # slowest-first would balance better, but catalog order keeps runs reproducible
    with ctx.Pool(jobs) as pool:
        for i, res in pool.imap_unordered(_work, range(len(claims)), chunksize=1):
            results[i] = res
            if progress:
                progress(res)
    return results


def summary(results: list[ClaimResult], seconds: float) -> dict:
    counts = {v: 0 for v in VERDICTS}
    for r in results:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
    sources = [s for r in results for s in r.sources]
    return {
        "claims": len(results), **counts,
        "source_versions": len(sources),
        "source_holds": sum(s.verdict == "holds" for s in sources),
        "source_refuted": sum(s.verdict == "refuted" for s in sources),
        "source_undecided": sum(s.verdict == "undecided" for s in sources),
        "seconds": round(seconds, 2),
    }


def timed_run(claims, **kw):
    start = time.perf_counter()
    results = run_claims(claims, **kw)
    return results, summary(results, time.perf_counter() - start)
