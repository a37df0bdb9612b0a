"""Gaussian discriminant analysis: maximum-likelihood estimates found by maximising the
likelihood numerically, never from the closed forms the claims state.

GDA models x | y = k ~ N(mu_k, Sigma) with one covariance shared by the classes.  Each check
draws labels with every class it speaks of present, then

* ``gda.class_mean``: maximises sum_{i: y_i = k} log N(x_i; mu, Sigma) over mu (any Sigma
  gives the same maximiser, the check draws one), so a mean over all N samples or over the
  wrong count is refuted;
* ``gda.shared_covariance``: takes the classes' sample means for mu_c and maximises
  sum_i log N(x_i; mu_{y_i}, Sigma) over the precision Sigma^{-1}, so 1/(N - 1), the inner
  product for the outer one, or the overall second moment is refuted.

Both searches are Newton's method on the log-likelihood's analytic gradient and Hessian, all
of a batch's trials at once (probability._newton, concave in mu and in the precision); a BFGS
search per trial made these the suite's slowest checks (issue 12).
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import Val
from .probability import _newton, precision_mle

# enough samples for a positive definite covariance in every class layout drawn
COVARIANCE_SIZES = [{"N": 7, "D": 2, "K": 2}, {"N": 9, "D": 3, "K": 3}, {"N": 6, "D": 1, "K": 2},
                    {"N": 12, "D": 3, "K": 2}]
MEAN_SIZES = [{"N": 5, "D": 2}, {"N": 8, "D": 3}, {"N": 3, "D": 1}, {"N": 10, "D": 2}]  # N >= 2


def _labels(rng, n: int, classes: list[int]) -> np.ndarray:
    """n class labels drawn from ``classes``, each class present at least once."""
    y = rng.choice(classes, size=n)
    y[: len(classes)] = rng.permutation(classes)
    return rng.permutation(y)


def class_means_mle(X: np.ndarray, W: np.ndarray, S: np.ndarray) -> np.ndarray:
    """arg max over mu of sum_i W_i log N(x_i; mu, S) per trial: the rows x_i of X (T, n, d),
    0/1 weights W (T, n) marking a class's samples, covariances S (T, d, d); (T, d)."""
    P = np.linalg.inv(S)

    def loglik(v):  # v (..., T, d)
        r = X - v[..., None, :]
        return -0.5 * np.einsum("...tni,tij,...tnj,tn->...t", r, P, r, W)

    def derivatives(v):
        g = np.einsum("tij,tnj,tn->ti", P, X - v[:, None, :], W)
        return g, -W.sum(axis=1)[:, None, None] * P

    return _newton(loglik, derivatives, np.zeros((X.shape[0], X.shape[2])))


def _class_mean_mle(X: np.ndarray, S: np.ndarray) -> np.ndarray:
    """arg max over mu of sum_i log N(x_i; mu, S) for the rows x_i of X (one trial)."""
    return class_means_mle(X[None], np.ones((1, X.shape[0])), S[None])[0]


def _shared_covariance_mle(R: np.ndarray) -> np.ndarray:
    """arg max over Sigma of sum_i log N(r_i; 0, Sigma) for the residual rows r_i of R."""
    return np.linalg.inv(precision_mle(R.T[None]))[0]


@register("gda.class_mean")
def _class_mean(stmt, ctx):
    """mu_hat_k from labelled samples by numerical maximum likelihood (module docstring)."""
    rng = ctx.rng("gda-labels")

    def extra(inst):
        x = np.asarray(inst.values["x"].arr, float)  # (T, D, N): columns are the samples
        T, D, N = x.shape
        # one class number per batch, at most N: a form that indexes by it (x_k, y_k) is
        # evaluated with the same index in every trial, and inside the vectors
        k = int(rng.integers(1, N + 1))
        ys, covs = [], []
        for t in range(T):
            y = _labels(rng, N, [k, k + int(rng.integers(1, 3))])
            y[k - 1] = k  # (and sample k in class k, so y_k = k counts every sample)
            if np.all(y == k):
                y[k % N] = k + 1
            A = rng.standard_normal((D, D))
            covs.append(A @ A.T + D * np.eye(D))
            ys.append(y.astype(float))
        ys = np.array(ys)
        mus = class_means_mle(np.swapaxes(x, 1, 2), (ys == k).astype(float), np.array(covs))
        return {"k": Val(np.full(T, float(k))), "y": Val(ys[..., None], True),
                "mu_hat_k": Val(mus[..., None], True)}

    return ctx.numeric(stmt, extra=extra, dims=MEAN_SIZES)


@register("gda.shared_covariance")
def _shared_covariance(stmt, ctx):
    """Sigma_hat around the classes' sample means by numerical maximum likelihood."""
    rng = ctx.rng("gda-labels")

    def extra(inst):
        x = np.asarray(inst.values["x"].arr, float)  # (T, D, N)
        T, D, N = x.shape
        K = inst.values["mu"].arr.shape[-1]
        # one labelling for the whole batch: the evaluator reads mu_{y_i} with the same
        # index in every trial of a batch (the samples x still differ)
        y = _labels(rng, N, list(range(1, K + 1)))
        means = np.stack([x[:, :, y == c].mean(axis=2) for c in range(1, K + 1)], axis=2)
        sigmas = np.linalg.inv(precision_mle(x - means[:, :, y - 1]))  # (T, D, D)
        ys = np.broadcast_to(y.astype(float), (T, N))
        return {"y": Val(ys[..., None].copy(), True), "mu": Val(means, True),
                "Sigma_hat": Val(sigmas, True)}

    return ctx.numeric(stmt, extra=extra, dims=COVARIANCE_SIZES)
