"""Two neighbouring lines that state two statements of one claim, in the sheet's letters.

An optimiser is often written as a pair: the velocity on one line (b_t = nu b_{t-1} + g_t),
the step that uses it on the next (xi_{t+1} = xi_t - gamma b_t). Each line alone is one
statement of a claim made of several, in other letters: short and alike to many formulas (a
linear recurrence), so a correspondence the matcher guessed is not trusted
(renaming.piece_named), and the step alone may not even be decidable (sheets scale the
velocity in several ways). But where the line next to it holds, on its own, as another
statement of the same claim, reading the names the two share the same way, the two lines
together are the claim in the sheet's notation: the formula is decided as that pair, with its
letters counted as announced (as words naming them would make them). The neighbour holding
on its own is what makes a failure of the pair this formula's.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.match import Candidate
from cheatsheet.match.tokens import tokenize
from cheatsheet.sheets.habits import gradient_shorthand
from .confidence import HOLD_SCORE, SURE_SCORE
from .renaming import _INDEX_LETTERS


class Pairs:
    """The Decider's reading of a formula together with its neighbour (a mixin: it uses the
    Decider's matcher and ``_try``)."""

    def _paired(self, cands: list[Candidate], latex: str, toks, seg, conv) -> list[Candidate]:
        """The candidates, with the pair (neighbour, formula) added as a reading of a claim
        one statement of which the neighbour holds as, the formula another, in agreeing
        letters (see the module)."""
        if not conv.neighbours:
            return cands
        # only a claim of which the formula has a statement close enough can pair (in its
        # candidates, or among the forms closest to it as a whole, where the look-up for
        # that claim below finds it): checked first, since most formulas have none and
        # looking up and trying each neighbour was a seventh of a cold audit
        open_claims = {c.claim_id for c in cands if _close_statement(c, HOLD_SCORE)} | \
            self.matcher.close_statements(toks, HOLD_SCORE)
        if not open_claims:
            return cands
        out = list(cands)
        for text, first in conv.neighbours:
            for n, letters in self._statements_held(text, seg, conv, open_claims):
                if any(c.claim_id == n.claim_id and c.paired for c in out):
                    continue
                mine = [c for c in out if c.claim_id == n.claim_id and not c.paired] or \
                    self.matcher.candidates(latex, seg.words(), toks=toks,
                                            near=seg.words(block=False), limit=2,
                                            keep=lambda i, claim=n.claim_id: i == claim)
                if not any(_other_statement(c, n) and agree(c.mapping, letters) for c in mine):
                    continue
                both = f"{text}, {latex}" if first else f"{latex}, {text}"
                pair = self.matcher.candidates(both, seg.words(), near=seg.words(block=False),
                                               limit=1,
                                               keep=lambda i, claim=n.claim_id: i == claim)
                pair = [p for p in pair if p.entry.kind == "canonical" and p.mode == "whole"
                        and p.score >= SURE_SCORE and agree(p.mapping, letters)]
                if not pair:
                    continue
                p = pair[0]
                renamed = frozenset(s for s, f in p.mapping.items() if s != f)
                # (first: the pair is the closest reading there is; the formula's own
                # candidates stay, for a rival it holds as to speak)
                out = [replace(p, announced=p.announced | renamed, paired=True)] + out
        return out

    def _statements_held(self, text: str, seg, conv,
                         claims: set[str]) -> list[tuple[Candidate, dict]]:
        """(statement, its correspondence of the letters the formula writes) for the
        statements of ``claims`` (made of several) that a neighbouring formula holds as on
        its own (closely matched, read whole), g_t spelled out as the gradient where it
        stands for it (the iterate the spelling brings in is no letter of the sheet's)."""
        texts = [text]
        if "g" not in conv.symbols:
            texts.append(gradient_shorthand(text))
        out, seen = [], set()
        try:
            written = {t.ident for t in tokenize(text) if t.ident}
        except Exception:  # noqa: BLE001 - a neighbour the tokeniser trips on pairs nothing
            return []
        alone = replace(conv, neighbours=())
        for t in dict.fromkeys(x for x in texts if x):
            try:
                if not self.matcher.close_statements(tokenize(t), SURE_SCORE) & claims:
                    continue  # (no statement it could be found as is close enough)
                found = self.matcher.candidates(t, seg.words(), near=seg.words(block=False))
            except Exception:  # noqa: BLE001 - a neighbour the matcher trips on pairs nothing
                continue
            for n in found:
                if not _close_statement(n, SURE_SCORE) or n.claim_id in seen \
                        or n.claim_id not in claims:
                    continue
                held = self._try(n, alone)
                if held is not None and held[1] == "holds":
                    seen.add(n.claim_id)
                    c = held[0]
                    out.append((c, {s: f for s, f in c.mapping.items() if s in written}))
        return out


def _close_statement(c: Candidate, score: float) -> bool:
    """Is ``c`` one statement of a claim made of several, read whole, at least ``score``
    close?"""
    return c.entry.kind == "piece" and c.mode == "whole" and c.score >= score


def _other_statement(c: Candidate, n: Candidate) -> bool:
    """Is ``c`` another statement of the claim than ``n`` (not the same one twice), close
    enough to be read as it (the pair as a whole must be closer: SURE_SCORE)?"""
    return _close_statement(c, HOLD_SCORE) and c.entry.latex != n.entry.latex


def agree(a: dict, b: dict) -> bool:
    """Do two correspondences of sheet letters with the claim's read the letters they share
    the same way, share one that is not an index, and send no two letters to one?"""
    shared = set(a) & set(b)
    if any(a[s] != b[s] for s in shared):
        return False
    if not any(s not in _INDEX_LETTERS for s in shared):
        return False
    union = {**a, **b}
    return len(set(union.values())) == len(union)



_STEP = re.compile(r"^\{?\s*t\s*(?:([+-])\s*(\d+))?\s*\}?$")


def _step_of(sub: str) -> int | None:
    """t -> 0, {t+1} -> 1, {t - 1} -> -1; None for any other subscript."""
    m = _STEP.match(sub.strip())
    if m is None:
        return None
    return 0 if not m.group(1) else int(m.group(2)) * (1 if m.group(1) == "+" else -1)


def _iterate(latex: str) -> tuple[str, int] | None:
    """(name, step) of a left side that is a name at a time step (xi_{t+1}: xi, 1)."""
    left = latex.split("=", 1)[0].strip()
    m = re.match(r"^(.*?)\s*_\s*(\{[^{}]*\}|\w)$", left)
    if m is None or not m.group(1):
        return None
    step = _step_of(m.group(2))
    return None if step is None else (m.group(1).replace(" ", ""), step)


def in_own_steps(right: str, own: str) -> str:
    """The right form of a step counted from t - 1 to t, told as the sheet counts its iterate
    (from t to t + 1: theta_t = theta_{t-1} - eta v_t becomes theta_{t+1} = theta_t - eta v_t;
    the claim's checks accept either count for the iterate). Unchanged when the two left
    sides are not one name at two steps."""
    a, b = _iterate(right), _iterate(own)
    if a is None or b is None or a[0] != b[0] or a[1] == b[1]:
        return right
    shift = b[1] - a[1]
    name = r"\s*".join(re.escape(ch) for ch in a[0])

    def moved(m: re.Match) -> str:
        step = _step_of(m.group(2))
        if step is None:
            return m.group(0)
        new = step + shift
        sub = "t" if new == 0 else f"{{t {'+' if new > 0 else '-'} {abs(new)}}}"
        return f"{m.group(1)}_{sub}"

    return re.sub(r"(" + name + r")\s*_\s*(\{[^{}]*\}|\w)", moved, right)
