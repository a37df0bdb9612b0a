"""Custom checks of the sizes of convolution and pooling layers on the NumPy core: output
lengths (plain, dilated, transposed, "same" padding, strides that fit exactly), parameter and
connection counts of constructed layers, and the receptive field of a stack.  Each trial builds
the layer and reads the size off it, never from the formula the claim states.
"""
from __future__ import annotations

import numpy as np

from cheatsheet import nn

from ..custom import register
from .nn import _batch, ints, mval, sval

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


def _depthwise_separable_params(k, C_in, C_out, **_):
    """Weights of a depthwise k x k convolution (one k x k filter per input channel, each run
    on its own channel) then a pointwise 1 x 1 convolution to C_out channels, no biases,
    counted on the layers built by the core."""
    x = np.zeros((1, C_in, k, k))
    depth = [np.ones((1, 1, k, k)) for _ in range(C_in)]
    y = np.concatenate([nn.conv2d(x[:, c:c + 1], depth[c]) for c in range(C_in)], axis=1)
    point = np.ones((C_out, C_in, 1, 1))
    nn.conv2d(y, point)
    return {"N": sum(w.size for w in depth) + point.size}


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
register("nn.params_depthwise_separable")(_sizes_check(_depthwise_separable_params))
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
