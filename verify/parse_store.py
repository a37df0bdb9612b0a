"""Read formulas remembered across runs (issue 12): reading the catalog's 1641 formulas is ~3 s
of CPU in every run that checks claims afresh; unpickling them is ~1 s, spread over the workers.

A reading is a function of the formula (its LaTeX, declarations, layout and reader options,
``parsing``'s memo key) and of the reader: the code of the ``cheatsheet`` package (the reader,
the symbols, the operators it builds) and the versions of SymPy, lark and mpmath.  The key
holds all of them, so an edit to the reader misses and the formula is read again, while an
edit to a check (``verify/``), the usual one, keeps every reading.

A reading is stored only when its pickle loads back equal (``==`` and the same LaTeX): SymPy
rebuilds an object from its arguments, which a class of our own may not accept as given (a
``NamedSet``'s name comes back as ``Str(Str(name))`` unless pickled by its name, and a set
operation the reader left unevaluated is evaluated; see ``_Pickler``).  A reading may hold SymPy ``Dummy`` symbols (a bound variable), equal only to a
Dummy of the same name and number.  A fresh reading makes new ones, never equal to any other
formula's; a loaded reading does the same (``_Unpickler``): each of its Dummies becomes a new
one with the same name and assumptions, the same within the reading, so two formulas never share
one whatever process and worker first read them.

A formula the reader refuses is remembered too (``Unreadable``: the reader's own error, its
class and message), so a sheet's prose-like lines are not read again in every run; only an
error the reader raised about the text itself, never one caused by the run (a time limit, the
recursion limit, memory), nor an error of another kind (a bug is raised afresh each run).

Like the proof store (proofs.py) the store is active only where the runner turns it on
(``cheatsheet verify`` with its cache; ``--no-cache`` reads every formula afresh): the parent
loads the rows once before forking, workers hand new readings back with their results, and the
parent writes them in one transaction.  Storage errors only cost the reading.
"""
from __future__ import annotations

import copyreg
import hashlib
import io
import pickle
import sys
from functools import lru_cache
from pathlib import Path

from .copies import Unpickler, this_copy
from .sqlite_rows import Remembered, Table
from .timelimit import CheckTimeout

FORMAT = 2  # 2: refusals stored too (Unreadable); an older reader must not meet them
FILE = "parses.sqlite"
_LIBRARIES = ("sympy", "lark", "mpmath")
_SUFFIXES = (".py", ".lark")


@lru_cache(maxsize=1)
def reader_version() -> str:
    """A hash of the ``cheatsheet`` package's code (the reader and all it builds on) and of the
    libraries' versions."""
    from importlib import metadata

    import cheatsheet

    h = hashlib.sha256(f"parses {FORMAT}; python {sys.version}".encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib} {metadata.version(lib)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} absent\n".encode())
    root = Path(cheatsheet.__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if path.suffix in _SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def key(memo_key: tuple) -> str:
    """The row of one reading: ``parsing``'s memo key (strings, tuples, booleans: its repr is
    the same in every process) and the reader's version, which also prefixes it so that a run
    loads only its own reader's rows (``load``)."""
    digest = hashlib.sha256(f"{reader_version()}\n{memo_key!r}".encode()).hexdigest()
    return _prefix() + digest


def _prefix() -> str:
    return reader_version()[:16] + ":"


def _named_set(obj):
    return type(obj), (obj.name,)


def _unevaluated(cls, args):
    return cls(*args, evaluate=False)


def _set_operation(obj):
    """A set operation or a piecewise function, rebuilt unevaluated."""
    return _unevaluated, (type(obj), obj.args)


def _built(cls, args):
    from sympy import Basic

    return Basic.__new__(cls, *args)


def _as_built(obj):
    """A case of a piecewise function, rebuilt from its arguments as they are (it has no
    unevaluated form: its constructor rewrites the condition)."""
    return _built, (type(obj), obj.args)


def _dummy(cls, name, index, assumptions):
    """Stands in a pickle for a Dummy; ``_Unpickler`` says what it becomes."""
    return cls(name, dummy_index=index, **assumptions)


def _reduce_dummy(obj):
    return _dummy, (type(obj), obj.name, obj.dummy_index, dict(obj._assumptions_orig))


class _Pickler(pickle.Pickler):
    """Pickles a reading: a NamedSet by its name, a Dummy through ``_dummy``."""

    def __init__(self, fh):
        super().__init__(fh, protocol=pickle.HIGHEST_PROTOCOL)
        import sympy as sp

        from cheatsheet.latex.sets import NamedSet

        self._dummy_type = sp.Dummy
        # NamedSet(name) wraps its name in Str itself; SymPy's default rebuilds it from its
        # arguments, which are that Str already (cheatsheet/latex/sets.py)
        self.dispatch_table = copyreg.dispatch_table.copy()
        self.dispatch_table[NamedSet] = _named_set
        # the reader builds these unevaluated (A \cap B \cap C as written); SymPy's default
        # would evaluate them when loading, into another nesting or a TypeError
        for op in (sp.Union, sp.Intersection, sp.Complement):
            self.dispatch_table[op] = _set_operation
        # ... and a piecewise function as written: loading it would put each case's
        # condition in canonical form (|a| <= delta as delta >= |a|, a Huber loss's cases),
        # which is not == the fresh reading
        self.dispatch_table[sp.Piecewise] = _set_operation
        self.dispatch_table[sp.functions.elementary.piecewise.ExprCondPair] = _as_built
        self.dispatch_table[sp.Dummy] = _reduce_dummy

    def reducer_override(self, obj):
        # a subclass of Dummy (dispatch_table goes by exact type)
        if isinstance(obj, self._dummy_type) and type(obj) is not self._dummy_type:
            return _reduce_dummy(obj)
        return NotImplemented


class _Unpickler(Unpickler):
    """Loads a reading; with ``fresh`` each Dummy in it becomes a new one (the same new one
    wherever it occurs in the reading), as a fresh reading's are; without, it keeps its
    number (to compare with the reading it was pickled from).  A row the checker's other
    copy wrote loads as this copy's (copies.py): its ``_dummy`` and ``Unreadable`` too."""

    def __init__(self, blob: bytes, fresh: bool):
        super().__init__(io.BytesIO(blob))
        self.fresh = fresh
        self.dummies: dict = {}

    def find_class(self, module, name):
        if this_copy(module) == __name__ and name == "_dummy":
            return self._dummy
        return super().find_class(module, name)

    def _dummy(self, cls, name, index, assumptions):
        if not self.fresh:
            return _dummy(cls, name, index, assumptions)
        k = (cls, name, index)
        if k not in self.dummies:
            self.dummies[k] = cls(name, **assumptions)
        return self.dummies[k]


def loads(blob: bytes, fresh: bool = True):
    """A stored reading; ``fresh``: with new Dummies (see ``_Unpickler``)."""
    return _Unpickler(blob, fresh).load()


def dump(statement) -> bytes | None:
    """The pickle of a reading, or None when it does not load back equal (it is then read
    afresh each time)."""
    buf = io.BytesIO()
    try:
        _Pickler(buf).dump(statement)
        blob = buf.getvalue()
        back = loads(blob, fresh=False)
        same = (back == statement
                and getattr(back, "latex", None) == getattr(statement, "latex", None))
    except CheckTimeout:
        raise  # the check's time limit, not the reading's fault
    except Exception:  # noqa: BLE001 - a reading that cannot be pickled is not stored
        return None
    return blob if same else None


class Unreadable:
    """A stored refusal: the reader's error for a formula, raised again instead of reading."""

    __slots__ = ("error",)

    def __init__(self, error: Exception):
        self.error = error

    def __reduce__(self):
        return Unreadable, (self.error,)


_RUN_CAUSES = (CheckTimeout, RecursionError, MemoryError)


def _about_the_text(exc: BaseException) -> bool:
    """Whether ``exc`` is the reader's verdict on the text alone: a LatexError none of whose
    causes (``raise ... from None`` keeps them as ``__context__``) the run made."""
    from cheatsheet.latex.base import LatexError

    if not isinstance(exc, LatexError):
        return False
    seen = 0
    e: BaseException | None = exc
    while e is not None and seen < 50:
        if isinstance(e, _RUN_CAUSES) or not isinstance(e, Exception):
            return False
        e, seen = e.__cause__ or e.__context__, seen + 1
    return e is None


def dump_failure(exc: BaseException) -> bytes | None:
    """The pickle of a refusal, or None when it is not the reader's verdict on the text or
    does not load back as the same class with the same message."""
    if not _about_the_text(exc):
        return None
    try:
        blob = pickle.dumps(Unreadable(exc), protocol=pickle.HIGHEST_PROTOCOL)
        back = loads(blob, fresh=False)
        same = (type(back) is Unreadable and type(back.error) is type(exc)
                and back.error.args == exc.args and str(back.error) == str(exc))
    except Exception:  # noqa: BLE001 - not storable: read again next time
        return None
    return blob if same else None


class Store(Remembered):
    """Pickled readings (and ``Unreadable`` refusals) by key."""

    def get(self, memo_key: tuple):
        """The stored reading of ``memo_key`` (an ``Unreadable`` for a refusal), or None."""
        blob = self.known.get(key(memo_key))
        if blob is None:
            return None
        try:
            found = loads(blob)
        except CheckTimeout:
            raise
        except Exception:  # noqa: BLE001 - a damaged row is a miss
            return None
        from cheatsheet.statement import Statement

        # a row that loads as neither is a miss (the formula is read), never a crash
        return found if isinstance(found, (Statement, Unreadable)) else None

    def put(self, memo_key: tuple, statement) -> None:
        k = key(memo_key)
        if k in self.known:
            return
        blob = dump(statement)
        if blob is not None:
            self.known[k] = self.new[k] = blob

    def put_failure(self, memo_key: tuple, exc: BaseException) -> None:
        k = key(memo_key)
        if k in self.known:
            return
        blob = dump_failure(exc)
        if blob is not None:
            self.known[k] = self.new[k] = blob

    def merge(self, items: dict[str, bytes]) -> None:
        for k, blob in items.items():
            self.known.setdefault(k, blob)
            self.new[k] = blob


_ACTIVE: list[Store | None] = [None]


def active() -> Store | None:
    return _ACTIVE[0]


def activate(store: Store | None) -> None:
    _ACTIVE[0] = store


_TABLE = Table(FILE, "parses", "value BLOB", bytes)


def load(folder: Path | None) -> Store:
    """Every reading remembered in ``folder`` by this reader (an empty store when it cannot
    be read)."""
    if folder is None:
        return Store()
    reader_version()  # once, before the runner forks its workers
    return Store(_TABLE.read(folder, _prefix()))


def save(folder: Path | None, items: dict[str, bytes]) -> None:
    """Add ``items``; rows not written for a month go (an old reader's keys never match; a
    row in use is written again when it has gone)."""
    _TABLE.write(folder, items)
