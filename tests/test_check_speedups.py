"""Issue 12 speed-ups that must not change what the checks say: the Gaussian MLE (and GDA's
class means and shared covariance) found by Newton's method on the likelihood's own
derivatives, and the scope analysis walking each expression once."""
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


# -- Gauss-Laguerre atoms: the tridiagonal solver gives what the dense eigh gave -------------

@pytest.mark.parametrize("n", [8, 28, 40])
def test_laguerre_atoms_from_either_solver_agree_and_are_exact(n, monkeypatch):
    import math

    from cheatsheet.verify import sampling

    alpha = np.array([0.0, 0.5, 2.3, 4.0, 0.5])  # a repeated alpha: solved once
    monkeypatch.setattr(sampling, "_TRIDIAGONAL_FROM", 10**9)
    dense = sampling._gen_laguerre(alpha, n)
    monkeypatch.setattr(sampling, "_TRIDIAGONAL_FROM", 1)
    tri = sampling._gen_laguerre(alpha, n)
    for a, b in zip(dense, tri):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-300)
    nodes, weights = tri
    # a rule of n nodes integrates x^k against x^alpha e^{-x} exactly for k < 2n
    for k in (0, 1, 3):
        want = np.array([math.gamma(k + a + 1) for a in alpha])
        np.testing.assert_allclose((weights * nodes**k).sum(-1), want, rtol=1e-9)


# -- the evaluator's routes -------------------------------------------------------------------

def test_a_named_function_is_evaluated_whatever_class_came_first():
    """Routes are keyed by the node type's id; each function class the formula names (a new
    class per sp.Function call) is routed to the sampled function of its own name, and an
    entry always holds the type it was made for."""
    import gc

    import sympy as sp

    from cheatsheet import frozen
    from cheatsheet.verify import evaluate

    x = sp.Symbol("x")
    fns = {"f": lambda v: evaluate.Val(v.arr * 2), "g": lambda v: evaluate.Val(v.arr * 3)}
    inst = evaluate.Instance({"x": evaluate.Val(np.array([1.0, 2.0]))}, functions=fns)
    # the collections below free each function class so that the next may get its id; the
    # objects made before this test (a worker's catalogs, readings and caches: millions) are
    # set aside from them, else each collection walked all of them (~4 s of the suite's slowest
    # test); a class the test makes is never among them, so it is freed as before.  Thawed
    # after only when nothing was frozen before (cheatsheet/frozen.py): the suite's conftest
    # keeps its own freeze, which a plain unfreeze gave back for the next file's first
    # collection to walk (~1 s of CPU)
    with frozen.frozen():
        for name, factor in [("f", 2), ("g", 3), ("f", 2), ("g", 3)]:
            node = sp.Function(name)(x)
            np.testing.assert_allclose(evaluate.Evaluator(inst).ev(node).arr,
                                       [factor, 2 * factor])
            kind, _ = evaluate._ROUTES[id(evaluate.Evaluator), id(type(node))]
            assert kind is type(node)
            del node
            gc.collect()
    k = sp.Symbol("k")
    sums = evaluate.Evaluator(inst).ev(sp.Sum(x * k, (k, 1, 3)))
    np.testing.assert_allclose(sums.arr, [6.0, 12.0])


def test_an_inverse_message_names_the_matrix_only_when_made():
    import sympy as sp

    from cheatsheet.verify import evaluate
    from cheatsheet.verify.arrays import ShapeError

    A = sp.MatrixSymbol("A", 2, 2)
    inst = evaluate.Instance({"A": evaluate.Val(np.zeros((3, 2, 2)), True)})
    with pytest.raises(ShapeError, match=r"A\.T\*A is singular on every instance"):
        evaluate.Evaluator(inst).ev(sp.Inverse(A.T * A))
    shown = evaluate._Shown(A.T * A)
    assert f"{shown}" == str(shown) == "A.T*A"


# -- conjugate posterior moments: a few trials at a time, the same numbers ------------------

@pytest.mark.parametrize("T", [1, 16, 37])
def test_posterior_moments_by_rows_are_the_whole_batch_bit_for_bit(T):
    """The quadrature of verify/checks/conjugate.py runs 16 trials at a time; each trial's sums
    are its own row's, so the moments equal those of all trials at once exactly (a batch that is
    not a multiple of 16 included), and they are the Beta posterior's (p + a) / (p + q + a + b)
    for a Beta(p, q) prior and a successes, b failures."""
    from cheatsheet.verify.checks import conjugate

    rng = np.random.default_rng(T)
    p, q = np.exp(rng.uniform(-2, 2, T)), np.exp(rng.uniform(-2, 2, T))
    a, b = rng.integers(0, 9, T).astype(float), rng.integers(0, 9, T).astype(float)
    th, om = conjugate._LOG_TH, conjugate._LOG_1M

    def logpost(r):
        return (p[r, None] + a[r, None]) * th + (q[r, None] + b[r, None]) * om

    m1, m2 = conjugate._integrate_rows(T, conjugate._LOGIT_GRID, logpost, conjugate._THETA)
    w1, w2 = conjugate._integrate(conjugate._LOGIT_GRID, logpost(slice(None)), conjugate._THETA)
    assert np.array_equal(m1, w1) and np.array_equal(m2, w2)
    s, t = p + a, q + b
    np.testing.assert_allclose(m1, s / (s + t), rtol=1e-9)
    np.testing.assert_allclose(m2, s * (s + 1) / ((s + t) * (s + t + 1)), rtol=1e-9)


def _conjugate_worst_error(grid, poisson):
    """The worst relative error of verify/checks/conjugate.py's quadrature on ``grid`` against
    the posterior's known moments, over the extremes of the sampled domains and beyond (shape
    and rate 0.1..10, up to 30 trials, counts summing to 200)."""
    import itertools

    from cheatsheet.verify.checks import conjugate

    worst = 0.0
    for a, b in itertools.product([0.1, 0.37, 1.0, 3.3, 10.0], repeat=2):
        if poisson:  # Gamma(a, rate b) prior, n counts summing to s: Gamma(a + s, b + n)
            t, e_t = grid, np.exp(grid)
            cases = [(n, s) for n in (1, 3, 6) for s in (0, 1, 5, 20, 60, 200)]
            lp = np.stack([(a - 1 + s + 1) * t[0] - (b + n) * e_t[0] for n, s in cases])
            m1, m2 = conjugate._integrate(t, lp, e_t)
            shape = np.array([a + s for _, s in cases])
            rate = np.array([b + n for n, _ in cases])
            e1, e2 = shape / rate, shape * (shape + 1) / rate ** 2
        else:  # Beta(a, b) prior, k successes in n trials: Beta(a + k, b + n - k)
            th, om = -np.logaddexp(0, -grid[0]), -np.logaddexp(0, grid[0])
            cases = [(n, k) for n in (1, 2, 4, 8, 30) for k in sorted({0, 1, n // 2, n})]
            lp = np.stack([(a + k) * th + (b + n - k) * om for n, k in cases])
            m1, m2 = conjugate._integrate(grid, lp, np.exp(th)[None, :])
            p = np.array([a + k for n, k in cases])
            q = np.array([b + n - k for n, k in cases])
            e1, e2 = p / (p + q), p * (p + 1) / ((p + q) * (p + q + 1))
        worst = max(worst, np.max(np.abs(m1 - e1) / e1), np.max(np.abs(m2 - e2) / e2))
    return worst


@pytest.mark.parametrize("poisson", [False, True])
def test_posterior_quadrature_grids_are_fine_enough_and_no_finer_is_needed(poisson):
    """The grids of the conjugate checks (issue 12: a tenth and a quarter of the points they
    had) give the Beta and Gamma posterior moments to 1e-12, far inside the numeric checks'
    rtol 1e-6, at the extremes of the sampled parameters; the same span with a quarter of
    those points is visibly off (1e-4 or worse), so this measures the spacing, it does not
    merely run it."""
    from cheatsheet.verify.checks import conjugate

    grid = conjugate._LOG_GRID if poisson else conjugate._LOGIT_GRID
    assert _conjugate_worst_error(grid, poisson) < 1e-12
    coarse = np.linspace(grid[0, 0], grid[0, -1], (grid.shape[1] - 1) // 4 + 1)[None, :]
    assert _conjugate_worst_error(coarse, poisson) > 1e-6


def test_ar1_series_are_summed_far_enough_and_not_needlessly_far():
    """verify/checks/time_series.py sums the AR(1) moving-average series to _TERMS terms
    (issue 12: 1000, not 4000): at the sampled extreme |phi| = 0.9 the autocovariance and the
    mean series reach the known sums to double precision; a tenth of the terms does not (the
    spacing is measured, not merely run)."""
    from cheatsheet.verify.checks import time_series
    from cheatsheet.verify.evaluate import Val

    phi = np.array([-0.9, -0.5, 0.3, 0.9])
    s2 = np.array([0.25, 1.0, 2.0, 4.0])
    gamma = time_series._Lagged(phi, s2, "the autocovariance")
    for lag in range(6):
        got = gamma(Val(np.full(4, float(lag)))).arr
        np.testing.assert_allclose(got, s2 * phi ** lag / (1 - phi ** 2), rtol=1e-13)
    j = np.arange(time_series._TERMS)[None, :]
    np.testing.assert_allclose((phi[:, None] ** j).sum(axis=1), 1 / (1 - phi), rtol=1e-13)
    few = np.arange(time_series._TERMS // 10)[None, :]
    assert np.max(np.abs((phi[:, None] ** few).sum(axis=1) * (1 - phi) - 1)) > 1e-6


def test_a_hazard_costs_one_survival_value_and_keeps_its_accuracy():
    """verify/checks/survival.py's h(t) = P(t - d < T <= t + d) / (2d S(t)) integrates the
    density over the short interval alone (issue 12): one S(t) and 12 more density values per
    time, not the three S (3 x 372 values) of S(t - d) - S(t + d), which the integral of a
    hazard over 400 nodes paid for every node; h stays within 1e-8 of f / S (the central
    difference's own error) for Weibull and Gompertz laws over the sampled ranges."""
    from cheatsheet.verify.checks import survival

    rng = np.random.default_rng(3)
    T = 40
    seen = []

    def counted(density):
        def make(**p):
            f = density(**p)

            def g(x):
                seen.append(np.size(x) // T)
                return f(x)
            return g
        return make

    laws = [survival._Law(counted(survival.weibull_density),
                          {"k": rng.uniform(0.5, 3, T), "lam": rng.uniform(1, 3, T)}, "Weibull"),
            survival._Law(counted(survival.gompertz_density),
                          {"a": rng.uniform(0.1, 1, T), "b": rng.uniform(0.1, 1, T)}, "Gompertz")]
    for law in laws:
        t = rng.uniform(0.1, 2, T)
        seen.clear()
        h = law.h(t)
        assert sum(seen) <= 400, seen  # density values per time
        seen.clear()
        with np.errstate(all="ignore"):
            np.testing.assert_allclose(h, law.f(t) / law.S(t), rtol=1e-8)


def _gbm_step_by_step(mu, sigma, s0, times, rng):
    """The path of verify/checks/stochastic.py's gbm_path, one step at a time (its former loop)."""
    h = 1e-4
    at = {key: np.rint(np.asarray(tt, float) / h).astype(int) for key, tt in times.items()}
    steps = max(int(a.max()) for a in at.values())
    w, s = np.zeros_like(s0), s0.copy()
    out = {key: [np.full_like(s0, np.nan), np.full_like(s0, np.nan)] for key in at}
    for n in range(steps + 1):
        for key, a in at.items():
            hit = a == n
            out[key][0][hit], out[key][1][hit] = w[hit], s[hit]
        dw = rng.standard_normal(s0.shape) * np.sqrt(h)
        s = s * (1 + mu * h + sigma * dw + 0.5 * sigma ** 2 * (dw * dw - h))
        w = w + dw
    return out


@pytest.mark.parametrize("T", [1, 5, 48])
def test_gbm_path_by_blocks_is_the_step_by_step_path_bit_for_bit(T):
    """gbm_path integrates 2048 steps at a time (issue 12: the per-step loop's overhead was
    most of the GBM check): the same Brownian increments and the same values of W and S at
    every asked time, exactly, across block boundaries (times up to 3, ~30000 steps), for a
    time before the start (NaN) and after the path drew its last block."""
    from cheatsheet.verify.checks.stochastic import gbm_path

    r = np.random.default_rng(T)
    mu, sigma, s0 = r.uniform(-1, 1, T), r.uniform(0.2, 1, T), np.exp(r.normal(size=T))
    t = r.uniform(0.5, 2, T)
    times = {0: t, 1: t + 1, -1: t - 1, "start": np.zeros(T)}
    got = gbm_path(mu, sigma, s0, times, np.random.default_rng(100 + T))
    rng = np.random.default_rng(100 + T)
    want = _gbm_step_by_step(mu, sigma, s0, times, rng)
    for key in times:
        for g, w in zip(got[key], want[key]):
            assert np.array_equal(g, w, equal_nan=True)
    assert np.isnan(got[-1][1][t < 1]).all() and np.array_equal(got["start"][1], s0)


def test_an_exact_derivative_of_a_sum_is_taken_once_and_a_cut_short_one_is_not_kept(monkeypatch):
    """verify/derivatives.py takes d/dv_j of a sum over v's entries exactly with SymPy; a sheet
    line's node is evaluated once per batch, relation and difference step, so the result is
    remembered per node (issue 12: ~5x on conv.weight_chain_rule).  The remembered value is
    SymPy's own; an attempt the time limit cut short is not remembered, so a later one with
    time to spare still finds the exact derivative."""
    import sympy as sp

    from cheatsheet.verify import derivatives
    from cheatsheet.verify.timelimit import CheckTimeout

    a, v = sp.IndexedBase("a"), sp.IndexedBase("v")
    o, m, j = sp.symbols("o m j", integer=True)
    q = sp.Symbol("q", integer=True, positive=True)
    e = sp.Derivative(sp.Sum(a[m - o] * v[o], (o, -q, q)), v[j])
    derivatives._EXACT.clear()
    calls = []
    real = sp.Derivative.doit

    def timed_out(self, **hints):
        calls.append(self)
        raise CheckTimeout()

    monkeypatch.setattr(sp.Derivative, "doit", timed_out)
    assert derivatives._entry_derivative_of_sum(e) is None and e not in derivatives._EXACT
    monkeypatch.setattr(sp.Derivative, "doit", real)
    first = derivatives._entry_derivative_of_sum(e)
    assert first is not None and sp.simplify(first - e.doit().doit()) == 0
    assert not first.has(sp.Derivative) and first.has(a[m - j])

    def counted(self, **hints):
        calls.append(self)
        return real(self, **hints)

    monkeypatch.setattr(sp.Derivative, "doit", counted)
    calls.clear()
    assert derivatives._entry_derivative_of_sum(e) is first and calls == []


def test_class_means_of_a_batch_are_each_trials_own_class_average():
    """GDA's mean search, all trials of a batch at once: trial t's maximiser is the average of
    the rows its weights mark, whatever covariance that trial drew."""
    from cheatsheet.verify.checks import gda

    rng = np.random.default_rng(11)
    T, n, d = 6, 7, 3
    X = rng.normal(size=(T, n, d))
    W = rng.random((T, n)) < 0.5
    W[:, 0] = True
    B = rng.normal(size=(T, d, d))
    mu = gda.class_means_mle(X, W.astype(float), B @ np.swapaxes(B, 1, 2) + d * np.eye(d))
    own = (W[..., None] * X).sum(axis=1) / W.sum(axis=1)[:, None]
    np.testing.assert_allclose(mu, own, rtol=1e-10, atol=1e-12)
    assert np.abs(mu - X.mean(axis=1)).max() > 1e-3  # the weights matter


def test_a_batch_of_precisions_each_maximise_their_own_residuals_likelihood():
    rng = np.random.default_rng(12)
    D = rng.normal(size=(5, 3, 9))  # 5 trials, 3 coordinates, 9 residual columns
    Lam = probability.precision_mle(D)
    for t in range(5):
        np.testing.assert_allclose(np.linalg.inv(Lam[t]), D[t] @ D[t].T / 9, rtol=1e-9)


def test_the_gda_checks_decide_without_a_search_per_trial(monkeypatch):
    """Both GDA checks find their estimates by Newton steps over the whole batch: no general
    optimiser runs (a BFGS search per trial made them the suite's slowest checks)."""
    from scipy import optimize

    def no_search(*args, **kwargs):
        raise AssertionError("a per-trial optimiser ran")

    monkeypatch.setattr(optimize, "minimize", no_search)
    from cheatsheet.verify.check import check_version

    for claim_id in ("gda.class_mean", "gda.shared_covariance"):
        c = get_catalog()[claim_id]
        for latex, verdicts in [(c.latex, ("passed", "proved")), (c.wrong[0], ("refuted",))]:
            ev = check_version(c, latex, c.declarations, c.layout, list(c.assume), seed=5,
                               key=("speed",), symbolic_first=False, thorough=False)
            assert ev.verdict in verdicts, (claim_id, latex, ev.verdict, ev.detail)
