"""Which claim a formula states when several of its candidates speak: the one it holds as,
a recorded typo its words name, a rival it states correctly, or the claim it surely fails.
A refutation counts only when no closer reading rescues the formula, since a right line
called wrong teaches the student the wrong formula."""
from __future__ import annotations

from cheatsheet.match import Candidate, split_relation
from cheatsheet.match.align import same_after_renaming
from cheatsheet.match.tokens import rebuild
from .caveats import unstated_independence
from .confidence import HOLD_SCORE, KNOWN_FORM, SURE_SCORE, dropped_names, piece_named, renamed_share
from .families import index_shift
from .law_statements import states_the_law
from .recorded_words import words_unsaid
from .renaming import nothing_placed
from .sufficiency import restates_assumption


class Rivals:
    """Mixin of the Decider (decide.py): needs self.catalog, self.confidence and self._try."""

    def _typed_known(self, sure, toks, seg) -> bool:
        """Is the sure refutation that of a wrong form the catalog records, typed again?"""
        c, ev, reading = sure
        return self.confidence.sure_wrong(c, toks, reading, ev,
                                          seg.words(block=False))[1] == KNOWN_FORM

    def _worth_checking(self, c: Candidate, toks, related: bool) -> bool:
        """Only candidates whose check could lead to a verdict are checked: a holding one must
        be close (HOLD_SCORE), a refuted one sure; a formula with no relation of its own (a
        table cell) needs words naming the claim, or must repeat a recorded form."""
        if not self.confidence.identifies(c, toks):
            return False
        known = same_after_renaming(c.sheet_tokens, c.form_tokens, c.mapping)
        if not related:
            return known or (c.mode == "label" and self.confidence.sure_cell(c, toks))
        return known or c.score >= HOLD_SCORE

    def _held(self, toks, outcomes, related):
        """(candidate, evidence, in which layout) of a claim the formula states and
        satisfies, or None."""
        if not outcomes:
            return None
        best = max(outcomes, key=lambda o: o[0].rank)
        for c, verdict, ev, which, reading in outcomes:
            if verdict == "holds" and c.rank >= best[0].rank - 0.15 and c.score >= HOLD_SCORE \
                    and (related or self.confidence.sure_cell(c, toks)) \
                    and self.confidence.speaks_of(c, reading) and piece_named(c) \
                    and not nothing_placed(c) \
                    and self.confidence.holds_as(c) \
                    and not (renamed_share(c) > 0 and c.words < 0.5
                             and restates_assumption(self.catalog[c.claim_id], reading)) \
                    and not index_shift(c.mapping) \
                    and states_the_law(c, self.catalog[c.claim_id]):
                return c, ev, which, reading
        return None

    @staticmethod
    def _named_typo(held, outcomes):
        """(candidate, evidence, reading) of a claim whose recorded wrong form the formula is,
        letter for letter, under words that name that claim and hardly the one it holds as;
        else None. A right formula of another claim, written where the sheet says it states
        this one, teaches the wrong formula for what the sheet names."""
        own = held[0]
        for c, verdict, ev, _, reading in outcomes:
            if verdict == "refuted" and c.entry.kind == "wrong" and c.claim_id != own.claim_id \
                    and c.mode == "whole" and renamed_share(c) == 0 \
                    and same_after_renaming(c.sheet_tokens, c.form_tokens, c.mapping) \
                    and c.near >= NAMED_TYPO \
                    and own.near <= c.near - NAMED_MARGIN and ev.counterexample \
                    and ev.method not in ("scope", "shapes"):
                return c, ev, reading
        return None

    def _holding_rival(self, c: Candidate, cands, toks, conv):
        """Another claim, resembling the formula at least as closely, that it states
        correctly (the geometric MGF is a known typo of the Bernoulli MGF): then which claim
        the formula means is open, and it is not called wrong. The claim, or None."""
        for other in cands:
            if other.claim_id == c.claim_id or other.score < c.score \
                    or not self.confidence.identifies(other, toks):
                continue
            out = self._try(other, conv)
            if out is not None and out[1] == "holds" and not _hollow_hold(out):
                return self.catalog[other.claim_id]
        return None

    def _surely_refuted(self, toks, outcomes, said: str | None = None, label: str = "",
                        after: str = "", introduced: frozenset = frozenset(), line_math="",
                        line_text: str = ""):
        """(candidate, evidence, reading) of the claim the formula surely states and fails.
        A formula that holds as another claim is no sure typo, unless it holds only as one
        statement of a claim in other letters, under no words of it, and fails a wrong form
        the catalog records letter for letter under words naming that claim (v_t = beta_2
        v_{t-1} + (1 - beta_2) g_t under "Adam" is Adam's, not a momentum with beta renamed).
        ``line_text``: the words and math of the formula's line (recorded_words.words_unsaid)."""
        held = [o for o in outcomes if o[1] == "holds" and not _hollow_hold(o)
                and not self._erased_by_independence(o, toks, said)]
        for c, verdict, ev, _, reading in outcomes:
            if verdict == "refuted" and words_unsaid(self.catalog, c,
                                                     f"{line_text} {said or ''} {after}"):
                continue  # (wrong only with words of its own sheet's line, unsaid here)
            if verdict != "refuted" or not self.confidence.sure_wrong(
                    c, toks, reading, ev, said, label, after, introduced, line_math)[0]:
                continue
            if _typed_again(c):
                # a recorded wrong form typed letter for letter outranks a claim the formula
                # only loosely resembles (ReLU'(x) with both x >= 0 and x <= 0 "holds" as a
                # recorded half of it, read as the case x >= 0 alone)
                held = [h for h in held if h[0].score >= SURE_SCORE]
            if all(not piece_named(h[0]) and h[0].words == 0 for h in held) and (
                    not held or (c.entry.kind == "wrong" and renamed_share(c) == 0
                                 and c.words >= 0.25)):
                return c, ev, reading
        return None

    def _erased_by_independence(self, outcome, toks, said: str | None) -> bool:
        """Does a claim hold only for independent variables the words do not call so, while
        the formula writes their covariance? Var(X + Y) = Var X + Var Y - 2 Cov(X, Y) "holds"
        as the rule for independent X, Y only because independence erases the term the author
        wrote: no rival to the general rule it fails."""
        claim = self.catalog[outcome[0].claim_id]
        if not any(t.norm == "Cov" for t in toks):
            return False
        return bool(unstated_independence(claim, rebuild(toks), said or ""))


# how well words beside a formula must name a claim, and how much better than the claim it
# holds as, for the formula to be that claim's recorded typo (He's 1/n_in under "He (ReLU)")
NAMED_TYPO, NAMED_MARGIN = 0.6, 0.4


# how closely a claim's right form must repeat the formula for its being unreadable to stop
# a less close claim from calling it wrong
SAME_FORM = 0.95


def _unread_better(c: Candidate, unread: list[Candidate]) -> Candidate | None:
    """A candidate ranked above the refuted ``c`` whose right form (its canonical statement
    or one of its pieces) the formula repeats but which gave no reading, or None. The formula
    is then more likely that claim's, said right, than ``c``'s typo."""
    return next((u for u in unread if u.claim_id != c.claim_id and u.rank > c.rank
                 and u.score >= SAME_FORM and u.entry.kind in ("canonical", "piece")), None)


def _closer_unsettled(c: Candidate, outcomes, unread) -> tuple[Candidate, str] | None:
    """(candidate, how) of a claim ranked above the refuted ``c``, close to the formula and
    named by its words, that gave no reading or whose check could not decide; else None."""
    undecided = [o[0] for o in outcomes if o[1] == "undecided"]
    for other, how in sorted([(u, "which cannot read it with its symbols") for u in unread]
                             + [(u, "whose check cannot decide it") for u in undecided],
                             key=lambda p: -p[0].rank):
        if other.claim_id != c.claim_id and other.rank > c.rank \
                and other.score >= SURE_SCORE and other.words >= 0.5:
            return other, how
    return None


def _loose_label(c: Candidate) -> bool:
    """A hold only as a label of the sheet's own (I(p) for sigma'), renamed, no word naming
    the claim."""
    return c.mode == "label" and c.words < 0.25 and renamed_share(c) > 0 and _own_head(c)


def _own_head(c: Candidate) -> bool:
    """Does the formula's left side call a letter the claim's left side does not use (I(p)
    for sigma', not f_X(z) for f_Y(y))?"""
    mine, theirs = split_relation(c.sheet_tokens), split_relation(c.form_tokens)
    if mine is None or theirs is None:
        return False
    head = next((t.ident for t in mine[0] if t.ident is not None), None)
    return head is not None and head.split("_", 1)[0] not in {
        t.ident.split("_", 1)[0] for t in theirs[0] if t.ident is not None}


def _typed_again(c: Candidate) -> bool:
    """Is the formula a wrong form the catalog records (a wrong variant or a refuted sheet
    line), typed again as a whole with no letter renamed?"""
    return c.mode == "whole" and c.entry.kind in ("wrong", "source") and c.score >= SAME_FORM \
        and renamed_share(c) == 0 and same_after_renaming(c.sheet_tokens, c.form_tokens,
                                                          c.mapping)


def _hollow_hold(outcome) -> bool:
    """Does a claim hold only by a reading that renames most letters, has no word of the
    claim around it and loses one of the sheet's names? (f'(x) >= 0 "holds" as Tr(A) >= 0:
    no rival to the convexity claim it fails.)"""
    c, reading = outcome[0], outcome[4]
    return c.words < 0.25 and renamed_share(c) > 0.5 and bool(dropped_names(c, reading))

