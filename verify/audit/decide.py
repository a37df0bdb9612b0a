"""Deciding one formula of a sheet: ok, wrong or unchecked, never a guess.

The formula's candidate claims (cheatsheet.match) are tried best first. Each is read as that
claim (readings.py) and decided by the claim's own check (symbolic, numeric or custom, as
``cheatsheet verify`` does), in every defensible reading (both layouts when the sheet announces
none). A formula that holds in some reading is ok. One that fails in all of them is wrong only
when the match is sure: the formula repeats a form the catalog knows, or it is close to the
claim, informative enough to tell claims apart, and one of its sides agrees with the claim's
(so it states that claim, with an error in the other side). Anything less is unchecked, with
the reason. Formulas no claim states go to the generic check (generic.py).
"""
from __future__ import annotations

import re
import time
from dataclasses import replace

from cheatsheet.match import Candidate, Matcher, indexed_call, is_label, split_relation
from cheatsheet.match.align import rename, same_after_renaming, unit_texts
from cheatsheet.match.tokens import pretty, rebuild, tokenize
from cheatsheet.sheets import Formula
from cheatsheet.symbols import Declarations, DeclarationError
from cheatsheet.sheets.conventions import Conventions
from cheatsheet.sheets.definitions import mentions, put_in
from cheatsheet.sheets.formulas import has_relation
from cheatsheet.sheets.habits import (Habits, bar_sites, descending_bounds, exp_as_power,
                                      gradient_shorthand, gradient_at, plain_expectation,
                                      index_superscripts, mgf_calls, moments_named, restore_bars,
                                      superscript_names, swapped_derivative_variable,
                                      support_sums, update_arrow)
from ..check import check_version
from .laws import claim_laws, clash as law_clash, parametrisation_clash, sheet_laws, ways
from .qualifiers import opposite_case, pinned, restricted_here, said_so, special_case
from ..evidence import Evidence
from ..timelimit import CheckTimeout, time_limit
from .caveats import (assumed, heading_defines, not_the_rule, unread_law, introduced_before, named_chain,
                      of_a_random_variable, operator_swapped, other_convention, parameters_renamed, premise_word,
                      renamed_onto_own, unstated_independence, unstated_symmetry)
from .cells import particular_row, quantities, cell_claims, cell_reading, closeness, expected_cell, quantity, the_law
from .confidence import HOLD_SCORE, Confidence, dropped_names, piece_named, renamed_share
from .explain import difference, expected_tokens, plain_counterexample
from .finding import Finding
from .readings import Reading, reading_for

FORMULA_TIME_LIMIT = 6.0  # seconds for all checks of one formula
# O(...) is a growth class wherever it stands; Theta/Omega only right after a relation
# (T(n) = \Theta(n^2)), since elsewhere they name functions (a regulariser \Omega(\theta))
_ASYMPTOTIC = re.compile(r"(?<![A-Za-z\\])(\\mathcal\s*\{\s*O\s*\}|O|\\tilde\s*\{?\s*"
                         r"(O|\\mathcal\s*\{\s*O\s*\})\s*\}?)\s*(\\left|\\big)?\s*\("
                         r"|(=|\\in|\\le|\\leq|\\ge|\\geq)\s*\\(Theta|Omega)\s*(\\left)?\s*\(")


class Decider:
    def __init__(self, catalog, matcher: Matcher, *, seed: int = 0):
        self.catalog = catalog
        self.matcher = matcher
        self.seed = seed
        self._memo: dict[tuple, Evidence] = {}
        self._cell_claims: dict[tuple, list] = {}  # (law, quantity) -> claims (cells.py)
        self.confidence = Confidence(catalog, seed, matcher.index.vocabulary)

    # ------------------------------------------------------------------ one formula
    def decide(self, formula: Formula, conv: Conventions, file: str,
               habits: Habits | None = None) -> Finding:
        start = time.perf_counter()
        try:
            with time_limit(FORMULA_TIME_LIMIT):
                f = self._variants(formula, conv, file, habits or Habits())
        except CheckTimeout:
            f = self._finding(formula, file, "unchecked",
                              f"no decision within {FORMULA_TIME_LIMIT:g} s")
        except RecursionError:
            f = self._finding(formula, file, "unchecked", "the formula is nested too deeply")
        except Exception:  # noqa: BLE001 - one formula must never end the audit
            f = self._finding(formula, file, "unchecked",
                              "the checker failed on this formula (a bug of ours: please "
                              "report it with the formula)")
        marked = not_the_rule(formula.segment, conv.line_words) if f.verdict == "wrong" else ""
        if marked:  # "Wrong: ~~det(A + B) = det A + det B~~", "1/d_k instead of 1/sqrt(d_k)"
            f = self._finding(formula, file, "unchecked",
                              f"it is wrong as the catalog states it, but the sheet says "
                              f"'{marked}' beside it: it shows a mistake or another method, "
                              "not its rule", candidates=[f.claim] if f.claim else [])
        f.seconds = time.perf_counter() - start
        return f

    def _finding(self, formula: Formula, file: str, verdict: str, reason: str, **kw) -> Finding:
        return Finding(file, formula.line, formula.latex, verdict, reason, **kw)

    def _variants(self, formula: Formula, conv: Conventions, file: str, habits: Habits) -> Finding:
        """Decide every defensible reading of the formula as the sheet's habits allow; wrong
        only when every reading is wrong, never where transcription lost characters."""
        if any(h.line == formula.line for h in formula.segment.headings):
            # "## Vector by vector (Jacobians, $\partial y_i/\partial x_j$ in row i)": a
            # heading's math says what the section is about, in words the check cannot read
            return self._finding(formula, file, "unchecked",
                                 "it stands in a heading: it names the section's subject")
        written = formula.reading
        latex = written
        if "E" not in conv.symbols:
            latex = plain_expectation(latex) or latex
        latex = gradient_at(latex) or latex
        if habits.superscript_index:
            latex = index_superscripts(latex, habits.superscript_index)
        variants = [(latex, "")]
        others = set(superscript_names(latex)) if habits.superscript_index else set()
        if others:
            variants.append((index_superscripts(latex, others),
                             f"reading {', '.join(sorted(others))} with a superscript index"))
        upward = descending_bounds(latex)
        if upward:
            variants.append((upward, "with its product's bounds read downward"))
        swapped = swapped_derivative_variable(latex)
        if swapped:
            variants.append((swapped, "with the derivative taken by the variable the formula "
                                      "uses (the other case of its letter)"))
        lost = bar_sites(latex) if habits.lost_bars else _own_bar_sites(latex)
        if lost:
            restored = restore_bars(latex)
            f = self._decide(formula, conv, file, restored)
            base = "vertical bars of this line were lost in transcription"
            if f.verdict == "ok":
                which = f" ({f.claim})" if f.claim else ""
                return self._finding(formula, file, "unchecked",
                                     f"{base}; with them restored it holds{which}",
                                     candidates=[f.claim] if f.claim else [])
            return self._finding(formula, file, "unchecked",
                                 f"{base}, so it cannot be read as the author wrote it")
        findings = [(self._decide(formula, conv, file, text), note) for text, note in variants]
        if latex != written and all(f.verdict == "unchecked" for f, _ in findings):
            # read with its superscripts as indices, nothing decides it; the catalog may
            # record this very form as typed, with the reading of its superscripts
            as_typed = self._decide(formula, conv, file, written, known_only=True)
            if as_typed.verdict != "unchecked":
                return as_typed
        if all(f.verdict == "unchecked" for f, _ in findings):
            rewritten = self._rewritten(formula, conv, file, latex)
            if rewritten is not None:
                return rewritten
        named = named_chain(latex) if findings[0][0].verdict == "wrong" else None
        if named is not None:
            # S(t) = P(X > t) = e^{-lambda t}: read as the claim's left side its name fails,
            # but the name may be the sheet's for what follows (a survival function)
            rest = self._decide(formula, conv, file, named)
            if rest.verdict != "wrong":
                said = "holds" if rest.verdict == "ok" else "is not decided"
                return self._finding(formula, file, "unchecked",
                                     f"with its first name read as the name of what follows, "
                                     f"it {said}; only with that name read as "
                                     f"{findings[0][0].claim}'s left side does it fail",
                                     candidates=[findings[0][0].claim])
        if formula.steps and findings[0][0].verdict == "wrong":
            return self._finding(formula, file, "unchecked",
                                 "one of several rows giving the same name a value: steps of an "
                                 "algorithm, not equations")
        if len(findings) == 1:
            return findings[0][0]
        verdicts = {f.verdict for f, _ in findings}
        if verdicts == {"wrong"} or verdicts == {"ok"}:
            return findings[0][0]
        if "wrong" in verdicts and "ok" in verdicts:
            ok_note = next(n for f, n in findings if f.verdict == "ok") or "as written"
            bad_note = next(n for f, n in findings if f.verdict == "wrong") or "as written"
            return self._finding(formula, file, "unchecked",
                                 f"two readings: it holds {ok_note}, but not {bad_note}")
        return next((f for f, _ in findings if f.verdict != "unchecked"), findings[0][0])

    def _rewritten(self, formula: Formula, conv: Conventions, file: str,
                   latex: str) -> Finding | None:
        """The formula decided with a sheet's shorthand spelled out, each tried in turn when it
        decides nothing as written: names defined just before put in (g'(z) = ... right after
        g(z) = 1/(1 + e^{-z})), g_t as the gradient at the iterate (m_t = beta m_{t-1} +
        (1 - beta) g_t), M_X(t) as the catalog's E[e^{tX}]. None when no reading stands."""
        rewrites = [  # (the formula rewritten, what the reason adds, told with g_t again)
            (put_in(latex, conv.definitions) if conv.definitions else None,
             " (with the definition just before it put in)", False),
            (gradient_shorthand(latex) if "g" not in conv.symbols else None, "", True),
            (mgf_calls(latex) if "M" not in conv.symbols else None, "", False),
            (update_arrow(latex), " (an update written with an arrow, read as a step from t "
             "to t + 1)", False),
            (update_arrow(latex, "t", "t-1"), " (an update written with an arrow, read as a "
             "step from t - 1 to t)", False),
            (support_sums(latex), " (its sum over the values of a variable read as a sum over "
             "the n points of a finite support)", False),
            (moments_named(latex), " (its variable's mean and variance written mu and sigma^2, "
             "as the claim states them)", False),
            (exp_as_power(latex), " (with exp(x) written e^x)", False),
        ]
        for text, said, gradient in rewrites:
            if not text:
                continue
            f = self._decide(formula, conv, file, text)
            if gradient and f.verdict == "wrong" and f.expected:
                _in_own_words(f, latex, text)
            if _stands(f):
                f.reason += said
                return f
        return None

    def _decide(self, formula: Formula, conv: Conventions, file: str, latex: str,
                known_only: bool = False) -> Finding:
        """The finding for one reading of the formula; ``known_only``: compared only with
        forms the catalog records (as typed), no generic check."""
        if not latex.strip():
            return self._finding(formula, file, "unchecked", "empty formula")
        if _asymptotic(latex):
            return self._finding(formula, file, "unchecked",
                                 "an asymptotic (big-O) statement without constants: no "
                                 "finite instance decides it")
        premise = premise_word(formula.segment, latex)
        if premise:
            return self._finding(formula, file, "unchecked",
                                 f"a condition the sheet assumes (after '{premise}'), not a "
                                 "formula to check")
        try:
            toks = tokenize(latex)
        except CheckTimeout:
            raise
        except Exception:  # noqa: BLE001 - the tokeniser never fails on text, but be safe
            return self._finding(formula, file, "unchecked", "the reader cannot split it")
        related = has_relation(latex)
        if not related and not known_only:
            cell = self._table_cell(formula, file, latex)
            if cell is not None:
                return cell
            seg = formula.segment
            special = particular_row(seg.row) if seg.cell else ""
            if special and sheet_laws(seg.row, "", seg.row, {}):
                return self._finding(formula, file, "unchecked", special +
                                     ": its cells are not a law's own with free parameters")
            if not seg.cell and seg.before.rstrip().endswith(":") \
                    and not quantities(seg.before) and sheet_laws(
                        f"{seg.before} {seg.intro}", " ".join(seg.heading_path), latex, {}):
                # "- Median: ln 2 / lambda" under a law's heading: the item's label, like a
                # column's, names what the bare value is
                return self._finding(formula, file, "unchecked",
                                     "its label names a quantity no claim states")
            if seg.cell and not quantities(seg.before) and the_law(seg, latex) is not None:
                # a law's Median, Mode or E[X^2] column: a bare value there is no claim's
                # right side (a table of activations and their derivatives is matched)
                return self._finding(formula, file, "unchecked",
                                     "its column names a quantity no claim states")
        seg = formula.segment
        cands = self.matcher.candidates(latex, seg.words(), toks=toks,
                                        near=seg.words(block=False))
        vague = bool(cands) and not any(self.confidence.identifies(c, toks) for c in cands)
        here = sheet_laws(" ".join(w for w in (conv.line_words, seg.before, seg.after, seg.lead,
                                               seg.intro, seg.label) if w),
                          " ".join(seg.heading_path), latex,
                          {k: v for k, v in conv.symbols.items() if k in conv.introduced_here})
        cands = [c for c in cands  # the sheet speaks of a binomial, the claim of a Gamma
                 if not law_clash(here, claim_laws(self.catalog[c.claim_id].title))]
        rivals = cands
        cands = [c for c in cands if self._worth_checking(c, toks, related) and (
            not known_only or same_after_renaming(c.sheet_tokens, c.form_tokens, c.mapping))]
        if known_only and not cands:
            return self._finding(formula, file, "unchecked", "no recorded form to compare with")
        outcomes = []
        for c in cands:
            out = self._try(c, conv)
            if out is not None:
                outcomes.append(out)
            if out is not None and out[1] == "holds":
                break
        ids = [c.claim_id for c in cands]
        if "g" not in conv.symbols and gradient_shorthand(latex):
            # g_t is the gradient there: a claim that holds only with g renamed into one of
            # its other quantities (a velocity) does not say the step is right
            outcomes = [o for o in outcomes if o[0].mapping.get("g", "g") == "g"]
        held = self._held(toks, outcomes, related)
        named = self._named_typo(held, outcomes) if held is not None else None
        if named is not None and self._not_a_typo(formula, conv, file, latex, *named, here,
                                                  ids) is None:
            # "He (ReLU): Var(W) = 1/n_in" holds as LeCun's, He's typo (unless the sheet
            # says the setting where it is right: then it holds as the other claim)
            return self._wrong(formula, file, *named)
        if held is not None:
            return self._credited(formula, conv, file, latex, held, ids, known_only)
        g = self._generic(latex, conv) if related and not known_only else None
        if g is not None and g.verdict == "unchecked" and said_so(g.reason, formula.segment,
                                                                  conv):
            # "holds only with A symmetric positive definite" where the line says so
            return self._finding(formula, file, "ok",
                                 g.reason.split(";")[0].replace("holds only with", "holds with")
                                 + ", as the sheet says", method=g.method, candidates=ids)
        if g is not None and g.verdict != "wrong":
            # holds on its own (or holds in a kinder reading): no claim's refutation stands
            return self._finding(formula, file, g.verdict, g.reason, method=g.method,
                                 candidates=ids)
        sure = self._surely_refuted(toks, outcomes)
        rival = self._holding_rival(sure[0], rivals, toks, conv) if sure else None
        if rival is not None:
            return self._finding(formula, file, "unchecked",
                                 f"two claims fit it: it holds as {_in_sentence(rival.title)}, "
                                 f"but is a typo of {sure[0].claim_id}", candidates=ids)
        if sure is not None:
            c, ev, reading = sure
            excused = self._not_a_typo(formula, conv, file, latex, c, ev, reading, here, ids)
            if excused is not None:
                return excused
            return self._wrong(formula, file, c, ev, reading)
        if g is not None:  # wrong on its own, in every reading (no claim is sure enough
            # to offer its right form: that needs a sure match, handled above)
            return self._generic_wrong(formula, conv, file, latex, g, ids)
        refuted = [o for o in outcomes if o[1] == "refuted"]
        if refuted:
            c, _, ev, _, reading = refuted[0]
            why = self.confidence.sure_wrong(c, toks, reading, ev)[1]
            return self._finding(formula, file, "unchecked",
                                 f"resembles {c.claim_id} and fails its check, but the match is "
                                 f"not sure ({why})", candidates=ids)
        if not related:
            return self._finding(formula, file, "unchecked",
                                 "states no relation (a name, a set or an expression on its own)")
        unreadable = _unreadable(latex, conv)
        if unreadable:
            return self._finding(formula, file, "unchecked", unreadable, candidates=ids)
        if cands:
            names = ", ".join(dict.fromkeys(ids[:3]))
            return self._finding(formula, file, "unchecked",
                                 f"not sure which claim this states ({names}): the claims it "
                                 "resembles do not read it", candidates=ids)
        if vague:
            return self._finding(formula, file, "unchecked",
                                 "too short to tell which claim it states: with its letters "
                                 "renamed it fits many")
        return self._finding(formula, file, "unchecked", "no claim of the catalog states this")

    def _not_a_typo(self, formula: Formula, conv: Conventions, file: str, latex: str,
                    c: Candidate, ev: Evidence, reading: Reading, here, ids) -> Finding | None:
        """The claim surely read fails; unless what the sheet says there makes the formula
        another setting's (a law it does not name, a range, an opposite case, a special
        case, a convention), the finding saying so. None: it is the claim's typo."""
        seg = formula.segment
        laws = claim_laws(self.catalog[c.claim_id].title)
        if laws and not laws & here and of_a_random_variable(c.sheet_tokens) \
                and parameters_renamed(c):
            # Var(W) = a^2/3 fits the geometric variance with every letter renamed: a
            # law's claim is the formula's only where the sheet names that law there
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, a claim about the "
                                 f"{' or '.join(sorted(laws))} law, which the sheet does "
                                 "not name here", candidates=ids)
        said = " ".join(w for w in (seg.words(), seg.intro, conv.line_words,
                                    seg.headings[-1].title if seg.headings else "") if w)
        other_way = parametrisation_clash(said, self.catalog[c.claim_id].title) \
            if laws else None
        if other_way:  # "Geometric, number of failures:" above the trials' MGF
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but the sheet states the law by "
                                 f"its {other_way[0]}, the claim by {other_way[1]}",
                                 candidates=ids)
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
        convention = heading_defines(formula)
        if convention:  # "## Ridge with the penalty lambda/2 ||w||^2" above the formula
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but the heading above states its "
                                 f"own convention for {convention}", candidates=ids)
        introduced = introduced_before(ev, conv)
        if introduced:  # x = f(z) one item above: z is the sheet's, not undefined
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id} because {introduced} is not the "
                                 "claim's, but the sheet writes it in a formula before",
                                 candidates=ids)
        swapped = operator_swapped(latex, reading.latex)
        if swapped:  # Pr(A triangle B) read with the claim's setminus: another operation
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id} only when its {swapped} is read as "
                                 "the claim's operation", candidates=ids)
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

    def _generic(self, latex: str, conv: Conventions):
        from .generic import generic_check  # (imported late: it loads the numeric engine)

        return generic_check(latex, conv, self.seed)

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

    def _table_cell(self, formula: Formula, file: str, latex: str) -> Finding | None:
        """A cell whose row names one law and whose column one quantity of it (cells.py):
        ok when it holds as some claim about that quantity of that law, wrong when it fails
        as each of them; None when the row and column do not name one statement."""
        seg = formula.segment
        if not seg.cell:  # "Gamma density (shape $k$, ...)": a parameter named in prose
            return None
        if not seg.row:  # math inside the row's own label ("Normal mean, known $\sigma^2$")
            return None
        # the quantity is the column's: words of the row's label ("Normal mean, ...") name
        # the law's setting, not what the cell holds
        label = set(re.findall(r"[A-Za-z]+", re.sub(r"\$[^$]*\$", " ", seg.row)))
        header = " ".join(w for w in re.findall(r"\S+", seg.before)
                          if re.sub(r"[^A-Za-z]", "", w) not in label)
        law, what = the_law(seg, latex), quantity(header)
        if law is None or what is None:
            return None
        special = particular_row(seg.row)
        if special or not any(t.ident for t in tokenize(latex)):
            # Standard normal | 0 | 1: the law at particular values, not with its parameters
            return self._finding(formula, file, "unchecked",
                                 f"{special or 'the cell names no parameter of the law'}: it "
                                 f"is not the {_SAID[what]} of the {law.capitalize()} law with "
                                 "its parameters free, which is what the catalog states")
        readings = []
        if (law, what) not in self._cell_claims:  # one scan of the catalog per pair
            self._cell_claims[law, what] = cell_claims(self.catalog, law, what)
        claims = self._cell_claims[law, what]
        for word in sorted(ways(seg.words())):  # a parametrisation the row names
            named = [c for c in claims if word in ways(c.title)]
            if claims and not named:
                return self._finding(formula, file, "unchecked",
                                     f"its row says '{word}': no claim states the "
                                     f"{_SAID[what]} of the {law.capitalize()} law "
                                     "written that way")
            claims = named
        for claim in claims:
            found = cell_reading(latex, claim, seg.row)
            if found is not None:
                readings.append((claim, *found))
        if not readings:
            return None
        failed = []
        for claim, reading, back in readings:
            ev = self._check(claim, reading, reading.layouts[0])
            if ev.holds:
                return self._finding(formula, file, "ok", f"holds: {_in_sentence(claim.title)}",
                                     claim=claim.id, method=ev.method)
            if ev.verdict != "refuted" or not ev.counterexample:
                return None
            failed.append((claim, reading, back, ev))
        # of several claims (a continuous and a discrete uniform), the right form shown is
        # the one closest to what the student wrote
        claim, reading, back, ev = max(failed, key=lambda f: closeness(latex, f[0]))
        right = expected_cell(claim, back)
        return self._finding(
            formula, file, "wrong",
            f"its row and column make it the {_SAID[what]} of the {law.capitalize()} law, which "
            f"is {right}",
            claim=claim.id, expected=right, method=ev.method,
            counterexample=plain_counterexample(ev.counterexample, back))

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
                    and self.confidence.holds_as(c):
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

    def _surely_refuted(self, toks, outcomes):
        """(candidate, evidence, reading) of the claim the formula surely states and fails.
        A formula that holds as another claim is no sure typo, unless it holds only as one
        statement of a claim in other letters, under no words of it, and fails a wrong form
        the catalog records letter for letter under words naming that claim (v_t = beta_2
        v_{t-1} + (1 - beta_2) g_t under "Adam" is Adam's, not a momentum with beta renamed)."""
        held = [o for o in outcomes if o[1] == "holds" and not _hollow_hold(o)]
        for c, verdict, ev, _, reading in outcomes:
            if verdict != "refuted" or not self.confidence.sure_wrong(c, toks, reading, ev)[0]:
                continue
            if all(not piece_named(h[0]) and h[0].words == 0 for h in held) and (
                    not held or (c.entry.kind == "wrong" and renamed_share(c) == 0
                                 and c.words >= 0.25)):
                return c, ev, reading
        return None

    # ------------------------------------------------------------------ one candidate
    def _try(self, c: Candidate, conv: Conventions):
        """(candidate, holds|refuted|undecided, evidence, why, reading) or None (no reading)."""
        claim = self.catalog[c.claim_id]
        modes = [c.mode]
        entry_of = None  # sigma(z)_i = ...: an entry of the output of the function it defines
        if c.mode == "whole":
            split = split_relation(c.sheet_tokens)
            if split is not None and is_label(split[0]):
                modes.append("label")  # M_X(t) = ...: the left side may only name the claim's
            elif split is not None:
                entry_of = indexed_call(split[0])
        result = None
        for mode in modes:
            reading = reading_for(c, claim, conv.symbols, conv.layouts, mode=mode)
            if reading is None:
                # a recorded version in notation the formula does not share gives no
                # reading; the claim's other forms nearly as close may
                for o in self.matcher.other_forms(c):
                    reading = reading_for(o, claim, conv.symbols, conv.layouts, mode=mode)
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
            evs = [self._check(claim, reading, layout) for layout in layouts]
            if any(ev.holds for ev in evs):
                held = [lay for lay, ev in zip(layouts, evs) if ev.holds]
                which = (f" in {held[0]} layout (the sheet does not say which it uses)"
                         if len(held) < len(layouts) else "")
                return c, "holds", next(ev for ev in evs if ev.holds), which, reading
            if all(ev.verdict == "refuted" and ev.counterexample for ev in evs):
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
            if result is None:
                ev = next((e for e in evs if e.verdict != "refuted"), evs[0])
                result = c, "undecided", ev, _why(ev), reading
        return result

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

    @staticmethod
    def _premise_in_claim_letters(c: Candidate, cond: str, names: set) -> str:
        """An inequality the sheet assumes between expressions of the formula's letters, in
        the claim's letters; '' when it is none, or uses a letter the reading lacks."""
        if not re.search(r"<|>|\\le|\\ge", cond) or re.search(r"=(?!\s*$)|\\in\b|\\sim", cond):
            return ""
        try:
            toks = tokenize(cond)
        except Exception:  # noqa: BLE001 - an unreadable condition imposes nothing
            return ""
        idents = {t.ident for t in toks if t.ident}
        if not idents or any(c.mapping.get(i, i) not in names for i in idents):
            return ""
        return rebuild(rename(toks, c.mapping, unit_texts(c.form_tokens)))

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
        reading = reading_for(c, claim, symbols, conv.layouts, mode=mode)
        if reading is None:
            return None
        layouts = reading.layouts if _has_derivative(reading.latex) else reading.layouts[:1]
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

    # ------------------------------------------------------------------ confidence
    def _wrong(self, formula, file, c: Candidate, ev: Evidence, reading: Reading) -> Finding:
        claim = self.catalog[c.claim_id]
        right = expected_tokens(c, claim)
        expected = pretty(right)
        reason = difference(c.sheet_tokens, right)
        note = ""
        if c.entry.kind == "source" and same_after_renaming(c.sheet_tokens, c.form_tokens,
                                                            c.mapping):
            note = claim.sources[c.entry.source].note  # a known typo: the catalog's words
            if "sheet" in note:
                note = ""  # ... unless they speak of the course's sheets, not the student's
        why = (ev.counterexample or {}).get("why") if ev.method in ("scope", "shapes") else ""
        reason = note or why or reason or \
            f"differs from the right form ({_in_sentence(claim.title)})"
        return self._finding(formula, file, "wrong", reason, claim=c.claim_id,
                             expected=expected, method=ev.method,
                             counterexample=plain_counterexample(ev.counterexample,
                                                                 reading.names_back))


# how well words beside a formula must name a claim, and how much better than the claim it
# holds as, for the formula to be that claim's recorded typo (He's 1/n_in under "He (ReLU)")
NAMED_TYPO, NAMED_MARGIN = 0.6, 0.4


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


def _hollow_hold(outcome) -> bool:
    """Does a claim hold only by a reading that renames most letters, has no word of the
    claim around it and loses one of the sheet's names? (f'(x) >= 0 "holds" as Tr(A) >= 0:
    no rival to the convexity claim it fails.)"""
    c, reading = outcome[0], outcome[4]
    return c.words < 0.25 and renamed_share(c) > 0.5 and bool(dropped_names(c, reading))


def _stands(f: Finding) -> bool:
    """Does a finding on a rewritten formula (a definition put in, g_t or M_X(t) spelled out)
    stand? Not when it is unchecked, nor when it is wrong only for a name or a size: the
    rewrite may have brought that in."""
    return f.verdict == "ok" or (f.verdict == "wrong" and f.method not in ("scope", "shapes"))


def _in_own_words(f: Finding, written: str, spelled: str) -> None:
    """A finding decided on the formula with its shorthand spelled out (g_t as the gradient),
    told in the shorthand: the right form and the one-line difference use g_t again."""
    from cheatsheet.sheets.habits import GRADIENT

    grad = next((m.group(0) for m in re.finditer(r"\\nabla J\([^()]*\)", spelled)), None)
    short = next((m.group(0) for m in GRADIENT.finditer(written)), None)
    if not grad or not short:
        return
    right = tokenize(f.expected)
    gtoks = tokenize(grad)
    out, k = [], 0
    while k < len(right):  # the spelled gradient's tokens back to g_t
        if [t.norm or t.ident for t in right[k:k + len(gtoks)]] == \
                [t.norm or t.ident for t in gtoks]:
            out.extend(tokenize(short))
            k += len(gtoks)
        else:
            out.append(right[k])
            k += 1
    f.expected = pretty(out)
    f.reason = difference(tokenize(written), out) or f.reason


_SAID = {"mean": "mean", "variance": "variance", "mgf": "MGF", "density": "pmf or density"}


def _unreadable(latex: str, conv: Conventions) -> str:
    """What the reader stumbles on in the formula as the student wrote it ('' if it reads)."""
    from cheatsheet.latex import LatexError, LatexShapeError

    from ..parsing import parse_cached

    try:
        parse_cached(latex, dict(conv.symbols or {}), layout=conv.layout or "denominator")
    except LatexShapeError:
        return ""  # it reads; its sizes depend on what its symbols are
    except (LatexError, ValueError, TypeError) as exc:
        return f"the reader cannot read it: {exc}"
    return ""


def _asymptotic(latex: str) -> bool:
    m = _ASYMPTOTIC.search(latex)
    if not m:
        return False
    cls = m.group(5) if m.lastindex and m.lastindex >= 5 else None
    return not cls or latex.count("\\" + cls) == 1  # \Omega used twice names a function


def _own_bar_sites(latex: str) -> int:
    """Lost-bar signatures that need no sheet-wide evidence (paired "\\ " for "\\|")."""
    from cheatsheet.sheets.habits import _MIDDLE, _SPACE_BAR

    spaces = len(_SPACE_BAR.findall(latex))
    return (spaces // 2 if spaces and spaces % 2 == 0 else 0) + len(_MIDDLE.findall(latex))


def _has_derivative(latex: str) -> bool:
    return bool(re.search(r"\\partial|\\nabla|\\frac\s*\{\s*d|\bJ\b|\\mathbf\{J\}", latex))


def _why(ev: Evidence) -> str:
    detail = (ev.detail or ev.verdict).split(";")[0]
    return re.sub(r"\s+", " ", detail)[:160]


def _in_sentence(title: str) -> str:
    """A claim's title inside a sentence: lower-case first letter, unless it opens an acronym
    (MGF, KL, SGD)."""
    if len(title) > 1 and title[1].isupper():
        return title
    return title[:1].lower() + title[1:]
