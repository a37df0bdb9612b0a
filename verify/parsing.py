"""Reading a formula once: the reader's result memoised by (LaTeX, declarations, layout, the
reader's options).

An audit reads the same LaTeX under the same declarations many times (a candidate's check,
its sides compared with the claim's, the names it uses), and sheets repeat formulas; parsing
is the costliest step after the checks themselves. Statements are immutable, so one result
serves every caller. A formula that cannot be read raises the same error each time.
"""
from __future__ import annotations

from functools import lru_cache

from cheatsheet.symbols import Declarations


def _key(decls) -> tuple:
    if decls is None:
        return ()
    if isinstance(decls, Declarations):
        return tuple(sorted((d.name, d.spec) for d in decls))
    return tuple(sorted(dict(decls).items()))


def _options(reader) -> tuple:
    """The reader's options as part of the memo's key: ``log_base`` and ``superscript_index``
    (a collection of names, in any order)."""
    if not reader:
        return ()
    out = []
    for name, value in sorted(dict(reader).items()):
        if name == "superscript_index":
            if isinstance(value, str):
                raise ValueError("superscript_index is a collection of names, not one string")
            value = tuple(sorted(value))
        out.append((name, value))
    return tuple(out)


@lru_cache(maxsize=4096)
def _parse(latex: str, key: tuple, layout: str, options: tuple = ()):
    from cheatsheet.latex import parse

    from . import parse_store
    from .timelimit import CheckTimeout

    store = parse_store.active()  # readings of earlier runs (verify with its cache)
    memo_key = (latex, key, layout, options)
    if store is not None:
        found = store.get(memo_key)
        if isinstance(found, parse_store.Unreadable):
            return False, found.error
        if found is not None:
            return True, found
    try:
        result = parse(latex, dict(key), layout=layout, **dict(options))
    except CheckTimeout:
        raise  # a time limit says nothing about the formula: never remembered
    except Exception as exc:  # noqa: BLE001 - remembered and raised again to every caller
        if store is not None:
            store.put_failure(memo_key, exc)  # only the reader's verdict on the text
        return False, exc
    if store is not None:
        store.put(memo_key, result)
    return True, result


def parse_cached(latex: str, decls=None, layout: str = "denominator", *, reader: dict | None = None):
    """``cheatsheet.latex.parse(latex, decls, layout=layout, **reader)``, memoised; ``reader``
    holds the reader's options for the formula's sheet (``log_base``, ``superscript_index``)."""
    ok, result = _parse(latex, _key(decls), layout, _options(reader))
    if not ok:
        raise result
    return result
