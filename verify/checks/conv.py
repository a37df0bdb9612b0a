"""Custom checks of the convolution claims on the NumPy core: output sizes and parameter counts
of constructed layers, the Toeplitz form, discrete signals and the DFT, the input Jacobian's
sparsity, the shared-kernel chain rule, max pooling, the kernel gradient, channels and separable
kernels.  Sizes that must agree are drawn as explicit size configurations.
"""
from __future__ import annotations

import numpy as np

from cheatsheet import nn

from ..custom import register
from ..evaluate import Val
from .nn import (Injected, _batch, _fd, _table_fn, arr, ints, mval, overlong_axes,
                 strict_table_fn, sval, with_derivatives)

# -- convolution: sizes and parameter counts of constructed layers ------------------------------

def _conv1d_len(n, k, p, s):
    """Length of conv1d's output; NaN where the kernel does not fit (such instances are
    removed by the claim's assumption, which is checked after the values are computed)."""
    if k > n + 2 * p:
        return np.nan
    return nn.conv1d(np.zeros((1, 1, n)), np.zeros((1, 1, k)), stride=s, padding=p).shape[-1]


@register("nn.conv_output_size")
def _conv_output_size(stmt, ctx):
    """H_out: the length of the output of ``conv1d`` run on an input of length H_in with kernel K,
    padding P and stride S (every trial builds the layer)."""

    def extra(inst):
        n, k, p, s = (ints(inst, x) for x in ("H_in", "K", "P", "S"))
        out = [_conv1d_len(*args) for args in zip(n, k, p, s)]
        return {"H_out": sval(out)}

    return ctx.numeric(stmt, extra=extra)


def _dilated_len(n, k, p, s, d):
    """Length of the dilated conv1d's output; NaN where the spread kernel does not fit."""
    if d * (k - 1) + 1 > n + 2 * p:
        return np.nan
    return nn.conv1d(np.zeros((1, 1, n)), np.zeros((1, 1, k)), stride=s, padding=p,
                     dilation=d).shape[-1]


@register("nn.conv_output_size_dilated")
def _conv_output_size_dilated(stmt, ctx):
    """H_out: the length of the output of ``conv1d`` with dilation D run on an input of length
    H_in with kernel K, padding P and stride S (every trial builds the layer)."""

    def extra(inst):
        sizes = (ints(inst, x) for x in ("H_in", "K", "P", "S", "D"))
        return {"H_out": sval([_dilated_len(*args) for args in zip(*sizes)])}

    return ctx.numeric(stmt, extra=extra)


def _transposed_len_full(n, k, p, s, d, op):
    """The input lengths a conv1d (kernel k, padding p, stride s, dilation d) maps to length n
    are s consecutive ones; the transposed convolution returns the shortest (the core's
    conv_transpose2d gives it), output padding op the op-th longer one: found by running
    conv1d on each candidate length. NaN where there is no such length."""
    if op >= s:
        return np.nan
    try:
        y = np.zeros((1, 1, n, 1))
        base = nn.conv_transpose2d(y, np.ones((1, 1, k, 1)), stride=(s, 1), padding=(p, 0),
                                   dilation=(d, 1)).shape[2]
    except ValueError:
        return np.nan
    if base < 1:
        return np.nan
    fits = [m for m in range(base, base + s) if _dilated_len(m, k, p, s, d) == n]
    return float(fits[op]) if op < len(fits) else np.nan


@register("nn.transposed_output_size_full")
def _transposed_output_size_full(stmt, ctx):
    """H_out: the length a transposed convolution with kernel K, stride S, padding P,
    dilation D and output padding P_out returns for an input of length H_in."""

    def extra(inst):
        sizes = (ints(inst, x) for x in ("H_in", "K", "P", "S", "D", "P_out"))
        return {"H_out": sval([_transposed_len_full(*args) for args in zip(*sizes)])}

    return ctx.numeric(stmt, extra=extra)


def same_padding(n: int, k: int) -> float:
    """The padding per side with which ``conv1d`` at stride 1 returns as many values as it
    is given (searched over 0..k, each candidate run on the core); NaN if none does."""
    for p in range(k + 1):
        if _conv1d_len(n, k, p, 1) == n:
            return float(p)
    return np.nan


@register("nn.same_padding")
def _same_padding(stmt, ctx):
    """P: the "same" padding of an odd kernel K at stride 1, found by running the layer on an
    input of length H_in (both drawn per trial: K odd, H_in at least K)."""
    rng = ctx.rng("odd kernels")

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        k = 2 * rng.integers(0, 6, T) + 1
        n = k + rng.integers(0, 9, T)
        out = {"K": sval(k), "P": sval([same_padding(int(a), int(b)) for a, b in zip(n, k)])}
        if "H_in" in inst.values:
            out["H_in"] = sval(n)
        if "S" in inst.values:
            out["S"] = sval(np.ones(T))
        return out

    return ctx.numeric(stmt, extra=extra)


def _conv_layer(m, n, c, p, q, K):
    """Input x (1, c, m, n) and a conv2d layer of K kernels p x q (valid padding, stride 1)."""
    x = np.zeros((1, c, m, n))
    w = np.ones((K, c, p, q))
    b = np.zeros(K)
    y = nn.conv2d(x, w, b)
    return x, w, b, y


def _local_connections(m, n, c, p, q, K):
    """Input-output connections of the conv layer: non-zero entries of its Jacobian, found by
    running the layer (all-ones kernels) on every basis image."""
    basis = np.eye(c * m * n).reshape(c * m * n, c, m, n)
    y = nn.conv2d(basis, np.ones((K, c, p, q)))
    return int(np.count_nonzero(y))


_SIZES = ("m", "n", "c", "p", "q", "K")


def _per_trial_sizes(inst, rng):
    """The sampled sizes, made consistent (kernel no larger than the image)."""
    T = inst.values["m"].arr.shape[0]
    m = rng.integers(1, 7, T)
    n = rng.integers(1, 7, T)
    c = rng.integers(1, 4, T)
    p = np.array([rng.integers(1, a + 1) for a in m])
    q = np.array([rng.integers(1, a + 1) for a in n])
    K = rng.integers(1, 4, T)
    for name, v in zip(_SIZES, (m, n, c, p, q, K)):
        inst.values[name] = sval(v)
    return list(zip(m, n, c, p, q, K))


def _layer_check(count):
    def check(stmt, ctx):
        rng = ctx.rng("layer sizes")

        def extra(inst):
            sizes = _per_trial_sizes(inst, rng)
            vals = [count(*map(int, s)) for s in sizes]
            out = {}
            for k in vals[0]:
                out[k] = sval([v[k] for v in vals])
            return out

        return ctx.numeric(stmt, extra=extra)

    return check


def _count_output_dims(m, n, c, p, q, K):
    _, _, _, y = _conv_layer(m, n, c, p, q, K)
    return {"o_1": y.shape[2], "o_2": y.shape[3], "o_3": y.shape[1]}


def _count_conv(m, n, c, p, q, K):
    _, w, b, _ = _conv_layer(m, n, c, p, q, K)
    return {"N": w.size + b.size, "N_w": w.size}


def _count_fc(m, n, c, p, q, K):
    x, _, _, y = _conv_layer(m, n, c, p, q, K)
    weights = np.zeros((y.size, x.size))  # one weight per (output, input) pair
    bias = np.zeros(y.size)
    return {"N": weights.size + bias.size}


def _count_local(m, n, c, p, q, K):
    _, _, _, y = _conv_layer(m, n, c, p, q, K)
    return {"N": _local_connections(m, n, c, p, q, K) + y.size}


register("nn.conv_output_dims")(_layer_check(_count_output_dims))
register("nn.params_conv")(_layer_check(_count_conv))
register("nn.params_fully_connected")(_layer_check(_count_fc))
register("nn.params_locally_connected")(_layer_check(_count_local))


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


# -- discrete signals ---------------------------------------------------------------------------

SUPPORT = 5  # sequences live on {0, ..., 4}; a sum over all t is exact (verify/support.py)


def _sequence(sign: int):
    """x(t) (sign 1) or x_bar(t) = x(-t) (sign -1) of a per-trial sequence whose values
    data["tab"] sit at t = off .. off + SUPPORT - 1 (data["off"], 0 when absent), 0 elsewhere."""

    def f(data, v):
        tab = data["tab"]
        T = tab.shape[0]
        off = np.asarray(data.get("off", np.zeros(T)), float)
        a = np.asarray(v.arr, float)
        if a.ndim == 0 or a.shape[0] != T:
            a = np.broadcast_to(a, (T,) + (a.shape[1:] if a.ndim else ()))
        flat = a.reshape(T, -1)
        idx = sign * np.rint(flat).astype(int) - off.astype(int)[:, None]
        inside = (idx >= 0) & (idx < tab.shape[1])
        safe = np.clip(idx, 0, tab.shape[1] - 1)
        return sval(np.where(inside, np.take_along_axis(tab, safe, 1), 0.0).reshape(a.shape))
    return f


class _Sequence(Injected):
    """A finitely supported random sequence: its values and where they sit, per trial."""

    def describe(self, i):
        off = int(self.data["off"][i])
        lo, hi = (off, off + SUPPORT - 1) if self.sign > 0 else (-off - SUPPORT + 1, -off)
        vals = [round(float(x), 4) for x in self.data["tab"][i]]
        if self.sign < 0:
            vals = vals[::-1]
        return f"{self.text}: {vals} at t = {lo}..{hi}, 0 elsewhere"

    def take(self, keep):
        return _Sequence.make(self.sign, self.text, {k: v[keep] for k, v in self.data.items()})

    @classmethod
    def make(cls, sign, text, data):
        off = data["off"]
        support = (off, off + SUPPORT - 1) if sign > 0 else (-off - SUPPORT + 1, -off)
        out = cls(_sequence(sign), text, data, support=support)
        out.sign = sign
        return out


@register("nn.sequences")
def _sequences(stmt, ctx):
    """f, g, h: random real sequences on Z with 1 to 5 non-zero values at t = off..off+4 (off = 0
    in half the trials, in -20..16 in the others); f_bar, g_bar, h_bar: the same sequences
    reversed in time, x_bar[t] = x[-t].  A sum over all integers of them is exact."""
    rng = ctx.rng("sequences")

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        for name in ("f", "g", "h"):
            if name not in ctx.decls:
                continue
            tab = rng.normal(size=(T, SUPPORT))
            tab[np.arange(SUPPORT)[None, :] >= rng.integers(1, SUPPORT + 1, T)[:, None]] = 0.0
            # where the values sit: near 0 for half the trials, anywhere in -20..20 otherwise
            off = np.where(rng.random(T) < 0.5, 0, rng.integers(-20, 17, T)).astype(float)
            data = {"tab": tab, "off": off}
            inst.functions[name] = _Sequence.make(1, "a random sequence", data)
            if f"{name}_bar" in ctx.decls:
                inst.functions[f"{name}_bar"] = _Sequence.make(
                    -1, f"{name}_bar[t] = {name}[-t]", data)
        return {}

    return ctx.numeric(stmt, extra=extra)


def _cval(a) -> Val:
    """A column of possibly complex values."""
    a = np.asarray(a)
    return Val(a if np.iscomplexobj(a) else a.astype(float), True)


def _dft(inverse: bool):
    def f(_, v):
        a = v.arr[..., 0]
        return _cval((np.fft.ifft(a, axis=-1) if inverse else np.fft.fft(a, axis=-1))[..., None])
    return f


def _circ(_, a, b):
    x, y = a.arr[..., 0], b.arr[..., 0]
    out = np.stack([nn.circular_convolve(p.real, q.real) + 1j * nn.circular_convolve(p.imag, q.real)
                    if np.iscomplexobj(p) else nn.circular_convolve(p, q) for p, q in zip(x, y)])
    return _cval(out[..., None])


@register("nn.fourier")
def _fourier(stmt, ctx):
    """F: the discrete Fourier transform of a length-n sequence, G its inverse (numpy), c(f, h):
    the core's circular convolution (a complex first argument is convolved part by part)."""

    def extra(inst):
        inst.functions["F"] = Injected(_dft(False), "discrete Fourier transform (numpy fft)")
        inst.functions["G"] = Injected(_dft(True), "inverse discrete Fourier transform")
        inst.functions["c"] = Injected(_circ, "the core's circular_convolve")
        return {}

    return ctx.numeric(stmt, extra=extra)

# -- gradient of a convolution in its kernel ------------------------------------------------------

_KERNEL_HALF = 5  # kernel taps w_i for i = -5..5


@register("nn.conv_weight_gradient")
def _conv_weight_gradient(stmt, ctx):
    """f = y^{(l-1)} (the layer input) and g = dR/dy^{(l)} (the gradient at the layer output):
    random sequences on {0, ..., 4} as in ``nn.sequences``; f_bar the time reversal of f
    (rot180).  D(i) = dR/dw_i for the layer y^{(l)} = f * w (the core's true convolution
    ``convolve``, full mode, kernel taps w_{-5}..w_5) and R = sum_k g[k] y^{(l)}[k]: R is linear
    in w, so dR/dw_i is R evaluated at the unit kernel e_i, one run of the core per tap.  W(o), Y(k):
    a random kernel and the layer's output f * W through the core, for a line that states the
    layer beside its gradient."""
    rng = ctx.rng("sequences")
    P = _KERNEL_HALF

    def table(T):
        tab = rng.normal(size=(T, SUPPORT))
        tab[np.arange(SUPPORT)[None, :] >= rng.integers(1, SUPPORT + 1, T)[:, None]] = 0.0
        return tab

    def grad_fn(data, v):
        idx = np.rint(v.arr).astype(int) + P
        inside = (idx >= 0) & (idx <= 2 * P)
        safe = np.clip(idx, 0, 2 * P)
        return sval(np.where(inside, data["tab"][np.arange(len(safe)), safe], np.nan))

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        f, g = table(T), table(T)
        D = np.full((T, 2 * P + 1), np.nan)
        taps = np.clip(np.rint(arr(inst, "i")).astype(int) + P, 0, 2 * P)  # only the tap asked for
        for t in range(T):
            for j in (taps[t],):
                e = np.zeros(2 * P + 1)
                e[j] = 1.0
                y = nn.convolve(f[t], e, mode="full")  # y[k] sits at index k + P
                D[t, j] = float(g[t] @ y[P:P + SUPPORT])
        at0 = np.zeros(T)  # the layer's signals sit at 0..4 (the core's convolve indexes so)
        inst.functions["f"] = _Sequence.make(1, "y^(l-1): a random sequence", {"tab": f, "off": at0})
        inst.functions["f_bar"] = _Sequence.make(-1, "rot180(y^(l-1))", {"tab": f, "off": at0})
        inst.functions["g"] = _Sequence.make(1, "dR/dy^(l): a random sequence", {"tab": g, "off": at0})
        inst.functions["D"] = Injected(grad_fn, "dR/dw_i through the core's convolve", {"tab": D})
        # the layer itself, for a line that states it: W(o) a random kernel (taps -P..P), Y(k) the
        # core's convolve of f with it
        w = rng.normal(size=(T, 2 * P + 1))
        y = np.stack([nn.convolve(a, b, mode="full") for a, b in zip(f, w)])  # Y(k) at k + P
        inst.functions["W"] = _signal_fn("w", P, "a random kernel, taps -5..5", 2 * P + 1)({"w": w})
        inst.functions["Y"] = _signal_fn("y", P, "f * W through the core's convolve",
                                         y.shape[1])({"y": y})
        return {}

    return ctx.numeric(stmt, extra=extra)


def _signal_fn(key, shift, text, width=None):
    """A function of integer arguments (k, i, ...) reading the per-trial signal data[key], stored
    from position -shift on: value at the first argument minus the others, 0 off the table.
    With the table's ``width``, its support -shift .. width - 1 - shift as a sequence of one
    argument, so a sum over all integers of a term holding it is exact (verify/support.py)."""

    def f(data, *args):
        tab = data[key]
        T, n = tab.shape
        pos = np.broadcast_to(np.rint(np.asarray(args[0].arr, float)).astype(int), (T,)).copy()
        for a in args[1:]:
            pos -= np.broadcast_to(np.rint(np.asarray(a.arr, float)).astype(int), (T,))
        idx = pos + shift
        inside = (idx >= 0) & (idx < n)
        return sval(np.where(inside, tab[np.arange(T), np.clip(idx, 0, n - 1)], 0.0))

    support = None if width is None else (-shift, width - 1 - shift)
    return lambda data: Injected(f, text, data, support=support)


def _one_offset(stmt, names):
    """Each call s(k, i, ...) of a signal in ``names`` as s(k - i - ...), the one position it
    reads (``_signal_fn``): a factor of one argument with a finite support confines a sum over
    all k (verify/support.py), so sum_k dR/dy_i dy_k/dw_i is summed exactly, not left
    unevaluated."""
    import sympy as sp

    from cheatsheet.statement import Relation, Statement

    def swap(e):
        reps = {c: sp.Function(type(c).__name__)(c.args[0] - sp.Add(*c.args[1:]))
                for c in e.atoms(sp.core.function.AppliedUndef)
                if type(c).__name__ in names and len(c.args) > 1}
        return e.xreplace(reps)

    rel = lambda r: Relation(swap(r.lhs), r.op, swap(r.rhs))  # noqa: E731
    return Statement(tuple(rel(r) for r in stmt.relations),
                     None if stmt.expr is None else swap(stmt.expr),
                     tuple(rel(r) for r in stmt.premises), latex=stmt.latex)


@register("nn.conv_weight_chain")
def _conv_weight_chain(stmt, ctx):
    """The layer y = f * w of the core (true convolution ``convolve``, kernel taps w_{-5}..w_5,
    f a random sequence on {0..4}) and R = sum_k g_k y_k (g a random sequence on {0..4}).  The
    derivatives the formula names, as functions of the integer positions: dR/dw_i = sum_k g_k
    f_{k-i}, dR/dy_k = g_k, dy_k/dw_i = f_{k-i}, and dc_k/dw_i = y_{k-i} for c = y * w, the
    filter applied once more to the layer's output y (held fixed); f and f_bar (rot180) are the
    layer input itself, for a derivation that goes on to write the gradient with it."""
    rng = ctx.rng("sequences")
    P = _KERNEL_HALF
    stmt = _one_offset(with_derivatives(stmt, {("R", "w"): "dR_dw", ("R", "y"): "dR_dy",
                                               ("y", "w"): "dy_dw", ("c", "w"): "dc_dw"},
                                        calls=True), ("dR_dw", "dR_dy", "dy_dw", "dc_dw"))

    def extra(inst):
        T = _batch(inst)
        f = rng.normal(size=(T, SUPPORT)) * (np.arange(SUPPORT) < rng.integers(1, SUPPORT + 1, (T, 1)))
        g = rng.normal(size=(T, SUPPORT))
        w = rng.normal(size=(T, 2 * P + 1))
        y = np.stack([nn.convolve(a, b, mode="full") for a, b in zip(f, w)])  # y_k at index k + P
        # dR/dw_i at index i + P is R at the unit kernel e_i: the layer with every unit kernel at
        # once (one batched conv1d of the core; flipped kernels and full padding make it convolve)
        units = np.eye(2 * P + 1)[:, None, ::-1]
        ys = nn.conv1d(f[:, None, :], units, padding=2 * P)  # (T, taps, SUPPORT + 2P)
        grad = np.einsum("tk,tjk->tj", g, ys[:, :, P:P + SUPPORT])
        fns = {"dR_dw": ("grad", P, "dR/dw_i through the core's convolve", grad),
               "dR_dy": ("g", 0, "dR/dy_k: a random sequence on {0..4}", g),
               "dy_dw": ("f", 0, "dy_k/dw_i = f_{k-i}, f a random sequence on {0..4}", f),
               "dc_dw": ("y", P, "dc_k/dw_i = y_{k-i}, y = f * w from the core", y)}
        for name, (key, shift, text, tab) in fns.items():
            inst.functions[name] = _signal_fn(key, shift, text, tab.shape[1])({key: tab})
        at0 = np.zeros(T)  # the layer's input itself, for a derivation that writes it out
        inst.functions["f"] = _Sequence.make(1, "y^(l-1): a random sequence", {"tab": f, "off": at0})
        inst.functions["f_bar"] = _Sequence.make(-1, "rot180(y^(l-1))", {"tab": f, "off": at0})
        return {}

    return ctx.numeric(stmt, extra=extra)


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


# -- sizes in the letters of other sheets: square kernels, pooling, transposed and dilated ------

def _sizes_check(quantity):
    """A check that computes, per trial, ``quantity(**sizes)`` from the sampled natural numbers
    the claim declares and injects the result under the name(s) it returns (NaN where the
    layer cannot be built: the claim's assumptions remove such instances)."""

    def check(stmt, ctx):
        names = [d.name for d in ctx.decls if d.domain in ("natural", "count")]

        def extra(inst):
            T = next(iter(inst.values.values())).arr.shape[0]
            sizes = {n: ints(inst, n) for n in names if n in inst.values}
            rows = [quantity(**{n: int(v[t]) for n, v in sizes.items()}) for t in range(T)]
            return {k: sval([r[k] for r in rows]) for k in rows[0]}

        return ctx.numeric(stmt, extra=extra)

    return check


def _square_conv_params(F, C, K, **_):
    """Weights and biases of a conv2d layer of K kernels F x F over C channels, counted on the
    layer built by the core (it must run on an F x F input)."""
    w, b = np.ones((K, C, F, F)), np.zeros(K)
    nn.conv2d(np.zeros((1, C, F, F)), w, b)
    return {"N": w.size + b.size}


def _pool_len(H_in, K, S, **_):
    """Length of the core's max_pool2d output along one axis (window K, stride S, no padding)."""
    if K > H_in:
        return {"H_out": np.nan}
    y = nn.max_pool2d(np.zeros((1, 1, H_in, 1)), (K, 1), stride=(S, 1))
    return {"H_out": y.shape[2]}


def _transposed_len(H_in, K, S, P, **_):
    """Length of the core's conv_transpose2d output along one axis (the adjoint of a conv with
    kernel K, stride S, padding P, no output padding)."""
    if (H_in - 1) * S - 2 * P + K < 1:
        return {"H_out": np.nan}
    y = np.zeros((1, 1, H_in, 1))
    return {"H_out": nn.conv_transpose2d(y, np.ones((1, 1, K, 1)), stride=(S, 1),
                                         padding=(P, 0)).shape[2]}


def _dilated_span(K, D, **_):
    """Input positions one output of the core's conv1d with K taps and dilation D spans: the
    input length minus the output length plus one, on a valid convolution."""
    n = D * K + 3
    out = nn.conv1d(np.zeros((1, 1, n)), np.ones((1, 1, K)), dilation=D).shape[-1]
    return {"K_eff": n - out + 1}


register("nn.params_square_conv")(_sizes_check(_square_conv_params))
register("nn.pool_output_size")(_sizes_check(_pool_len))
register("nn.transposed_output_size")(_sizes_check(_transposed_len))
register("nn.dilated_kernel")(_sizes_check(_dilated_span))


def _symbol_names(stmt) -> set:
    import sympy as sp

    sides = [e for r in tuple(stmt.relations) + tuple(stmt.premises) for e in (r.lhs, r.rhs)]
    return {a.name for e in sides if isinstance(e, sp.Basic)
            for a in e.atoms(sp.Symbol, sp.MatrixSymbol)}


_MORE = 2  # layers of the stack past the k the formula's vectors describe


@register("nn.receptive_field_recurrence")
def _rf_recurrence(stmt, ctx):
    """A stack of k conv layers with kernel sizes F_1..F_k (1..5) and strides S_1..S_k (1..3),
    and dilations D_1..D_k (1..3) where the claim declares D (else 1), drawn per trial (the
    declared vectors get those integers; the kernel vector is F, or K where the claim names it
    so, and the layer count is the claim's one dim, k or another letter); J_{k-j} is the jump of
    the first k - j layers (the product of their strides); R_{k-j} is the receptive field of the
    first k - j layers (R of no layer is 1), measured by following one output's input positions
    down the stack (``mechanics._receptive_field``, which the tests compare with the support of
    the input gradient of the core's conv1d stacks).  Every member R_{k-j}, J_{k-j} and
    R_{k+j} (j <= 2, layers drawn past k) the formula names gets its value, so a recurrence
    written at the wrong layer is refuted."""
    from .mechanics import _receptive_field

    rng = ctx.rng("layers")
    r = ctx.rng("configs")
    (dim,) = [d.name for d in ctx.decls if d.kind == "dim"]
    kernel = "K" if "K" in ctx.decls else "F"
    dims = [{dim: int(r.integers(1, 5))} for _ in range(8)]
    dilated = "D" in ctx.decls
    members = {}
    for name in _symbol_names(stmt) | {d.name for d in ctx.decls}:
        head, rest = name[:2], name[2:]
        if head not in ("R_", "J_") or not rest.startswith(dim):
            continue
        rest = rest[len(dim):]
        if rest == "":
            members[name] = 0
        elif rest[:1] in ("-", "+") and rest[1:].isdigit() and int(rest[1:]) <= _MORE:
            members[name] = int(rest[1:]) * (1 if rest[0] == "+" else -1)

    def extra(inst):
        k = inst.dims[dim]
        T = _batch(inst)
        # the stack goes on _MORE layers past k (not in F and S), so R_{k+1} has a value too
        F = rng.integers(1, 6, (T, k + _MORE))
        S = rng.integers(1, 4, (T, k + _MORE))
        D = rng.integers(1, 4, (T, k + _MORE)) if dilated else np.ones((T, k + _MORE), int)
        out = {kernel: mval(F[:, :k, None]), "S": mval(S[:, :k, None])}
        if dilated:
            out["D"] = mval(D[:, :k, None])
        for name, step in members.items():
            n = k + step
            if name[0] == "J":  # the jump: input positions between neighbouring units of layer n
                out[name] = sval([float(np.prod(s[:n])) if n >= 0 else np.nan for s in S])
                continue
            out[name] = sval([_receptive_field(tuple(f[:n]), tuple(s[:n]), tuple(d[:n]))
                              if n > 0 else (1.0 if n == 0 else np.nan)
                              for f, s, d in zip(F, S, D)])
        return out

    return ctx.numeric(stmt, extra=extra, dims=dims)


# -- sizes where the stride fits exactly (CS231n's convention: no floor) --------------------------

def _fitting_sizes(pad: bool):
    """A check for the sizes written without a floor, as CS231n-style sheets do ("choose the
    hyperparameters so that it is an integer"): every trial draws S, F, P and an output length,
    and the input width W_1 that makes the stride fit exactly; W_2 is the length the core's
    conv1d returns on that input (for pooling, P = 0 and the length max_pool2d returns)."""

    def check(stmt, ctx):
        rng = ctx.rng("fitting sizes")

        def extra(inst):
            T = _batch(inst)
            S = rng.integers(1, 5, T)
            F = rng.integers(1, 7, T)
            m = rng.integers(0, 6, T)  # the output length minus one
            P = np.array([rng.integers(0, min(f - 1, (s * k + f - 1) // 2) + 1) if pad else 0
                          for s, f, k in zip(S, F, m)])
            W1 = S * m + F - 2 * P
            if pad:
                W2 = [_conv1d_len(int(w), int(f), int(p), int(s)) for w, f, p, s in zip(W1, F, P, S)]
            else:
                W2 = [_pool_len(int(w), int(f), int(s))["H_out"] for w, f, s in zip(W1, F, S)]
            out = {"W_1": sval(W1), "F": sval(F), "S": sval(S), "W_2": sval(W2)}
            if pad:
                out["P"] = sval(P)
            return out

        return ctx.numeric(stmt, extra=extra)

    return check


register("nn.conv_output_size_fitting")(_fitting_sizes(pad=True))
register("nn.pool_output_size_fitting")(_fitting_sizes(pad=False))
