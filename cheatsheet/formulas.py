"""The most useful verified formulas as plain NumPy functions.

Each function names the catalog claims it implements (``fn.claims``); ``tests/test_formulas.py``
checks that the claim holds in the catalog and that the function agrees with an independent
computation (quadrature, Monte Carlo, finite differences), so what you import here is what
``cheatsheet verify`` vouches for.
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "sigmoid", "sigmoid_derivative", "logit", "tanh_derivative", "relu", "softmax",
    "entropy", "cross_entropy", "kl_divergence", "js_divergence",
    "mgf_bernoulli", "mgf_binomial", "mgf_poisson", "mgf_normal", "mgf_gamma",
    "gaussian_logpdf", "gaussian_mle", "gaussian_conditional", "kl_gaussians",
    "kl_diag_gaussian_to_standard", "conv_output_size",
]


def claim(*claim_ids: str):
    """Link a function to the catalog claim(s) it implements."""
    def deco(fn):
        fn.claims = claim_ids
        return fn
    return deco


def _a(x):
    return np.asarray(x, dtype=float)


# -- activations ------------------------------------------------------------------------------

@claim("sigmoid.definition")
def sigmoid(z):
    """Logistic function 1 / (1 + e^{-z}), computed as (1 + tanh(z/2)) / 2 so it never
    overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * _a(z)))


@claim("sigmoid.derivative")
def sigmoid_derivative(z):
    """σ'(z) = σ(z)(1 - σ(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


@claim("sigmoid.inverse")
def logit(p):
    """Inverse of the sigmoid: log(p / (1 - p)) for p in (0, 1)."""
    p = _a(p)
    return np.log(p) - np.log1p(-p)


@claim("tanh.derivative")
def tanh_derivative(z):
    """tanh'(z) = 1 - tanh(z)^2."""
    return 1.0 - np.tanh(_a(z)) ** 2


@claim("relu.definition")
def relu(z):
    """max(0, z), elementwise."""
    return np.maximum(_a(z), 0.0)


@claim("softmax.definition")
def softmax(z, axis=-1):
    """exp(z_i) / Σ_j exp(z_j) along ``axis``; the max is subtracted first (shift invariance)
    so large logits do not overflow."""
    z = _a(z)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# -- information theory -----------------------------------------------------------------------

def _probs(p, name):
    p = _a(p)
    if np.any(p < 0) or not np.allclose(p.sum(axis=-1), 1.0, atol=1e-9):
        raise ValueError(f"{name} must be a probability vector (nonnegative, summing to 1)")
    return p


def _xlogy(x, y):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, y)))


@claim("entropy.definition")
def entropy(p):
    """Shannon entropy in nats, -Σ p_i log p_i (0 log 0 = 0)."""
    return -_xlogy(_probs(p, "p"), _probs(p, "p")).sum(axis=-1)


@claim("cross_entropy.definition")
def cross_entropy(p, q):
    """H(p, q) = -Σ p_i log q_i in nats; infinite where q_i = 0 < p_i."""
    p, q = _probs(p, "p"), _probs(q, "q")
    with np.errstate(divide="ignore"):
        return -_xlogy(p, q).sum(axis=-1)


@claim("kl.definition")
def kl_divergence(p, q):
    """KL(p || q) = Σ p_i log(p_i / q_i) = H(p, q) - H(p) >= 0, in nats."""
    p, q = _probs(p, "p"), _probs(q, "q")
    with np.errstate(divide="ignore"):
        return (_xlogy(p, p) - _xlogy(p, q)).sum(axis=-1)


@claim("jsd.range")
def js_divergence(p, q):
    """Jensen-Shannon divergence ½KL(p||m) + ½KL(q||m), m = (p+q)/2; lies in [0, log 2]."""
    p, q = _probs(p, "p"), _probs(q, "q")
    m = (p + q) / 2
    return 0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m)


# -- moment generating functions --------------------------------------------------------------

@claim("mgf.bernoulli")
def mgf_bernoulli(t, p):
    """E[e^{tX}] for X ~ Bernoulli(p): 1 - p + p e^t."""
    return 1 - _a(p) + _a(p) * np.exp(_a(t))


@claim("mgf.binomial")
def mgf_binomial(t, n, p):
    """E[e^{tX}] for X ~ Binomial(n, p): (1 - p + p e^t)^n."""
    return mgf_bernoulli(t, p) ** _a(n)


@claim("mgf.poisson")
def mgf_poisson(t, lam):
    """E[e^{tX}] for X ~ Poisson(λ): exp(λ(e^t - 1))."""
    return np.exp(_a(lam) * np.expm1(_a(t)))


@claim("mgf.normal")
def mgf_normal(t, mu, sigma2):
    """E[e^{tX}] for X ~ N(μ, σ²): exp(μt + σ²t²/2)."""
    t = _a(t)
    return np.exp(_a(mu) * t + 0.5 * _a(sigma2) * t * t)


@claim("mgf.gamma")
def mgf_gamma(t, k, theta):
    """E[e^{tX}] for X ~ Gamma(shape k, scale θ): (1 - θt)^{-k}, defined for t < 1/θ."""
    t, k, theta = _a(t), _a(k), _a(theta)
    if np.any(t * theta >= 1):
        raise ValueError("the Gamma MGF exists only for t < 1/theta")
    return (1 - theta * t) ** (-k)


# -- Gaussians --------------------------------------------------------------------------------

@claim("gauss.density")
def gaussian_logpdf(x, mu, Sigma):
    """log N(x; μ, Σ) = -½[(x-μ)ᵀΣ⁻¹(x-μ) + log det Σ + d log 2π], Σ positive definite."""
    x, mu, Sigma = _a(x), _a(mu), _a(Sigma)
    d = mu.shape[-1]
    L = np.linalg.cholesky(Sigma)
    z = np.linalg.solve(L, (x - mu)[..., None])[..., 0]
    return -0.5 * (np.sum(z * z, axis=-1) + 2 * np.log(np.diag(L)).sum() + d * np.log(2 * np.pi))


@claim("gauss.mle_mean", "gauss.mle_covariance")
def gaussian_mle(X):
    """Maximum-likelihood mean and covariance of the rows of X: the sample mean and the
    covariance normalised by n (not n - 1)."""
    X = _a(X)
    mu = X.mean(axis=0)
    D = X - mu
    return mu, D.T @ D / X.shape[0]


@claim("gauss.conditioning")
def gaussian_conditional(mu, Sigma, given, value):
    """Law of the other coordinates of x ~ N(μ, Σ) given x[given] = value:
    mean μ₂ + Σ₂₁Σ₁₁⁻¹(value - μ₁), covariance Σ₂₂ - Σ₂₁Σ₁₁⁻¹Σ₁₂ (Schur complement)."""
    mu, Sigma = _a(mu), _a(Sigma)
    given = np.asarray(given, dtype=int)
    rest = np.setdiff1d(np.arange(mu.shape[0]), given)
    S11 = Sigma[np.ix_(given, given)]
    S21 = Sigma[np.ix_(rest, given)]
    K = np.linalg.solve(S11, S21.T).T
    mean = mu[rest] + K @ (_a(value) - mu[given])
    cov = Sigma[np.ix_(rest, rest)] - K @ S21.T
    return mean, cov


def _covariance(S, name: str) -> np.ndarray:
    """A covariance matrix, checked: square, symmetric, positive definite (a number is a
    1 x 1 variance)."""
    S = np.atleast_2d(_a(S))
    if S.ndim != 2 or S.shape[0] != S.shape[1]:
        raise ValueError(f"{name} must be a square covariance matrix, got shape {S.shape}")
    if not np.allclose(S, S.T, rtol=1e-10, atol=1e-12):
        raise ValueError(f"{name} is not symmetric, so it is not a covariance matrix")
    try:
        np.linalg.cholesky(S)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} is not positive definite, so it is not the covariance of a "
                         "Gaussian with a density") from None
    return S


@claim("kl.gaussians_multivariate", "kl.gaussians")
def kl_gaussians(mu0, S0, mu1, S1):
    """KL(N(μ₀,Σ₀) || N(μ₁,Σ₁)) = ½[tr(Σ₁⁻¹Σ₀) + (μ₁-μ₀)ᵀΣ₁⁻¹(μ₁-μ₀) - d + log(det Σ₁/det Σ₀)].

    Σ₀, Σ₁ must be symmetric positive definite (ValueError otherwise); numbers are 1 x 1
    variances, and a scalar mean stands for that value in every coordinate."""
    S0, S1 = _covariance(S0, "S0"), _covariance(S1, "S1")
    d = S0.shape[0]
    if S1.shape != S0.shape:
        raise ValueError(f"S0 is {d}x{d} but S1 is {S1.shape[0]}x{S1.shape[1]}")
    mu0, mu1 = (np.broadcast_to(_a(m).ravel(), (d,)) if _a(m).size in (1, d) else None
                for m in (mu0, mu1))
    if mu0 is None or mu1 is None:
        raise ValueError(f"the means must have {d} entries, like the covariances")
    diff = mu1 - mu0
    tr = np.trace(np.linalg.solve(S1, S0))
    quad = diff @ np.linalg.solve(S1, diff)
    _, ld1 = np.linalg.slogdet(S1)
    _, ld0 = np.linalg.slogdet(S0)
    return float(0.5 * (tr + quad - d + ld1 - ld0))


@claim("kl.diagonal_gaussian_to_isotropic")
def kl_diag_gaussian_to_standard(mu, sigma2):
    """KL(N(μ, diag σ²) || N(0, I)) = ½ Σ (σ² + μ² - 1 - log σ²): the VAE's KL term."""
    mu, sigma2 = _a(mu), _a(sigma2)
    return 0.5 * np.sum(sigma2 + mu * mu - 1.0 - np.log(sigma2), axis=-1)


# -- convolutions -----------------------------------------------------------------------------

@claim("conv.output_size")
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    """Output length of a convolution: ⌊(n + 2p - d(k - 1) - 1) / s⌋ + 1."""
    out = (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    if out < 1:
        raise ValueError(f"a kernel of effective size {dilation * (k - 1) + 1} does not fit in "
                         f"{n} + 2*{padding}")
    return out
