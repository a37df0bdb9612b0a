"""Graph operators: adjacency normalisation, the GCN layer, Laplacians, spectral filters.

Nodes are rows: features X are (M, F) for M nodes, the adjacency A is (M, M), symmetric with
non-negative weights for the spectral functions. Degrees are row sums. Eigenvalues are
returned in ascending order (``numpy.linalg.eigh``), eigenvectors as the columns of U.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._checks import as_float_array, same_dtype, shape_error

__all__ = [
    "add_self_loops", "normalized_adjacency", "gcn_layer", "laplacian",
    "normalized_laplacian", "graph_fourier_basis", "spectral_conv",
    "polynomial_filter", "chebyshev_filter",
]


def _adjacency(a, name="A", symmetric=False) -> np.ndarray:
    a = as_float_array(a, name, 2)
    if a.shape[0] != a.shape[1]:
        raise shape_error(f"{name} must be square (M, M)", **{name: a})
    if symmetric and not np.allclose(a, a.T):
        raise ValueError(f"{name} must be symmetric (undirected graph), shape {a.shape}")
    if (a < 0).any():
        raise ValueError(f"{name} must have non-negative weights, shape {a.shape}")
    return a


def add_self_loops(a) -> np.ndarray:
    """``A + I``."""
    a = _adjacency(a)
    return a + np.eye(a.shape[0], dtype=a.dtype)


def _inv_sqrt_degree(a):
    d = a.sum(axis=1)
    with np.errstate(divide="ignore"):
        r = np.where(d > 0, 1 / np.sqrt(np.where(d > 0, d, 1)), 0)
    return r.astype(a.dtype)


def normalized_adjacency(a, self_loops: bool = True) -> np.ndarray:
    """GCN propagation matrix ``D^{-1/2} (A + I) D^{-1/2}`` with D the degrees of A + I
    (``self_loops=False``: ``D^{-1/2} A D^{-1/2}``, isolated nodes get 0). Its eigenvalues
    lie in [-1, 1] and the largest is 1."""
    a = _adjacency(a)
    if self_loops:
        a = a + np.eye(a.shape[0], dtype=a.dtype)
    r = _inv_sqrt_degree(a)
    return r[:, None] * a * r[None, :]


def gcn_layer(x, a, w, bias=None, activation: Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """One GCN layer ``activation(A_hat X W + b)`` with ``A_hat = normalized_adjacency(A)``.

    x (M, F), a (M, M), w (F, F_out), bias (F_out,) or None; activation defaults to ReLU
    (pass ``lambda z: z`` for none). Returns (M, F_out)."""
    x = as_float_array(x, "x", 2)
    w = as_float_array(w, "w", 2)
    a = _adjacency(a)
    b = None if bias is None else as_float_array(bias, "bias", 1)
    same_dtype(x=x, a=a, w=w, bias=b)
    if a.shape[0] != x.shape[0]:
        raise shape_error("gcn_layer: A must be (M, M) for x of shape (M, F)", x=x, a=a)
    if w.shape[0] != x.shape[1]:
        raise shape_error("gcn_layer: w must be (F, F_out) for x of shape (M, F)", x=x, w=w)
    if b is not None and b.shape != (w.shape[1],):
        raise shape_error("gcn_layer: bias must be (F_out,)", bias=b, w=w)
    z = normalized_adjacency(a) @ x @ w
    if b is not None:
        z = z + b
    return np.maximum(z, 0) if activation is None else activation(z)


def laplacian(a) -> np.ndarray:
    """Combinatorial Laplacian ``L = D - A``; ``x^T L x = 1/2 sum_uv A_uv (x_u - x_v)^2``."""
    a = _adjacency(a)
    return np.diag(a.sum(axis=1)) - a


def normalized_laplacian(a) -> np.ndarray:
    """Normalised Laplacian ``I - D^{-1/2} A D^{-1/2}`` (no self loops; isolated nodes keep a
    1 on the diagonal). Eigenvalues in [0, 2]."""
    a = _adjacency(a)
    return np.eye(a.shape[0], dtype=a.dtype) - normalized_adjacency(a, self_loops=False)


def graph_fourier_basis(lap) -> tuple[np.ndarray, np.ndarray]:
    """Eigen-decomposition ``L = U diag(lam) U^T`` of a symmetric Laplacian; returns (lam, U)
    with ascending eigenvalues. The graph Fourier transform of x is ``U^T x``."""
    lap = _symmetric(lap, "L")
    lam, u = np.linalg.eigh(lap)
    return lam, u


def _symmetric(m, name):
    m = as_float_array(m, name, 2)
    if m.shape[0] != m.shape[1] or not np.allclose(m, m.T):
        raise ValueError(f"{name} must be a symmetric square matrix, got shape {m.shape}")
    return m


def _signal(x, m, name="x"):
    x = as_float_array(x, name, (1, 2))
    if x.shape[0] != m.shape[0]:
        raise shape_error(f"{name} must have one row per node", **{name: x}, L=m)
    return x


def spectral_conv(x, lap, g) -> np.ndarray:
    """Spectral filtering ``U g(Lambda) U^T x``. ``g`` is a callable applied to the eigenvalues
    or an array of M per-eigenvalue gains (ascending eigenvalue order). x: (M,) or (M, F)."""
    lam, u = graph_fourier_basis(lap)
    x = _signal(x, lap)
    gains = g(lam) if callable(g) else as_float_array(g, "g", 1)
    if np.shape(gains) != lam.shape:
        raise shape_error("spectral_conv: g must give one gain per eigenvalue", g=gains, L=lap)
    xh = u.T @ x
    return u @ (gains.reshape((-1,) + (1,) * (x.ndim - 1)) * xh)


def polynomial_filter(x, lap, alphas) -> np.ndarray:
    """``sum_k alphas[k] L^k x`` (k = 0..K) by repeated products, no eigen-decomposition."""
    lap = as_float_array(lap, "L", 2)
    x = _signal(x, lap)
    alphas = np.asarray(alphas, dtype=float)
    if alphas.ndim != 1 or alphas.size == 0:
        raise ValueError(f"alphas must be a non-empty 1-D sequence, got shape {alphas.shape}")
    out = alphas[0] * x
    p = x
    for a_k in alphas[1:]:
        p = lap @ p
        out = out + a_k * p
    return out


def chebyshev_filter(x, lap, thetas, lambda_max: float | None = None) -> np.ndarray:
    """Chebyshev filter ``sum_k thetas[k] T_k(L~) x`` with ``L~ = 2 L / lambda_max - I`` and the
    recurrence T_0 = 1, T_1 = t, T_k = 2 t T_{k-1} - T_{k-2}. lambda_max defaults to the largest
    eigenvalue of L."""
    lap = _symmetric(lap, "L")
    x = _signal(x, lap)
    thetas = np.asarray(thetas, dtype=float)
    if thetas.ndim != 1 or thetas.size == 0:
        raise ValueError(f"thetas must be a non-empty 1-D sequence, got shape {thetas.shape}")
    lmax = float(np.linalg.eigvalsh(lap)[-1]) if lambda_max is None else float(lambda_max)
    if lmax <= 0:
        raise ValueError(f"lambda_max must be positive, got {lmax}")
    lt = 2 * lap / lmax - np.eye(lap.shape[0], dtype=lap.dtype)
    t_prev, t_cur = x, lt @ x
    out = thetas[0] * t_prev
    if thetas.size > 1:
        out = out + thetas[1] * t_cur
    for th in thetas[2:]:
        t_prev, t_cur = t_cur, 2 * (lt @ t_cur) - t_prev
        out = out + th * t_cur
    return out
