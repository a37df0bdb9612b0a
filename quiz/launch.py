"""The quiz's launch without the cyclic garbage collector (issue 12).

Launching imports Textual and unpickles the catalog: ~10^6 objects that stay alive, and next to
no cyclic garbage.  The collector's passes over them were ~0.1 s of a ~0.45 s launch to the
first question.  The command pauses it until the first question is on screen; then the objects
made so far are frozen (later collections skip them, which also keeps the answer-to-feedback
path free of long passes) and collection resumes.  Reference counting frees everything else
meanwhile, as always.

When the command ends the quiz thaws what it froze, unless a caller had frozen objects itself
(cheatsheet/frozen.py): in a command-line run the collector sees every object again, as before.
"""
from __future__ import annotations

import gc

from cheatsheet import frozen

_PAUSED = [False]
_FROZEN = [False]


def pause_collector() -> None:
    if gc.isenabled():
        gc.disable()
        _PAUSED[0] = True


def resume_collector() -> None:
    """Once the first question is shown (idempotent)."""
    if _PAUSED[0]:
        _PAUSED[0] = False
        _FROZEN[0] = frozen.freeze()  # True: nobody else's objects were frozen
        gc.enable()


def end() -> None:
    """When the command ends, on every path: the collector runs again, and sees again every
    object the quiz's freeze set aside (the command may run inside a longer process: the
    tests, the Python API), unless the caller had frozen objects of its own."""
    resume_collector()
    ours, _FROZEN[0] = _FROZEN[0], False
    frozen.thaw(ours)
