"""An identity sized by a letter (``I_M``, ``\\mathbf{I}_k``) says the formula's matrices have
that size too.

``|A + U V^T| = |I_M + V^T A^{-1} U|`` for ``U, V`` of N x M (the general determinant lemma):
read without declarations, its bold capitals take one default size n, and ``I_M`` (M x M)
clashes with ``V^T A^{-1} U`` (n x n). That clash is the default's, not the sheet's: the
identity's letter says some of its matrices have M rows or columns. So a formula writing
such an identity is ill-sized as written only if it is so for every way of giving its
unsized capitals n or M rows and columns (a claim reading ``U, V`` as vectors is then no
evidence that the sheet's formula is wrong).
"""
from __future__ import annotations

import re
from itertools import product

from cheatsheet.latex import LatexError, LatexShapeError

from ..parsing import parse_cached

# I_M, I_{k}, \mathbf{I}_M, \mathbb{I}_k: the identity sized by one letter
_SIZED_IDENTITY = re.compile(r"(?:\\(?:mathbf|mathbb|boldsymbol|bm)\s*\{\s*I\s*\}|(?<![\\A-Za-z])I)"
                             r"\s*_\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))(?![A-Za-z])")
DEFAULT = "n"  # the size the reader gives a capital the sheet does not size
MAX_CAPITALS = 3  # more unsized capitals than this: too many sizes to try, no verdict


def identity_letters(text: str) -> set[str]:
    """The letters sizing an identity in ``text`` (M for I_M), the default's aside."""
    return {a or b for a, b in _SIZED_IDENTITY.findall(text)} - {DEFAULT}


def fits_some_size(text: str, capitals, layouts, sides_differ) -> bool:
    """Does ``text``, with an identity sized by a letter, read well-sized in some layout when
    its ``capitals`` (unsized matrices) take n or that letter as rows and columns? Too many
    capitals to try counts as fitting (nothing shows the clash is the sheet's)."""
    letters = sorted(identity_letters(text))
    if not letters:
        return False
    # (capitals only: a bold lower-case vector keeps its length, u^T A^{-1} u stays a number)
    names = sorted(n for n in set(capitals) - set(letters) - {"I", DEFAULT} if n[:1].isupper())
    if len(names) > MAX_CAPITALS:
        return True
    sizes = [DEFAULT, *letters]
    dims = {s: "dim" for s in sizes}
    for shape in product(product(sizes, repeat=2), repeat=len(names)):
        given = {**dims, **{n: f"matrix({r}, {c})" for n, (r, c) in zip(names, shape)}}
        for layout in layouts or ("denominator",):
            try:
                st = parse_cached(text, given, layout=layout)
            except LatexShapeError:
                continue
            except (LatexError, ValueError, TypeError):
                return True  # (unreadable so sized: nothing shows the clash is the sheet's)
            if not any(sides_differ(r) for r in st.relations):
                return True
    return False
