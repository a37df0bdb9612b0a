"""Custom checks of what a convolution layer of the NumPy core computes: its Toeplitz form, which
entries of its input Jacobian vanish, the chain rule through a shared kernel, max pooling, channels
and separable kernels.  Sizes that must agree are drawn as explicit size configurations.
"""
from __future__ import annotations

import numpy as np

from cheatsheet import nn

from ..custom import register
from .nn import (Injected, _batch, _fd, _table_fn, arr, mval, overlong_axes, strict_table_fn,
                 sval, with_derivatives)

def _valid_conv(_, x, h):
    xs, hs = x.arr[..., 0], h.arr[..., 0]
    return mval(np.array([nn.convolve(a, b, mode="valid") for a, b in zip(xs, hs)])[..., None])


@register("nn.toeplitz")
def _toeplitz(stmt, ctx):
    """conv(x, h): the valid part of the true convolution of x (length D) with h (length K), from
    the core, also named y (the output whose entries y_k a formula may spell out); W_h: the band
    matrix built entry by entry from the rule (W_h)_{k,j} = h_{K+k-j} for k <= j <= k+K-1
    (1-based), zero elsewhere, the matrix the sheets name; C_h: the same band for
    cross-correlation, h_{1+j-k} (a wrong variant's matrix)."""
    cfgs = [{"D": D, "K": K, "E": D - K + 1} for D in range(2, 6) for K in range(1, D + 1)]
    rng = ctx.rng("configs")
    cfgs = [cfgs[i] for i in rng.choice(len(cfgs), 8, replace=False)]
    pick = ctx.rng("entry")

    def extra(inst):
        x, h = arr(inst, "x")[..., 0], arr(inst, "h")[..., 0]
        T, D = x.shape
        K = h.shape[1]
        E = D - K + 1
        W = np.zeros((T, E, D))
        C = np.zeros((T, E, D))
        for k in range(1, E + 1):
            for j in range(k, k + K):
                W[:, k - 1, j - 1] = h[:, K + k - j - 1]
                C[:, k - 1, j - 1] = h[:, j - k]
        inst.functions["conv"] = Injected(_valid_conv, "valid part of the core's convolve")
        out = {"W_h": mval(W), "C_h": mval(C)}
        if "y" in ctx.decls:  # y = conv(x, h), the output whose entries a formula spells out
            out["y"] = _valid_conv(None, inst.values["x"], inst.values["h"])
        if "k" in ctx.decls:  # the entry k asked for: one per batch (each batch one size)
            out["k"] = sval(np.full(T, float(pick.integers(1, E + 1))))
        return out

    return ctx.numeric(stmt, extra=extra, dims=cfgs)


# -- which entries of a convolution layer's input Jacobian vanish ---------------------------------

@register("nn.conv_jacobian")
def _conv_jacobian(stmt, ctx):
    """A layer x^l = tanh(conv1d(x^{l-1}, h)) of the core (valid cross-correlation, a random
    kernel h of length K on an input of length D, E = D - K + 1 outputs).  W: its Toeplitz
    matrix (the core's conv_matrix, E x D), whose non-zeros in row i are the receptive field of
    unit i; J = dx^l / dx^{l-1} (E x D) by central differences of the core's forward; S = the
    derivative of the layer-l units by the layer-l units (E x E, the identity: they are
    distinct variables).  i, j: one output unit and one input unit per batch, in turn anywhere,
    j in the receptive field of i but not i (a kernel of length >= 2), j outside the field
    (a kernel shorter than the input), and j outside the field just before it (j < i <= j +
    K - 1: unit j reads input i although unit i does not read input j): chosen blindly, the
    cases that tell the versions apart came up in no batch on some seeds.  Where it can, j in
    the field is also an output unit (j <= E), so that a form with i and j swapped on one side
    (W_ji = 0 => J_ij = 0) has a value and is decided, not skipped."""
    rng = ctx.rng("conv jacobian")
    r = ctx.rng("configs")
    dims, plan = [], []
    for k, D in enumerate(r.integers(2, 7, 12)):
        where = ("anywhere", "inside", "outside", "before")[k % 4]
        if where in ("inside", "before"):  # a kernel of length 2 .. D - 1: E >= 2 units
            D = max(int(D), 3)
            K = int(r.integers(2, D))
        else:
            K = int(r.integers(1, D if where == "outside" else D + 1))
        dims.append({"D": int(D), "K": K, "E": int(D) - K + 1})
        plan.append(where)

    def extra(inst):
        D, K, E = inst.dims["D"], inst.dims["K"], inst.dims["E"]
        T = _batch(inst)
        W, J = np.zeros((T, E, D)), np.zeros((T, E, D))
        steps = 1e-6 * np.eye(D)
        for t in range(T):
            h = rng.normal(size=K)
            x = rng.normal(size=D)
            W[t] = nn.conv_matrix(h, D, kind="correlation")
            # the layer on the 2D perturbed inputs x +- 1e-6 e_j at once (a batch of the core's conv1d)
            out = np.tanh(nn.conv1d(np.concatenate([x + steps, x - steps])[:, None], h[None, None]))
            J[t] = ((out[:D, 0] - out[D:, 0]) / 2e-6).T
        J[np.abs(J) < 1e-9] = 0.0  # central differences of an unconnected input are exactly 0
        same_layer = "S" in ctx.decls
        where = next(w for c, w in zip(dims, plan) if c is inst.dims)
        if where == "inside" and not same_layer:  # i < E: some j in the field is a unit too
            i = int(rng.integers(1, E))
        elif where == "before" and not same_layer:  # i > 1: an input before the field
            i = int(rng.integers(2, E + 1))
        else:
            i = int(rng.integers(1, E + 1))
        field = set(range(i, i + K))  # unit i reads inputs i .. i + K - 1
        if same_layer and where in ("outside", "before"):  # E >= 2: another unit of the layer
            j = int(rng.choice(sorted(set(range(1, E + 1)) - {i})))
        elif where == "inside" and not same_layer:
            j = int(rng.choice(sorted(k for k in field - {i} if k <= E)))
        elif where == "before" and not same_layer:
            j = int(rng.integers(max(1, i - K + 1), i))
        elif where == "outside" and not same_layer:
            j = int(rng.choice(sorted(set(range(1, D + 1)) - field)))
        else:
            j = int(rng.integers(1, (E if same_layer else D) + 1))
        out = {"W": mval(W), "J": mval(J), "i": sval(np.full(T, i)), "j": sval(np.full(T, j))}
        if same_layer:
            out["S"] = mval(np.broadcast_to(np.eye(E), (T, E, E)))
        return out

    return ctx.numeric(stmt, extra=extra, dims=dims)

@register("nn.kernel_chain_rule")
def _kernel_chain_rule(stmt, ctx):
    """A layer x = tanh(conv1d(y, h)) of the core (valid cross-correlation, kernel h of length K
    on an input of length D, m = D - K + 1 units) and R = sum_i c_i tanh(x_i); every kernel weight
    h_j is shared by all m units.  The derivatives dR/dh_j, dR/dx_i and dx_i/dh_j are central
    differences through the core's forward; one kernel tap j per batch."""
    rng = ctx.rng("kernel chain rule")
    r = ctx.rng("configs")
    dims = []
    for D in r.integers(2, 7, 6):
        K = int(r.integers(1, D + 1))
        dims.append({"K": K, "m": int(D) - K + 1})
    stmt = with_derivatives(stmt, {("R", "h"): "dR_dh", ("R", "x"): "dR_dx",
                                   ("x", "h"): "dx_dh"})

    def extra(inst):
        K, m = inst.dims["K"], inst.dims["m"]
        D = m + K - 1
        B = _batch(inst)
        out = {"dR_dh": np.zeros((B, K, 1)), "dR_dx": np.zeros((B, m, 1)),
               "dx_dh": np.zeros((B, m, K))}
        for b in range(B):
            y = rng.normal(size=D)
            h = rng.normal(size=K)
            c = rng.normal(size=m)
            layer = lambda k: np.tanh(nn.conv1d(y[None, None], k[None, None])[0, 0])  # noqa: E731
            R = lambda x: float(c @ np.tanh(x))  # noqa: E731
            out["dR_dh"][b, :, 0] = _fd(lambda k: R(layer(k)), h)
            out["dR_dx"][b, :, 0] = _fd(R, layer(h))
            for j in range(K):
                e = np.zeros(K)
                e[j] = 1e-6
                out["dx_dh"][b, :, j] = (layer(h + e) - layer(h - e)) / 2e-6
        vals = {k: mval(v) for k, v in out.items()}
        vals["j"] = sval(np.full(B, rng.integers(1, K + 1)))
        return vals

    return ctx.numeric(stmt, extra=extra, dims=dims)


# -- max pooling --------------------------------------------------------------------------------

@register("nn.max_pool")
def _max_pool(stmt, ctx):
    """The core's max_pool2d with an r-wide window and stride 1: a vector x (n) is pooled as a
    1 x n image, a matrix x (n x m) with r x r windows; y is the output, 1-based like the
    formula's entries (y_i is the window x_i..x_{i+r-1}; a declared matrix y on a vector x holds
    the 1-D output y_i in every column j).  The output positions the formula names (i, j and any
    other declared natural number) are drawn among the output's positions, one per batch."""
    rng = ctx.rng("pool")
    r_ = ctx.rng("configs")
    two_d = ctx.decls["x"].domain == "matrix"
    dims = []
    for _ in range(6):
        n = int(r_.integers(2, 7))
        cfg = {"n": n, "r": int(r_.integers(1, n + 1))}
        cfg["m"] = int(r_.integers(cfg["r"], 7))
        cfg["E"], cfg["G"] = n - cfg["r"] + 1, cfg["m"] - cfg["r"] + 1
        dims.append(cfg)
    free = [d.name for d in ctx.decls if d.domain == "natural"]

    def extra(inst):
        x = arr(inst, "x")
        r = inst.dims["r"]
        T = x.shape[0]
        img = x[:, None, :, :] if two_d else np.swapaxes(x, -1, -2)[:, None]
        y = nn.max_pool2d(img, (r, r) if two_d else (1, r), stride=1)[:, 0]
        if not two_d:
            y = np.swapaxes(y, -1, -2)  # (T, n - r + 1, 1)
        if ctx.decls["y"].domain == "matrix" and not two_d:
            cols = ctx.decls["y"].shape[1]
            y = np.repeat(y, int(inst.dims.get(cols, cols)), axis=-1)
        out = {"y": mval(y)}
        rows, cols = y.shape[-2:]
        for name in free:  # the second index runs over the columns of a 2-D output
            hi = cols if name == "j" and (two_d or ctx.decls["y"].domain == "matrix") else rows
            out[name] = sval(np.full(T, rng.integers(1, hi + 1)))  # the reader's indices
            # must be the same across a batch, so each batch (size configuration) draws one
        return out

    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("nn.channel_conv")
def _channel_conv(stmt, ctx):
    """A conv2d layer of the core (cross-correlation, stride 1, no padding) with c input and c
    output channels and p x q kernels on a random (c, p + 2, q + 1) image.  x(u, a, b): pixel
    (a, b) of input channel u (channels 1-based, positions 0-based, 0 outside the image);
    w(r, u, i, j): tap (i, j) of the kernel from input channel u to output channel r;
    y(r, s, t): the core's output.  r, s, t are drawn per trial inside the output."""
    rng = ctx.rng("channel conv")

    def extra(inst):
        c, p, q = (inst.dims[k] for k in ("c", "p", "q"))
        T = _batch(inst)
        H, W = p + 2, q + 1
        x = rng.normal(size=(T, c, H, W))
        w = rng.normal(size=(T, c, c, p, q))
        y = np.stack([nn.conv2d(x[t][None], w[t])[0] for t in range(T)])  # (T, c, 3, 2)
        pad = lambda a: np.concatenate([np.zeros_like(a[:, :1]), a], axis=1)  # noqa: E731
        xs = pad(x)  # channel index 1..c
        ws = np.concatenate([np.zeros((T, 1) + w.shape[2:]), w], axis=1)
        ws = np.concatenate([np.zeros((T, ws.shape[1], 1) + w.shape[3:]), ws], axis=2)
        ys = pad(y)
        # a sum over more channels or taps than there are is not well-formed (overlong_axes);
        # any other place outside the image or the kernel reads 0 as before
        long = overlong_axes(stmt, {"x": (c,), "w": (c, c, p, q)}, inst.dims)
        inst.functions["x"] = strict_table_fn(
            "grid", "input image x[u][a, b]", (1, 0, 0),
            {a: r for (fn, a), r in long.items() if fn == "x"})({"grid": xs})
        inst.functions["w"] = strict_table_fn(
            "grid", "kernels w[r, u][i, j]", (1, 1, 0, 0),
            {a: r for (fn, a), r in long.items() if fn == "w"})({"grid": ws})
        inst.functions["y"] = _table_fn("grid", "the core's conv2d output y[r][s, t]", np.nan)({"grid": ys})
        return {"r": sval(rng.integers(1, c + 1, T)), "s": sval(rng.integers(0, H - p + 1, T)),
                "t": sval(rng.integers(0, W - q + 1, T))}

    return ctx.numeric(stmt, extra=extra)


@register("nn.separable_kernel")
def _separable(stmt, ctx):
    """w = u v^T: the rank-one (separable) kernel built from the declared u and v."""

    def extra(inst):
        u, v = arr(inst, "u"), arr(inst, "v")
        if u.shape[-2] != v.shape[-2]:
            return {}
        return {"w": mval(u @ np.swapaxes(v, -1, -2))}

    return ctx.numeric(stmt, extra=extra)
