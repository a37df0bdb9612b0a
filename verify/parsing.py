"""Reading a formula once: the reader's result memoised by (LaTeX, declarations, layout).

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


@lru_cache(maxsize=4096)
def _parse(latex: str, key: tuple, layout: str):
    from cheatsheet.latex import parse

    from .timelimit import CheckTimeout

    try:
        return True, parse(latex, dict(key), layout=layout)
    except CheckTimeout:
        raise  # a time limit says nothing about the formula: never remembered
    except Exception as exc:  # noqa: BLE001 - remembered and raised again to every caller
        return False, exc


def parse_cached(latex: str, decls=None, layout: str = "denominator"):
    ok, result = _parse(latex, _key(decls), layout)
    if not ok:
        raise result
    return result
