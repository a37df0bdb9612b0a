"""Attention and convolution on large inputs run their blocks in threads with single-threaded
BLAS (cheatsheet/nn/_threads.py): the same results as the blocks in turn, masks, errors and the
caller's NumPy error settings included."""
from __future__ import annotations

import contextlib
import threading

import numpy as np
import pytest

from cheatsheet import nn
from cheatsheet.nn import _threads as T
from cheatsheet.nn import attention as A
from cheatsheet.nn import conv as C


class _Controller:
    """Stands in for threadpoolctl's controller: BLAS reports two threads; records limits."""

    def __init__(self):
        self.limits = []

    def info(self):
        return [{"user_api": "blas", "num_threads": 2}]

    @contextlib.contextmanager
    def limit(self, limits, user_api):
        self.limits.append((limits, user_api))
        yield


@pytest.fixture
def threaded(monkeypatch):
    """Force the threaded path on small inputs, on two threads; record the threads used."""
    ctl = _Controller()
    monkeypatch.setitem(T._STATE, "controller", ctl)
    monkeypatch.setattr(T, "PARALLEL_MIN", 1)
    monkeypatch.setattr(A, "_BLOCK_BYTES", 1)  # one (batch, head) per block
    monkeypatch.setattr(C, "_CHUNK_BYTES", 1)  # one image per chunk
    monkeypatch.setattr(T.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    seen = set()
    real = A._weights_block

    def spy(*args):
        seen.add(threading.current_thread().name)
        return real(*args)

    monkeypatch.setattr(A, "_weights_block", spy)
    return ctl, seen


def _inputs(dtype=np.float64):
    rng = np.random.default_rng(3)
    q, k, v, g = (rng.standard_normal((2, 3, 6, 4)).astype(dtype) for _ in range(4))
    mask = rng.random((6, 6)) < 0.7
    mask[:, 0] = True  # every query keeps a key
    return q, k, v, g, mask


def _serial(fn, *args, **kw):
    saved = T.PARALLEL_MIN
    T.PARALLEL_MIN = 1 << 62
    try:
        return fn(*args, **kw)
    finally:
        T.PARALLEL_MIN = saved


@pytest.mark.parametrize("kw", [{}, {"is_causal": True}, {"mask": "bool"}, {"mask": "float"}])
def test_threads_give_the_serial_results(threaded, kw):
    ctl, seen = threaded
    q, k, v, g, mask = _inputs()
    if kw.get("mask") == "bool":
        kw = {"mask": mask}
    elif kw.get("mask") == "float":
        kw = {"mask": np.where(mask, 0.0, -3.0)}
    for fn, args in ((A.scaled_dot_product_attention, (q, k, v)),
                     (A.scaled_dot_product_attention_backward, (g, q, k, v)),
                     (A.attention_weights, (q, k))):
        got, want = fn(*args, **kw), _serial(fn, *args, **kw)
        for a, b in zip(got if isinstance(got, tuple) else (got,),
                        want if isinstance(want, tuple) else (want,)):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    assert ("blas" in {api for _, api in ctl.limits}) and all(n == 1 for n, _ in ctl.limits)
    assert any(name.startswith("cheatsheet-nn") for name in seen)


def test_an_error_in_a_block_reaches_the_caller(threaded):
    q, k, v, _, _ = _inputs()
    mask = np.zeros((6, 6))
    mask[2] = -np.inf  # query 2 has no finite score
    with pytest.raises(ValueError, match="no finite score"):
        A.scaled_dot_product_attention(q, k, v, mask=mask)


def test_the_callers_error_settings_hold_in_the_blocks(threaded):
    seen = []

    def body(x):
        seen.append(np.geterr()["over"])

    with np.errstate(over="ignore"):
        T.each_block(body, [(1,), (2,), (3,)], work=10)
    assert seen == ["ignore"] * 3


def test_one_blas_thread_means_no_block_threads(threaded, monkeypatch):
    ctl, seen = threaded
    monkeypatch.setattr(ctl, "info", lambda: [{"user_api": "blas", "num_threads": 1}])
    q, k, v, _, _ = _inputs()
    A.attention_weights(q, k)
    assert ctl.limits == [] and all(not n.startswith("cheatsheet-nn") for n in seen)


def test_with_threadpoolctl_blas_is_single_threaded_inside_and_restored_after():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    ctl = threadpoolctl.ThreadpoolController()
    before = [i["num_threads"] for i in ctl.info() if i["user_api"] == "blas"]
    inside = []
    T.each_block(lambda: inside.append(
        [i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]),
        [(), ()], work=T.PARALLEL_MIN)
    after = [i["num_threads"] for i in ctl.info() if i["user_api"] == "blas"]
    assert after == before
    if T.block_threads(T.blas_controller()) >= 2:
        assert inside and all(all(n == 1 for n in x) for x in inside)


@pytest.mark.parametrize("kw", [{"padding": 1}, {"padding": 2, "dilation": 2}, {"padding": 0},
                                {"stride": 2, "padding": 1}])
def test_convolution_in_threads_gives_the_serial_results(threaded, kw):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((5, 3, 9, 8))
    w = rng.standard_normal((4, 3, 3, 3))
    b = rng.standard_normal(4)
    y = nn.conv2d(x, w, b, **kw)
    np.testing.assert_allclose(y, _serial(nn.conv2d, x, w, b, **kw), rtol=1e-12, atol=1e-12)
    g = rng.standard_normal(y.shape)
    for got, want in zip(nn.conv2d_backward(g, x, w, **kw),
                         _serial(nn.conv2d_backward, g, x, w, **kw)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    if kw.get("stride", 1) == 1:  # the stride-1 path is the one that runs in parts
        assert threaded[0].limits
