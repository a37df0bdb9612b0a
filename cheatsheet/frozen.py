"""Setting long-lived objects aside from the cyclic collector, and giving back only that.

``gc.freeze`` moves every tracked object to a generation the collector never walks; it saves the
passes over millions of objects that stay alive (the catalog, SymPy, the grammar) and, before a
fork, keeps the workers from copying the pages those objects live on.  ``gc.unfreeze`` can only
thaw every frozen object at once, including those someone else froze: a process that froze its
own (the test suite freezes what each test file leaves alive) would then walk them all again in
its next full collections.  So a freeze here is undone only when nothing was frozen before it;
otherwise everything stays frozen, as the caller had chosen for its own objects.

A caller that freezes for good says so with :func:`hold`: ``gc.get_freeze_count`` walks the whole
frozen list (~0.1 s per call under the suite's millions of frozen objects, more than the thaw
saved), so it is asked only when no holder has announced itself (a command-line run: nothing
frozen, an instant answer; a host that froze with ``gc.freeze`` directly: still answered right).
"""
from __future__ import annotations

import atexit
import gc
from contextlib import contextmanager

_HELD = [False]

# A pass of the young generation every 50 000 new objects instead of 700, a full pass
# correspondingly rarer: a check, the reader and SymPy make and drop many small objects that
# reference counting frees, and the frequent passes found little.  A cold audit of one sheet
# in its processes (parent, sheet reader, two workers): the collector's CPU 1.9 -> 1.1 s of
# ~15 s; ``audit --jobs 1`` of the five seed sheets 5.7 -> 4.5 s, most of the rest being the
# pass at exit that no_collection_at_exit skips (issue 12; gc callbacks, a loaded machine).
BATCH_THRESHOLDS = (50_000, 20, 20)


def batch_passes() -> None:
    """The collector's thresholds of a batch run (a command deciding many formulas, its
    workers, the test suite): see ``BATCH_THRESHOLDS``.  Cycles are still collected."""
    gc.set_threshold(*BATCH_THRESHOLDS)


_EXIT_FROZEN = [False]


def no_collection_at_exit() -> None:
    """Skip the full collection the interpreter makes as it exits: the last exit handler
    freezes what is alive, so that pass walks nothing.  It walked every object of a command
    ending (the catalog, SymPy, the checks, the readings) only to free memory the exit gives
    back anyway: ~0.16 s of CPU after an audit of one sheet or a verify of one topic, ~1-2 s
    after an audit of five sheets in one process, ~6% of ``cheatsheet show`` or ``list``.
    Registered once per process; handlers registered later (the stores' closing,
    multiprocessing's) run before it."""
    if not _EXIT_FROZEN[0]:
        _EXIT_FROZEN[0] = True
        atexit.register(gc.freeze)


def hold() -> None:
    """Freeze every object now alive for good: this process keeps its frozen objects frozen."""
    _HELD[0] = True
    gc.freeze()


def freeze() -> bool:
    """Freeze every object now alive; True when the freeze is ours alone to undo."""
    ours = not _HELD[0] and gc.get_freeze_count() == 0
    gc.freeze()
    return ours


def thaw(ours: bool) -> None:
    """Undo a :func:`freeze` that returned ``ours`` (nothing to do when others had frozen)."""
    if ours:
        gc.unfreeze()


@contextmanager
def frozen():
    """Objects alive on entry are frozen until the exit (see the module's note)."""
    ours = freeze()
    try:
        yield
    finally:
        thaw(ours)
