"""Pooling and attention backward passes against central finite differences (float64)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cheatsheet import nn
from numerics import fd_grad




@st.composite
def pool_cases(draw):
    k = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    p = (draw(st.integers(0, k[0] // 2)), draw(st.integers(0, k[1] // 2)))
    h, w = draw(st.integers(k[0], 7)), draw(st.integers(k[1], 7))
    return (2, 2, h, w), k, s, p, draw(st.integers(0, 2**16))


@settings(max_examples=25, deadline=None)
@given(pool_cases(), st.integers(1, 2))
def test_max_pool_backward_matches_finite_differences(case, dil):
    shape, k, s, p, seed = case
    rng = np.random.default_rng(seed)
    # distinct, well separated values: no ties, so the max is differentiable
    x = rng.permutation(np.prod(shape)).reshape(shape).astype(float) * 0.1
    try:
        y = nn.max_pool2d(x, k, s, p, dil)
    except ValueError:
        return  # dilated kernel larger than the padded input
    g = rng.standard_normal(y.shape)
    dx = nn.max_pool2d_backward(g, x, k, s, p, dil)
    np.testing.assert_allclose(dx, fd_grad(lambda a: float((nn.max_pool2d(a, k, s, p, dil) * g).sum()), x, 1e-4),
                               atol=1e-7)


@settings(max_examples=25, deadline=None)
@given(pool_cases(), st.booleans())
def test_avg_pool_backward_matches_finite_differences(case, include_pad):
    shape, k, s, p, seed = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    y = nn.avg_pool2d(x, k, s, p, include_pad)
    g = rng.standard_normal(y.shape)
    dx = nn.avg_pool2d_backward(g, x, k, s, p, include_pad)
    np.testing.assert_allclose(
        dx, fd_grad(lambda a: float((nn.avg_pool2d(a, k, s, p, include_pad) * g).sum()), x), atol=1e-7)


def test_softmax_is_stable_and_its_jacobian_matches_finite_differences():
    x = np.array([1000.0, 1001.0, 999.0, -5.0])
    s = nn.softmax(x)
    assert np.isfinite(s).all() and s.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(s, nn.softmax(x - 1000.0))
    rng = np.random.default_rng(0)
    x = rng.standard_normal(5)
    j = nn.softmax_jacobian(x)
    fd = np.stack([fd_grad(lambda a: float(nn.softmax(a)[i]), x.copy()) for i in range(5)])
    np.testing.assert_allclose(j, fd, atol=1e-8)
    g = rng.standard_normal(5)
    np.testing.assert_allclose(nn.softmax_backward(g, nn.softmax(x)), j.T @ g, atol=1e-12)


@st.composite
def attn_cases(draw):
    lead = tuple(draw(st.lists(st.integers(1, 2), min_size=0, max_size=2)))
    tq, tk = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    d, dv = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    causal = draw(st.booleans())
    masked = draw(st.booleans())
    return lead, tq, tk, d, dv, causal, masked, draw(st.integers(0, 2**16))


@settings(max_examples=30, deadline=None)
@given(attn_cases())
def test_attention_backward_matches_finite_differences(case):
    lead, tq, tk, d, dv, causal, masked, seed = case
    rng = np.random.default_rng(seed)
    q, k = rng.standard_normal(lead + (tq, d)), rng.standard_normal(lead + (tk, d))
    v = rng.standard_normal(lead + (tk, dv))
    mask = None
    if masked:
        mask = rng.random((tq, tk)) > 0.4
        mask[:, 0] = True
    g = rng.standard_normal(lead + (tq, dv))
    dq, dk, dvv = nn.scaled_dot_product_attention_backward(g, q, k, v, mask, causal)
    loss = lambda a, b, c: float((nn.scaled_dot_product_attention(a, b, c, mask, causal) * g).sum())  # noqa: E731
    np.testing.assert_allclose(dq, fd_grad(lambda a: loss(a, k, v), q), atol=1e-7)
    np.testing.assert_allclose(dk, fd_grad(lambda a: loss(q, a, v), k), atol=1e-7)
    np.testing.assert_allclose(dvv, fd_grad(lambda a: loss(q, k, a), v), atol=1e-7)


def test_float_mask_is_added_and_equivalent_to_boolean():
    rng = np.random.default_rng(4)
    q, k, v = (rng.standard_normal((2, 3, 4)) for _ in range(3))
    keep = np.tril(np.ones((3, 3), dtype=bool)) | np.eye(3, dtype=bool)
    keep = np.ones((3, 3), bool)[:3, :3] & np.tril(np.ones((3, 3), bool))
    keep = np.concatenate([keep, np.ones((3, 0), bool)], axis=1)
    fmask = np.where(keep, 0.0, -np.inf)
    np.testing.assert_allclose(nn.scaled_dot_product_attention(q, k[:, :3], v[:, :3], keep),
                               nn.scaled_dot_product_attention(q, k[:, :3], v[:, :3], fmask))
    np.testing.assert_allclose(nn.scaled_dot_product_attention(q, k[:, :3], v[:, :3], keep),
                               nn.scaled_dot_product_attention(q, k[:, :3], v[:, :3], is_causal=True))


@pytest.mark.parametrize("masked", [False, True])
def test_multi_head_attention_backward_matches_finite_differences(masked):
    rng = np.random.default_rng(5)
    b, tq, tk, e, h = 2, 3, 4, 4, 2
    x_q, x_k, x_v = rng.standard_normal((b, tq, e)), rng.standard_normal((b, tk, e)), rng.standard_normal((b, tk, e))
    params = nn.MHAParams.random(e, rng)
    mask = None
    if masked:
        mask = rng.random((tq, tk)) > 0.5
        mask[:, 0] = True
    g = rng.standard_normal((b, tq, e))
    dq, dk, dv, dp = nn.multi_head_attention_backward(g, x_q, x_k, x_v, params, h, mask)

    def loss(**over):
        args = dict(query=x_q, key=x_k, value=x_v)
        pp = nn.MHAParams(**{f: over.get(f, getattr(params, f)) for f in params.__dataclass_fields__})
        args.update({a: over[a] for a in ("query", "key", "value") if a in over})
        return float((nn.multi_head_attention(args["query"], args["key"], args["value"], pp, h, mask) * g).sum())

    for name, arr, grad in (("query", x_q, dq), ("key", x_k, dk), ("value", x_v, dv)):
        np.testing.assert_allclose(grad, fd_grad(lambda a: loss(**{name: a}), arr), atol=1e-7)
    for f in params.__dataclass_fields__:
        np.testing.assert_allclose(getattr(dp, f), fd_grad(lambda a: loss(**{f: a}), getattr(params, f).copy()),
                                   atol=1e-7, err_msg=f)
