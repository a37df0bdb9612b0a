"""The survival function at many times of each trial (the nodes of the quadratures behind the
cumulative hazard and the mean lifetime) is taken in one pass along the sorted times, not by a
quadrature from 0 for each time (issue 12): as exact as the closed forms allow, and with far
fewer values of the density."""
from __future__ import annotations

import numpy as np

from cheatsheet.verify.checks.survival import _Law, gompertz_density, weibull_density


def _counting(density):
    """The density, counting the points it is evaluated at."""
    seen = [0]

    def make(**params):
        f = density(**params)

        def g(x):
            seen[0] += np.size(x)
            return f(x)
        return g
    return make, seen


def test_many_times_agree_with_the_closed_form_in_any_order():
    rng = np.random.default_rng(7)
    a, b = rng.uniform(0.2, 1.5, 6), rng.uniform(0.2, 1.5, 6)
    law = _Law(gompertz_density, {"a": a, "b": b}, "Gompertz")
    u = rng.uniform(0.0, 4.0, (6, 30))  # unsorted, as an integrand's arguments may come
    exact = np.exp(-(a / b)[:, None] * np.expm1(b[:, None] * u))
    assert np.abs(law.S(u) - exact).max() < 1e-14
    c, s = rng.uniform(0.6, 2.5, 6), rng.uniform(0.5, 2.0, 6)
    law = _Law(weibull_density, {"k": c, "lam": s}, "Weibull")
    exact = np.exp(-(u / s[:, None]) ** c[:, None])
    assert np.abs(law.S(u) - exact).max() < 1e-11


def test_the_cumulative_hazard_needs_few_density_values():
    make, seen = _counting(weibull_density)
    c, s = np.array([1.5, 2.5]), np.array([1.2, 0.8])
    law = _Law(make, {"k": c, "lam": s}, "Weibull")
    v = np.array([0.7, 1.9])
    H = law.H(v)
    assert np.allclose(H, (v / s) ** c, rtol=1e-8)
    # one graded quadrature (31 panels of 12 points) for each of the 64 nodes would be ~24 000
    # values per trial
    assert seen[0] / len(v) < 5000, seen[0]
