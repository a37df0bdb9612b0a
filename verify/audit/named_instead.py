"""A formula that holds as one claim under words that name another, whose check it fails.

Under "Viterbi", the recursion written with a sum where Viterbi takes a max holds, letter for
letter, as the forward recursion; under "Nesterov", the heavy-ball velocity holds as heavy-ball
momentum. Each is right as some formula of the catalog, and wrong as the one the sheet says it
writes. So a formula that holds as claim Y is not called right where the words beside it name
another claim X (X's name, a word of its id, and more of its words that Y lacks), say nothing that only Y's title says, and X's
check, reading the formula with no more of its letters renamed than Y's reading does, refutes
it, reading the formula whole (not only its right side as a label's). Such a formula is
unchecked with that reason, or wrong where it is a wrong form the catalog records for X, typed
again (the surest match of confidence.py; a merely close one, S = V Sigma V^T under words of
singular values, may be another setting's right formula). Where the
words name several claims ("chain rule") it is X only if they name X more than any other that
does not fail in the same symbols (one the words name by the same name as X, "Nesterov" for
both Nesterov claims, does not count where the formula is X's recorded wrong form typed again);
and where it holds as one of them, it is right.

Which words name a claim: its title, id and topic, as the matcher indexes them (so a sheet's
synonyms and other languages count as they do for matching), weighed by how rare they are.
"""
from __future__ import annotations

from functools import lru_cache

from cheatsheet.match import Candidate, split_relation
from cheatsheet.match.index import words_of

from .laws import claim_laws, clash
from .lead_in import after_of_its_own
from .renaming import renamed_share

# how much the words that name X and not Y must weigh (the idf of one word two claims of 800
# share is about 6; that of a word a dozen claims share about 4)
NAMING_WEIGHT = 4.0
# the least idf of a word of Y's title that, said anywhere around, lets Y be what is meant
# (a very common word, "step", "form", says nothing about which claim)
TELLING_IDF = 2.5


@lru_cache(maxsize=4096)
def _id_words(claim_id: str) -> frozenset:
    """The words of a claim's id: its name (hmm.viterbi_recursion: viterbi, recursion).

    Remembered (a frozenset, never changed): an audit asks for the same few hundred ids for
    every formula it weighs against a named claim, ~100 000 times on a test run's sample."""
    return words_of(claim_id.replace(".", " ").replace("_", " ").replace("-", " "))


def near_words(seg, conv) -> str:
    """The words that say what this formula is: its own sentence, its list's lead-in, its label
    and its nearest heading (a chapter's title speaks of all its sections)."""
    return " ".join(w for w in (seg.before, after_of_its_own(seg), seg.lead, seg.label,
                                conv.line_words, *seg.heading_path[-1:]) if w)


def beside_words(seg, conv) -> str:
    """The formula's own words: its sentence, its list's lead-in and its label."""
    return " ".join(w for w in (seg.before, after_of_its_own(seg), seg.lead, seg.label,
                                conv.line_words) if w)


def all_words(seg, conv) -> str:
    return " ".join(w for w in (seg.words(), conv.line_words, seg.intro) if w)


class Naming:
    """Which claims the words around a formula name rather than the claim it holds as."""

    def __init__(self, index):
        self.words = index.claim_words
        self.idf = index.idf

    def distinct(self, x: str, y: str) -> tuple[frozenset, frozenset]:
        """(words of x that y lacks, words of y that x lacks)."""
        wx, wy = self.words.get(x, frozenset()), self.words.get(y, frozenset())
        return wx - wy, wy - wx

    def weight(self, x: str, y: str, near: frozenset) -> float:
        """How much the words near the formula say of x that they do not of y."""
        return sum(self.idf.get(w, 0.0) for w in self.distinct(x, y)[0] & near)

    def names_instead(self, x: str, y: str, near: frozenset, around: frozenset) -> bool:
        """Do the words near the formula say x's name (a word of its id, Viterbi, backward,
        Nesterov) and enough of what y lacks, and do none of the words around it say what
        only y's title says? (A word of x's title alone, "minimiser", "layout", may describe
        y's formula too.)"""
        only_x, only_y = self.distinct(x, y)
        if not only_x & near & _id_words(x):
            return False
        said_y = [w for w in only_y & around if self.idf.get(w, 0.0) >= TELLING_IDF]
        return self.weight(x, y, near) >= NAMING_WEIGHT and not said_y


def wrong_statement_typed(claim, toks, mapping: dict) -> bool:
    """Is the formula, in the correspondence given, one statement of a wrong form the catalog
    records for the claim that none of its right statements is (a sheet splits "v_t = ...,
    theta_t = ..." into two formulas; the recorded typo lives in one of them)?"""
    from cheatsheet.match.align import same_after_renaming
    from cheatsheet.match.index import pieces
    from cheatsheet.match.tokens import tokenize

    right = {" ".join(p.split()) for p in pieces(claim.latex) or [claim.latex]}
    for wrong in claim.wrong or ():
        for piece in pieces(wrong):
            if " ".join(piece.split()) in right:
                continue
            try:
                if same_after_renaming(toks, tokenize(piece), mapping):
                    return True
            except Exception:  # noqa: BLE001 - a form the tokeniser trips on matches nothing
                continue
    return False


def same_name(a: str, b: str, near: frozenset) -> bool:
    """Do the words near the formula name claims a and b by one word of both their ids
    (nesterov.velocity and momentum.nesterov by "Nesterov")?"""
    return bool(_id_words(a) & _id_words(b) & near)


def same_symbols(x: Candidate, y: Candidate, x_names: frozenset) -> bool:
    """Does x read the formula's symbols as y does: every letter y places, with no more of
    them renamed, and none as another of x's own letters than the one y reads it as (k as
    the kernel size K for y, as the dilation D for x: another correspondence, whose
    refutation says nothing of the formula)?"""
    if not set(y.mapping) <= set(x.mapping) or renamed_share(x) > renamed_share(y) + 1e-9:
        return False
    return all(x.mapping[s] == t for s, t in y.mapping.items() if t in x_names)


def word_set(text: str) -> frozenset:
    return words_of(text)



class _NamedWrong:
    """The wrong finding both naming paths give: the claim's refutation, unless an excuse
    holds, with why the words make it that claim's in front of the reason."""

    def _named_wrong(self, formula, conv, file, latex, refuted, here, ids, why: str):
        x, ev, reading = refuted
        excused = self._not_a_typo(formula, conv, file, latex, x, ev, reading, here, ids)
        if excused is not None:
            return excused
        f = self._wrong(formula, file, x, ev, reading)
        f.reason = f"{why}: {f.reason}"
        return f


class NamedInstead(_NamedWrong):
    """The Decider's part that asks, of a formula that holds, whether its words name another
    claim it fails (mixed into decide.Decider)."""

    def _named_instead(self, formula, conv, file: str, latex: str, toks, held, outcomes,
                       ids, here):
        """The finding for a formula that holds as ``held`` but whose words name another
        claim that refutes it; None when the words name no other claim, or none refutes."""
        from .confidence import KNOWN_FORM, SURE_SCORE
        from .wording import in_sentence

        y = held[0]
        seg = formula.segment
        naming = getattr(self, "_naming", None)
        if naming is None:
            naming = self._naming = Naming(self.matcher.index)
        near, around = word_set(near_words(seg, conv)), word_set(all_words(seg, conv))
        if not near:
            return None

        def named(claim_id: str) -> bool:
            # ("double exponential" names the Laplace law, whose word "exponential" does not
            # name the exponential law's claims: the words' laws are read as laws.py reads them)
            return claim_id != y.claim_id and not clash(here, claim_laws(
                self.catalog[claim_id].title)) and naming.names_instead(claim_id, y.claim_id,
                                                                        near, around)

        tried = {o[0].claim_id: o for o in outcomes}
        found = [o[0] for o in outcomes if named(o[0].claim_id)]
        found += [c for c in self.matcher.candidates(latex, " ".join(sorted(near)), toks=toks,
                                                     keep=named)
                  if c.claim_id not in tried]
        refuted, rivals = [], []  # (claim, weight) of rivals
        for x in found:
            out = None
            if x.score >= SURE_SCORE and self.confidence.identifies(x, toks):
                out = tried.get(x.claim_id) or self._try(x, conv)
            if out is not None and out[1] == "holds":
                return None  # (it states a claim the words name: "chain rule" names several)
            if out is not None and out[1] == "refuted" and out[0].mode == "whole" \
                    and same_symbols(x, y, self.confidence.vocabulary(x.claim_id)):
                refuted.append(out)
            else:  # named too, and not refuted in the same symbols: which one is meant?
                rivals.append((x.claim_id, naming.weight(x.claim_id, y.claim_id, near)))
        for out in refuted[:1]:
            x, ev, reading = out[0], out[2], out[4]
            said = seg.words(block=False)
            # (a name out of x's scope, sizes that clash: x's reading may not fit, which
            # leaves the formula open, never wrong)
            known = ev.method not in ("scope", "shapes") and (self.confidence.sure_wrong(
                x, toks, reading, ev, said)[1] == KNOWN_FORM or wrong_statement_typed(
                    self.catalog[x.claim_id], toks, x.mapping))
            # a rival the words name by the same name as x ("Nesterov" names both Nesterov
            # claims) leaves no doubt which is meant where the formula is a wrong form the
            # catalog records for x, typed again: none of that name holds, x records it
            if naming.weight(x.claim_id, y.claim_id, near) <= max(
                    (w for r, w in rivals if not (known and same_name(r, x.claim_id, near))),
                    default=0.0):
                break
            claim_x, claim_y = self.catalog[x.claim_id], self.catalog[y.claim_id]
            if known:
                return self._named_wrong(
                    formula, conv, file, latex, (x, ev, reading), here, ids,
                    f"it holds as {in_sentence(claim_y.title)}, but the words here name "
                    f"{in_sentence(claim_x.title)}, which it fails")
            return self._finding(
                formula, file, "unchecked",
                f"it holds as {y.claim_id} ({in_sentence(claim_y.title)}), but the words "
                f"here name {x.claim_id} ({in_sentence(claim_x.title)}), whose check it "
                "fails", candidates=ids + [x.claim_id])
        return None


# the least idf of a word of a claim's id that, said beside a formula, names that claim alone
# ("rmsprop", "viterbi"; not "update", "rule", "step", which many claims' ids share)
NAME_IDF = 4.5


def named_by_id(catalog, index, near: frozenset) -> list[str]:
    """The claims whose id has a distinctive word (one few claims' words share) among the
    words near the formula."""
    out = []
    for claim_id in catalog.ids():
        said = _id_words(claim_id) & near
        if any(index.idf.get(w, 0.0) >= NAME_IDF for w in said):
            out.append(claim_id)
    return out


# letters that by convention name a mean or first moment: "RMSProp with momentum: m_t = ...",
# "centred RMSProp: g-bar_t = ..." state a right running mean of the gradient beside the
# optimiser's name, not its squared average without the square
_MEAN_LETTERS = {"m", "mu"}


def _names_a_mean(toks) -> bool:
    """Whether the formula's result is named by a letter that by convention is a mean."""
    sides = split_relation(list(toks)) if toks else None
    names = [t.ident for t in sides[0] if t.ident is not None] if sides else []
    return bool(names) and (names[0] in _MEAN_LETTERS or names[0].endswith("_bar"))


class NamedTypo(_NamedWrong):
    """The Decider's part that reads a formula no claim holds as the recorded typo of the one
    claim its words name (mixed into decide.Decider).

    "rmsprop: s_t = rho s_{t-1} + (1 - rho) g_t" is a right moving average (Adam's first
    moment in other letters) and RMSProp's recorded typo (the square dropped): by its form
    alone it is closer to no claim than to others, so no match is sure. The word naming
    RMSProp says which is meant; where the formula is, letter for letter up to a renaming,
    a wrong form the catalog records for that claim, and that claim's check refutes it, it
    is wrong as that claim. Words that name two claims, or a claim that holds the formula,
    leave it as it was."""

    def _named_ids(self, formula, conv) -> list[str]:
        """The claims named by the formula's own words (a heading "RMSProp" may head its
        first moment too: a section's name is not the line's)."""
        near = word_set(beside_words(formula.segment, conv))
        if not near:
            return []
        return named_by_id(self.catalog, self.matcher.index, near)

    def _named_typo_unheld(self, formula, conv, file: str, latex: str, toks, outcomes,
                           here, ids):
        """The finding of a formula that is, typed again, a recorded wrong form of the one
        claim its words name, which refutes it; None otherwise."""
        named = self._named_ids(formula, conv)
        if len(named) != 1 or _names_a_mean(toks):
            return None
        x_id = named[0]
        # (a claim holding it only loosely, its letters read otherwise, is no firm hold; the
        # one named holding it in any reading is)
        if any(o[1] == "holds" and o[0].claim_id == x_id for o in outcomes):
            return None
        claim = self.catalog[x_id]
        if not claim.wrong or clash(here, claim_laws(claim.title)):
            return None
        seg = formula.segment
        found = self.matcher.candidates(latex, beside_words(seg, conv),
                                        toks=toks, keep=lambda c: c == x_id)
        for x in found[:1]:
            if not wrong_statement_typed(claim, toks, x.mapping):
                return None
            out = self._try(x, conv)
            if out is None or out[1] != "refuted" or out[2].method in ("scope", "shapes"):
                return None
            from .wording import in_sentence
            return self._named_wrong(
                formula, conv, file, latex, (out[0], out[2], out[4]), here, ids,
                f"the words here name {in_sentence(claim.title)}, and it is that claim's "
                "recorded typo")
        return None
