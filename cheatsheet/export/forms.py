"""What a study card says about a claim: its right form and the wrong forms people write, each
with why it is wrong.  Shared by the exports (Anki today).

Every "wrong" here comes from a check, never from the catalog's ``expect`` fields:

- a sheet's version of the claim is shown as wrong only when the checker refutes it (the same
  decision ``cheatsheet verify`` makes, through its runner: run now, or remembered by its cache
  for the very same claim, seed and engine code);
- a ``wrong`` variant of the claim (a typical slip the catalog records) only when the checker
  refutes it with a counterexample (``check_version``, as the catalog tests do);
- a line of the user's own sheet only when ``cheatsheet audit`` says ``wrong`` (it is then sure
  which claim the line states, and gives the right form in the sheet's symbols).

The reason is one line: the catalog's note on the sheet's line where it has one, else where the
wrong form departs from the right one (the audit's ``difference``); the counterexample is
worded by verify/explain.py, as everywhere else.
"""
from __future__ import annotations

import multiprocessing as mp
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

MAX_VARIANTS = 2  # the catalog's own wrong variants shown per claim (the sheets' come first)


@dataclass
class WrongForm:
    latex: str  # as written (on the sheet, or in the catalog)
    where: str  # "sheets 000 (line 55), 003 (line 12)", "a common slip", "your sheet, line 9"
    reason: str  # one line; may be empty when the difference is too long to say shortly
    evidence: list[str] = field(default_factory=list)  # the counterexample in plain words
    right: str = ""  # the right form in the sheet's symbols (the user's sheet only)


@dataclass
class CardData:
    claim_id: str
    topic: str
    title: str
    legend: str  # what the symbols are (quiz/legend.py), one line
    latex: str  # the canonical form
    wrong: list[WrongForm] = field(default_factory=list)
    refuted_on_sheet: bool = False  # a course sheet states a version the checker refutes
    wrong_on_my_sheet: bool = False  # the audit found the user's sheet wrong on it


# -- deciding: the claim, its sheets' versions, its wrong variants ------------------------------

@dataclass
class Checked:
    result: object  # ClaimResult (canonical evidence, one SourceResult per sheet version)
    variants: list = field(default_factory=list)  # [(latex, Evidence | None)]


_STATE: dict = {}


def _variants_of(claim, seed: int) -> list:
    """[(latex, Evidence | None)] for the claim's first ``MAX_VARIANTS`` wrong variants."""
    from cheatsheet.verify.check import check_version

    out = []
    for k, w in enumerate(claim.wrong[:MAX_VARIANTS]):
        try:  # the key the catalog tests use, so the counterexample is the one they see
            ev = check_version(claim, w, claim.declarations, claim.layout, list(claim.assume),
                               seed=seed, key=("wrong", k), symbolic_first=False,
                               thorough=False)
        except Exception:  # noqa: BLE001 - a variant the checkers trip over is not shown
            ev = None
        out.append((w, ev))
    return out


def _work(i: int):
    import numpy as np

    warnings.simplefilter("ignore")
    with np.errstate(all="ignore"):
        return i, _variants_of(_STATE["claims"][i], _STATE["seed"])


def _all_variants(claims, seed: int, jobs: int, progress) -> list:
    """The variants of every claim, in worker processes forked warm (as verify's runner)."""
    from cheatsheet.verify.runner import _warm_up

    _warm_up()
    out: list = [None] * len(claims)
    _STATE.update(claims=claims, seed=seed)
    try:
        if jobs == 1 or len(claims) < 4 or "fork" not in mp.get_all_start_methods():
            for i in range(len(claims)):
                out[i] = _work(i)[1]
                if progress:
                    progress()
        else:
            with mp.get_context("fork").Pool(jobs) as pool:
                for i, found in pool.imap_unordered(_work, range(len(claims)), chunksize=4):
                    out[i] = found
                    if progress:
                        progress()
    finally:
        _STATE.clear()
    return out


def check_claims(claims, *, seed: int = 0, jobs: int | None = None, cache: bool = True,
                 progress: Callable[[], None] | None = None) -> list[Checked]:
    """Decide each claim and its sheet versions (``cheatsheet verify``'s runner, sharing its
    cache of results unless ``cache`` is off), then its first ``MAX_VARIANTS`` wrong variants;
    results in the claims' order.  ``progress`` is called twice per claim."""
    from cheatsheet.verify.runner import default_jobs, run_claims

    claims = list(claims)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    store = None
    if cache:
        from cheatsheet.verify.cache import open_default

        store = open_default()
    try:
        results = run_claims(claims, seed=seed, jobs=jobs, cache=store,
                             progress=(lambda r: progress()) if progress else None)
    finally:
        if store is not None:
            store.close()
    variants = _all_variants(claims, seed, jobs, progress)
    return [Checked(r, v) for r, v in zip(results, variants)]


# -- wording ------------------------------------------------------------------------------------

def _sheet_label(sheet: str) -> str:
    """``000_502e73dc4320f9fe.txt`` -> ``000`` (the course sheets' numbers)."""
    stem = Path(sheet).stem
    return stem.split("_")[0] if "_" in stem else stem


def _evidence_lines(cx, rename) -> list[str]:
    from cheatsheet.verify.explain import counterexample_lines

    return [x for x in counterexample_lines(cx, rename) if not x.startswith("(seed ")]


def difference(wrong_latex: str, right_latex: str) -> str:
    """Where the wrong form departs from the right one, in one line ('' when it departs in
    too many places to say shortly)."""
    from cheatsheet.match.tokens import tokenize
    from cheatsheet.verify.audit.explain import difference as token_difference

    try:
        text = token_difference(tokenize(wrong_latex), tokenize(right_latex))
    except Exception:  # noqa: BLE001 - the right form beside it says it anyway
        return ""
    # a piece cut through a bracket ("| where max( belongs") says nothing readable
    pairs = ("()", "[]", "{}")
    if any(part.count(a) != part.count(b) for part in text.split("; ") for a, b in pairs):
        return ""
    return text


def _reason(note: str, wrong_latex: str, right_latex: str, cx) -> str:
    if note:
        return note
    diff = difference(wrong_latex, right_latex)
    if diff:
        return diff
    why = (cx or {}).get("why")
    if why:
        from cheatsheet.verify.explain import plain_text

        return plain_text(why)
    return "the two sides differ at the values below"


def _renames(claim, src=None) -> dict:
    from cheatsheet.verify.report import display_names

    try:
        decls = claim.declarations_for(src) if src is not None else claim.declarations
    except Exception:  # noqa: BLE001 - the claim's own names are the next best
        decls = claim.declarations
    return display_names(decls)


def _same_form(a: str, b: str) -> bool:
    from cheatsheet.quiz.render import to_unicode

    try:
        return to_unicode(a) == to_unicode(b)
    except Exception:  # noqa: BLE001
        return a == b


def card_data(claim, checked: Checked) -> CardData:
    """The card of one claim: the sheets' refuted versions (one entry per distinct form, its
    sheets listed), then the catalog's refuted wrong variants not already shown."""
    from cheatsheet.quiz.legend import legend

    wrong: list[WrongForm] = []
    places: dict[int, list[str]] = {}
    result = checked.result
    for src, res in zip(claim.sources, result.sources):
        if res.verdict != "refuted":
            continue
        here = f"{_sheet_label(res.sheet)} (line {res.line})"
        for k, w in enumerate(wrong):
            if _same_form(w.latex, res.latex):
                if here not in places[k]:  # one line may be recorded in several readings
                    places[k].append(here)
                break
        else:
            places[len(wrong)] = [here]
            wrong.append(WrongForm(res.latex, "", _reason(src.note, src.reader_latex,
                                                            claim.latex, res.counterexample),
                                   _evidence_lines(res.counterexample, _renames(claim, src))))
    for k, w in enumerate(wrong):
        names = places[k]
        w.where = ("sheet " if len(names) == 1 else "sheets ") + ", ".join(names)
    refuted_on_sheet = bool(wrong)
    for latex, ev in checked.variants:
        if ev is None or ev.verdict != "refuted" or not ev.counterexample:
            continue
        if any(_same_form(w.latex, latex) for w in wrong):
            continue
        wrong.append(WrongForm(latex, "a common slip",
                               _reason("", latex, claim.latex, ev.counterexample),
                               _evidence_lines(ev.counterexample, _renames(claim))))
    return CardData(claim.id, claim.topic, claim.title,
                    legend(claim.declarations, claim.latex, claim.layout, width_limit=400),
                    claim.latex, wrong,
                    refuted_on_sheet=refuted_on_sheet)


# -- the user's own sheet -----------------------------------------------------------------------

def matched(findings) -> dict[str, list]:
    """The audit's findings that state a catalog claim (ok or wrong, the claim sure), by claim
    id in the order the sheet first states them."""
    out: dict[str, list] = {}
    for f in findings:
        if f.claim and f.verdict in ("ok", "wrong"):
            out.setdefault(f.claim, []).append(f)
    return out


def sheet_wrong_forms(findings, sheet_name: str) -> list[WrongForm]:
    """The sheet's wrong lines for one claim, each beside the right form in its symbols."""
    from cheatsheet.verify.audit.report import counterexample_text

    return [WrongForm(f.latex, f"your sheet {sheet_name}, line {f.line}", f.reason,
                      counterexample_text(f.counterexample), right=f.expected or "")
            for f in findings if f.verdict == "wrong"]


def with_sheet(card: CardData, findings, sheet_name: str) -> CardData:
    """The card with the user's wrong lines first (the audit's findings for its claim)."""
    mine = sheet_wrong_forms(findings, sheet_name)
    card.wrong = mine + card.wrong
    card.wrong_on_my_sheet = bool(mine)
    return card


def audit_sheet(path: str, *, catalog, seed: int = 0, jobs: int | None = None):
    """``cheatsheet audit`` on one sheet, for the study commands (``export anki --sheet``,
    ``quiz --sheet``): the AuditResult, with a transient progress bar on a terminal.  Raises
    SheetError (one line) for a file that cannot be read."""
    import sys

    from cheatsheet.verify.audit.run import audit_files

    if not sys.stderr.isatty():
        return audit_files([path], seed=seed, jobs=jobs, catalog=catalog)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn(f"auditing {Path(path).name}"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("audit", total=None)
        return audit_files([path], seed=seed, jobs=jobs, catalog=catalog,
                           progress=lambda f: bar.update(task, advance=1),
                           on_start=lambda n: bar.update(task, total=n))


def no_match_message(path: str, result) -> str:
    """Why a sheet gives nothing to study: no formula, or none the audit could tie to a claim."""
    s = result.summary()
    if not s["formulas"]:
        return (f"{path}: no formula found (math goes in $...$, $$...$$ or \\[...\\]; "
                f"see cheatsheet audit --help)")
    return (f"{path}: none of its {s['formulas']} formula(s) states a catalog claim the audit "
            f"could match for sure ({s['ok']} ok, {s['wrong']} wrong, {s['unchecked']} "
            f"unchecked; cheatsheet audit --unchecked {path} says why)")
