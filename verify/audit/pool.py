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

With ``remember`` (``cheatsheet audit``), the sheets' readings and the findings themselves are
remembered too (remembered.py: keyed by the formula's job, the catalog, the seed and the engine's
hash; never a finding a time limit shaped), and so are the rereadings of ok lines under a
section's letters (bound_letters.rebound): a rerun on unchanged sheets and code decides and
checks nothing (the five sheets: ~65 s of CPU cold, ~1 s again), and the checks, the decider
and the stores above are loaded only when some formula is new.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import pickle
import time
from functools import partial
import warnings
import zlib

import numpy as np

from cheatsheet import frozen

from ..cache import expiries
from . import remembered
from .finding import Finding


def audit_files(paths, *, seed: int = 0, jobs: int | None = None, catalog=None,
                exclude_sheets=(), texts: dict | None = None, progress=None,
                on_start=None, remember: bool = False):
    """Audit sheet files (SheetError for one that cannot be read, before any formula is
    decided). ``progress`` is called with each finding, ``on_start`` with the number of
    formulas. ``remember``: read and keep the sheets' readings and the findings in the user
    cache (remembered.py; ``cheatsheet audit`` does): off by default, so a caller that
    patches the decider (a diagnostic script) sees its patch run on every formula."""
    from . import run

    start = time.perf_counter()
    n = max(1, jobs or min(os.cpu_count() or 1, 8))
    forking = n > 1 and "fork" in mp.get_all_start_methods()
    texts = texts or {}
    folder = _cache_folder()
    store = remembered.Store(folder) if folder is not None and remember else None
    read, sheet_keys = _read_before(store, paths, texts)  # sheets whose reading is known
    unread = [p for p in paths if p not in read]
    deciders: list = []
    indexing = []  # the matcher's index being built by a reader (a cold cache)

    def decider():
        if not deciders:
            _warm_up()
            if indexing:  # built and written to the cache: the matcher reads it there
                try:
                    indexing[0].get()
                except Exception:  # noqa: BLE001 - not written: the matcher builds it
                    pass
            deciders.append(run.decider(catalog, exclude_sheets, seed))
        return deciders[0]

    readers = None
    if forking and unread:  # the sheets read while the checks load
        if catalog is None and _index_to_build(None):
            from cheatsheet.catalog import get_catalog

            catalog = get_catalog()
        _STATE["catalog"] = catalog  # (the readers inherit it: never pickled)
        readers = mp.get_context("fork").Pool(min(n, len(unread)))
        if catalog is not None and _index_to_build(catalog):
            # with no index in the cache, one reader builds it (tokenising the catalog's
            # forms, ~2.5 s of CPU) while the parent loads the checks: the parent's part
            # before the workers start was the longest stretch of a cold run on one core
            indexing.append(readers.apply_async(_build_index))
        reading = readers.starmap_async(partial(_shipped, run.jobs_of),
                                        [(p, texts.get(p)) for p in unread], chunksize=1)
    try:
        if readers is None:
            for p in unread:
                read[p] = run.jobs_of(p, texts.get(p))
        if catalog is None:
            from cheatsheet.catalog import get_catalog

            catalog = get_catalog()
        ctx = remembered.context(catalog, exclude_sheets, seed) if store is not None else ""
        if ctx is None:  # a catalog whose content cannot be digested: nothing remembered
            store, sheet_keys = None, {}
        if unread:  # new sheets, new formulas: the checks are needed (with every sheet's
            decider()  # reading known, only when a formula's finding is not: below)
        if readers is not None:
            read.update(zip(unread, map(pickle.loads, reading.get())))
    finally:
        _STATE.pop("catalog", None)
        if readers is not None:
            readers.terminate()
            readers.join()
    # what is new to remember, written once at the end: readings, findings
    kept: dict = {sheet_keys[p]: read[p] for p in unread if p in sheet_keys}
    all_jobs = [j for p in paths for j in read[p]]
    if on_start:
        on_start(len(all_jobs))
    results: list[Finding | None] = [None] * len(all_jobs)
    keys = remembered.job_keys(ctx, all_jobs) if store is not None else [None] * len(all_jobs)
    known = store.get_many(keys) if store is not None else {}
    todo = [k for k, key in enumerate(keys) if key not in known]
    # the proof and reading stores (only caches: a second look decided without them gives
    # the same finding) are loaded only when there is a formula to decide
    stores = _open_stores(folder if todo else None)
    _STATE.update(jobs=all_jobs, keys=keys)
    try:
        def take(chunk, *new):
            for s, items in zip(stores, new):
                if s is not None:  # a worker's new rows, written once by the parent
                    s.merge(items)
            kept.update(new[len(stores)] if len(new) > len(stores) else {})
            for k, f in chunk:
                results[k] = f
                if progress:
                    progress(f)

        take([(k, known[key]) for k, key in enumerate(keys) if key in known])
        if todo:
            _STATE["decider"] = decider()
        parts = _parts(all_jobs, todo, n)
        pool = None
        try:
            if not forking or len(todo) < 8:
                for part in parts:
                    take(*_work(part))
            else:
                from ..runner import _preload_for_workers, _worker_start

                _preload_for_workers()
                # the parent's objects: never collected in a worker, so never copied
                ours = frozen.freeze()
                pool = mp.get_context("fork").Pool(n, initializer=_worker_start)
                for done in pool.imap_unordered(partial(_shipped, _work), parts):
                    take(*pickle.loads(done))
            # formulas failing a claim in renamed letters, again with the renamings the
            # sheet's credited lines confirm (notation.py); in the workers still running,
            # when there are some: in the parent alone they were a serial tail of ~3 s
            results = _second_pass(results, all_jobs, catalog, pool, stores, decider,
                                   (store, ctx, kept))
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
                frozen.thaw(ours)
        from .bound_letters import letters_bound, rebound

        def reread(job, claim, changes):
            # remembered like a finding: on a rerun the checks need not even be loaded
            key = (remembered.reread_key(ctx, job, claim, changes) if store is not None
                   else None)
            found = store.get_many([key]) if key is not None else {}
            if key in found:
                return found[key]
            before = expiries()
            out = decider().reread(job, claim, changes)
            if key is not None and expiries() == before and remembered.keepable_reread(out):
                kept[key] = out
            return out

        # an ok line holding only with letters renamed that its section binds to another
        # claim's reading, which it fails (bound_letters.py)
        results = letters_bound(results, all_jobs, catalog)
        results = rebound(results, all_jobs, catalog, reread)
    finally:
        _STATE.clear()
        _close_stores(stores, folder if todo else None)
        if store is not None:
            store.put_many(kept)
            store.close()
    res = run.AuditResult([f for f in results if f is not None], [str(p) for p in paths])
    res.seconds = time.perf_counter() - start
    return res


_STATE: dict = {}




def _index_to_build(catalog) -> bool:
    """Will the matcher have to build its index (none of this catalog's in the cache)? With
    no catalog given: is the cache folder usable at all (else building elsewhere is moot)."""
    from cheatsheet.match.index import _cache_path, cached

    from ..cache import disabled_by_environment

    if disabled_by_environment():  # (the test suite: its index is kept in memory)
        return False
    if catalog is None:
        return _cache_path("probe") is not None
    try:
        return not cached(catalog)
    except Exception:  # noqa: BLE001 - the matcher will say what is wrong
        return False


def _build_index() -> bool:
    """In a reader: build the catalog's index and write it to the cache."""
    from cheatsheet.match.index import load

    load(_STATE["catalog"])
    return True


def _read_before(store, paths, texts: dict) -> tuple[dict, dict]:
    """(path -> its jobs for the sheets whose reading is remembered: the same bytes, name and
    engine; path -> the key of its reading)."""
    if store is None:
        return {}, {}
    engine = remembered.reading_engine()
    keys = {}
    for p in paths:
        try:
            if texts.get(p) is not None:
                data = texts[p].encode("utf-8")
            else:
                with open(p, "rb") as fh:
                    data = fh.read()
        except (OSError, UnicodeError, TypeError):
            continue  # (jobs_of says what is wrong with it)
        keys[p] = remembered.sheet_key(engine, str(p), data)
    found = store.get_many(keys.values())
    return {p: found[k] for p, k in keys.items() if k in found}, keys


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


def _shipped(fn, *args) -> bytes:
    """``fn(*args)`` pickled in the worker, to be loaded by the parent's own thread. A result
    the pool's result thread cannot load kills that thread, and the pool then waits for it
    forever (an unpicklable reader token once hung an audit for hours); loaded here, the
    error reaches the command instead."""
    return pickle.dumps(fn(*args), protocol=pickle.HIGHEST_PROTOCOL)


def _work(part: list[int]) -> tuple:
    """The findings of one share of formulas, the store rows new in this worker, and the
    findings to remember (remembered.py: none the clock shaped)."""
    from .. import parse_store, proofs

    warnings.simplefilter("ignore")
    decider, jobs, keys = _STATE["decider"], _STATE["jobs"], _STATE["keys"]
    # the share's closest catalog forms found together (cheatsheet/match/nearest.py)
    decider.matcher.prepare(jobs[k].formula.reading for k in part)
    out, kept = [], {}
    with np.errstate(all="ignore"):
        for k in part:
            j = jobs[k]
            before = expiries()
            f = decider.decide(j.formula, j.conv, j.file, j.habits)
            out.append((k, f))
            if keys[k] is not None and expiries() == before and remembered.keepable(f):
                kept[keys[k]] = f
    return (out, *(s.take_new() if s is not None else {}
                   for s in (proofs.active(), parse_store.active())), kept)


def _second_pass(results, jobs, catalog, pool, stores, decider, remembering) -> list:
    """``notation.second_pass`` with the second looks remembered (``remembering``: the
    findings' store, its context and the dict of new rows) and, with a ``pool`` of workers,
    decided there."""
    from .notation import second_found, second_looks

    store, ctx, kept = remembering
    found, asked = {}, []
    for k, notation in second_looks(results, jobs, catalog):
        key = remembered.again_key(ctx, jobs[k], notation) if store is not None else None
        hit = store.get_many([key]) if key is not None else {}
        if key in hit:
            found[k] = hit[key]
        else:
            asked.append((k, notation, key))
    if pool is not None and len(asked) > 1:
        keys = {k: key for k, _, key in asked}
        for k, f, clean, *new in map(pickle.loads, pool.imap_unordered(
                partial(_shipped, _again), [a[:2] for a in asked])):
            for s, items in zip(stores, new):
                if s is not None:
                    s.merge(items)
            found[k] = f
            if keys[k] is not None and clean and remembered.keepable(f):
                kept[keys[k]] = f
    else:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for k, notation, key in asked:
                f, clean = _decide_again(decider(), jobs[k], notation)
                found[k] = f
                if key is not None and clean and remembered.keepable(f):
                    kept[key] = f
    return second_found(results, found)


def _decide_again(decider, job, notation) -> tuple:
    """(The formula's finding with ``notation``'s renamings confirmed, whether no time limit
    shaped it)."""
    decider.notation = notation
    before = expiries()
    try:
        f = decider.decide(job.formula, job.conv, job.file, job.habits)
    finally:
        decider.notation = {}
    return f, expiries() == before


def _again(task) -> tuple:
    """In a worker: a second look (``_second_pass``) and the store rows new meanwhile."""
    from .. import parse_store, proofs

    k, notation = task
    warnings.simplefilter("ignore")
    with np.errstate(all="ignore"):
        f, clean = _decide_again(_STATE["decider"], _STATE["jobs"][k], notation)
    return (k, f, clean, *(s.take_new() if s is not None else {}
                           for s in (proofs.active(), parse_store.active())))


def _parts(jobs: list, todo: list[int], n: int) -> list[list[int]]:
    """Formulas ``todo`` shared out by their text (copies together), in small chunks for
    balance."""
    buckets: list[list[int]] = [[] for _ in range(n * 8)]
    for k in todo:
        buckets[zlib.crc32(jobs[k].formula.reading.encode()) % len(buckets)].append(k)
    return [b for b in buckets if b]
