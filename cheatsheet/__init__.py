"""cheatsheet: machine-learning cheat-sheet formulas, checked by a computer.

``from cheatsheet import catalog`` gives the verified claims (``catalog["mgf.poisson"]``);
``cheatsheet.formulas`` the most useful ones as plain functions.  Both load lazily so that
importing the package stays fast.
"""
from __future__ import annotations

__version__ = "0.1.0"


def __getattr__(name):
    if name in ("catalog", "formulas"):  # the catalog module behaves as the loaded catalog
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'cheatsheet' has no attribute {name!r}")
