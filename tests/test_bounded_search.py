"""verify/bounded_search.py: every trial's maximiser found at once, and a law's mode found with
the density evaluated on arrays, not once per trial and point (issue 12: a cold verify spent
~0.5 s in SciPy's per-call overhead for one claim)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from cheatsheet.claims import Claim
from cheatsheet.verify.bounded_search import argmax_bounded
from cheatsheet.verify.check import check_version
from cheatsheet.verify.checks import distributions as D


def test_each_row_gets_its_own_maximiser():
    peak = np.array([-3.0, 0.25, 7.5, 1e-3])
    calls = []

    def f(x):
        calls.append(x.shape)
        return -np.log1p((x - peak) ** 2)  # unimodal, each row around its own peak

    x, fx = argmax_bounded(f, peak - 2.0, peak + 5.0, xatol=1e-10)
    assert np.allclose(x, peak, atol=1e-7)
    assert np.allclose(fx, 0.0, atol=1e-12)
    assert all(shape == peak.shape for shape in calls)  # the whole batch per call
    assert len(calls) < 80


def test_a_nan_value_counts_as_lowest():
    x, _ = argmax_bounded(lambda v: np.where(v > 1.0, np.nan, v), np.zeros(2), np.full(2, 3.0))
    assert np.allclose(x, 1.0, atol=1e-8)


class _Counted:
    """A law whose density counts its calls."""

    def __init__(self, law):
        self.law, self.calls = law, 0

    def pdf(self, x, *p):
        self.calls += 1
        return self.law.pdf(x, *p)

    def __getattr__(self, name):
        return getattr(self.law, name)


def test_chi_squared_mode_with_few_density_calls():
    dof = np.linspace(3.0, 14.0, 40)  # mode k - 2 for k > 2
    law = _Counted(D.LAWS["chi_squared"])
    modes = D.law_modes(law, [dof], dof.size)
    assert np.allclose(modes, dof - 2, rtol=1e-7)
    assert law.calls < 100  # a per-trial search called it thousands of times


def test_a_law_on_the_integers_takes_its_likeliest_atom():
    p = np.array([0.1, 0.45, 0.8])  # geometric on {1, 2, ...}: mode 1 whatever p
    assert np.array_equal(D.law_modes(D.LAWS["geometric"], [p], 3), np.ones(3))


@pytest.mark.parametrize("latex,holds", [
    (r"\operatorname{mode}(X) = k - 2", True),
    (r"\operatorname{mode}(X) = k - 1", False),
    (r"\operatorname{mode}(X) = \frac{k}{2}", False),
])
def test_a_chi_squared_mode_line_is_decided(latex, holds):
    claim = Claim(id="t.chi_mode", topic="t", title="mode", latex=latex,
                  symbols={"X": "rv", "k": "interval(3, 12)"}, check="distributions.chi_squared")
    ev = check_version(claim, latex, claim.declarations, "denominator", [], seed=0,
                       key=("t",), symbolic_first=False, thorough=False)
    assert ev.verdict == ("passed" if holds else "refuted"), ev
