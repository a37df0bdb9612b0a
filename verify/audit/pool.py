"""Running an audit: read the sheets, load the checks, decide the formulas in worker processes.

Why this shape (issue 8's 20 s for the five sheets on 2 cores; figures are CPU seconds of a cold
five-sheet run): before any worker started, the parent spent ~7 s alone, importing (1.1), loading
the custom checks with SciPy (1.9), the matcher's index and the judge (0.7) and reading the sheets
(3.0).  Reading a sheet needs none of the checks, so with more than one job the sheets are read
in forked readers while the parent loads the checks; the workers are forked after both, so they
start warm and share what the parent loaded (frozen for the collector, as verify/runner.py does).

Formulas are shared out by their text, so the copies of one formula (sheets repeat each other)
meet in the same worker and are decided once; each formula has its own time limit (decide.py).

Readings of formulas and SymPy's proof outcomes are remembered across runs in the user cache
folder, in the stores ``cheatsheet verify`` keeps (verify/parse_store.py, verify/proofs.py;
their keys are the formula and the reader's code, the expression and the prover's code, so a
remembered row gives what computing it would): reading was ~30% of the workers' time.  The
parent loads the rows before forking, the workers hand new rows back with their findings and
the parent writes them once.  ``CHEATSHEET_NO_CACHE=1`` turns the stores off (the test suite).
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import time
import warnings
import zlib

import numpy as np

from .finding import Finding


def audit_files(paths, *, seed: int = 0, jobs: int | None = None, catalog=None,
                exclude_sheets=(), texts: dict | None = None, progress=None,
                on_start=None):
    """Audit sheet files (SheetError for one that cannot be read, before any formula is
    decided). ``progress`` is called with each finding, ``on_start`` with the number of
    formulas."""
    from . import run

    start = time.perf_counter()
    n = max(1, jobs or min(os.cpu_count() or 1, 8))
    forking = n > 1 and "fork" in mp.get_all_start_methods()
    texts = texts or {}
    readers = None
    if forking:  # the sheets read while the checks load
        readers = mp.get_context("fork").Pool(min(n, len(paths)) or 1)
        reading = readers.starmap_async(run.jobs_of, [(p, texts.get(p)) for p in paths],
                                        chunksize=1)
    try:
        if readers is None:
            all_jobs = [j for p in paths for j in run.jobs_of(p, texts.get(p))]
        if catalog is None:
            from cheatsheet.catalog import get_catalog

            catalog = get_catalog()
        _warm_up()
        decider = run.decider(catalog, exclude_sheets, seed)
        if readers is not None:
            all_jobs = [j for part in reading.get() for j in part]
    finally:
        if readers is not None:
            readers.terminate()
            readers.join()
    if on_start:
        on_start(len(all_jobs))
    results: list[Finding | None] = [None] * len(all_jobs)
    folder = _cache_folder()
    stores = _open_stores(folder)
    _STATE.update(decider=decider, jobs=all_jobs)
    try:
        parts = _parts(all_jobs, n)

        def take(chunk, *new):
            for store, items in zip(stores, new):
                if store is not None:  # a worker's new rows, written once by the parent
                    store.merge(items)
            for k, f in chunk:
                results[k] = f
                if progress:
                    progress(f)

        if not forking or len(all_jobs) < 8:
            for part in parts:
                take(*_work(part))
        else:
            from ..runner import _preload_for_workers, _worker_start

            _preload_for_workers()
            gc.freeze()  # the parent's objects: never collected in a worker, so never copied
            try:
                with mp.get_context("fork").Pool(n, initializer=_worker_start) as pool:
                    for done in pool.imap_unordered(_work, parts):
                        take(*done)
            finally:
                gc.unfreeze()
        # formulas failing a claim in renamed letters, again with the renamings the sheet's
        # credited lines confirm (notation.py)
        from .notation import second_pass

        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results = second_pass(results, all_jobs, decider)
    finally:
        _STATE.clear()
        _close_stores(stores, folder)
    res = run.AuditResult([f for f in results if f is not None], [str(p) for p in paths])
    res.seconds = time.perf_counter() - start
    return res


_STATE: dict = {}


def _warm_up():
    """The reader's grammar and the custom checks (SciPy among them) loaded; the collector
    off meanwhile: importing makes ~10^6 objects and no garbage (verify/runner.py)."""
    from .run import _warm_up as load

    enabled = gc.isenabled()
    gc.disable()
    try:
        load()
    finally:
        if enabled:
            gc.enable()


def _cache_folder():
    """The user cache folder, or None when the environment turns the cache off."""
    from ..cache import default_dir, disabled_by_environment

    return None if disabled_by_environment() else default_dir()


def _open_stores(folder) -> tuple:
    """The proof and reading stores of ``folder``, active (None each without a folder)."""
    from .. import parse_store, proofs

    out = []
    for module in (proofs, parse_store):
        module.activate(module.load(folder) if folder is not None else None)
        out.append(module.active())
    return tuple(out)


def _close_stores(stores: tuple, folder) -> None:
    """Turn the stores off and write their new rows."""
    from .. import parse_store, proofs

    for module, store in zip((proofs, parse_store), stores):
        module.activate(None)
        if store is not None:
            module.save(folder, store.take_new())


def _work(part: list[int]) -> tuple:
    """The findings of one share of formulas, and the store rows new in this worker."""
    from .. import parse_store, proofs

    warnings.simplefilter("ignore")
    decider, jobs = _STATE["decider"], _STATE["jobs"]
    out = []
    with np.errstate(all="ignore"):
        for k in part:
            j = jobs[k]
            out.append((k, decider.decide(j.formula, j.conv, j.file, j.habits)))
    return (out, *(s.take_new() if s is not None else {}
                   for s in (proofs.active(), parse_store.active())))


def _parts(jobs: list, n: int) -> list[list[int]]:
    """Formulas shared out by their text (copies together), in small chunks for balance."""
    buckets: list[list[int]] = [[] for _ in range(n * 8)]
    for k, j in enumerate(jobs):
        buckets[zlib.crc32(j.formula.reading.encode()) % len(buckets)].append(k)
    return [b for b in buckets if b]
