"""SymPy proof outcomes remembered across runs (issue 12): a proof costs ~50 ms to 1.5 s of
CPU and its outcome is a function of the expression alone, so a run that has to check a claim
afresh (its sheet lines changed, or any engine file did, which misses the whole-result cache of
``cache.py``) need not prove its canonical statement again.

The key is what the prover sees and runs: the parsed relations (``srepr``, so symbols' domains
are in it), the declarations (the laws of random variables), the CPU budget, the prover's own
code and the libraries' versions.  The reader is not in the key: if a change to it changes a
formula's reading, the expression (so the key) changes with it.  Both outcomes are kept: proved
(with the steps that closed it, so the evidence is word for word the first run's) and "not
proved" (every rewrite tried to its end).  An attempt cut short by any time limit is never kept
(``cache.expiries``): on a busy or slower machine it would turn a proof into a numeric pass.

The store is active only where the runner turns it on (``cheatsheet verify`` with its cache;
``--no-cache`` runs truly cold).  The runner's parent loads every row once before forking;
workers hand their new outcomes back with their results and the parent writes them in one
transaction, so there is a single writer.  Storage errors are ignored: the proof is computed.
"""
from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

from .sqlite_rows import Remembered, Table

FORMAT = 1
FILE = "proofs.sqlite"
_LIBRARIES = ("sympy", "mpmath")
# what a proof runs besides SymPy: the prover, the operators it rewrites, the declarations that
# give random variables their laws, the statement type
_ENGINE_MODULES = ("cheatsheet.verify.symbolic", "cheatsheet.verify.proofs", "cheatsheet.ops",
                   "cheatsheet.symbols", "cheatsheet.statement")

NOT_PROVED = ""  # the stored detail of an attempt that ran every rewrite and closed nothing


@lru_cache(maxsize=1)
def engine() -> str:
    from importlib import import_module, metadata

    h = hashlib.sha256(f"proofs {FORMAT}; python {sys.version}".encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib} {metadata.version(lib)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} absent\n".encode())
    for name in _ENGINE_MODULES:
        h.update(name.encode() + b"\0" + Path(import_module(name).__file__).read_bytes() + b"\0")
    return h.hexdigest()


def key(relations, decls, budget: float) -> str:
    """The attempt's identity: the relations as SymPy prints them exactly, the declarations,
    the budget and the engine."""
    from sympy import srepr

    rels = "; ".join(f"{r.op} {srepr(r.lhs)} {srepr(r.rhs)}" for r in relations)
    declared = "" if decls is None else repr(sorted((d.name, d.spec) for d in decls))
    text = f"{engine()}\n{budget!r}\n{declared}\n{rels}"
    return hashlib.sha256(text.encode()).hexdigest()


class Store(Remembered):
    """Outcomes by key (detail string; ``NOT_PROVED`` for a failed attempt)."""

    def get(self, k: str) -> str | None:
        return self.known.get(k)

    def put(self, k: str, detail: str) -> None:
        self.known[k] = detail
        self.new[k] = detail

    def merge(self, items: dict[str, str]) -> None:
        for k, detail in items.items():
            self.put(k, detail)


_ACTIVE: list[Store | None] = [None]


def active() -> Store | None:
    return _ACTIVE[0]


def activate(store: Store | None) -> None:
    _ACTIVE[0] = store


_TABLE = Table(FILE, "proofs", "detail TEXT", str)


def load(folder: Path | None) -> Store:
    """Every remembered outcome in ``folder`` (an empty store when it cannot be read)."""
    return Store(_TABLE.read(folder))


def save(folder: Path | None, items: dict[str, str]) -> None:
    """Add ``items``; rows not written for a month go (old engines' keys never match)."""
    _TABLE.write(folder, items)
