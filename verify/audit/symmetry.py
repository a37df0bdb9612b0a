"""Formulas that only say a quantity is symmetric: ``w_{ij} = w_{ji}``, ``K = K^T``.

Such a formula gives its letter a property (Hopfield weights, a kernel matrix): whether it is
right depends on what the letter stands for, which the formula alone does not say. Read as some
claim's statement in the claim's letters it "holds" by accident (a gradient matrix's entries
compared with themselves), so it is never credited as a claim that states something else.
"""
from __future__ import annotations

import re

_NAME = r"(?:\\(?:mathbf|boldsymbol|bm|mathrm)\s*\{\s*\\?[A-Za-z]+\s*\}|\\[A-Za-z]+|[A-Za-z])"
_TRANSPOSE = r"\^\s*(?:\{\s*(?:T|\\top|\\intercal|\\mathsf\s*\{\s*T\s*\})\s*\}|T|\\top|\\intercal)"
_SWAPPED = re.compile(rf"^\s*(?P<name>{_NAME})\s*_\s*\{{(?P<a>[^{{}}]*)\}}\s*=\s*"
                      rf"(?P<name2>{_NAME})\s*_\s*\{{(?P<b>[^{{}}]*)\}}\s*$")
_WITH_T = re.compile(rf"^\s*(?P<name>{_NAME})\s*(?P<t1>{_TRANSPOSE})?\s*=\s*"
                     rf"(?P<name2>{_NAME})\s*(?P<t2>{_TRANSPOSE})?\s*$")
_LETTER = re.compile(r"\\[A-Za-z]+|[A-Za-z]")


def _letters(index: str) -> list[str] | None:
    """The index letters of a subscript ``ij``, ``i,j``, ``i j``; None if it holds more."""
    rest = re.sub(r"[\s,]", "", _LETTER.sub("", index))
    return None if rest else _LETTER.findall(index)


def _plain(name: str) -> str:
    """\\mathbf{W} -> W, \\Sigma -> Sigma: the name as a message writes it."""
    return re.sub(r"\\(?:mathbf|boldsymbol|bm|mathrm)\s*\{\s*\\?([A-Za-z]+)\s*\}", r"\1",
                  name.strip()).lstrip("\\")


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s", "", a) == re.sub(r"\s", "", b)


def symmetric_name(latex: str) -> str | None:
    """The name a formula says is symmetric (its two sides the same name with its subscript's
    letters in another order, or the name and its transpose), else None."""
    m = _SWAPPED.match(latex)
    if m and _same(m["name"], m["name2"]):
        a, b = _letters(m["a"]), _letters(m["b"])
        if a and b and len(a) >= 2 and len(set(a)) == len(a) and a != b \
                and sorted(a) == sorted(b):
            return _plain(m["name"])
    m = _WITH_T.match(latex)
    if m and _same(m["name"], m["name2"]) and bool(m["t1"]) != bool(m["t2"]):
        return _plain(m["name"])
    return None
