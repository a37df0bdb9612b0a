"""Random functions from declared classes (convex, strongly convex, L-smooth, Lipschitz...).

A property "of every convex function" is refuted by one convex function that violates it, so
the families mix shapes that break the usual wrong statements: convex but decreasing somewhere
(refutes f' >= 0), curved in one direction only, with a kink-free softplus part so gradients
exist.  Each family knows its own parameter bound (mu, L) by construction.  Parameters are
per trial (leading axis), like every sampled value.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import ShapeError, Val, _scalarize, _to_batch


def _softplus(x):
    return np.logaddexp(0.0, x)


def _p(arr: np.ndarray, like: Val, extra_axes: int = 0) -> np.ndarray:
    """A per-trial parameter shaped to broadcast against ``like`` (which may carry extra batch
    axes from expectations) and, for matrix arguments, the trailing axes."""
    v = Val(arr, False)
    b = _to_batch(v, like.nbatch)
    return b.reshape(b.shape + (1,) * extra_axes)


@dataclass
class SampledFunction:
    """f with per-trial parameters; callable on ``Val`` arguments."""

    kind: str
    params: dict

    def __call__(self, *args: Val) -> Val:
        (x,) = args
        return getattr(self, "_" + self.kind)(x)

    def take(self, keep) -> "SampledFunction":
        return SampledFunction(self.kind, {k: v[keep] for k, v in self.params.items()})

    # one-variable families: f(x) = a (x - b)^2 + c softplus(d x + e) + g x + k
    def _scalar(self, x: Val) -> Val:
        x = _scalarize(x)
        if x.mat:
            raise ShapeError("takes a number, not a {} x {} matrix".format(*x.mshape))
        P = {k: _p(v, x) for k, v in self.params.items()}
        X = x.arr
        out = P["a"] * (X - P["b"]) ** 2 + P["c"] * _softplus(P["d"] * X + P["e"]) + P["g"] * X
        out = out + P["s"] * np.sin(P["w"] * X) + P["t"] * np.tanh(X) + P["k"]
        return Val(out)

    # R^n -> R: 1/2 x^T Q x + b^T x + c * logsumexp(C x) + s * sum sin(W x) + k
    def _vector(self, x: Val) -> Val:
        self._column(x, self.params["Q"].shape[-1])
        X = x.arr
        Q = self._mat("Q", x)
        b = self._mat("b", x)
        C = self._mat("C", x)
        W = self._mat("W", x)
        c = _p(self.params["c"], x)
        s = _p(self.params["s"], x)
        XT = np.swapaxes(X, -1, -2)
        quad = 0.5 * (XT @ Q @ X)[..., 0, 0] + (np.swapaxes(b, -1, -2) @ X)[..., 0, 0]
        z = (C @ X)[..., 0]
        zmax = z.max(axis=-1, keepdims=True)
        lse = (zmax + np.log(np.exp(z - zmax).sum(axis=-1, keepdims=True)))[..., 0]
        wave = np.sin((W @ X)[..., 0]).sum(axis=-1)
        return Val(quad + c * lse + s * wave + _p(self.params["k"], x))

    def _map(self, x: Val) -> Val:
        self._column(x, self.params["W"].shape[-1])
        W, b = self._mat("W", x), self._mat("b", x)
        return Val(np.tanh(W @ x.arr + b), True)

    @staticmethod
    def _column(x: Val, n: int):
        """A function of a vector in R^n takes a column of n entries: anything else (a row
        x^T, a number) is a size mismatch, which makes the formula not well-formed."""
        if not x.mat:
            raise ShapeError(f"takes a column vector of {n} entries, not a number")
        if x.mshape != (n, 1):
            raise ShapeError("takes a column vector of {} entries, not a {} x {} {}".format(
                n, *x.mshape, "row" if x.mshape[0] == 1 else "matrix"))

    def _mat(self, key, like: Val):
        a = self.params[key]  # (T, r, c)
        v = Val(a, True)
        return _to_batch(v, like.nbatch)

    def describe(self, i: int) -> str:
        p = {k: np.round(np.asarray(v[i]), 3).tolist() for k, v in self.params.items()}
        if self.kind == "scalar":
            return ("x ↦ {a}(x - {b})² + {c}·softplus({d}x + {e}) + {g}x + {s}·sin({w}x)"
                    " + {t}·tanh(x) + {k}").format(**p)
        if self.kind == "vector":
            return ("x ↦ ½xᵀQx + bᵀx + c·logsumexp(Cx) + s·Σsin(Wx) with "
                    + ", ".join(f"{k}={v}" for k, v in p.items()))
        return "x ↦ tanh(Wx + b) with " + ", ".join(f"{k}={v}" for k, v in p.items())


def _arg(d, i, scalars, default=None):
    if len(d.args) <= i:
        return default
    a = d.args[i]
    if isinstance(a, (int, float)):
        return float(a)
    return scalars[a]


def _zeros(T):
    return np.zeros(T)


def _constant(rng, T: int) -> np.ndarray:
    """A constant term of either sign per trial: without it every convex draw has f(0) >= 0,
    so 'f(0) >= 0' or Jensen's bound with the weights dropped passed.  Drawn from a child
    generator, so every other draw (and every verdict that does not see the constant) is the
    same as without it."""
    return rng.spawn(1)[0].uniform(-2, 2, T)


def sample_function(d, rng, T: int, scalars: dict, dims: dict) -> SampledFunction:
    """Draw one function per trial from the class the declaration names."""
    dom = d.domain
    n = d.function_arity
    if not isinstance(n, int):
        n = dims[n]
    if dom == "vecfunction":
        m = d.args[0] if isinstance(d.args[0], int) else dims[d.args[0]]
        return SampledFunction("map", {"W": rng.normal(size=(T, m, n)),
                                       "b": rng.normal(size=(T, m, 1))})
    if n > 1 or (dom in {"function", "convex"} and d.args):
        return _vector_function(d, rng, T, n, scalars)
    u = lambda lo, hi: rng.uniform(lo, hi, T)  # noqa: E731
    z = _zeros(T)
    base = {"a": z, "b": z, "c": z, "d": z, "e": z, "g": z, "s": z, "w": z, "t": z}
    if dom == "function":
        p = dict(base, a=u(-1, 1), b=u(-1, 1), g=u(-1, 1), s=u(-2, 2), w=u(0.5, 2), t=u(-1, 1))
    elif dom == "convex":
        # half the draws are decreasing somewhere; some are pure linear (convex, not strictly)
        p = dict(base, a=u(0, 1.5) * (rng.random(T) < 0.8), b=u(-2, 2), c=u(0, 2),
                 d=u(-2, 2), e=u(-1, 1), g=u(-1, 1))
    elif dom == "strongly_convex":
        mu = _arg(d, 0, scalars)
        # f'' = 2a + c d^2 sigma' >= 2a = mu + extra
        p = dict(base, a=mu / 2 + u(0, 1) * (rng.random(T) < 0.5), b=u(-2, 2), c=u(0, 2),
                 d=u(-2, 2), e=u(-1, 1), g=u(-1, 1))
    elif dom == "smooth":
        L = _arg(d, 0, scalars)
        # f'' = 2a + c d^2 softplus'' <= 2a + c d^2 / 4 <= L
        share = u(0, 1)
        dd = u(0.5, 2)
        p = dict(base, a=L * share / 2, b=u(-2, 2), c=L * (1 - share) * 4 / dd ** 2, d=dd,
                 e=u(-1, 1), g=u(-1, 1))
    elif dom == "lipschitz":
        L = _arg(d, 0, scalars)
        share = u(0, 1)
        # |f'| <= |s w| + |t| <= L
        p = dict(base, s=L * share, w=np.ones(T), t=L * (1 - share) * np.sign(u(-1, 1)))
    elif dom == "nondecreasing_convex":
        p = dict(base, c=u(0.1, 2), d=u(0.1, 2), e=u(-1, 1), g=u(0, 1))
    else:  # pragma: no cover
        raise ValueError(dom)
    p["k"] = _constant(rng, T)
    return SampledFunction("scalar", p)


def _vector_function(d, rng, T, n, scalars) -> SampledFunction:
    dom = d.domain
    k = n + 1
    B = rng.normal(size=(T, n, n))
    Q = B @ np.swapaxes(B, -1, -2) / n
    params = {"b": rng.normal(size=(T, n, 1)), "C": rng.normal(size=(T, k, n)),
              "W": rng.normal(size=(T, k, n)), "c": rng.uniform(0, 1, T), "s": np.zeros(T)}
    eye = np.eye(n)
    if dom == "function":
        S = rng.normal(size=(T, n, n))
        params.update(Q=(S + np.swapaxes(S, -1, -2)) / 2, s=rng.uniform(0.5, 1.5, T))
    elif dom == "convex":
        params.update(Q=Q)
    elif dom == "strongly_convex":
        mu = _arg(d, 0, scalars)
        params.update(Q=Q + mu[:, None, None] * eye)
    elif dom == "smooth":
        L = _arg(d, 0, scalars)
        # Hessian = Q + c C^T (diag p - p p^T) C <= (lmax(Q) + c ||C||^2 / 2) I <= L I
        lq = np.linalg.eigvalsh(Q)[:, -1]
        nc = np.linalg.norm(params["C"], ord=2, axis=(-2, -1)) ** 2
        share = rng.uniform(0.2, 0.8, T)
        Q = Q * (L * share / lq)[:, None, None]
        params.update(Q=Q, c=L * (1 - share) * 2 / nc)
    else:
        raise ValueError(f"no vector family for {dom}")
    params["k"] = _constant(rng, T)
    return SampledFunction("vector", params)
