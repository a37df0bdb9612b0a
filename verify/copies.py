"""Rows pickled by either copy of the checker load as this copy's objects.

From the repository's root the checker is importable as ``verify`` as well as
``cheatsheet.verify`` (the installed name): two copies of every module, with classes that are
not each other's (an ``isinstance`` test or an enum's ``==`` against the other copy's fails).
Both copies key the cache folder's stores the same way (by the files' bytes), and a pickle
names each class by the module path of the copy that wrote it.  A row one copy wrote came back
in the other as foreign objects: a remembered refusal (parse_store.Unreadable) was taken for a
reading ("'Unreadable' object has no attribute 'relations'"), a verdict was no verdict of this
copy's.  Loading through ``Unpickler`` names the checker's modules as this copy imported them.
"""
from __future__ import annotations

import io
import pickle

_NAMES = ("cheatsheet.verify", "verify")  # the installed name first
_OWN = __name__.rpartition(".")[0]  # the name this copy was imported under


def this_copy(module: str) -> str:
    """``module`` named as this copy of the checker is imported; any other module unchanged."""
    for name in _NAMES:
        if name != _OWN and (module == name or module.startswith(name + ".")):
            return _OWN + module[len(name):]
    return module


class Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        return super().find_class(this_copy(module), name)


def loads(blob: bytes):
    """``pickle.loads``, with the checker's classes this copy's."""
    return Unpickler(io.BytesIO(blob)).load()
