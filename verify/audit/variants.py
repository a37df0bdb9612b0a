"""The readings of one formula a sheet's habits allow, each decided, and which one stands.

A formula is decided as written and in every reading the sheet's habits make defensible
(superscripts as indices, a product's bounds read downward, lost vertical bars restored); when
nothing decides it, with its shorthand spelled out (a definition put in, g_t as the gradient,
M_X(t) as E[e^{tX}], an arrow update as a step). It is wrong only when every reading is.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.match.tokens import pretty, tokenize
from cheatsheet.sheets import Formula
from cheatsheet.sheets.conventions import Conventions
from cheatsheet.sheets.definitions import put_in
from cheatsheet.sheets.moment_letters import with_moments
from cheatsheet.latex.plain_as_tex import plain_as_tex
from cheatsheet.sheets.habits import (Habits, bar_sites, descending_bounds, exp_as_power,
                                      gradient_shorthand, gradient_at, gradient_out_of_fraction,
                                      plain_expectation,
                                      index_superscripts, mgf_calls, moments_named, power_as_exp,
                                      restore_bars,
                                      superscript_names, swapped_derivative_variable,
                                      support_sums, update_arrow)
from .caveats import named_chain
from .explain import difference
from .finding import Finding
from .law_function import as_probability, complement, own_words
from .laws import same_way
from .parametrisation import inverse_readings, letter_name, parametrised
from .reach import may_name
from .recorded_words import recorded_as_typed
from cheatsheet.sheets.lagrange import own_notation, skeleton, spelled_out


class Variants:
    """The Decider's readings of one formula (a mixin: it uses the Decider's ``_decide`` and
    ``_finding``)."""

    def decide_stated(self, formula: Formula, conv: Conventions, file: str,
                      habits: Habits) -> Finding:
        """A formula given in place of the sheet's (one part of it, a premise joined to its
        conclusion) decided in every defensible reading, as a formula of the sheet is: the
        entry point of parts.py and premises.py."""
        return self._variants(formula, conv, file, habits)

    def decide_as_typed(self, formula: Formula, conv: Conventions, file: str,
                        latex: str) -> Finding:
        """``latex`` on the formula's place compared only with the forms the catalog records
        (as typed), no generic check."""
        return self._decide(formula, conv, file, latex, known_only=True)

    def _variants(self, formula: Formula, conv: Conventions, file: str, habits: Habits) -> Finding:
        """Decide every defensible reading of the formula as the sheet's habits allow; wrong
        only when every reading is wrong, never where transcription lost characters, nor
        where the law's other parametrisation makes it right (parametrisation.py)."""
        f = self._readings(formula, conv, file, habits)
        if f.verdict != "wrong" or not f.claim or not parametrised(self.catalog[f.claim]):
            return f
        for letter, text in inverse_readings(f.latex if not formula.reading else
                                             formula.reading):
            other = self._inverted_decide(formula, conv, file, text)
            if other.verdict == "ok":
                which = f" as {other.claim}" if other.claim and other.claim != f.claim else ""
                return self._finding(
                    formula, file, "unchecked",
                    f"two parametrisations: it holds{which} with {letter_name(letter)} read as the "
                    f"inverse of the claim's parameter (a rate for a scale, or a scale for a "
                    f"rate), and fails as {f.claim} with {letter_name(letter)} as that claim's "
                    f"parameter", candidates=[c for c in (f.claim, other.claim) if c])
        return f

    def _inverted_decide(self, formula: Formula, conv: Conventions, file: str,
                         text: str) -> Finding:
        """A reading with a parameter inverted, decided: words calling it a rate do not rule
        out a claim with a scale there (only its holding is used: it never refutes)."""
        self.inverted = True
        try:
            return self._decide(formula, conv, file, text)
        finally:
            self.inverted = False

    def _readings(self, formula: Formula, conv: Conventions, file: str,
                  habits: Habits) -> Finding:
        """Every defensible reading of the formula decided, and the one that stands."""
        if any(h.line == formula.line for h in formula.segment.headings):
            # "## Vector by vector (Jacobians, $\partial y_i/\partial x_j$ in row i)": a
            # heading's math says what the section is about, in words the check cannot read
            return self._finding(formula, file, "unchecked",
                                 "it stands in a heading: it names the section's subject")
        written = formula.reading
        latex = written
        if "E" not in conv.symbols:
            latex = plain_expectation(latex) or latex
        if habits.moments:  # \mathsf{M}\xi where the sheet says M is the expectation
            latex = with_moments(latex, habits.moments) or latex
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
            unsettled: list = []
            rewritten = self._rewritten(formula, conv, file, latex, unsettled)
            if rewritten is not None:
                return rewritten
            if unsettled and findings[0][0].reason.startswith(NO_RELATION):
                # w <- w - v states an update, not "no relation": why its step reading stays
                # unchecked is the reason to give
                findings[0] = (unsettled[0], findings[0][1])
        # (a chain the catalog records token for token, refuted by its values, keeps the
        # catalog's reading: a name undefined in it is no reason to doubt its first member)
        named = named_chain(latex) if findings[0][0].verdict == "wrong" and not (
            recorded_as_typed(self.catalog, findings[0][0].claim, latex)
            and findings[0][0].method not in ("scope", "shapes")) else None
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
        if findings[0][0].verdict == "wrong" and (formula.steps or (
                formula.alternatives and findings[0][0].method == "scope")):
            # (alternatives, theta_t = ... or theta_t = ..., are each an equation; but one
            # failing only by a name the claim does not define may be another way of giving
            # the value, which the catalog does not state: it stays unchecked, as before)
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
                   latex: str, unsettled: list | None = None) -> Finding | None:
        """The formula decided with a sheet's shorthand spelled out, each tried in turn when it
        decides nothing as written: names defined just before put in (g'(z) = ... right after
        g(z) = 1/(1 + e^{-z})), g_t as the gradient at the iterate (m_t = beta m_{t-1} +
        (1 - beta) g_t), M_X(t) as the catalog's E[e^{tX}]. None when no reading stands;
        ``unsettled`` gets the unchecked findings of its arrow update read as a step."""
        moments = self._law_moments(formula, conv, file, latex)
        if moments is not None:
            return moments
        written = latex
        # a plain-text formula's own readings (b1 as b_1, rho as Greek) written in TeX first:
        # the TeX a rewrite puts in must not make them products of letters (plain_as_tex.py)
        latex = plain_as_tex(latex)
        moved = gradient_out_of_fraction(latex)
        after = " (with the gradient written after the step size's fraction)"
        rewrites = [  # (the formula rewritten, what the reason adds, the g_t form to tell it in)
            (put_in(latex, conv.definitions) if conv.definitions else None,
             " (with the definition just before it put in)", False),
            (gradient_shorthand(latex) if "g" not in conv.symbols else None, "", written),
            (moved, after, False),
            (gradient_shorthand(moved) if "g" not in conv.symbols and moved else None, after,
             moved),
            (mgf_calls(latex) if "M" not in conv.symbols else None, "", False),
            (update_arrow(latex), f"{_ARROW_SAID}, read as a step from t to t + 1)", False),
            (update_arrow(latex, "t", "t-1"), f"{_ARROW_SAID}, read as a step from t - 1 to t)",
             False),
            (support_sums(latex), " (its sum over the values of a variable read as a sum over "
             "the n points of a finite support)", False),
            (moments_named(latex), " (its variable's mean and variance written mu and sigma^2, "
             "as the claim states them)", False),
            (exp_as_power(latex), " (with exp(x) written e^x)", False),
            (power_as_exp(latex), " (with e^x written exp(x))", False),
        ]
        latex = written
        law = _law_named(formula, conv, latex)
        cdf = as_probability(latex, own_words(formula.segment)) if law else None
        if cdf is not None:  # "CDF: F(x) = ...": P(X <= x), as the CDF claims state it
            said = "is at most" if cdf[2] == "CDF" else "exceeds"
            cdf_said = f" (with {cdf[1]} read as the {cdf[2]}, the probability that the " \
                       f"variable {said} its argument)"
            rewrites.append((cdf[0], cdf_said, False))
        primes = _lagrange(formula, conv, latex)
        if primes is not None:  # (f/g)' = (f'g - fg')/g^2: f and g functions of one variable
            rewrites.append((primes[0], f" (with {', '.join(sorted(primes[2]))} read as "
                                        f"functions of {primes[1]}, a prime as the derivative)",
                             False))
        for text, said, gradient in rewrites:
            if not text:
                continue
            f = self._decide(formula, conv, file, text)
            if primes is not None and text == primes[0]:
                if f.verdict == "wrong" and not f.claim:
                    continue  # (a'b)' = b'a on a sheet whose prime transposes: only a rule
                    # of the catalog, matched surely, decides the spelled-out reading wrong
                if f.claim and not self._same_rule(text, f.claim):
                    continue  # (p + q)' = p' + q' "holds" as the product rule, whose check
                    # only evaluated the formula: the rule credited must state its left side
                if f.expected:
                    f.expected = own_notation(f.expected, primes[1], primes[2])
            if gradient and f.verdict == "wrong" and f.expected:
                _in_own_words(f, gradient, text)
            if cdf is not None and text == cdf[0] and f.expected:
                f.expected = _left_back(f.expected, cdf[1], cdf[2] != "CDF")
                if cdf[2] != "CDF" and f.verdict == "wrong":
                    # (the check's one-line difference is about P(X > t) against the claim's
                    # P(X <= t), which the sheet did not write)
                    f.reason = "differs from the right survival function, 1 minus the law's CDF"
            if _stands(f):
                f.reason += said
                return f
            if unsettled is not None and said.startswith(_ARROW_SAID) \
                    and f.verdict == "unchecked":
                # (no candidates: what it resembles is not worth a second look with the
                # sheet's notation, as the formula stating "no relation" was not)
                unsettled.append(replace(f, reason=f.reason + said, candidates=[]))
        if not law:
            return None
        # F(u) = 1 - e^{-(rho u)^m} under a Weibull law: a rate where the claim has a scale.
        # Only a reading that holds stands: the other parametrisation is never refuted
        for base, said in ((latex, ""), (cdf[0], cdf_said) if cdf else ("", "")):
            for letter, text in inverse_readings(base) if base else ():
                if not may_name(self, formula, conv, text, self._parametrised):
                    continue  # (no claim of a parametrised law within its reach)
                f = self._inverted_decide(formula, conv, file, text)
                if f.verdict == "ok" and f.claim and parametrised(self.catalog[f.claim]) \
                        and not same_way(formula.segment, conv, self.catalog[f.claim].title):
                    # ("rate lambda" said, and it holds only with lambda as a scale: the
                    # words are against that reading, which credits nothing then)
                    f.reason += f"{said} (with {letter_name(letter)} read as the " \
                                "inverse of the claim's parameter: the law in its other " \
                                "parametrisation, a rate for a scale or a scale for a rate)"
                    return f
        return None

    def _parametrised(self, claim_id: str) -> bool:
        return parametrised(self.catalog[claim_id])

    def _law_moments(self, formula: Formula, conv: Conventions, file: str,
                     latex: str) -> Finding | None:
        """A conditional normal law ``p(w | D) = N(m, S)`` decided moment by moment, each as
        the claims stating that moment read it (law_moments.py): wrong when a moment is
        surely wrong and no reading of it holds; ok when both moments hold; None otherwise."""
        from .law_moments import in_the_law, normal_moments, prior_of, readings

        found = readings(latex, self.catalog)
        if not found:
            return None
        var = normal_moments(latex)[0]
        conv = replace(conv, unread_laws=tuple(law for law in conv.unread_laws
                                               if not prior_of(law, var)))
        decided: dict[str, list[Finding]] = {}
        for moment, text, ids in found:
            if not may_name(self, formula, conv, text, ids.__contains__):
                continue  # no decision of this reading can name a claim of the moment
            f = self._decide(formula, conv, file, text)
            if f.verdict != "unchecked" and f.claim in ids:
                decided.setdefault(moment, []).append(f)
        said = {"mean": "its mean (the law's first parameter)",
                "spread": "its covariance (the law's second parameter)"}
        wrong = [m for m, fs in decided.items() if all(f.verdict == "wrong" for f in fs)]
        mixed = [m for m, fs in decided.items() if {f.verdict for f in fs} == {"ok", "wrong"}]
        if mixed:
            return None
        if wrong:
            moment = wrong[0]
            f = decided[moment][0]
            f.reason = f"{said[moment]}: {f.reason}"
            if f.expected:  # the right law, not the claim's equation for its moment
                f.expected = in_the_law(latex, moment, f.expected) or f.expected
            return f
        if len(decided) == 2:  # both moments hold (one left unchecked credits nothing:
            # a covariance written as the precision would pass unseen)
            f = decided["mean"][0]
            f.reason += " (the law read moment by moment: its mean and its covariance hold)"
            return f
        return None

    def _same_rule(self, spelled: str, claim_id: str) -> bool:
        """Does the claim's left side do to its functions what the spelled-out formula's does
        (a product, a ratio, a composition), whatever the letters? A rule's check evaluates the
        formula it is given, so a right formula holds as any rule of like letters."""
        ours, theirs = spelled.split("=", 1), self.catalog[claim_id].latex.split("=", 1)
        return len(ours) == 2 and len(theirs) == 2 and skeleton(ours[0]) == skeleton(theirs[0])


def _law_named(formula: Formula, conv: Conventions, latex: str) -> bool:
    """Do the words in force beside the formula name a law (its line's, its own, its
    headings')?"""
    from .laws import sheet_laws

    seg = formula.segment
    return bool(sheet_laws(" ".join(w for w in (conv.line_words, seg.before, seg.lead,
                                                seg.intro, seg.label) if w),
                           " ".join(seg.heading_path), latex,
                           {k: v for k, v in conv.symbols.items() if k in conv.introduced_here}))


# words of a section about differentiation, where a prime is a derivative (not a transpose)
_CALCULUS = re.compile(r"deriv|differentia|(?:quotient|product|chain|power)\s+rule|calculus",
                       re.I)


def _lagrange(formula: Formula, conv: Conventions, latex: str = ""):
    """The formula in Lagrange's notation spelled out (cheatsheet.sheets.lagrange), where the
    words around it speak of derivatives; else None."""
    if not _CALCULUS.search(f"{conv.line_words} {formula.segment.words()}"):
        return None
    return spelled_out(latex)


def _left_back(expected: str, left: str, survival: bool = False) -> str:
    """A right form found for P(X <= x) = ... (or P(X > x) = ...), told with the sheet's own
    left side (F(x), S(t)); a survival function's from the CDF's form is its complement."""
    split = expected.split("=", 1)
    if len(split) != 2:
        return expected
    right = split[1].strip()
    if survival and not re.search(r">|\\gt\b", split[0]):
        right = complement(right)
    return f"{left} = {right}"


_ARROW_SAID = " (an update written with an arrow"
NO_RELATION = "states no relation"


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


def _own_bar_sites(latex: str) -> int:
    """Lost-bar signatures that need no sheet-wide evidence (paired "\\ " for "\\|")."""
    from cheatsheet.sheets.habits import _MIDDLE, _SPACE_BAR

    spaces = len(_SPACE_BAR.findall(latex))
    return (spaces // 2 if spaces and spaces % 2 == 0 else 0) + len(_MIDDLE.findall(latex))
