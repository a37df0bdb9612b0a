"""A claim's hypotheses live in `assume`, where `show` and the quiz display them (issue 13),
and a custom check keeps its per-trial function in step with the trials an assumption keeps."""
import re

import numpy as np

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.arrays import Val
from cheatsheet.verify.check import check_version
from cheatsheet.verify.checks.analysis import _Fn

CAT = get_catalog()


def _decide(c, latex, seed=0):
    return check_version(c, latex, c.declarations, c.layout, list(c.assume), seed=seed,
                         key=("hypotheses",), symbolic_first=False, thorough=False)


def test_a_rate_whose_title_fixes_the_step_at_1_over_L_assumes_it():
    titled = [c for c in CAT if re.search(r"step (eta = )?1/L", c.title)]
    assert titled, "the catalog has GD rates titled with their step"
    for c in titled:
        assumed = " ".join(c.assume)
        assert re.search(r"\\eta\s*=\s*\\frac\{1\}\{L\}", assumed), c.id


def test_the_pl_rate_assumes_mu_at_most_L_and_still_holds_and_its_typos_fail():
    c = CAT["pl.gd_linear_rate"]
    assert any(r"\mu" in a and "L" in a for a in c.assume)
    assert _decide(c, c.latex).verdict in ("passed", "proved")
    for wrong in c.wrong:
        assert _decide(c, wrong).verdict == "refuted", wrong


def test_a_function_reading_its_parameters_is_taken_with_the_trials():
    params = {"a": np.arange(5.0)}
    f = _Fn(lambda v, P: Val(v.arr * P["a"]), "x -> a x", params, uses_params=True)
    kept = f.take(np.array([1, 3]))
    out = kept(Val(np.ones(2)))
    assert out.arr.tolist() == [1.0, 3.0]
    # the untaken function still sees every trial
    assert f(Val(np.ones(5))).arr.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
