"""A sheet's formula -> the catalog claims it may state, each with a correspondence of names.

The index (index.py) holds every way the catalog writes each claim. A formula is compared with
all of them on notation-free token streams (tokens.py): as a whole, and, when its left side only
*names* the claim's (``M_X(t) = ...`` under "Poisson", ``\\text{Pois}(\\lambda) = ...``, a table
row), by its right side. The words around the formula (heading, label, table row) add a small
bonus when they name the claim. Candidates come back best first with the correspondence that
renames the sheet's symbols into the form's (align.py); deciding them is verify/audit.py's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .align import Side, correspondence, same_after_renaming, side, unit_texts
from .index import RELATIONS, Entry, Index, law_cut, load, unpacked, words_of
from .tokens import CASES_ENVIRONMENTS, Tok, tokenize

__all__ = ["Matcher", "Candidate", "tokenize"]

# operators a left side may apply without merely naming something
_KNOWN_HEADS = {"Var", "Cov", "KL", "E", "P", "tr", "det", "diag", "softmax", "ReLU", "sign",
                "argmax", "argmin", "rank", "Corr", "JSD", "MSE", "sigma", r"\log", r"\exp",
                r"\sin", r"\cos", r"\tanh", r"\max", r"\min", r"\det", r"\sigma", r"\nabla",
                r"\frac", r"\partial", r"\sum", r"\prod", r"\int", r"\|", "|", r"\langle"}
MIN_SCORE = 0.55
WORDS_WEIGHT = 0.1
NAMED_WORDS = 0.5  # words that name a claim this well bring it in beyond the best by form
NAMED_EXTRA = 2
TIE, TIES = 0.1, 4  # a claim's entries this close in rank are told apart by their names
OTHER_FORMS = 0.05  # forms this close are tried when the closest gives no reading
NAMED_BY_NAME = 0.75  # the words score of words that say a claim's proper name
PROPER_IDF = 5.5  # a word of a claim's id this rare (three claims or fewer) is a name
NEAREST = 40  # forms compared further, of the closest by structure (and those tied with the last)


@dataclass
class Candidate:
    entry: Entry
    index: int  # the entry's position in the matcher's list
    score: float  # structural similarity in [0, 1] (of the part compared)
    mode: str  # "whole" | "label": the sheet's left side only names the claim's
    words: float  # share of the claim's words found around the formula
    near: float = 0.0  # the same for the words of this formula alone (not its block's others)
    mapping: dict[str, str] = field(default_factory=dict)
    sheet_tokens: list[Tok] = field(default_factory=list)
    form_tokens: list[Tok] = field(default_factory=list)
    # the claim's other forms about as close, best first (aligned on demand): a reading the
    # closest form cannot give (a recorded version in other notation) another may
    others: list = field(default_factory=list, repr=False)
    # sheet names whose correspondence the sheet's words announce ("success probability
    # $\\pi$" for the claim's p): its notation, not a renaming the match guessed
    announced: frozenset = frozenset()
    # sheet letters kept as the claim's own that other lines of the sheet, holding as this
    # claim, read the same way (verify/audit/notation.py): the claim's sizes are the sheet's
    confirmed_kept: frozenset = frozenset()
    # claim letters (matrices) whose declared size other lines of the sheet, holding as
    # claims of the topic with the same sheet letters, need (verify/audit/notation.py)
    confirmed_pinned: frozenset = frozenset()
    # read together with a neighbouring line that holds on its own as another statement of
    # the claim, in the same letters (verify/audit/pairs.py): that statement agrees
    paired: bool = False

    @property
    def claim_id(self) -> str:
        return self.entry.claim_id

    @property
    def rank(self) -> float:
        return self.score + WORDS_WEIGHT * self.words


def _misfits(c: Candidate) -> int:
    """How many of the sheet's names the candidate's form renames or does not have at all."""
    own = {t.ident for t in c.form_tokens if t.ident is not None}
    return sum((a != b) + (b not in own) for a, b in c.mapping.items())


_CASES_OPEN = {rf"\begin{{{e}}}" for e in CASES_ENVIRONMENTS}
_CASES_CLOSE = {rf"\end{{{e}}}" for e in CASES_ENVIRONMENTS}


def split_relation(toks: list[Tok]) -> tuple[list[Tok], list[Tok], list[Tok]] | None:
    """(left side, relation token, rest) at the first top-level relation, or None.  The
    conditions of a cases block (|a| <= delta) are inside it, not relations of the formula."""
    depth, top = 0, []
    for k, t in enumerate(toks):
        top.append(t.norm if depth == 0 else "")
        if t.raw in ("(", "[", "{", r"\{", r"\langle") or t.raw in _CASES_OPEN:
            depth += 1
        elif t.raw in (")", "]", "}", r"\}", r"\rangle") or t.raw in _CASES_CLOSE:
            depth -= 1
        elif depth == 0 and t.norm in RELATIONS:
            return toks[:k], toks[k:k + 1], toks[k + 1:]
    cut = law_cut(top)
    return (toks[:cut], toks[cut:cut + 1], toks[cut + 1:]) if cut is not None else None


def indexed_call(lhs: list[Tok]) -> list[Tok] | None:
    """``f(z)`` of a left side ``f(z)_i`` / ``f(z)_{ij}`` (an entry of a function's output,
    as softmax is written), else None."""
    body = [t for t in lhs if t.norm or t.ident is not None]
    if len(body) >= 5 and body[-2].norm == "_" and body[-3].norm == ")":
        return body[:-2]
    ends = [k for k, t in enumerate(lhs) if t.norm == "_"]
    if ends and lhs[-1].raw == "}" and ends[-1] + 1 < len(lhs) and lhs[ends[-1] + 1].raw == "{" \
            and ends[-1] and lhs[ends[-1] - 1].norm == ")":
        return lhs[:ends[-1]]
    return None


def is_label(lhs: list[Tok], known: bool = False) -> bool:
    """A left side that names rather than computes: ``M_X(t)``, ``\\psi(t)``,
    ``\\text{Pois}(\\lambda)``, ``\\mathcal{N}(\\mu, \\sigma^2)``: a head that is not a known
    operator, maybe subscripted, applied to one parenthesised group and nothing after it.
    ``known``: a known function's name counts too (``\\sigma(z)_i`` defining softmax)."""
    body = [t for t in lhs if t.norm or t.ident is not None]
    if len(body) < 3 or body[-1].norm != ")":
        return False
    head = body[0]
    if head.ident is None and not (head.norm.startswith("text:") or head.norm in ("Normal",)):
        return False
    if head.norm in _KNOWN_HEADS and not known:
        return False
    if any(t.norm in RELATIONS for t in body[1:]):
        return False  # P(X > t), P(X = k): an event's probability is read, never a name
    k = 1
    if k < len(body) and body[k].norm == "_":
        k += 2
    if k >= len(body) or body[k].norm != "(":
        return False
    depth = 0
    for j in range(k, len(body)):
        depth += body[j].norm == "("
        depth -= body[j].norm == ")"
        if depth == 0 and j != len(body) - 1:
            return False
    return True


def is_bare_name(lhs: list[Tok]) -> bool:
    """A left side that is one name and nothing else (h, F^\\star, n'): no call, no index; or
    a divergence's name without its two laws (D_KL = ... under words naming them)."""
    body = [t for t in lhs if t.norm or t.ident is not None]
    return len(body) == 1 and (body[0].ident is not None or body[0].norm in _NAMES_ALONE)


_NAMES_ALONE = {"KL", "JSD"}  # operators whose name alone may stand for their value


def named_alone(lhs: list[Tok]) -> bool:
    """A left side that is a divergence's name without its laws (D_KL = ...): it can only
    name a divergence's value, so the right sides are compared."""
    body = [t for t in lhs if t.norm or t.ident is not None]
    return len(body) == 1 and body[0].norm in _NAMES_ALONE


def _aligned_part(toks: list[Tok], mode: str) -> list[Tok]:
    """What is aligned of a formula: all of it, or in "label" mode its right side."""
    if mode != "label":
        return toks
    split = split_relation(toks)
    return split[2] if split else toks


class Matcher:
    """Candidates for formulas, from one catalog (optionally blind to some sheets' records)."""

    def __init__(self, catalog, index: Index | None = None, exclude_sheets=()):
        from .nearest import Nearest

        self.catalog = catalog
        self.index = index or load(catalog)
        excluded = set(exclude_sheets)
        self.entries = [e for e in self.index.entries if e.sheet not in excluded]
        self._full = [e.full for e in self.entries]
        self._rhs = [e.rhs if e.has_relation else e.full for e in self.entries]
        # the forms closest to a stream, as a whole and by right side (nearest.py)
        self._near_full = Nearest(self._full, NEAREST, 100 * MIN_SCORE * 0.8)
        self._near_rhs = Nearest(self._rhs, NEAREST, 100 * MIN_SCORE * 0.8)
        self._tokens: dict[int, list[Tok]] = {}
        self._sides: dict[tuple[int, str], Side] = {}  # (entry, mode) -> the part aligned
        # a formula's tokens -> {(entry, mode): correspondence}: sheets repeat formulas, and a
        # formula is looked up again in each of its readings
        self._mappings: dict[tuple[Tok, ...], dict[tuple[int, str], dict]] = {}
        self._names: dict[str, frozenset] = {}
        self._top: dict[str, float] = {}

    def form_tokens(self, k: int) -> list[Tok]:
        if k not in self._tokens:
            e = self.entries[k]  # (tokenised when the index was built)
            self._tokens[k] = unpacked(e.toks) if e.toks and self.index.loaded \
                else tokenize(e.latex)
        return self._tokens[k]

    def candidates(self, latex: str, words: str = "", limit: int = 4,
                   toks: list[Tok] | None = None, near: str | None = None,
                   keep=None) -> list[Candidate]:
        """Best first; ``words`` all words that may tell what the formula is about, ``near``
        those that speak of it alone (default: the same). ``keep(claim_id)``: the claims the
        caller can use at all (not of another law than the sheet's), set aside before the
        ``limit`` best are taken, so that they do not crowd out one that can."""
        toks = tokenize(latex) if toks is None else toks
        around = words_of(words + " " + " ".join(t.norm[5:] for t in toks
                                                   if t.norm.startswith("text:")))
        best: dict[str, Candidate] = {}
        also: dict[str, list[Candidate]] = {}  # a claim's other entries nearly as close

        word_scores: dict[str, float] = {}

        def consider(k: int, score: float, mode: str, named: bool = False):
            e = self.entries[k]
            if e.claim_id not in word_scores:
                word_scores[e.claim_id] = self.words_score(e.claim_id, around)
            if named and word_scores[e.claim_id] < NAMED_WORDS:
                return
            cand = Candidate(e, k, score, mode, word_scores[e.claim_id])
            old = best.get(e.claim_id)
            also.setdefault(e.claim_id, []).append(cand)
            if old is None or (cand.rank, cand.mode == "whole") > (old.rank, old.mode == "whole"):
                best[e.claim_id] = cand

        for score, k, mode, named_only in self._closest(toks):
            consider(k, score / 100, mode, named_only)
        ranked = sorted((c for c in best.values() if c.rank >= MIN_SCORE
                         and (keep is None or keep(c.claim_id))), key=lambda c: -c.rank)
        # the best by form, plus those the words around name (a claim the words call by its
        # name is worth a check even when other claims' forms look more alike)
        named = [c for c in ranked[limit:] if c.words >= NAMED_WORDS][:NAMED_EXTRA]
        ranked = ranked[:limit] + named
        close = words_of(near) if near is not None else None
        sheet_sides: dict[str, Side] = {}  # mode -> the formula's part aligned, read once
        aligned = self._mappings.setdefault(tuple(toks), {})
        out = []
        for c in ranked:
            # of a claim's forms about as close (Adam's m and v updates look alike), the one
            # that keeps most of the sheet's names
            rivals = [o for o in also[c.claim_id]
                      if o.mode == c.mode and o.rank >= c.rank - TIE][:TIES]
            for o in rivals:
                self._align(o, toks, close, sheet_sides, aligned)
            if not any(o.entry.kind == "piece" for o in rivals):
                # one statement: its closest form, unless the sheet types another of its
                # forms as it stands (pi_k = N_k / K, a recorded typo, ties with the
                # canonical N_k / N when names are set aside: the typo is what it is)
                typed = [o for o in rivals if o.mode == "whole" and _misfits(o) == 0
                         and same_after_renaming(toks, o.form_tokens, o.mapping)]
                rivals = typed[:1] or [c]
            chosen = min(rivals, key=lambda o: (_misfits(o), -o.rank))
            chosen.others = sorted((o for o in also[c.claim_id]
                                    if o is not chosen and o.mode == chosen.mode
                                    and o.rank >= chosen.rank - OTHER_FORMS),
                                   key=lambda o: -o.rank)[:TIES]
            out.append(chosen)
        return out

    def _closest(self, toks: list[Tok]) -> list[tuple[float, int, str, bool]]:
        """(score in 0..100, form, mode, named only) of the forms closest to the formula by
        structure: as a whole, and by right side where its left side only names it (a label,
        a bare name, or no relation). Every candidate ``candidates`` gives is one of these."""
        full, _, rhs, has_rel = self.index.streams(toks)
        split = split_relation(toks)
        label = split is not None and is_label(split[0])
        # h = ... under "differential entropy of N(mu, sigma^2)": a bare name names the
        # claim's left side as well as M(t) does, but only where the words name the claim
        named_only = split is not None and not label and is_bare_name(split[0])
        out = []
        if len(full) >= 2:
            out += [(score, k, "whole", False) for score, k in self._near_full(full)]
        part = rhs if has_rel else full
        if (label or named_only or not has_rel) and len(part) >= 2:
            out += [(score, k, "label", named_only) for score, k in self._near_rhs(part)]
        return out

    def reachable(self, toks: list[Tok]) -> set[str]:
        """The claims any look-up of this formula by ``candidates`` can give, whatever its
        words, ``keep`` or ``limit``: those with a form among the closest by structure. A
        caller that can use only some claims skips a formula none of them can match."""
        return {self.entries[k].claim_id for _, k, _, _ in self._closest(toks)}

    def close_statements(self, toks: list[Tok], score: float) -> set[str]:
        """The claims made of several statements one of which (a piece form) is at least
        ``score`` close to the formula as a whole. A whole-mode candidate ``candidates``
        gives (whatever its words, ``keep`` or ``limit``) is one of these forms, so this
        cheap look-up tells a caller needing such a candidate when none can come."""
        full = self.index.streams(toks)[0]
        if len(full) < 2:
            return set()
        return {self.entries[k].claim_id for s, k in self._near_full(full)
                if s / 100 >= score and self.entries[k].kind == "piece"}

    def prepare(self, formulas) -> None:
        """Find the closest forms of many formulas (LaTeX) at once, for the look-ups of
        ``candidates`` to come (nearest.py: the same answers, a fraction of the work)."""
        fulls, parts = [], []
        for latex in formulas:
            try:
                toks = tokenize(latex)
            except Exception:  # noqa: BLE001 - candidates() will say what is wrong with it
                continue
            full, _, rhs, has_rel = self.index.streams(toks)
            fulls.append(full)
            split = split_relation(toks)  # the right side is looked up as candidates() does:
            if not has_rel or (split is not None and (  # where the left side only names
                    is_label(split[0]) or is_bare_name(split[0]))):
                parts.append(rhs if has_rel else full)
        self._near_full.prepare(f for f in fulls if len(f) >= 2)
        self._near_rhs.prepare(p for p in parts if len(p) >= 2)

    def rescore(self, c: Candidate) -> float:
        """The candidate's structural similarity again, for its sheet tokens as they now
        stand (a constant the sheet's words make a letter: success probability pi)."""
        from rapidfuzz import fuzz

        full, _, rhs, has_rel = self.index.streams(c.sheet_tokens)
        if c.mode == "label":
            return fuzz.ratio(rhs if has_rel else full, self._rhs[c.index]) / 100
        return fuzz.ratio(full, self._full[c.index]) / 100

    def other_forms(self, c: Candidate) -> list[Candidate]:
        """The claim's other forms nearly as close as ``c``, aligned with the same formula."""
        for o in c.others:
            if not o.form_tokens:
                self._align(o, c.sheet_tokens, None)
                o.near = c.near
        return c.others

    def _align(self, c: Candidate, toks: list[Tok], close,
               sheet_sides: dict[str, Side] | None = None, aligned: dict | None = None) -> None:
        """Fill in the candidate's correspondence of names (and its nearby words' score).
        ``sheet_sides``: the formula's sides read so far in this look-up, by mode;
        ``aligned``: the formula's correspondences found so far, by (entry, mode)."""
        c.near = c.words if close is None else self.words_score(c.claim_id, close)
        form = self.form_tokens(c.index)
        c.sheet_tokens = toks
        c.form_tokens = form
        key = (c.index, c.mode)
        if aligned is not None and key in aligned:
            c.mapping = dict(aligned[key])
            return
        vocabulary = self.index.vocabulary.get(c.claim_id, ())
        sheet_sides = {} if sheet_sides is None else sheet_sides
        if c.mode not in sheet_sides:
            sheet_sides[c.mode] = side(_aligned_part(toks, c.mode))
        if key not in self._sides:
            self._sides[key] = side(_aligned_part(form, c.mode))
        c.mapping = correspondence(sheet_sides[c.mode], self._sides[key], vocabulary)
        if aligned is not None:
            aligned[key] = dict(c.mapping)

    def realigned(self, c: Candidate, free) -> Candidate:
        """The candidate with its names paired again by alignment, the sheet's names ``free``
        included, although the claim has names so spelled (a sheet whose W is the claim's U)."""
        vocabulary = self.index.vocabulary.get(c.claim_id, ())
        mapping = correspondence(side(_aligned_part(c.sheet_tokens, c.mode)),
                                 side(_aligned_part(c.form_tokens, c.mode)), vocabulary,
                                 free=free)
        return replace(c, mapping=mapping)

    def words_score(self, claim_id: str, around: frozenset) -> float:
        """Share of what the claim's distinctive words say that the words around repeat:
        each word weighs its idf, so "Poisson" counts and "variable" hardly does."""
        cw = self.index.claim_words.get(claim_id, frozenset())
        if not cw or not around:
            return 0.0
        idf = self.index.idf
        if claim_id not in self._top:  # what its three rarest words weigh
            self._top[claim_id] = sum(sorted((idf.get(w, 0.0) for w in cw), reverse=True)[:3])
        top = self._top[claim_id]
        got = sum(idf.get(w, 0.0) for w in cw & around)
        share = min(1.0, got / top) if top > 0 else 0.0
        if self._proper_names(claim_id) & around:
            # "RMSprop:", "Chebyshev:" name the claim as well as its title's other words do
            share = max(share, NAMED_BY_NAME)
        return share

    def _proper_names(self, claim_id: str) -> frozenset:
        """The words of a claim's id that name it and almost nothing else (rmsprop,
        chebyshev, adam): a method's or a theorem's name, not a topic's (bound, var)."""
        if claim_id not in self._names:
            parts = words_of(claim_id.replace(".", " ").replace("_", " ").replace("-", " "))
            title = self.catalog[claim_id].title
            # written as a name in the title: inner capitals (RMSProp), a possessive
            # (Chebyshev's), or capitalised after its first word (the Woodbury identity)
            named = {w.lower() for w in re.findall(r"\b[A-Za-z][a-z]*[A-Z]\w*", title)}
            named |= {w.lower() for w in re.findall(r"\b([A-Z][a-z]+)'s\b", title)}
            named |= {w.lower() for w in re.findall(r"(?<=\w )([A-Z][a-z]{3,})\b", title)}
            rare = self.index.idf.get
            self._names[claim_id] = frozenset(
                w for w in parts if len(w) >= 4 and rare(w, 0.0) >= PROPER_IDF and w in named)
        return self._names[claim_id]

    def unit_texts(self, c: Candidate) -> dict[str, str]:
        return unit_texts(c.form_tokens)
