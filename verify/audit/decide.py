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

from cheatsheet.match import Candidate, Matcher
from cheatsheet.match.align import same_after_renaming
from cheatsheet.match.bar_determinants import declared_matrices
from cheatsheet.match.index import words_of
from cheatsheet.match.tokens import tokenize
from cheatsheet.sheets import Formula
from cheatsheet.sheets.conventions import Conventions
from cheatsheet.latex.law_statements import states_law
from cheatsheet.sheets.formulas import has_relation
from cheatsheet.sheets.habits import Habits, gradient_shorthand
from .averages import bias_correction_clash, refuted
from .declared_sizes import announce_declared_sizes, resized_by_declarations
from .label_function import own_label
from .law_function import function_clash, own_words
from .law_places import announce_law_places
from .limit_laws import decide_limit
from .named_instead import NamedInstead, NamedTypo
from .pairs import Pairs
from .bound_letters import Rereading, failed_readings
from .lead_in import own_after
from .notation import with_notation
from .laws import (claim_laws, clash as law_clash, laws_stated_several_ways, sheet_laws,
                   stated_another_way, way_unsaid)
from .qualifiers import said_so
from .quantified import reason as quantified_reason, unused_rate_letter
from ..evidence import Evidence
from ..timelimit import CheckTimeout, work_limit
from .caveats import assumed, not_the_rule, premise_word
from .cells import column_quantity, particular_row, quantities, states_another, the_law
from .confidence import Confidence, renamed_share
from .defined import decided_with_definitions
from .dotted_sums import decided_dotted
from .folded import decided_folded
from .parts import decided_parts
from .premises import decided_premise
from .trailing_conditions import trailing_condition
from .excuses import Excuses
from .finding import Finding
from .introduced import introduced_before
from .rivals import Rivals, _closer_unsettled, _loose_label, _unread_better
from .readings import denied_by_sheet
from .recorded_words import carry_words, line_text, worded
from .refused import unsure_reason
from .parameters import in_parameters
from .roles import in_roles
from .sufficiency import sufficient_finding
from .symmetry import symmetric_name
from .table_cells import TableCells
from .trials import Trials
from .special_cases import SpecialCases
from .star_readings import decide as star_readings
from .unbiased import Unbiased
from .variants import Variants
from .wrong_finding import WrongFinding
from .wording import in_sentence as _in_sentence

FORMULA_TIME_LIMIT = 6.0  # seconds of CPU time for all checks of one formula
WALL_PER_CPU_SECOND = 4.0  # wall-clock seconds allowed per CPU second (timelimit.work_limit)
# O(...) is a growth class wherever it stands; Theta/Omega only right after a relation
# (T(n) = \Theta(n^2)), since elsewhere they name functions (a regulariser \Omega(\theta))
_ASYMPTOTIC = re.compile(r"(?<![A-Za-z\\])(\\mathcal\s*\{\s*O\s*\}|O|\\tilde\s*\{?\s*"
                         r"(O|\\mathcal\s*\{\s*O\s*\})\s*\}?)\s*(\\left|\\big)?\s*\("
                         r"|(=|\\in|\\le|\\leq|\\ge|\\geq)\s*\\(Theta|Omega)\s*(\\left)?\s*\(")


def _states_nothing(formula: Formula, conv: Conventions) -> bool:
    """A heading's math (the section's subject) or an assumption ("if", "assume"): nothing a
    check of the formula's own letters may call wrong."""
    return any(h.line == formula.line for h in formula.segment.headings) or bool(
        assumed(formula.segment, conv.line_words))


class Decider(Variants, Trials, TableCells, Excuses, NamedInstead, NamedTypo, Rereading, Pairs,
              Unbiased, SpecialCases, Rivals, WrongFinding):
    def __init__(self, catalog, matcher: Matcher, *, seed: int = 0):
        self.catalog = catalog
        self.matcher = matcher
        self.seed = seed
        self._memo: dict[tuple, Evidence] = {}
        self._cell_claims: dict[tuple, list] = {}  # (law, quantity) -> claims (cells.py)
        self._several_ways = laws_stated_several_ways(c.title for c in catalog)
        self.confidence = Confidence(catalog, seed, matcher.index.vocabulary)
        self.notation: dict = {}  # the sheet's confirmed renamings (notation.py), second pass
        self.inverted = False  # a reading with a law's parameter inverted (variants.py)

    # ------------------------------------------------------------------ one formula
    def decide(self, formula: Formula, conv: Conventions, file: str,
               habits: Habits | None = None) -> Finding:
        start = time.perf_counter()
        try:
            with work_limit(FORMULA_TIME_LIMIT, WALL_PER_CPU_SECOND):
                f = self._variants(formula, conv, file, habits or Habits())
                if f.verdict == "unchecked":
                    f = self._item_named(formula, conv, file, habits or Habits(), f)
                if f.verdict == "unchecked":
                    f = self._objective(formula, conv, file, habits or Habits(), f)
                if f.verdict == "unchecked":
                    f = self._in_nats(formula, conv, file, habits or Habits(), f)
                if f.verdict == "unchecked":
                    # N_k = sum_i r_ik above: the sum written again may be N_k
                    f = decided_folded(self, formula, conv, file, f)
                if f.verdict == "unchecked":
                    # T_1 + \dots + T_m \sim Gamma(m, theta): the row as the sum it stands for
                    f = decided_dotted(self, formula, conv, file, f)
                # J_ij = df_i/dx_i \in R^{n x m}: the entry is decided apart from the size
                f = decided_parts(self, formula, conv, file, habits or Habits(), f)
                # "If $P$, then ... $C$": the premise read with its conclusion (premises.py)
                f = decided_premise(self, formula, conv, file, habits or Habits(), f)
        except CheckTimeout:
            f = self._finding(formula, file, "unchecked",
                              f"no decision within {FORMULA_TIME_LIMIT:g} s")
        except RecursionError:
            f = self._finding(formula, file, "unchecked", "the formula is nested too deeply")
        except Exception:  # noqa: BLE001 - one formula must never end the audit
            f = self._finding(formula, file, "unchecked",
                              "the checker failed on this formula (a bug of ours: please "
                              "report it with the formula)")
        if f.verdict == "unchecked":
            f = self._range_alone(formula, file, conv, f)
        if f.verdict == "unchecked":
            f = self._free_and_bound(formula, file, conv, f)
        if f.verdict == "unchecked":
            f = self._stated_size(formula, file, conv, f)
        if f.verdict == "unchecked":
            f = self._worked_numbers(formula, file, conv, f)
        marked = not_the_rule(formula.segment, conv.line_words) if f.verdict == "wrong" else ""
        if marked:  # "Wrong: ~~det(A + B) = det A + det B~~", "1/d_k instead of 1/sqrt(d_k)"
            f = self._finding(formula, file, "unchecked",
                              f"it is wrong as the catalog states it, but the sheet says "
                              f"'{marked}' beside it: it shows a mistake or another method, "
                              "not its rule", candidates=[f.claim] if f.claim else [])
        condition = trailing_condition(formula.segment, formula.latex, conv.line_math) \
            if f.verdict == "wrong" else ""
        if condition:  # "... = X^{-T} for invertible $X$ with $|X| > 0$": never refuted alone
            f = self._finding(formula, file, "unchecked",
                              f"a condition the sheet assumes (after '{condition}') for the "
                              "formula before it, not a formula to check",
                              candidates=[f.claim] if f.claim else [])
        f.seconds = time.perf_counter() - start
        return f

    def _item_named(self, formula: Formula, conv: Conventions, file: str, habits: Habits,
                    f: Finding) -> Finding:
        """A bare expression under a list item's label ("- Gini: $1 - \\sum_k p_k^2$") read
        as the value of what the label names, as a table row's label gives its cell; only
        where the line on its own is left unchecked (a label is no better name than the
        words the line was matched with), and only a decided verdict replaces it."""
        seg = formula.segment
        if not seg.item_named or seg.named or seg.cell:
            return f
        named = replace(formula, segment=replace(seg, named=seg.item_named))
        if named.reading == formula.reading:
            return f
        g = self._variants(named, conv, file, habits)
        if g.verdict != "unchecked":
            return g
        return self._one_sample(named, conv, file, habits, f)

    def _one_sample(self, named: Formula, conv: Conventions, file: str, habits: Habits,
                    f: Finding) -> Finding:
        """The labelled expression of one sample (``y_i f(x_i)``) read without its index
        (one_sample.py); kept only where it decides a claim whose title has every word of the
        label, so the label, not the reading, says which quantity it is."""
        from .one_sample import without_index

        label = words_of(own_label(named.segment))
        latex = without_index(named.stated) if label else None
        if latex is None:
            return f
        g = self._reread(named, latex, conv, file, habits,
                         lambda title: label <= words_of(title))
        return f if g is None else g

    def _reread(self, formula: Formula, latex: str, conv: Conventions, file: str,
                habits: Habits, title_ok) -> Finding | None:
        """``formula`` decided as ``latex``, a rereading of it, and quoted as written; None
        unless the rereading decides a claim whose title ``title_ok`` accepts (the words, not
        the rereading, say which quantity the formula is)."""
        g = self._variants(replace(formula, latex=latex, written=formula.written or formula.latex),
                           conv, file, habits)
        if g.verdict == "unchecked" or not g.claim or g.claim not in self.catalog \
                or not title_ok(self.catalog[g.claim].title):
            return None
        return replace(g, latex=formula.latex, written=formula.written)

    def _objective(self, formula: Formula, conv: Conventions, file: str, habits: Habits,
                   f: Finding) -> Finding:
        """A bare optimisation problem (``\\max_{\\alpha \\geq 0} F``) read as what it says of
        its objective F (objectives.py); kept only where a claim that says its function is
        optimised in the same sense decides it."""
        from .objectives import as_problem, objective_reading, says_sense

        if formula.continues or formula.segment.cell:
            return f
        read = objective_reading(formula.stated)
        if read is None:
            return f
        sense, latex = read
        g = self._reread(formula, latex, conv, file, habits,
                         lambda title: says_sense(title, sense))
        # the right form as the problem the sheet states
        return f if g is None else replace(g, expected=as_problem(g.expected, formula.stated))

    def _in_nats(self, formula: Formula, conv: Conventions, file: str, habits: Habits,
                 f: Finding) -> Finding:
        """A formula in bits whose terms all scale with the logarithm's base (bits.py) decided
        with natural logarithms; kept only where it decides an information quantity the
        catalog states in nats."""
        from .bits import as_bits, in_nats, says_nats, scales_alike, states_information

        latex = in_nats(formula.latex)
        own = f"{conv.line_words} {formula.segment.before} {formula.segment.after}"
        if latex is None or says_nats(own) or not scales_alike(in_nats(formula.reading) or latex):
            # (its own words saying nats with log_2 in it mix units: no rescaling; a section
            # on nats says what an unmarked log means, not a log_2 the line writes)
            return f
        g = self._reread(formula, latex, conv, file, habits, lambda title: True)
        if g is None or not states_information(self.catalog[g.claim]):
            return f
        return as_bits(g, formula.latex)

    def _of_the_law(self, latex: str, seg, toks, here: set, have: set) -> list[Candidate]:
        """The candidates among the claims about a law the sheet names (``here``)."""
        def named(claim_id: str) -> bool:
            return claim_id not in have and bool(claim_laws(self.catalog[claim_id].title) & here)

        found = self.matcher.candidates(latex, seg.words(), toks=toks,
                                        near=seg.words(block=False), keep=named)
        carry_words(self.catalog, found, line_text(seg))
        return found

    def _range_alone(self, formula: Formula, file: str, conv: Conventions, f: Finding):
        """An unchecked range beside a formula ("for $k \\geq 1$") says so, not "no claim"."""
        from .support import range_alone

        letter = range_alone(formula.latex, conv.line_math)
        if letter is None:
            return f
        return self._finding(formula, file, "unchecked",
                             f"says where {letter} ranges for the formula before it on its "
                             "line; a range alone states nothing to check")

    def _free_and_bound(self, formula: Formula, file: str, conv: Conventions, f: Finding):
        """A formula no claim decided whose own letters clash (free on one side, summed away
        on the other: free_and_bound.py) is wrong, unless it is an assumption, a heading's
        subject or a range, which state nothing."""
        from .free_and_bound import clashes

        seg = formula.segment
        if _states_nothing(formula, conv) or f.reason.startswith("says where") \
                or premise_word(seg, formula.reading):
            return f
        found = clashes(formula.reading, dict(conv.symbols))
        if not found:
            return f
        return self._finding(formula, file, "wrong", found[0], method="scope",
                             candidates=f.candidates)

    def _stated_size(self, formula: Formula, file: str, conv: Conventions, f: Finding):
        """A derivative's size stated beside it, which the function's declared signature
        contradicts in the layout the sheet uses (stated_sizes.py)."""
        from .stated_sizes import stated_size_clash

        if _states_nothing(formula, conv):
            return f
        found = stated_size_clash(formula.reading, dict(conv.symbols), tuple(conv.layouts))
        if found is None:
            return f
        reason, right = found
        return self._finding(formula, file, "wrong", reason, expected=right, method="sizes",
                             candidates=f.candidates)

    def _worked_numbers(self, formula: Formula, file: str, conv: Conventions, f: Finding):
        """A chain naming a quantity whose worked-out numbers disagree (N = (224/14)^2 = 196:
        worked_numbers.py) is wrong, unless it is an assumption or a heading's subject."""
        from .worked_numbers import worked_numbers_clash

        if _states_nothing(formula, conv) or premise_word(formula.segment, formula.reading):
            return f
        reason = worked_numbers_clash(formula.reading, dict(conv.symbols),
                                      conv.layout or "denominator")
        if not reason:
            return f
        return self._finding(formula, file, "wrong", reason, method="numeric",
                             candidates=f.candidates)

    def _finding(self, formula: Formula, file: str, verdict: str, reason: str, **kw) -> Finding:
        kw.setdefault("written", getattr(formula, "written", ""))
        return Finding(file, formula.line, formula.latex, verdict, reason, **kw)

    def _decide(self, formula: Formula, conv: Conventions, file: str, latex: str,
                known_only: bool = False) -> Finding:
        """The finding for one reading of the formula; ``known_only``: compared only with
        forms the catalog records (as typed), no generic check."""
        found = self._decide_read(formula, conv, file, latex, known_only)
        starred = None if known_only or found.verdict == "ok" else \
            star_readings(latex, conv.star_meanings, self.seed)
        if starred is None or (found.verdict == "wrong" and starred[0] == "ok"):
            return found
        if found.verdict == "wrong" and found.claim:
            return found  # (both wrong: the claim's finding gives the right form)
        # (f * g)(-y) = (f(-t) * g)(y): convolution or correlation? Decided where every
        # reading of its asterisks agrees (star_readings.py); a claim's ok stands
        verdict, reason, counterexample = starred
        return self._finding(formula, file, verdict, reason, counterexample=counterexample,
                             method="generic: every reading of the asterisks",
                             candidates=found.candidates)

    def _decide_read(self, formula: Formula, conv: Conventions, file: str, latex: str,
                     known_only: bool = False) -> Finding:
        """``_decide`` without the asterisk readings."""
        if not latex.strip():
            return self._finding(formula, file, "unchecked", "empty formula")
        if _asymptotic(latex):
            unused = unused_rate_letter(latex, conv)
            if unused is not None:  # "O(delta^t) for some q < 1": the words' q is its base
                letter, base, right = unused
                return self._finding(formula, file, "wrong", quantified_reason(letter, base),
                                     expected=right, method="scope")
            return self._finding(formula, file, "unchecked",
                                 "an asymptotic (big-O) statement without constants: no "
                                 "finite instance decides it")
        limit = None if known_only else decide_limit(latex, conv.line_formulas, self.seed)
        if limit is not None:  # the CLT, the delta method (limit_laws.py)
            verdict, reason, right = limit
            return self._finding(formula, file, verdict, reason, expected=right,
                                 method="limit in law: first-order expansion")
        clash = bias_correction_clash(latex, dict(conv.decays))
        if clash is not None:
            return self._corrected_with_another_decay(formula, file, latex, *clash)
        premise = premise_word(formula.segment, latex)
        if premise and not known_only:  # (a premise recorded as typed: premises.py)
            return self._finding(formula, file, "unchecked",
                                 f"a condition the sheet assumes (after '{premise}'), not a "
                                 "formula to check")
        symmetric = symmetric_name(latex)
        if symmetric and not known_only:  # (w_{ij} = w_{ji}: what w is decides it)
            return self._finding(formula, file, "unchecked",
                                 f"it says that {symmetric} is symmetric, a property of what "
                                 f"{symmetric} stands for: the formula alone does not decide it")
        try:
            toks = tokenize(latex, declared_matrices(conv.symbols))
        except CheckTimeout:
            raise
        except Exception:  # noqa: BLE001 - the tokeniser never fails on text, but be safe
            return self._finding(formula, file, "unchecked", "the reader cannot split it")
        related = has_relation(latex) or states_law(latex)
        if not related and not known_only:
            cell = self._table_cell(formula, file, latex, conv.ways)
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
        # ("Gamma with shape $\alpha$:" after an align block introduces the next formulas)
        here = sheet_laws(" ".join(w for w in (conv.line_words, seg.before, own_after(seg),
                                               seg.lead,
                                               seg.intro, seg.label) if w),
                          " ".join(seg.heading_path), latex,
                          {k: v for k, v in conv.symbols.items() if k in conv.introduced_here})
        cands = self.matcher.candidates(latex, _with_line_label(seg.words(), seg, conv),
                                        toks=toks, near=_with_line_label(
                                            seg.words(block=False), seg, conv))
        # "$\Sigma_{12} \in \mathbb{R}^{e \times f}$ p.s.d.": a recorded form read with
        # words of its line, typed here with the same words beside it
        cands = carry_words(self.catalog, worded(self, cands, seg), line_text(seg))
        vague = bool(cands) and not any(self.confidence.identifies(c, toks) for c in cands)
        kept = [c for c in cands  # the sheet speaks of a binomial, the claim of a Gamma
                if not law_clash(here, claim_laws(self.catalog[c.claim_id].title))]
        if len(kept) < len(cands):  # under "Poisson law", Var(X) = mu^2 is closer in form to
            # the normal's and the exponential's variance: as many claims of the law it names
            # as other laws' crowded out of the best few come after those left
            kept += self._of_the_law(latex, seg, toks, here,
                                     {c.claim_id for c in cands})[:len(cands) - len(kept)]
        cands = kept
        cands = [c for c in cands  # the failures' MGF is no reading under "number of trials"
                 if not stated_another_way(seg, conv, self.catalog[c.claim_id].title,
                                           self.inverted)
                 and not way_unsaid(seg, conv, self.catalog[c.claim_id].title,
                                    renamed_share(c) > 0, self._several_ways)]
        # "beta-smooth and alpha-strongly convex": the letters stand for the claim's L and mu
        cands = in_roles(cands, " ".join(w for w in (conv.line_words, seg.before, seg.lead,
                                                      seg.intro, seg.label,
                                                      *seg.heading_path) if w),
                         self.catalog, dict(conv.roles))
        # "success probability $\pi$", "window q, stride u": the letters stand for the
        # claim's parameters of those names
        cands = in_parameters(cands, conv.said, self.catalog, self.matcher.rescore)
        # "entropy of $\mathcal{N}(a, s^2)$: $h = ...$": the law written on the line puts its
        # letters in the claim's law's places, as words naming them would
        cands = announce_law_places(cands, conv.line_math, self.catalog, conv.said)
        # "$S_{PQ} \in \mathbb{R}^{p \times q}$": the sheet's declared sizes put its S in
        # the claim's Sigma's place as plainly (declared_sizes.py)
        cands = announce_declared_sizes(cands, dict(conv.symbols), self.catalog)
        # ... and W, U declared m x m, m x n are the claim's U, V, though it has a W and a U
        cands = resized_by_declarations(cands, dict(conv.symbols), self.catalog, self.matcher)
        # F and z for the claim's f and x where the sheet's other lines of the topic hold so
        # read: the sheet's notation, confirmed (notation.py, second pass only)
        cands = with_notation(cands, self.notation, self.catalog, formula.line,
                              formula.latex)
        # b_t = nu b_{t-1} + g_t on the line before xi_{t+1} = xi_t - gamma b_t: two
        # statements of one claim in the same letters (pairs.py)
        cands = self._paired(cands, latex, toks, seg, conv)
        column = column_quantity(seg) if not related else None
        if column:  # under a column E[X], a variance claim's right side is no reading of it
            cands = [c for c in cands if c.mode != "label"
                     or not states_another(self.catalog[c.claim_id], column)]
        # "$Q$ is a general matrix (not symmetric)": no claim for a symmetric A is its
        cands = [c for c in cands
                 if not denied_by_sheet(c, self.catalog[c.claim_id], conv.denied)]
        # "CDF: $G(t) = ...$": a survival function's or a density's claim states another
        # function of the law, whatever its form resembles (law_function.py)
        own = own_words(seg)
        cands = [c for c in cands if not function_clash(c, self.catalog[c.claim_id], own)]
        rivals = cands
        cands = [c for c in cands if self._worth_checking(c, toks, related) and (
            not known_only or same_after_renaming(c.sheet_tokens, c.form_tokens, c.mapping))]
        if known_only and not cands:
            return self._finding(formula, file, "unchecked", "no recorded form to compare with")
        outcomes, unread = [], []
        for c in cands:
            out = self._try(c, conv)
            if out is not None:
                outcomes.append(out)
            else:
                unread.append(c)
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
        if held is not None and _loose_label(held[0]):
            # I(p) = p(1 - p) under "Fisher information" holds as sigma' = sigma(1 - sigma)
            # only by reading its own label as the claim's, in the claim's letters, with no
            # word naming the claim: its right side has the claim's shape, no more
            held = None
        enough = sufficient_finding(self, formula, file, held[0], held[3], ids) \
            if held is not None else None
        if enough is not None:  # "converges for every step 0 < gamma < 2/lambda_min"
            return enough
        if held is not None:
            # "Viterbi:" above the forward recursion's sum: right as another claim than the
            # one its words name, and wrong as that one
            instead = self._named_instead(formula, conv, file, latex, toks, held, outcomes,
                                          ids, here)
            if instead is not None:
                return instead
            found = self._credited(formula, conv, file, latex, held, ids, known_only)
            if found.verdict == "ok":  # the sheet's other lines may bind its letters so
                found.failed = failed_readings(outcomes)
            return found
        # (read with its clauses: the generic reader takes a condition as its premise)
        g = self._generic(latex + formula.tail, conv) if related and not known_only else None
        if g is not None and g.verdict == "unchecked" and said_so(g.reason, formula.segment,
                                                                  conv):
            # "holds only with A symmetric positive definite" where the line says so
            return self._finding(formula, file, "ok",
                                 g.reason.split(";")[0].replace("holds only with", "holds with")
                                 + ", as the sheet says", method=g.method, candidates=ids)
        # (a letter the formula's sentence writes right before it: "from $n$ samples:")
        introduced = introduced_before(conv.line_math, conv.line_words, seg.before)
        sure = self._surely_refuted(toks, outcomes, seg.words(block=False), own_label(seg),
                                   seg.after, introduced, conv.line_math,
                                   f"{conv.line_words or ''} {line_text(seg)}")
        if g is not None and g.verdict != "wrong" and not (
                _conditional(g) and sure is not None and self._typed_known(sure, toks, seg)):
            # holds on its own (or holds in a kinder reading): no claim's refutation stands.
            # Holding only under a premise the sheet does not state is no excuse for a form
            # the catalog records as wrong, typed letter for letter (ReLU'(x) with both
            # x >= 0 and x <= 0: right for positive x, two values at 0)
            return self._finding(formula, file, g.verdict, g.reason, method=g.method,
                                 candidates=ids)
        if sure is None and not known_only:
            # "rmsprop: s_t = rho s_{t-1} + (1 - rho) g_t": no claim holds it or is sure of
            # it, but the words name one claim whose recorded typo it is, typed again
            typo = self._named_typo_unheld(formula, conv, file, latex, toks, outcomes, here,
                                           ids)
            if typo is not None:
                return typo
        better = _unread_better(sure[0], unread) if sure else None
        if better is not None:
            # a Xavier row's cell under "uniform bound $a$" is that claim's right side as
            # written; that it cannot be read as it leaves only a less close match to fail
            return self._finding(formula, file, "unchecked",
                                 f"as written it is {better.claim_id} "
                                 f"({_in_sentence(self.catalog[better.claim_id].title)}), "
                                 f"which cannot be read here; it fails only "
                                 f"{sure[0].claim_id}, a less close match", candidates=ids)
        rival = self._holding_rival(sure[0], rivals, toks, conv) if sure else None
        if rival is not None:
            return self._finding(formula, file, "unchecked",
                                 f"two claims fit it: it holds as {_in_sentence(rival.title)}, "
                                 f"but is a typo of {sure[0].claim_id}", candidates=ids)
        if sure is not None:
            c, ev, reading = sure
            # "kappa = L/mu" just before: kappa is an abbreviation, not the claim's L
            defined = decided_with_definitions(self, formula, conv, file, latex, ids)
            if defined is not None:
                return defined
            excused = self._not_a_typo(formula, conv, file, latex, c, ev, reading, here, ids)
            if excused is not None:
                return excused
            return self._wrong(formula, file, *self.confidence.completed(c, ev, reading))
        if g is not None:  # wrong on its own, in every reading (no claim is sure enough
            # to offer its right form: that needs a sure match, handled above)
            return self._generic_wrong(formula, conv, file, latex, g, ids)
        refuted = [o for o in outcomes if o[1] == "refuted"]
        if refuted:
            # p_Y(y) = a p_X(y/a) after "Y = aX": letter by letter no claim is sure of it;
            # with the name's value put in it is the scaled density's typo
            defined = decided_with_definitions(self, formula, conv, file, latex, ids)
            if defined is not None:
                return defined
            c, _, ev, _, reading = refuted[0]
            why = self.confidence.sure_wrong(c, toks, reading, ev, seg.words(block=False),
                                             own_label(seg), seg.after, introduced,
                                             conv.line_math)[1]
            closer = _closer_unsettled(c, outcomes, unread)
            if closer is not None:
                # the claim it most resembles, named by its words, could not be read or
                # decided: that, not a less close claim's refusal, is why it stays unchecked
                other, how = closer
                return self._finding(
                    formula, file, "unchecked",
                    f"it most resembles {other.claim_id} "
                    f"({_in_sentence(self.catalog[other.claim_id].title)}), {how}; it also "
                    f"resembles {c.claim_id} and fails its check, but the match is not sure "
                    f"({why})", candidates=ids)
            return self._finding(formula, file, "unchecked",
                                 f"resembles {c.claim_id} and fails its check, but the match is "
                                 f"not sure ({why})", candidates=ids)
        if not related:
            from .limits_in_law import REASON, states_limit

            return self._finding(formula, file, "unchecked", REASON if states_limit(formula.latex)
                                 else "states no relation (a name, a set or an expression on "
                                      "its own)")
        unreadable = _unreadable(latex, conv)
        if unreadable:
            return self._finding(formula, file, "unchecked", unreadable, candidates=ids)
        if cands:  # held only loosely, undecided, or read by none: which, in words
            return self._finding(formula, file, "unchecked",
                                 unsure_reason(self.catalog, cands, outcomes, unread), candidates=ids)
        if vague:
            return self._finding(formula, file, "unchecked",
                                 "too short to tell which claim it states: with its letters "
                                 "renamed it fits many")
        return self._finding(formula, file, "unchecked", "no claim of the catalog states this")

    def _generic(self, latex: str, conv: Conventions):
        from .generic import generic_check  # (imported late: it loads the numeric engine)
        from .information_identity import information_check

        g = generic_check(latex, conv, self.seed)
        # H and I are functions the generic reader does not know; of random variables they
        # are functionals of a joint law, which random tables decide
        return g if g is not None else information_check(latex, conv, self.seed)

    # ------------------------------------------------------------------ one candidate

    def _corrected_with_another_decay(self, formula, file, latex, average, own, used, step):
        """A bias correction with another average's decay (averages.py): wrong when the check
        refutes it; the right form puts the average's own decay in."""
        cx = refuted(own, used, step, self.seed)
        if cx is None:
            return self._finding(formula, file, "unchecked",
                                 f"the correction uses {used}, the decay of another average")
        right = re.sub(rf"{re.escape(used)}(?![A-Za-z0-9])", lambda _: own, latex)
        return self._finding(formula, file, "wrong",
                             f"{used} where {own} belongs: the section averages {average} "
                             f"with decay {own}, and only that decay undoes its bias (an "
                             "average of the constant 1 started at 0 must correct to 1)",
                             expected=right, method="numeric", counterexample=cx)


def _conditional(g) -> bool:
    """Does the generic check find the formula right only under a premise the sheet does not
    state (x positive), having refuted it in general?"""
    return g.verdict == "unchecked" and g.reason.startswith("holds only with ")




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


def _with_line_label(words: str, seg, conv) -> str:
    """The formula's words, with its line's words before its other formulas where it has
    none of its own ("ridge, minimiser of $J(w)$: $\\hat w = ...$"): the line's label then
    names the result after the colon, not only the formula it happens to embed. A value
    whose own words only name its moment ("Uniform on $[c, d]$: mean $...$, variance $...$",
    prose_labels.py) has its law named there too."""
    moment = seg.named and not seg.cell  # (a table row's label is its own words)
    if re.search(r"[^\W\d_]", seg.before or "") and not moment or not conv.line_words.strip():
        return words
    return f"{conv.line_words} {words}"
