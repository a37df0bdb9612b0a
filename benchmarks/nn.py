"""Time cheatsheet.nn against PyTorch CPU and a plain NumPy im2col reference (float32, best of 5).

    python benchmarks/nn.py [--repeat 5] [--blas-default]

Cases: conv2d N=8, C=K=64, 32x32, 3x3, stride 1, padding 1 (forward, backward) and attention
B=4, heads=8, T=512, d=64 (forward, backward). Targets: conv2d forward <= 2.5x PyTorch,
attention forward <= 1.5x, each backward <= 3x.

OpenBLAS (NumPy's BLAS) picks its Haswell (AVX2) kernels on AMD Zen 4 although the CPU has
AVX-512; unless --blas-default is given or OPENBLAS_CORETYPE is already set, this script sets
OPENBLAS_CORETYPE=SKYLAKEX on AVX-512 machines before importing NumPy (PyTorch's MKL/oneDNN use
AVX-512 anyway). The line "OpenBLAS core" says what was used.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

_parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
_parser.add_argument("--repeat", type=int, default=5)
_parser.add_argument("--blas-default", action="store_true", help="do not set OPENBLAS_CORETYPE")
ARGS = _parser.parse_args()


def _has_avx512() -> bool:
    try:
        with open("/proc/cpuinfo") as f:
            return " avx512f " in f.read().replace("\n", " ")
    except OSError:
        return False


if not ARGS.blas_default and "OPENBLAS_CORETYPE" not in os.environ and _has_avx512():
    os.environ["OPENBLAS_CORETYPE"] = "SKYLAKEX"

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cheatsheet import nn  # noqa: E402

try:
    import torch
except ImportError:  # the comparison with PyTorch is skipped
    torch = None


def best(fn, repeat):
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


# ------------------------------------------------------------ plain NumPy reference


def ref_im2col(x, kh, kw, pad):
    """Straightforward im2col: zero-pad, then one slice copy per kernel position."""
    n, c, h, w = x.shape
    xp = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=x.dtype)
    xp[:, :, pad:pad + h, pad:pad + w] = x
    ho, wo = h + 2 * pad - kh + 1, w + 2 * pad - kw + 1
    cols = np.empty((n, c, kh, kw, ho, wo), dtype=x.dtype)
    for p in range(kh):
        for q in range(kw):
            cols[:, :, p, q] = xp[:, :, p:p + ho, q:q + wo]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(n * ho * wo, c * kh * kw), (n, ho, wo), xp.shape


def ref_conv2d(x, w, pad):
    k, c, kh, kw = w.shape
    cols, (n, ho, wo), _ = ref_im2col(x, kh, kw, pad)
    y = cols @ w.reshape(k, -1).T                      # (N*Ho*Wo, K)
    return y.reshape(n, ho, wo, k).transpose(0, 3, 1, 2)


def ref_conv2d_backward(g, x, w, pad):
    k, c, kh, kw = w.shape
    cols, (n, ho, wo), xp_shape = ref_im2col(x, kh, kw, pad)
    g2 = g.transpose(0, 2, 3, 1).reshape(-1, k)       # (N*Ho*Wo, K)
    dw = (g2.T @ cols).reshape(w.shape)
    db = g2.sum(axis=0)
    dcols = (g2 @ w.reshape(k, -1)).reshape(n, ho, wo, c, kh, kw)
    dxp = np.zeros(xp_shape, dtype=x.dtype)
    for p in range(kh):
        for q in range(kw):
            dxp[:, :, p:p + ho, q:q + wo] += dcols[:, :, :, :, p, q].transpose(0, 3, 1, 2)
    h, wd = x.shape[2:]
    return dxp[:, :, pad:pad + h, pad:pad + wd], dw, db


def ref_attention(q, k, v):
    s = q @ np.swapaxes(k, -1, -2) / np.float32(np.sqrt(q.shape[-1]))
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return p @ v


def ref_attention_backward(g, q, k, v):
    sc = np.float32(1 / np.sqrt(q.shape[-1]))
    s = q @ np.swapaxes(k, -1, -2) * sc
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    dv = np.swapaxes(p, -1, -2) @ g
    dp = g @ np.swapaxes(v, -1, -2)
    ds = p * (dp - (dp * p).sum(axis=-1, keepdims=True)) * sc
    return ds @ k, np.swapaxes(ds, -1, -2) @ q, dv


# ----------------------------------------------------------------------------- main


def main():
    rng = np.random.default_rng(0)
    rep = ARGS.repeat
    print(f"OpenBLAS core: {os.environ.get('OPENBLAS_CORETYPE', 'auto-detected (default)')}; "
          f"torch: {torch.__version__ if torch else 'not installed'}; cpus: {os.cpu_count()}")
    if torch is not None:
        torch.set_num_threads(os.cpu_count() or 1)

    x = rng.standard_normal((8, 64, 32, 32)).astype(np.float32)
    w = (rng.standard_normal((64, 64, 3, 3)) / 24).astype(np.float32)
    g = rng.standard_normal((8, 64, 32, 32)).astype(np.float32)
    q, k, v, ga = (rng.standard_normal((4, 8, 512, 64)).astype(np.float32) for _ in range(4))

    # sanity: core and reference agree before timing
    assert np.allclose(nn.conv2d(x, w, padding=1), ref_conv2d(x, w, 1), rtol=1e-4, atol=1e-4)
    assert np.allclose(nn.scaled_dot_product_attention(q, k, v), ref_attention(q, k, v), rtol=1e-4, atol=1e-5)

    cases = {
        "conv2d forward": (lambda: nn.conv2d(x, w, padding=1), lambda: ref_conv2d(x, w, 1), 2.5),
        "conv2d backward": (lambda: nn.conv2d_backward(g, x, w, padding=1),
                            lambda: ref_conv2d_backward(g, x, w, 1), 3.0),
        "attention forward": (lambda: nn.scaled_dot_product_attention(q, k, v), lambda: ref_attention(q, k, v), 1.5),
        "attention backward": (lambda: nn.scaled_dot_product_attention_backward(ga, q, k, v),
                               lambda: ref_attention_backward(ga, q, k, v), 3.0),
    }
    torch_fns = {}
    if torch is not None:
        F = torch.nn.functional
        xt, wt, gt = torch.tensor(x), torch.tensor(w), torch.tensor(g)
        qt, kt, vt, gat = (torch.tensor(a) for a in (q, k, v, ga))

        # backward only: the graph is built once, then autograd.grad is timed (retain_graph)
        xr, wr = xt.clone().requires_grad_(), wt.clone().requires_grad_()
        yc = F.conv2d(xr, wr, padding=1)
        qr, kr, vr = (t.clone().requires_grad_() for t in (qt, kt, vt))
        ya = F.scaled_dot_product_attention(qr, kr, vr)

        def conv_bwd():
            return torch.autograd.grad(yc, (xr, wr), gt, retain_graph=True)

        def attn_bwd():
            return torch.autograd.grad(ya, (qr, kr, vr), gat, retain_graph=True)

        torch_fns = {
            "conv2d forward": lambda: F.conv2d(xt, wt, padding=1),
            "conv2d backward": conv_bwd,
            "attention forward": lambda: F.scaled_dot_product_attention(qt, kt, vt),
            "attention backward": attn_bwd,
        }

    print(f"{'case':<20}{'core ms':>10}{'torch ms':>10}{'ref ms':>10}")
    rows = []
    for name, (core, ref, target) in cases.items():
        t_core, t_ref = best(core, rep), best(ref, rep)
        t_torch = best(torch_fns[name], rep) if name in torch_fns else float("nan")
        rows.append((name, t_core, t_torch, t_ref, target))
        print(f"{name:<20}{t_core * 1e3:>10.2f}{t_torch * 1e3:>10.2f}{t_ref * 1e3:>10.2f}")
    print()
    failed = False
    for name, t_core, t_torch, t_ref, target in rows:
        r = t_core / t_torch
        met = r <= target
        failed |= not met
        print(f"ratio {name:<20} core/torch = {r:5.2f}x (target <= {target}x: {'met' if met else 'MISSED'}); "
              f"core/reference = {t_core / t_ref:5.2f}x")
    return 1 if failed and torch is not None else 0


if __name__ == "__main__":
    sys.exit(main())
