"""A function the sheet declares vector-valued is no claim's scalar function, and back.

"f: R^n -> R^m", or a notation list "f = f(x), u = u(x)" with f bold (function_lists.py), says
what a function's values are. A claim about two scalar functions u(x) v(x) is then no reading
of u(x) g(x) with g a vector function: its check would sample g scalar and find the product
rule holding where the sheet's own g makes it wrong (or the other way round).
"""
from __future__ import annotations

from cheatsheet.symbols import Decl, DeclarationError, Declarations


def values_contradict(claim_decls: Declarations, sheet_symbols: dict, mapping: dict) -> bool:
    """Does the correspondence put a function the sheet declares with vector (scalar) values
    onto a claim function with scalar (vector) values?"""
    for sheet_name, sheet_spec in sheet_symbols.items():
        mine = claim_decls.get(mapping.get(sheet_name, sheet_name))
        if mine is None or mine.kind != "function":
            continue
        try:
            theirs = Decl(sheet_name, sheet_spec)
        except DeclarationError:
            continue
        if theirs.kind != "function":
            continue
        if (theirs.domain == "vecfunction") != (mine.domain == "vecfunction"):
            return True
    return False


def function_kinds(sheet_symbols: dict) -> dict:
    """The sheet's declarations of functions only: read "with the claim's sizes", a formula
    still has the functions the sheet declares (a vector function stays one)."""
    out = {}
    for name, spec in sheet_symbols.items():
        try:
            if Decl(name, spec).kind == "function":
                out[name] = spec
        except DeclarationError:
            continue
    return out
