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
from difflib import SequenceMatcher

from cheatsheet.match import Candidate, Matcher, is_label, split_relation
from cheatsheet.match.align import same_after_renaming, unit_texts
from cheatsheet.match.tokens import Tok, keys, pretty, rebuild, tokenize
from cheatsheet.sheets import Formula
from cheatsheet.sheets.conventions import Conventions
from cheatsheet.sheets.formulas import has_relation
from ..check import check_version
from ..evidence import Evidence
from ..parsing import parse_cached
from ..timelimit import CheckTimeout, time_limit
from cheatsheet.sheets.habits import (Habits, bar_sites, index_superscripts, restore_bars,
                                      superscript_names, swapped_derivative_variable)
from .finding import Finding
from .readings import Reading, reading_for

FORMULA_TIME_LIMIT = 6.0  # seconds for all checks of one formula
SURE_SCORE = 0.8  # structural similarity above which a near form counts as the same formula
SURE_EVIDENCE = 3.5
HOLD_SCORE = 0.7  # a formula that holds as a claim it resembles this much is that claim
_TRIVIAL = {"(", ")", "[", "]", ",", "_", "^", "=", "+", "-", "{", "}", "|", "."}
# O(...) is a growth class wherever it stands; Theta/Omega only right after a relation
# (T(n) = \Theta(n^2)), since elsewhere they name functions (a regulariser \Omega(\theta))
_ASYMPTOTIC = re.compile(r"(?<![A-Za-z\\])(\\mathcal\s*\{\s*O\s*\}|O|\\tilde\s*\{?\s*"
                         r"(O|\\mathcal\s*\{\s*O\s*\})\s*\}?)\s*(\\left|\\big)?\s*\("
                         r"|(=|\\in|\\le|\\leq|\\ge|\\geq)\s*\\(Theta|Omega)\s*(\\left)?\s*\(")


def informative(toks: list[Tok]) -> int:
    """How many tokens say something beyond letters and brackets (operators, functions)."""
    return sum(1 for k in keys(toks) if k != "ι" and k not in _TRIVIAL)


def _reading_adds(entry) -> bool:
    """Does the catalog read this recorded form with more than its LaTeX says (the words of
    its own sheet: "satisfies the first condition but not the second")? Then the form alone
    does not carry its verdict to another sheet."""
    if entry.reading == entry.latex:
        return False
    from cheatsheet.sheets.formulas import RELATION

    return len(RELATION.findall(entry.reading)) != len(RELATION.findall(entry.latex))


_INDEX_LETTERS = set("ijklmnrst")  # indices and counters: renaming one says nothing


def renamed_share(c: Candidate) -> float:
    """Share of the formula's symbols that had to be renamed to read it as the claim (an index
    renamed to another index does not count)."""
    pairs = [(s, f) for s, f in c.mapping.items()
             if not (s in _INDEX_LETTERS and f in _INDEX_LETTERS)]
    if not pairs:
        return 0.0
    return sum(1 for s, f in pairs if s != f) / len(pairs)


def _plain(latex: str) -> str:
    from cheatsheet.quiz.render import to_unicode

    try:
        return to_unicode(latex)
    except Exception:  # noqa: BLE001 - a name the renderer cannot show is shown as written
        return latex


class Decider:
    def __init__(self, catalog, matcher: Matcher, *, seed: int = 0):
        self.catalog = catalog
        self.matcher = matcher
        self.seed = seed
        self._memo: dict[tuple, Evidence] = {}

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
        except Exception as exc:  # noqa: BLE001 - one formula must never end the audit
            f = self._finding(formula, file, "unchecked",
                              f"the checker failed on this formula ({type(exc).__name__})")
        f.seconds = time.perf_counter() - start
        return f

    def _finding(self, formula: Formula, file: str, verdict: str, reason: str, **kw) -> Finding:
        return Finding(file, formula.line, formula.latex, verdict, reason, **kw)

    def _variants(self, formula: Formula, conv: Conventions, file: str, habits: Habits) -> Finding:
        """Decide every defensible reading of the formula as the sheet's habits allow; wrong
        only when every reading is wrong, never where transcription lost characters."""
        latex = formula.reading
        if habits.superscript_index:
            latex = index_superscripts(latex, habits.superscript_index)
        variants = [(latex, "")]
        others = set(superscript_names(latex)) if habits.superscript_index else set()
        if others:
            variants.append((index_superscripts(latex, others),
                             f"reading {', '.join(sorted(others))} with a superscript index"))
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
                return self._finding(formula, file, "unchecked",
                                     f"{base}; with them restored it holds ({f.claim})",
                                     candidates=[f.claim] if f.claim else [])
            return self._finding(formula, file, "unchecked",
                                 f"{base}, so it cannot be read as the author wrote it")
        findings = [(self._decide(formula, conv, file, text), note) for text, note in variants]
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

    def _decide(self, formula: Formula, conv: Conventions, file: str, latex: str) -> Finding:
        if not latex.strip():
            return self._finding(formula, file, "unchecked", "empty formula")
        if _asymptotic(latex):
            return self._finding(formula, file, "unchecked",
                                 "an asymptotic (big-O) statement without constants: no "
                                 "finite instance decides it")
        try:
            toks = tokenize(latex)
        except Exception:  # noqa: BLE001 - the tokeniser never fails on text, but be safe
            return self._finding(formula, file, "unchecked", "the reader cannot split it")
        related = has_relation(latex)
        cands = self.matcher.candidates(latex, formula.segment.words(), toks=toks)
        cands = [c for c in cands if self._worth_checking(c, toks, related)]
        outcomes = []
        for c in cands:
            out = self._try(c, conv)
            if out is not None:
                outcomes.append(out)
            if out is not None and out[1] == "holds":
                break
        ids = [c.claim_id for c in cands]
        held = self._held(toks, outcomes, related)
        if held is not None:
            c, ev = held
            return self._finding(formula, file, "ok",
                                 f"holds: {self.catalog[c.claim_id].title.lower()}",
                                 claim=c.claim_id, method=ev.method)
        from .generic import generic_check

        g = generic_check(latex, conv, self.seed) if related else None
        if g is not None and g.verdict != "wrong":
            # holds on its own (or holds in a kinder reading): no claim's refutation stands
            return self._finding(formula, file, g.verdict, g.reason, method=g.method,
                                 candidates=ids)
        sure = self._surely_refuted(toks, outcomes)
        if sure is not None:
            c, ev, reading = sure
            return self._wrong(formula, file, c, ev, reading)
        if g is not None:  # wrong on its own, in every reading
            best = self._best_refuted(outcomes)
            return self._finding(formula, file, "wrong", g.reason, method=g.method,
                                 counterexample=g.counterexample, candidates=ids,
                                 claim=best[0].claim_id if best else None,
                                 expected=expected_form(best[0], self.catalog[best[0].claim_id])
                                 if best else None)
        refuted = [o for o in outcomes if o[1] == "refuted"]
        if refuted:
            c, _, ev, _, reading = refuted[0]
            why = self._sure_wrong(c, toks, reading, ev)[1]
            return self._finding(formula, file, "unchecked",
                                 f"resembles {c.claim_id} and fails its check, but the match is "
                                 f"not sure ({why})", candidates=ids)
        if not related:
            return self._finding(formula, file, "unchecked",
                                 "states no relation (a name, a set or an expression on its own)")
        if cands:
            names = ", ".join(dict.fromkeys(ids[:3]))
            why = (outcomes[0][3] if outcomes else "") or "the claims it resembles do not read it"
            return self._finding(formula, file, "unchecked",
                                 f"not sure which claim this states ({names}): {why}",
                                 candidates=ids)
        return self._finding(formula, file, "unchecked", "no claim of the catalog states this")

    def _worth_checking(self, c: Candidate, toks, related: bool) -> bool:
        """Only candidates whose check could lead to a verdict are checked: a holding one must
        be close (HOLD_SCORE), a refuted one sure; a formula with no relation of its own (a
        table cell) needs words naming the claim, or must repeat a recorded form."""
        known = same_after_renaming(c.sheet_tokens, c.form_tokens, c.mapping)
        if not related:
            return known or (c.mode == "label" and self._sure(c, toks))
        return known or c.score >= HOLD_SCORE

    def _held(self, toks, outcomes, related):
        """(candidate, evidence) of a claim the formula states and satisfies, or None."""
        if not outcomes:
            return None
        best = max(outcomes, key=lambda o: o[0].rank)
        for c, verdict, ev, _, _ in outcomes:
            if verdict == "holds" and c.rank >= best[0].rank - 0.15 and c.score >= HOLD_SCORE \
                    and (related or self._sure(c, toks)):
                return c, ev
        return None

    def _surely_refuted(self, toks, outcomes):
        """(candidate, evidence, reading) of the claim the formula surely states and fails."""
        if any(o[1] == "holds" for o in outcomes):
            return None
        for c, verdict, ev, _, reading in outcomes:
            if verdict == "refuted" and self._sure_wrong(c, toks, reading, ev)[0]:
                return c, ev, reading
        return None

    @staticmethod
    def _best_refuted(outcomes):
        """The closest refuted candidate, when it is close enough to offer its right form."""
        refuted = [o for o in outcomes if o[1] == "refuted" and o[0].score >= SURE_SCORE]
        return max(refuted, key=lambda o: o[0].rank) if refuted else None

    # ------------------------------------------------------------------ one candidate
    def _try(self, c: Candidate, conv: Conventions):
        """(candidate, holds|refuted|undecided, evidence, why, reading) or None (no reading)."""
        claim = self.catalog[c.claim_id]
        modes = [c.mode]
        if c.mode == "whole":
            split = split_relation(c.sheet_tokens)
            if split is not None and is_label(split[0]):
                modes.append("label")  # M_X(t) = ...: the left side may only name the claim's
        result = None
        for mode in modes:
            reading = reading_for(c, claim, conv.symbols, conv.layouts, mode=mode)
            if reading is None:
                continue
            layouts = reading.layouts if _has_derivative(reading.latex) else reading.layouts[:1]
            evs = [self._check(claim, reading, layout) for layout in layouts]
            if any(ev.holds for ev in evs):
                return c, "holds", next(ev for ev in evs if ev.holds), "", reading
            if all(ev.verdict == "refuted" and ev.counterexample for ev in evs):
                return c, "refuted", evs[0], "", reading
            if result is None:
                ev = next((e for e in evs if e.verdict != "refuted"), evs[0])
                result = c, "undecided", ev, _why(ev), reading
        return result

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
            except Exception as exc:  # noqa: BLE001 - a reading the engine trips on decides nothing
                ev = Evidence("error", "check", seed=self.seed,
                              detail=f"the check could not evaluate this reading ({type(exc).__name__})")
            self._memo[key] = ev
        return self._memo[key]

    # ------------------------------------------------------------------ confidence
    def _sure(self, c: Candidate, toks) -> bool:
        """Enough to call a formula with no relation of its own (a table cell) the claim's:
        close to it, and the words around name it (the shorter the cell, the more clearly)."""
        info = informative(toks)
        return c.score >= SURE_SCORE and ((info >= 3 and c.words >= 0.5)
                                           or (info >= 2 and c.words >= 0.75))

    def _sure_wrong(self, c: Candidate, toks, reading: Reading, ev: Evidence) -> tuple[bool, str]:
        """Is the refuted candidate surely the claim the formula states?

        A form the catalog knows, typed again (up to renaming), is sure. Otherwise the evidence
        adds up: structural closeness, the words around naming the claim, names kept as the
        claim writes them, an informative side that agrees with the claim's, and a formula long
        enough to tell claims apart. A refutation by scope or sizes only says the reading does
        not fit, so it counts only for a known form."""
        info = informative(toks)
        renamed = renamed_share(c)
        known = (c.mode == "whole" and c.entry.kind != "canonical" and info >= 2
                 and same_after_renaming(c.sheet_tokens, c.form_tokens, c.mapping)
                 and (renamed == 0 or (renamed <= 0.5 and c.words >= 0.5))
                 and (not _reading_adds(c.entry) or c.words >= 0.5))
        if known:
            return True, "a known wrong form"
        extra = _undeclared(reading)
        if extra:
            return False, f"it uses {', '.join(extra)}, which the claim does not speak of"
        if ev.method == "scope" and not (renamed == 0 and c.score >= 0.9):
            # an undefined name in the student's own names is an error; renamed into the
            # claim's it may only mean the renaming is wrong
            return False, "its symbols do not fit the claim's"
        if ev.method == "shapes" and not self._ill_formed_as_written(reading):
            # sizes that clash under the claim's declarations but not in the formula's own
            # notation (1 - z for a vector z) may be a notation the claim does not share
            return False, "its sizes fit as the sheet writes them, not as the claim declares"
        if c.score < SURE_SCORE:
            return False, "the formula differs from it in many places"
        evidence = (1.5 * c.words + (1.0 - renamed) + min(info, 8) / 8
                    + (1.5 if c.score >= 0.95 else 1.0 if c.score >= 0.9 else 0.5))
        if ev.method == "shapes":
            evidence += 1.0  # ill-formed in its own notation and in the claim's
        if c.mode == "label":
            evidence += 1.0 if c.words >= 0.5 else 0.0
        elif self._anchored(c, reading):
            evidence += 2.0
        if evidence >= SURE_EVIDENCE:
            return True, "close to the claim"
        if c.words < 0.25:
            return False, "the words around it do not name the claim"
        if renamed > 0.5:
            return False, "most symbols would have to be renamed"
        return False, "neither side agrees with the claim's"

    def _ill_formed_as_written(self, reading: Reading) -> bool:
        """Do the sizes clash in the formula's own notation too (bold lower case a vector,
        bold capital a matrix), in every layout it may be read in?"""
        from cheatsheet.latex import LatexError, LatexShapeError

        text, symbols = reading.own
        for layout in reading.layouts:
            try:
                parse_cached(text, dict(symbols), layout=layout)
            except LatexShapeError:
                continue
            except (LatexError, ValueError, TypeError):
                return False
            return False
        return True

    def _anchored(self, c: Candidate, reading: Reading) -> bool:
        """Does one side of the reading agree with the same side of the claim?"""
        import sympy as sp

        from cheatsheet.latex import LatexError
        from cheatsheet.statement import Relation, Statement

        claim = self.catalog[c.claim_id]
        try:
            mine = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
            canon = parse_cached(claim.latex, reading.decls, layout=claim.layout)
        except (LatexError, ValueError, TypeError):
            return False
        if not mine.relations or not canon.relations:
            return False
        pairs = [(mine.relations[0].lhs, canon.relations[0].lhs),
                 (mine.relations[-1].rhs, canon.relations[-1].rhs)]
        for a, b in pairs:
            if isinstance(b, (sp.Symbol, sp.MatrixSymbol, sp.Indexed)) or b.is_number:
                continue  # a bare name (o = ..., \hat\mu = ...) agrees with anything renamed to it
            if a == b:
                return True
            stmt = Statement((Relation(a, "=", b),), premises=mine.premises)
            ev = self._side_check(claim, stmt, reading)
            if ev is not None and ev.holds:
                return True
        return False

    def _side_check(self, claim, stmt, reading: Reading):
        """Do two sides agree? Decided as the claim decides (its custom check gives meaning to
        what only it computes: an entropy, a network's output)."""
        from .. import custom
        from ..custom import CheckContext
        from ..numeric import NumericOptions

        try:
            opts = NumericOptions(trials=24, rtol=claim.rtol, atol=claim.atol,
                                  layout=reading.layouts[0])
            ctx = CheckContext(claim.id, reading.decls, opts, self.seed, ("anchor",),
                               independent=tuple(claim.independent))
            if claim.check:
                return custom.get(claim.check)(stmt, ctx)
            return ctx.numeric(stmt)
        except CheckTimeout:
            raise
        except Exception:  # noqa: BLE001 - a comparison the check cannot make anchors nothing
            return None

    def _wrong(self, formula, file, c: Candidate, ev: Evidence, reading: Reading) -> Finding:
        claim = self.catalog[c.claim_id]
        right = expected_tokens(c, claim)
        expected = pretty(right)
        reason = difference(c.sheet_tokens, right)
        note = ""
        if c.entry.kind == "source" and c.score >= 0.999:
            note = claim.sources[c.entry.source].note
        reason = note or reason or "the two sides differ"
        return self._finding(formula, file, "wrong", reason, claim=c.claim_id,
                             expected=expected, method=ev.method,
                             counterexample=plain_counterexample(ev.counterexample,
                                                                 reading.names_back))


def _asymptotic(latex: str) -> bool:
    m = _ASYMPTOTIC.search(latex)
    if not m:
        return False
    cls = m.group(5) if m.lastindex and m.lastindex >= 5 else None
    return not cls or latex.count("\\" + cls) == 1  # \Omega used twice names a function


def _undeclared(reading: Reading) -> list[str]:
    """Names the reading uses that the claim neither declares nor binds (Δ in Δx, a letter
    the renaming did not place): the check then compares with a free value, which says
    nothing about the student's formula."""
    from cheatsheet.latex import LatexError

    try:
        st = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
    except (LatexError, ValueError, TypeError):
        return []
    import sympy as sp

    known = {d.name for d in reading.decls} | {"e", "pi"}
    written = {t.ident for t in tokenize(reading.latex) if t.ident}
    out = set()
    for sym in st.free_symbols:
        name = str(sym.base) if isinstance(sym, sp.Indexed) else getattr(sym, "name", None)
        if name and name in written and name not in known:
            out.add(_plain(name))
    return sorted(out)


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


def _closest_piece(latex: str, toks: list[Tok]) -> str:
    """The statement of a multi-statement claim (Adam's m, v, m-hat... updates) that the
    sheet's formula corresponds to."""
    from rapidfuzz import fuzz

    from cheatsheet.sheets import Segment, formulas_of

    pieces = [f.latex for f in formulas_of(Segment(latex, 1, False))]
    if len(pieces) <= 1:
        return latex
    mine = " ".join(keys(toks))
    return max(pieces, key=lambda p: fuzz.ratio(mine, " ".join(keys(tokenize(p)))))


def expected_tokens(c: Candidate, claim) -> list[Tok]:
    """The claim's canonical form (the statement of it that corresponds to the formula) in the
    sheet's symbols where they correspond; for a sheet that only names the claim's left side,
    the sheet's left side with the right form of the rest."""
    back = {form: sheet for sheet, form in c.mapping.items()}
    sheet_text = unit_texts(c.sheet_tokens)
    canon = tokenize(_closest_piece(claim.latex, c.sheet_tokens))
    out = []
    for t in canon:
        if t.ident is not None and t.ident in back:
            out.append(Tok(sheet_text.get(back[t.ident], t.raw), "", back[t.ident]))
        else:
            out.append(t)
    if c.mode == "label":
        mine, theirs = split_relation(c.sheet_tokens), split_relation(out)
        if theirs is not None:
            return mine[0] + theirs[1] + theirs[2] if mine else theirs[2]
    return out


def expected_form(c: Candidate, claim) -> str:
    return pretty(expected_tokens(c, claim))


def difference(sheet: list[Tok], expected: list[Tok]) -> str:
    """One line saying where the sheet's formula departs from the right one, compared on
    notation-free tokens (\dfrac and \frac, [ and ( are alike) and shown as the sheet writes
    it; empty when the two differ in too many places to say it shortly."""
    def visible(toks):
        return [t for t in toks if t.norm or t.ident is not None]

    a, b = visible(sheet), visible(expected)
    ka = [t.ident or t.key for t in a]
    kb = [t.ident or t.key for t in b]
    ops = [o for o in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes() if o[0] != "equal"]
    if not ops or len(ops) > 3:
        return ""
    parts = []
    for op, i1, i2, j1, j2 in ops:
        scripted = (b[j1:j2] if op == "insert" else a[i1:i2])[:1]
        if op in ("insert", "delete") and scripted and scripted[0].raw.startswith(("^", "_")) \
                and i1 and j1:
            op, i1, j1 = "replace", i1 - 1, j1 - 1  # an exponent: show it on its base
        mine, right = _plain(pretty(a[i1:i2])), _plain(pretty(b[j1:j2]))
        if op == "replace":
            parts.append(f"{mine} where {right} belongs")
        elif op == "delete":
            parts.append(f"{mine} should not be there")
        else:
            parts.append(f"{right} is missing")
    return "; ".join(parts)


def plain_counterexample(cx: dict | None, names_back: dict[str, str]) -> dict | None:
    """The check's counterexample with the sheet's names for the symbols."""
    if not cx:
        return None
    values = {}
    for name, value in (cx.get("instance") or {}).items():
        if name not in names_back:
            continue  # the check's own helpers (evaluation points, sizes of its tables)
        values[_plain(names_back[name])] = value
    out = {"values": values, "left": cx.get("lhs"), "right": cx.get("rhs")}
    if cx.get("why"):
        out["why"] = cx["why"]
    return out
