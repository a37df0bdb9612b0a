"""One catalog, matcher and decider for all audit tests (built once per test session).

The matcher's index and the decider's memo are what make auditing many small sheets cheap:
a sheet renamed or reordered reads its formulas as the same claims, so their checks are
looked up, not run again.
"""
from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def catalog():
    from cheatsheet.catalog import get_catalog

    return get_catalog()


def claim_verdict(claim_id: str, latex: str, seed: int = 3) -> str:
    """The claim's own check on ``latex`` in its declarations (numeric, one seed): what a
    test of a new claim's canonical form and recorded wrong forms asks."""
    from cheatsheet.verify.check import check_version

    c = catalog()[claim_id]
    return check_version(c, latex, c.declarations, c.layout, list(c.assume), seed=seed,
                         key=(claim_id,), symbolic_first=False, thorough=False).verdict


def assert_canonical_holds_and_wrong_forms_fail(claim_id: str, seed: int = 3) -> None:
    """A new claim's first test: its canonical form holds and each recorded wrong form is
    refuted by its own check (the failure names the wrong form)."""
    c = catalog()[claim_id]
    assert claim_verdict(c.id, c.latex, seed=seed) in ("passed", "proved")
    for wrong in c.wrong:
        assert claim_verdict(c.id, wrong, seed=seed) == "refuted", wrong


@lru_cache(maxsize=1)
def matcher():
    from cheatsheet.match import Matcher

    return Matcher(catalog())


@lru_cache(maxsize=1)
def decider():
    from cheatsheet.verify.audit.decide import Decider

    return Decider(catalog(), matcher(), seed=0)


@lru_cache(maxsize=4)
def decider_without(sheets: tuple):
    """A decider whose matcher does not know these sheets' recorded lines (leave one out)."""
    from cheatsheet.match import Matcher
    from cheatsheet.verify.audit.decide import Decider

    return Decider(catalog(), Matcher(catalog(), exclude_sheets=list(sheets)), seed=0)


def audit_text(text: str, name: str = "sheet.md", without: tuple = ()):
    """Findings for a sheet given as text, in the sheet's order (what ``audit`` computes, with
    the session's decider, or one that has not seen the sheets ``without``)."""
    from cheatsheet.verify.audit.run import jobs_of

    d = decider_without(tuple(without)) if without else decider()
    out = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for job in jobs_of(name, text):
            out.append(d.decide(job.formula, job.conv, job.file, job.habits))
    return out


def both_passes(text: str, name: str = "sheet.md") -> list:
    """What ``audit`` finds: the first pass, then the second with the sheet's notation (the
    renamings and sizes its credited lines confirm: verify/audit/notation.py)."""
    from cheatsheet.verify.audit.notation import second_pass
    from cheatsheet.verify.audit.run import jobs_of

    jobs = jobs_of(name, text)
    first = audit_text(text, name)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return second_pass(first, jobs, decider())


def one(text: str, name: str = "sheet.md"):
    """The finding of the only formula of a sheet."""
    (finding,) = audit_text(text, name)
    return finding
