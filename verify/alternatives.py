"""The defensible readings of one sheet line, and the one verdict they add up to.

A line may be read several ways without anyone's fault: in either matrix-calculus layout where
its sheet does not fix one, with ``\\gamma^{t-1}`` a power or a time index on a sheet that writes
its indices as superscripts, with the vertical bars its transcription lost. The verdict:

* a line that holds in one of the layouts its sheet leaves open holds (it is right in that
  layout, and the sheet did not say otherwise);
* a line that holds only if a superscript is read as an index (or only as a power), or only
  if its derivative is taken by the letter the formula uses in the other case (a lost
  capital: ``\\partial \\mathbf{x}`` before an expression in ``\\mathbf{X}``), is undecided and
  says both readings;
* a line of a sheet that lost its vertical bars, at a place where one could have stood, is
  never refuted: undecided, saying so;
* otherwise the verdict of the plain reading stands, and a refutation needs every reading
  refuted.

`verify` (recorded lines, with data/sheets/context.json) and `cheatsheet audit` (any sheet, with
cheatsheet.sheets) both decide through this.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from cheatsheet.sheets.habits import (Habits, bar_sites, index_superscripts, superscript_names,
                                      swapped_derivative_variable)
from .evidence import Evidence, source_verdict

_DERIVATIVE = re.compile(r"\\partial|\\nabla|\\frac\s*\{\s*d|\bJ\b|\\mathbf\s*\{\s*J\s*\}|"
                         r"\\operatorname\s*\{\s*J")
LOST_BARS = ("its sheet lost vertical bars in transcription at this place, so it cannot be "
             "read as its author wrote it")


@dataclass(frozen=True)
class Reading:
    latex: str
    layout: str
    note: str = ""  # how it differs from the plain reading, for people


def has_derivative(latex: str) -> bool:
    return bool(_DERIVATIVE.search(latex))


def readings(latex: str, layouts: tuple, habits: Habits) -> tuple[list[Reading], list[Reading]]:
    """(readings in the layouts the sheet leaves open, readings with ambiguous superscripts as
    indices). The first of the first list is the plain reading."""
    if habits.superscript_index:
        latex = index_superscripts(latex, habits.superscript_index)
    ways = list(layouts) if has_derivative(latex) else list(layouts[:1])
    plain = [Reading(latex, lay, "" if k == 0 else f"in {lay} layout")
             for k, lay in enumerate(ways)]
    ambiguous = set(superscript_names(latex)) if habits.superscript_index else set()
    alt = []
    if ambiguous:
        names = ", ".join(sorted(n.lstrip("\\") for n in ambiguous))
        alt.append(Reading(index_superscripts(latex, ambiguous), ways[0],
                           f"with the superscript of {names} read as an index"))
    swapped = swapped_derivative_variable(latex)
    if swapped:
        alt.append(Reading(swapped, ways[0], "with the derivative taken by the variable the "
                           "formula uses (the other case of its letter)"))
    return plain, alt


def over_readings(said_first: str, first: Evidence, others: list, of: str = "") -> Evidence:
    """One verdict from a line's reading and the other readings called defensible, each a
    (said, evidence) pair: all refuted is a refutation (the first reading's counterexample), all
    holding holds, and where one holds and another is refuted the line is undecided and says
    both. A reading the checker cannot decide never turns a refutation into a verdict. The one
    home of this rule: recorded versions with ``also`` readings (check.py) and the custom
    checks that compute two readings themselves (an RNN's earlier-state derivative, an earlier
    TD error) decide through it; ``of`` says what has the two readings."""
    if not others:
        return first
    verdicts = [source_verdict(first)] + [source_verdict(ev) for _, ev in others]
    if all(v == "refuted" for v in verdicts) or all(v == "holds" for v in verdicts):
        return first
    if "refuted" in verdicts and "holds" in verdicts:
        held = [note for (note, ev) in others if ev.holds]
        failed = [note for (note, ev) in others if source_verdict(ev) == "refuted"]
        said = (f"read as {held[0]}, it holds; read as {said_first}, it fails"
                if source_verdict(first) == "refuted" else
                f"read as {said_first}, it holds; read as {failed[0]}, it fails")
        return Evidence("undecided", first.method, seed=first.seed,
                        detail=f"two defensible readings{f' of {of}' if of else ''}: {said}")
    # some reading undecided: a refutation needs every reading refuted
    return first if source_verdict(first) != "refuted" else next(
        ev for _, ev in others if source_verdict(ev) == "undecided")


def decide(latex: str, layouts: tuple, habits: Habits,
           check: Callable[[str, str], Evidence]) -> Evidence:
    """One verdict for a line from ``check(latex, layout)`` over its defensible readings."""
    plain, alt = readings(latex, layouts, habits)
    results = []
    for r in plain:
        ev = check(r.latex, r.layout)
        results.append((r, ev))
        if ev.holds:
            if r.note:
                ev.detail = f"holds {r.note}; " + (ev.detail or "")
            return ev
    first = results[0][1]
    refuted = all(ev.verdict == "refuted" and ev.counterexample for _, ev in results)
    for other_reading in alt if refuted else ():
        other = check(other_reading.latex, other_reading.layout)
        if other.holds:
            return Evidence("undecided", first.method, seed=first.seed,
                            detail=f"two readings: it holds {other_reading.note}, but not as "
                                   "written")
    if refuted and habits.lost_bars and bar_sites(latex):
        return Evidence("undecided", first.method, seed=first.seed, detail=LOST_BARS)
    if refuted:
        return first
    return next((ev for _, ev in results if ev.verdict != "refuted"), first)
