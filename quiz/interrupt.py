"""Ctrl+C during the quiz ends it like a quit, at every stage of its start-up.

The command catches the interrupt, restores the terminal and prints the summary, but CPython
(3.11, the only version tried) remembers an interrupt that left code run by ``exec``/``eval``
of a string as never handled: dataclasses and named tuples make their methods that way, so
Textual's import (the ~0.3 s after the first question is painted) is full of such code.  Run
as ``python -m cheatsheet.cli``, the interpreter then ended itself by SIGINT at exit (status
-2) after the quiz had ended cleanly (the ``cheatsheet`` script, run as a file, exits before
that check).  The interpreter clears that mark whenever it starts running a string, so
``handled`` runs an empty one.
"""
from __future__ import annotations

from contextlib import contextmanager


def handled() -> None:
    """Once the command has dealt with a KeyboardInterrupt: the process exits normally."""
    exec("")  # resets the interpreter's "unhandled KeyboardInterrupt" mark (see above)


@contextmanager
def ignored():
    """Ctrl+C does nothing meanwhile (the quiz's ending: the summary and the last save take
    milliseconds, and a second Ctrl+C must not cut them short); the previous handler after.
    Only the main thread can change it: elsewhere nothing changes."""
    import signal  # here: not imported before the first question otherwise

    with _sigint(signal.SIG_IGN):
        yield


@contextmanager
def asks_to_quit(quit_soon):
    """While Textual runs: Ctrl+C calls ``quit_soon`` in its event loop (the app quits as
    ``q`` makes it), not inside whatever code runs.  In Textual's raw mode Ctrl+C is a key,
    but while the driver starts and after it has given the terminal its settings back (before
    it leaves the alternate screen) it is a signal, and asyncio's handler would raise
    KeyboardInterrupt inside Textual at the second one, leaving the terminal in the alternate
    screen.  A third Ctrl+C still interrupts (a stuck app), as does one before Textual's event
    loop runs (the command catches it)."""
    presses = [0]

    def on_ctrl_c(signum, frame):
        import asyncio

        presses[0] += 1
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or presses[0] > 2:
            raise KeyboardInterrupt
        loop.call_soon_threadsafe(quit_soon)

    with _sigint(on_ctrl_c):
        yield


@contextmanager
def _sigint(handler):
    """SIGINT handled by ``handler`` meanwhile, the previous handler after (SIG_DFL where the
    previous one was not set from Python: never leave Ctrl+C ignored). Only the main thread
    can change it: elsewhere nothing changes."""
    import signal

    try:
        before = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if before is None else before)
