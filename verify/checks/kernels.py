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
    """w_t after t passes; w_{t-1}, when the formula names it, after one pass fewer.  One t per
    batch (its first trial's), so that a formula may use t as an index too (alpha_t: the
    count of example t, an index the evaluator needs constant within a batch)."""
    earlier = "w_t-1" in {getattr(s, "name", None) for s in stmt.free_symbols}

    def extra(inst):
        x = inst.values["x"].arr
        yr = inst.values["y"].arr[..., 0]
        epochs = np.rint(inst.values["t"].arr).astype(int)
        epochs = np.full_like(epochs, epochs.flat[0])
        ys, ws, alphas, before = [], [], [], []
        for k in range(len(x)):
            y = _labels(yr[k])
            w, a = _perceptron(x[k].T, y, int(epochs[k]))
            ys.append(y)
            ws.append(w)
            alphas.append(a)
            if earlier:
                before.append(_perceptron(x[k].T, y, max(int(epochs[k]) - 1, 0))[0])
        out = {"y": _mval(np.array(ys)[..., None]), "w_t": _mval(np.array(ws)[..., None]),
               "alpha": _mval(np.array(alphas)[..., None]), "t": Val(epochs.astype(float))}
        if earlier:
            out["w_t-1"] = _mval(np.array(before)[..., None])
        return out

    return ctx.numeric(stmt, extra=extra)


# -- Gram quadratic forms ------------------------------------------------------------------------

GRAM_NEGATIVE = 1e-6  # an eigenvalue below -GRAM_NEGATIVE * the form's scale is clearly negative


@register("kernels.gram_form")
def _gram_form(stmt, ctx):
    """'F(c) >= 0 for every c', F a quadratic form in a declared vector c (a Gram form
    sum_ij c_i c_j k(x_i, x_j)): on each instance the form's matrix M is read off F itself,
    M_ii = F(e_i) and M_ij = (F(e_i + e_j) - F(e_i) - F(e_j)) / 2, and where M has an eigenvalue
    that is clearly negative, c is its unit eigenvector, where F is least; elsewhere c stays the
    sampled one.  Random c alone rarely meet a small negative direction: a kernel that is not
    positive semidefinite (exp(-||x - y||^3)) passed 200 of them.  Only a relation whose side is
    exactly quadratic in c (F(2c) = 4 F(c) on the instance) is steered."""
    from ..evaluate import Evaluator

    rel = stmt.relations[0] if len(stmt.relations) == 1 else None
    form = rel.lhs if rel is not None and rel.op in (">=", ">") and rel.rhs == 0 else None
    names = {getattr(s, "name", None) for s in stmt.free_symbols}
    vec = next((d.name for d in ctx.decls if d.domain == "vector" and d.name in names), None)
    if form is None or vec is None:
        return ctx.numeric(stmt)

    def extra(inst):
        c = np.asarray(inst.values[vec].arr, float)
        T, n = c.shape[0], c.shape[-2]
        ev = Evaluator(inst)

        def F(v):
            ev.env[vec] = Val(v, True)
            out = np.asarray(ev(form).arr, float)
            return np.broadcast_to(out.reshape(out.shape[:1]) if out.ndim else out, (T,))

        try:
            with np.errstate(all="ignore"):
                if not np.allclose(F(2 * c), 4 * F(c), rtol=1e-8, atol=1e-12):
                    return {}
                eye = np.eye(n)
                basis = [F(np.broadcast_to(eye[:, [i]], c.shape).copy()) for i in range(n)]
                M = np.zeros((T, n, n))
                for i in range(n):
                    M[:, i, i] = basis[i]
                    for j in range(i):
                        pair = np.broadcast_to((eye[:, i] + eye[:, j])[:, None], c.shape).copy()
                        M[:, i, j] = M[:, j, i] = (F(pair) - basis[i] - basis[j]) / 2
        except Exception:  # noqa: BLE001 - a form the evaluator cannot take: sampled c only
            return {}
        finally:
            ev.env[vec] = inst.values[vec]
        if not np.isfinite(M).all():
            return {}
        lam, vecs = np.linalg.eigh(M)
        scale = np.maximum(1.0, np.abs(M).max(axis=(-1, -2)))
        steer = lam[:, 0] < -GRAM_NEGATIVE * scale
        worst = np.where(steer[:, None, None], vecs[:, :, :1], c)
        return {vec: Val(worst, True)}

    return ctx.numeric(stmt, extra=extra)


# -- the SVM dual function ---------------------------------------------------------------------

class _PerTrial:
    """A function of alpha that is one number per trial (its value at the sampled alpha)."""

    def __init__(self, values: np.ndarray, text: str):
        self.values, self.text = values, text

    def __call__(self, *args: Val) -> Val:
        return Val(self.values.copy())

    def take(self, keep):
        return _PerTrial(self.values[keep], self.text)

    def describe(self, i):
        return f"{self.text}: {round(float(self.values[i]), 6)}"


def _feasible(raw: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Multipliers alpha >= 0 with sum_i alpha_i y_i = 0: the sampled magnitudes, those of the
    positive class rescaled to the negative class's total."""
    a = np.abs(raw) + 0.05
    pos, neg = y > 0, y < 0
    a[pos] *= a[neg].sum() / a[pos].sum()
    return a


def lagrangian_infimum(X: np.ndarray, y: np.ndarray, alpha: np.ndarray) -> float:
    """inf over w of the SVM Lagrangian 1/2 ||w||^2 - sum_i alpha_i [y_i (w^T x_i + b) - 1],
    found numerically (BFGS over w); b drops out because sum_i alpha_i y_i = 0 (for the soft
    margin the slacks drop out too, alpha_i + mu_i = C).  X is N x D, rows the samples."""
    g = (alpha * y) @ X  # the coefficient of w in the linear term

    def f(w):
        return 0.5 * w @ w - g @ w + alpha.sum(), w - g

    res = optimize.minimize(f, np.zeros(X.shape[1]), jac=True, method="BFGS",
                            options={"gtol": 1e-12})
    return float(res.fun)


@register("kernels.svm_dual_function")
def _svm_dual_function(stmt, ctx):
    """The SVM dual's objective L_D(alpha) is the Lagrange dual function: at multipliers alpha >= 0
    with sum_i alpha_i y_i = 0 (where the dual is maximised) it is the infimum of the primal's
    Lagrangian over the weights, computed numerically, never from the closed form."""
    def extra(inst):
        x = inst.values["x"].arr  # (T, D, N): the columns are the samples x_i
        yr = inst.values["y"].arr[..., 0]
        ar = inst.values["alpha"].arr[..., 0]
        ys, alphas, values = [], [], []
        for t in range(len(x)):
            y = _labels(yr[t])
            a = _feasible(ar[t], y)
            ys.append(y)
            alphas.append(a)
            values.append(lagrangian_infimum(x[t].T, y, a))
        inst.functions["L_D"] = _PerTrial(np.array(values), "the infimum of the Lagrangian over w")
        return {"y": _mval(np.array(ys)[..., None]), "alpha": _mval(np.array(alphas)[..., None])}

    return ctx.numeric(stmt, extra=extra, atol=1e-6)
