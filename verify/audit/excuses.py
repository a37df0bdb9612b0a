"""Why a formula that fails a claim's check, or holds as one, is not called wrong or ok.

The rules themselves live in caveats.py, qualifiers.py and laws.py; here the Decider asks them
in turn, for a sure refutation (``_not_a_typo``), a formula that holds (``_credited``) and the
generic check's refutation (``_generic_wrong``), and words the finding.
"""
from __future__ import annotations

from cheatsheet.match import Candidate
from cheatsheet.match.align import same_after_renaming
from cheatsheet.sheets import Formula
from cheatsheet.sheets.conventions import Conventions
from cheatsheet.sheets.definitions import mentions, put_in
from ..evidence import Evidence
from .caveats import (assumed, heading_defines, introduced_before, of_a_random_variable,
                      operation_named, operator_swapped, other_convention, parameters_renamed, renamed_onto_own,
                      unread_law, unstated_independence, unstated_symmetry)
from .finding import Finding
from .laws import claim_laws
from .qualifiers import opposite_case, pinned, restricted_here, special_case
from .readings import Reading
from .wording import in_sentence as _in_sentence


def typed_typo(c: Candidate) -> bool:
    """Does the formula repeat, letter for letter and under words naming the claim, a wrong
    form the catalog records? Then a name the claim lacks (K in pi_k = N_k / K, where N
    belongs) is the typo itself, even where the sheet writes K elsewhere (k = 1..K)."""
    return (c.entry.kind not in ("canonical", "piece") and c.mode == "whole" and c.words >= 0.5
            and all(a == b for a, b in c.mapping.items())
            and same_after_renaming(c.sheet_tokens, c.form_tokens, c.mapping))


class Excuses:
    """The Decider's excuses (a mixin: it uses the Decider's catalog, checks and findings)."""

    def _not_a_typo(self, formula: Formula, conv: Conventions, file: str, latex: str,
                    c: Candidate, ev: Evidence, reading: Reading, here, ids) -> Finding | None:
        """The claim surely read fails; unless what the sheet says there makes the formula
        another setting's (a law it does not name, a range, an opposite case, a special
        case, a convention), the finding saying so. None: it is the claim's typo."""
        laws = claim_laws(self.catalog[c.claim_id].title)
        if laws and not laws & here and of_a_random_variable(c.sheet_tokens) \
                and parameters_renamed(c):
            # Var(W) = a^2/3 fits the geometric variance with every letter renamed: a
            # law's claim is the formula's only where the sheet names that law there
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, a claim about the "
                                 f"{' or '.join(sorted(laws))} law, which the sheet does "
                                 "not name here", candidates=ids)
        clash = renamed_onto_own(c, conv)
        if clash:  # "eta = 1/beta" beside a rate read with alpha as the claim's eta
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id} only with another letter read as "
                                 f"its {clash}, which the sheet writes beside it for "
                                 "something else", candidates=ids)
        bounded = self._holds_where_bounded(c, self.catalog[c.claim_id],
                                            reading, conv)
        if bounded:  # "For $z < 0$: 0 < sigma(z) < 1/2": right on the range it states
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id} in general, but holds where "
                                 f"{bounded}, as the sheet says", candidates=ids)
        premise, holds = self._under_premise(c, self.catalog[c.claim_id], reading, conv)
        if premise:  # "If $AB = BA$: (AB)^{-1} = A^{-1}B^{-1}": right for commuting matrices
            said = "it holds under it" if holds else "which the check cannot impose"
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id} in general, but the sheet assumes "
                                 f"{premise} here, {said}", candidates=ids)
        convention = heading_defines(formula)
        if convention:  # "## Ridge with the penalty lambda/2 ||w||^2" above the formula
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but the heading above states its "
                                 f"own convention for {convention}", candidates=ids)
        introduced = introduced_before(ev, conv) if not typed_typo(c) else ""
        if introduced:  # x = f(z) one item above: z is the sheet's, not undefined
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id} because {introduced} is not the "
                                 "claim's, but the sheet writes it in a formula before",
                                 candidates=ids)
        swapped = operator_swapped(latex, reading.latex,
                                   (c.entry.latex, c.entry.reading))
        if swapped:  # Pr(A triangle B) read with the claim's setminus: another operation
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id} only when its {swapped} is read as "
                                 "the claim's operation", candidates=ids)
        named = operation_named(latex, self.catalog[c.claim_id].latex,
                                _beside(formula.segment, conv))
        if named:  # "PyTorch pooling with ceil_mode=True: H = ceil((H + 2P - K)/S) + 1"
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but the sheet says '{named}' beside "
                                 "it: it states that variant on purpose", candidates=ids)
        opposite = opposite_case(formula.segment, conv, self.catalog[c.claim_id])
        if opposite:  # "Concave psi: psi(E X) >= E psi(X)" is no typo of Jensen's
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but the sheet says '{opposite}' "
                                 "here, the opposite case of the claim's", candidates=ids)
        other = other_convention(c, self.catalog[c.claim_id])
        if other:
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but it is right where {other}, "
                                 "a convention the catalog does not state",
                                 candidates=ids)
        law = unread_law(latex, conv.line_math)
        if law:  # "Let $N \sim Poisson(2\lambda)$. Then $E[N] = 2\lambda$"
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but the sheet gives its variable the "
                                 f"law {law}, whose parameters the check does not read",
                                 candidates=ids)
        special = special_case(formula.segment, conv, self.catalog[c.claim_id]) or \
            pinned(latex, conv, special_only=True)
        if special:
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but the sheet says '{special}' "
                                 "here, which the claim does not assume: it may state "
                                 "that special case", candidates=ids)
        return None

    def _credited(self, formula: Formula, conv: Conventions, file: str, latex: str, held, ids,
                  known_only: bool) -> Finding:
        """The finding for a formula that holds as a claim: ok, unless what the claim assumes
        (independence, a symmetric matrix) or its case (convex, not concave) is not what the
        sheet says there."""
        c, ev, which, reading = held
        claim = self.catalog[c.claim_id]
        opposite = opposite_case(formula.segment, conv, claim)
        if opposite:
            return self._finding(formula, file, "unchecked",
                                 f"it states {c.claim_id} ({_in_sentence(claim.title)}), "
                                 f"but the sheet says '{opposite}' here: it may mean the "
                                 "opposite case", candidates=ids)
        symmetric = unstated_symmetry(claim, reading, formula.segment.words())
        if symmetric:
            g = self._generic(latex, conv) if not known_only else None
            if g is not None and g.verdict == "wrong":  # for a matrix with free entries
                return self._generic_wrong(formula, conv, file, latex, g, ids)
            return self._finding(formula, file, "unchecked",
                                 f"holds only if {symmetric} is symmetric "
                                 f"({_in_sentence(claim.title)}); the sheet does not say "
                                 "so", candidates=ids)
        premise = unstated_independence(claim, latex, formula.segment.words())
        if premise:
            g = self._generic(latex, conv) if not known_only else None
            if g is not None and g.verdict == "ok":  # it holds for dependent ones too
                return self._finding(formula, file, "ok", g.reason, method=g.method,
                                     candidates=ids)
            return self._finding(formula, file, "unchecked",
                                 f"holds only if {premise} are independent "
                                 f"({_in_sentence(claim.title)}); the sheet "
                                 "does not say so", candidates=ids)
        return self._finding(formula, file, "ok",
                             f"holds{which}: {_in_sentence(claim.title)}",
                             claim=c.claim_id, method=ev.method)


    def _generic_wrong(self, formula: Formula, conv: Conventions, file: str, latex: str, g,
                       ids) -> Finding:
        """The generic check's refutation, unless the formula speaks of a name the sheet gave
        a value just before (P = A(A^T A)^{-1} A^T, then P^2 = P): then it is proved with
        that value put in, or left unchecked."""
        named = [d for d in conv.named if mentions(latex, d)]
        premise = assumed(formula.segment, conv.line_words)
        if premise:  # "If $A$ and $B$ commute ($AB = BA$):"
            return self._finding(formula, file, "unchecked",
                                 f"a condition the sheet assumes (after '{premise}'), not a "
                                 "formula to check", candidates=ids)
        special = special_case(formula.segment, conv) or restricted_here(latex, conv) or \
            pinned(latex, conv)
        if special and not named:
            return self._finding(formula, file, "unchecked",
                                 f"with any values the two sides differ, but the sheet says "
                                 f"'{special}' here, which the check cannot impose",
                                 candidates=ids)
        if not named:
            return self._finding(formula, file, "wrong", g.reason, method=g.method,
                                 counterexample=g.counterexample, candidates=ids)
        text = put_in(latex, named)
        put = self._generic(text, conv) if text else None
        if put is not None and put.verdict == "ok" and put.method == "symbolic":
            # proved only: its refutation would rest on how the value reads out of its own
            # formula (A(A^T A)^{-1} may be read as a call), and random values of a value with
            # an inverse in it pass on some seeds and not on others
            return self._finding(formula, file, put.verdict,
                                 put.reason + " (with the value given just before put in)",
                                 method=put.method, counterexample=put.counterexample,
                                 candidates=ids)
        names = ", ".join(d.name for d in named)
        return self._finding(formula, file, "unchecked",
                             f"{names} is given a value just before; with any value in its "
                             "place the two sides differ, which says nothing of that value",
                             candidates=ids)


def _beside(seg, conv: Conventions) -> str:
    """The words right beside a formula: its line, its sentence's lead-in, its heading."""
    return " ".join(w for w in (conv.line_words, seg.before, seg.intro, seg.lead, seg.label,
                                seg.headings[-1].title if seg.headings else "") if w)
