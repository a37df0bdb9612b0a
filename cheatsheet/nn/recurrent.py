"""Recurrent cells (forward) in PyTorch layout, and the diagonal linear recurrence (LRU).

Cells take x (B, n_in) and h (B, H) with torch weights ``w_ih`` (G*H, n_in), ``w_hh`` (G*H, H)
and optional biases (G*H,); gate order as in PyTorch: LSTM i, f, g, o; GRU r, z, n.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, same_dtype, shape_error

__all__ = ["rnn_cell", "lstm_cell", "gru_cell", "lru_eigenvalues", "lru", "sample_ring"]


def _sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * z))


def _gates(x, h, w_ih, w_hh, b_ih, b_hh, n_gates, what):
    x = as_float_array(x, "x", 2)
    h = as_float_array(h, "h", 2)
    w_ih = as_float_array(w_ih, "w_ih", 2)
    w_hh = as_float_array(w_hh, "w_hh", 2)
    b_ih = None if b_ih is None else as_float_array(b_ih, "b_ih", 1)
    b_hh = None if b_hh is None else as_float_array(b_hh, "b_hh", 1)
    same_dtype(x=x, h=h, w_ih=w_ih, w_hh=w_hh, b_ih=b_ih, b_hh=b_hh)
    bsz, hid = h.shape
    if x.shape[0] != bsz:
        raise shape_error(f"{what}: x and h must have the same batch size", x=x, h=h)
    if w_ih.shape != (n_gates * hid, x.shape[1]) or w_hh.shape != (n_gates * hid, hid):
        raise shape_error(f"{what}: expected w_ih ({n_gates * hid}, {x.shape[1]}) and "
                          f"w_hh ({n_gates * hid}, {hid})", x=x, h=h, w_ih=w_ih, w_hh=w_hh)
    for name, b in (("b_ih", b_ih), ("b_hh", b_hh)):
        if b is not None and b.shape != (n_gates * hid,):
            raise shape_error(f"{what}: {name} must be ({n_gates * hid},)", **{name: b})
    gi = x @ w_ih.T + (0 if b_ih is None else b_ih)
    gh = h @ w_hh.T + (0 if b_hh is None else b_hh)
    return gi, gh, hid


def rnn_cell(x, h, w_ih, w_hh, b_ih=None, b_hh=None, nonlinearity: str = "tanh") -> np.ndarray:
    """Elman cell ``h' = phi(x W_ih^T + b_ih + h W_hh^T + b_hh)``, phi = tanh or relu."""
    gi, gh, _ = _gates(x, h, w_ih, w_hh, b_ih, b_hh, 1, "rnn_cell")
    if nonlinearity == "tanh":
        return np.tanh(gi + gh)
    if nonlinearity == "relu":
        return np.maximum(gi + gh, 0)
    raise ValueError(f"nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")


def lstm_cell(x, state, w_ih, w_hh, b_ih=None, b_hh=None) -> tuple[np.ndarray, np.ndarray]:
    """LSTM cell; ``state = (h, c)``; returns ``(h', c')`` with
    ``c' = f*c + i*g``, ``h' = o*tanh(c')`` (i, f, o sigmoid, g tanh; torch gate order i, f, g, o)."""
    h, c = state
    c = as_float_array(c, "c", 2)
    gi, gh, hid = _gates(x, h, w_ih, w_hh, b_ih, b_hh, 4, "lstm_cell")
    if c.shape != np.shape(h):
        raise shape_error("lstm_cell: h and c must have the same shape", h=h, c=c)
    z = gi + gh
    i, f, g, o = (z[:, j * hid:(j + 1) * hid] for j in range(4))
    c_new = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
    return _sigmoid(o) * np.tanh(c_new), c_new


def gru_cell(x, h, w_ih, w_hh, b_ih=None, b_hh=None) -> np.ndarray:
    """GRU cell (torch convention): r, z gates; ``n = tanh(W_in x + b_in + r*(W_hn h + b_hn))``;
    ``h' = (1 - z)*n + z*h``."""
    gi, gh, hid = _gates(x, h, w_ih, w_hh, b_ih, b_hh, 3, "gru_cell")
    r = _sigmoid(gi[:, :hid] + gh[:, :hid])
    z = _sigmoid(gi[:, hid:2 * hid] + gh[:, hid:2 * hid])
    n = np.tanh(gi[:, 2 * hid:] + r * gh[:, 2 * hid:])
    return (1 - z) * n + z * np.asarray(h)


def lru_eigenvalues(nu, phi) -> np.ndarray:
    """LRU diagonal ``lambda = exp(-exp(nu) + i*phi)``: ``|lambda| = exp(-exp(nu))`` lies in (0, 1)
    for every real nu (up to floating-point rounding at extreme nu)."""
    nu = as_float_array(nu, "nu", 1)
    phi = as_float_array(phi, "phi", 1)
    if nu.shape != phi.shape:
        raise shape_error("lru_eigenvalues: nu and phi must have the same shape", nu=nu, phi=phi)
    return np.exp(-np.exp(nu) + 1j * phi)


def lru(x, nu, phi, b, c, d=None, h0=None) -> np.ndarray:
    """Diagonal linear recurrence ``h_t = lambda * h_{t-1} + B x_t``, ``y_t = Re(C h_t) + D x_t``.

    x (batch, T, n_in) real; nu, phi (N,); b (N, n_in) complex or real; c (n_out, N);
    d (n_out, n_in) or None; h0 (batch, N) or None (zeros). Returns y (batch, T, n_out)."""
    x = as_float_array(x, "x", 3)
    lam = lru_eigenvalues(nu, phi)
    b = np.asarray(b)
    c = np.asarray(c)
    n = lam.shape[0]
    if b.shape != (n, x.shape[2]):
        raise shape_error(f"lru: b must be ({n}, {x.shape[2]})", b=b, x=x, nu=nu)
    if c.ndim != 2 or c.shape[1] != n:
        raise shape_error(f"lru: c must be (n_out, {n})", c=c, nu=nu)
    if d is not None and np.shape(d) != (c.shape[0], x.shape[2]):
        raise shape_error(f"lru: d must be ({c.shape[0]}, {x.shape[2]})", d=d, x=x)
    h = np.zeros((x.shape[0], n), dtype=complex) if h0 is None else np.array(h0, dtype=complex)
    if h.shape != (x.shape[0], n):
        raise shape_error(f"lru: h0 must be ({x.shape[0]}, {n})", h0=h, x=x)
    u = x @ b.T                                # (batch, T, N)
    hs = np.empty_like(u, dtype=complex)
    for t in range(x.shape[1]):
        h = lam * h + u[:, t]
        hs[:, t] = h
    y = (hs @ c.T).real
    if d is not None:
        y = y + x @ np.asarray(d).T
    return y.astype(x.dtype)


def sample_ring(n: int, r_min: float, r_max: float, rng: np.random.Generator) -> np.ndarray:
    """n complex numbers uniform (by area) on the ring r_min <= |z| <= r_max:
    ``|z| = sqrt(u1 (r_max^2 - r_min^2) + r_min^2)``, ``arg z = 2 pi u2``, u1, u2 ~ U(0, 1)."""
    if not 0 <= r_min < r_max:
        raise ValueError(f"need 0 <= r_min < r_max, got r_min={r_min}, r_max={r_max}")
    u1, u2 = rng.random(n), rng.random(n)
    return np.exp(0.5 * np.log(u1 * (r_max ** 2 - r_min ** 2) + r_min ** 2) + 2j * np.pi * u2)
