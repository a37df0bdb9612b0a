"""Custom checks for claims collected from the sheets' leftover lines: continuous convolution of
Gaussian mixtures (closed form), functions with curvature in [mu, L], the probabilistic-PCA scale
maximising the likelihood, free word indices of word2vec, and the parameter count of a dense layer.

Each check injects on every sampled instance what the formula names but the generic engine cannot
produce (a function of a given class, a maximiser found by bisection, a count on a constructed
layer) and ends in the standard numeric comparison, so the canonical statement and each sheet's
version are decided alike.
"""
from __future__ import annotations

import numpy as np

from ..custom import register
from ..evaluate import Val
from ..functions import _p


def _sval(a) -> Val:
    return Val(np.asarray(a, float), False)


class _Fn:
    """A per-trial function injected for a declared name: ``fn(params, x_array) -> array``.
    Parameters have the trial axis first and follow the trial filter (``take``)."""

    def __init__(self, fn, params: dict, text):
        self.fn, self.params, self.text = fn, params, text

    def __call__(self, *args: Val) -> Val:
        (x,) = args
        if x.mat:
            raise ValueError("a function of one real variable got a matrix")
        P = {k: _p(v, x) if v.ndim == 1 else  # a mixture axis goes after x's axes
             v.reshape(v.shape[:1] + (1,) * (x.arr.ndim - 1) + v.shape[1:])
             for k, v in self.params.items()}
        return Val(self.fn(P, x.arr))

    def take(self, keep):
        return _Fn(self.fn, {k: v[keep] for k, v in self.params.items()}, self.text)

    def describe(self, i):
        return self.text({k: np.round(np.asarray(v[i]), 3).tolist() for k, v in self.params.items()})


# -- continuous convolution of Gaussian mixtures ---------------------------------------------------

def _mixture(P, x):
    # P[k]: (trial..., K) broadcast against x (trial..., nodes) with the mixture axis last
    z = (x[..., None] - P["m"]) / P["s"]
    return (P["A"] * np.exp(-0.5 * z * z) / (np.sqrt(2 * np.pi) * P["s"])).sum(axis=-1)


def _draw_mixture(rng, T, K=2):
    return {"A": rng.uniform(0.5, 2.0, (T, K)) * rng.choice([-1.0, 1.0], (T, K)),
            "m": rng.uniform(-2.0, 2.0, (T, K)), "s": rng.uniform(0.3, 1.5, (T, K))}


def _conv_mixtures(a, b, u):
    """(f * h)(u) in closed form: the convolution of N(m1, s1^2) and N(m2, s2^2) densities is the
    N(m1 + m2, s1^2 + s2^2) density, term by term."""
    out = np.zeros_like(u)
    for i in range(a["A"].shape[1]):
        for j in range(b["A"].shape[1]):
            s = np.sqrt(a["s"][:, i] ** 2 + b["s"][:, j] ** 2)
            m = a["m"][:, i] + b["m"][:, j]
            out += a["A"][:, i] * b["A"][:, j] * np.exp(-0.5 * ((u - m) / s) ** 2) / (
                np.sqrt(2 * np.pi) * s)
    return out


def _mixture_text(p):
    return "t ↦ Σ_k A_k N(t; m_k, s_k²) with " + ", ".join(f"{k}={v}" for k, v in p.items())


@register("leftovers.gaussian_convolution")
def _gaussian_convolution(stmt, ctx):
    """f, g, h: mixtures of two scaled Gaussian densities (signed weights, so neither symmetric
    nor positive); F = (f * h)(u) and G = (f * g)(u) in closed form (Gaussian convolution), and
    the other order F_tilde = (h * f)(u), G_tilde = (g * f)(u), for a line that states both."""
    rng = ctx.rng("mixtures")

    def extra(inst):
        T = inst.values["u"].arr.shape[0]
        params = {n: _draw_mixture(rng, T) for n in ("f", "g", "h")}
        for n, p in params.items():
            if n in ctx.decls:
                inst.functions[n] = _Fn(_mixture, p, _mixture_text)
        u = inst.values["u"].arr
        return {"F": _sval(_conv_mixtures(params["f"], params["h"], u)),
                "G": _sval(_conv_mixtures(params["f"], params["g"], u)),
                "F_tilde": _sval(_conv_mixtures(params["h"], params["f"], u)),
                "G_tilde": _sval(_conv_mixtures(params["g"], params["f"], u))}

    return ctx.numeric(stmt, extra=extra)


# -- functions with mu <= f'' <= L -------------------------------------------------------------------

def _softplus_family(P, x):
    return P["a"] * (x - P["b"]) ** 2 + P["c"] * np.logaddexp(0.0, P["d"] * x + P["e"]) + P["g"] * x


def _softplus_text(p):
    return "x ↦ {a}(x - {b})² + {c}·softplus({d}x + {e}) + {g}x".format(**p)


@register("leftovers.curvature_between")
def _curvature_between(stmt, ctx):
    """f: a function that is mu-strongly convex and L-smooth by construction,
    f(x) = a (x - b)^2 + c softplus(d x + e) + g x with f'' = 2a + c d^2 softplus''(dx + e) and
    0 < softplus'' <= 1/4, so mu <= 2a and 2a + c d^2 / 4 <= L.  Half the draws put 2a = mu (f''
    close to mu far from the kink), half put c d^2 / 4 = L - 2a (f'' = L at the kink's centre)."""
    rng = ctx.rng("curvature")

    def extra(inst):
        mu, L = inst.values["mu"].arr, inst.values["L"].arr
        T = mu.shape[0]
        u = lambda lo, hi: rng.uniform(lo, hi, T)  # noqa: E731
        gap = np.maximum(L - mu, 0.0)
        low = rng.random(T) < 0.5
        a = (mu + np.where(low, 0.0, u(0, 1)) * gap) / 2
        d = u(0.5, 2.0)
        c = (L - 2 * a) * 4 / d ** 2 * np.where(low, u(0, 1), 1.0)
        p = {"a": a, "b": u(-2, 2), "c": np.maximum(c, 0.0), "d": d, "e": u(-1, 1), "g": u(-1, 1)}
        inst.functions["f"] = _Fn(_softplus_family, p, _softplus_text)
        return {}

    return ctx.numeric(stmt, extra=extra)


# -- probabilistic PCA ---------------------------------------------------------------------------------

def _ppca_scales(lam, s2, steps=80):
    """rho^2 maximising the PPCA log-likelihood along each eigenvector.  With W = U diag(rho) the
    model covariance C = W W^T + s2 I has eigenvalues rho_i^2 + s2 on the data covariance's
    eigenvectors, so -2/N log-likelihood = sum_i [log(rho_i^2 + s2) + lambda_i / (rho_i^2 + s2)]
    (+ const) separates; each term is minimised over r = rho_i^2 >= 0 by bisection on the sign
    of its derivative 1/(r + s2) - lambda_i/(r + s2)^2, the boundary r = 0 kept where the
    derivative is already non-negative there."""
    lo = np.zeros_like(lam)
    hi = np.broadcast_to(lam.max(axis=-1, keepdims=True) + 1.0, lam.shape).copy()
    deriv = lambda r: 1 / (r + s2) - lam / (r + s2) ** 2  # noqa: E731
    for _ in range(steps):
        mid = (lo + hi) / 2
        up = deriv(mid) > 0
        hi = np.where(up, mid, hi)
        lo = np.where(up, lo, mid)
    r = (lo + hi) / 2
    return np.where(deriv(np.zeros_like(lam)) >= 0, 0.0, r)


@register("leftovers.ppca")
def _ppca(stmt, ctx):
    """lambda_i: the eigenvalues of a random data covariance (d x d, from 2-5 samples so some
    are small); rho_i: the maximiser of the likelihood (``_ppca_scales``).  Both carry an extra
    axis over i, so the statement must hold for every i."""
    rng = ctx.rng("covariances")

    def extra(inst):
        s2 = inst.values["sigma"].arr ** 2
        T = s2.shape[0]
        d = int(rng.integers(2, 5))
        X = rng.normal(size=(T, d, int(rng.integers(2, 6)))) * rng.uniform(0.5, 3, (T, 1, 1))
        S = X @ np.swapaxes(X, -1, -2) / X.shape[-1]
        lam = np.linalg.eigvalsh(S)[:, ::-1]
        rho2 = _ppca_scales(lam, s2[:, None])
        return {"lambda_i": _sval(lam), "rho_i": _sval(np.sqrt(rho2))}

    return ctx.numeric(stmt, extra=extra)


# -- free indices: explicit size configurations ------------------------------------------------------

def _free_index(index: str, bound: str, others: tuple = ()):
    """Sizes drawn per batch with 1 <= index <= bound (a free index must be fixed in a batch)."""

    def check(stmt, ctx):
        r = ctx.rng("configs")
        dims = []
        for _ in range(6):
            cfg = {bound: int(r.integers(2, 6))}
            cfg[index] = int(r.integers(1, cfg[bound] + 1))
            for o in others:
                cfg[o] = int(r.integers(1, 5))
            dims.append(cfg)
        return ctx.numeric(stmt, dims=dims)

    return check


register("leftovers.word_index")(_free_index("v", "N", ("d",)))


# -- parameter count of a dense layer ------------------------------------------------------------------

@register("leftovers.dense_parameters")
def _dense_parameters(stmt, ctx):
    """N: the number of entries of W (m x n) and b (m) of a constructed layer
    F[theta](x) = phi(W x + b) from R^n to R^m, after a forward pass checks the shapes fit."""

    def extra(inst):
        out = []
        for m, n in zip(np.rint(inst.values["m"].arr).astype(int),
                        np.rint(inst.values["n"].arr).astype(int)):
            W, b, x = np.ones((m, n)), np.zeros(m), np.zeros(n)
            y = np.tanh(W @ x + b)
            assert y.shape == (m,)
            out.append(W.size + b.size)
        return {"N": _sval(out)}

    return ctx.numeric(stmt, extra=extra)


# -- piecewise-linear functions as a sum of ReLUs ----------------------------------------------------

def _piecewise(P, x):
    """Evaluate the piecewise-linear function piece by piece: find the piece k of x (number of
    knots left of x) and continue the line from its left knot's value."""
    knots, vals, slopes = P["knots"], P["vals"], P["slopes"]  # (T.., m-1), (T.., m-1), (T.., m)
    X = x[..., None]
    k = (X > knots).sum(axis=-1, keepdims=True)  # 0 .. m-1
    left = np.maximum(k - 1, 0)
    shape = np.broadcast_shapes(X.shape, knots.shape)
    kn = np.take_along_axis(np.broadcast_to(knots, shape), left, -1)
    vl = np.take_along_axis(np.broadcast_to(vals, shape), left, -1)
    sl = np.take_along_axis(np.broadcast_to(slopes, shape[:-1] + slopes.shape[-1:]), k, -1)
    return (vl + sl * (X - kn))[..., 0]


@register("leftovers.piecewise_linear")
def _piecewise_linear(stmt, ctx):
    """g: a continuous piecewise-linear function with m pieces (m - 1 sorted random knots xi_i,
    random slopes), evaluated piece by piece; a = its first slope, b = the first piece's intercept,
    c_i = the slope change at knot xi_i.  The vectors c, xi get an m-th entry (a nonzero c_m at a
    knot inside the sampled range) so a sum running to m is caught."""
    rng = ctx.rng("pieces")

    def extra(inst):
        T, m = inst.values["x"].arr.shape[0], inst.dims["m"]
        knots = np.sort(rng.uniform(-3, 3, (T, m - 1)), axis=-1)
        slopes = rng.uniform(-2, 2, (T, m))
        v0 = rng.uniform(-2, 2, T)
        vals = np.concatenate([v0[:, None], v0[:, None] + np.cumsum(
            slopes[:, 1:-1] * np.diff(knots, axis=-1), axis=-1)], axis=-1)
        inst.functions["g"] = _Fn(_piecewise, {"knots": knots, "vals": vals, "slopes": slopes},
                                  lambda p: f"piecewise linear: knots {p['knots']}, values there "
                                            f"{p['vals']}, slopes {p['slopes']}")
        c = np.concatenate([np.diff(slopes, axis=-1), rng.uniform(1, 2, (T, 1))], axis=-1)
        xi = np.concatenate([knots, rng.uniform(-2, 0, (T, 1))], axis=-1)
        return {"a": _sval(slopes[:, 0]), "b": _sval(v0 - slopes[:, 0] * knots[:, 0]),
                "c": Val(c[..., None], True), "xi": Val(xi[..., None], True)}

    return ctx.numeric(stmt, extra=extra)
