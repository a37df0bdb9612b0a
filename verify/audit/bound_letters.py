"""Letters a sheet's own lines bind: a hold that needs them to be something else is no hold.

A section on the SVD writes $A^T A = V \\Sigma^T \\Sigma V^T$, which holds as the catalog's
Gram identity in its own letters: the sheet's A is the decomposed matrix, V its right singular
vectors. Beside it, $A A^T = V \\Sigma \\Sigma^T V^T$ (U belongs there) holds as a spectral
filter H = U F U^T, but only with A, Sigma and V read as that claim's H, F and U (any
orthogonal V diagonalises some symmetric matrix): read in the letters the section gave them,
as the Gram identity, it fails. The section says which reading it means, so the line is
unchecked, not ok.

The rule, after every formula is decided (the lines are order-free within a section): an ok
line that renames most of its letters to hold as claim Y, and was also read as claim Z and
failed Z's check (or its sizes), is unchecked where another ok line of its section holds as Z
reading those letters as Z's reading of the line does (as they stand, or renamed alike: the
sheet's notation for Z), renaming none that line does not, and Y's reading gives them other
letters.
"""
from __future__ import annotations

from dataclasses import replace

from .wording import in_sentence

MAX_SHOWN = 3  # letters named in a reason
# other lines of the section that must read a letter alike for it to be the section's
# notation: with one, two lines reading it otherwise contradict each other, and which one
# is the slip is open
AGREEING = 2


def failed_readings(outcomes) -> tuple:
    """(claim, renamed pairs) of each claim the formula was read as and failed by its check,
    or by sizes that clash (V Sigma Sigma^T V^T for an m x n Sigma: where the section gives
    the letters that claim's meaning, the formula is ill-formed). A name out of scope says
    only that the reading does not fit: not counted."""
    from .notation import renamings

    return tuple((c.claim_id, renamings(c)) for c, verdict, ev, _, _ in outcomes
                 if verdict == "refuted" and ev.method != "scope")


def _letters(latex: str) -> set:
    from cheatsheet.match.tokens import tokenize

    try:
        return {t.ident for t in tokenize(latex) if t.ident}
    except Exception:  # noqa: BLE001 - a formula the tokeniser trips on binds nothing
        return set()


def _shown(name: str) -> str:
    from cheatsheet.latex.names import GREEK

    from .explain import _plain

    return _plain(("\\" + name) if name in GREEK else name)


def letters_bound(results: list, jobs: list, catalog) -> list:
    """The findings with each ok line that holds only by renaming letters its section binds
    otherwise made unchecked, saying why (same order; ``jobs[k]`` made ``results[k]``)."""
    sections: dict = {}  # (file, heading path) -> the ok findings' positions
    for k, (f, j) in enumerate(zip(results, jobs)):
        if f is not None and f.verdict == "ok" and f.claim in catalog:
            sections.setdefault((f.file, j.formula.segment.heading_path), []).append(k)
    out = list(results)
    for ks in sections.values():
        for k in ks:
            f = results[k]
            if not f.renamed or not f.failed:
                continue
            found = _bound_otherwise(f, [(results[o], jobs[o]) for o in ks if o != k],
                                     catalog)
            if found is not None:
                out[k] = found
    return out


def _bound_otherwise(f, others: list, catalog):
    """The unchecked finding for ok ``f`` if another line of its section binds letters that
    ``f``'s hold renames to the reading of a claim ``f`` fails; else None."""
    renamed = dict(f.renamed)
    if len(renamed) * 2 <= len(_letters(f.latex)):
        # a hold renaming one letter of three (b as c in d a^T X^T b / dX = b a^T) is another
        # claim's formula, which z's failing does not make a slip; one renaming most of them
        # (A, Sigma, V as a filter's H, F, U) holds only loosely
        return None
    for z, pairs in f.failed:
        if z == f.claim or z not in catalog:
            continue
        as_z = dict(pairs)
        for g, job in others:
            if g.claim != z:
                continue
            # the letters f's hold renames that g, holding as z, reads as z's reading of f
            # does (as they stand, or as the sheet's notation renames them on both lines)
            as_g, written = dict(g.renamed), _letters(job.formula.reading)
            if any(as_g.get(s) != t for s, t in as_z.items()):
                continue  # (z reads f with a letter renamed that g does not bind so: loose)
            bound = [s for s in renamed if s in written and as_z.get(s, s) == as_g.get(s, s)
                     and renamed[s] != as_z.get(s, s)]
            if not bound:
                continue
            mine = ", ".join(_shown(s) for s in bound[:MAX_SHOWN])
            as_y = ", ".join(_shown(renamed[s]) for s in bound[:MAX_SHOWN])
            return replace(
                f, verdict="unchecked", claim=None, method="", renamed=(), failed=(),
                candidates=list(dict.fromkeys(list(f.candidates) + [f.claim, z])),
                reason=(f"it holds as {f.claim} ({in_sentence(catalog[f.claim].title)}) only "
                        f"with {mine} read as its {as_y}; the section's ${g.latex}$ uses "
                        f"{mine} as {z} ({in_sentence(catalog[z].title)}) does, and read so "
                        "it fails"))
    return None


def _correspondence(f, job, catalog, vocabulary) -> dict:
    """sheet letter -> claim letter of an ok finding: its renamed letters, and the letters it
    writes as its claim does (index letters aside: an index is any index)."""
    from .renaming import _INDEX_LETTERS

    own = {s: s for s in _letters(job.formula.reading) if s in vocabulary}
    out = {**own, **dict(f.renamed)}
    return {s: t for s, t in out.items() if not (s in _INDEX_LETTERS and t in _INDEX_LETTERS)}


def _vocabulary(claim) -> frozenset:
    """The names a claim uses: declared, or in its canonical statement (as the matcher's
    index has them)."""
    return frozenset(set(claim.symbols or {}) | _letters(claim.latex))


def rebound(results: list, jobs: list, catalog, reread) -> list:
    """The findings with each ok line that holds as a claim only with a letter read as
    another of the claim's letters than every other line of its section, holding as claims
    of the same topic, reads it (two at least, one of them holding as the same claim) (Q as the SVD's U here, as its V in the section's other two
    lines), and that fails the claim read the section's way, made unchecked.
    ``reread(job, claim, changes)``: the claim's verdict on the job's formula with the
    letters changed as given (holds | refuted | undecided | None)."""
    sections: dict = {}
    for k, (f, j) in enumerate(zip(results, jobs)):
        if f is not None and f.verdict == "ok" and f.claim in catalog:
            sections.setdefault((f.file, j.formula.segment.heading_path), []).append(k)
    out = list(results)
    for ks in sections.values():
        if len(ks) < 2:
            continue
        read = {k: _correspondence(results[k], jobs[k], catalog,
                                   _vocabulary(catalog[results[k].claim])) for k in ks}
        for k in ks:
            f = results[k]
            topic = catalog[f.claim].topic
            others = [o for o in ks if o != k and catalog[results[o].claim].topic == topic]
            vocab = _vocabulary(catalog[f.claim])
            changes, seen = {}, {}
            for s, mine in read[k].items():
                readers = [o for o in others if s in read[o]]
                theirs = {read[o][s] for o in readers}
                # (one of them of f's very claim: claims of one topic may give a letter other
                # roles, K a kernel size in one and a count of layers in another)
                if len(theirs) == 1 and len(readers) >= AGREEING and mine not in theirs \
                        and any(results[o].claim == f.claim for o in readers) \
                        and next(iter(theirs)) in vocab:
                    changes[s] = next(iter(theirs))
                    seen[s] = next(o for o in others if s in read[o])
            if not changes or reread(jobs[k], f.claim, changes) != "refuted":
                continue
            g = results[next(iter(seen.values()))]
            shown = list(changes)[:MAX_SHOWN]
            letters = ", ".join(_shown(s) for s in shown)
            as_f = ", ".join(_shown(read[k][s]) for s in shown)
            as_g = ", ".join(_shown(changes[s]) for s in shown)
            out[k] = replace(
                f, verdict="unchecked", claim=None, method="", renamed=(), failed=(),
                candidates=list(dict.fromkeys(list(f.candidates) + [f.claim])),
                reason=(f"it holds as {f.claim} ({in_sentence(catalog[f.claim].title)}) "
                        f"only with {letters} read as its {as_f}; the section's other lines "
                        f"read {letters} as its {as_g} (${g.latex}$), and read so it fails"))
    return out


class Rereading:
    """The Decider's part that reads a formula as one claim with some letters put otherwise
    (mixed into decide.Decider; rebound() above asks it)."""

    def reread(self, job, claim_id: str, changes: dict) -> str | None:
        """holds | refuted | undecided, or None (no such reading, or one that does not fit)."""
        from cheatsheet.match.tokens import tokenize

        latex = job.formula.reading
        seg = job.formula.segment
        try:
            toks = tokenize(latex)
        except Exception:  # noqa: BLE001
            return None
        for c in self.matcher.candidates(latex, seg.words(), toks=toks,
                                         near=seg.words(block=False)):
            if c.claim_id != claim_id or not set(changes) <= set(c.mapping):
                continue
            mapping = dict(c.mapping)
            for s, t in changes.items():
                other = next((a for a, b in mapping.items() if b == t and a != s), None)
                if other is not None:  # (the letter that read as t takes s's old one)
                    mapping[other] = mapping[s]
                mapping[s] = t
            out = self._try(replace(c, mapping=mapping), job.conv)
            if out is None or out[2].method in ("scope", "shapes"):
                return None  # (a name out of scope, sizes that clash: the reading does not fit)
            return out[1]
        return None
