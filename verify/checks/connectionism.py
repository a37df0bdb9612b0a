"""Custom checks of the connectionism claims that need a constructed network: the Jacobians of a
stack of residual blocks.

A derivative by a matrix parameter Theta (d x d) is laid out as a derivative by vec(Theta)
(row-major, d^2 entries), so the derivative of a vector in R^d by Theta is a d x d^2 matrix and
the chain rule is a matrix product.  Every derivative is a central difference through the
network's forward pass; nothing is taken from a formula.
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from .nn import _batch, _fd, mval, sval


def _block(y, theta, c, alpha):
    """One residual block y -> alpha f(y, Theta) + y with f(y, Theta) = tanh(Theta y + c)."""
    return alpha * np.tanh(theta @ y + c) + y


def _jac(fn, x, h=1e-30):
    """Numerator-layout Jacobian of the vector map fn at the array x (flattened row-major), by
    the complex step: Im fn(x + i h e_j) / h is the derivative to machine precision.  A central
    difference loses digits to cancellation: next to values of 100 (a saturated stack with a
    large alpha) a derivative of 1e-6 came out with a relative error of 1e-5 and refuted a true
    chain rule.  Every map here (tanh, matrix products, the loss) is analytic."""
    flat = np.asarray(x, float).ravel().astype(complex)
    cols = []
    for j in range(flat.size):
        z = flat.copy()
        z[j] += 1j * h
        cols.append(np.imag(np.asarray(fn(z.reshape(np.shape(x))))).ravel() / h)
    return np.stack(cols, axis=1)


def _grad(fn, x):
    """Gradient of the scalar map fn at the array x, shaped like x (complex step, as _jac)."""
    return _jac(fn, x).reshape(np.shape(x))


@register("connectionism.residual_jacobians")
def _residual_jacobians(stmt, ctx):
    """n residual blocks y_i = alpha f(y_{i-1}, Theta_i) + y_{i-1} from y_0 = x with
    f(y, Theta) = tanh(Theta y + c_i) and the loss l = L(y_n) = sum c . tanh(y_n) + |y_n|^2 / 2;
    one block k per batch.  Values (derivatives by Theta_k are by vec(Theta_k), d x d^2):
    Y = dy_k/dTheta_k, F = df(y_{k-1}, Theta_k)/dTheta_k, Z = dy_{k-1}/dTheta_k (zero: y_{k-1}
    comes before Theta_k), A = df(y_{k-1}, Theta_k)/dy_{k-1} (d x d), h = dL/dy_n as a column,
    M = dy_n/dy_k (d x d), R = dl/dTheta_k as a 1 x d^2 row."""
    rng = ctx.rng("residual")
    r = ctx.rng("configs")
    dims = []
    for _ in range(4):
        d = int(r.integers(1, 4))
        dims.append({"d": d, "e": d * d})

    def extra(inst):
        d = inst.dims["d"]
        B = _batch(inst)
        alpha = inst.values["alpha"].arr
        n = int(rng.integers(2, 5))
        k = int(rng.integers(1, n + 1))
        out = {name: np.zeros((B,) + shape) for name, shape in
               (("Y", (d, d * d)), ("F", (d, d * d)), ("Z", (d, d * d)), ("A", (d, d)),
                ("h", (d, 1)), ("M", (d, d)), ("R", (1, d * d)))}
        for s in range(B):
            a = float(np.broadcast_to(alpha, (B,))[s])
            thetas = rng.normal(size=(n, d, d)) / np.sqrt(d)
            cs = rng.normal(size=(n, d))
            x = rng.normal(size=d)
            cl = rng.normal(size=d)

            def run(ths, start=0, y=x):
                for i in range(start, n):
                    y = _block(y, ths[i], cs[i], a)
                return y

            def with_theta(t):
                ths = thetas.astype(np.result_type(thetas, t))  # complex under the complex step
                ths[k - 1] = t
                return ths

            ys = [x]
            for i in range(n):
                ys.append(_block(ys[-1], thetas[i], cs[i], a))
            prev = ys[k - 1]
            loss = lambda y: cl @ np.tanh(y) + 0.5 * y @ y  # noqa: E731
            out["Y"][s] = _jac(lambda t: _block(prev, t, cs[k - 1], a), thetas[k - 1])
            out["F"][s] = _jac(lambda t: np.tanh(t @ prev + cs[k - 1]), thetas[k - 1])
            out["Z"][s] = _jac(lambda t: _prefix(with_theta(t), cs, x, a, k - 1), thetas[k - 1])
            out["A"][s] = _jac(lambda y: np.tanh(thetas[k - 1] @ y + cs[k - 1]), prev)
            out["h"][s, :, 0] = _grad(loss, ys[n])
            out["M"][s] = _jac(lambda y: run(thetas, k, y), ys[k])
            out["R"][s, 0] = _grad(lambda t: loss(run(with_theta(t))), thetas[k - 1]).ravel()
        vals = {name: mval(v) for name, v in out.items()}
        vals["k"] = sval(np.full(B, k))
        return vals

    return ctx.numeric(stmt, extra=extra, dims=dims)


def _prefix(thetas, cs, x, alpha, upto):
    """y_upto: the output of the first ``upto`` blocks (x itself when upto = 0)."""
    y = x
    for i in range(upto):
        y = _block(y, thetas[i], cs[i], alpha)
    return y


@register("connectionism.linear_layer_gradient")
def _linear_layer_gradient(stmt, ctx):
    """A linear layer y_bar = W h_bar (W: m x n, h_bar: n, both sampled) under the loss
    L = sum c . tanh(y_bar) + |y_bar|^2 / 2.  In numerator layout: g = dL/dy_bar, a 1 x m row,
    and G = dL/dW, n x m (the transpose of W's shape); both central differences of L."""
    rng = ctx.rng("linear layer")

    def extra(inst):
        W, h = inst.values["W"].arr, inst.values["h_bar"].arr
        B, m, n = W.shape
        G, g = np.zeros((B, n, m)), np.zeros((B, 1, m))
        for s in range(B):
            c = rng.normal(size=m)
            loss = lambda y: float(c @ np.tanh(y) + 0.5 * y @ y)  # noqa: E731
            g[s, 0] = _fd(loss, W[s] @ h[s, :, 0])
            G[s] = _fd(lambda M: loss(M @ h[s, :, 0]), W[s]).T
        return {"G": mval(G), "g": mval(g)}

    return ctx.numeric(stmt, extra=extra)
