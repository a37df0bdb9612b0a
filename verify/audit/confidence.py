"""When a refuted match is surely the claim the formula states (and when a table cell is).

A form the catalog knows, typed again up to a renaming, is sure. Otherwise the evidence adds
up: structural closeness, the words around naming the claim, names kept as the claim writes
them, an informative side that agrees with the claim's (decided by the claim's own check), a
formula long enough to tell claims apart, sizes that clash in the formula's own notation too.
A refutation by scope or sizes alone may only mean the renaming or a notation is wrong, so it
counts only in the student's own names or notation.
"""
from __future__ import annotations

import re

from cheatsheet.latex import LatexError
from cheatsheet.latex.names import GREEK
from cheatsheet.match import Candidate, split_relation
from cheatsheet.match.align import same_after_renaming
from cheatsheet.match.tokens import Tok, keys, rebuild, tokenize
from cheatsheet.sheets.formulas import RELATION, named_row_value
from cheatsheet.sheets.primes import may_transpose
from ..custom import computed_names
from ..evidence import Evidence
from ..parsing import parse_cached
from .anchors import Anchors, _statement, shared_sides
from .as_written import _KIND_CLASH, _SIZES_DIFFER, AsWritten
from .conditional_names import conditional_left
from .collapsed_sizes import collapsed_sizes
from .completion import Completions
from .explain import _plain, expected_tokens, marks_only
from .law_statements import law_unsure, sure_law_statement
from .legend import named_in_legend
from .label_function import function_named, renamed_but_arguments
from .label_quantity import SAID as _SAID, label_names_another
from .named_heads import own_named_left
from .other_quantity import (_ESTIMATE, _bare_left, _case_swapped, _labelled_result,
                             conventional_result_renamed,
                             _left_side_rewritten, _names_a_result, _other_quantity,
                             _result_label, _result_word, transforms_named,
                             call_read_as_product, density_letter_for_law, estimator_named,
                             functional_renamed, ingredient_named,
                             transform_said_instead)
from .readings import Reading, label_names_claim
from .result_named import result_named, with_result
from .renaming import (_LOG_BASE, _clause_added, _family_split, _operators, _short_and_far,
                       _undeclared, dropped_names, piece_named, renamed_share, sum_named)
from .scope_repair import ScopeRepairs
from .slips import one_slip, slip_named
from .term_slip import one_term_slip
from .factor_slip import one_factor_slip

__all__ = ["Confidence", "HOLD_SCORE", "KNOWN_FORM", "SURE_SCORE", "dropped_names",
           "estimator_named", "piece_named", "renamed_share"]


SURE_SCORE = 0.8  # structural similarity above which a near form counts as the same formula


SURE_EVIDENCE = 3.5  # how much evidence makes a refuted match sure


HOLD_SCORE = 0.7  # a formula that holds as a claim it resembles this much is that claim


SLIP_EVIDENCE = 1.0  # one slip from the claim's right form, under words naming it (slips.py)
KNOWN_FORM = "a known wrong form"  # why a recorded wrong form typed again is sure


_TRIVIAL = {"(", ")", "[", "]", ",", "_", "^", "=", "+", "-", "{", "}", "|", "."}


def informative(toks: list[Tok]) -> int:
    """How many tokens say something beyond letters and brackets (operators, functions).
    A primed function called on an argument (sigma'(z), f'(x)) is a derivative, an operator
    as telling as d/dz, though it is written as one letter."""
    derivatives = sum(1 for t, n in zip(toks, toks[1:])
                      if t.ident and t.ident.endswith("_prime") and n.norm == "(")
    return derivatives + sum(1 for k in keys(toks) if k != "ι" and k not in _TRIVIAL)


def _reading_adds(entry) -> bool:
    """Does the catalog read this recorded form with more than its LaTeX says (the words of
    its own sheet: "satisfies the first condition but not the second")? Then the form alone
    does not carry its verdict to another sheet. A named row read as the claim's quantity
    equal to the row's value as written (``Gam(a, b) \\quad v`` read as ``E[e^{tX}] = v``)
    adds only what the row's name says: the audit reads a name standing for the claim's left
    side itself (the label shorthand), with its own words."""
    if entry.reading == entry.latex:
        return False
    if _value_of_named_row(entry):
        return False
    return len(RELATION.findall(entry.reading)) != len(RELATION.findall(entry.latex))


def _value_of_named_row(entry) -> bool:
    """Is the recorded form a named row whose reading keeps its value exactly as written?"""
    value = named_row_value(entry.latex)
    if value is None or len(RELATION.findall(entry.reading)) != 1:
        return False
    right = RELATION.split(entry.reading, maxsplit=1)[-1]
    squeeze = lambda s: re.sub(r"\\[,;:!]|\\q?quad|\s+", "", s).rstrip(".,;")  # noqa: E731
    return squeeze(right) == squeeze(value)


def sizes_confirmed(c: Candidate, catalog) -> bool:
    """Are the claim's sizes the sheet's own for this formula? Every letter is read as the
    claim's very letter, and another formula of the sheet, holding as the claim, writes one
    of its matrices so (z_t = phi(W z_{t-1} + ...) beside y_t = psi(W z_t), which holds with
    W the claim's output matrix: the sheet's W has the output's size, so W z_{t-1} clashes
    in the sheet's notation too, not only in the claim's). A matrix the claim does not
    declare under that name (W_h beside the claim's W_z) confirms nothing; nor does a
    recorded version read with sizes of its own sheet (its ``symbols``), which are not the
    claim's that the other formula confirmed."""
    if c.entry.kind == "source" and c.entry.source is not None \
            and catalog[c.claim_id].sources[c.entry.source].symbols:
        return False
    if c.confirmed_pinned and all(a == b or a in c.announced for a, b in c.mapping.items()) \
            and {t.ident for t in c.sheet_tokens if t.ident is not None} <= set(c.mapping):
        # (M for W, a for x: letters the sheet's other lines of the topic read so, and a
        # matrix whose size one of them needs: the claim's sizes are the sheet's. Every
        # letter must be read as one of the claim's: a letter left as it is has no size of
        # the claim's, and a clash it makes says nothing)
        return True
    return bool(c.confirmed_kept) and all(a == b for a, b in c.mapping.items())


class Confidence(AsWritten, Anchors):
    """Judges matches of one catalog, seeded like the checks."""

    def __init__(self, catalog, seed: int = 0, vocabulary=None):
        self.catalog = catalog
        self.seed = seed
        self._vocabulary = vocabulary or {}
        self._shared = shared_sides(catalog)
        self.repairs = ScopeRepairs(catalog, seed)
        self.completions = Completions(catalog, seed)

    def vocabulary(self, claim_id: str) -> frozenset:
        """The names the claim itself uses (declared or in its canonical statement)."""
        return self._vocabulary.get(claim_id, frozenset())

    def identifies(self, c: Candidate, toks) -> bool:
        """Does the formula say enough to be this claim at all? ``y = f`` or ``h = W`` turns
        into any claim's ``a = b`` by renaming, so its check says nothing about the sheet: a
        formula that short needs two informative tokens, words naming the claim, or one
        informative token in the claim's own names."""
        info = informative(toks)
        size = len(keys(toks))
        names = len({t.ident for t in toks if t.ident})
        if info >= 2 or c.words >= 0.5 or size > 8 or (size > 5 and names > 3):
            return True
        return info >= 1 and renamed_share(c) == 0

    def speaks_of(self, c: Candidate, reading: Reading) -> bool:
        """Does the reading use one of the claim's own quantities, not only a size or an
        index? ``\\Gamma(n) = (n-1)!`` shares nothing with a claim about traces but its
        dimension n: that it holds says nothing about the claim."""
        written = {t.ident for t in tokenize(reading.latex) if t.ident}
        if not written:
            return True
        for name in written & self.vocabulary(c.claim_id):
            d = reading.decls.get(name)
            if d is None or d.domain not in ("index", "dim"):
                return True
        return False

    def holds_as(self, c: Candidate) -> bool:
        """May a formula that holds be called this claim's? Not where each uses a named
        operator the other lacks: det(MN) = det(M) det(N) holds, and resembles the wrong
        Tr(AB) = Tr(A) Tr(B), but it is no statement about traces. (One-sided differences,
        a missing root or log, are what typos look like.)"""
        mine, theirs = _operators(c.sheet_tokens), _operators(c.form_tokens)
        if not (mine - theirs and theirs - mine):
            # W^dagger = W^T holds as Q^{-1} = Q^T only where the claim's Q is square and
            # orthogonal: a pseudo-inverse where the claim inverts is another statement
            mine, theirs = _inverses(c.sheet_tokens), _inverses(c.form_tokens)
        return not (mine - theirs and theirs - mine)

    def sure_cell(self, c: Candidate, toks) -> bool:
        """Enough to call a formula with no relation of its own (a table cell) the claim's:
        close to it, and the words around name it (the shorter the cell, the more clearly)."""
        info = informative(toks)
        return c.score >= SURE_SCORE and ((info >= 3 and c.words >= 0.5)
                                           or (info >= 2 and c.words >= 0.75))

    def sure_wrong(self, c: Candidate, toks, reading: Reading, ev: Evidence,
                   said: str | None = None, label: str = "",
                   after: str = "", introduced: frozenset = frozenset(),
                   line_math: str = "") -> tuple[bool, str]:
        """Is the refuted candidate surely the claim the formula states?

        A form the catalog knows, typed again (up to renaming), is sure. Otherwise the evidence
        adds up: structural closeness, the words around naming the claim, names kept as the
        claim writes them, an informative side that agrees with the claim's, and a formula long
        enough to tell claims apart. A refutation by scope or sizes only says the reading does
        not fit, so it counts only for a known form. ``said``: the words around the formula
        (its sentence, label, headings), when the caller has them; ``label``: the words that
        name this one formula (its row's, its item's), label_function.py; ``after``: the words
        right after the formula, which may be a legend naming its quantities (legend.py);
        ``introduced``: letters its sentence writes right before it (introduced.py);
        ``line_math``: the formulas before it on its line."""
        if split_relation(c.sheet_tokens) is None and c.words < 0.5:
            # a table cell (alpha / beta^2) that equals some claim's wrong right side is that
            # claim's typo only where the words around name the claim
            return False, "a table cell whose words do not name the claim"
        other = label_names_another(label, self.catalog[c.claim_id].title)
        if other:  # "| Mode | (a - 1)/r |" in a Gamma box: the law is named, the mean is not
            return False, (f"its label names the {_SAID.get(other, other)}, which the claim "
                           "does not state")
        if marks_only(c.sheet_tokens, expected_tokens(c, self.catalog[c.claim_id])):
            # d/dx where the claim writes \partial/\partial x: notation, never the typo (h6)
            return False, "it differs from the claim only in writing d for a partial derivative"
        unsure_law = law_unsure(c, self.catalog[c.claim_id])
        if unsure_law:
            return False, unsure_law
        if sure_law_statement(c, self.catalog[c.claim_id], ev):
            return True, "the same expression of the same variables, said to follow the claim's law"
        info = informative(toks)
        renamed = renamed_share(c)
        other_kind = (functional_renamed(c, self.catalog[c.claim_id])
                      or density_letter_for_law(c)
                      or call_read_as_product(c))
        if other_kind:
            return False, other_kind
        conventional = conventional_result_renamed(c, self.catalog[c.claim_id].title)
        if conventional:
            return False, conventional
        own = own_named_left(c, self.catalog[c.claim_id])
        if own:  # PP(p) = 2^{H(p)} read as KL(p || p) = 0: another quantity (named_heads)
            return False, ("its left side names a quantity of its own, which the claim does "
                           "not name")
        # (a result the sheet names by its own letter counts as the claim's only where the
        # formula's own words name the claim, result_named.py)
        by_result = bool(reading.result_taken) and result_named(
            c, self.vocabulary(c.claim_id))
        if reading.result_taken and not by_result:
            return False, (f"it names its result {reading.result_taken}, which may be another "
                           "quantity than the claim's")
        ingredient = ingredient_named(c)
        if ingredient:  # y-hat = softmax(z) beside the gradient softmax(z) - y (rt21)
            return False, (f"its left side names {ingredient}, a letter the claim's value is "
                           "made of, so it defines that letter rather than stating the claim")
        if c.mode == "label" and renamed > 0 and _bare_left(c):
            # "precision $\tau$: $h = 1/2 log(2 pi e / tau)$": a bare name says only that the
            # formula gives the claim's quantity; read with its letters renamed, it may give
            # it in other parameters (a precision for a variance)
            return False, ("it gives the claim's quantity a name of its own, and reads as the "
                           "claim only with its letters renamed")
        word = _result_word(c) if c.mode == "label" and _bare_left(c) else ""
        if word and word[:3].lower() not in f"{self.catalog[c.claim_id].title} " \
                f"{c.claim_id}".lower():
            # "MAP of the Beta-Bernoulli model: p_MAP = (s + alpha - 1)/(n + alpha + beta - 2)"
            # read as the claim's posterior mean: the name's word says which estimate it is
            return False, (f"it names its result with the word {word}, which the claim's "
                           "title does not use")
        labelled = _labelled_result(c)
        if labelled and labelled.split("_", 1)[1][:3].lower() not in \
                self.catalog[c.claim_id].title.lower():
            # P_right = K/2 for an even kernel: the right side's padding, not the claim's P
            # (P_attn under the attention claim: there the label names the claim's own)
            return False, f"it names its result {labelled}, a particular one of the claim's"
        other = _other_quantity(c)
        if other:  # mode(X) = (alpha - 1)/beta against the Gamma mean
            return False, f"it states the {other}, the claim another quantity"
        title = self.catalog[c.claim_id].title
        transform = transform_said_instead(title, said or "")
        if transform:  # (1 + beta t)^{-alpha} under "Laplace transforms", not the Gamma MGF
            return False, (f"its words speak of the {transform}, the claim states the "
                           f"{sorted(transforms_named(title))[0]}")
        why = (ev.counterexample or {}).get("why") or ""
        if (" is past the end of " in why or " is outside " in why) and re.search(
                r"\\(?:sum|prod)\s*_\s*\{[^{}]*\}\s*\^\s*\{?\s*\d+\s*\}?",
                rebuild(c.sheet_tokens)):
            # H(p) = -sum_{i=1}^{4} p_i log p_i: a number of terms written out is a special
            # case of the claim's n, which its check draws (as 2), not a typo
            return False, "it sums a fixed number of terms, where the claim's number is free"
        if renamed > 0 and (" is past the end of " in why or " is outside " in why):
            # D_ii = sum_j W_ij read as a degree vector's d_{mm}: an index past the end in
            # the claim's letters only is a renaming that does not fit, not a typo
            return False, "its indices leave the claim's sizes only as renamed"
        added = _clause_added(c, reading, line_math) if c.words < 0.5 else ""
        if added:
            # ||w||_1 <= B matched to a recorded premise ||w||_2 <= eps whose reading goes on
            # "\implies delta_i = ...": the check decides a statement the sheet never wrote
            return False, f"the reading adds {added}, which the sheet does not write"
        case = _case_swapped(c)
        if case:
            return False, (f"it reads the sheet's {case[0]} as the claim's {case[1]}, another "
                           "quantity (a scalar and a matrix, say)")
        if c.mode == "whole" and ev.method == "scope" and _left_side_rewritten(c, reading):
            # p_k = e^{z_k} / sum_j e^{z_j} read through a recorded version whose left side
            # was lost: the reading puts the claim's words beside the sheet's p, and p is
            # then "undefined" in a formula that defines it
            return False, "the reading writes another left side than the sheet's name"
        claim = self.catalog[c.claim_id]
        # (sigma-hat^2_MLE: the estimate's own label names it, whatever the words say)
        labelled = estimator_named(claim.title, _result_label(c)) is True
        if _ESTIMATE.search(claim.title) and _names_a_result(_statement(c, claim)) \
                and ev.method not in ("scope", "shapes") and not labelled and (
                    c.near < 0.5 or (said is not None
                                     and estimator_named(claim.title, said) is False)):
            # sigma-hat^2 = 1/(n - 1) sum ...: the unbiased estimate under the MLE's name
            # (a formula that is not even well-formed is wrong whichever estimate it means)
            return False, ("it names an estimate, and its words do not say it is the claim's "
                           "(other estimates of the same quantity go by that name)")
        if not piece_named(c):
            return False, ("it resembles one statement of the claim, in other letters and "
                           "with words that do not name it")
        # (a long formula of letters alone, Sigma_{a|b} = Sigma_aa + ..., is as telling as
        # a short one with operators)
        long = sum(1 for t in c.sheet_tokens if t.ident is not None) >= 12
        known = (c.mode == "whole" and c.entry.kind not in ("canonical", "piece")
                 and (info >= 2 or long)
                 and same_after_renaming(c.sheet_tokens, c.form_tokens,
                                         (with_result(c) if by_result else c).mapping)
                 and (renamed == 0 or (renamed <= 0.5 and c.words >= 0.5))
                 # a reading made of its own sheet's words ("satisfies both") carries over
                 # only where the words right beside the formula name the claim
                 and (not _reading_adds(c.entry) or c.near >= 0.5))
        if known:
            return True, KNOWN_FORM
        if ev.method == "scope":
            # sigma bare in d sigma / dz, or Bayes' rule with the roles of A and B swapped:
            # a name undefined under the claim's correspondence says the correspondence
            # (or the reader) is wrong as often as the formula; sure only with a known form,
            # or where one of the formula's own names in its place makes it the claim's
            # (f_X(x) f_Y(z - x) dt: t where x belongs) and nothing else does (scope_repair)
            if self.repairs.sure(c, reading, ev) is not None:
                return True, "one name put right makes it the claim's"
            primed = self.repairs.primed(c, reading, ev)
            if primed is not None:  # x' where x belongs: a second point as often as a slip
                return False, primed.doubt
            done = self.completions.resolve(c, reading, ev)
            if done is not None and done.holds:
                # (X-bar where the claim writes X-bar_n: placed on the claim's name, it holds)
                return False, f"with {done.said}, it holds"
            if done is not None:  # ... or fails by its values: judged as any refutation is
                return self.sure_wrong(done.candidate, toks, done.reading, done.evidence,
                                       said, label, after, introduced, line_math)
            return False, "a name it uses is not the claim's, which may mean the letters " \
                          "correspond otherwise"
        if c.entry.kind == "wrong" and c.words < 0.25 and info < 5 and renamed > 0:
            # x = mu + L z (a Cholesky sample) equals factor analysis's recorded typo
            # x = mu + W z: a recorded typo of a claim no word names may be another
            # setting's right formula (one with many operators, Var(U) = E[Var(U | V)] +
            # E[E[U | V]], is too particular for that)
            return False, "it equals a recorded typo of a claim its words do not name"
        # (a recorded form typed again is read as the catalog reads that very LaTeX, which
        # may spell names out: R for \mathcal{R}, y^{(l)} as an index)
        lost_names = dropped_names(c, reading)
        # "| Sigmoid | g(z) = ... |": the label says g is the claim's function
        by_label = bool(lost_names) and function_named(c, lost_names, label, claim)
        if lost_names and c.words < 0.5 and not by_label and not same_after_renaming(
                c.sheet_tokens, c.form_tokens, c.mapping):
            # g(eta) = sigma(-eta) read as the claim's sigma'(z) = sigma(-z): the reading put
            # the claim's name where the sheet writes its own, and no word says they are one
            return False, (f"the reading drops the sheet's {', '.join(lost_names)}, which may "
                           "name something else than the claim's quantity")
        if c.mode == "whole" and _reading_adds(c.entry) and not RELATION.search(c.entry.latex):
            # the recorded form is wrong only with words around it on its own sheet
            # ("... p.s.d."): the same LaTeX elsewhere may say no such thing
            return False, ("the catalog reads this form with words of the sheet it was "
                           "recorded from")
        extra = _undeclared(reading, self.vocabulary(c.claim_id))
        if extra:
            return False, f"it uses {', '.join(extra)}, which the claim does not speak of"
        left_out = self.left_out(c, reading, named_in_legend(after, claim) | introduced)
        if left_out:
            return False, (f"it leaves out {', '.join(left_out)}, on which the claim depends "
                           "(it may fix its value, as a step 1/L does)")
        summed = sum_named(c)
        if summed and self.repairs.holds_as_sum(self.catalog[c.claim_id], reading, *summed[1:]):
            # E[(y - f_hat)^2] = bias^2 + Var + sigma^2 read as the claim's E[(f + eps -
            # f_hat)^2] with y as eps: read with y = f + eps it holds, no term was dropped
            # (with sigma^2 left out it fails that way too, and stays the claim's typo)
            return False, f"it writes {summed[0]}"
        split = _family_split(c)
        if split:
            # P_22^{-1} P_21 read with P_22 as the claim's Sigma_11 and P_21 as itself: the
            # blocks of one matrix taken for two, so the sizes (or values) clash by the
            # renaming, not by the formula
            return False, f"it reads {split}"
        # (ill-sized in every layout of its letters, well-sized only with two of the claim's
        # sizes made one: A^T A x = A b needs A square, a clash no notation explains)
        collapsed = ev.method == "shapes" and \
            collapsed_sizes(reading, self.catalog[c.claim_id], self.seed) is not None
        if ev.method == "shapes" and may_transpose(reading.own[0] if reading.own
                                                   else reading.latex):
            # x'x on a sheet that writes transposes with ^T too: read as a name of its own the
            # primed vector makes the clash; read as a transpose it may fit (primes.py)
            return False, "a prime may mean a transpose here, and then its sizes may fit"
        if ev.method == "shapes" and conditional_left(reading.latex):
            # E[x_P | x_Q] = ... read against the claim of block Q given P: the reading's
            # sizes are the claim's, the left side's the sheet's (conditional_names.py)
            return False, ("its left side is a conditional moment that is not the claim's, "
                           "so the claim's sizes say nothing of it")
        if ev.method == "shapes" and not self.ill_formed_as_written(reading) \
                and not sizes_confirmed(c, self.catalog) and not collapsed:
            # sizes that clash under the claim's declarations but not in the formula's own
            # notation (1 - z for a vector z) may be a notation the claim does not share
            return False, "its sizes fit as the sheet writes them, not as the claim declares"
        if ev.method == "shapes":
            foreign = _foreign_names(reading, self.catalog[c.claim_id])
            if foreign:
                # (A A^T + mu I)^{-1} A^T b, ill-sized, read as least squares' recorded typo
                # (X^T X + I)^{-1} X^T y: the clash is real, but the claim has no mu, so the
                # right form it would show is another formula than the sheet's
                return False, (f"it is ill-sized, but it uses {', '.join(foreign)}, which the "
                               "claim does not speak of")
        if _renames_quantities(c, reading) and (
                (_KIND_CLASH in why and not self.kinds_clash_as_written(reading))
                or (_SIZES_DIFFER.search(why) and self.scalars_as_written(reading))):
            # f(x) = 1/2 x^T Q x read as kappa(H) with x as a matrix H: a scalar function's
            # definition made a matrix by the renaming, not a typo of the claim's scalar (with
            # the sheet's letters kept, f(X, A) = P f(PX, ...), the claim's sizes are its own)
            # (df/dy = x for a multiply gate read as dL/db = delta: the claim's x and delta
            # are vectors of two sizes, the sheet's letters are scalars)
            return False, ("its sides clash in size only as the claim reads its letters, not "
                           "as the sheet writes them")
        # (one factor's power wrong, the rest the claim's as expressions: a slip however far
        # the notation takes the symbols from the claim's form, factor_slip.py)
        factor = ev.method not in ("scope", "shapes") and slip_named(c, renamed) \
            and one_factor_slip(c, claim, reading)
        if c.score < SURE_SCORE and not factor:
            return False, "the formula differs from it in many places"
        # a reading made of its own sheet's words counts only the words of this formula,
        # not those of the other formulas in its block
        words = c.near if _reading_adds(c.entry) else c.words
        if by_label:  # its label names it as well as words naming the claim do, and the
            # letters of its argument are the sheet's to choose
            words, renamed = max(words, 0.5), renamed_but_arguments(c)
        evidence = (1.5 * words + (1.0 - renamed) + min(info, 8) / 8
                    + (1.5 if c.score >= 0.95 else 1.0 if c.score >= 0.9 else 0.5))
        if ev.method == "shapes":
            evidence += 1.0  # ill-formed in its own notation and in the claim's
        if c.mode == "label":  # (a label whose head is a word of the claim: Attn(Q, K, V))
            evidence += 1.0 if c.words >= 0.5 or label_names_claim(c, claim) else 0.0
        elif by_label:  # (like a label whose head is a word of the claim)
            evidence += 1.0
        elif c.paired or self.anchored(c, reading):
            # (a pair of lines whose other line holds as the claim's other statement agrees
            # with the claim in that statement)
            evidence += 2.0
        if (ev.method not in ("scope", "shapes") or collapsed) and slip_named(c, renamed) \
                and (one_slip(with_result(c) if by_result else c, claim)
                     or one_term_slip(c, claim, reading) or factor):
            # the claim's right form in the sheet's letters but for one slip (a sign, a "+ 1",
            # an exponent), under words naming the claim: its typo, whatever the letters
            # (fewer words do for a formula in the claim's very letters, slips.slip_named; a
            # term's sign or a term left out, in any order of terms, is one slip: term_slip)
            evidence += SLIP_EVIDENCE
        base = _LOG_BASE.search(rebuild(c.sheet_tokens))
        if base and not _LOG_BASE.search(c.entry.latex):
            # log_2 where the claim writes log: the unit of an information quantity, a
            # convention, not a typo
            return False, f"it takes logarithms to base {base.group(1)}, the claim natural ones"
        if c.words < 0.25 and _short_and_far(c):
            # da/dz = 1 against dL/db = delta: in a formula this short, two changed symbols
            # make another statement, not a slip
            return False, "it is short and differs from the claim in more than one symbol"
        if evidence >= SURE_EVIDENCE:
            return True, "close to the claim"
        if c.words < 0.25:
            return False, "the words around it do not name the claim"
        if renamed > 0.5:
            return False, "most symbols would have to be renamed"
        return False, "neither side agrees with the claim's"

    def completed(self, c: Candidate, ev: Evidence, reading: Reading):
        """(candidate, evidence, reading) a sure refutation is told by: the completed
        correspondence's when a stray name was placed on a claim name (completion.py)."""
        done = self.completions.resolve(c, reading, ev)
        if done is None or done.holds:
            return c, ev, reading
        return done.candidate, done.evidence, done.reading

    def left_out(self, c: Candidate, reading: Reading, named=frozenset()) -> list[str]:
        """Parameters of the claim's statement the reading never mentions: the sheet's formula
        may be the claim with a value put in for them (the rate of GD with its step fixed to
        1/L), which the check, drawing them at random, would call wrong. ``named``: the
        claim's letters a legend after the formula names (legend.py): the formula is meant
        to depend on them, so none was given a value."""
        claim = self.catalog[c.claim_id]
        try:
            canon = parse_cached(_statement(c, claim), reading.decls, layout=claim.layout)
            mine = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
        except (LatexError, ValueError, TypeError):
            return []
        names = lambda st: {str(getattr(x, "base", x)) for x in st.free_symbols}  # noqa: E731
        try:  # a name used only as an index (the t of v_t) is mentioned too
            written = {t.ident for t in tokenize(reading.latex) if t.ident is not None}
        except Exception:  # noqa: BLE001
            written = set()
        # and one the sheet writes where the reading puts the claim's left side: the alpha
        # of Gam(alpha, beta) = ... is the law's parameter, not a value the formula fixes
        written |= {c.mapping.get(t.ident, t.ident) for t in c.sheet_tokens
                    if t.ident is not None}
        # theta_{t-1} of a claim counted from t - 1 to t is the theta_t of a sheet counting
        # from t to t + 1: the quantity is there, at another step
        steps = {_step_family(n) for n in names(mine) | written}
        # (a count the check reads off its own model, FP of a precision, is no parameter a
        # formula could fix: leaving it out is the formula's error, custom.computed_names)
        computed = set(computed_names(claim.check))
        out = []
        for name in sorted(names(canon) - names(mine) - written - set(named) - computed):
            if _step_family(name) != name and _step_family(name) in steps:
                continue
            d = reading.decls.get(name)
            if d is not None and d.kind == "scalar" and d.domain not in ("index", "dim"):
                out.append(_plain(("\\" + name) if name in GREEK else name))
        return out


def _step_family(name: str) -> str:
    """A name without its time step (theta_t-1, theta_t and theta_t+1 are all theta)."""
    return re.sub(r"_t(?:[+-]\d+)?$", "", name)


def _foreign_names(reading: Reading, claim) -> list[str]:
    """Quantities the sheet introduces that the reading writes and the claim declares nowhere
    (the identity and e, pi aside): a size clash then belongs to a formula the claim does
    not state."""
    # (subscripts are indices, read with the name they qualify: z_{t-1} is the claim's z)
    text = re.sub(r"_\s*(\{[^{}]*\}|\\?[A-Za-z0-9]+)", " ", reading.latex)
    try:
        written = {t.ident for t in tokenize(text) if t.ident is not None}
    except Exception:  # noqa: BLE001 - an unreadable reading adds no name we can tell
        return []
    known = set(claim.declarations.decls) | {"e", "pi"}
    known |= {n.split("_", 1)[0] for n in known}
    # only the sheet's own quantities ("strength $\\mu > 0$"): a letter the sheet does not
    # introduce (g beside f in a product rule) may be the reading's leftover, not a parameter
    own = {name for name, _ in (reading.own[1] if reading.own else ())}
    return sorted(_plain(("\\" + n) if n in GREEK else n) for n in written
                  if n in own and n not in known and n.split("_", 1)[0] not in known | {"I"})


def _renames_quantities(c: Candidate, reading: Reading) -> bool:
    """Does the match rename a letter of the sheet onto a quantity of the claim? Only such a
    renaming can make a side a matrix that the sheet writes as a number; one onto a size or
    an index (the sheet's count n for the claim's N, placed so by a completion) cannot."""
    for a, b in c.mapping.items():
        d = reading.decls.get(b) if a != b else None
        if a != b and (d is None or d.kind not in ("dim", "index")):
            return True
    return False


def _inverses(toks) -> set[str]:
    """Which inverses a formula writes: 'inverse' (X^{-1}), 'pseudo-inverse' (X^dagger, X^+)."""
    norms = [t.norm if t.ident is None else "<name>" for t in toks
             if t.norm or t.ident is not None]
    out = set()
    for k, n in enumerate(norms[:-1]):
        if n != "^":
            continue
        if norms[k + 1] in ("\\dagger", "+"):
            out.add("pseudo-inverse")
        elif norms[k + 1:k + 3] == ["-", "1"]:
            out.add("inverse")
    return out
