"""Running many claims: in parallel worker processes, with progress, never stopping on one.

Workers are forked after the parent has imported SymPy, built the LaTeX grammar and loaded the
custom checks, so each worker starts warm.  Each claim has its own time limit inside the worker
(see ``check.CLAIM_TIME_LIMIT``), so a hanging claim ends as ``timeout`` and the run goes on.
"""
from __future__ import annotations

import gc
import itertools
import multiprocessing as mp
import os
import time
import warnings
from typing import Callable, Iterable

from cheatsheet import frozen
from cheatsheet.claims import Claim
from . import cache as _cache
from . import parse_store, proofs
from .cache import cacheable, claim_key
from .evidence import VERDICTS, ClaimResult, Evidence

# NumPy, SymPy and the checks load only when a claim is to be checked: a run answered from the
# cache needs none of them.

_CLAIMS: list[Claim] = []
_SEED = 0
_THOROUGH = False


def _warm_up():
    # importing NumPy, SymPy, the reader and the checks (SciPy among them) makes ~10^6 objects
    # and no garbage worth a collection: the collector's passes were ~10% of this serial start
    # (issue 12)
    enabled = gc.isenabled()
    gc.disable()
    try:
        import numpy  # noqa: F401

        from cheatsheet.latex import parse

        from . import custom

        parse("x + 1 = 1 + x")
        custom.names()
    finally:
        if enabled:
            gc.enable()


def _preload_for_workers():
    """What the checks import on first use, imported once before forking rather than once in
    every worker (issue 12: ~0.45 s of CPU per worker): SymPy's simplify imports
    sympy.physics.units, a law's proof sympy.stats, a sheet line's layout the sheets' context.
    Not for a run in this process, which may need none of them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        import sympy.physics.units  # noqa: F401
        import sympy.stats  # noqa: F401

        from . import sheet_context  # noqa: F401
    finally:
        if enabled:
            gc.enable()


def _worker_start():
    # the checks make and drop many small SymPy/NumPy objects: collecting cycles every 700
    # allocations cost ~5% of a run, while reference counting frees nearly all of them (the
    # commands set this for their whole process; a library caller's workers get it here)
    frozen.batch_passes()


def _work(i: int):
    import numpy as np

    warnings.simplefilter("ignore")
    with np.errstate(all="ignore"):
        out = (i, *_run_one(_CLAIMS[i], _SEED, _THOROUGH))
    return out + tuple(s.take_new() if s is not None else {}
                       for s in (proofs.active(), parse_store.active()))


def _run_one(claim: Claim, seed: int, thorough: bool) -> tuple[ClaimResult, bool]:
    """The claim's result, and whether no time limit expired while it was checked (a proof
    cut short by a busy machine must not be remembered; see ``cache.cacheable``)."""
    from .check import verify_claim

    expired = _cache.expiries()
    try:
        result = verify_claim(claim, seed=seed, thorough=thorough)
    except Exception as exc:  # a bug in one check must not end the run
        ev = Evidence("error", "runner", seed=seed, detail=f"{type(exc).__name__}: {exc}")
        result = ClaimResult(claim.id, claim.topic, claim.title, claim.latex, ev, [])
    return result, _cache.expiries() == expired


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_claims(claims: Iterable[Claim], *, seed: int = 0, jobs: int | None = None,
               thorough: bool = False,
               progress: Callable[[ClaimResult], None] | None = None,
               cache=None) -> list[ClaimResult]:
    """Verify claims; results come back in catalog order whatever order they finish in.

    ``cache`` (a ``cache.ResultCache``, or None) supplies the results of claims checked before
    with the same content, seed and engine, and keeps the new ones; only the others run."""
    claims = list(claims)
    results: list[ClaimResult | None] = [None] * len(claims)
    keys: list[str] = []
    if cache is not None:
        keys = [claim_key(c, seed, thorough) for c in claims]
        found = cache.get_many(keys)
        for i, key in enumerate(keys):
            if key in found:
                results[i] = found[key]
                if progress:
                    progress(found[key])
    todo = [i for i, r in enumerate(results) if r is None]
    if todo:
        keep = {}
        # the SymPy proofs and the readings of earlier runs (verify/proofs.py,
        # verify/parse_store.py), whenever results are cached
        folder = cache.path.parent if cache is not None and cache.path is not None else None
        stores = (proofs, parse_store)
        for module in stores:
            module.activate(module.load(folder) if folder is not None else None)
        try:
            ran = _run_many([claims[i] for i in todo], seed, jobs, thorough, progress)
        finally:
            found = [module.active() for module in stores]
            for module in stores:
                module.activate(None)
        for module, store in zip(stores, found):
            if store is not None:
                module.save(folder, store.take_new())
        for i, (res, clock_free) in zip(todo, ran):
            results[i] = res
            if cache is not None and clock_free and cacheable(res):
                keep[keys[i]] = res
        if cache is not None:
            cache.put_many(keep)
    return results


def _run_many(claims: list[Claim], seed: int, jobs: int | None, thorough: bool,
              progress) -> list[tuple[ClaimResult, bool]]:
    """(result, clock-free) for each claim, in order."""
    global _CLAIMS, _SEED, _THOROUGH
    _warm_up()
    import numpy as np

    jobs = default_jobs() if jobs is None else max(1, jobs)
    results: list = [None] * len(claims)
    if jobs == 1 or len(claims) < 4 or "fork" not in mp.get_all_start_methods():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            for i, c in enumerate(claims):
                results[i] = _run_one(c, seed, thorough)
                if progress:
                    progress(results[i][0])
        return results
    _CLAIMS, _SEED, _THOROUGH = claims, seed, thorough
    _preload_for_workers()
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = mp.get_context("fork")
    # The parent's objects (SymPy, the grammar, the catalog) are never freed: frozen, the
    # workers' collections skip them and never write to (so copy) the pages they share.
    ours = frozen.freeze()  # thawed at the end unless a caller had frozen objects too
    # Catalog order, one claim at a time: the claims are many and short (the longest ~0.5 s
    # of ~12 s per worker), so the workers finish within a claim of each other; a simulation
    # on measured times gave no gain from ordering longest first.  A ProcessPoolExecutor, not a
    # multiprocessing.Pool: the Pool's worker-handler thread wakes whenever a result waits in
    # the pipe and spins until the result thread has read it, ~1.5 s of the parent's CPU in a
    # cold run (issue 12) taken from the workers on two cores; the executor's one thread reads
    # the results itself.  At most ``jobs`` claims are queued ahead, so the order stays dynamic.
    workers = min(jobs, len(claims))
    try:
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_start) as pool:
            stores = (proofs.active(), parse_store.active())
            queued = iter(range(len(claims)))
            pending = {pool.submit(_work, i) for i in itertools.islice(queued, 2 * workers)}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                pending |= {pool.submit(_work, i) for i in itertools.islice(queued, len(done))}
                for fut in done:
                    i, res, clock_free, *new = fut.result()
                    results[i] = (res, clock_free)
                    for store, items in zip(stores, new):
                        if store is not None:  # a worker's new entries, written once by the parent
                            store.merge(items)
                    if progress:
                        progress(res)
    finally:
        frozen.thaw(ours)
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
