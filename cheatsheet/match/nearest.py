"""The catalog forms closest to a formula's token stream, many formulas at a time.

The matcher compares a formula's stream with every form of the index (thousands) by rapidfuzz's
``fuzz.ratio``. Asked one formula at a time (``process.extract``), rapidfuzz converts every form
again on each call: for the five sheets that was ~3 s of CPU, about a tenth of a cold audit.
One ``process.cdist`` call for a batch of formulas converts the forms once (about six times
cheaper per formula), so the audit asks for each worker's share of formulas up front
(``Matcher.prepare``) and the look-ups find their answer here. A stream not prepared is looked
up alone, as before. Either way the answer is ``process.extract``'s, in its order: best first,
ties in the forms' order, at most ``limit``, none under the cutoff.
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
            found = [(score, k) for _, score, k in process.extract(
                query, self.choices, scorer=fuzz.ratio, limit=self.limit,
                score_cutoff=self.cutoff)]
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
                self._found[query] = _best(row, self.cutoff, self.limit)


def _best(row: np.ndarray, cutoff: float, limit: int) -> list[tuple[float, int]]:
    """The row's scores at or above ``cutoff``, best first, ties by index, at most ``limit``."""
    idx = np.flatnonzero(row >= cutoff)
    order = np.lexsort((idx, -row[idx]))[:limit]  # (last key first: score, then index)
    return [(float(row[idx[j]]), int(idx[j])) for j in order]
