"""An estimate the sheet calls unbiased is read as what the word claims: its mean is the
quantity it estimates.

``s^2 = 1/n sum (X_i - X_bar)^2`` under "unbiased sample variance" is the maximum-likelihood
estimate written right, but the word says the sheet means the unbiased one, which it gets
wrong. The catalog states unbiasedness as ``E[estimate] = quantity``; the formula's right side
put inside that expectation is decided by such a claim's own check (1/n has mean (n-1)/n
sigma^2, so it is refuted; 1/(n - 1) holds). Only claims whose title calls an estimate
unbiased are asked, and a refutation counts only when the match is sure.
"""
from __future__ import annotations

import re

from cheatsheet.match import split_relation
from cheatsheet.match.tokens import rebuild, tokenize
from .confidence import SURE_SCORE
from .wording import in_sentence

# a claim of unbiasedness as the catalog writes it: E[estimate] = the quantity
_MEAN_IS = re.compile(r"^\\mathbb\{E\}\\left\[(?P<inner>.*)\\right\]\s*=\s*(?P<what>[^=]+)$")
_RIGHT_MEAN = re.compile(r"^\\mathbb\{E\}\s*(?:\\left)?\[(?P<inner>.*?)(?:\\right)?\]\s*=")
_UNBIASED = re.compile(r"\bunbiased\b", re.I)


def unbiased_claims(catalog) -> list[tuple[str, str]]:
    """(claim id, the quantity estimated, as the claim writes it) of the claims saying that
    an estimate's mean is the quantity."""
    out = []
    for claim in catalog:
        m = _MEAN_IS.match(claim.latex.strip())
        if m and _UNBIASED.search(claim.title):
            out.append((claim.id, m.group("what").strip()))
    return out


def estimate_of(latex: str) -> tuple[str, str] | None:
    """(name, estimate) of ``name = estimate`` with one relation and a bare name on the left
    (s^2, \\hat\\sigma^2); else None."""
    toks = tokenize(latex)
    split = split_relation(toks)
    if split is None or split[1][0].norm != "=" or split_relation(split[2]) is not None:
        return None
    body = [t for t in split[0] if t.ident is not None]
    if len(body) != 1 or len(split[0]) > 6:
        return None
    return latex.split("=", 1)[0].strip(), rebuild(split[2])


class Unbiased:
    """Mixin of the Decider: reads a formula under the word "unbiased" as that claim."""

    def _as_unbiased(self, formula, conv, file, latex, ids):
        """The finding for ``name = estimate`` read as "the estimate's mean is the quantity"
        with the catalog's claims of unbiasedness, or None where none decides it surely."""
        split = estimate_of(latex)
        if split is None:
            return None
        name, estimate = split
        mine = {t.ident for t in tokenize(estimate) if t.ident}
        seg = formula.segment
        for claim_id, what in unbiased_claims(self.catalog):
            if mine & {t.ident for t in tokenize(what) if t.ident}:
                continue  # the sheet's letters would be read as the claim's quantity
            reading_latex = rf"\mathbb{{E}}\left[{estimate}\right] = {what}"
            toks = tokenize(reading_latex)
            found = self.matcher.candidates(reading_latex, seg.words(), toks=toks,
                                            near=seg.words(block=False),
                                            keep=lambda i, want=claim_id: i == want)
            c = next((c for c in found if c.claim_id == claim_id), None)
            if c is None or c.score < SURE_SCORE or not self.confidence.identifies(c, toks):
                continue
            out = self._try(c, conv)
            if out is None:
                continue
            _, verdict, ev, _, reading = out
            claim = self.catalog[claim_id]
            if verdict == "holds":
                return self._finding(formula, file, "ok",
                                     f"holds as {claim_id} ({in_sentence(claim.title)}): the "
                                     f"sheet calls {name} unbiased, and its mean is the "
                                     "quantity it estimates",
                                     claim=claim_id, method=ev.method, candidates=ids)
            if verdict == "refuted" and self.confidence.sure_wrong(
                    c, toks, reading, ev, seg.words(block=False))[0]:
                found = self._wrong(formula, file, c, ev, reading)
                m = _RIGHT_MEAN.match((found.expected or "").strip())
                found.expected = f"{name} = {m.group('inner').strip()}" if m \
                    else found.expected
                found.reason = (f"the sheet calls {name} unbiased, but the mean of this "
                                f"estimate is not the quantity it estimates ({found.reason})")
                return found
        return None
