"""Issue 13 (part 2), session 12: mutants recorded so that they stay refuted.

The function families carry a constant of either sign (verify/functions.py), and
analysis.convex_any_level draws its levels in (-8, 2): the mutant of convex.max with the larger
weight 1 + lambda on the second point, false only where max(f(y), g(y)) is negative enough, is
refuted on every stream tried (with levels in (-6, 3) and the constant it passed on one of 40)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version
from mutants import decide_mutant

CAT = get_catalog()


def _convex_max_heavier_second_weight() -> str:
    c = CAT["convex.max"].latex
    i = c.rfind(r"1 - \lambda")
    return c[:i] + r"1 + \lambda" + c[i + len(r"1 - \lambda"):]


@pytest.mark.parametrize("stream", range(8))
def test_max_of_convex_functions_with_weight_1_plus_lambda_is_refuted(stream):
    claim = CAT["convex.max"]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        ev = check_version(claim, _convex_max_heavier_second_weight(), claim.declarations,
                           claim.layout, list(claim.assume), seed=0,
                           key=("mutant",) + ((stream,) if stream else ()),
                           symbolic_first=False, thorough=False)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_max_of_convex_functions_itself_still_holds():
    ev = decide_mutant("convex.max", CAT["convex.max"].latex)
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)
