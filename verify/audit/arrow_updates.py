"""An arrow update with other per-step letters decided as a step in both index conventions.

``s \\leftarrow \\rho s + (1 - \\rho) g^2`` is the step s_t = rho s_{t-1} + (1 - rho) g_t^2 on
a sheet that indexes the gradient by the step's result, and s_{t+1} = rho s_t + (1 - rho) g_t^2
on one that indexes it by its start (cheatsheet/sheets/arrow_steps.py). The arrow says neither,
so a verdict must not depend on the choice: ok when a reading holds and none fails, wrong when
a reading fails surely and none holds (a right update holds in its own convention: the
claim's form, letter for letter); a reading that holds beside one that fails says nothing.
"""
from __future__ import annotations

from dataclasses import replace

from cheatsheet.sheets import Formula
from cheatsheet.sheets.arrow_steps import arrow_steps
from cheatsheet.sheets.habits import update_arrow
from cheatsheet.sheets.conventions import Conventions

from .finding import Finding

_END = {"new": "result", "old": "start"}
_OTHER = {"new": "old", "old": "new"}


def decide_arrow_steps(decider, formula: Formula, conv: Conventions, file: str,
                       latex: str) -> Finding | None:
    """The finding of the arrow update ``latex`` read as a step with its other letters indexed
    (``decider._decide`` on each reading); unchecked, with the reason in those terms, where
    the readings disagree or decide nothing; None when ``latex`` is no arrow update."""
    readings = arrow_steps(latex)
    if not readings:
        if update_arrow(latex) is None:
            return None
        return decider._finding(formula, file, "unchecked",
                                "an update written with an arrow: read as a step from t to "
                                "t + 1, no claim decides it")
    decided = [(_as_step(decider, formula, conv, file, text), names, at)
               for text, names, at in readings]
    ok = [d for d in decided if d[0].verdict == "ok"]
    wrong = [d for d in decided if d[0].verdict == "wrong"
             and d[0].method not in ("scope", "shapes")]
    if ok and any(d[0].verdict == "wrong" for d in decided):
        # one convention holds, the other fails: the arrow does not say which
        _, names, at = ok[0]
        return decider._finding(formula, file, "unchecked",
                                f"an update written with an arrow: read as a step it holds "
                                f"with {names} indexed by the step's {_END[at]}, not by its "
                                f"{_END[_OTHER[at]]}, and the arrow does not say which",
                                candidates=[ok[0][0].claim] if ok[0][0].claim else [])
    if not ok and not wrong:
        near = next((d[0].reason for d in decided if d[0].reason.startswith("resembles ")),
                    None)
        said = f", it {near}" if near else ": no claim decides it"
        return decider._finding(formula, file, "unchecked",
                                "an update written with an arrow, read as a step in either "
                                f"index convention{said}")
    f, names, at = (ok or wrong)[0]
    f.reason += (f" (an update written with an arrow, read as a step, with {names} indexed by "
                 f"the step's {_END[at]}" + (")" if ok else "; no reading of it holds)"))
    return f


def _as_step(decider, formula: Formula, conv: Conventions, file: str, step: str) -> Finding:
    """The formula decided as the step ``step`` (as though the sheet had written it so: the
    readers of the formula's own text see the step), quoted as written."""
    f = decider._decide(replace(formula, latex=step, written=step,
                                segment=replace(formula.segment, latex=step, written=step)),
                        conv, file, step)
    return replace(f, latex=formula.latex, written=formula.written)
