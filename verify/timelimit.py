"""Wall-clock limits for checks that might not terminate (SymPy's simplify can run for minutes).

SymPy is pure Python, so a SIGALRM raised exception interrupts it cleanly; threads could not.
Limits nest: an inner limit never extends an outer one.  Off the main thread (where signals are
unavailable) the limit is not enforced and the check simply runs.
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


@contextmanager
def time_limit(seconds: float):
    if seconds is None or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    start = time.monotonic()
    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    budget = seconds if outer_remaining == 0 else min(seconds, outer_remaining)
    old = signal.signal(signal.SIGALRM, _handler)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if outer_remaining:
            left = outer_remaining - (time.monotonic() - start)
            if left <= 0:
                # the outer limit expired while we ran: let it fire right away
                signal.setitimer(signal.ITIMER_REAL, 1e-6)
            else:
                signal.setitimer(signal.ITIMER_REAL, left)
