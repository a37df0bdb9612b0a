"""Time cheatsheet.nn against PyTorch CPU and a plain NumPy im2col reference (float32, best of 5).

    python benchmarks/nn.py [--repeat 5] [--coretype NAME]

Cases: conv2d N=8, C=K=64, 32x32, 3x3, stride 1, padding 1 (forward, backward) and attention
B=4, heads=8, T=512, d=64 (forward, backward). Targets: conv2d forward <= 2.5x PyTorch,
attention forward <= 1.5x, each backward <= 3x.

NumPy's BLAS (OpenBLAS) picks its kernels from the CPU, or from OPENBLAS_CORETYPE when the
environment sets it; the script changes nothing unless --coretype is given (it then sets
OPENBLAS_CORETYPE before NumPy loads). The line "BLAS" says which kernel OpenBLAS reports
(threadpoolctl where installed, else OpenBLAS itself) and how many threads it uses.

The machine may be shared: core, PyTorch and reference run in turn within each repetition (so a
burst of load hits all three alike), the best of the repetitions is kept, and the CPU time and
the load average are printed beside the wall times.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

_parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
_parser.add_argument("--repeat", type=int, default=5)
_parser.add_argument("--coretype", default=None, metavar="NAME",
                     help="set OPENBLAS_CORETYPE=NAME (e.g. Haswell, SkylakeX) for this run")
ARGS = _parser.parse_args()

if ARGS.coretype:
    os.environ["OPENBLAS_CORETYPE"] = ARGS.coretype

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cheatsheet import nn  # noqa: E402

try:
    import torch
except ImportError:  # the comparison with PyTorch is skipped
    torch = None


def blas_kernel() -> str:
    """Which kernel and how many threads NumPy's BLAS runs: threadpoolctl's report where it is
    installed, else OpenBLAS's own answer (openblas_get_corename through ctypes, as
    threadpoolctl does), else NumPy's build configuration."""
    try:
        from threadpoolctl import threadpool_info

        blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if blas:
            i = blas[0]
            return (f"{i.get('internal_api')} {i.get('version')}, kernel {i.get('architecture')}, "
                    f"{i.get('num_threads')} threads (threadpoolctl)")
    except ImportError:
        pass
    try:
        import ctypes

        with open("/proc/self/maps") as f:
            path = next(line.split()[-1] for line in f if "openblas" in line.split()[-1].lower())
        lib = ctypes.CDLL(path)
        for prefix in ("scipy_openblas", "openblas"):
            for suffix in ("64_", ""):
                core = getattr(lib, f"{prefix}_get_corename{suffix}", None)
                threads = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                if core is not None and threads is not None:
                    core.restype = ctypes.c_char_p
                    return (f"OpenBLAS, kernel {core().decode()}, {threads()} threads "
                            f"(from OpenBLAS; threadpoolctl is not installed)")
    except (OSError, StopIteration, AttributeError):
        pass
    cfg = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
    return f"{cfg.get('name', '?')}: {cfg.get('openblas configuration', '?')} (build configuration)"


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def best_of(fns, repeat):
    """Best wall and CPU seconds of each function, the functions run in turn in every
    repetition."""
    for fn in fns:
        fn()  # warm-up
    walls = [[] for _ in fns]
    cpus = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            walls[i].append(time.perf_counter() - t0)
            cpus[i].append(time.process_time() - c0)
    return [min(w) for w in walls], [min(c) for c in cpus]


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
    env = ", ".join(f"{v}={os.environ[v]}" for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                                                     "OPENBLAS_NUM_THREADS") if v in os.environ)
    print(f"BLAS: {blas_kernel()}; environment: {env or 'no OPENBLAS_* variable set'}")
    print(f"torch: {torch.__version__ if torch else 'not installed'}; cpus: {os.cpu_count()}; "
          f"load average before: {_load()}")
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

    print(f"{'case':<20}{'core ms':>10}{'torch ms':>10}{'ref ms':>10}   cpu ms: core / torch / ref")
    rows = []
    for name, (core, ref, target) in cases.items():
        fns = [core, ref] + ([torch_fns[name]] if name in torch_fns else [])
        walls, cpus = best_of(fns, rep)
        t_core, t_ref = walls[0], walls[1]
        t_torch = walls[2] if len(walls) > 2 else float("nan")
        c_torch = cpus[2] if len(cpus) > 2 else float("nan")
        rows.append((name, t_core, t_torch, t_ref, target, cpus[0] / c_torch))
        print(f"{name:<20}{t_core * 1e3:>10.2f}{t_torch * 1e3:>10.2f}{t_ref * 1e3:>10.2f}"
              f"   {cpus[0] * 1e3:.1f} / {c_torch * 1e3:.1f} / {cpus[1] * 1e3:.1f}")
    print(f"load average after: {_load()}")
    print()
    failed = False
    for name, t_core, t_torch, t_ref, target, cpu_ratio in rows:
        r = t_core / t_torch
        met = r <= target
        failed |= not met
        print(f"ratio {name:<20} core/torch = {r:5.2f}x (target <= {target}x: {'met' if met else 'MISSED'}); "
              f"core/reference = {t_core / t_ref:5.2f}x; CPU core/torch = {cpu_ratio:5.2f}x")
    print("(the targets are on wall time; on a busy machine the CPU ratio says more: each side's "
          "best CPU time, all its threads)")
    return 1 if failed and torch is not None else 0


if __name__ == "__main__":
    sys.exit(main())
