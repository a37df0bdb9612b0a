"""The quiz's launch without the cyclic garbage collector (issue 12).

Launching imports Textual and unpickles the catalog: ~10^6 objects that stay alive, and next to
no cyclic garbage.  The collector's passes over them were ~0.1 s of a ~0.45 s launch to the
first question.  The command pauses it until the first question is on screen; then the objects
made so far are frozen (later collections skip them, which also keeps the answer-to-feedback
path free of long passes) and collection resumes.  Reference counting frees everything else
meanwhile, as always.
"""
from __future__ import annotations

import gc

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
        gc.freeze()
        _FROZEN[0] = True
        gc.enable()


def end() -> None:
    """When the command ends, on every path: the collector runs and sees every object again
    (the command may run inside a longer process: the tests, the Python API)."""
    resume_collector()
    if _FROZEN[0]:
        _FROZEN[0] = False
        gc.unfreeze()
