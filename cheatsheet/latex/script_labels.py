"""A letter superscript written before a name's subscript labels the name: ``b^l_j``,
``W^{Q}_{ji}``, ``y^{LS}_k``, ``w^{l+1}_{kj}``.

TeX sets ``x^a_b`` as it sets ``x_b^a``, but writers who mean a power put it after the index
(``x_i^2``; a number before it, ``x^2_i``, is still read as that power by ``_pre``); a letter
or word put first is the layer, head or method the name belongs to (Nielsen's ``w^l_{jk}``,
``W^Q_{ji}``).  Read as a power it would make the subscript an index on an expression, which
nothing reads.  Transposes, inverses, stars, primes and signs keep their own meanings
(``A^T_{ij}`` is an entry of the transpose), and so does Euler's ``e``.
"""
from __future__ import annotations

import re

from .matrices import TRANSPOSE_RAW

# one to four letters or one Greek command, optionally shifted by a number: l, LS, ave, l+1, \pi
_LABEL = re.compile(r"(?:[A-Za-z]{1,4}|\\(?!top\b|intercal\b|prime\b|ast\b|star\b|dagger\b)"
                    r"[A-Za-z]+)(?:[+-]\d+)?")
_NOT_LABELS = {"t", "H", "h"}  # A^t_{ij}, A^H_{ij}: a transpose (conjugate) before an entry


def label_before_subscript(base: str, raw: str, posts: list) -> bool:
    """Is the superscript ``raw`` (the first of ``posts``) a label of the name ``base``: a
    letter or word with the name's subscript right after it?"""
    if len(posts) < 2 or posts[1][0] != "subscr" or base == "e":
        return False
    raw = re.sub(r"\s+", "", raw)  # {L S}: the letters of one word
    return bool(_LABEL.fullmatch(raw)) and raw not in TRANSPOSE_RAW and raw not in _NOT_LABELS
