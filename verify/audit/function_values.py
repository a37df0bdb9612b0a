"""A function a notation list gives vector values is no claim's scalar function, and back.

"f = f(x), g = g(x), u = u(x)" with f and g bold (cheatsheet/sheets/function_lists.py) says
what the functions' values are, in the face the list writes them. A claim about two scalar
functions u(x) v(x) is then no reading of u(x) g(x) with g bold: its check would sample g
scalar and find the product rule holding where the sheet's vector g makes it wrong. A letter
written in another face (a plain f in a convolution) is not the list's.
"""
from __future__ import annotations

from cheatsheet.symbols import Declarations

_BOLD = ("\\mathbf", "\\boldsymbol", "\\bm", "\\vec")


def values_contradict(claim_decls: Declarations, functions: tuple, c) -> bool:
    """Does candidate ``c`` put a function of the list (``functions``: (letter, values, bold)),
    written in the list's face, onto a claim function with the other kind of values?"""
    faces: dict[str, set] = {}
    for t in c.sheet_tokens:
        if t.ident:
            faces.setdefault(t.ident, set()).add(t.raw.startswith(_BOLD))
    for letter, values, bold in functions:
        if bold not in faces.get(letter, ()):
            continue
        mine = claim_decls.get(c.mapping.get(letter, letter))
        if mine is None or mine.kind != "function":
            continue
        if (values == "vector") != (mine.domain == "vecfunction"):
            return True
    return False

