"""Issue 12 speed-ups that must not change what the checks say: the Gaussian MLE found by
Newton's method on the likelihood's own derivatives, and the scope analysis walking each
expression once."""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.latex import parse
from cheatsheet.verify import scope
from cheatsheet.verify.checks import probability
from cheatsheet.verify.parsing import parse_cached


@pytest.mark.parametrize("n, d", probability.MLE_SIZES)
def test_gaussian_mle_is_the_likelihood_maximiser(n, d):
    X = np.random.default_rng(n * 10 + d).normal(size=(12, d, n))
    mu, S = probability.gaussian_mle(X, np.random.default_rng(0))
    mean = X.mean(axis=-1, keepdims=True)
    D = X - mean
    np.testing.assert_allclose(mu, mean, atol=1e-10)
    np.testing.assert_allclose(S, D @ np.swapaxes(D, -1, -2) / n, rtol=1e-9, atol=1e-12)
    # the search sees the likelihood only: n - 1 (the unbiased form) is not its maximiser
    assert np.abs(S - D @ np.swapaxes(D, -1, -2) / (n - 1)).max() > 1e-3


def test_newton_maximises_a_concave_function_that_is_not_quadratic():
    # f(x) = sum_j (a_j log x_j - x_j), maximised at x = a (Newton from 1 overshoots for a < 1/2:
    # the backtracking keeps it where f is finite)
    a = np.array([[0.2, 3.0], [5.0, 0.7]])

    def f(x):
        with np.errstate(all="ignore"):
            return np.where((x > 0).all(-1), (a * np.log(np.abs(x)) - x).sum(-1), -np.inf)

    def derivatives(x):
        return a / x - 1, np.einsum("tm,mk->tmk", -a / x**2, np.eye(2))

    x = probability._newton(f, derivatives, np.ones((2, 2)))
    np.testing.assert_allclose(x, a, rtol=1e-10)


def _fresh(e) -> scope.Uses:
    out = scope.Uses()
    scope._walk(e, frozenset(), out)
    return out


def _same(a: scope.Uses, b: scope.Uses) -> bool:
    return (list(a.values.items()) == list(b.values.items()) and a.entries == b.entries
            and a.functions == b.functions and list(a.bound.items()) == list(b.bound.items())
            and a.indices == b.indices)


@pytest.mark.parametrize("latex", [
    r"y_k = \max_{k=1}^{n} x_k",
    r"\sum_{i=1}^{n} x_i^2 = S + \sum_{j=1}^{n} w_j x_j",
    r"p_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}",
])
def test_uses_of_a_statement_is_one_walk_over_its_sides(latex):
    st = parse(latex)
    one = scope.Uses()
    for r in st.relations:
        for e in (r.lhs, r.rhs):
            scope._walk(e, frozenset(), one)
    assert _same(scope.uses(st), one)
    for r in st.relations:
        assert all(_same(u, _fresh(e)) for u, e in zip(scope._side_uses(r), (r.lhs, r.rhs)))


def test_remembered_walks_match_fresh_ones_on_the_catalog():
    seen = 0
    for claim in list(get_catalog())[::7]:
        try:
            st = parse_cached(claim.latex, claim.declarations, layout=claim.layout)
        except Exception:  # noqa: BLE001 - a claim the reader cannot read has no walk
            continue
        for r in st.relations:
            for e in (r.lhs, r.rhs):
                scope._expr_uses(e)  # remembered once
                assert _same(scope._expr_uses(e), _fresh(e))
                seen += 1
    assert seen > 100
