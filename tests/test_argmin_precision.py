"""An arg min found by a search is compared within the precision the search achieved
(verify/extrema.py measures it, numeric.compare widens by it), not within a tolerance each
claim types in: right forms hold at every seed, wrong ones still fail by far."""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations
from cheatsheet.verify import extrema, numeric
from cheatsheet.verify.custom import stream
from cheatsheet.verify.numeric import NumericOptions, check_numeric
from cheatsheet.verify.sampling import Sampler

# a body with a large constant part: its values cannot tell points apart closer than about
# sqrt(rounding * c), far above 1e-6 relative (letters of our own, no claim states this)
SYMBOLS = {"s": "real", "m": "real", "c": "interval(1000, 5000)"}
FLAT = r"\arg\min_s \left[(s - m)^2 + c\right] = m"
FLAT_SCALED = r"\arg\min_s \left[c (s - m)^2 + c^2\right] = m"


def decide(latex, symbols, seed):
    d = Declarations.from_mapping(symbols)
    with np.errstate(all="ignore"):
        return check_numeric(parse(latex, d), Sampler(d), stream(seed, latex),
                             NumericOptions(), seed=seed)


@pytest.mark.parametrize("latex", [FLAT, FLAT_SCALED])
def test_a_right_arg_min_holds_within_the_searchs_precision(latex, monkeypatch):
    for seed in range(3):
        assert decide(latex, SYMBOLS, seed).verdict == "passed"
    # without the widening the same search's imprecision is a false alarm
    monkeypatch.setattr(numeric, "uses_search", lambda e: False)
    assert decide(latex, SYMBOLS, 0).verdict == "refuted"


def test_a_wrong_arg_min_still_fails_by_far():
    # off by 1e-3 relative: the search's precision (about 1e-5 here) does not cover it
    ev = decide(r"\arg\min_s \left[(s - m)^2 + c\right] = 1.001 m", SYMBOLS, 0)
    assert ev.verdict == "refuted"
    ev = decide(r"\arg\min_s \left[(s - m)^2 + c\right] = \frac{m}{2}", SYMBOLS, 0)
    assert ev.verdict == "refuted" and ev.max_error > 0.3


def _quadratic(Q, b):
    """f(v) = -(1/2 v^T Q v - b^T v) on points (..., S, n, 1): extrema's searches maximise."""
    def f(w):
        return -(0.5 * np.einsum("...ik,ij,...jk->...", w, Q, w) - (b.T @ w)[..., 0, 0])
    return f


@pytest.mark.parametrize("cond", [1.0, 1e3, 1e5])
def test_the_vector_precision_covers_a_stopped_search_and_no_more(cond):
    rng = np.random.default_rng(3)
    n = 4
    U = np.linalg.qr(rng.normal(size=(n, n)))[0]
    Q = U @ np.diag(np.geomspace(1.0, 1.0 / cond, n)) @ U.T
    b = rng.normal(size=(n, 1))
    true = np.linalg.solve(Q, b)
    for off in (1e-9, 1e-6, 1e-3):  # a search that stopped this far from the minimiser
        w = (true + off * rng.normal(size=(n, 1)))[None]
        f = _quadratic(Q, b)
        prec = extrema._vector_precision(lambda p: -f(p), w, n)
        err = np.linalg.norm(w[0] - true)
        assert err <= prec, (off, err, prec)  # never below the error: or none at all
        if cond <= 1e3:  # else the differenced Hessian is too rough to say, and prec is inf
            assert prec <= 50 * err + 1e-7 * np.linalg.norm(true), (off, err, prec)


def test_the_real_precision_brackets_the_extremum():
    # (x - a)^2 + c has its minimum at a; the found point x is a little off
    a, c = 0.3, 4000.0
    for off in (0.0, 1e-7, 1e-5):
        x = np.array([a + off])
        f = lambda p: -((p - a) ** 2 + c)  # noqa: E731 - maximised
        d = extrema._real_precision(f, x)[0]
        assert off <= d <= 1e-4, (off, d)
    # a body flat at x (a constant): no distance shows where its extremum is
    assert np.isinf(extrema._real_precision(lambda p: 0 * p - 1.0, np.array([0.5]))[0])


# -- the catalog's arg-min claims: no tolerance of their own ---------------------------------

def _arg_min_claims():
    from cheatsheet.catalog import get_catalog

    return [c for c in get_catalog() if r"\arg" in c.latex]


@pytest.mark.parametrize("claim", _arg_min_claims(), ids=lambda c: c.id)
def test_arg_min_claims_hold_at_the_seeds_that_once_needed_a_wider_tolerance(claim):
    import dataclasses

    from cheatsheet.claims import Claim
    from cheatsheet.verify.check import check_version

    default = next(f.default for f in dataclasses.fields(Claim) if f.name == "rtol")
    assert claim.rtol == default  # the search's precision decides, not a typed tolerance
    for seed in (0, 5, 21):  # ridge.mean_loss failed at 5, krr.dual_solution at 21 (1e-6)
        with np.errstate(all="ignore"):
            ev = check_version(claim, claim.latex, claim.declarations, claim.layout,
                               list(claim.assume), seed=seed, key=("canonical",),
                               symbolic_first=False, thorough=False)
        assert ev.holds, (seed, ev.verdict, ev.detail)
    for wrong in claim.wrong:  # and every wrong form is off by far more than any precision
        with np.errstate(all="ignore"):
            ev = check_version(claim, wrong, claim.declarations, claim.layout,
                               list(claim.assume), seed=0, key=("wrong",),
                               symbolic_first=False, thorough=False)
        assert ev.verdict == "refuted" and ev.max_error > 0.1, (wrong, ev.max_error)
