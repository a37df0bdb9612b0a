"""A notation list writing each name as itself of an argument: which letters are functions.

``\\mathbf{f} = \\mathbf{f}(\\mathbf{x}), \\mathbf{g} = \\mathbf{g}(\\mathbf{x}), u = u(\\mathbf{x})``
says that f and g are functions of x with vector values (written bold, the sheet's face for
vectors) and u one with scalar values (written plain). A product rule of u(x) g(x), g written
bold, is then no rule for two scalar functions. The face is part of the notation: a plain f in a
convolution further on is another f (verify/audit/function_values.py). Such a list is notation,
not a section's assumption: it holds for the chapter the list stands in (the section above its
own), where its subsections use the letters.
"""
from __future__ import annotations

import re

_BOLD = re.compile(r"^\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*(\\?[A-Za-z]+)\s*\}$")
_PLAIN = re.compile(r"^(\\?[A-Za-z]+)$")
_ITEM = re.compile(r"^\s*(?P<name>\S.*?)\s*=\s*(?P<again>\S.*?)\s*\(\s*(?P<arg>[^()]+?)\s*\)\s*$")


def _letter(face: str) -> tuple[str, bool] | None:
    """(letter, bold) of a name written plain or bold; None for anything else."""
    face = face.strip()
    m = _BOLD.match(face)
    if m:
        return m.group(1).lstrip("\\"), True
    m = _PLAIN.match(face)
    return (m.group(1).lstrip("\\"), False) if m else None


def function_names(latex: str) -> list[tuple[str, str, bool]]:
    """(letter, values, bold) for each item ``name = name(x)``, x a bold vector, of a comma
    list made only of such items (two at least): "vector" values for a bold name, "scalar"
    for a plain one; [] for any other formula."""
    from .clauses import split_top

    items = [p for p in split_top(latex.strip().rstrip(".,;"), ",") if p.strip()]
    out = []
    for item in items:
        m = _ITEM.match(item)
        name = _letter(m.group("name")) if m else None
        if name is None or m.group("name").strip() != m.group("again").strip() \
                or _letter(m.group("arg")) is None or not _letter(m.group("arg"))[1]:
            return []  # (a function of a bold vector only: of a scalar, its size is unsaid)
        letter, bold = name
        out.append((letter, "vector" if bold else "scalar", bold))
    return out if len(out) >= 2 else []
