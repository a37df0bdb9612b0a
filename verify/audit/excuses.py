"""Why a formula that fails a claim's check, or holds as one, is not called wrong or ok.

The rules themselves live in caveats.py, qualifiers.py and laws.py; here the Decider asks them
in turn, for a sure refutation (``_not_a_typo``), a formula that holds (``_credited``) and the
generic check's refutation (``_generic_wrong``), and words the finding.
"""
from __future__ import annotations

from cheatsheet.match import Candidate
from cheatsheet.sheets import Formula
from cheatsheet.sheets.conventions import Conventions
from cheatsheet.sheets.definitions import mentions, put_in
from ..evidence import Evidence
from ..timelimit import CheckTimeout
from .caveats import (assumed, defines_own_function, heading_defines, introduced_before,
                      of_a_random_variable, operation_named, operator_swapped, other_convention,
                      parameters_named, parameters_renamed, renamed_onto_own, unread_law,
                      unstated_independence, unstated_symmetry,
                      declared_general)
from .explain import renamed_throughout
from .named_heads import head_read_as
from .notation import kept_letters, pinned_letters, renamings
from .finding import Finding
from .laws import claim_laws
from .granted import says_a_property
from .qualifiers import _on_its_line, opposite_case, pinned, restricted_here, special_case
from .readings import Reading
from .recorded_words import read_with, typed_as_is
from .scope_repair import sheet_gives
from .own_setting import is_claims_setting
from .settings import law_differs, setting_differs
from .transposed_layer import layer_written_transposed, transposes_only
from .sufficiency import sufficient_finding
from .wording import in_sentence as _in_sentence
from .worded_conditions import condition_in_words


def typed_typo(c: Candidate) -> bool:
    """Does the formula repeat, letter for letter and under words naming the claim, a wrong
    form the catalog records? Then a name the claim lacks (K in pi_k = N_k / K, where N
    belongs) is the typo itself, even where the sheet writes K elsewhere (k = 1..K)."""
    return c.entry.kind not in ("canonical", "piece") and c.words >= 0.5 and typed_as_is(c)


class Excuses:
    """The Decider's excuses (a mixin: it uses the Decider's catalog, checks and findings)."""

    def _not_a_typo(self, formula: Formula, conv: Conventions, file: str, latex: str,
                    c: Candidate, ev: Evidence, reading: Reading, here, ids) -> Finding | None:
        """The claim surely read fails; unless what the sheet says there makes the formula
        another setting's (a law it does not name, a range, an opposite case, a special
        case, a convention), the finding saying so. None: it is the claim's typo."""
        enough = sufficient_finding(self, formula, file, c, reading, ids)
        if enough is not None:  # "GD with step gamma <= 1/L": enough, not what is needed
            return enough
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
        worded = condition_in_words(formula.segment)
        if worded:  # "$\tilde g = c g / \|g\|$ when the norm exceeds $c$": one case's rule
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id} in general, but the words beside it "
                                 f"state a condition ('{worded}') the check cannot impose; it "
                                 "may hold there", candidates=ids)
        own = defines_own_function(formula, c)
        if own:  # "For $f(x) = 1/2 x^T Q x$ with Q positive definite": the sheet's own f
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id} only with the sheet's {own} read as "
                                 "the claim's quantity, but the words introduce it as a "
                                 f"definition of {own}", candidates=ids)
        renamed = renamed_throughout(c, self.catalog[c.claim_id])
        if renamed:  # D* = p_r / (p_r + p_g): the sheet's r (real data) for the claim's data
            return self._finding(formula, file, "unchecked",
                                 f"it differs from {c.claim_id} only by writing {renamed} "
                                 "at every place: a name of its own, not a slip made twice",
                                 candidates=ids)
        named = parameters_named(formula, c)
        if named:  # "p(x | y) = N(x | m, S) has mean m and covariance S"
            return self._finding(formula, file, "unchecked",
                                 f"it names the law's parameters {named}, which the sheet "
                                 "goes on to describe; it does not state their values, as "
                                 f"{c.claim_id} does", candidates=ids)
        convention = heading_defines(
            formula, lambda math: self._fails_in_named_case(c, reading, math),
            lambda math: is_claims_setting(math, c, self.catalog[c.claim_id]))
        if convention:  # "## Ridge with the penalty lambda/2 ||w||^2" above the formula
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but the heading above states its "
                                 f"own convention for {convention}", candidates=ids)
        objective = self._minimises_defined(formula, conv, c, reading)
        if objective:  # "R_n(w) := 1/n ||Xw - y||^2 + lambda ||w||^2; its minimiser is"
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but it minimises {objective} as the "
                                 "sheet defines it just before, a convention the claim does "
                                 "not share", candidates=ids)
        repair = self.confidence.repairs.sure(c, reading, ev)
        given = sheet_gives(repair, conv) if repair is not None else ""
        if given:  # "Let $a_t = 1 - b_t$." beside a formula whose a_t is the stray name
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id} because {given} is not the claim's, "
                                 "but the sheet gives it a meaning here", candidates=ids)
        # (a stray name another name of the formula repairs is a slip even where the section
        # writes that letter before: a dummy x elsewhere does not make dt integrate over x)
        introduced = introduced_before(ev, conv) if not typed_typo(c) and repair is None \
            and not self._count_placed(c, reading, ev) else ""
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
        opposite = opposite_case(formula.segment, conv, self.catalog[c.claim_id], either=True)
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
        if special and not read_with(self.catalog, c, special, formula.segment) \
                and not self._fails_in_named_case(c, reading, special):
            # (refuted in the very case the words name, it is no statement of that case)
            # (unless the catalog reads the form it types with those very words: "p.s.d."
            # after Sigma_12 in R^{e x f} is what makes it a claim at all)
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but the sheet says '{special}' "
                                 "here, which the claim does not assume: it may state "
                                 "that special case", candidates=ids)
        setting = setting_differs(self.catalog[c.claim_id], c, conv, reading.decls) or \
            law_differs(c, conv, reading.decls)
        if setting:  # "Dense layer $z = W^T x + b$ ...: dL/dW = x delta^T" is right there
            return self._finding(formula, file, "unchecked",
                                 f"it fails {c.claim_id}, but {setting}", candidates=ids)
        moved = transposes_only(c, self.catalog[c.claim_id])
        layer = layer_written_transposed(moved, conv) if moved else ""
        if layer:  # "h = V^T a + b", then dL/da = V delta: right for that layer
            return self._finding(formula, file, "unchecked",
                                 f"it differs from {c.claim_id} only by a transpose, but the "
                                 f"sheet writes its layer as {layer}, with the weights laid "
                                 "out the other way", candidates=ids)
        return None

    def _count_placed(self, c: Candidate, reading, ev) -> bool:
        """Was the refutation told with the stray names placed on the claim's counts and
        indices, no quantity renamed, and refuted by values (completion.py)? The sheet's n written before, in
        sum_{i=1}^{n}, is then the very count the completion read it as, no quantity of its
        own that would excuse the formula."""
        done = self.confidence.completions.resolve(c, reading, ev)
        if done is None or done.holds:
            return False
        from .confidence import _renames_quantities

        if _renames_quantities(done.candidate, done.reading):
            return False  # (Lambda^{-1} read as the claim's Sigma: the renaming may be astray)
        kinds = [done.reading.decls.get(t) for _, t in done.placed]
        return all(d is not None and d.kind in ("dim", "index") for d in kinds)

    def _minimises_defined(self, formula: Formula, conv: Conventions, c: Candidate,
                           reading: Reading) -> str:
        """The name of an objective the sheet defines just before (R_n(w) := 1/n ||Xw - y||^2
        + lambda ||w||^2), when the formula gives a point named by its variable (w-hat) that
        is that objective's stationary point; ''. The claim fixes one scaling of the
        objective (the ridge closed form, without 1/n); the sheet's own scaling moves the
        minimiser, so the formula is right for what the sheet defines. Decided, not assumed:
        R(w + v) = R(w - v) for every v holds exactly when a quadratic R is stationary at w
        (a typo, X X^T for X^T X, fails it and stays the claim's typo)."""
        for d in conv.definitions:
            if d.variable is None or mentions(formula.latex, d):
                continue
            if _stationary(self, c, d, reading):
                return d.name
        return ""

    def _credited(self, formula: Formula, conv: Conventions, file: str, latex: str, held, ids,
                  known_only: bool) -> Finding:
        """The finding for a formula that holds as a claim: ok, unless what the claim assumes
        (independence, a symmetric matrix) or its case (convex, not concave) is not what the
        sheet says there."""
        c, ev, which, reading = held
        claim = self.catalog[c.claim_id]
        opposite = opposite_case(formula.segment, conv, claim)
        steered = self._as_unbiased(formula, conv, file, latex, ids) \
            if opposite == "unbiased" else None
        if steered is not None:  # "unbiased sample variance: s^2 = 1/n ...": the word's claim
            return steered
        if opposite:
            return self._finding(formula, file, "unchecked",
                                 f"it states {c.claim_id} ({_in_sentence(claim.title)}), "
                                 f"but the sheet says '{opposite}' here: it may mean the "
                                 "opposite case", candidates=ids)
        heads = head_read_as(c, claim)
        if heads:  # I(U; V) = H(U | V) - H(U) "holds" as KL(p || q) = H(p, q) - H(p)
            return self._finding(formula, file, "unchecked",
                                 f"it holds as {c.claim_id} ({_in_sentence(claim.title)}) "
                                 f"only with its {heads[0].upper()} read as the claim's "
                                 f"{heads[1].upper()}, another quantity", candidates=ids)
        symmetric = unstated_symmetry(claim, reading, formula.segment.words())
        general = "" if symmetric else declared_general(
            c, claim, conv, f"{formula.segment.words()} {conv.line_words or ''}")
        if symmetric or general:
            g = self._generic(latex, conv) if not known_only else None
            if g is not None and g.verdict == "wrong":  # for a matrix with free entries
                return self._generic_wrong(formula, conv, file, latex, g, ids)
            said = (f"the sheet gives {general} free entries" if general
                    else "the sheet does not say so")
            return self._finding(formula, file, "unchecked",
                                 f"holds only if {symmetric or general} is symmetric "
                                 f"({_in_sentence(claim.title)}); {said}", candidates=ids)
        premise = unstated_independence(  # (or the words introducing its list, or those
            # before the line's earlier formulas: "if $X \sim ...$ and $Y \sim ...$ are ...")
            claim, latex, f"{formula.segment.words()} {formula.segment.intro} "
                          f"{conv.line_words or ''}")
        if premise:  # in the sheet's letters where the match renamed them
            back = {v: k for k, v in c.mapping.items()}
            premise = ", ".join(back.get(n, n) for n in premise.split(", "))
        if premise:
            g = self._generic(latex, conv) if not known_only else None
            if g is not None and g.verdict == "ok":  # it holds for dependent ones too
                return self._finding(formula, file, "ok", g.reason, method=g.method,
                                     candidates=ids)
            return self._finding(formula, file, "unchecked",
                                 f"holds only if {premise} are independent "
                                 f"({_in_sentence(claim.title)}); the sheet "
                                 "does not say so", candidates=ids)
        off = self._off_range(formula, conv, file, c, claim, reading)
        if off is not None:
            return off
        return self._finding(formula, file, "ok",
                             f"holds{which}: {_in_sentence(claim.title)}",
                             claim=c.claim_id, method=ev.method, renamed=renamings(c),
                             kept=kept_letters(c, claim.declarations, reading),
                             pinned=pinned_letters(c, claim, reading, which))

    def _off_range(self, formula: Formula, conv: Conventions, file: str, c, claim,
                   reading) -> Finding | None:
        """A pmf that holds as its claim but whose masses miss 1 over the range the sheet
        gives its variable ("for $k = 1, 2, \\dots$") is wrong (support.py)."""
        from cheatsheet.sheets.formulas import left_side
        from .support import off_range, pmf_variable, range_finding

        if pmf_variable(claim.latex) is None:
            return None
        found = off_range(reading, c.mapping, (formula.latex,) + tuple(conv.after), claim)
        if found is None:
            return None
        reason, expected, cx = range_finding(left_side(formula.reading), found)
        return self._finding(formula, file, "wrong", reason, claim=c.claim_id,
                             expected=expected, counterexample=cx,
                             method="numeric (the masses summed over the range)")


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
            under = self._generic_under(latex, conv, special)
            if under is not None and under.verdict == "wrong" \
                    and not says_a_property(_on_its_line(formula.segment, conv)):
                # (not where the words also give a matrix a property: "for symmetric $W$
                # with $\det W > 0$" asks more than the condition imposed)
                # "for $\\det W > 0$": drawn only where it holds, the two sides still differ
                return self._finding(formula, file, "wrong",
                                     f"{under.reason}, also where {special} as the sheet "
                                     "says", method=under.method,
                                     counterexample=under.counterexample, candidates=ids)
            if under is not None and under.verdict == "ok":
                return self._finding(formula, file, "unchecked",
                                     f"with any values the two sides differ, but the sheet "
                                     f"says '{special}' here, and where it holds they agree",
                                     candidates=ids)
            return self._finding(formula, file, "unchecked",
                                 f"with any values the two sides differ, but the sheet says "
                                 f"'{special}' here, which the check cannot impose",
                                 candidates=ids)
        if not named and conv.granted:
            under = self._generic_under(latex, conv, *conv.granted)
            if under is None or under.verdict != "wrong":
                said = ", ".join(f"{n} {_SAID[p]}" for n, p in conv.granted)
                return self._finding(formula, file, "unchecked",
                                     f"with any values the two sides differ, but the sheet "
                                     f"takes {said} here"
                                     + (", and so they agree" if under is not None
                                        and under.verdict == "ok" else ""), candidates=ids)
            g = under
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


    def _generic_under(self, latex: str, conv: Conventions, *said):
        """The generic check with what the sheet says there imposed on the values it draws
        (a condition in LaTeX, or a (name, property) pair); None when it is words, or speaks
        of what the formula's reading lacks."""
        from .generic import generic_check

        try:
            return generic_check(latex, conv, self.seed, assume=said)
        except CheckTimeout:
            raise
        except Exception:  # noqa: BLE001 - a condition that cannot be imposed decides nothing
            return None


_SAID = {"pd": "symmetric positive definite", "psd": "positive semidefinite",
         "symmetric": "symmetric", "orthogonal": "orthogonal", "diagonal": "diagonal"}


def _beside(seg, conv: Conventions) -> str:
    """The words right beside a formula: its line, its sentence's lead-in, its heading."""
    return " ".join(w for w in (conv.line_words, seg.before, seg.intro, seg.lead, seg.label,
                                seg.headings[-1].title if seg.headings else "") if w)


def _stationary(decider, c: Candidate, d, reading: Reading) -> bool:
    """Is the point the formula names (its left side's letter is the definition's variable)
    a stationary point of the defined quadratic: d.body at (point + v) equals d.body at
    (point - v) for random v? Read in the claim's letters, with its declarations."""
    from cheatsheet.match import split_relation
    from cheatsheet.match.align import rename, unit_texts
    from cheatsheet.match.tokens import rebuild, tokenize

    from ..custom import CheckContext
    from ..numeric import NumericOptions
    from ..parsing import parse_cached

    try:
        var = [t.ident for t in tokenize(d.variable) if t.ident]
        sheet = split_relation(c.sheet_tokens)
        mine = split_relation(tokenize(reading.latex))
        body = tokenize(d.body)
    except Exception:  # noqa: BLE001 - what the tokeniser trips on decides nothing here
        return False
    if len(var) != 1 or sheet is None or mine is None:
        return False
    named = [t.ident for t in sheet[0] if t.ident]
    if len(named) != 1 or named[0].split("_")[0] != var[0] or \
            len([t for t in mine[0] if t.ident]) != 1:
        return False  # (the formula gives w-hat or w^*, a point of the variable w)
    point, shift = rebuild(mine[2]), rebuild(mine[0])
    units = unit_texts(c.form_tokens)
    renamed = rename(body, c.mapping, units)

    def at(sign: str) -> str:  # (the variable as the body writes it, before any renaming)
        return " ".join(f"\\left({point} {sign} {shift}\\right)" if t.ident == var[0]
                        else r.raw for t, r in zip(body, renamed))

    claim = decider.catalog[c.claim_id]
    try:
        stmt = parse_cached(f"{at('+')} = {at('-')}", reading.decls, layout=reading.layouts[0])
        opts = NumericOptions(trials=24, rtol=claim.rtol, atol=claim.atol,
                              layout=reading.layouts[0])
        ctx = CheckContext(claim.id, reading.decls, opts, decider.seed, ("objective",))
        ev = ctx.numeric(stmt)
    except CheckTimeout:
        raise
    except Exception:  # noqa: BLE001 - an objective the check cannot read excuses nothing
        return False
    return bool(ev is not None and ev.holds and ev.method != "scope")
