"""Shared fixtures: the catalog and one verification result per claim (computed once)."""
from __future__ import annotations

import gc
import os
import sys
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

# The collector runs every 50 000 new objects rather than every 700, as in the commands and
# verify's workers (cheatsheet/frozen.py): the checks, the reader and SymPy make and drop many
# small objects that reference counting frees, and the collector's frequent passes found
# little.  Five audit and claim test files in one process: the collector's time 4.2 -> 1.9 s,
# the whole 41.5 -> 40 s of CPU, peak memory the same 632 MB (thresholds of 20 000 and 100 000
# measured alike).  Cycles are still collected (and each file starts after a full collection
# below).
from cheatsheet.frozen import batch_passes, no_collection_at_exit  # noqa: E402 - light

batch_passes()
# and, as every command, no full pass over the worker's millions of objects as it exits
no_collection_at_exit()

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def _compile_project() -> None:
    """Bytecode for the project's own modules, written once before the workers start.

    This machine's environment sets PYTHONDONTWRITEBYTECODE, and an editable install compiles
    nothing, so in a fresh checkout every Python process the suite runs (each xdist worker, each
    CLI subprocess and process-pool worker a test starts) compiled the ~190 modules of
    cheatsheet/, verify/ and quiz/ from source again (~1 s of CPU each time), and pytest
    rewrote every test module in every worker at every run (its cache was never written:
    collecting took 16 s of CPU per worker, 8 s with the cache).  The controller compiles the
    packages (test_*.py excepted: pytest keeps its own rewritten form of those) and the test
    processes may write bytecode.  Python checks bytecode against its source's modification
    time and size as always, so an edited file is compiled afresh: no test sees stale code."""
    import compileall
    import re

    sys.dont_write_bytecode = False
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the controller compiled them before starting this worker
    skip = re.compile(r"[\\/]test_[^\\/]*\.py$")
    for folder in ("cheatsheet", "verify", "quiz", "data", "tests", "scripts"):
        if (REPO / folder).is_dir():
            try:
                compileall.compile_dir(str(REPO / folder), quiet=2, rx=skip, workers=1)
            except OSError:  # a read-only checkout: the processes compile as before
                pass


_compile_project()

_RESULTS: dict = {}


def _by_claim(config) -> bool:
    """Whether the xdist workers get the catalog's tests claim by claim (see below)."""
    if hasattr(config, "workerinput"):  # an xdist worker: the controller said so
        return bool(config.workerinput.get("catalog_by_claim"))
    return config.getoption("dist", "no") == "loadscope"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadscope`` (pyproject's addopts), with the catalog's tests of one claim as a
    scope of their own: its verification, its sheet versions, its wrong variants and its
    reading run on one worker, which parses and checks the claim once (the verify cache below
    is not needed), and both workers share the catalog.  Every other test goes with the rest
    of its file: a module's fixtures and caches (a browser, an audit of a whole sheet, a seeded
    random generator the file's tests draw from in turn) are built once and seen in order.
    (``--dist loadgroup`` would say this with marks, but pytest-xdist 3.8 cannot rename the
    test ids of pytest 9, so its groups are ignored.)"""
    if config.getoption("dist", "no") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByFileAndClaim(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path, _, test = nodeid.partition("::")
            if path.endswith("/test_catalog.py") and test.endswith("]"):
                return "claim " + test[test.index("[") + 1:-1].split("#")[0]
            return super()._split_scope(nodeid)

        def mark_test_complete(self, node, item_index: int, duration: float = 0) -> None:
            """As xdist's, but a scope whose tests are all done is forgotten: xdist counts a
            worker's pending tests over every scope it was ever given, at each test's end,
            and the catalog's ~900 claim scopes made that quadratic in the controller
            (which shares the two cores with the workers).  A finished scope has nothing
            pending, which is all the scheduler asks of it (rescheduling, a crashed worker's
            tests, the end of the run)."""
            nodeid = self.registered_collections[node][item_index]
            scope = self._split_scope(nodeid)
            work_unit = self.assigned_work[node][scope]
            work_unit[nodeid] = True
            if False not in work_unit.values():
                del self.assigned_work[node][scope]
            self._reschedule(node)

    return ByFileAndClaim(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    node.workerinput["catalog_by_claim"] = _by_claim(node.config)


_MODULE = [None]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """At each test file's first test, the objects still alive are set aside from the cyclic
    collector (``gc.freeze``, after one collection that frees what the files before left).

    A worker keeps millions of objects for the whole run (the catalog, the readings of
    formulas, SymPy's caches, the matcher's index), and each of the collector's full passes
    walked all of them: about a tenth of the suite's CPU time.  Frozen objects are only not
    walked; every object a file makes is collected as before, and what a file leaves alive
    is what later files keep alive anyway (a cycle among frozen objects that dies later stays
    until the run ends).  The pools and the quiz's launch, which freeze and thaw for their own
    reasons, leave these frozen (cheatsheet/frozen.py)."""
    module = getattr(item, "module", None)
    if module is not _MODULE[0]:
        _MODULE[0] = module
        if gc.isenabled():
            gc.collect()
            from cheatsheet import frozen

            frozen.hold()  # kept frozen by the pools and the quiz too (cheatsheet/frozen.py)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """``CHEATSHEET_TEST_CPU=FILE``: each test's CPU seconds (its process's and those of the
    processes it waited for) and wall seconds, appended to FILE.WORKER as ``cpu wall nodeid``.

    Under a shared machine's load the wall times of ``--durations`` are 5-15 times the work
    (a test waiting for a subprocess waits mostly for a core); CPU time says where the suite's
    work goes (issue 12).  Module and session fixtures count in the first test that asks."""
    path = os.environ.get("CHEATSHEET_TEST_CPU")
    if not path:
        yield
        return
    import resource
    import time

    def cpu() -> float:
        me = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    c0, w0 = cpu(), time.perf_counter()
    yield
    c1, w1 = cpu(), time.perf_counter()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(f"{path}.{worker}", "a", encoding="utf-8") as out:
        out.write(f"{c1 - c0:.3f} {w1 - w0:.3f} {item.nodeid}\n")


def pytest_sessionfinish(session):
    """With ``CHEATSHEET_TEST_CPU``: the worker's reading memo at the end (hits, misses, size
    against its bound), which tells whether formulas were read again after being evicted."""
    path = os.environ.get("CHEATSHEET_TEST_CPU")
    if path and "cheatsheet.verify.parsing" in sys.modules:
        info = sys.modules["cheatsheet.verify.parsing"]._parse.cache_info()
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(f"{path}.{worker}", "a", encoding="utf-8") as out:
            out.write(f"# reading memo {info}\n")


@pytest.fixture(scope="session", autouse=True)
def _formula_time_limit_for_tests():
    """Audit verdicts in tests must not depend on how busy the machine is.

    The audit ends a formula's checks after 6 s as unchecked, which is right for a user (a
    finding rather than a hang) but made tests of verdicts fail when the suite shared two
    cores with other work (a Beta-mode formula past 6 s at load 9). Tests get 30 s; those
    about the limit itself set their own.

    A claim's version keeps its budget of 8 s of CPU (``check.CLAIM_TIME_LIMIT``: a check
    that needs more is still a timeout here), but its wall-clock guard against a check that
    hangs without computing is 40 times that instead of 6: at load ~23 two wrong variants that
    need 0.02 s of CPU each (rnn.bptt, lru.ring_initialisation) waited past 48 s for a core
    and the memory they had lost, and came out "timeout" instead of refuted."""
    from cheatsheet.verify import check
    from cheatsheet.verify.audit import decide

    real = decide.FORMULA_TIME_LIMIT, check.WALL_FACTOR
    decide.FORMULA_TIME_LIMIT = 30.0
    check.WALL_FACTOR = 40
    yield
    decide.FORMULA_TIME_LIMIT, check.WALL_FACTOR = real


@pytest.fixture(scope="session", autouse=True)
def _one_match_index_per_catalog():
    """The matcher's index of a catalog, built once per test process.

    Every audit (``audit_files``, the CLI, the sheet quiz, the Anki export) makes a Matcher,
    whose index ``cheatsheet.match.index.load`` reads from the user cache directory, else
    builds (0.2-1 s) and writes back.  The suite makes ~30 of them per worker.  Kept here in
    memory under the catalog object and the key the disk cache uses: the index is never
    changed after it is built, so every test gets the index a working disk cache would give,
    and the suite no longer writes the user's cache directory or races other runs for it."""
    import cheatsheet.match as match
    from cheatsheet.match import index

    real = index.load
    memo: dict = {}

    def load(catalog):
        key = (id(catalog), index._claims_fingerprint(catalog))
        if key not in memo:
            memo[key] = (catalog, real(catalog))  # the catalog kept alive: its id stays its own
        return memo[key][1]

    index.load = match.load = load
    yield
    index.load = match.load = real


@pytest.fixture(scope="session")
def catalog():
    from cheatsheet.catalog import get_catalog

    return get_catalog()


@pytest.fixture(scope="session")
def verified(tmp_path_factory, pytestconfig):
    """claim id -> ClaimResult, computed lazily once per test run.

    Under xdist the tests that ask for one claim's result (its canonical check, each of its
    sheet versions) land on any worker, so each worker would check most claims again: the
    workers share what they checked through a result cache in this run's temporary folder
    (verify/cache.py: never a timeout, nothing a time limit cut short).  A new run starts
    empty, so every claim is still checked afresh by the code under test.  When the workers
    get the catalog claim by claim (``pytest_xdist_make_scheduler``) there is nothing to share,
    and the cache's writes would cost ~15 ms per claim.

    A result ``cheatsheet verify`` left in the user's cache for this very engine is read
    first (read only): .ci/run's first command checks the whole catalog just before the suite,
    and checking it again here was a tenth of the suite.  Its key is the claim's whole content
    and seed 0 (as here) and its engine the hash of every file of cheatsheet/ and verify/ and
    the libraries' versions (verify/cache.py): a changed check or claim misses and is checked
    afresh by the code under test, so every test here still fails when a check breaks
    (``CHEATSHEET_TESTS_NO_USER_CACHE=1`` checks every claim afresh all the same)."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify import cache
    from cheatsheet.verify.check import verify_claim

    cat = get_catalog()
    user = None
    if os.environ.get("CHEATSHEET_TESTS_NO_USER_CACHE", "") in ("", "0"):
        folder = cache.default_dir()
        if folder is not None and (folder / "verify-results.sqlite").is_file():
            user = cache.ResultCache(folder)  # (never made here: the suite writes no user file)
    shared = None
    if os.environ.get("PYTEST_XDIST_WORKER") and not _by_claim(pytestconfig):
        # the workers' temporary folders share a parent
        # the workers run the code they loaded at the start, whatever is edited meanwhile in a
        # shared checkout, so the run itself names the engine (not a hash of the files now)
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")
        shared = cache.ResultCache(tmp_path_factory.getbasetemp().parent / "verified",
                                   engine=f"test run {run}")

    def get(claim_id):
        if claim_id in _RESULTS:
            return _RESULTS[claim_id]
        claim = cat[claim_id]
        key = cache.claim_key(claim, 0, False)
        found = user.get_many([key]) if user is not None else {}
        if key not in found and shared is not None:
            found = shared.get_many([key])
        if key in found:
            _RESULTS[claim_id] = found[key]
            return found[key]
        expired = cache.expiries()
        result = _RESULTS[claim_id] = verify_claim(claim, seed=0)
        if shared is not None and cache.expiries() == expired and cache.cacheable(result):
            shared.put_many({key: result})
        return result

    return get


@pytest.fixture
def own_parse_memo(monkeypatch):
    """A memo of readings of the test's own (``parsing._parse`` swapped for an empty one):
    tests of the stores clear it to read afresh, and clearing the process's memo made every
    later test on the worker read the catalog again (~10 s of CPU for the scope test alone)."""
    from functools import lru_cache

    from cheatsheet.verify import parsing

    real = parsing._parse
    monkeypatch.setattr(parsing, "_parse", lru_cache(maxsize=real.cache_info().maxsize)(
        real.__wrapped__))
    yield
