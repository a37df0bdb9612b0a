"""Convolution layers in NCHW / NCL layout, mirroring ``torch.nn.functional``.

Conventions
-----------
* ``conv1d`` / ``conv2d`` compute **cross-correlation**, exactly like PyTorch:
  ``y[n, k, i, j] = b[k] + sum_{c,p,q} w[k, c, p, q] * xpad[n, c, i*s + p*d, j*s + q*d]``
  (0-based indices, ``s`` stride, ``d`` dilation). The textbook (true) convolution flips the
  kernel: ``convolve`` below, or ``conv2d(x, rot180(w))``.
* Output size per spatial axis: ``floor((n + 2*padding - dilation*(k - 1) - 1) / stride) + 1``
  (``conv_output_size``).
* ``padding="valid"`` means no padding; ``padding="same"`` (stride 1 only, as in PyTorch)
  pads ``dilation*(k-1)`` in total, the extra element (if odd) going to the end.

Implementation: im2col built as a strided view (``as_strided``), copied once, then one
batched BLAS matmul. The backward pass reuses the columns: ``dw`` is one matmul, ``dx`` is a
matmul followed by col2im (one strided add per kernel position). float32 stays float32.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ._checks import as_float_array, int_pair, int_single, same_dtype, shape_error

__all__ = [
    "conv_output_size",
    "conv1d",
    "conv1d_backward",
    "conv2d",
    "conv2d_backward",
    "conv_transpose2d",
    "rot180",
    "convolve",
    "correlate",
    "conv_matrix",
]


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Output length of a convolution/pooling along one axis (PyTorch formula).

    ``floor((n + 2*padding - dilation*(kernel - 1) - 1) / stride) + 1``; for dilation 1 this is
    ``floor((n + 2p - k) / s) + 1``. Raises ValueError if the result would be < 1.
    """
    for name, v, lo in (("n", n, 1), ("kernel", kernel, 1), ("stride", stride, 1),
                        ("padding", padding, 0), ("dilation", dilation, 1)):
        int_single(v, name, lo)
    span = dilation * (kernel - 1) + 1
    if n + 2 * padding < span:
        raise ValueError(
            f"input size {n} + 2*padding {padding} is smaller than the dilated kernel span {span}"
        )
    return (n + 2 * padding - span) // stride + 1


def _resolve_padding(padding, kernel: tuple[int, int], stride: tuple[int, int],
                     dilation: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """Return ((before, after) for H, (before, after) for W)."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding == "same":
            if stride != (1, 1):
                raise ValueError(f"padding='same' needs stride 1, got stride {stride}")
            out = []
            for k, d in zip(kernel, dilation):
                total = d * (k - 1)
                out.append((total // 2, total - total // 2))
            return out[0], out[1]
        raise ValueError(f"padding must be an int, a pair, 'same' or 'valid', got {padding!r}")
    ph, pw = int_pair(padding, "padding", 0)
    return (ph, ph), (pw, pw)


def _out_size(n: int, pad: tuple[int, int], k: int, s: int, d: int, what: str) -> int:
    span = d * (k - 1) + 1
    if n + pad[0] + pad[1] < span:
        raise ValueError(
            f"{what}: padded input size {n + pad[0] + pad[1]} is smaller than the dilated "
            f"kernel span {span} (input {n}, padding {pad}, kernel {k}, dilation {d})"
        )
    return (n + pad[0] + pad[1] - span) // s + 1


def _pad_cn(x: np.ndarray, ph: tuple[int, int], pw: tuple[int, int]) -> np.ndarray:
    """Zero-pad x (N, C, H, W) and move channels first: returns (C, N, Hp, Wp), contiguous."""
    n, c, h, w = x.shape
    xp = np.zeros((c, n, h + ph[0] + ph[1], w + pw[0] + pw[1]), dtype=x.dtype)
    xp[:, :, ph[0]:ph[0] + h, pw[0]:pw[0] + w] = x.transpose(1, 0, 2, 3)
    return xp


def _windows(xp: np.ndarray, kh: int, kw: int, s, d, ho: int, wo: int) -> np.ndarray:
    """Read-only view (C, kh, kw, N, Ho, Wo) of the receptive fields of a padded (C, N, Hp, Wp)."""
    sc, sn, sh, sw = xp.strides
    return as_strided(
        xp,
        shape=(xp.shape[0], kh, kw, xp.shape[1], ho, wo),
        strides=(sc, d[0] * sh, d[1] * sw, sn, s[0] * sh, s[1] * sw),
        writeable=False,
    )


def _im2col(xp, kh, kw, s, d, ho, wo) -> np.ndarray:
    """Column matrix (C*kh*kw, N*Ho*Wo): one copy of a strided view, ready for one GEMM."""
    c, n = xp.shape[:2]
    cols = np.ascontiguousarray(_windows(xp, kh, kw, s, d, ho, wo))
    return cols.reshape(c * kh * kw, n * ho * wo)


def _col2im(dcols: np.ndarray, shape_p, kh, kw, s, d, ho, wo) -> np.ndarray:
    """Adjoint of _im2col: scatter-add (C*kh*kw, N*Ho*Wo) columns into a padded (C, N, Hp, Wp)."""
    c, n = shape_p[:2]
    dcols = dcols.reshape(c, kh, kw, n, ho, wo)
    dxp = np.zeros(shape_p, dtype=dcols.dtype)
    for p in range(kh):
        r0 = p * d[0]
        for q in range(kw):
            c0 = q * d[1]
            dxp[:, :, r0:r0 + s[0] * (ho - 1) + 1:s[0], c0:c0 + s[1] * (wo - 1) + 1:s[1]] += dcols[:, p, q]
    return dxp


def _prepare2d(x, w, bias, stride, padding, dilation, what="conv2d"):
    x = as_float_array(x, "x", 4)
    w = as_float_array(w, "w", 4)
    b = None if bias is None else as_float_array(bias, "bias", 1)
    same_dtype(x=x, w=w, bias=b)
    if x.shape[1] != w.shape[1]:
        raise shape_error(
            f"{what}: input channels {x.shape[1]} != weight in-channels {w.shape[1]} "
            "(x is (N, C, H, W), w is (K, C, kh, kw))", x=x, w=w)
    if b is not None and b.shape != (w.shape[0],):
        raise shape_error(f"{what}: bias must have shape ({w.shape[0]},)", bias=b, w=w)
    s = int_pair(stride, "stride", 1)
    d = int_pair(dilation, "dilation", 1)
    kh, kw = w.shape[2:]
    ph, pw = _resolve_padding(padding, (kh, kw), s, d)
    ho = _out_size(x.shape[2], ph, kh, s[0], d[0], what)
    wo = _out_size(x.shape[3], pw, kw, s[1], d[1], what)
    return x, w, b, s, d, ph, pw, ho, wo


def conv2d(x, w, bias=None, stride=1, padding=0, dilation=1) -> np.ndarray:
    """2-D cross-correlation like ``torch.nn.functional.conv2d`` (groups=1).

    x: (N, C, H, W); w: (K, C, kh, kw); bias: (K,) or None. stride/dilation: int or pair >= 1;
    padding: int or pair >= 0 (zeros), or "same" / "valid". Returns (N, K, Ho, Wo), same dtype.
    """
    x, w, b, s, d, ph, pw, ho, wo = _prepare2d(x, w, bias, stride, padding, dilation)
    return _conv_core(x, w, b, s, d, ph, pw, ho, wo)


def _conv_core(x, w, b, s, d, ph, pw, ho, wo):
    n, k = x.shape[0], w.shape[0]
    kh, kw = w.shape[2:]
    cols = _im2col(_pad_cn(x, ph, pw), kh, kw, s, d, ho, wo)   # (C*kh*kw, N*Ho*Wo)
    out = w.reshape(k, -1) @ cols                                # (K, N*Ho*Wo), one GEMM
    out = out.reshape(k, n, ho, wo).transpose(1, 0, 2, 3)
    if b is not None:
        return out + b[None, :, None, None]
    return np.ascontiguousarray(out)


def conv2d_backward(grad_out, x, w, stride=1, padding=0, dilation=1):
    """Gradients of ``conv2d`` (a sum ``<grad_out, conv2d(x, w, b)>``) w.r.t. its inputs.

    Returns ``(dx, dw, dbias)`` with the shapes of x (N, C, H, W), w (K, C, kh, kw) and
    bias (K,). ``dbias`` is returned even if the forward pass had no bias.
    """
    x, w, _, s, d, ph, pw, ho, wo = _prepare2d(x, w, None, stride, padding, dilation,
                                               "conv2d_backward")
    g = as_float_array(grad_out, "grad_out", 4)
    same_dtype(grad_out=g, x=x)
    n, k = x.shape[0], w.shape[0]
    kh, kw = w.shape[2:]
    if g.shape != (n, k, ho, wo):
        raise shape_error(f"conv2d_backward: grad_out must have shape {(n, k, ho, wo)}",
                          grad_out=g, x=x, w=w)
    xp = _pad_cn(x, ph, pw)
    cols = _im2col(xp, kh, kw, s, d, ho, wo)            # (C*kh*kw, N*Ho*Wo)
    g2 = np.ascontiguousarray(g.transpose(1, 0, 2, 3)).reshape(k, n * ho * wo)
    dbias = g2.sum(axis=1)
    dw = (g2 @ cols.T).reshape(w.shape)                 # one GEMM
    del cols
    fh, fw = d[0] * (kh - 1), d[1] * (kw - 1)
    if s == (1, 1) and max(ph) <= fh and max(pw) <= fw:
        # stride 1: dx is the "full" cross-correlation of grad_out with the flipped, transposed kernel
        wt = np.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
        dx = _conv_core(g, wt, None, s, d, (fh - ph[0], fh - ph[1]), (fw - pw[0], fw - pw[1]),
                        x.shape[2], x.shape[3])
        return dx, dw, dbias
    dcols = w.reshape(k, -1).T @ g2                     # (C*kh*kw, N*Ho*Wo), one GEMM
    dxp = _col2im(dcols, xp.shape, kh, kw, s, d, ho, wo)
    dx = dxp[:, :, ph[0]:ph[0] + x.shape[2], pw[0]:pw[0] + x.shape[3]].transpose(1, 0, 2, 3)
    return np.ascontiguousarray(dx), dw, dbias


def conv_transpose2d(y, w, stride=1, padding=0, dilation=1, output_size=None) -> np.ndarray:
    """Transposed convolution (the adjoint of ``conv2d`` without bias), no output padding.

    y: (N, K, Ho, Wo); w: (K, C, kh, kw) as in ``conv2d``. Returns x-shaped (N, C, H, W) with
    H = (Ho-1)*stride - 2*padding + dilation*(kh-1) + 1 unless ``output_size=(H, W)`` is given.
    """
    y = as_float_array(y, "y", 4)
    w = as_float_array(w, "w", 4)
    same_dtype(y=y, w=w)
    if y.shape[1] != w.shape[0]:
        raise shape_error("conv_transpose2d: y channels must equal w.shape[0]", y=y, w=w)
    s = int_pair(stride, "stride", 1)
    d = int_pair(dilation, "dilation", 1)
    p = int_pair(padding, "padding", 0)
    kh, kw = w.shape[2:]
    ho, wo = y.shape[2:]
    if output_size is None:
        h = (ho - 1) * s[0] - 2 * p[0] + d[0] * (kh - 1) + 1
        wd = (wo - 1) * s[1] - 2 * p[1] + d[1] * (kw - 1) + 1
    else:
        h, wd = int_pair(tuple(output_size), "output_size", 1)
    x_shape = (y.shape[0], w.shape[1], h, wd)
    if (conv_output_size(h, kh, s[0], p[0], d[0]), conv_output_size(wd, kw, s[1], p[1], d[1])) != (ho, wo):
        raise ValueError(f"conv_transpose2d: output_size {(h, wd)} is inconsistent with y.shape {y.shape}")
    x0 = np.zeros(x_shape, dtype=y.dtype)
    dx, _, _ = conv2d_backward(y, x0, w, s, p, d)
    return dx


# ----------------------------------------------------------------------------- 1-D


def _prepare1d(x, w, what):
    x = as_float_array(x, "x", 3)
    w = as_float_array(w, "w", 3)
    if x.shape[1] != w.shape[1]:
        raise shape_error(
            f"{what}: input channels {x.shape[1]} != weight in-channels {w.shape[1]} "
            "(x is (N, C, L), w is (K, C, k))", x=x, w=w)
    return x, w


def _args1d(stride, padding, dilation):
    s = int_single(stride, "stride", 1)
    d = int_single(dilation, "dilation", 1)
    if isinstance(padding, str):
        pad = padding
    else:
        pad = (0, int_single(padding, "padding", 0))
    return (1, s), pad, (1, d)


def conv1d(x, w, bias=None, stride=1, padding=0, dilation=1) -> np.ndarray:
    """1-D cross-correlation like ``torch.nn.functional.conv1d``.

    x: (N, C, L); w: (K, C, k); bias: (K,) or None; padding int >= 0, "same" or "valid".
    Returns (N, K, Lo) with Lo = floor((L + 2p - d(k-1) - 1)/s) + 1.
    """
    x, w = _prepare1d(x, w, "conv1d")
    s, p, d = _args1d(stride, padding, dilation)
    return conv2d(x[:, :, None, :], w[:, :, None, :], bias, s, p, d)[:, :, 0, :]


def conv1d_backward(grad_out, x, w, stride=1, padding=0, dilation=1):
    """Gradients of ``conv1d``: returns ``(dx, dw, dbias)`` shaped like x, w and (K,)."""
    x, w = _prepare1d(x, w, "conv1d_backward")
    g = as_float_array(grad_out, "grad_out", 3)
    s, p, d = _args1d(stride, padding, dilation)
    dx, dw, db = conv2d_backward(g[:, :, None, :], x[:, :, None, :], w[:, :, None, :], s, p, d)
    return dx[:, :, 0, :], dw[:, :, 0, :], db


# ------------------------------------------------------------ signals: true convolution


def rot180(a, axes=None) -> np.ndarray:
    """Reverse ``a`` along ``axes`` (default: the last two axes, or the only one if 1-D).

    ``rot180(w)[i] = w[-i]`` in the centred-index notation of the sheets; for a kernel of
    length K with 0-based indices, ``rot180(w)[i] = w[K-1-i]``.
    """
    a = np.asarray(a)
    if axes is None:
        axes = (-1,) if a.ndim == 1 else (-2, -1)
    return np.flip(a, axis=axes).copy()


def _signal_pair(f, h, what):
    f = as_float_array(f, "f", (1, 2))
    h = as_float_array(h, "h", (1, 2))
    same_dtype(f=f, h=h)
    if f.ndim != h.ndim:
        raise shape_error(f"{what}: f and h must have the same number of dimensions", f=f, h=h)
    return f, h


def _crop_mode(full: np.ndarray, f_shape, h_shape, mode: str, what: str) -> np.ndarray:
    if mode == "full":
        return full
    sl = []
    for nf, nh, nfull in zip(f_shape, h_shape, full.shape):
        if mode == "valid":
            if nh > nf:
                raise ValueError(f"{what}: mode='valid' needs kernel {h_shape} <= signal {f_shape}")
            sl.append(slice(nh - 1, nf))
        elif mode == "same":
            start = (nfull - nf) // 2
            sl.append(slice(start, start + nf))
        else:
            raise ValueError(f"{what}: mode must be 'full', 'valid' or 'same', got {mode!r}")
    return full[tuple(sl)]


def convolve(f, h, mode: str = "full") -> np.ndarray:
    """True (flipped-kernel) convolution of 1-D or 2-D signals, 0-based:
    ``(f * h)[u] = sum_t f[t] h[u - t]``; commutative. Same result as ``numpy.convolve`` /
    ``scipy.signal.convolve`` with mode "full", "valid" or "same" (centred, size of f)."""
    f, h = _signal_pair(f, h, "convolve")
    if f.ndim == 1:
        full = conv1d(f[None, None], rot180(h)[None, None], padding=h.shape[0] - 1)[0, 0]
    else:
        pad = (h.shape[0] - 1, h.shape[1] - 1)
        full = conv2d(f[None, None], rot180(h)[None, None], padding=pad)[0, 0]
    return _crop_mode(full, f.shape, h.shape, mode, "convolve")


def correlate(f, h, mode: str = "valid") -> np.ndarray:
    """Cross-correlation (what CNN layers compute), 0-based: ``(h star f)[u] = sum_t h[t] f[u + t]``
    for mode "valid"; "full" / "same" zero-pad f like ``scipy.signal.correlate(f, h, mode)``."""
    f, h = _signal_pair(f, h, "correlate")
    return convolve(f, rot180(h), mode)


def conv_matrix(h, n: int, mode: str = "valid", kind: str = "convolution") -> np.ndarray:
    """The band (Toeplitz) matrix ``M`` of a 1-D kernel ``h`` acting on signals of length n:
    ``M @ f == convolve(f, h, mode)`` (kind="convolution") or ``correlate(f, h, mode)``
    (kind="correlation"). For mode "valid" M is (n-K+1, n) with ``M[i, j] = h[K-1+i-j]``
    for ``i <= j <= i+K-1`` (0-based), zero elsewhere."""
    h = as_float_array(h, "h", 1)
    n = int_single(n, "n", 1)
    if kind == "correlation":
        h = h[::-1]
    elif kind != "convolution":
        raise ValueError(f"kind must be 'convolution' or 'correlation', got {kind!r}")
    k = h.shape[0]
    full = np.zeros((n + k - 1, n), dtype=h.dtype)
    for t in range(n):
        full[t:t + k, t] = h
    if mode == "full":
        return full
    if mode == "valid":
        if k > n:
            raise ValueError(f"conv_matrix: mode='valid' needs kernel length {k} <= n {n}")
        return full[k - 1:n]
    if mode == "same":
        start = (n + k - 1 - n) // 2
        return full[start:start + n]
    raise ValueError(f"mode must be 'full', 'valid' or 'same', got {mode!r}")
