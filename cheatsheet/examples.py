"""Worked examples: small, seeded computations that show a fact from the cheat sheets' CNN,
attention, graph and recurrent sections, and check it.

``EXAMPLES`` maps a lowercase-hyphenated name to an ``Example``; ``Example.run(out, seed)``
prints what it shows through ``out`` (one plain-text line per call) and returns whether the
shown property held. Keyword "variants" (e.g. a different formula) can be passed to ``run`` to
show that a wrong statement is detected. ``run_example(name)`` returns a process exit code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import product
from typing import Callable

import numpy as np

from . import seeds

from . import nn

Out = Callable[[str], None]

__all__ = ["Example", "EXAMPLES", "run_example", "example_names"]


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    func: Callable[..., bool]

    def run(self, out: Out = print, seed: int = 0, **variant) -> bool:
        """Print the example through ``out``; return True iff the shown property held."""
        return bool(self.func(out, seed, **variant))


EXAMPLES: dict[str, Example] = {}


def _example(name: str, title: str):
    def deco(func):
        EXAMPLES[name] = Example(name, title, func)
        return func
    return deco


def example_names() -> list[str]:
    return list(EXAMPLES)


def run_example(name: str, out: Out = print, seed: int = 0) -> int:
    """Run one example; exit code 0 if its property held, 1 if it failed. Unknown names raise KeyError."""
    if name not in EXAMPLES:
        raise KeyError(f"unknown example {name!r}; known: {', '.join(EXAMPLES)}")
    ex = EXAMPLES[name]
    out(f"== {ex.name}: {ex.title}")
    held = ex.run(out, seed)
    out(f"-> {'HOLDS' if held else 'FAILS'}")
    return 0 if held else 1


def _verdict(out: Out, ok: bool, what: str) -> bool:
    out(f"[{'ok' if ok else 'FAIL'}] {what}")
    return ok


def _fmt(a: np.ndarray, digits: int = 0) -> list[str]:
    a = np.atleast_2d(a)
    w = max(len(f"{v:.{digits}f}") for v in a.ravel())
    return ["  " + " ".join(f"{v:{w}.{digits}f}" for v in row) for row in a]


# ------------------------------------------------------------------------------ CNN


def output_size(n, k, p, s, d=1):
    """floor((n + 2p - d(k-1) - 1)/s) + 1 (the correct formula)."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


@_example("channels", "7x7x3 input, two 3x3x3 filters, stride 2 -> 3x3x2 output")
def _channels(out: Out, seed: int, formula_stride: int | None = None) -> bool:
    rng = seeds.rng(seed)
    x = rng.integers(0, 3, (1, 3, 7, 7)).astype(float)  # 5x5x3 image with a zero border of 1
    x[:, :, 0, :] = x[:, :, -1, :] = x[:, :, :, 0] = x[:, :, :, -1] = 0
    w = rng.integers(-1, 2, (2, 3, 3, 3)).astype(float)
    b = np.array([1.0, 0.0])
    y = nn.conv2d(x, w, b, stride=2)
    for c in range(3):
        out(f"input channel {c} (7x7):")
        for line in _fmt(x[0, c]):
            out(line)
    for k in range(2):
        out(f"filter W{k} (3 channels of 3x3), bias {b[k]:g}:")
        for c in range(3):
            for line in _fmt(w[k, c]):
                out(line)
            out("  --")
    for k in range(2):
        out(f"output channel {k} (3x3) = sum over the 3 channels of the windows * W{k} + b{k}:")
        for line in _fmt(y[0, k]):
            out(line)
    s = 2 if formula_stride is None else formula_stride
    ok = _verdict(out, y.shape == (1, 2, 3, 3), f"output shape (N, K, H, W) = {y.shape}, i.e. 3x3x2")
    # recompute one entry by hand: y[k, i, j] = b_k + sum_{c,p,q} w[k,c,p,q] x[c, s*i+p, s*j+q]
    i, j, k = 1, 2, 1
    window = x[0, :, s * i:s * i + 3, s * j:s * j + 3]
    manual = b[k] + float((w[k] * window).sum()) if window.shape == (3, 3, 3) else float("nan")
    out(f"by hand: y[{k},{i},{j}] = b{k} + sum(W{k} * x[:, {s}*{i}:{s}*{i}+3, {s}*{j}:{s}*{j}+3]) = {manual:g}")
    ok &= _verdict(out, manual == y[0, k, i, j], f"the layer gives {y[0, k, i, j]:g}")
    return ok


def sheet_param_formulas(m, n, c, p, q, k):
    """The parameter counts as printed in sheets 001/003 (section 12.10)."""
    oh, ow = m - p + 1, n - q + 1
    return {"conv": k * (p * q * c + 1), "fully": m * n * c * (oh * ow + 1) * k,
            "local": p * q * c * (oh * ow + 1) * k}


def correct_param_formulas(m, n, c, p, q, k):
    """Weights plus one bias per output unit (fully/locally connected) or per kernel (conv)."""
    oh, ow = m - p + 1, n - q + 1
    return {"conv": k * (p * q * c + 1), "fully": (m * n * c + 1) * oh * ow * k,
            "local": (p * q * c + 1) * oh * ow * k}


@_example("param-counts", "parameters of conv vs fully vs locally connected layers with the same outputs")
def _param_counts(out: Out, seed: int, formulas=correct_param_formulas) -> bool:
    rng = seeds.rng(seed)
    ok = True
    for (m, n, c, p, q, k) in [(7, 6, 3, 3, 2, 2), (8, 8, 1, 3, 3, 4), (5, 9, 2, 5, 4, 3)]:
        oh, ow = m - p + 1, n - q + 1
        x = rng.standard_normal((1, c, m, n))
        # convolutional layer: K kernels p x q x c, one bias each
        conv_w, conv_b = rng.standard_normal((k, c, p, q)), rng.standard_normal(k)
        y = nn.conv2d(x, conv_w, conv_b)
        # locally connected: its own p x q x c kernel and bias per output unit (here tied to the conv values)
        lc_w = np.broadcast_to(conv_w[:, None, None], (k, oh, ow, c, p, q)).copy()
        lc_b = np.broadcast_to(conv_b[:, None, None], (k, oh, ow)).copy()
        y_lc = np.einsum("kijcpq,cijpq->kij", lc_w,
                         np.lib.stride_tricks.sliding_window_view(x[0], (p, q), axis=(1, 2))) + lc_b
        # fully connected: every output unit sees all m*n*c inputs
        fc_w = np.zeros((k * oh * ow, c * m * n))
        for kk, i, j in product(range(k), range(oh), range(ow)):
            tmp = np.zeros((c, m, n))
            tmp[:, i:i + p, j:j + q] = conv_w[kk]
            fc_w[(kk * oh + i) * ow + j] = tmp.ravel()
        fc_b = np.repeat(conv_b, oh * ow)
        y_fc = (fc_w @ x.ravel() + fc_b).reshape(k, oh, ow)
        same = np.allclose(y[0], y_lc) and np.allclose(y[0], y_fc)
        counted = {"conv": conv_w.size + conv_b.size, "local": lc_w.size + lc_b.size, "fully": fc_w.size + fc_b.size}
        f = formulas(m, n, c, p, q, k)
        sheet = sheet_param_formulas(m, n, c, p, q, k)
        out(f"input {m}x{n}x{c}, K={k} kernels {p}x{q}, valid, stride 1 -> output {oh}x{ow}x{k}"
            f" (all three layers give the same output: {same})")
        out(f"  {'layer':<7}{'counted':>10}{'formula':>10}{'sheets 001/003':>16}")
        for name in ("conv", "fully", "local"):
            out(f"  {name:<7}{counted[name]:>10}{f[name]:>10}{sheet[name]:>16}")
        ok &= same and all(counted[name] == f[name] for name in counted)
    out("formulas: conv K(pqc+1); fully (mnc+1)(m-p+1)(n-q+1)K; locally (pqc+1)(m-p+1)(n-q+1)K")
    return _verdict(out, ok, "counted parameters equal the formulas")


def sheet_002_output_size(n, k, p, s, d=1):
    """Sheet 002 as printed: floor((n + 2P - K)/2) + 1 (the stride replaced by 2, no dilation)."""
    return (n + 2 * p - k) // 2 + 1


@_example("output-size-grid", "output size floor((n+2p-d(k-1)-1)/s)+1 against actual output shapes")
def _output_size_grid(out: Out, seed: int, formula=output_size) -> bool:
    bad, total, bad_sheet = [], 0, 0
    x_cache = {}
    for n, k, p, s, d in product(range(4, 12), (1, 2, 3, 5), (0, 1, 2), (1, 2, 3), (1, 2)):
        if n + 2 * p < d * (k - 1) + 1:
            continue
        x = x_cache.setdefault(n, np.zeros((1, 1, n, n)))
        actual = nn.conv2d(x, np.zeros((1, 1, k, k)), stride=s, padding=p, dilation=d).shape[2]
        total += 1
        if formula(n, k, p, s, d) != actual:
            bad.append((n, k, p, s, d, actual, formula(n, k, p, s, d)))
        bad_sheet += sheet_002_output_size(n, k, p, s, d) != actual
    out(f"{total} settings of n in 4..11, k in (1,2,3,5), p in 0..2, s in 1..3, d in 1..2")
    out(f"  {'n':>3}{'k':>3}{'p':>3}{'s':>3}{'d':>3}{'actual':>8}{'formula':>9}")
    for n, k, p, s, d in [(7, 3, 0, 2, 1), (32, 3, 1, 1, 1), (224, 7, 3, 2, 1), (10, 3, 2, 3, 2)]:
        a = nn.conv_output_size(n, k, s, p, d)
        out(f"  {n:>3}{k:>3}{p:>3}{s:>3}{d:>3}{a:>8}{formula(n, k, p, s, d):>9}")
    for row in bad[:5]:
        out(f"  mismatch n={row[0]} k={row[1]} p={row[2]} s={row[3]} d={row[4]}: actual {row[5]}, formula {row[6]}")
    out(f"sheet 002's floor((n+2P-K)/2)+1 disagrees with the actual size in {bad_sheet} of {total} settings")
    return _verdict(out, not bad, f"formula matches all {total} actual output sizes ({len(bad)} mismatches)")


def receptive_field(kernels, strides=None):
    """Receptive field of stacked convolutions: 1 + sum (k_i - 1) * prod_{j<i} s_j."""
    strides = strides or [1] * len(kernels)
    rf, jump = 1, 1
    for k, s in zip(kernels, strides):
        rf += (k - 1) * jump
        jump *= s
    return rf


def _measured_rf(kernels, size=15):
    """Receptive field measured by back-propagating from the centre output to the input."""
    x = np.zeros((1, 1, size, size))
    shapes, h = [], x
    ws = [np.ones((1, 1, k, k)) for k in kernels]
    for w in ws:
        shapes.append(h)
        h = nn.conv2d(h, w)
    g = np.zeros(h.shape)
    g[0, 0, h.shape[2] // 2, h.shape[3] // 2] = 1
    for w, inp in zip(reversed(ws), reversed(shapes)):
        g, _, _ = nn.conv2d_backward(g, inp, w)
    rows = np.nonzero(g[0, 0].any(axis=1))[0]
    return rows.max() - rows.min() + 1


@_example("stacked-3x3", "two stacked 3x3 convolutions vs one 5x5: receptive field and parameters")
def _stacked(out: Out, seed: int, rf_formula=receptive_field) -> bool:
    ok = True
    for kernels in ([3, 3], [5], [3, 3, 3], [7]):
        meas = _measured_rf(kernels)
        pred = rf_formula(kernels)
        out(f"kernels {kernels}: measured receptive field {meas}x{meas}, formula {pred}")
        ok &= meas == pred
    for c in (1, 64):
        two, one = 2 * 3 * 3 * c * c, 5 * 5 * c * c
        out(f"C={c} channels in and out (no bias): two 3x3 layers {two} = 18C^2, one 5x5 {one} = 25C^2")
        ok &= two < one
    return _verdict(out, ok, "2 x 3x3 sees 5x5 with 18C^2 < 25C^2 parameters (3 x 3x3 sees 7x7)")


@_example("separable", "a separable kernel w = u v^T: two 1-D passes, cost O(d^2 q) instead of O(d^2 q^2)")
def _separable(out: Out, seed: int, rank: int = 1) -> bool:
    rng = seeds.rng(seed)
    d, q = 32, 5
    x = rng.standard_normal((1, 1, d, d))
    u, v = rng.standard_normal((q, rank)), rng.standard_normal((q, rank))
    w = u @ v.T
    direct = nn.conv2d(x, w[None, None])
    tmp = nn.conv2d(x, u[:, :1].reshape(1, 1, q, 1))   # columns first: (d-q+1) x d
    two_pass = nn.conv2d(tmp, v[:, :1].reshape(1, 1, 1, q))
    mult_direct = direct.size * q * q
    mult_sep = tmp.size * q + two_pass.size * q
    out(f"image {d}x{d}, kernel {q}x{q} of rank {np.linalg.matrix_rank(w)}")
    out(f"multiplications direct (d-q+1)^2 q^2 = {mult_direct}; separable (d-q+1) d q + (d-q+1)^2 q = {mult_sep}")
    out(f"  ratio {mult_direct / mult_sep:.2f} (about q/2 = {q / 2})")
    err = float(np.abs(direct - two_pass).max())
    out(f"max |direct - two 1-D passes| = {err:.2e}")
    return _verdict(out, err < 1e-10 and mult_sep < mult_direct, "the two 1-D passes equal the 2-D convolution")


@_example("conv-grad-rot180", "the gradient of a convolution is a convolution with the flipped (rot180) signal")
def _conv_grad(out: Out, seed: int, flip: bool = True) -> bool:
    rng = seeds.rng(seed)
    ok = True
    for xs, ws in (((9,), (3,)), ((6, 7), (3, 2))):
        x, w = rng.standard_normal(xs), rng.standard_normal(ws)
        y = nn.convolve(x, w, "full")                   # true convolution y = x * w
        g = rng.standard_normal(y.shape)                # dR/dy
        # gradients of R = <g, y> by central finite differences
        fd_w = np.zeros_like(w)
        for i in np.ndindex(*w.shape):
            e = np.zeros_like(w)
            e[i] = 1e-6
            fd_w[i] = ((g * nn.convolve(x, w + e, "full")).sum() - (g * nn.convolve(x, w - e, "full")).sum()) / 2e-6
        xr = nn.rot180(x) if flip else x
        wr = nn.rot180(w) if flip else w
        dw = nn.convolve(g, xr, "valid")                # dR/dw = dR/dy * rot180(x)
        dx = nn.convolve(g, wr, "valid")                # dR/dx = dR/dy * rot180(w)
        fd_x = nn.correlate(g, w, "valid")
        ew, ex = float(np.abs(dw - fd_w).max()), float(np.abs(dx - fd_x).max())
        out(f"x {xs}, w {ws}, y = x * w (true convolution, full):")
        out(f"  dR/dw = dR/dy * rot180(x): max error vs finite differences {ew:.1e}")
        out(f"  dR/dx = dR/dy * rot180(w): max error vs the direct sum {ex:.1e}")
        ok &= ew < 1e-6 and ex < 1e-10
    return _verdict(out, ok, "both gradients are convolutions with rot180 of the other factor")


@_example("fourier-theorem", "F(f * h) = F(f) F(h): circular exactly, linear after zero-padding")
def _fourier(out: Out, seed: int, zero_pad: bool = True) -> bool:
    rng = seeds.rng(seed)
    n = 16
    f, h = rng.standard_normal(n), rng.standard_normal(n)
    circ = nn.circular_convolve(f, h)
    e1 = float(np.abs(np.fft.fft(circ) - np.fft.fft(f) * np.fft.fft(h)).max())
    out(f"n = {n}: max |DFT(f circ-conv h) - DFT(f) DFT(h)| = {e1:.1e}")
    h5 = h[:5]
    lin = nn.convolve(f, h5, "full")
    size = n + 5 - 1 if zero_pad else n
    via = np.fft.ifft(np.fft.fft(f, size) * np.fft.fft(h5, size)).real
    e2 = float(np.abs(via[:n] - lin[:n]).max()) if zero_pad else float(np.abs(via - lin[:n]).max())
    out(f"linear convolution with a length-5 kernel via FFTs of length {size}: max error {e2:.1e}")
    if zero_pad:
        e2 = max(e2, float(np.abs(via - lin).max()), float(np.abs(nn.fft_convolve(f, h5) - lin).max()))
    return _verdict(out, e1 < 1e-10 and e2 < 1e-10, "the convolution theorem holds")


# ----------------------------------------------------------------------------- attention


@_example("attention-weights", "attention weights are a probability vector per query; rank(Q K^T) <= d")
def _attention_weights(out: Out, seed: int, axis: int = -1) -> bool:
    rng = seeds.rng(seed)
    t, d = 10, 3
    q, k = rng.standard_normal((t, d)), rng.standard_normal((t, d))
    scores = q @ k.T / math.sqrt(d)
    a = nn.softmax(scores, axis=axis)
    rows = a.sum(axis=1)
    out(f"T = {t} tokens, d = {d}: row sums of softmax(QK^T/sqrt(d)) = {np.round(rows, 12).tolist()}")
    out(f"min weight {a.min():.3g} (> 0)")
    r_scores, r_a = np.linalg.matrix_rank(scores), np.linalg.matrix_rank(a)
    out(f"rank(Q K^T) = {r_scores} <= d = {d}; rank of the softmaxed matrix = {r_a} (softmax breaks the low rank)")
    ok = np.allclose(rows, 1) and (a > 0).all() and r_scores <= d
    return _verdict(out, bool(ok), "every row sums to 1 and rank(Q K^T) <= d")


@_example("attention-equivariance", "unmasked self-attention is permutation equivariant: f(PX) = P f(X)")
def _attention_equivariance(out: Out, seed: int, is_causal: bool = False) -> bool:
    rng = seeds.rng(seed)
    b, t, e, h = 1, 6, 8, 2
    x = rng.standard_normal((b, t, e))
    params = nn.MHAParams.random(e, rng)
    perm = rng.permutation(t)
    y = nn.multi_head_attention(x, x, x, params, h, is_causal=is_causal)
    xp = x[:, perm]
    yp = nn.multi_head_attention(xp, xp, xp, params, h, is_causal=is_causal)
    err = float(np.abs(yp - y[:, perm]).max())
    out(f"permutation {perm.tolist()} of {t} tokens; 2-head self-attention with projections"
        f"{' and a causal mask' if is_causal else ''}")
    out(f"max |f(PX) - P f(X)| = {err:.1e}")
    return _verdict(out, err < 1e-10, "f(PX) = P f(X)")


@_example("attention-causal", "causal (masked) attention: output t does not depend on inputs after t")
def _attention_causal(out: Out, seed: int, is_causal: bool = True) -> bool:
    rng = seeds.rng(seed)
    t, d = 7, 4
    q, k, v = (rng.standard_normal((t, d)) for _ in range(3))
    y = nn.scaled_dot_product_attention(q, k, v, is_causal=is_causal)
    s = 4
    k2, v2 = k.copy(), v.copy()
    k2[s + 1:] += 5 * rng.standard_normal((t - s - 1, d))
    v2[s + 1:] += 5 * rng.standard_normal((t - s - 1, d))
    y2 = nn.scaled_dot_product_attention(q, k2, v2, is_causal=is_causal)
    change = np.abs(y2 - y).max(axis=1)
    out(f"change keys/values after position {s}; per-position output change: {np.round(change, 3).tolist()}")
    w = nn.attention_weights(q, k, is_causal=is_causal)
    out("attention matrix (rows: queries, columns: keys):")
    for line in _fmt(w, 2):
        out(line)
    ok = change[:s + 1].max() == 0 and np.allclose(np.triu(w, 1), 0)
    return _verdict(out, bool(ok), f"outputs 0..{s} unchanged and the weights are lower triangular")


# --------------------------------------------------------------------------------- graphs


def _graphs(rng):
    """A few named test graphs (adjacency matrices)."""
    def ring(m):
        a = np.zeros((m, m))
        for i in range(m):
            a[i, (i + 1) % m] = a[(i + 1) % m, i] = 1
        return a
    star = np.zeros((6, 6))
    star[0, 1:] = star[1:, 0] = 1
    r = (rng.random((9, 9)) < 0.35).astype(float)
    r = np.triu(r, 1)
    return {"ring C6 (bipartite)": ring(6), "ring C5": ring(5), "star K1,5": star,
            "path P4": np.diag(np.ones(3), 1) + np.diag(np.ones(3), -1), "random G(9, 0.35)": r + r.T}


@_example("gcn-spectrum", "D^-1/2 (A+I) D^-1/2 has its spectrum in [-1, 1] with largest eigenvalue 1")
def _gcn_spectrum(out: Out, seed: int, degree_of: str = "A+I") -> bool:
    rng = seeds.rng(seed)
    ok = True
    for name, a in _graphs(rng).items():
        ai = a + np.eye(len(a))
        deg = ai.sum(1) if degree_of == "A+I" else np.maximum(a.sum(1), 1)
        m = ai / np.sqrt(np.outer(deg, deg))
        lam, u = np.linalg.eigh(m)
        top = np.sqrt(ai.sum(1))
        align = abs(u[:, -1] @ top) / np.linalg.norm(top)
        out(f"{name:<20} eigenvalues in [{lam[0]:+.3f}, {lam[-1]:+.3f}];"
            f" top eigenvector . sqrt(d)/|sqrt(d)| = {align:.3f}")
        ok &= lam[0] >= -1 - 1e-12 and abs(lam[-1] - 1) < 1e-12
    return _verdict(out, bool(ok), "all spectra in [-1, 1], largest eigenvalue exactly 1, eigenvector ~ sqrt(d)")


@_example("laplacian-spectrum", "the normalised Laplacian I - D^-1/2 A D^-1/2 has spectrum in [0, 2]")
def _laplacian_spectrum(out: Out, seed: int, normalized: bool = True) -> bool:
    rng = seeds.rng(seed)
    ok = True
    for name, a in _graphs(rng).items():
        lap = nn.normalized_laplacian(a) if normalized else nn.laplacian(a)
        lam = np.linalg.eigvalsh(lap)
        out(f"{name:<20} eigenvalues {np.round(lam, 3).tolist()}")
        ok &= lam[0] > -1e-12 and lam[-1] <= 2 + 1e-12 and abs(lam[0]) < 1e-12
    out("0 is always an eigenvalue (constant-on-components times sqrt(d)); 2 occurs exactly for bipartite graphs")
    return _verdict(out, bool(ok), "all spectra within [0, 2] with smallest eigenvalue 0")


@_example("laplacian-quadratic", "x^T L x = 1/2 sum_uv A_uv (x_u - x_v)^2 >= 0 for L = D - A")
def _laplacian_quadratic(out: Out, seed: int, factor: float = 0.5) -> bool:
    rng = seeds.rng(seed)
    ok = True
    for name, a in _graphs(rng).items():
        w = a * rng.uniform(0.5, 2.0, a.shape)
        w = np.triu(w, 1) + np.triu(w, 1).T          # weighted, symmetric
        x = rng.standard_normal(len(a))
        lhs = float(x @ nn.laplacian(w) @ x)
        rhs = factor * sum(w[u, v] * (x[u] - x[v]) ** 2 for u in range(len(a)) for v in range(len(a)))
        out(f"{name:<20} x^T L x = {lhs:9.4f}   {factor:g} sum A_uv (x_u-x_v)^2 = {rhs:9.4f}")
        ok &= abs(lhs - rhs) < 1e-9 and lhs >= 0
    return _verdict(out, bool(ok), "the two sides agree on every (weighted) graph")


@_example("spectral-filter", "U (sum_k alpha_k Lambda^k) U^T = sum_k alpha_k L^k; Chebyshev filters likewise")
def _spectral_filter(out: Out, seed: int, transpose: bool = False) -> bool:
    rng = seeds.rng(seed)
    a = _graphs(rng)["random G(9, 0.35)"]
    lap = nn.laplacian(a)
    lam, u = nn.graph_fourier_basis(lap)
    if transpose:
        u = u.T
    alphas = rng.standard_normal(4)
    spectral = u @ np.diag(np.polynomial.polynomial.polyval(lam, alphas)) @ u.T
    direct = sum(al * np.linalg.matrix_power(lap, kk) for kk, al in enumerate(alphas))
    e1 = float(np.abs(spectral - direct).max())
    out(f"alphas = {np.round(alphas, 3).tolist()} on a 9-node graph: max |U p(Lambda) U^T - p(L)| = {e1:.1e}")
    x = rng.standard_normal(9)
    lmax = lam.max()
    cheb_spec = u @ (np.polynomial.chebyshev.chebval(2 * lam / lmax - 1, alphas) * (u.T @ x))
    e2 = float(np.abs(nn.chebyshev_filter(x, lap, alphas) - cheb_spec).max())
    out(f"Chebyshev filter sum theta_k T_k(2L/lmax - I) x vs spectral evaluation: max error {e2:.1e}")
    ring = np.roll(np.eye(12), 1, axis=1)
    p_ring = nn.polynomial_filter(np.eye(12), nn.laplacian(ring + ring.T), alphas)
    out(f"on a 12-node ring a degree-{len(alphas) - 1} filter only mixes nodes within {len(alphas) - 1} hops:"
        f" {np.count_nonzero(np.abs(p_ring) > 1e-12)} nonzeros of 144 (= 12 x 7)")
    return _verdict(out, e1 < 1e-9 and e2 < 1e-9, "polynomial spectral filters need no eigendecomposition")


# ------------------------------------------------------------------------------ recurrent


@_example("lru-stability", "|lambda| < 1 under lambda = exp(-exp(nu) + i phi) for every real nu, phi")
def _lru_stability(out: Out, seed: int, parametrisation: str = "lru") -> bool:
    rng = seeds.rng(seed)
    nu = np.linspace(-8, 3, 23)
    phi = rng.uniform(0, 2 * np.pi, nu.size)
    lam = nn.lru_eigenvalues(nu, phi) if parametrisation == "lru" else np.exp(nu + 1j * phi)
    mod = np.abs(lam)
    for v, m in list(zip(nu, mod))[::4]:
        out(f"  nu = {v:+5.1f}: |lambda| = exp(-exp(nu)) = {m:.6f}")
    x = rng.standard_normal((1, 200, 1))
    if parametrisation == "lru":
        y = nn.lru(x, nu, phi, np.ones((nu.size, 1)), np.ones((1, nu.size)))
    else:
        h, ys = np.zeros(nu.size, complex), []
        for t in range(200):
            h = lam * h + x[0, t, 0]
            ys.append(h.sum().real)
        y = np.array(ys)
    out(f"|lambda| ranges over [{mod.min():.2e}, {mod.max():.6f}]; max |y_t| over 200 steps = {np.abs(y).max():.3g}")
    ok = bool(((mod > 0) & (mod < 1)).all() and np.isfinite(y).all() and np.abs(y).max() < 1e3)
    return _verdict(out, ok, "every eigenvalue strictly inside the unit disc; the recurrence stays bounded")


@_example("ring-sampling", "exp(1/2 log(u1 (r2^2 - r1^2) + r1^2) + 2 pi i u2) is uniform on the ring r1 <= |z| <= r2")
def _ring_sampling(out: Out, seed: int, squared: bool = True) -> bool:
    rng = seeds.rng(seed)
    r1, r2, n = 0.4, 0.9, 200_000
    if squared:
        z = nn.sample_ring(n, r1, r2, rng)
    else:  # radius uniform in [r1, r2]: too many points near the inner circle
        z = (r1 + (r2 - r1) * rng.random(n)) * np.exp(2j * np.pi * rng.random(n))
    r = np.abs(z)
    out(f"{n} samples, r1 = {r1}, r2 = {r2}")
    out(f"  {'rho':>5}{'P(|z|<=rho)':>14}{'area fraction':>15}")
    worst = 0.0
    for rho in np.linspace(r1, r2, 6)[1:-1]:
        emp = float(np.mean(r <= rho))
        area = (rho ** 2 - r1 ** 2) / (r2 ** 2 - r1 ** 2)
        worst = max(worst, abs(emp - area))
        out(f"  {rho:5.2f}{emp:14.4f}{area:15.4f}")
    ang = np.angle(z)
    quarters = np.histogram(ang, bins=4, range=(-np.pi, np.pi))[0] / n
    out(f"  angle quarters: {np.round(quarters, 4).tolist()}")
    ok = worst < 0.005 and np.abs(quarters - 0.25).max() < 0.005 and r.min() >= r1 and r.max() <= r2
    return _verdict(out, bool(ok), f"radial CDF matches the area fraction (max gap {worst:.4f})")
