"""Forward and backward agree with PyTorch CPU in float32 to 1e-4 relative.

Relative error here is max|ours - torch| / max|torch| per output/gradient."""

import numpy as np
import pytest

from cheatsheet import nn

torch = F = None  # loaded by _torch when a test here runs, not at collection (~2 s per process)


@pytest.fixture(autouse=True, scope="module")
def _torch():
    global torch, F
    torch = pytest.importorskip("torch", reason="PyTorch is an optional test oracle (pip install '.[torch]')")
    F = torch.nn.functional


def close(ours, ref, rtol=1e-4):
    ref = ref.detach().numpy() if hasattr(ref, "detach") else np.asarray(ref)
    assert ours.shape == ref.shape
    assert ours.dtype == np.float32, ours.dtype
    scale = max(float(np.abs(ref).max()), 1e-30)
    err = float(np.abs(ours - ref).max()) / scale
    assert err <= rtol, f"relative error {err:.2e}"


def tt(a):
    return torch.tensor(a, requires_grad=True)


rng = np.random.default_rng(0)


def f32(*shape):
    return rng.standard_normal(shape).astype(np.float32)


@pytest.mark.parametrize("stride,padding,dilation", [(1, 0, 1), (1, 1, 1), (2, 1, 1), ((2, 1), (0, 2), (1, 2)),
                                                     (1, "same", 2), (3, "valid", 1)])
def test_conv2d_forward_backward(stride, padding, dilation):
    x, w, b = f32(3, 4, 11, 10), f32(5, 4, 3, 3), f32(5)
    xt, wt, bt = tt(x), tt(w), tt(b)
    yt = F.conv2d(xt, wt, bt, stride, padding, dilation)
    y = nn.conv2d(x, w, b, stride, padding, dilation)
    close(y, yt)
    g = f32(*y.shape)
    yt.backward(torch.tensor(g))
    for ours, ref in zip(nn.conv2d_backward(g, x, w, stride, padding, dilation), (xt, wt, bt)):
        close(ours, ref.grad)


@pytest.mark.parametrize("stride,padding,dilation", [(1, 0, 1), (2, 2, 1), (1, "same", 3)])
def test_conv1d_forward_backward(stride, padding, dilation):
    x, w, b = f32(2, 3, 17), f32(4, 3, 4), f32(4)
    xt, wt, bt = tt(x), tt(w), tt(b)
    yt = F.conv1d(xt, wt, bt, stride, padding, dilation)
    y = nn.conv1d(x, w, b, stride, padding, dilation)
    close(y, yt)
    g = f32(*y.shape)
    yt.backward(torch.tensor(g))
    for ours, ref in zip(nn.conv1d_backward(g, x, w, stride, padding, dilation), (xt, wt, bt)):
        close(ours, ref.grad)


@pytest.mark.parametrize("k,s,p,d", [(2, None, 0, 1), (3, 2, 1, 1), ((3, 2), (1, 2), (1, 0), (2, 1))])
def test_max_pool(k, s, p, d):
    x = f32(2, 3, 9, 8)
    xt = tt(x)
    yt = F.max_pool2d(xt, k, s, p, d)
    close(nn.max_pool2d(x, k, s, p, d), yt)
    g = f32(*yt.shape)
    yt.backward(torch.tensor(g))
    close(nn.max_pool2d_backward(g, x, k, s, p, d), xt.grad)


@pytest.mark.parametrize("k,s,p,inc", [(2, None, 0, True), (3, 2, 1, True), (3, 2, 1, False)])
def test_avg_pool(k, s, p, inc):
    x = f32(2, 3, 9, 8)
    xt = tt(x)
    yt = F.avg_pool2d(xt, k, s, p, count_include_pad=inc)
    close(nn.avg_pool2d(x, k, s, p, inc), yt)
    g = f32(*yt.shape)
    yt.backward(torch.tensor(g))
    close(nn.avg_pool2d_backward(g, x, k, s, p, inc), xt.grad)


def test_softmax():
    x = f32(4, 7) * 10
    close(nn.softmax(x, axis=0), torch.softmax(torch.tensor(x), 0))
    close(nn.softmax(x), torch.softmax(torch.tensor(x), -1))


@pytest.mark.parametrize("mask_kind,causal", [(None, False), (None, True), ("bool", False), ("float", False),
                                              ("bool4d", False)])
def test_scaled_dot_product_attention(mask_kind, causal):
    q, k, v = f32(2, 3, 6, 8), f32(2, 3, 7, 8), f32(2, 3, 7, 5)
    if causal:
        k, v = k[:, :, :6], v[:, :, :6]
    mask = None
    if mask_kind == "bool":
        mask = rng.random((6, 7)) > 0.3
        mask[:, 0] = True
    elif mask_kind == "bool4d":
        mask = rng.random((2, 1, 6, 7)) > 0.3
        mask[..., 0] = True
    elif mask_kind == "float":
        mask = f32(6, 7)
    qt, kt, vt = tt(q), tt(k), tt(v)
    ot = F.scaled_dot_product_attention(qt, kt, vt, attn_mask=None if mask is None else torch.tensor(mask),
                                        is_causal=causal)
    close(nn.scaled_dot_product_attention(q, k, v, mask, causal), ot)
    g = f32(*ot.shape)
    ot.backward(torch.tensor(g))
    for ours, ref in zip(nn.scaled_dot_product_attention_backward(g, q, k, v, mask, causal), (qt, kt, vt)):
        close(ours, ref.grad)


@pytest.mark.parametrize("causal", [False, True])
def test_multi_head_attention_matches_torch_module(causal):
    b, t, e, h = 2, 5, 8, 2
    mha = torch.nn.MultiheadAttention(e, h, batch_first=True)
    p = nn.MHAParams(*(a.detach().numpy().copy() for a in mha.in_proj_weight.chunk(3)),
                     mha.out_proj.weight.detach().numpy().copy(),
                     *(a.detach().numpy().copy() for a in mha.in_proj_bias.chunk(3)),
                     mha.out_proj.bias.detach().numpy().copy())
    p.b_q, p.b_k, p.b_v = f32(e), f32(e), f32(e)  # torch initialises biases to 0: use non-zero ones
    with torch.no_grad():
        mha.in_proj_bias.copy_(torch.tensor(np.concatenate([p.b_q, p.b_k, p.b_v])))
    xq, xk, xv = f32(b, t, e), f32(b, t, e), f32(b, t, e)
    tq, tk, tv = tt(xq), tt(xk), tt(xv)
    # nn.MultiheadAttention's boolean attn_mask marks the pairs NOT allowed
    tmask = torch.triu(torch.ones(t, t, dtype=torch.bool), 1) if causal else None
    out_t, _ = mha(tq, tk, tv, attn_mask=tmask, need_weights=False)
    close(nn.multi_head_attention(xq, xk, xv, p, h, is_causal=causal), out_t)
    g = f32(b, t, e)
    out_t.backward(torch.tensor(g))
    dq, dk, dv, dp = nn.multi_head_attention_backward(g, xq, xk, xv, p, h, is_causal=causal)
    for ours, ref in zip((dq, dk, dv), (tq, tk, tv)):
        close(ours, ref.grad)
    dw = mha.in_proj_weight.grad.chunk(3)
    db = mha.in_proj_bias.grad.chunk(3)
    for ours, ref in zip((dp.w_q, dp.w_k, dp.w_v, dp.b_q, dp.b_v, dp.w_o, dp.b_o),
                         (*dw, db[0], db[2], mha.out_proj.weight.grad, mha.out_proj.bias.grad)):
        close(ours, ref.detach())
    # softmax is invariant to the key bias: its gradient is 0 (both sides only carry rounding)
    assert np.abs(dp.b_k).max() < 1e-5 and db[1].abs().max() < 1e-5


def test_recurrent_cells():
    bsz, n_in, hid = 3, 4, 5
    x, h, c = f32(bsz, n_in), f32(bsz, hid), f32(bsz, hid)
    for cell, gates in ((torch.nn.RNNCell, 1), (torch.nn.LSTMCell, 4), (torch.nn.GRUCell, 3)):
        m = cell(n_in, hid)
        ws = [a.detach().numpy() for a in (m.weight_ih, m.weight_hh, m.bias_ih, m.bias_hh)]
        with torch.no_grad():
            if gates == 1:
                close(nn.rnn_cell(x, h, *ws), m(torch.tensor(x), torch.tensor(h)))
            elif gates == 4:
                ht, ct = m(torch.tensor(x), (torch.tensor(h), torch.tensor(c)))
                hn, cn = nn.lstm_cell(x, (h, c), *ws)
                close(hn, ht)
                close(cn, ct)
            else:
                close(nn.gru_cell(x, h, *ws), m(torch.tensor(x), torch.tensor(h)))
