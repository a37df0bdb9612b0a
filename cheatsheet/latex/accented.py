"""The letter under an accent: ``\\bar{h}`` is h reversed, ``\\tilde f`` another f.

An asterisk between two functions is a convolution or a cross-correlation, never a product
(calls.py); a sheet's reversed kernel ``\\bar{h}`` is as much a function as h, and read as a
number it made ``(\\bar{h} * f)[u] = (f * \\bar{h})[u]`` a product that commutes ("proved").
"""
from __future__ import annotations

from lark import Tree


def accented_letter(arg) -> str:
    """The lone letter an accent is put on (``\\bar{h}``, ``\\bar h``), or ''."""
    if arg.data == "arg_tok":
        return arg.children[0].value if arg.children[0].type == "LETTER" else ""
    node = arg
    while isinstance(node, Tree) and len(node.children) == 1 and node.data != "letter":
        node = node.children[0]
    return node.children[0].value if isinstance(node, Tree) and node.data == "letter" else ""
