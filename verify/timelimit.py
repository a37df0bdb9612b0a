"""Time limits for checks that might not terminate (SymPy's simplify can run for minutes).

SymPy is pure Python, so an exception raised from a signal handler interrupts it cleanly; threads
could not.  Two clocks:

* ``time_limit`` is wall-clock time (SIGALRM): it also ends a check that hangs without computing;
* ``cpu_limit`` is this process's CPU time (SIGPROF): a budget of work, which a busy machine does
  not shrink.  A SymPy proof that needs 0.5 s of CPU is tried in full with 6 engineers' jobs
  beside it, where 1.5 s of wall time gave it a third of a core and the same claim came out
  "proved" on a quiet machine and "passed" on a busy one.

Limits nest: an inner limit never extends an outer one of the same clock, and a wall limit that
expires inside a CPU budget fires again as soon as the budget's block ends (the block may have
caught it as its own).  Off the main thread (where signals are unavailable) no limit is enforced
and the check simply runs.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager


class CheckTimeout(Exception):
    pass


def _handler(signum, frame):
    raise CheckTimeout()


def _off_main_thread(seconds) -> bool:
    return (seconds is None or seconds <= 0
            or threading.current_thread() is not threading.main_thread())


@contextmanager
def time_limit(seconds: float):
    """At most ``seconds`` of wall-clock time for the block, else ``CheckTimeout``."""
    if _off_main_thread(seconds):
        yield
        return
    with _timer(signal.ITIMER_REAL, signal.SIGALRM, time.monotonic, seconds):
        yield


@contextmanager
def cpu_limit(seconds: float):
    """At most ``seconds`` of this process's CPU time for the block, else ``CheckTimeout``;
    a wall-clock limit around it still holds (see the module's docstring)."""
    if _off_main_thread(seconds):
        yield
        return
    wall_running = signal.getitimer(signal.ITIMER_REAL)[0] > 0
    try:
        with _timer(signal.ITIMER_PROF, signal.SIGPROF, time.process_time, seconds):
            yield
    finally:
        if wall_running and signal.getitimer(signal.ITIMER_REAL)[0] == 0:
            # the wall limit around us expired inside the block, which may have taken its
            # CheckTimeout for its own: let it fire again right away
            signal.setitimer(signal.ITIMER_REAL, 1e-6)


@contextmanager
def work_limit(cpu_seconds: float, wall_factor: float):
    """A budget of ``cpu_seconds`` of computing, and ``wall_factor`` times as much wall-clock
    time: a busy machine does not turn a check that computes within its budget into a timeout
    (which would make a verdict depend on the load), while a check that hangs without
    computing still ends."""
    with time_limit(cpu_seconds * wall_factor), cpu_limit(cpu_seconds):
        yield


@contextmanager
def _timer(which, signum, clock, seconds: float):
    """One interval timer for the block, nested in one of the same kind that may be running:
    the shorter of the two fires; on leaving, the outer one gets what it has left (or fires
    right away if it ran out meanwhile)."""
    start = clock()
    outer, _ = signal.getitimer(which)
    old = signal.signal(signum, _handler)
    signal.setitimer(which, seconds if outer == 0 else min(seconds, outer))
    try:
        yield
    finally:
        signal.setitimer(which, 0)
        signal.signal(signum, old)
        if outer:
            signal.setitimer(which, max(outer - (clock() - start), 1e-6))
