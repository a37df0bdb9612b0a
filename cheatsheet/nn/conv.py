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
BLAS matmul. Stride 1 (the common case) uses a "flat grid" im2col (``_flat_col_chunks``):
the padded input is flattened per channel to (C, n*Hp*Wp) and every column-matrix row is one
contiguous shifted slice of it, so the copy runs at memcpy speed (about 4x faster than the
general 6-D copy whose innermost run is one output row); the GEMM then also produces the
grid positions that are not valid outputs (6-10%), which are dropped. It works on chunks of
a few images with reused buffers that stay in cache. The backward pass uses the same
columns: ``dw`` is one matmul per chunk, ``dx`` is a "full" correlation through the same
path (stride 1) or a matmul followed by col2im (one strided add per kernel position).
float32 stays float32.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ._checks import as_float_array, int_pair, int_single, same_dtype, shape_error
from ._threads import each_block, threads_for

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


def _grid_len(n: int, hp: int, wp: int, ho: int, wo: int) -> int:
    """Flat-grid positions up to the last valid output of n images: (n-1)*Hp*Wp + (Ho-1)*Wp + Wo."""
    return (n - 1) * hp * wp + (ho - 1) * wp + wo


_CHUNK_BYTES = 6 << 20  # column-matrix budget per chunk (3, 6, 12 MB measured: 6 fastest)


def _flat_col_chunks(x, kh, kw, d, ph, pw, ho, wo):
    """Stride-1 im2col over chunks of the batch: yields ``(images, cols)`` with ``images`` a
    slice of the batch and ``cols`` its column matrix (C*kh*kw, L) on the "flat grid".

    Flat grid: a chunk is zero-padded into (C, n, Hp, Wp); output (m, i, j) sits at grid
    position t = m*Hp*Wp + i*Wp + j and needs the inputs at t + p*d0*Wp + q*d1 (all inside
    image m's padded block), so row (c, p, q) of the column matrix is the contiguous slice
    ``xp[c].ravel()[p*d0*Wp + q*d1:][:L]``. Copying long contiguous rows runs at memcpy speed
    (the general 6-D im2col copies one output row at a time, ~4x slower); the price is that
    the GEMM also evaluates the grid positions that are not valid outputs (~6% here), which
    callers drop. Chunks: the buffers (a few MB) are allocated once and reused, so they stay
    in cache; a whole-batch column matrix (21 MB for N=8, C=64, 32x32, 3x3) cost more in page
    faults and cache misses than the copy itself. The yielded arrays are overwritten by the
    next chunk.
    """
    n, c, h, wd = x.shape
    hp, wp = h + ph[0] + ph[1], wd + pw[0] + pw[1]
    per_image = c * kh * kw * hp * wp * x.itemsize
    nc = max(1, min(n, _CHUNK_BYTES // per_image))
    xp = np.zeros((c, nc, hp, wp), dtype=x.dtype)            # borders stay zero across chunks
    cols = np.empty((c, kh, kw, _grid_len(nc, hp, wp, ho, wo)), dtype=x.dtype)
    sc, _, sh, sw = xp.strides
    for n0 in range(0, n, nc):
        m = min(nc, n - n0)
        length = _grid_len(m, hp, wp, ho, wo)
        xp[:, :m, ph[0]:ph[0] + h, pw[0]:pw[0] + wd] = x[n0:n0 + m].transpose(1, 0, 2, 3)
        view = as_strided(xp, shape=(c, kh, kw, length), strides=(sc, d[0] * sh, d[1] * sw, sw),
                          writeable=False)
        np.copyto(cols[..., :length], view)
        yield slice(n0, n0 + m), cols.reshape(c * kh * kw, -1)[:, :length]


def _in_parts(body, n: int, work: int) -> None:
    """``body(part)`` for contiguous parts of a batch of n images: one part per thread when the
    work is large (``_threads.each_block``: single-threaded BLAS in each), else one part.
    Each part runs its own chunks with its own buffers."""
    t = min(n, threads_for(work, n)[1])
    parts = [slice(i * n // t, (i + 1) * n // t) for i in range(t)]
    each_block(body, [(p,) for p in parts if p.stop > p.start], work)


def _conv_stride1(x, w, d, ph, pw, ho, wo) -> np.ndarray:
    """Stride-1 conv, one GEMM per chunk of images on the flat grid; returns (N, K, Ho, Wo)."""
    n, k = x.shape[0], w.shape[0]
    hp, wp = x.shape[2] + ph[0] + ph[1], x.shape[3] + pw[0] + pw[1]
    out = np.empty((n, k, ho, wo), dtype=x.dtype)
    w2 = w.reshape(k, -1)

    def part(batch):
        grid = None
        dest = out[batch]
        for images, cols in _flat_col_chunks(x[batch], w.shape[2], w.shape[3], d, ph, pw, ho, wo):
            m = images.stop - images.start
            if grid is None:                                 # the first chunk is the largest
                grid = np.empty((k, m * hp * wp), dtype=x.dtype)
            np.matmul(w2, cols, out=grid[:, :cols.shape[1]])
            dest[images] = grid[:, :m * hp * wp].reshape(k, m, hp, wp)[:, :, :ho, :wo].transpose(1, 0, 2, 3)

    _in_parts(part, n, w2.size * n * ho * wo // max(1, k))
    return out


def _dw_stride1(g, x, kshape, d, ph, pw) -> np.ndarray:
    """Stride-1 weight gradient sum_chunks g_grid @ cols^T, (K, C*kh*kw): grad_out is placed on
    the same flat grid as the columns, with zeros at the positions that are not outputs.
    Parts of the batch (threads) sum their own chunks; their sums are added in batch order."""
    k, _, kh, kw = kshape
    ho, wo = g.shape[2:]
    hp, wp = x.shape[2] + ph[0] + ph[1], x.shape[3] + pw[0] + pw[1]
    sums: dict[int, np.ndarray] = {}

    def part(batch):
        dw = np.zeros((k, kshape[1] * kh * kw), dtype=x.dtype)
        g_grid = None
        for images, cols in _flat_col_chunks(x[batch], kh, kw, d, ph, pw, ho, wo):
            m = images.stop - images.start
            if g_grid is None:
                g_grid = np.zeros((k, m, hp, wp), dtype=g.dtype)
            g_grid[:, :m, :ho, :wo] = g[batch][images].transpose(1, 0, 2, 3)
            dw += g_grid.reshape(k, -1)[:, :cols.shape[1]] @ cols.T
        sums[batch.start] = dw

    n = x.shape[0]
    _in_parts(part, n, kshape[1] * kh * kw * n * ho * wo)
    parts = [sums[i] for i in sorted(sums)]
    dw = parts[0]
    for more in parts[1:]:
        dw += more
    return dw


def _conv_core(x, w, b, s, d, ph, pw, ho, wo):
    n, k = x.shape[0], w.shape[0]
    kh, kw = w.shape[2:]
    if s == (1, 1):
        out = _conv_stride1(x, w, d, ph, pw, ho, wo)
        if b is not None:
            out += b[None, :, None, None]
        return out
    cols = _im2col(_pad_cn(x, ph, pw), kh, kw, s, d, ho, wo)     # (C*kh*kw, N*Ho*Wo)
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
    g_cn = g.transpose(1, 0, 2, 3)                      # (K, N, Ho, Wo) view
    dbias = g.reshape(n, k, -1).sum(axis=2).sum(axis=0)
    if s == (1, 1):
        dw = _dw_stride1(g, x, w.shape, d, ph, pw).reshape(w.shape)
    else:
        xp = _pad_cn(x, ph, pw)
        cols = _im2col(xp, kh, kw, s, d, ho, wo)        # (C*kh*kw, N*Ho*Wo)
        g_cols = np.ascontiguousarray(g_cn).reshape(k, n * ho * wo)
        dw = (g_cols @ cols.T).reshape(w.shape)         # one GEMM
        del cols
    fh, fw = d[0] * (kh - 1), d[1] * (kw - 1)
    if s == (1, 1) and max(ph) <= fh and max(pw) <= fw:
        # stride 1: dx is the "full" cross-correlation of grad_out with the flipped, transposed kernel
        wt = np.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
        dx = _conv_core(g, wt, None, s, d, (fh - ph[0], fh - ph[1]), (fw - pw[0], fw - pw[1]),
                        x.shape[2], x.shape[3])
        return dx, dw, dbias
    if s == (1, 1):                                     # padding wider than the kernel span
        xp = _pad_cn(x, ph, pw)
        g_cols = np.ascontiguousarray(g_cn).reshape(k, n * ho * wo)
    dcols = w.reshape(k, -1).T @ g_cols                 # (C*kh*kw, N*Ho*Wo), one GEMM
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
