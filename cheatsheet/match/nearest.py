"""The catalog forms closest to a formula's token stream, many formulas at a time.

The matcher compares a formula's stream with every form of the index (thousands) by rapidfuzz's
``fuzz.ratio``. Asked one formula at a time (``process.extract``), rapidfuzz converts every form
again on each call: for the five sheets that was ~3 s of CPU, about a tenth of a cold audit.
One ``process.cdist`` call for a batch of formulas converts the forms once (about six times
cheaper per formula), so the audit asks for each worker's share of formulas up front
(``Matcher.prepare``) and the look-ups find their answer here. A stream not prepared is looked
up alone, as before. Either way the answer is in ``process.extract``'s order: best first, ties
in the forms' order, none under the cutoff.

``limit`` counts claims, not forms (``groups`` names each form's claim): a claim recorded with
many forms (its wrong variants, its sheets' lines) would otherwise fill the places alone, and a
claim added with a few forms alike would push out another claim only by the order of ties
(red team: ``F_X(x) = P(X \le x)`` lost the CDF claim it holds as when the survival claims
came in). Every form of a claim already in is kept, so a claim's close rivals stay.
"""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

BATCH = 256  # streams per cdist call (a 256 x 4000 matrix of float64: 8 MB)


class Nearest:
    """Closest forms among ``choices`` (encoded streams), remembered per query stream."""

    def __init__(self, choices: list[str], limit: int, cutoff: float, groups=None):
        self.choices = choices
        self.limit = limit
        self.cutoff = cutoff
        self.groups = groups  # the claim of each choice (None: each choice its own)
        self._found: dict[str, list[tuple[float, int]]] = {}

    def __call__(self, query: str) -> list[tuple[float, int]]:
        """(score in 0..100, index of the form), best first."""
        found = self._found.get(query)
        if found is None:
            found = self._first_groups([(score, k) for _, score, k in process.extract(
                query, self.choices, scorer=fuzz.ratio,
                limit=self.limit if self.groups is None else None,
                score_cutoff=self.cutoff)])
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
                self._found[query] = self._first_groups(
                    _best(row, self.cutoff, self.limit if self.groups is None else None))

    def _first_groups(self, found: list[tuple[float, int]]) -> list[tuple[float, int]]:
        """The forms, best first, of the first ``limit`` claims met."""
        if self.groups is None:
            return found[:self.limit]
        seen: set = set()
        out = []
        for score, k in found:
            group = self.groups[k]
            if group not in seen:
                if len(seen) == self.limit:
                    continue
                seen.add(group)
            out.append((score, k))
        return out


def _best(row: np.ndarray, cutoff: float, limit: int | None) -> list[tuple[float, int]]:
    """The row's scores at or above ``cutoff``, best first, ties by index, at most ``limit``."""
    idx = np.flatnonzero(row >= cutoff)
    order = np.lexsort((idx, -row[idx]))[:limit]  # (last key first: score, then index)
    return [(float(row[idx[j]]), int(idx[j])) for j in order]
