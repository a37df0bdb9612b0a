"""Custom checks of the kernel and margin claims (soft-margin SVM, dual perceptron).

* ``kernels.svm``: the soft-margin SVM is solved twice, independently: the primal
  min 1/2 ||w||^2 + C sum xi_i s.t. y_i (w^T x_i + b) >= 1 - xi_i, xi >= 0 gives w and b, and the
  dual max sum alpha_i - 1/2 sum_ij alpha_i alpha_j y_i y_j x_i^T x_j s.t. 0 <= alpha_i <= C,
  sum alpha_i y_i = 0 gives alpha (both with scipy's SLSQP on these small quadratic programs);
  the formula relates the two.  The labels y are made +-1 with both classes present.
* ``kernels.perceptron``: the perceptron is run twice on the same data and order: the primal
  one updates w <- w + y_i x_i on a mistake, the dual one counts the mistakes alpha_i on each
  example and predicts with sum_j alpha_j y_j x_j^T x_i; w_t is the primal weight after the run.
"""
from __future__ import annotations

import numpy as np
from scipy import optimize

from ..custom import register
from ..evaluate import Val


def _mval(a) -> Val:
    return Val(np.asarray(a, float), True)


def _labels(raw: np.ndarray) -> np.ndarray:
    """+-1 labels from random reals, with at least one of each class."""
    y = np.where(raw >= 0, 1.0, -1.0)
    if np.all(y == y[0]):
        y[np.argmin(np.abs(raw))] *= -1
    return y


def _svm_primal(X, y, C):
    """(w, b) of the soft-margin SVM; X is N x D (rows are samples)."""
    N, D = X.shape

    def f(v):
        w, xi = v[:D], v[D + 1:]
        return 0.5 * w @ w + C * xi.sum()

    def grad(v):
        g = np.zeros_like(v)
        g[:D] = v[:D]
        g[D + 1:] = C
        return g

    A = np.hstack([y[:, None] * X, y[:, None], np.eye(N)])  # A v - 1 >= 0
    cons = [{"type": "ineq", "fun": lambda v: A @ v - 1, "jac": lambda v: A}]
    bounds = [(None, None)] * (D + 1) + [(0, None)] * N
    v0 = np.concatenate([np.zeros(D + 1), np.ones(N) * 2])
    res = optimize.minimize(f, v0, jac=grad, constraints=cons, bounds=bounds, method="SLSQP",
                            options={"ftol": 1e-14, "maxiter": 500})
    return res.x[:D], res.x[D]


def _svm_dual(X, y, C):
    """alpha of the soft-margin SVM dual."""
    N = len(y)
    Q = (y[:, None] * X) @ (y[:, None] * X).T

    def f(a):
        return 0.5 * a @ Q @ a - a.sum()

    def grad(a):
        return Q @ a - 1

    cons = [{"type": "eq", "fun": lambda a: a @ y, "jac": lambda a: y}]
    res = optimize.minimize(f, np.zeros(N), jac=grad, constraints=cons, bounds=[(0, C)] * N,
                            method="SLSQP", options={"ftol": 1e-14, "maxiter": 500})
    return res.x


@register("kernels.svm")
def _svm(stmt, ctx):
    def extra(inst):
        x = inst.values["x"].arr  # (T, D, N): the columns are the samples x_i
        yr = inst.values["y"].arr[..., 0]
        C = inst.values["C"].arr
        ys, ws, bs, alphas = [], [], [], []
        for t in range(len(x)):
            X, y = x[t].T, _labels(yr[t])
            w, b = _svm_primal(X, y, float(C[t]))
            ys.append(y)
            ws.append(w)
            bs.append(b)
            alphas.append(_svm_dual(X, y, float(C[t])))
        out = {"y": _mval(np.array(ys)[..., None]), "w": _mval(np.array(ws)[..., None]),
               "alpha": _mval(np.array(alphas)[..., None])}
        if "b" in ctx.decls:
            out["b"] = Val(np.array(bs))
        return out

    # the two solvers agree to about 1e-8; w = 0 exactly when every alpha_i sits at C
    return ctx.numeric(stmt, extra=extra, atol=1e-6)


def _perceptron(X, y, epochs):
    """Primal weights and dual mistake counts after the same passes over the data."""
    N, D = X.shape
    w = np.zeros(D)
    alpha = np.zeros(N)
    G = X @ X.T
    for _ in range(epochs):
        for i in range(N):
            if y[i] * (w @ X[i]) <= 0:
                w = w + y[i] * X[i]
            if y[i] * ((alpha * y) @ G[:, i]) <= 0:
                alpha[i] += 1
    return w, alpha


@register("kernels.perceptron")
def _perceptron_check(stmt, ctx):
    def extra(inst):
        x = inst.values["x"].arr
        yr = inst.values["y"].arr[..., 0]
        epochs = np.rint(inst.values["t"].arr).astype(int)
        ys, ws, alphas = [], [], []
        for k in range(len(x)):
            y = _labels(yr[k])
            w, a = _perceptron(x[k].T, y, int(epochs[k]))
            ys.append(y)
            ws.append(w)
            alphas.append(a)
        return {"y": _mval(np.array(ys)[..., None]), "w_t": _mval(np.array(ws)[..., None]),
                "alpha": _mval(np.array(alphas)[..., None])}

    return ctx.numeric(stmt, extra=extra)
