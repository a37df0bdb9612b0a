"""cheatsheet.formulas: each function agrees with an independent computation, and names a claim
of the catalog that holds (so what users import is what `cheatsheet verify` vouches for)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cheatsheet import formulas as F

RNG = np.random.default_rng(0)


def _fd(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def test_activations_against_definitions_and_finite_differences():
    z = np.linspace(-30, 30, 121)
    assert np.allclose(F.sigmoid(z), 1 / (1 + np.exp(-z)))
    assert np.allclose(F.sigmoid_derivative(z), _fd(F.sigmoid, z), atol=1e-8)
    assert np.allclose(F.tanh_derivative(z), _fd(np.tanh, z), atol=1e-8)
    p = np.linspace(0.01, 0.99, 50)
    assert np.allclose(F.sigmoid(F.logit(p)), p)
    assert np.allclose(F.relu(z), np.where(z > 0, z, 0))
    s = F.softmax(np.array([1000.0, 1001.0, 999.0]))
    assert np.isclose(s.sum(), 1) and np.all(np.isfinite(s))


def test_information_quantities():
    p, q = RNG.dirichlet(np.ones(5)), RNG.dirichlet(np.ones(5))
    assert np.isclose(F.entropy(p), -np.sum(p * np.log(p)))
    assert np.isclose(F.kl_divergence(p, q), F.cross_entropy(p, q) - F.entropy(p))
    assert F.kl_divergence(p, q) > 0 and np.isclose(F.kl_divergence(p, p), 0)
    assert 0 <= F.js_divergence(p, q) <= math.log(2)
    assert np.isclose(F.js_divergence([1, 0], [0, 1]), math.log(2))
    with pytest.raises(ValueError):
        F.entropy([0.5, 0.6])


@pytest.mark.parametrize("t", [-1.5, -0.2, 0.3, 0.9])
def test_mgfs_against_sums_and_quadrature(t):
    k = np.arange(0, 200)
    lam = 2.5
    pois = np.exp(k * np.log(lam) - lam - np.array([math.lgamma(x + 1) for x in k]))
    assert np.isclose(F.mgf_poisson(t, lam), np.sum(pois * np.exp(t * k)))
    n, p = 7, 0.3
    kb = np.arange(n + 1)
    binom = np.array([math.comb(n, int(j)) for j in kb]) * p ** kb * (1 - p) ** (n - kb)
    assert np.isclose(F.mgf_binomial(t, n, p), np.sum(binom * np.exp(t * kb)))
    z, w = np.polynomial.hermite_e.hermegauss(80)
    mu, s2 = 0.4, 1.7
    assert np.isclose(F.mgf_normal(t, mu, s2), np.sum(w * np.exp(t * (mu + np.sqrt(s2) * z)))
                      / np.sqrt(2 * np.pi))
    kk, theta = 3.0, 0.5
    x = np.linspace(1e-9, 80, 400001)
    dens = x ** (kk - 1) * np.exp(-x / theta) / (math.gamma(kk) * theta ** kk)
    assert np.isclose(F.mgf_gamma(t, kk, theta), np.trapezoid(dens * np.exp(t * x), x), rtol=1e-5)


def test_gamma_mgf_refuses_outside_its_domain():
    with pytest.raises(ValueError):
        F.mgf_gamma(2.0, 1.0, 1.0)


def test_gaussians():
    d = 3
    A = RNG.normal(size=(d, d))
    S = A @ A.T + d * np.eye(d)
    mu = RNG.normal(size=d)
    x = RNG.normal(size=d)
    direct = -0.5 * ((x - mu) @ np.linalg.inv(S) @ (x - mu)) - 0.5 * np.log(
        (2 * np.pi) ** d * np.linalg.det(S))
    assert np.isclose(F.gaussian_logpdf(x, mu, S), direct)
    X = RNG.multivariate_normal(mu, S, size=200_000)
    m_hat, S_hat = F.gaussian_mle(X)
    assert np.allclose(m_hat, mu, atol=0.05) and np.allclose(S_hat, S, atol=0.15)
    # conditioning: the conditional law's mean is the regression of the rest on the given part
    mean, cov = F.gaussian_conditional(mu, S, [0], [1.2])
    near = np.abs(X[:, 0] - 1.2) < 0.03
    assert np.allclose(X[near, 1:].mean(axis=0), mean, atol=0.1)
    assert np.allclose(np.cov(X[near, 1:].T), cov, atol=0.2)


def test_kl_between_gaussians_matches_monte_carlo():
    d = 2
    A, B = RNG.normal(size=(d, d)), RNG.normal(size=(d, d))
    S0, S1 = A @ A.T + np.eye(d), B @ B.T + np.eye(d)
    m0, m1 = RNG.normal(size=d), RNG.normal(size=d)
    X = RNG.multivariate_normal(m0, S0, size=400_000)
    lp0 = np.array([F.gaussian_logpdf(X, m0, S0)])
    lp1 = np.array([F.gaussian_logpdf(X, m1, S1)])
    mc = np.mean(lp0 - lp1)
    assert np.isclose(F.kl_gaussians(m0, S0, m1, S1), mc, rtol=0.02, atol=0.01)
    mu, s2 = RNG.normal(size=4), np.exp(RNG.normal(size=4))
    assert np.isclose(F.kl_diag_gaussian_to_standard(mu, s2),
                      F.kl_gaussians(mu, np.diag(s2), np.zeros(4), np.eye(4)))


def test_kl_gaussians_refuses_what_is_not_a_covariance():
    I = np.eye(2)
    for S0, S1 in [(-I, I), (I, np.array([[1.0, 2.0], [0.0, 1.0]])), (I, np.zeros((2, 2))),
                   (I, np.eye(3))]:
        with pytest.raises(ValueError):
            F.kl_gaussians(0, S0, 0, S1)
    with pytest.raises(ValueError):
        F.kl_gaussians([0, 0, 0], I, 0, I)
    # numbers are 1 x 1 variances: the univariate formula
    assert np.isclose(F.kl_gaussians(0.3, 2.0, -1.0, 0.5),
                      0.5 * (2.0 / 0.5 + 1.3 ** 2 / 0.5 - 1 + math.log(0.5 / 2.0)))


def test_kl_gaussians_names_the_multivariate_claim(catalog):
    """The function is multivariate: the claim it names first is the multivariate KL (that it
    holds is test_each_formula_names_a_claim_that_holds; that the function agrees with Monte
    Carlo is test_kl_between_gaussians_matches_monte_carlo)."""
    assert F.kl_gaussians.claims[0] == "kl.gaussians_multivariate"
    claim = catalog["kl.gaussians_multivariate"]
    assert claim.declarations["Sigma_0"].domain == "pd"
    assert claim.declarations["mu_0"].domain == "vector"


def test_conv_output_size_matches_the_core():
    nn = pytest.importorskip("cheatsheet.nn")
    for n, k, p, s, d in [(7, 3, 0, 2, 1), (32, 5, 2, 1, 1), (10, 3, 1, 3, 2), (9, 2, 0, 4, 1)]:
        x = np.zeros((1, 1, n))
        w = np.zeros((1, 1, k))
        y = nn.conv1d(x, w, stride=s, padding=p, dilation=d)
        assert y.shape[-1] == F.conv_output_size(n, k, p, s, d)


@pytest.mark.parametrize("name", F.__all__)
def test_each_formula_names_a_claim_that_holds(name, catalog, verified):
    fn = getattr(F, name)
    assert fn.__doc__, f"{name} needs a docstring"
    for cid in fn.claims:
        assert cid in catalog, f"{name} names {cid!r}, which is not in the catalog"
        assert verified(cid).evidence.holds
