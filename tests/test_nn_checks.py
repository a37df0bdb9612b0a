"""Bad input raises ValueError that names the shapes; nothing broadcasts silently."""

import numpy as np
import pytest

from cheatsheet import nn

r = np.random.default_rng(0)
X = r.standard_normal((2, 3, 8, 8))
W = r.standard_normal((4, 3, 3, 3))


@pytest.mark.parametrize("call,match", [
    (lambda: nn.conv2d(X, r.standard_normal((4, 2, 3, 3))), r"\(2, 3, 8, 8\).*\(4, 2, 3, 3\)"),
    (lambda: nn.conv2d(X, W, r.standard_normal(3)), r"\(3,\)"),
    (lambda: nn.conv2d(X, W, stride=0), "stride must be >= 1"),
    (lambda: nn.conv2d(X, W, padding=-1), "padding must be >= 0"),
    (lambda: nn.conv2d(X, W, dilation=0), "dilation must be >= 1"),
    (lambda: nn.conv2d(X, W, stride=2, padding="same"), "same"),
    (lambda: nn.conv2d(X, W, padding="full"), "padding"),
    (lambda: nn.conv2d(X, r.standard_normal((4, 3, 9, 9))), "smaller than the dilated kernel"),
    (lambda: nn.conv2d(X[0], W), r"4-D, got shape \(3, 8, 8\)"),
    (lambda: nn.conv2d(X.astype(np.float32), W), "dtype mismatch"),
    (lambda: nn.conv2d(X.astype(np.int64), W), "float32 or float64"),
    (lambda: nn.conv2d(X, W, stride=1.5), "stride"),
    (lambda: nn.conv2d_backward(np.ones((2, 4, 5, 5)), X, W), r"\(2, 4, 6, 6\)"),
    (lambda: nn.conv1d(X[:, :, 0], W[:, :2, 0]), r"\(2, 3, 8\).*\(4, 2, 3\)"),
    (lambda: nn.max_pool2d(X, 2, padding=2), "half the kernel"),
    (lambda: nn.max_pool2d_backward(np.ones((2, 3, 3, 3)), X, 2), r"\(2, 3, 4, 4\)"),
    (lambda: nn.avg_pool2d(X, 2, stride=0), "stride"),
    (lambda: nn.scaled_dot_product_attention(np.ones((2, 4, 3)), np.ones((2, 4, 5)), np.ones((2, 4, 3))),
     r"\(2, 4, 3\).*\(2, 4, 5\)"),
    (lambda: nn.scaled_dot_product_attention(np.ones((2, 4, 3)), np.ones((1, 4, 3)), np.ones((1, 4, 3))),
     "leading"),
    (lambda: nn.scaled_dot_product_attention(np.ones((4, 3)), np.ones((5, 3)), np.ones((4, 3))), "same length"),
    (lambda: nn.scaled_dot_product_attention(np.ones((4, 3)), np.ones((5, 3)), np.ones((5, 3)),
                                             mask=np.ones((5, 4), bool)), r"\(5, 4\)"),
    (lambda: nn.scaled_dot_product_attention(np.ones((4, 3)), np.ones((4, 3)), np.ones((4, 3)),
                                             mask=np.zeros((4, 4), bool)), "masked out"),
    (lambda: nn.scaled_dot_product_attention(np.ones((4, 3)), np.ones((4, 3)), np.ones((4, 3)),
                                             mask=np.full((4, 4), -np.inf)), "no finite score"),
    (lambda: nn.multi_head_attention(np.ones((1, 2, 6)), np.ones((1, 2, 6)), np.ones((1, 2, 6)),
                                     nn.MHAParams.random(6, r), 4), "num_heads"),
    (lambda: nn.softmax_backward(np.ones(3), np.ones(4)), r"\(3,\).*\(4,\)"),
    (lambda: nn.laplacian(np.ones((3, 4))), r"\(3, 4\)"),
    (lambda: nn.spectral_conv(np.ones(4), np.eye(3), lambda lam: lam), r"\(4,\)"),
    (lambda: nn.lstm_cell(np.ones((2, 3)), (np.ones((2, 4)), np.ones((2, 5))), np.ones((16, 3)), np.ones((16, 4))),
     r"\(2, 5\)"),
    (lambda: nn.gru_cell(np.ones((2, 3)), np.ones((2, 4)), np.ones((16, 3)), np.ones((12, 4))), r"\(16, 3\)"),
    (lambda: nn.lru_eigenvalues(np.ones(3), np.ones(2)), r"\(3,\).*\(2,\)"),
    (lambda: nn.conv_output_size(3, 5), "smaller than the dilated kernel"),
    (lambda: nn.convolve(np.ones(3), np.ones((2, 2))), "same number of dimensions"),
])
def test_bad_input_raises_value_error_naming_shapes(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_float32_stays_float32():
    x, w = X.astype(np.float32), W.astype(np.float32)
    assert nn.conv2d(x, w, w[:, 0, 0, 0].copy(), padding=1).dtype == np.float32
    assert all(a.dtype == np.float32 for a in nn.conv2d_backward(np.ones((2, 4, 6, 6), np.float32), x, w))
    q = x[:, :, :, :4]
    assert nn.scaled_dot_product_attention(q, q, q, is_causal=True).dtype == np.float32
    assert all(a.dtype == np.float32 for a in nn.scaled_dot_product_attention_backward(q, q, q, q))
    assert nn.max_pool2d(x, 2).dtype == np.float32 and nn.avg_pool2d(x, 3, 1, 1, False).dtype == np.float32
