"""Deciding one claim: its canonical statement, then every source version with the same check.

Canonical statements go symbolic first (a proof beats any number of trials), then numeric.
Source versions go numeric first: what matters for them is a counterexample when they are wrong,
and a version identical to one already decided reuses that verdict.
"""
from __future__ import annotations

import time

from cheatsheet.claims import Claim, SourceVersion
from cheatsheet.latex.law_statements import LAW_CHECK, LAW_ONLY, has_law_relation
from cheatsheet.symbols import DeclarationError, Declarations
from . import custom, naming, scope, symbolic, undecidable
from .alternatives import over_readings
from .evidence import ClaimResult, Evidence, SourceResult, source_verdict
from .numeric import NumericOptions
from .timelimit import CheckTimeout, work_limit

CLAIM_TIME_LIMIT = 8.0  # seconds of CPU time for one version of a claim; more means "timeout"
WALL_FACTOR = 6  # ... and this many times as long of wall-clock time (timelimit.work_limit)
SYMBOLIC_BUDGET = 1.5  # seconds of CPU time for a SymPy proof (timelimit.cpu_limit)
THOROUGH_FACTOR = 20


def _parse(latex: str, decls: Declarations, layout: str, reader: dict | None = None):
    from .parsing import parse_cached  # sheets repeat formulas; statements are immutable

    return parse_cached(latex, decls, layout=layout, reader=reader)


def check_version(claim: Claim, latex: str, decls: Declarations, layout: str, assume: list,
                  *, seed: int, key: tuple, symbolic_first: bool, thorough: bool,
                  free: tuple = (), reader: dict | None = None) -> Evidence:
    """Decide one version of a claim: the canonical statement, a sheet's line or a wrong variant.

    The one place a version's verdict comes from, in this order: the reader must read it
    (else undecided, saying what it stumbled on); its sizes must fit and its names must be
    defined (else refuted as not well-formed), a relation that only names something
    (``verify/naming.py``) taken as the definition it is; it must be decidable at all (``undecidable``: a
    rate class, an unquantified approximation, a definition, an assignment); then the claim's
    custom check, or SymPy and the numeric check.  ``latex`` is what the reader is given,
    ``decls`` the declarations in force for this version (the claim's and the sheet's),
    ``free`` the names the sheet's words leave free for it (a source's ``exists``), ``reader``
    the reader's options for its sheet (``log_base``, ``superscript_index``: see
    ``cheatsheet.latex.parse``)."""
    start = time.perf_counter()
    if claim.check:
        try:  # load the check modules before the clock starts: imports are not the check's time
            custom.get(claim.check)
        except KeyError as exc:
            return Evidence("error", f"custom:{claim.check}", seed=seed, detail=str(exc))
    try:
        limit = CLAIM_TIME_LIMIT * (5 if thorough else 1)
        with work_limit(limit, WALL_FACTOR):
            ev = _decide(claim, latex, decls, layout, assume, seed=seed, key=key,
                         symbolic_first=symbolic_first, thorough=thorough, free=tuple(free),
                         reader=reader)
    except CheckTimeout:
        ev = Evidence("timeout", "numeric" if claim.check is None else f"custom:{claim.check}",
                      seed=seed, detail=f"no decision within {CLAIM_TIME_LIMIT:g} s of computing")
    except (ValueError, KeyError, TypeError, IndexError, ArithmeticError,
            NotImplementedError, AttributeError) as exc:
        from cheatsheet.latex import LatexError

        if isinstance(exc, LatexError):  # an assumption the reader cannot read
            ev = Evidence("error", "reader", seed=seed, detail=undecidable.unreadable(str(exc)))
        else:  # a check that does not handle this form (not a finding about the line)
            ev = Evidence("error", "check", seed=seed,
                          detail=f"the check could not evaluate this line ({exc})")
    ev.seconds = time.perf_counter() - start
    return ev


def _ill_formed(why: str, decls: Declarations, seed: int, key: tuple, claim_id: str,
                method: str, detail: str) -> Evidence:
    """A formula that is not well-formed is refuted on any instance; show one."""
    import numpy as np

    from .sampling import Sampler, describe_trial

    rng = np.random.default_rng(custom.stream(seed, claim_id, *key))
    try:
        inst = describe_trial(Sampler(decls).sample(rng, 1), 0)
    except Exception:  # noqa: BLE001 - the instance only illustrates; the finding stands
        inst = {}
    cx = {"relation": "(not well-formed)", "why": why, "instance": inst, "seed": seed}
    return Evidence("refuted", method, trials=1, seed=seed, counterexample=cx, detail=detail)


def _undecided(why: str, seed: int) -> Evidence:
    return Evidence("undecided", "undecidable", seed=seed, detail=why)


def _canonical(claim: Claim):
    """The claim's own statement, read once per run (``claim.statement`` read it again beside
    the canonical check's identical reading: ~0.5 s of a cold run)."""
    try:
        return _parse(claim.latex, claim.declarations, claim.layout)
    except Exception:  # noqa: BLE001 - an unreadable canonical statement is reported on its own
        return None


def _decide(claim, latex, decls, layout, assume, *, seed, key, symbolic_first, thorough, free,
            reader=None):
    from cheatsheet.latex import LatexError, LatexShapeError

    why = undecidable.assignment_arrow(latex) or undecidable.lost_delimiter(latex)
    if why:
        return _undecided(why, seed)
    try:
        stmt = _parse(latex, decls, layout, reader)
    except LatexShapeError as exc:
        return _ill_formed(str(exc), decls, seed, key, claim.id, "shapes",
                           "the sizes of the formula do not fit under the declarations")
    except LatexError as exc:
        return _undecided(undecidable.unreadable(str(exc)), seed)
    declared = {d.name for d in decls}
    why = (undecidable.no_relation(stmt, latex, declared)
           or undecidable.plain_expectation(latex, declared))
    if why:
        return _undecided(why, seed)
    canonical = _canonical(claim)
    vocab = scope.vocabulary(decls, canonical, free)
    # a relation that only names what the line goes on to state (``\ell(y, z) = ... = ...``,
    # ``... =: \mu_X``) is a definition: the rest of the line is what is checked
    stmt, named = naming.split(stmt, latex, vocab.defines)
    classes = undecidable.asymptotic_names(latex, declared)
    new = undecidable.defined_name(stmt, vocab.defines)
    problems = scope.problems(stmt, vocab, ignore=classes | set(named) | ({new} if new else set()))
    problems += scope.unused_free(stmt, free)
    if problems:
        return _ill_formed("; ".join(problems), decls, seed, key, claim.id, "scope",
                           "a name in the formula is not defined, or not defined as it is "
                           "used, where it is used")
    why = undecidable.free_names(set(free) & scope.used_names(stmt))
    if why:
        return _undecided(why, seed)
    why = undecidable.reason(stmt, latex, declared=declared, approx_rtol=claim.approx_rtol,
                             defined=vocab.defines, canonical=canonical,
                             custom=bool(claim.check)) or undecidable.sizes_only(stmt, decls)
    if why:
        return _undecided(why, seed)
    assume_rel = tuple(r for a in assume for r in _parse(a, decls, layout, reader).relations)
    options = NumericOptions(trials=claim.trials * (THOROUGH_FACTOR if thorough else 1),
                             rtol=claim.rtol, atol=claim.atol, layout=layout, assume=assume_rel,
                             approx_rtol=claim.approx_rtol)
    ctx = custom.CheckContext(claim.id, decls, options, seed, key,
                              independent=tuple(claim.independent), thorough=thorough)
    if has_law_relation(stmt) != (claim.check == LAW_CHECK):
        # X + Y \sim Pois(a + b) is decided by the law check alone, and that check decides
        # nothing else
        return _undecided(LAW_ONLY if claim.check != LAW_CHECK else
                          "the formula does not say which law an expression follows", seed)
    if claim.check:
        ev = custom.get(claim.check)(stmt, ctx)
        if not ev.method.startswith("custom"):
            ev.method = f"custom:{claim.check}+{ev.method}"
        return ev
    if symbolic_first and claim.method != "numeric" and not assume_rel:
        proved = symbolic.prove(stmt, SYMBOLIC_BUDGET, decls)
        if proved is not None:
            proved.seed = seed
            return proved
    return ctx.numeric(stmt)


def verify_claim(claim: Claim, seed: int = 0, thorough: bool = False) -> ClaimResult:
    start = time.perf_counter()
    try:
        decls = claim.declarations
    except DeclarationError as exc:
        ev = Evidence("error", "declarations", detail=str(exc))
        return ClaimResult(claim.id, claim.topic, claim.title, claim.latex, ev, [])
    canonical = check_version(claim, claim.latex, decls, claim.layout, claim.assume,
                              seed=seed, key=("canonical",), symbolic_first=True,
                              thorough=thorough)
    if canonical.verdict == "undecided":  # the catalog's own statement must be decidable
        canonical = Evidence("error", canonical.method, seed=seed,
                             detail=f"the canonical statement cannot be decided: "
                                    f"{canonical.detail}")
    results = []
    memo: dict[tuple, Evidence] = {}
    for k, src in enumerate(claim.sources):
        results.append(_check_source(claim, src, k, canonical, memo, seed, thorough))
    res = ClaimResult(claim.id, claim.topic, claim.title, claim.latex, canonical, results)
    res.seconds = time.perf_counter() - start
    return res


def check_source(claim: Claim, k: int, seed: int = 0, thorough: bool = False) -> Evidence:
    """The evidence for the claim's source version ``k``, decided exactly as ``verify_claim``
    decides it (same inputs, key and seed, so the same counterexample): in every reading its
    sheet leaves open (verify/alternatives.py; the sheet's context from sheet_context.py)."""
    from .alternatives import decide
    from .sheet_context import line_context

    src = claim.sources[k]
    try:
        decls = claim.declarations_for(src)
    except DeclarationError as exc:
        return Evidence("error", "declarations", detail=str(exc))
    assume = list(claim.assume) + list(src.assume)

    def check(latex: str, layout: str) -> Evidence:
        return check_version(claim, latex, decls, layout, assume, seed=seed,
                             key=("source", src.sheet, src.line, k), symbolic_first=False,
                             thorough=thorough, free=tuple(src.exists))

    ctx = line_context(src.sheet, src.line)

    def one(latex: str) -> Evidence:
        if ctx is None:  # a sheet the context file does not know: read as the claim is
            return check(latex, claim.layout)
        layouts = tuple(sorted(ctx.layouts, key=lambda lay: lay != claim.layout))
        return decide(latex, layouts, ctx.habits, check)

    return over_readings(src.notation or "written", one(src.reader_latex),
                          [(alt["notation"], one(alt["read_as"])) for alt in src.also])


def _check_source(claim: Claim, src: SourceVersion, k: int, canonical: Evidence, memo: dict,
                  seed: int, thorough: bool) -> SourceResult:
    layout = src.layout or claim.layout
    assume = list(claim.assume) + list(src.assume)
    latex = src.reader_latex
    memo_key = (latex, tuple(sorted(src.symbols.items())), layout, tuple(assume),
                tuple(src.exists), tuple(alt["read_as"] for alt in src.also))
    if memo_key in memo:
        ev = memo[memo_key]
    elif (latex == claim.latex and not src.symbols and layout == claim.layout
          and assume == list(claim.assume) and not src.exists and not src.also):
        ev = canonical  # the canonical statement holds, in its own layout at least
    else:
        ev = check_source(claim, k, seed, thorough)
    memo[memo_key] = ev
    verdict = source_verdict(ev)
    note = src.note
    if verdict == "undecided":
        note = (note + "; " if note else "") + (ev.detail or ev.verdict)
    return SourceResult(src.sheet, src.line, src.latex, verdict, ev.counterexample if
                        verdict == "refuted" else None, note=note, evidence=ev)
