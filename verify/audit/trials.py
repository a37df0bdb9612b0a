"""Trying one candidate claim on a formula: its readings, decided by the claim's own check.

A candidate is read as the claim (readings.py) in its mode (whole, or with the left side only
naming the claim's) and in every layout the sheet leaves open, and checked as ``cheatsheet
verify`` checks the claim. A refutation only by sizes the sheet declared is tried with the
claim's sizes, and a range or an inequality the sheet states is imposed before calling it one.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.match import Candidate, indexed_call, is_label, named_alone, split_relation
from cheatsheet.match.tokens import tokenize
from cheatsheet.sheets.conventions import Conventions
from cheatsheet.symbols import Declarations, DeclarationError
from ..check import check_version
from ..checks.information import NOT_A_LAW
from ..evidence import Evidence
from ..timelimit import CheckTimeout
from .chains import foreign_names, members, without
from .constant_sides import unless_vacuous
from .domain import imposed, in_claim_letters, within_domain
from .gradient_shape import narrowed
from .readings import Reading, reading_for
from .relabelled import relabelled
from .word_names import word_named


class Trials:
    """The Decider's trial of a candidate (a mixin: it uses the Decider's catalog, matcher,
    seed and memo of checks)."""

    def _try(self, c: Candidate, conv: Conventions):
        """(candidate, holds|refuted|undecided, evidence, why, reading) or None (no reading);
        a formula's own conditions (domain.py) imposed, a refutation outside them undecided."""
        out = within_domain(self._trial(c, conv), c, conv.domain, conv.unread_laws)
        if out is not None and out[1] == "refuted" and out[2].method == "scope":
            # <grad F(y) - grad F(z), y - z> read with the claim's y kept leaves z undefined:
            # read through the formula's own consistent pairing with the form (relabelled.py),
            # its refutation by the claim's check replaces the one by scope (a reading that
            # holds so leaves the outcome as it was: the pairing never credits a formula)
            other = relabelled(c, self.matcher.index.vocabulary.get(c.claim_id, ()))
            if other is not None:
                again = within_domain(self._trial(other, conv), other, conv.domain,
                                      conv.unread_laws)
                if again is not None and again[1] == "refuted" \
                        and again[2].method not in ("scope", "shapes"):
                    return again
            # Var(W) = 2/(n_in + n_out) where the claim writes W_ij: with its one stray name
            # placed on the claim name it resembles (completion.py) it holds, and is then no
            # other claim's typo (He's 2/n_in), whatever _held makes of the hold
            done = self.confidence.completions.resolve(out[0], out[4], out[2])
            if done is not None and done.holds:
                out = done.candidate, "holds", done.evidence, "", done.reading
        return unless_vacuous(out, lambda: self._canonical(out[0].claim_id))

    def _canonical(self, claim_id: str) -> Evidence:
        """The claim's own form, checked as a reading is (memoised with the readings)."""
        claim = self.catalog[claim_id]
        own = Reading(claim.latex, claim.declarations, (claim.layout,), list(claim.assume), {},
                      {})
        return self._check(claim, own, claim.layout)

    def _trial(self, c: Candidate, conv: Conventions):
        claim = self.catalog[c.claim_id]
        modes = [c.mode]
        entry_of = None  # sigma(z)_i = ...: an entry of the output of the function it defines
        if c.mode == "whole":
            split = split_relation(c.sheet_tokens)
            if split is not None and word_named(split[0], claim):
                # out = ..., params = ...: a word the claim's title says names its left side;
                # read whole it would be a name of its own, defined by the line
                modes, c = ["label"], replace(c, mode="label")
                # (scored as a label: its right side against the claim's, not the sheet's
                # word against the claim's letter, "Spezifitat" against "Specificity")
                c.score = max(c.score, self.matcher.rescore(c))
            elif split is not None and (is_label(split[0]) or named_alone(split[0])):
                modes.append("label")  # M_X(t) = ...: the left side may only name the claim's
            elif split is not None:
                entry_of = indexed_call(split[0])
        result = None
        for mode in modes:
            reading = imposed(c, reading_for(c, claim, conv.symbols, conv.layouts, mode=mode,
                                             denied=conv.denied, cell=conv.cell,
                                             names_mgf=conv.names_mgf,
                                             functions=conv.function_values), conv.domain)
            if reading is None:
                # a recorded version in notation the formula does not share gives no
                # reading; the claim's other forms nearly as close may
                for o in self.matcher.other_forms(c):
                    reading = imposed(o, reading_for(o, claim, conv.symbols, conv.layouts,
                                                     mode=mode, denied=conv.denied,
                                                     cell=conv.cell, names_mgf=conv.names_mgf,
                                                     functions=conv.function_values),
                                      conv.domain)
                    if reading is not None:
                        c = o
                        break
            if reading is None:
                # X declared m x n for the section, square in the claim: read with the
                # claim's sizes it may hold (never refuted so)
                own = self._holds_unsized(c, claim, conv, mode) if conv.symbols else None
                if own is not None:
                    return own
                continue
            layouts = reading.layouts if _has_derivative(reading.latex) else reading.layouts[:1]
            layouts = narrowed(layouts, conv.gradient_shape, reading.latex, reading.decls)
            evs = [self._check(claim, reading, layout) for layout in layouts]
            if any(ev.holds for ev in evs):
                held = [lay for lay, ev in zip(layouts, evs) if ev.holds]
                which = (f" in {held[0]} layout (the sheet does not say which it uses)"
                         if len(held) < len(layouts) else "")
                return c, "holds", next(ev for ev in evs if ev.holds), which, reading
            if all(ev.verdict == "refuted" and ev.counterexample for ev in evs):
                if all(ev.method == "scope" for ev in evs) and not self.confidence.sure_wrong(
                        c, c.sheet_tokens, reading, evs[0])[0]:
                    # 1/x-bar at the end of the MLE's chain: the claim decides the part of
                    # the chain that speaks only of its names (chains.py); a name that is
                    # surely the formula's error (P(X_i | Y_i) in naive Bayes: one name put
                    # right makes it the claim's) stays the refutation
                    part = self._chain_part(c, claim, reading, layouts)
                    if part is not None:
                        return part
                if all(ev.method == "shapes" for ev in evs):
                    # sizes the section declares (X in R^{m x n}) that a formula needing
                    # them square cannot have: with the claim's sizes it may hold. With no
                    # sizes declared, 2M(Mv - c) for the claim's 2A^T(Ax - b) is ill-sized
                    # only in the claim's sizes; with every size one (as the sheet may mean
                    # its M) it is well-formed, and failing then is a real failure
                    own = (self._holds_unsized(c, claim, conv, mode) if conv.symbols
                           else self._refuted_one_sized(c, claim, reading, layouts))
                    if own is not None:
                        return own
                if evs[0].method == "scope" and mode != modes[-1]:
                    # H(X) = ... read whole leaves X undefined: the left side may only name
                    # the claim's (H(p)), and that reading may hold; it is tried for that
                    # only (its failing would not say the formula is this claim's typo)
                    return self._holds_as_label(c, claim, conv, modes[-1]) or \
                        (c, "refuted", evs[0], "", reading)
                if entry_of is not None and is_label(entry_of, known=True):
                    # the sheet names the claim's function by another (known) name, as
                    # sigma(z)_i for softmax: its right side decides
                    return self._holds_as_label(c, claim, conv, "label") or \
                        (c, "refuted", evs[0], "", reading)
                return c, "refuted", evs[0], "", reading
            if all(ev.verdict == "undecided" and ev.method == "undecidable"
                   and "cannot read" in (ev.detail or "") for ev in evs):
                # MSE = E[(theta-hat - theta)^2] = Var + Bias^2: a member the reader cannot
                # read (an operator without its argument) leaves the rest to check
                part = self._chain_part(c, claim, reading, layouts, unread=True)
                if part is not None:
                    return part
            if result is None:
                ev = next((e for e in evs if e.verdict != "refuted"), evs[0])
                result = c, "undecided", ev, _why(ev), reading
        if result is not None and mode == "whole" and NOT_A_LAW in result[3]:
            # KL(p || q) = p log(p/q) + ... of two success probabilities: a divergence of
            # numbers is no divergence, so the left side names the claim's KL(Bern(p) ||
            # Bern(q)); its right side may hold so (a failing one stays undecided)
            return self._holds_as_label(c, claim, conv, "label") or result
        return result

    def _chain_part(self, c: Candidate, claim, reading: Reading, layouts,
                    unread: bool = False):
        """The outcome of a chain refuted by scope alone (or, ``unread``, that the reader
        cannot read), read without the one member that speaks of names the claim does not
        know (or that cannot be read: chains.py): refuted when what remains is (the chain
        states it), undecided, saying so, when it holds; else None."""
        chain = members(reading.latex)
        if chain is None:
            return None
        found = []
        for k in range(len(chain[0])):
            text = without(chain, k)
            if text is None:
                continue
            part = replace(reading, latex=text)
            evs = [self._check(claim, part, lay) for lay in layouts]
            if any(ev.holds for ev in evs):
                found.append(("holds", next(ev for ev in evs if ev.holds), part, k))
            elif k > 0 and all(ev.verdict == "refuted" and ev.counterexample
                               and ev.method not in ("scope", "shapes") for ev in evs):
                # (never without the first member: l'(lambda) = n/lambda - sum x_i = 0 sets a
                # derivative to zero, and without its name only a condition is left)
                found.append(("refuted", evs[0], part, k))
        if len({f[0] for f in found}) != 1:
            return None  # nothing decided, or one part holds and another fails: unsure
        verdict, ev, part, k = found[0]
        if verdict == "refuted":
            return c, "refuted", ev, "", part
        return c, "undecided", Evidence(
            "undecided", ev.method, seed=ev.seed,
            detail="the part of the chain it states holds; " + (
                "the reader cannot read the rest" if unread else
                f"the rest speaks of {foreign_names(chain, k)}, which it does not know")), \
            "", reading

    def _refuted_one_sized(self, c: Candidate, claim, reading: Reading, layouts):
        """The outcome of the reading with every size one, when it fails there as a formula
        (not by sizes or names); else None."""
        square = _one_sized(reading)
        if square is None:
            return None
        evs = [self._check(claim, square, lay) for lay in layouts]
        if all(e.verdict == "refuted" and e.counterexample
               and e.method not in ("shapes", "scope") for e in evs):
            return c, "refuted", evs[0], "", square
        return None

    def _holds_where_bounded(self, c: Candidate, claim, reading: Reading,
                             conv: Conventions) -> str:
        """A range the sheet states in reach on one of the formula's letters (x <= 0, z < 0)
        under which the reading holds, or ''. The claim is checked on its whole domain; the
        sheet may state the formula for part of it only."""
        names = {d.name for d in reading.decls}
        for cond in (k.strip() for k in conv.conditions):
            m = _RANGE.match(cond)
            if not m:
                premise = self._premise_in_claim_letters(c, cond, names)
                if premise and self._check(claim, replace(
                        reading, assume=list(reading.assume) + [premise]),
                        reading.layouts[0]).holds:
                    return cond  # "When ||g|| > c: g~ = c g / ||g||", one branch of a clip
                continue
            side = "a" if m.group("a") else "b"
            letter = m.group(side).lstrip("\\")
            name = c.mapping.get(letter, letter)
            if name not in names:
                continue
            written = ("\\" + name) if len(name) > 1 else name
            bound = cond[:m.start(side)] + written + cond[m.end(side):]
            narrowed = replace(reading, assume=list(reading.assume) + [bound])
            if self._check(claim, narrowed, narrowed.layouts[0]).holds:
                return cond
        return ""

    def _under_premise(self, c: Candidate, claim, reading: Reading,
                       conv: Conventions) -> tuple[str, bool]:
        """(equation, holds) for an equation the sheet assumes in reach between expressions of
        the formula's letters ("If $AB = BA$:" above (AB)^{-1} = A^{-1}B^{-1}), imposed on the
        claim's check in the claim's letters, when the reading holds under it (True) or no
        draw satisfies it (False: random matrices never commute); ('', False) when there is
        none, or the reading is refuted under it too (then it is a typo even there)."""
        names = {d.name for d in reading.decls}
        for cond in (k.strip() for k in conv.conditions):
            premise = self._equation_in_claim_letters(c, cond, names)
            if not premise:
                continue
            ev = self._check(claim, replace(reading, assume=list(reading.assume) + [premise]),
                             reading.layouts[0])
            if ev.holds or ev.verdict != "refuted":
                return cond, ev.holds
        return "", False

    @staticmethod
    def _equation_in_claim_letters(c: Candidate, cond: str, names: set) -> str:
        """An equation between two expressions of the formula's letters (AB = BA, not a name
        given a value: mu = 0, x^T y = 0 are pins, read elsewhere), in the claim's letters;
        '' when it is none, or uses a letter the reading lacks."""
        if re.search(r"<|>|\\le(?:q)?\b|\\ge(?:q)?\b|\\in\b|\\sim|\\neq", cond) or cond.count("=") != 1:
            return ""
        try:
            toks = tokenize(cond)
        except Exception:  # noqa: BLE001 - an unreadable condition imposes nothing
            return ""
        split = split_relation(toks)
        if split is None or any(len({t.ident for t in side if t.ident}) < 2
                                for side in (split[0], split[2])):
            return ""
        return in_claim_letters(c, cond, names)

    @staticmethod
    def _premise_in_claim_letters(c: Candidate, cond: str, names: set) -> str:
        """An inequality the sheet assumes between expressions of the formula's letters, in
        the claim's letters; '' when it is none, or uses a letter the reading lacks."""
        if not re.search(r"<|>|\\le|\\ge", cond) or re.search(r"=(?!\s*$)|\\in\b|\\sim", cond):
            return ""
        return in_claim_letters(c, cond, names)

    def _holds_unsized(self, c: Candidate, claim, conv: Conventions, mode: str):
        """The outcome of the formula read with the claim's sizes instead of those the
        sheet declared, when that reading holds; else None."""
        return self._holding(c, claim, {}, conv, mode, " (with the sizes the claim takes: "
                             "those the sheet declares do not fit it)")

    def _holds_as_label(self, c: Candidate, claim, conv: Conventions, mode: str):
        """The outcome of reading the formula with its left side as a name for the claim's,
        when that reading holds; else None."""
        return self._holding(c, claim, conv.symbols, conv, mode, "")

    def _holding(self, c: Candidate, claim, symbols, conv: Conventions, mode: str, which: str):
        """(candidate, holds, evidence, which, reading) of the reading under ``symbols``
        when it holds in one of its layouts; else None."""
        reading = imposed(c, reading_for(c, claim, symbols, conv.layouts, mode=mode,
                                         denied=conv.denied, names_mgf=conv.names_mgf,
                                         functions=conv.function_values),
                          conv.domain)
        if reading is None:
            return None
        layouts = reading.layouts if _has_derivative(reading.latex) else reading.layouts[:1]
        layouts = narrowed(layouts, conv.gradient_shape, reading.latex, reading.decls)
        ev = next((e for e in (self._check(claim, reading, lay) for lay in layouts) if e.holds),
                  None)
        return (c, "holds", ev, which, reading) if ev is not None else None

    def _check(self, claim, reading: Reading, layout: str) -> Evidence:
        key = (claim.id, reading.latex, tuple(sorted((d.name, d.spec) for d in reading.decls)),
               layout, tuple(reading.assume))
        if key not in self._memo:
            try:
                ev = check_version(
                    claim, reading.latex, reading.decls, layout, reading.assume, seed=self.seed,
                    key=("audit", reading.latex, layout), symbolic_first=False, thorough=False)
            except CheckTimeout:
                raise
            except Exception:  # noqa: BLE001 - a reading the engine trips on decides nothing
                ev = Evidence("error", "check", seed=self.seed,
                              detail="the check could not evaluate this reading")
            self._memo[key] = ev
        return self._memo[key]

def _one_sized(reading: Reading) -> Reading | None:
    """The reading with every size of the claim made one size (A m x n square, x and b of its
    order), or None when the claim has fewer than two sizes."""
    specs = {d.name: d.spec for d in reading.decls}
    dims = [n for n, s in specs.items() if s == "dim"]
    if len(dims) < 2:
        return None
    keep, merged = dims[0], dims[1:]
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, merged)) + r")\b")
    try:
        decls = Declarations.from_mapping({n: pattern.sub(keep, s) for n, s in specs.items()
                                           if n not in merged})
    except DeclarationError:
        return None
    return replace(reading, decls=decls)


# a letter bounded by a number: x <= 0, z < 0, 0 < t, \lambda > 1
_RANGE = re.compile(r"^(?:(?P<a>\\?[A-Za-z]+)\s*(?:<|>|\\le(?:q)?|\\ge(?:q)?)\s*-?[0-9.]+|"
                    r"-?[0-9.]+\s*(?:<|>|\\le(?:q)?|\\ge(?:q)?)\s*(?P<b>\\?[A-Za-z]+))$")



def _has_derivative(latex: str) -> bool:
    return bool(re.search(r"\\partial|\\nabla|\\frac\s*\{\s*d|\bJ\b|\\mathbf\{J\}", latex))


def _why(ev: Evidence) -> str:
    detail = (ev.detail or ev.verdict).split(";")[0]
    return re.sub(r"\s+", " ", detail)[:160]
