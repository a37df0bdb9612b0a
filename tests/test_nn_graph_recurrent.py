"""Graph operators and recurrences: spectral facts, filters, LRU, ring sampling."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cheatsheet import nn


def random_graph(m, p, rng):
    a = (rng.random((m, m)) < p).astype(float)
    a = np.triu(a, 1)
    return a + a.T


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 9), st.floats(0.0, 1.0), st.integers(0, 2**16))
def test_spectra_of_normalised_adjacency_and_laplacians(m, p, seed):
    a = random_graph(m, p, np.random.default_rng(seed))
    lam_a = np.linalg.eigvalsh(nn.normalized_adjacency(a))
    assert lam_a.max() == pytest.approx(1.0) and lam_a.min() >= -1 - 1e-12
    lam_l = np.linalg.eigvalsh(nn.normalized_laplacian(a))
    assert lam_l.min() >= -1e-12 and lam_l.max() <= 2 + 1e-12
    lap = nn.laplacian(a)
    x = np.random.default_rng(seed + 1).standard_normal(m)
    quad = 0.5 * sum(a[u, v] * (x[u] - x[v]) ** 2 for u in range(m) for v in range(m))
    assert x @ lap @ x == pytest.approx(quad, abs=1e-10)
    np.testing.assert_allclose(lap @ x, [sum(a[n, k] * (x[n] - x[k]) for k in range(m)) for n in range(m)],
                               atol=1e-12)


def test_top_eigenvector_of_normalised_adjacency_is_sqrt_degree():
    a = random_graph(7, 0.5, np.random.default_rng(3))
    a[0, 1] = a[1, 0] = 1  # make sure no node is isolated from everything in this seed's graph
    lam, u = np.linalg.eigh(nn.normalized_adjacency(a))
    d = a.sum(1) + 1
    v = np.sqrt(d) / np.linalg.norm(np.sqrt(d))
    assert abs(u[:, -1] @ v) == pytest.approx(1.0)


def test_gcn_layer_formula_and_shapes():
    rng = np.random.default_rng(0)
    a = random_graph(5, 0.5, rng)
    x, w, b = rng.standard_normal((5, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    d = np.diag(1 / np.sqrt((a + np.eye(5)).sum(1)))
    np.testing.assert_allclose(nn.gcn_layer(x, a, w, b), np.maximum(d @ (a + np.eye(5)) @ d @ x @ w + b, 0))
    with pytest.raises(ValueError, match=r"\(5, 3\)"):
        nn.gcn_layer(x, a, rng.standard_normal((5, 2)))


def test_spectral_polynomial_and_chebyshev_filters_agree():
    rng = np.random.default_rng(1)
    a = random_graph(8, 0.4, rng)
    lap = nn.normalized_laplacian(a)
    x = rng.standard_normal((8, 2))
    alphas = [0.5, -1.0, 0.3, 0.2]
    poly = lambda lam: sum(al * lam**k for k, al in enumerate(alphas))  # noqa: E731
    np.testing.assert_allclose(nn.spectral_conv(x, lap, poly), nn.polynomial_filter(x, lap, alphas), atol=1e-12)
    lmax = np.linalg.eigvalsh(lap)[-1]
    cheb = lambda lam: np.polynomial.chebyshev.chebval(2 * lam / lmax - 1, alphas)  # noqa: E731
    np.testing.assert_allclose(nn.chebyshev_filter(x, lap, alphas), nn.spectral_conv(x, lap, cheb), atol=1e-12)
    # graph convolution theorem: x * y = U((U^T x) . (U^T y)) is a spectral filter with gains U^T y
    lam, u = nn.graph_fourier_basis(lap)
    y = rng.standard_normal(8)
    np.testing.assert_allclose(nn.spectral_conv(x[:, 0], lap, u.T @ y), u @ ((u.T @ x[:, 0]) * (u.T @ y)))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=1, max_size=8), st.integers(0, 2**16))
def test_lru_eigenvalues_inside_unit_disc(nus, seed):
    phi = np.random.default_rng(seed).uniform(0, 2 * np.pi, len(nus))
    mod = np.abs(nn.lru_eigenvalues(np.array(nus), phi))
    assert ((mod > 0) & (mod < 1)).all()
    np.testing.assert_allclose(mod, np.exp(-np.exp(nus)))


def test_lru_matches_explicit_unrolled_recurrence():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 6, 3))
    nu, phi = rng.standard_normal(4), rng.uniform(0, 6, 4)
    b = rng.standard_normal((4, 3)) + 1j * rng.standard_normal((4, 3))
    c = rng.standard_normal((2, 4)) + 1j * rng.standard_normal((2, 4))
    d = rng.standard_normal((2, 3))
    lam = np.exp(-np.exp(nu) + 1j * phi)
    y = nn.lru(x, nu, phi, b, c, d)
    for bi in range(2):
        h = np.zeros(4, complex)
        for t in range(6):
            h = lam * h + b @ x[bi, t]
            np.testing.assert_allclose(y[bi, t], (c @ h).real + d @ x[bi, t], atol=1e-12)
    # as a convolution: y_t = sum_s Re(C diag(lam^s) B) x_{t-s} + D x_t
    kern = np.stack([(c @ np.diag(lam**s) @ b).real for s in range(6)])
    np.testing.assert_allclose(y[0, 5], sum(kern[s] @ x[0, 5 - s] for s in range(6)) + d @ x[0, 5], atol=1e-12)


def test_ring_sampling_is_uniform_by_area():
    rng = np.random.default_rng(0)
    z = nn.sample_ring(200_000, 0.5, 1.0, rng)
    r = np.abs(z)
    assert r.min() >= 0.5 and r.max() <= 1.0
    # P(|z| <= rho) = (rho^2 - r1^2) / (r2^2 - r1^2) for the area-uniform distribution
    for rho in (0.6, 0.75, 0.9):
        assert np.mean(r <= rho) == pytest.approx((rho**2 - 0.25) / 0.75, abs=0.005)
    assert abs(np.mean(z)) < 0.01
