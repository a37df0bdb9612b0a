"""The finding for a formula its claim surely refutes: the right form in the sheet's own
letters, the reason in words (a recorded typo's note, an undefined name, a size clash, or
the difference from the right form) and the counterexample with the sheet's names."""
from __future__ import annotations

from dataclasses import replace

from cheatsheet.match import Candidate
from cheatsheet.match.align import without_layout, same_after_renaming
from cheatsheet.match.tokens import pretty, tokenize
from ..evidence import Evidence
from .collapsed_sizes import collapse_reason, collapsed_sizes
from .excuses import typed_typo
from .explain import difference, expected_tokens, plain_counterexample, tidy_quoted
from .finding import Finding
from .pairs import in_own_steps
from .readings import Reading
from .result_named import with_result
from .wording import in_sentence as _in_sentence


class WrongFinding:
    """Mixin of the Decider (decide.py): needs self.catalog, self.confidence, self.seed and
    self._finding."""

    def _wrong(self, formula, file, c: Candidate, ev: Evidence, reading: Reading) -> Finding:
        claim = self.catalog[c.claim_id]
        mine = c.sheet_tokens
        if c.paired:  # decided with the line next to it: the right form of its own statement
            mine = tokenize(formula.reading)
        # (the sheet's own name for the result, theta for the claim's w-hat, result_named.py)
        named = with_result(c) if reading.result_taken else c
        right = expected_tokens(replace(named, sheet_tokens=mine), claim)
        if c.paired:  # (told as the sheet counts its iterate's steps)
            right = tokenize(in_own_steps(pretty(right), formula.reading))
        expected = pretty(right)
        reason = difference(without_layout(mine), right)  # (& of an align is no slip)
        note = ""
        if c.entry.kind == "source" and same_after_renaming(c.sheet_tokens, c.form_tokens,
                                                            c.mapping):
            note = claim.sources[c.entry.source].note  # a known typo: the catalog's words
            if "sheet" in note:
                note = ""  # ... unless they speak of the course's sheets, not the student's
        why = (ev.counterexample or {}).get("why") if ev.method in ("scope", "shapes") else ""
        why = tidy_quoted(why or "")
        collapse = collapsed_sizes(reading, claim, self.seed) if ev.method == "shapes" else None
        if why and collapse is not None:
            # A^T A x = A b: in the sheet's letters, not the claim's sizes N x D
            why = collapse_reason(reading, collapse)
        if why and reason and typed_typo(c):
            why = f"{reason}; {why}"  # K where N belongs; K is not defined here ...
        repair = self.confidence.repairs.sure(c, reading, ev) if not note else None
        if repair is not None:  # t where x belongs; x is not defined here ...
            why, expected = f"{repair.reason}; {why}", repair.latex
        reason = note or why or reason or \
            f"differs from the right form ({_in_sentence(claim.title)})"
        # (a letter the right form adds in the claim's own name, the stride S a legend named,
        # is shown with its value too: without it the two sides cannot be recomputed)
        back = dict(reading.names_back)
        shown = set(back.values())
        for t in right:
            if t.ident is not None and t.ident not in shown:
                back.setdefault(t.ident, t.ident)
        return self._finding(formula, file, "wrong", reason, claim=c.claim_id,
                             expected=expected, method=ev.method,
                             counterexample=plain_counterexample(ev.counterexample, back))

