"""Max and average pooling over NCHW inputs, forward and backward, like ``torch.nn.functional``.

Windows start at ``i*stride - padding`` (0-based) and cover ``kernel`` positions spaced by
``dilation``; the output size is ``floor((n + 2p - d(k-1) - 1)/s) + 1`` per axis. ``stride``
defaults to ``kernel_size``. Padding must be at most half the kernel (PyTorch's rule).
Max pooling pads with -inf; on ties the gradient goes to the first maximum in row-major
window order (PyTorch CPU behaviour).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ._checks import as_float_array, int_pair, same_dtype, shape_error

__all__ = ["max_pool2d", "max_pool2d_backward", "avg_pool2d", "avg_pool2d_backward"]


def _setup(x, kernel_size, stride, padding, dilation, what):
    x = as_float_array(x, "x", 4)
    k = int_pair(kernel_size, "kernel_size", 1)
    s = k if stride is None else int_pair(stride, "stride", 1)
    p = int_pair(padding, "padding", 0)
    d = int_pair(dilation, "dilation", 1)
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise ValueError(f"{what}: padding {p} must be at most half the kernel size {k}")
    out = []
    for n, kk, ss, pp, dd in zip(x.shape[2:], k, s, p, d):
        span = dd * (kk - 1) + 1
        if n + 2 * pp < span:
            raise ValueError(
                f"{what}: input {x.shape} too small for kernel {k} with padding {p}, dilation {d}")
        out.append((n + 2 * pp - span) // ss + 1)
    return x, k, s, p, d, tuple(out)


def _padded(x, p, fill):
    n, c, h, w = x.shape
    xp = np.full((n, c, h + 2 * p[0], w + 2 * p[1]), fill, dtype=x.dtype)
    xp[:, :, p[0]:p[0] + h, p[1]:p[1] + w] = x
    return xp


def _windows(xp, k, s, d, out):
    sn, sc, sh, sw = xp.strides
    return as_strided(xp, shape=(xp.shape[0], xp.shape[1], out[0], out[1], k[0], k[1]),
                      strides=(sn, sc, s[0] * sh, s[1] * sw, d[0] * sh, d[1] * sw),
                      writeable=False)


def _scatter(dxp, vals_by_pos, k, s, d, out):
    """dxp[..., window position (p, q) of output (i, j)] += vals_by_pos(p, q)[..., i, j]."""
    for p in range(k[0]):
        r0 = p * d[0]
        for q in range(k[1]):
            c0 = q * d[1]
            dxp[:, :, r0:r0 + s[0] * (out[0] - 1) + 1:s[0],
                c0:c0 + s[1] * (out[1] - 1) + 1:s[1]] += vals_by_pos(p, q)


def _check_grad(g, x, out, what):
    g = as_float_array(g, "grad_out", 4)
    same_dtype(grad_out=g, x=x)
    want = x.shape[:2] + out
    if g.shape != want:
        raise shape_error(f"{what}: grad_out must have shape {want}", grad_out=g, x=x)
    return g


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1) -> np.ndarray:
    """Max pooling: x (N, C, H, W) -> (N, C, Ho, Wo); padding counts as -inf."""
    x, k, s, p, d, out = _setup(x, kernel_size, stride, padding, dilation, "max_pool2d")
    return _windows(_padded(x, p, -np.inf), k, s, d, out).max(axis=(4, 5))


def max_pool2d_backward(grad_out, x, kernel_size, stride=None, padding=0, dilation=1) -> np.ndarray:
    """Gradient of ``max_pool2d`` w.r.t. x: each output's gradient goes to its window's argmax
    (first one on ties). Returns dx shaped like x."""
    x, k, s, p, d, out = _setup(x, kernel_size, stride, padding, dilation, "max_pool2d_backward")
    g = _check_grad(grad_out, x, out, "max_pool2d_backward")
    xp = _padded(x, p, -np.inf)
    win = _windows(xp, k, s, d, out).reshape(x.shape[:2] + out + (k[0] * k[1],))
    arg = win.argmax(axis=-1)
    dxp = np.zeros_like(xp)
    _scatter(dxp, lambda a, b: np.where(arg == a * k[1] + b, g, 0), k, s, d, out)
    return np.ascontiguousarray(dxp[:, :, p[0]:p[0] + x.shape[2], p[1]:p[1] + x.shape[3]])


def _divisor(x, k, s, p, d, out, count_include_pad):
    if count_include_pad:
        return x.dtype.type(k[0] * k[1])
    ones = _padded(np.ones((1, 1) + x.shape[2:], dtype=x.dtype), p, 0)
    return _windows(ones, k, s, d, out).sum(axis=(4, 5))


def avg_pool2d(x, kernel_size, stride=None, padding=0, count_include_pad=True) -> np.ndarray:
    """Average pooling: x (N, C, H, W) -> (N, C, Ho, Wo); zero padding, divided by kh*kw
    (``count_include_pad=True``, PyTorch default) or by the number of real inputs."""
    x, k, s, p, d, out = _setup(x, kernel_size, stride, padding, 1, "avg_pool2d")
    total = _windows(_padded(x, p, 0), k, s, d, out).sum(axis=(4, 5))
    return total / _divisor(x, k, s, p, d, out, count_include_pad)


def avg_pool2d_backward(grad_out, x, kernel_size, stride=None, padding=0,
                        count_include_pad=True) -> np.ndarray:
    """Gradient of ``avg_pool2d`` w.r.t. x: each output's gradient is shared equally by its
    window (divided by the same divisor as the forward pass). Returns dx shaped like x."""
    x, k, s, p, d, out = _setup(x, kernel_size, stride, padding, 1, "avg_pool2d_backward")
    g = _check_grad(grad_out, x, out, "avg_pool2d_backward")
    share = g / _divisor(x, k, s, p, d, out, count_include_pad)
    dxp = np.zeros((x.shape[0], x.shape[1], x.shape[2] + 2 * p[0], x.shape[3] + 2 * p[1]),
                   dtype=x.dtype)
    _scatter(dxp, lambda a, b: share, k, s, d, out)
    return np.ascontiguousarray(dxp[:, :, p[0]:p[0] + x.shape[2], p[1]:p[1] + x.shape[3]])
