"""Gaussian discriminant analysis: maximum-likelihood estimates found by maximising the
likelihood numerically, never from the closed forms the claims state.

GDA models x | y = k ~ N(mu_k, Sigma) with one covariance shared by the classes.  Each check
draws labels with every class it speaks of present, then

* ``gda.class_mean``: maximises sum_{i: y_i = k} log N(x_i; mu, Sigma) over mu (BFGS; any
  Sigma gives the same maximiser, the check draws one), so a mean over all N samples or over
  the wrong count is refuted;
* ``gda.shared_covariance``: takes the classes' sample means for mu_c and maximises
  sum_i log N(x_i; mu_{y_i}, Sigma) over Sigma = L L^T (L lower triangular, its diagonal kept
  positive through a log), so 1/(N - 1), the inner product for the outer one, or the overall
  second moment is refuted.
"""
from __future__ import annotations

import numpy as np
from scipy import optimize

from ..custom import register
from ..evaluate import Val

# enough samples for a positive definite covariance in every class layout drawn
COVARIANCE_SIZES = [{"N": 7, "D": 2, "K": 2}, {"N": 9, "D": 3, "K": 3}, {"N": 6, "D": 1, "K": 2},
                    {"N": 12, "D": 3, "K": 2}]
MEAN_SIZES = [{"N": 5, "D": 2}, {"N": 8, "D": 3}, {"N": 3, "D": 1}, {"N": 10, "D": 2}]  # N >= 2


def _labels(rng, n: int, classes: list[int]) -> np.ndarray:
    """n class labels drawn from ``classes``, each class present at least once."""
    y = rng.choice(classes, size=n)
    y[: len(classes)] = rng.permutation(classes)
    return rng.permutation(y)


def _class_mean_mle(X: np.ndarray, S: np.ndarray) -> np.ndarray:
    """arg max over mu of sum_i log N(x_i; mu, S) for the rows x_i of X."""
    P = np.linalg.inv(S)

    def nll(mu):
        d = X - mu
        return 0.5 * np.einsum("ij,jk,ik->", d, P, d)

    def grad(mu):
        return -P @ (X - mu).sum(axis=0)

    res = optimize.minimize(nll, np.zeros(X.shape[1]), jac=grad, method="BFGS",
                            options={"gtol": 1e-12, "maxiter": 1000})
    return res.x


def _shared_covariance_mle(R: np.ndarray) -> np.ndarray:
    """arg max over Sigma of sum_i log N(r_i; 0, Sigma) for the residual rows r_i of R."""
    n, d = R.shape
    rows, cols = np.tril_indices(d)
    diag = rows == cols

    def cov(v):
        L = np.zeros((d, d))
        L[rows, cols] = np.where(diag, np.exp(v), v)
        return L @ L.T

    def nll(v):
        S = cov(v)
        _, logdet = np.linalg.slogdet(S)
        return 0.5 * n * logdet + 0.5 * np.trace(np.linalg.solve(S, R.T @ R))

    res = optimize.minimize(nll, np.zeros(len(rows)), method="BFGS", options={"gtol": 1e-11, "maxiter": 5000})
    return cov(res.x)


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
        ys, mus = [], []
        for t in range(T):
            y = _labels(rng, N, [k, k + int(rng.integers(1, 3))])
            y[k - 1] = k  # (and sample k in class k, so y_k = k counts every sample)
            if np.all(y == k):
                y[k % N] = k + 1
            A = rng.standard_normal((D, D))
            mus.append(_class_mean_mle(x[t].T[y == k], A @ A.T + D * np.eye(D)))
            ys.append(y.astype(float))
        return {"k": Val(np.full(T, float(k))), "y": Val(np.array(ys)[..., None], True),
                "mu_hat_k": Val(np.array(mus)[..., None], True)}

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
        ys, mus, sigmas = [], [], []
        for t in range(T):
            means = np.stack([x[t][:, y == c].mean(axis=1) for c in range(1, K + 1)], axis=1)
            R = x[t].T - means[:, y - 1].T
            ys.append(y.astype(float))
            mus.append(means)
            sigmas.append(_shared_covariance_mle(R))
        return {"y": Val(np.array(ys)[..., None], True), "mu": Val(np.array(mus), True),
                "Sigma_hat": Val(np.array(sigmas), True)}

    return ctx.numeric(stmt, extra=extra, dims=COVARIANCE_SIZES)
