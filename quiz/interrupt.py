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

    try:
        before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        before = None
    try:
        yield
    finally:
        if before is not None:
            signal.signal(signal.SIGINT, before)
