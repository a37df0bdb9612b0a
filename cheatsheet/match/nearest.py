"""The catalog forms closest to a formula's token stream, many formulas at a time.

The matcher compares a formula's stream with every form of the index (thousands) by rapidfuzz's
``fuzz.ratio``. Asked one formula at a time (``process.extract``), rapidfuzz converts every form
again on each call: for the five sheets that was ~3 s of CPU, about a tenth of a cold audit.
One ``process.cdist`` call for a batch of formulas converts the forms once (about six times
cheaper per formula), so the audit asks for each worker's share of formulas up front
(``Matcher.prepare``) and the look-ups find their answer here. A stream not prepared is looked
up alone, as before. Either way the answer is in ``process.extract``'s order: best first, ties
in the forms' order, none under the cutoff, ``limit`` forms and every form as close as the
last of them. (Cut at ``limit`` exactly, a tie at the cut was decided by the forms' order in
the index: when the survival claims came in, their forms pushed the CDF claim out, and
``F_X(x) = P(X \le x)`` on a red-team sheet lost the ok it holds as.)
"""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

BATCH = 256  # streams per cdist call (a 256 x 4000 matrix of float64: 8 MB)


class Nearest:
    """Closest forms among ``choices`` (encoded streams), remembered per query stream."""

    def __init__(self, choices: list[str], limit: int, cutoff: float):
        self.choices = choices
        self.limit = limit
        self.cutoff = cutoff
        self._found: dict[str, list[tuple[float, int]]] = {}

    def __call__(self, query: str) -> list[tuple[float, int]]:
        """(score in 0..100, index of the form), best first."""
        found = self._found.get(query)
        if found is None:
            found = _with_ties([(score, k) for _, score, k in process.extract(
                query, self.choices, scorer=fuzz.ratio, limit=None,
                score_cutoff=self.cutoff)], self.limit)
            self._found[query] = found
        return found

    def prepare(self, queries) -> None:
        """Look up the streams not seen yet, together."""
        new = list(dict.fromkeys(q for q in queries if q not in self._found))
        for start in range(0, len(new), BATCH):
            chunk = new[start:start + BATCH]
            scores = process.cdist(chunk, self.choices, scorer=fuzz.ratio,
                                   score_cutoff=self.cutoff, dtype=np.float64)
            for query, row in zip(chunk, scores):
                self._found[query] = _nearest(row, self.cutoff, self.limit)


def _with_ties(found: list[tuple[float, int]], limit: int) -> list[tuple[float, int]]:
    """The first ``limit`` of the forms found (best first), and those tied with the last."""
    if len(found) <= limit:
        return found
    last = found[limit - 1][0]
    return found[:limit] + [f for f in found[limit:] if f[0] >= last]


def _nearest(row: np.ndarray, cutoff: float, limit: int) -> list[tuple[float, int]]:
    """``_with_ties(_best(row, cutoff, None), limit)``, with the forms beyond the ``limit``-th
    best score (ties kept) left out before they are sorted and made into pairs: that list of
    every form above the cutoff (a thousand or more a row) was the matcher's costliest line."""
    idx = np.flatnonzero(row >= cutoff)
    if len(idx) > limit:
        scores = row[idx]
        last = np.partition(scores, len(idx) - limit)[len(idx) - limit]  # limit-th best
        idx = idx[scores >= last]
    return _best(row, cutoff, None, idx)


def _best(row: np.ndarray, cutoff: float, limit: int | None,
          idx: np.ndarray | None = None) -> list[tuple[float, int]]:
    """The row's scores at or above ``cutoff``, best first, ties by index, at most ``limit``."""
    idx = np.flatnonzero(row >= cutoff) if idx is None else idx
    order = np.lexsort((idx, -row[idx]))[:limit]  # (last key first: score, then index)
    return [(float(row[idx[j]]), int(idx[j])) for j in order]
