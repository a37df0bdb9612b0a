"""Softmax and (multi-head) scaled dot-product attention, forward and backward.

Layouts follow PyTorch: ``q`` is (..., Tq, d), ``k`` is (..., Tk, d), ``v`` is (..., Tk, dv),
typically (batch, heads, T, d); multi-head attention takes (batch, T, E) inputs
(``batch_first=True``) and torch-style weights ``y = x @ W.T + b``.

Masks (as in ``torch.nn.functional.scaled_dot_product_attention``): a boolean mask marks the
pairs that MAY attend (True = keep); a float mask is added to the scores. The mask's last
two axes must be (Tq, Tk); each leading axis must equal q's or be 1 (explicit broadcast over
batch/heads). ``is_causal=True`` keeps the pairs j <= i (query i, key j, 0-based, top-left
aligned). A query row with every key masked out raises ValueError.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from ._checks import as_float_array, same_dtype, shape_error
from ._threads import each_block as _each_block

__all__ = [
    "softmax",
    "softmax_backward",
    "softmax_jacobian",
    "attention_weights",
    "scaled_dot_product_attention",
    "scaled_dot_product_attention_backward",
    "MHAParams",
    "multi_head_attention",
    "multi_head_attention_backward",
]


def _softmax_inplace(s: np.ndarray) -> np.ndarray:
    """Stable softmax over the last axis, overwriting ``s``."""
    s -= s.max(axis=-1, keepdims=True)
    np.exp(s, out=s)
    s *= 1 / s.sum(axis=-1, keepdims=True)
    return s


def softmax(x, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax ``exp(x - max x) / sum exp(x - max x)`` along ``axis``."""
    x = as_float_array(x, "x")
    if x.ndim == 0:
        raise ValueError("softmax needs at least a 1-D array, got a scalar")
    y = np.moveaxis(x, axis, -1).copy()
    return np.moveaxis(_softmax_inplace(y), -1, axis)


def softmax_jacobian(x) -> np.ndarray:
    """Jacobian of softmax over the last axis: ``J[..., i, j] = s_i (delta_ij - s_j)`` with
    ``s = softmax(x)``; shape x.shape + (n,). Symmetric, rows sum to 0."""
    s = softmax(x)
    return np.einsum("...i,ij->...ij", s, np.eye(s.shape[-1], dtype=s.dtype)) - s[..., :, None] * s[..., None, :]


def softmax_backward(grad_out, y) -> np.ndarray:
    """Vector-Jacobian product of softmax (last axis), given its output ``y = softmax(x)``:
    ``dx = y * (grad_out - sum(grad_out * y))``."""
    g = as_float_array(grad_out, "grad_out")
    y = as_float_array(y, "y")
    if g.shape != y.shape:
        raise shape_error("softmax_backward: grad_out and y must have the same shape", grad_out=g, y=y)
    same_dtype(grad_out=g, y=y)
    return y * (g - (g * y).sum(axis=-1, keepdims=True))


def _check_qkv(q, k, v, what):
    q = as_float_array(q, "q")
    k = as_float_array(k, "k")
    v = as_float_array(v, "v")
    same_dtype(q=q, k=k, v=v)
    if q.ndim < 2 or k.ndim != q.ndim or v.ndim != q.ndim:
        raise shape_error(f"{what}: q, k, v must have the same rank >= 2", q=q, k=k, v=v)
    if q.shape[:-2] != k.shape[:-2] or k.shape[:-2] != v.shape[:-2]:
        raise shape_error(f"{what}: q, k, v must share their leading (batch, heads) axes", q=q, k=k, v=v)
    if q.shape[-1] != k.shape[-1]:
        raise shape_error(f"{what}: q and k must have the same feature size d", q=q, k=k)
    if k.shape[-2] != v.shape[-2]:
        raise shape_error(f"{what}: k and v must have the same length Tk", k=k, v=v)
    return q, k, v


def _check_mask(mask, q, k, what):
    if mask is None:
        return None
    m = np.asarray(mask)
    if m.dtype != np.bool_:
        m = as_float_array(m, "mask")
        same_dtype(mask=m, q=q)
    tq, tk = q.shape[-2], k.shape[-2]
    ok = m.ndim >= 2 and m.ndim <= q.ndim and m.shape[-2:] == (tq, tk)
    if ok:
        lead_m = m.shape[:-2]
        lead_q = q.shape[:-2][len(q.shape) - 2 - len(lead_m):]
        ok = all(a == b or a == 1 for a, b in zip(lead_m, lead_q))
    if not ok:
        raise shape_error(
            f"{what}: mask must end in (Tq, Tk) = ({tq}, {tk}) with leading axes equal to q's or 1",
            mask=m, q=q, k=k)
    return m


_BLOCK_BYTES = 1 << 21  # work on ~2 MB of scores at a time so the softmax passes stay in cache


def _flat_mask(mask, lead):
    """Mask broadcast to (prod(lead), Tq, Tk) or kept (Tq, Tk) when it has no leading axes."""
    if mask is None or mask.ndim == 2:
        return mask
    full = np.broadcast_to(mask, lead + mask.shape[-2:])
    return full.reshape((-1,) + mask.shape[-2:])


def _scores_block(qb, kb, maskb, causal_keep, scale):
    """Masked, scaled scores ``q k^T * scale (+ mask)`` of one block, (b, Tq, Tk).

    The scale multiplies the (b, Tq, d) query block before the product rather than the
    (b, Tq, Tk) scores after it: d/Tk of the work (8x less for d=64, T=512), same values up to
    rounding."""
    s = np.matmul(qb * qb.dtype.type(scale), np.swapaxes(kb, -1, -2))
    return _apply_mask(s, maskb, causal_keep)


def _apply_mask(s, maskb, causal_keep):
    """Add a float mask to the scores ``s`` or set the pairs not kept to -inf, in place."""
    keep = causal_keep
    if maskb is not None and maskb.dtype == np.bool_:
        keep = maskb if keep is None else (keep & maskb)
    elif maskb is not None:
        s += maskb
    if keep is not None:
        np.copyto(s, -np.inf, where=~keep)
    return s


def _bounded_exp_block(qb, kb, causal, scale):
    """``exp(s_ij - c_i)`` for one block without a mask (optionally causal), with a per-row
    upper bound ``c_i >= max_j s_ij`` in place of the exact row max.

    ``c_i = ||q_i * scale|| * max_j ||k_j||`` (Cauchy-Schwarz; the max over the keys row i may
    see, so that changing masked-out keys changes nothing, exactly as with the exact max)
    costs O(T d) instead of the two passes over the (Tq, Tk) block that the exact max and its
    subtraction cost, and the subtraction rides along in the product:
    ``[q * scale, -c] @ [k, 1]^T``. The weights are then at most about 1 (no overflow); if the
    bound is far above the true max a row can underflow, which the caller checks with
    ``_row_sums_ok`` and then uses ``_exp_block``."""
    b, tq, d = qb.shape
    qa = np.empty((b, tq, d + 1), dtype=qb.dtype)
    qs = np.multiply(qb, qb.dtype.type(scale), out=qa[..., :d])
    k_norm = np.sqrt(np.einsum("bjd,bjd->bj", kb, kb))                          # (b, Tk)
    if causal is None:
        k_max = k_norm.max(axis=-1, keepdims=True)                               # (b, 1)
    else:                                            # row i sees keys 0..i (top-left aligned)
        k_max = np.maximum.accumulate(k_norm, axis=-1)[:, np.minimum(np.arange(tq), kb.shape[1] - 1)]
    qa[..., d] = -np.sqrt(np.einsum("bid,bid->bi", qs, qs)) * k_max
    s = np.matmul(qa, np.swapaxes(_ones_column(kb), -1, -2))
    return np.exp(_apply_mask(s, None, causal), out=s)


def _row_sums_ok(sums: np.ndarray, tk: int) -> bool:
    """Whether rows of weights from ``_bounded_exp_block`` kept full precision: a row sum of
    at least Tk * tiny / eps means the row's largest weight is >= tiny / eps, so every weight
    that can matter at working precision (>= eps times the largest) is a normal number.
    False for rows with no kept key (sum 0) and for nan (inf or nan inputs)."""
    fi = np.finfo(sums.dtype)
    return bool((sums >= tk * (fi.tiny / fi.eps)).all())


def _exp_block(qb, kb, maskb, causal_keep, scale, what):
    """``exp(s - rowmax s)`` of the block's scores, in place: the softmax numerators (rows not
    yet divided by their sums, so a caller can divide a smaller array instead)."""
    s = _scores_block(qb, kb, maskb, causal_keep, scale)
    with np.errstate(invalid="raise"):
        try:
            s -= s.max(axis=-1, keepdims=True)
        except FloatingPointError:
            raise ValueError(f"{what}: a query row has no finite score (float mask of -inf?)") from None
    return np.exp(s, out=s)


def _weights_block(qb, kb, maskb, causal_keep, scale, what):
    """Attention weights (b, Tq, Tk) of one block: masked, scaled scores softmaxed in place."""
    e = _exp_block(qb, kb, maskb, causal_keep, scale, what)
    e *= 1 / e.sum(axis=-1, keepdims=True)
    return e


def _blocks(q, k, v, mask, is_causal, what):
    """Flatten the leading axes and yield (slice, weights block) pairs."""
    lead = q.shape[:-2]
    tq, tk = q.shape[-2], k.shape[-2]
    nb = int(np.prod(lead, dtype=np.int64))
    causal_keep = np.tril(np.ones((tq, tk), dtype=bool)) if is_causal else None
    if mask is not None and mask.dtype == np.bool_:
        keep = mask if causal_keep is None else (mask & causal_keep)
        if not np.broadcast_to(keep, lead[len(lead) - keep.ndim + 2:] + (tq, tk)).any(axis=-1).all():
            raise ValueError(f"{what}: some query row has every key masked out "
                             f"(mask shape {mask.shape}, is_causal={is_causal}, q {q.shape}, k {k.shape})")
    m = _flat_mask(mask, lead)
    qf, kf = q.reshape(nb, tq, -1), k.reshape(nb, tk, -1)
    step = max(1, _BLOCK_BYTES // max(1, tq * tk * q.itemsize))
    for i in range(0, nb, step):
        sl = slice(i, min(nb, i + step))
        mb = m if m is None or m.ndim == 2 else m[sl]
        yield sl, qf[sl], kf[sl], mb, causal_keep


def attention_weights(q, k, mask=None, is_causal=False, scale=None) -> np.ndarray:
    """The attention matrix ``softmax(q k^T * scale + mask)`` (..., Tq, Tk); rows sum to 1.
    ``scale`` defaults to 1/sqrt(d)."""
    q, k, _ = _check_qkv(q, k, k, "attention_weights")
    m = _check_mask(mask, q, k, "attention_weights")
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    out = np.empty(q.shape[:-1] + k.shape[-2:-1], dtype=q.dtype)
    of = out.reshape((-1,) + out.shape[-2:])

    def block(sl, qb, kb, mb, ck):
        of[sl] = _weights_block(qb, kb, mb, ck, scale, "attention_weights")

    _each_block(block, _blocks(q, k, k, m, is_causal, "attention_weights"), out.size)
    return out


def scaled_dot_product_attention(q, k, v, mask=None, is_causal=False, scale=None) -> np.ndarray:
    """``softmax(q k^T / sqrt(d) + mask) v`` like ``torch.nn.functional.scaled_dot_product_attention``
    (no dropout). q (..., Tq, d), k (..., Tk, d), v (..., Tk, dv) -> (..., Tq, dv).
    Computed block by block over the leading axes (batched BLAS matmuls, in-place exp); the
    stabilising shift is a cheap row bound (``_bounded_exp_block``) unless a mask is given
    or the bound is too loose; the softmax row sums come out of the P V product
    (``_ones_column``) and divide the (Tq, dv) output rather than the (Tq, Tk) weights."""
    what = "scaled_dot_product_attention"
    q, k, v = _check_qkv(q, k, v, what)
    m = _check_mask(mask, q, k, what)
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    out = np.empty(q.shape[:-1] + v.shape[-1:], dtype=q.dtype)
    of = out.reshape((-1,) + out.shape[-2:])
    vf = v.reshape((-1,) + v.shape[-2:])

    def block(sl, qb, kb, mb, ck):
        v1 = _ones_column(vf[sl])
        o1 = None                                        # [e v, row sums of e], e unnormalised
        if m is None:
            o1 = np.matmul(_bounded_exp_block(qb, kb, ck, scale), v1)
            if not _row_sums_ok(o1[..., -1], k.shape[-2]):
                o1 = None
        if o1 is None:                                   # a mask, or a loose bound: exact max
            o1 = np.matmul(_exp_block(qb, kb, mb, ck, scale, what), v1)
        np.divide(o1[..., :-1], o1[..., -1:], out=of[sl])

    _each_block(block, _blocks(q, k, v, m, is_causal, what), math.prod(q.shape[:-1]) * k.shape[-2])
    return out


def _ones_column(vb: np.ndarray) -> np.ndarray:
    """``[vb, 1]`` (b, Tk, dv + 1). For V: multiplying the softmax numerators by it yields their
    row sums in the last column, within the P V product, instead of a separate pass over the
    (Tq, Tk) block; the (Tq, dv) output is then divided by those sums."""
    v1 = np.empty(vb.shape[:-1] + (vb.shape[-1] + 1,), dtype=vb.dtype)
    v1[..., :-1] = vb
    v1[..., -1] = 1
    return v1


def scaled_dot_product_attention_backward(grad_out, q, k, v, mask=None, is_causal=False, scale=None):
    """Gradients of ``scaled_dot_product_attention``; returns ``(dq, dk, dv)`` shaped like q, k, v.
    The attention weights are recomputed block by block (nothing is cached); no mask gradient."""
    what = "scaled_dot_product_attention_backward"
    q, k, v = _check_qkv(q, k, v, what)
    m = _check_mask(mask, q, k, what)
    g = as_float_array(grad_out, "grad_out")
    same_dtype(grad_out=g, q=q)
    want = q.shape[:-1] + v.shape[-1:]
    if g.shape != want:
        raise shape_error(f"{what}: grad_out must have shape {want}", grad_out=g, q=q, v=v)
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    sc = q.dtype.type(scale)
    dq, dk, dv = (np.empty(a.shape, dtype=a.dtype) for a in (q, k, v))  # C order: reshape is a view
    flat = lambda a: a.reshape((-1,) + a.shape[-2:])  # noqa: E731
    dqf, dkf, dvf, gf, vf = flat(dq), flat(dk), flat(dv), flat(g), flat(v)

    def block(sl, qb, kb, mb, ck):
        p = _weights_block(qb, kb, mb, ck, scale, what)
        gb, vb = gf[sl], vf[sl]
        np.matmul(np.swapaxes(p, -1, -2), gb, out=dvf[sl])
        # row-wise <dP_i, P_i> = <g_i, out_i> with out = P v: no extra T x T product
        delta = np.einsum("bij,bij->bi", gb, np.matmul(p, vb))[..., None]
        ds = np.matmul(gb, np.swapaxes(vb, -1, -2))   # dP
        ds -= delta
        ds *= p                                       # dS = P * (dP - delta)
        ds *= sc
        np.matmul(ds, kb, out=dqf[sl])
        np.matmul(np.swapaxes(ds, -1, -2), qb, out=dkf[sl])

    _each_block(block, _blocks(q, k, v, m, is_causal, what), math.prod(q.shape[:-1]) * k.shape[-2])
    return dq, dk, dv


# ------------------------------------------------------------------ multi-head attention


@dataclass
class MHAParams:
    """Projection weights of multi-head attention, torch layout (``y = x @ w.T + b``):
    w_q, w_k, w_v, w_o are (E, E); the biases are (E,) or None (meaning zero)."""

    w_q: np.ndarray
    w_k: np.ndarray
    w_v: np.ndarray
    w_o: np.ndarray
    b_q: np.ndarray | None = None
    b_k: np.ndarray | None = None
    b_v: np.ndarray | None = None
    b_o: np.ndarray | None = None

    @classmethod
    def random(cls, embed_dim: int, rng: np.random.Generator, dtype=np.float64, bias: bool = True):
        """Random parameters with entries ~ N(0, 1/E) (for examples and tests)."""
        e = embed_dim
        mk = lambda *shape: (rng.standard_normal(shape) / math.sqrt(e)).astype(dtype)  # noqa: E731
        return cls(mk(e, e), mk(e, e), mk(e, e), mk(e, e),
                   *((mk(e), mk(e), mk(e), mk(e)) if bias else (None,) * 4))


def _check_mha(query, key, value, params: MHAParams, num_heads: int, what):
    query = as_float_array(query, "query", 3)
    key = as_float_array(key, "key", 3)
    value = as_float_array(value, "value", 3)
    b, tq, e = query.shape
    if key.shape[0] != b or value.shape[0] != b or key.shape[2] != e or value.shape[2] != e:
        raise shape_error(f"{what}: query, key, value must be (B, T, E) with the same B and E",
                          query=query, key=key, value=value)
    if key.shape[1] != value.shape[1]:
        raise shape_error(f"{what}: key and value must have the same length", key=key, value=value)
    if not isinstance(num_heads, int) or num_heads < 1 or e % num_heads:
        raise ValueError(f"{what}: num_heads={num_heads!r} must be a positive divisor of E={e}")
    arrays = {}
    for f in fields(params):
        a = getattr(params, f.name)
        if a is None:
            continue
        a = as_float_array(a, f.name)
        want = (e,) if f.name.startswith("b_") else (e, e)
        if a.shape != want:
            raise shape_error(f"{what}: {f.name} must have shape {want}", **{f.name: a}, query=query)
        arrays[f.name] = a
    same_dtype(query=query, key=key, value=value, **arrays)
    return query, key, value


def _proj(x, w, b):
    y = x @ w.T
    if b is not None:
        y += b
    return y


def _split(x, h):  # (B, T, E) -> (B, H, T, E/H)
    b, t, e = x.shape
    return x.reshape(b, t, h, e // h).transpose(0, 2, 1, 3)


def _merge(x):  # (B, H, T, dh) -> (B, T, H*dh)
    b, h, t, d = x.shape
    return x.transpose(0, 2, 1, 3).reshape(b, t, h * d)


def multi_head_attention(query, key, value, params: MHAParams, num_heads: int,
                         mask=None, is_causal=False) -> np.ndarray:
    """Multi-head attention with input and output projections (no dropout), batch first.

    query (B, Tq, E), key/value (B, Tk, E). Heads split E into num_heads blocks of E/num_heads
    (as ``torch.nn.MultiheadAttention``); each head runs ``scaled_dot_product_attention`` and the
    concatenated heads go through ``w_o``. mask: (Tq, Tk) or (B, H, Tq, Tk)-compatible, True = keep.
    Returns (B, Tq, E)."""
    query, key, value = _check_mha(query, key, value, params, num_heads, "multi_head_attention")
    qh = _split(_proj(query, params.w_q, params.b_q), num_heads)
    kh = _split(_proj(key, params.w_k, params.b_k), num_heads)
    vh = _split(_proj(value, params.w_v, params.b_v), num_heads)
    a = _merge(scaled_dot_product_attention(qh, kh, vh, mask, is_causal))
    return _proj(a, params.w_o, params.b_o)


def multi_head_attention_backward(grad_out, query, key, value, params: MHAParams, num_heads: int,
                                  mask=None, is_causal=False):
    """Gradients of ``multi_head_attention``: returns ``(d_query, d_key, d_value, d_params)`` where
    d_params is an MHAParams of gradients (bias gradients always present). For self-attention
    (query = key = value = x) the gradient w.r.t. x is d_query + d_key + d_value."""
    query, key, value = _check_mha(query, key, value, params, num_heads, "multi_head_attention_backward")
    g = as_float_array(grad_out, "grad_out", 3)
    same_dtype(grad_out=g, query=query)
    if g.shape != query.shape:
        raise shape_error("multi_head_attention_backward: grad_out must be shaped like query",
                          grad_out=g, query=query)
    qp = _proj(query, params.w_q, params.b_q)
    kp = _proj(key, params.w_k, params.b_k)
    vp = _proj(value, params.w_v, params.b_v)
    qh, kh, vh = _split(qp, num_heads), _split(kp, num_heads), _split(vp, num_heads)
    a = _merge(scaled_dot_product_attention(qh, kh, vh, mask, is_causal))
    e = query.shape[2]
    g2 = g.reshape(-1, e)
    dw_o = g2.T @ a.reshape(-1, e)
    db_o = g2.sum(axis=0)
    da = _split(g @ params.w_o, num_heads)
    dqh, dkh, dvh = scaled_dot_product_attention_backward(da, qh, kh, vh, mask, is_causal)
    grads = {}
    dins = []
    for name, x, dh, w in (("q", query, dqh, params.w_q), ("k", key, dkh, params.w_k),
                           ("v", value, dvh, params.w_v)):
        dp = _merge(dh)
        grads["w_" + name] = dp.reshape(-1, e).T @ x.reshape(-1, e)
        grads["b_" + name] = dp.reshape(-1, e).sum(axis=0)
        dins.append(dp @ w)
    return dins[0], dins[1], dins[2], MHAParams(w_o=dw_o, b_o=db_o, **grads)
