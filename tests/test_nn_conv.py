"""Convolution core: backward passes against central finite differences (float64, hypothesis
over shapes, strides, paddings, dilations) and the signal-level identities."""

import numpy as np
import pytest
import scipy.signal
from hypothesis import given, settings, strategies as st

from cheatsheet import nn
from numerics import fd_grad




@st.composite
def conv_cases(draw):
    n = draw(st.integers(1, 2))
    c = draw(st.integers(1, 3))
    k = draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dil = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    pad = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    h = draw(st.integers(max(1, dil[0] * (kh - 1) + 1 - 2 * pad[0]), 7))
    w = draw(st.integers(max(1, dil[1] * (kw - 1) + 1 - 2 * pad[1]), 7))
    seed = draw(st.integers(0, 2**16))
    return (n, c, h, w), (k, c, kh, kw), stride, pad, dil, seed


@settings(max_examples=30, deadline=None)
@given(conv_cases())
def test_conv2d_backward_matches_finite_differences(case):
    xs, ws, stride, pad, dil, seed = case
    rng = np.random.default_rng(seed)
    x, w, b = rng.standard_normal(xs), rng.standard_normal(ws), rng.standard_normal(ws[0])
    y = nn.conv2d(x, w, b, stride, pad, dil)
    for ax, (n, k, s, p, d) in enumerate(zip(xs[2:], ws[2:], stride, pad, dil)):
        assert y.shape[2 + ax] == nn.conv_output_size(n, k, s, p, d)
    g = rng.standard_normal(y.shape)
    dx, dw, db = nn.conv2d_backward(g, x, w, stride, pad, dil)
    loss = lambda xx, ww, bb: float((nn.conv2d(xx, ww, bb, stride, pad, dil) * g).sum())  # noqa: E731
    np.testing.assert_allclose(dx, fd_grad(lambda a: loss(a, w, b), x), atol=1e-7)
    np.testing.assert_allclose(dw, fd_grad(lambda a: loss(x, a, b), w), atol=1e-7)
    np.testing.assert_allclose(db, fd_grad(lambda a: loss(x, w, a), b), atol=1e-7)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 9), st.integers(1, 4), st.integers(1, 3), st.integers(0, 2),
       st.integers(1, 3), st.integers(0, 2**16))
def test_conv1d_backward_matches_finite_differences(length, k, s, p, d, seed):
    length = max(length, d * (k - 1) + 1 - 2 * p)
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal((2, 2, length)), rng.standard_normal((3, 2, k))
    g = rng.standard_normal(nn.conv1d(x, w, None, s, p, d).shape)
    dx, dw, db = nn.conv1d_backward(g, x, w, s, p, d)
    loss = lambda xx, ww: float((nn.conv1d(xx, ww, None, s, p, d) * g).sum())  # noqa: E731
    np.testing.assert_allclose(dx, fd_grad(lambda a: loss(a, w), x), atol=1e-7)
    np.testing.assert_allclose(dw, fd_grad(lambda a: loss(x, a), w), atol=1e-7)
    np.testing.assert_allclose(db, g.sum(axis=(0, 2)))


def test_conv2d_single_window_is_the_cross_correlation_sum():
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((1, 2, 3, 3)), rng.standard_normal((1, 2, 3, 3))
    assert nn.conv2d(x, w)[0, 0, 0, 0] == pytest.approx((x * w).sum())          # no flip
    assert nn.conv2d(x, nn.rot180(w))[0, 0, 0, 0] == pytest.approx((x[0] * w[0, :, ::-1, ::-1]).sum())


@pytest.mark.parametrize("dil", [1, 2])
@pytest.mark.parametrize("k", [(1, 1), (2, 3), (3, 3)])
def test_same_padding_keeps_the_size(k, dil):
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((1, 2, 7, 6)), rng.standard_normal((3, 2) + k)
    assert nn.conv2d(x, w, padding="same", dilation=dil).shape == (1, 3, 7, 6)
    assert nn.conv2d(x, w, padding="valid").shape == (1, 3, 8 - k[0], 7 - k[1])


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 3), st.integers(0, 2), st.integers(1, 2), st.integers(0, 2**16))
def test_conv_transpose_is_the_adjoint(s, p, d, seed):
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal((2, 3, 8, 7)), rng.standard_normal((4, 3, 3, 2))
    y = rng.standard_normal(nn.conv2d(x, w, None, s, p, d).shape)
    xt = nn.conv_transpose2d(y, w, s, p, d, output_size=(8, 7))
    assert float((nn.conv2d(x, w, None, s, p, d) * y).sum()) == pytest.approx(float((x * xt).sum()))


@pytest.mark.parametrize("mode", ["full", "valid", "same"])
@pytest.mark.parametrize("shapes", [((11,), (4,)), ((9,), (9,)), ((7, 6), (3, 2)), ((5, 8), (2, 5))])
def test_convolve_correlate_fft_and_band_matrix(mode, shapes):
    rng = np.random.default_rng(2)
    f, h = rng.standard_normal(shapes[0]), rng.standard_normal(shapes[1])
    ref = scipy.signal.convolve(f, h, mode, method="direct")
    np.testing.assert_allclose(nn.convolve(f, h, mode), ref, atol=1e-12)
    np.testing.assert_allclose(nn.fft_convolve(f, h, mode), ref, atol=1e-12)
    np.testing.assert_allclose(nn.correlate(f, h, mode),
                               scipy.signal.correlate(f, h, mode, method="direct"), atol=1e-12)
    if f.ndim == 1:
        np.testing.assert_allclose(nn.conv_matrix(h, f.size, mode) @ f, ref, atol=1e-12)
        np.testing.assert_allclose(nn.conv_matrix(h, f.size, mode, kind="correlation") @ f,
                                   nn.correlate(f, h, mode), atol=1e-12)


def test_band_matrix_entries_follow_the_sheet_formula():
    # valid mode, 0-based: M[i, j] = h[K-1+i-j] for i <= j <= i+K-1 (sheet 002, 1-based h_{K+k-j})
    h = np.array([1.0, 2.0, 3.0])
    m = nn.conv_matrix(h, 5, "valid")
    assert m.shape == (3, 5)
    for i in range(3):
        for j in range(5):
            assert m[i, j] == (h[2 + i - j] if i <= j <= i + 2 else 0)


def test_circular_convolution_theorem():
    rng = np.random.default_rng(3)
    f, h = rng.standard_normal(16), rng.standard_normal(16)
    np.testing.assert_allclose(np.fft.fft(nn.circular_convolve(f, h)), np.fft.fft(f) * np.fft.fft(h), atol=1e-10)


@pytest.mark.parametrize("n,k,s,p,d,want", [(7, 3, 2, 0, 1, 3), (32, 3, 1, 1, 1, 32), (10, 3, 3, 1, 2, 3),
                                             (5, 5, 1, 0, 1, 1), (224, 7, 2, 3, 1, 112)])
def test_conv_output_size_table(n, k, s, p, d, want):
    assert nn.conv_output_size(n, k, s, p, d) == want
