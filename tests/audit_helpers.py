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


@lru_cache(maxsize=1)
def matcher():
    from cheatsheet.match import Matcher

    return Matcher(catalog())


@lru_cache(maxsize=1)
def decider():
    from cheatsheet.verify.audit.decide import Decider

    return Decider(catalog(), matcher(), seed=0)


def audit_text(text: str, name: str = "sheet.md"):
    """Findings for a sheet given as text, in the sheet's order (what ``audit`` computes, with
    the session's decider)."""
    from cheatsheet.verify.audit.run import jobs_of

    d = decider()
    out = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for job in jobs_of(name, text):
            out.append(d.decide(job.formula, job.conv, job.file, job.habits))
    return out


def one(text: str, name: str = "sheet.md"):
    """The finding of the only formula of a sheet."""
    (finding,) = audit_text(text, name)
    return finding
