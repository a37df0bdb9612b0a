"""Custom checks of the convolution, recurrent, attention and graph claims, decided with the NumPy
operator core ``cheatsheet.nn``.

Each check computes the true quantity on every sampled instance by running the core (the output
size of a constructed ``conv1d``/``conv2d`` layer, the parameter count of a constructed layer, an
LSTM/GRU/RNN step, attention, a normalised adjacency of a random graph...) and injects it as the
value of the symbol the formula names; the standard numeric comparison then decides the canonical
statement and every sheet's version alike.  Sizes that must agree with each other (an input
``[x_t, z_{t-1}]`` of length n + m) are drawn as explicit size configurations.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from cheatsheet import nn

from ..custom import register
from ..evaluate import Val

# -- helpers ----------------------------------------------------------------------------------

def mval(a) -> Val:
    return Val(np.asarray(a, float), True)


def sval(a) -> Val:
    return Val(np.asarray(a, float), False)


def ints(inst, name) -> np.ndarray:
    return np.rint(inst.values[name].arr).astype(int)


def arr(inst, name) -> np.ndarray:
    return inst.values[name].arr


class Injected:
    """A function the check supplies for a name in the formula (phi = tanh, the core's spectral
    filter...): ``fn(data, *args)`` with per-trial arrays ``data`` that follow the trial filter."""

    def __init__(self, fn, text: str, data: dict | None = None):
        self.fn, self.text, self.data = fn, text, data or {}

    def __call__(self, *args):
        return self.fn(self.data, *args)

    def take(self, keep):
        return Injected(self.fn, self.text, {k: v[keep] for k, v in self.data.items()})

    def describe(self, i):
        if "tab" in self.data:  # a finite sequence: show its values on the support
            return f"{self.text}: " + str([round(float(x), 4) for x in self.data["tab"][i]])
        return self.text


def elementwise(fn, text):
    return Injected(lambda _, v: Val(fn(v.arr), v.mat), text)


def _configs(rng, count, **ranges):
    """count size configurations drawn from {name: (lo, hi)} plus derived sizes (callables)."""
    out = []
    for _ in range(count):
        cfg = {}
        for k, r in ranges.items():
            if not callable(r):
                cfg[k] = int(rng.integers(r[0], r[1] + 1))
        for k, r in ranges.items():
            if callable(r):
                cfg[k] = int(r(cfg))
        out.append(cfg)
    return out


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
    the core; W_h: the band matrix built entry by entry from the rule (W_h)_{k,j} = h_{K+k-j} for
    k <= j <= k+K-1 (1-based), zero elsewhere; C_h: the same band for cross-correlation,
    h_{1+j-k} (a wrong variant's matrix)."""
    cfgs = [{"D": D, "K": K, "E": D - K + 1} for D in range(2, 6) for K in range(1, D + 1)]
    rng = ctx.rng("configs")
    cfgs = [cfgs[i] for i in rng.choice(len(cfgs), 8, replace=False)]

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
        return {"W_h": mval(W), "C_h": mval(C)}

    return ctx.numeric(stmt, extra=extra, dims=cfgs)


# -- which entries of a convolution layer's input Jacobian vanish ---------------------------------

@register("nn.conv_jacobian")
def _conv_jacobian(stmt, ctx):
    """A layer x^l = tanh(conv1d(x^{l-1}, h)) of the core (valid cross-correlation, a random
    kernel h of length K on an input of length D, E = D - K + 1 outputs).  W: its Toeplitz
    matrix (the core's conv_matrix, E x D), whose non-zeros in row i are the receptive field of
    unit i; J = dx^l / dx^{l-1} (E x D) by central differences of the core's forward; S = the
    derivative of the layer-l units by the layer-l units (E x E, the identity: they are
    distinct variables).  i, j: one output unit and one input unit per batch."""
    rng = ctx.rng("conv jacobian")
    r = ctx.rng("configs")
    dims = []
    for D in r.integers(2, 7, 10):
        K = int(r.integers(1, D + 1))
        dims.append({"D": int(D), "K": K, "E": int(D) - K + 1})

    def extra(inst):
        D, K, E = inst.dims["D"], inst.dims["K"], inst.dims["E"]
        T = _batch(inst)
        W, J = np.zeros((T, E, D)), np.zeros((T, E, D))
        for t in range(T):
            h = rng.normal(size=K)
            x = rng.normal(size=D)
            W[t] = nn.conv_matrix(h, D, kind="correlation")
            layer = lambda v: np.tanh(nn.conv1d(v[None, None], h[None, None])[0, 0])  # noqa: E731
            for j in range(D):
                e = np.zeros(D)
                e[j] = 1e-6
                J[t, :, j] = (layer(x + e) - layer(x - e)) / 2e-6
        J[np.abs(J) < 1e-9] = 0.0  # central differences of an unconnected input are exactly 0
        same_layer = "S" in ctx.decls
        out = {"W": mval(W), "J": mval(J), "i": sval(np.full(T, rng.integers(1, E + 1))),
               "j": sval(np.full(T, rng.integers(1, (E if same_layer else D) + 1)))}
        if same_layer:
            out["S"] = mval(np.broadcast_to(np.eye(E), (T, E, E)))
        return out

    return ctx.numeric(stmt, extra=extra, dims=dims)


# -- derivatives of a constructed model's named quantities ----------------------------------------

def with_derivatives(stmt, table: dict):
    """The statement with every derivative d(num)/d(den) of two named quantities replaced by
    an entry of a value the check supplies: ``table`` maps (numerator name, denominator name)
    to the name of an array indexed by the numerator's indices, then the denominator's (dR/dh_j
    -> dR_dh[j], dx_i/dh_j -> dx_dh[i, j]).  The engine differentiates expressions; these
    quantities are outputs of a model run by the check, whose derivatives only the check knows."""
    import sympy as sp

    from cheatsheet.statement import Relation, Statement

    def parts(e):
        if isinstance(e, sp.Symbol):
            return e.name, ()
        if isinstance(e, sp.Indexed):
            return str(e.base.label), tuple(e.indices)
        return None, ()

    def swap(e):
        reps = {}
        for d in e.atoms(sp.Derivative):
            if len(d.variables) != 1:
                continue
            (num, ni), (den, di) = parts(d.expr), parts(d.variables[0])
            name = table.get((num, den))
            if name is not None:
                idx = ni + di
                reps[d] = sp.IndexedBase(name)[idx] if idx else sp.Symbol(name)
        return e.xreplace(reps)

    rel = lambda r: Relation(swap(r.lhs), r.op, swap(r.rhs))  # noqa: E731
    return Statement(tuple(rel(r) for r in stmt.relations),
                     None if stmt.expr is None else swap(stmt.expr),
                     tuple(rel(r) for r in stmt.premises), latex=stmt.latex)


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

SUPPORT = 5  # sequences live on {0, ..., 4}; sums over t in [-12, 12] cover every product


def _sequence(sign: int):
    def f(data, v):
        a = np.asarray(v.arr, float)
        idx = sign * np.rint(a).astype(int)
        tab = data["tab"]
        inside = (idx >= 0) & (idx < tab.shape[1])
        safe = np.clip(idx, 0, tab.shape[1] - 1)
        if a.ndim == 0:
            out = tab[:, int(safe)] * bool(inside)
        else:
            out = np.where(inside, np.take_along_axis(tab, safe.reshape(tab.shape[0], -1), 1)
                           .reshape(a.shape), 0.0)
        return sval(out)
    return f


@register("nn.sequences")
def _sequences(stmt, ctx):
    """f, g, h: random real sequences on Z with support in {0, ..., 4} (length 1 to 5);
    f_bar, g_bar, h_bar: the same sequences reversed in time, x_bar[t] = x[-t]."""
    rng = ctx.rng("sequences")

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        for name in ("f", "g", "h"):
            if name not in ctx.decls:
                continue
            tab = rng.normal(size=(T, SUPPORT))
            tab[np.arange(SUPPORT)[None, :] >= rng.integers(1, SUPPORT + 1, T)[:, None]] = 0.0
            inst.functions[name] = Injected(_sequence(1), "a random sequence on {0..4}",
                                            {"tab": tab})
            if f"{name}_bar" in ctx.decls:
                inst.functions[f"{name}_bar"] = Injected(_sequence(-1), f"{name}_bar[-t] = {name}[t] for t = 0..4",
                                                         {"tab": tab})
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


# -- graphs ---------------------------------------------------------------------------------

def random_graphs(rng, T, M):
    """T random simple graphs on M nodes without isolated nodes; every third one bipartite."""
    A = np.zeros((T, M, M))
    for t in range(T):
        if t % 3 == 2 and M >= 2:
            side = rng.permutation(np.arange(M) % 2)
            cross = side[:, None] != side[None, :]
            a = (rng.random((M, M)) < 0.7) & cross
        else:
            a = rng.random((M, M)) < 0.5
        a = np.triu(a, 1)
        a = a | a.T
        for i in range(M):
            if not a[i].any():
                choices = [j for j in range(M) if j != i and (t % 3 != 2 or side[j] != side[i])]
                j = rng.choice(choices)
                a[i, j] = a[j, i] = True
        A[t] = a
    return A


def random_permutations(rng, T, M):
    return np.stack([np.eye(M)[rng.permutation(M)] for _ in range(T)])


def _eig_fn(which):
    def f(_, v):
        w = np.linalg.eigvalsh((v.arr + np.swapaxes(v.arr, -1, -2)) / 2)
        return sval(w[..., -1] if which == "max" else w[..., 0])
    return Injected(f, f"the {which}imal eigenvalue (numpy eigvalsh)")


# role -> how a symbol's value is built from the adjacency A (T, M, M)
def _graph_values(A, rng):
    T, M, _ = A.shape
    eye = np.eye(M)
    deg = A.sum(-1)
    deg1 = deg + 1
    L = np.stack([nn.laplacian(a) for a in A])
    Ln = np.stack([nn.normalized_laplacian(a) for a in A])
    Ahat = np.stack([nn.normalized_adjacency(a) for a in A])
    Anorm = np.stack([nn.normalized_adjacency(a, self_loops=False) for a in A])
    lam, U = np.linalg.eigh(L)
    return {
        "adj": A, "deg": deg[..., None] * eye, "deg1": deg1[..., None] * eye,
        "degvec": deg[..., None], "deg1vec": deg1[..., None],
        "lap": L, "nlap": Ln, "nadj": Anorm, "nadj_loop": Ahat, "nlap_loop": eye - Ahat,
        "loops": A + eye, "evec": U, "evals": lam[..., None] * eye,
        "perm": random_permutations(rng, T, M),
    }


def graph_check(roles: dict, functions: dict | None = None, node_index: str | None = None):
    """A check whose symbols play the named graph roles (see ``_graph_values``); ``functions``
    maps a function name to a builder (values, inst) -> callable on Vals.  ``node_index``: the
    name of the node the formula speaks of (a size configuration per batch, 1 <= node <= M).  ``f_hat``, when
    declared, is the graph Fourier transform U^T f of the declared signal f."""

    def check(stmt, ctx):
        rng = ctx.rng("graphs")
        dims = None
        if node_index:
            r = ctx.rng("configs")
            dims = [{"M": int(M), node_index: int(r.integers(1, M + 1))}
                    for M in r.integers(2, 6, 8)]

        def extra(inst):
            M = inst.dims["M"] if "M" in inst.dims else inst.dims["n"]
            T = next(iter(inst.values.values())).arr.shape[0]
            g = _graph_values(random_graphs(rng, T, M), rng)
            out = {}
            for name, role in roles.items():
                if name not in ctx.decls:
                    continue
                v = g[role]
                out[name] = mval(v) if v.ndim == 3 else sval(v)
            for which in ("max", "min"):
                if f"lambda_{which}" in ctx.decls:
                    inst.functions[f"lambda_{which}"] = _eig_fn(which)
            for name, build in (functions or {}).items():
                inst.functions[name] = build(g, inst)
            if "f_hat" in ctx.decls:
                out["f_hat"] = mval(np.swapaxes(g["evec"], -1, -2) @ arr(inst, "f"))
            return out

        return ctx.numeric(stmt, extra=extra, dims=dims)

    return check


_PLAIN = {"A": "adj", "a": "adj", "D": "deg", "L": "lap", "L_tilde": "nlap", "L_bar": "nlap"}
register("nn.graph_laplacian")(graph_check(_PLAIN))
register("nn.graph_laplacian_entry")(graph_check(_PLAIN, node_index="n"))
register("nn.graph_degree")(graph_check({"A": "adj", "d": "degvec"}, node_index="m"))
register("nn.graph_degree_selfloop")(graph_check(
    {"A": "adj", "a": "adj", "d": "degvec", "A_tilde": "loops", "A_bar": "loops",
     "D_tilde": "deg1", "D_bar": "deg1", "d_loop": "deg1vec"}, node_index="m"))
register("nn.graph_selfloop")(graph_check({
    "A": "adj", "D": "deg1", "D_tilde": "deg1", "D_bar": "deg1", "A_bar": "nadj_loop",
    "A_tilde": "nadj_loop", "A_hat": "nadj_loop", "L_bar": "nlap_loop"}))
register("nn.graph_normalized_adjacency")(graph_check({"A": "adj", "S": "nadj"}))
register("nn.permutation")(graph_check({"P": "perm"}))


def _rearranges(axis: int):
    """r(Y, X) (axis 0) / c(Y, X) (axis 1): 1 where Y has X's shape and its rows (columns) are
    those of X in some order, else 0.  X is drawn with continuous entries, so its rows and
    columns are distinct and sorting them decides the question."""

    def f(_, Y, X):
        T = X.arr.shape[0]
        y = np.broadcast_to(Y.arr, (T,) + Y.arr.shape[-2:]) if Y.mat else None
        if y is None or y.shape[1:] != X.arr.shape[1:]:
            return sval(np.zeros(T))
        out = np.zeros(T)
        for t in range(T):
            a, b = (np.moveaxis(m, axis, 0) for m in (y[t], X.arr[t]))
            sa = a[np.lexsort(a.T[::-1])] if a.shape[1] else a
            sb = b[np.lexsort(b.T[::-1])] if b.shape[1] else b
            out[t] = float(np.allclose(sa, sb, rtol=1e-9, atol=1e-12))
        return sval(out)

    what = "rows" if axis == 0 else "columns"
    return Injected(f, f"1 when the first matrix has X's shape and its {what} are X's {what} "
                       "in some order, else 0")


@register("nn.permutation_action")
def _permutation_action(stmt, ctx):
    """X (M x F): M samples (graph nodes) as rows, F features as columns; P (M x M) and
    Q (F x F): random permutation matrices; r(Y, X) / c(Y, X): whether Y rearranges the rows /
    the columns of X (see ``_rearranges``)."""
    rng = ctx.rng("permutations")

    def extra(inst):
        T = _batch(inst)
        inst.functions["r"] = _rearranges(0)
        inst.functions["c"] = _rearranges(1)
        out = {}
        for name in ("P", "Q"):
            if name in ctx.decls:
                n = int(np.asarray(inst.values[name].arr).shape[-1])
                out[name] = mval(random_permutations(rng, T, n))
        return out

    return ctx.numeric(stmt, extra=extra)


def _gcn_fn(g, inst):
    """g(x, y): the core's spectral filter of x whose per-eigenvalue gains are U^T y."""

    def f(data, x, y):
        out = np.stack([nn.spectral_conv(a[:, 0], l, (u.T @ b)[:, 0])
                        for a, b, l, u in zip(x.arr, y.arr, data["L"], data["U"])])
        return mval(out[..., None])
    return Injected(f, "the core's spectral_conv with gains U^T y", {"L": g["lap"], "U": g["evec"]})


register("nn.graph_spectral_conv")(graph_check({"A": "adj", "L": "lap", "U": "evec"},
                                               {"g": _gcn_fn}))
register("nn.graph_fourier")(graph_check({"A": "adj", "D": "deg", "L": "lap", "U": "evec",
                                          "Lambda": "evals"}))


def _gcn_map(readout: bool):
    """f(X, A): a GCN layer of the core with one output channel (tanh, fixed random weights w
    per trial), per node (equivariant) or summed over the nodes (invariant readout)."""

    def build(g, inst):
        T = g["adj"].shape[0]
        F = inst.values["X"].arr.shape[-1]
        w = np.random.default_rng(F).normal(size=(T, F, 1))

        def f(data, X, A):
            out = np.stack([nn.gcn_layer(x, a, ww, activation=np.tanh)
                            for x, a, ww in zip(X.arr, A.arr, data["w"])])
            return sval(out.sum(axis=(-1, -2))) if readout else mval(out)

        what = "sum over nodes of " if readout else ""
        return Injected(f, what + "the core's gcn_layer (tanh, one output channel)", {"w": w})

    return build


register("nn.graph_invariant")(graph_check({"A": "adj", "P": "perm"}, {"f": _gcn_map(True)}))
register("nn.graph_equivariant")(graph_check({"A": "adj", "P": "perm"}, {"f": _gcn_map(False)}))


@register("nn.gcn_layer")
def _gcn_layer(stmt, ctx):
    """X' / X^+ / x': the core's GCN layer (logistic activation, the reader's sigma) on X with
    weights W; the propagation matrix (A_tilde / A_bar) is the core's normalised adjacency.  When
    the declared W does not fit X the layer has no value (NaN of the declared output shape)."""
    rng = ctx.rng("graphs")

    def extra(inst):
        M = inst.dims["M"]
        X, W = arr(inst, "X"), arr(inst, "W")
        T = X.shape[0]
        A = random_graphs(rng, T, M)
        Ahat = np.stack([nn.normalized_adjacency(a) for a in A])
        out = {n: mval(Ahat) for n in ("A_tilde", "A_bar")}
        if X.shape[-1] == W.shape[-2]:
            Y = np.stack([nn.gcn_layer(x, a, w, activation=lambda z: 0.5 * (1 + np.tanh(z / 2)))
                          for x, a, w in zip(X, A, W)])
        else:
            Y = np.full((T, M, W.shape[-1]), np.nan)
        for n in ("X_prime", "X^+", "x_prime", "X_plus"):
            out[n] = mval(Y)
        return out

    return ctx.numeric(stmt, extra=extra)


# -- recurrent cells ----------------------------------------------------------------------------

def names_in(stmt) -> set:
    """Names of the matrices and scalars the statement uses."""
    import sympy as sp
    out = set()
    for r in stmt.relations:
        for side in (r.lhs, r.rhs):
            if isinstance(side, sp.Basic):
                out |= {a.name for a in side.atoms(sp.Symbol, sp.MatrixSymbol)}
    return out


def _by_domain(ctx, stmt, domain, args):
    """The declared name of that domain, preferring one the statement uses."""
    used = names_in(stmt)
    found = [d.name for d in ctx.decls
             if d.domain == domain and tuple(str(a) for a in d.args) == args]
    return next((n for n in found if n in used), found[0] if found else None)


@register("nn.rnn_cell")
def _rnn(stmt, ctx):
    """z_t: the core's Elman cell (tanh) on x_t and z_{t-1}; the recurrent matrix is the declared
    square(m) matrix, the input matrix the declared matrix(m, n); phi = tanh; psi (output
    non-linearity) = softplus and y_hat_t = psi(W_out z_t) with the declared matrix(k, m)."""
    rec = _by_domain(ctx, stmt, "square", ("m",))
    inp = _by_domain(ctx, stmt, "matrix", ("m", "n"))
    outm = _by_domain(ctx, stmt, "matrix", ("k", "m"))

    def extra(inst):
        x, z0 = arr(inst, "x_t")[..., 0], arr(inst, "z_t-1")[..., 0]
        U, V = arr(inst, rec), arr(inst, inp)
        z = np.stack([nn.rnn_cell(a[None], b[None], v, u)[0] for a, b, u, v in zip(x, z0, U, V)])
        inst.functions["phi"] = elementwise(np.tanh, "tanh")
        inst.functions["psi"] = elementwise(lambda s: np.logaddexp(0, s), "softplus")
        out = {"z_t": mval(z[..., None])}
        if outm is not None:
            Wo = arr(inst, outm)
            out["y_hat_t"] = mval(np.logaddexp(0, Wo @ z[..., None]))
        return out

    return ctx.numeric(stmt, extra=extra)


def _cell_configs(ctx, count=8):
    return _configs(ctx.rng("configs"), count, n=(1, 3), m=(1, 3), k=lambda c: c["n"] + c["m"])


_GATES = {"forget": ("F",), "input": ("G", "I_tilde"), "cand": ("V", "C_tilde"),
          "output": ("H", "O_tilde")}


@register("nn.lstm_cell")
def _lstm(stmt, ctx):
    """C_t, z_t: the core's LSTM cell on x_t, (z_{t-1}, C_{t-1}); the gate matrices act on
    x_tilde = [x_t, z_{t-1}] (length k = n + m) and are split into the core's input and hidden
    weights (torch gate order i, f, g, o)."""
    used = names_in(stmt)
    names = {g: next((n for n in opts if n in used),
                     next((n for n in opts if n in ctx.decls), None))
             for g, opts in _GATES.items()}

    def extra(inst):
        x, z0, c0 = (arr(inst, k)[..., 0] for k in ("x_t", "z_t-1", "C_t-1"))
        n = x.shape[-1]
        Ws = [arr(inst, names[g]) for g in ("input", "forget", "cand", "output")]
        zs, cs = [], []
        for t in range(x.shape[0]):
            w = np.concatenate([W[t] for W in Ws], axis=0)  # (4m, n + m)
            h, c = nn.lstm_cell(x[t][None], (z0[t][None], c0[t][None]), w[:, :n], w[:, n:])
            zs.append(h[0])
            cs.append(c[0])
        xt = np.concatenate([x, z0], axis=-1)
        return {"z_t": mval(np.array(zs)[..., None]), "C_t": mval(np.array(cs)[..., None]),
                "x_tilde": mval(xt[..., None])}

    return ctx.numeric(stmt, extra=extra, dims=_cell_configs(ctx))


def _gru_check(old_gate: str):
    """z_t: the core's GRU cell on x_t (length p) and z_{t-1} (length n).  ``old_gate`` names the
    matrix of the gate that keeps the old state: "U" (u_t = sigma(U x_tilde) weights z_{t-1}, the
    PyTorch convention) or "-G" (Gamma_u = sigma(G x_tilde) weights the candidate, so the core's
    update weights are -G).  z_tilde_t: the core cell's candidate (the cell run with the update
    gate shut); the reset-gate weights are random."""

    def check(stmt, ctx):
        def extra(inst):
            x, z0 = arr(inst, "x_t")[..., 0], arr(inst, "z_t-1")[..., 0]
            Gm = arr(inst, old_gate.lstrip("-"))
            sign = -1.0 if old_gate.startswith("-") else 1.0
            p, n = x.shape[-1], z0.shape[-1]
            r = ctx.rng("gru weights", p, n)
            zs, cands, gates = [], [], []
            for t in range(x.shape[0]):
                wr_i, wr_h = r.normal(size=(n, p)), r.normal(size=(n, n))
                wn_i, wn_h = r.normal(size=(n, p)), r.normal(size=(n, n))
                w_ih = np.concatenate([wr_i, sign * Gm[t][:, :p], wn_i])
                w_hh = np.concatenate([wr_h, sign * Gm[t][:, p:], wn_h])
                zs.append(nn.gru_cell(x[t][None], z0[t][None], w_ih, w_hh)[0])
                shut = np.concatenate([np.zeros(n), np.full(n, -1e4), np.zeros(n)])
                cands.append(nn.gru_cell(x[t][None], z0[t][None], w_ih, w_hh, b_ih=shut)[0])
                xt = np.concatenate([x[t], z0[t]])
                gates.append(0.5 * (1 + np.tanh(0.5 * (Gm[t] @ xt))))
            out = {"z_t": mval(np.array(zs)[..., None]),
                   "z_tilde_t": mval(np.array(cands)[..., None])}
            out["u_t" if old_gate == "U" else "Gamma_u"] = mval(np.array(gates)[..., None])
            out["x_tilde"] = mval(np.concatenate([x, z0], axis=-1)[..., None])
            return out

        cfgs = _configs(ctx.rng("configs"), 8, n=(1, 3), p=(1, 3), k=lambda c: c["n"] + c["p"])
        return ctx.numeric(stmt, extra=extra, dims=cfgs)

    return check


register("nn.gru_update")(_gru_check("-G"))
register("nn.gru_update_torch")(_gru_check("U"))


@register("nn.eig_symmetric")
def _eig(stmt, ctx):
    """P, Lambda: an eigendecomposition A = P Lambda P^{-1} of the symmetric A (eigenvectors in
    the columns of P); B_tilde = P^{-1} B; z_next = A z + B x (the recurrence's next state),
    xi = P^{-1} z, xi_prime = P^{-1} z_next."""

    def extra(inst):
        A = arr(inst, "A")
        lam, P = np.linalg.eigh(A)
        Pi = np.linalg.inv(P)
        out = {"P": mval(P), "Lambda": mval(lam[..., None] * np.eye(A.shape[-1]))}
        if "B" in inst.values:
            B, z, x = arr(inst, "B"), arr(inst, "z"), arr(inst, "x")
            zn = A @ z + B @ x
            out.update({"B_tilde": mval(Pi @ B), "xi": mval(Pi @ z), "xi_prime": mval(Pi @ zn)})
        return out

    return ctx.numeric(stmt, extra=extra)


@register("nn.lru_eigenvalues")
def _lru(stmt, ctx):
    """lambda_i: the core's lru_eigenvalues(nu_i, phi_i) (complex); i is the imaginary unit."""

    def extra(inst):
        nu, phi = arr(inst, "nu_i"), arr(inst, "phi_i")
        lam = nn.lru_eigenvalues(nu, phi)
        return {"lambda_i": Val(lam, False), "i": Val(np.full(nu.shape, 1j), False)}

    return ctx.numeric(stmt, extra=extra)


@register("nn.ring_sample")
def _ring(stmt, ctx):
    """z: the core's sample_ring(1, r_1, r_2, rng) with a fresh generator per trial; u_1, u_2
    are the uniforms that generator gives (the core draws u_1 first, then u_2)."""
    seeds = ctx.rng("ring").integers(0, 2 ** 32, 10_000)

    def extra(inst):
        r1, r2 = arr(inst, "r_1"), arr(inst, "r_2")
        T = r1.shape[0]
        z, u1, u2 = np.empty(T, complex), np.empty(T), np.empty(T)
        for t in range(T):
            z[t] = nn.sample_ring(1, float(r1[t]), float(r2[t]), np.random.default_rng(seeds[t]))[0]
            g = np.random.default_rng(seeds[t])
            u1[t], u2[t] = g.random(1)[0], g.random(1)[0]
        return {"z": Val(z, False), "u_1": sval(u1), "u_2": sval(u2),
                "i": Val(np.full(T, 1j), False)}

    return ctx.numeric(stmt, extra=extra)


# -- attention ------------------------------------------------------------------------------------

@register("nn.attention")
def _attention(stmt, ctx):
    """O: the core's scaled_dot_product_attention(Q, K, V) (softmax over keys, row by row)."""

    def extra(inst):
        Q, K, V = (arr(inst, k) for k in ("Q", "K", "V"))
        return {"O": mval(nn.scaled_dot_product_attention(Q, K, V))}

    return ctx.numeric(stmt, extra=extra)


@register("nn.attention_weights")
def _attention_weights(stmt, ctx):
    """alpha: the core's attention_weights of random queries and keys (n x n); s is the row
    (query) the formula speaks of, one per batch."""
    rng = ctx.rng("scores")
    r = ctx.rng("configs")
    dims = [{"n": int(n), "s": int(r.integers(1, n + 1))} for n in r.integers(2, 6, 8)]

    def extra(inst):
        T = next(iter(inst.values.values())).arr.shape[0]
        n = inst.dims["n"]
        q, k = rng.normal(size=(T, n, 3)), rng.normal(size=(T, n, 3))
        return {"alpha": mval(nn.attention_weights(q, k))}

    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("nn.attention_cost")
def _attention_cost(stmt, ctx):
    """N_s: the number of query-key scores the core's attention computes for n tokens (the size of
    its attention matrix); N_m: multiplications of those scores' dot products in dimension d
    (one per score and coordinate)."""

    def extra(inst):
        n, d = ints(inst, "n"), ints(inst, "d")
        scores = [nn.attention_weights(np.zeros((a, b)), np.zeros((a, b))).size for a, b in zip(n, d)]
        return {"N_s": sval(scores), "N_m": sval(np.array(scores) * d)}

    return ctx.numeric(stmt, extra=extra)


@register("nn.attention_mixing")
def _attention_mixing(stmt, ctx):
    """A: a random attention matrix (non-negative rows summing to one, from the core's
    attention_weights on random queries and keys); Xi: the columns xi_s = sum_t a_st W x_t,
    summed term by term."""
    rng = ctx.rng("scores")

    def extra(inst):
        W, X = arr(inst, "W"), arr(inst, "X")
        T, _, n = X.shape
        q = rng.normal(size=(T, n, 3))
        k = rng.normal(size=(T, n, 3))
        A = nn.attention_weights(q, k)
        Xi = np.zeros((T, W.shape[1], n))
        for s in range(n):
            for t in range(n):
                Xi[:, :, s] += A[:, s, t, None] * (W @ X[:, :, t:t + 1])[..., 0]
        return {"A": mval(A), "Xi": mval(Xi)}

    return ctx.numeric(stmt, extra=extra)


@register("nn.bilinear_scores")
def _bilinear(stmt, ctx):
    """Q = U_Q X, K = U_K X (the projections the sheet defines); rank by SVD."""

    def extra(inst):
        X, UQ, UK = (arr(inst, k) for k in ("X", "U_Q", "U_K"))
        inst.functions["rank"] = Injected(lambda _, v: sval(np.linalg.matrix_rank(v.arr)),
                                          "numpy matrix_rank")
        return {"Q": mval(UQ @ X), "K": mval(UK @ X)}

    return ctx.numeric(stmt, extra=extra)


@register("nn.patch_embedding")
def _patch(stmt, ctx):
    """N_V: the number of columns V needs to map vec(p^t) of a p x p x q patch, i.e. the length
    of the flattened patch array."""

    def extra(inst):
        p, q = ints(inst, "p"), ints(inst, "q")
        return {"N_V": sval([np.zeros((a, a, b)).reshape(-1).shape[0] for a, b in zip(p, q)])}

    return ctx.numeric(stmt, extra=extra)


# -- backpropagation through time ---------------------------------------------------------------

def _rnn_unroll(U, V, xs, z0):
    """States z_1..z_T of the core's Elman cell (tanh), recurrent U (m, m), input V (m, n);
    xs (T, n), z0 (m,).  Returns (T, m)."""
    zs, z = [], z0[None]
    for x in xs:
        z = nn.rnn_cell(x[None], z, V, U)
        zs.append(z[0])
    return np.array(zs).reshape(len(zs), z0.shape[0])


def _rnn_loss(zs, c):
    """A fixed smooth loss of the states: sum_t c_t . tanh(z_t) + |z_t|^2 / 2."""
    return float(np.sum(c * np.tanh(zs)) + 0.5 * np.sum(zs ** 2))


def _fd(f, a, eps=1e-5):
    """Central-difference gradient of the scalar f at the array a (same shape as a)."""
    g = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        d = np.zeros_like(a)
        d[idx] = eps
        g[idx] = (f(a + d) - f(a - d)) / (2 * eps)
    return g


def _loss_from(U, V, xs, zs, c, t, zt):
    """The loss with the state z_t replaced by zt and the later states recomputed."""
    later = _rnn_unroll(U, V, xs[t + 1:], zt)
    return _rnn_loss(np.vstack([zs[:t], zt[None], later]), c)


def _loss_of_weights(U, V, xs, z0, c):
    return _rnn_loss(_rnn_unroll(U, V, xs, z0), c)


@register("nn.bptt")
def _bptt(stmt, ctx):
    """An Elman RNN of the core (tanh) unrolled over T steps from z_0 = 0 with a fixed smooth loss
    L = sum_t c_t . tanh(z_t) + |z_t|^2 / 2.  Values, one column per time step t = 1..T:
    G = dL/dz_t (total: through the later states, by central differences, perturbing z_t and
    running the core forward from t), S = phi'_t = 1 - z_t^2 (tanh' at the pre-activation of z_t),
    Z = [z_1..z_T], Z_bar = [z_0..z_{T-1}], X = [x_1..x_T], X_tilde = [x_2..x_{T+1}] (x_{T+1} an
    extra input).  The gradients by central differences of L through the core's forward: the
    declared square(m) names D_* get dL/d(recurrent matrix), the declared matrix(m, n) names D_*
    dL/d(input matrix) (the recurrent and input matrices themselves are drawn by the check)."""
    rng = ctx.rng("bptt")
    r = ctx.rng("configs")
    dims = [{"m": int(r.integers(1, 4)), "n": int(r.integers(1, 4)), "T": int(r.integers(2, 5))}
            for _ in range(4)]
    grads = [d.name for d in ctx.decls if d.name.startswith("D_")]

    def extra(inst):
        m, n, T = inst.dims["m"], inst.dims["n"], inst.dims["T"]
        B = next(iter(inst.values.values())).arr.shape[0]
        out = {k: np.zeros(s) for k, s in (("G", (B, m, T)), ("S", (B, m, T)), ("Z", (B, m, T)),
               ("Z_bar", (B, m, T)), ("X", (B, n, T)), ("X_tilde", (B, n, T)),
               ("D_rec", (B, m, m)), ("D_in", (B, m, n)))}
        for b in range(B):
            U = rng.normal(size=(m, m)) / np.sqrt(m)
            V = rng.normal(size=(m, n))
            xs = rng.normal(size=(T + 1, n))
            c = rng.normal(size=(T, m))
            z0 = np.zeros(m)
            zs = _rnn_unroll(U, V, xs[:T], z0)
            for t in range(T):
                out["G"][b, :, t] = _fd(partial(_loss_from, U, V, xs[:T], zs, c, t), zs[t])
            out["S"][b] = (1 - zs ** 2).T
            out["Z"][b] = zs.T
            out["Z_bar"][b] = np.vstack([z0[None], zs[:-1]]).T
            out["X"][b] = xs[:T].T
            out["X_tilde"][b] = xs[1:].T
            out["D_rec"][b] = _fd(partial(_loss_of_weights, V=V, xs=xs[:T], z0=z0, c=c), U)
            out["D_in"][b] = _fd(partial(_loss_of_weights, U, xs=xs[:T], z0=z0, c=c), V)
        vals = {k: mval(v) for k, v in out.items() if k in ctx.decls}
        for g in grads:  # every declared gradient name, by its shape
            vals[g] = mval(out["D_rec" if ctx.decls[g].domain == "square" else "D_in"])
        return vals

    return ctx.numeric(stmt, extra=extra, dims=dims)


def _rnn_unroll_steps(Us, V, xs, z0):
    """Like ``_rnn_unroll`` with a recurrent matrix of its own for every step (Us[t] at step t)."""
    zs, z = [], z0[None]
    for U, x in zip(Us, xs):
        z = nn.rnn_cell(x[None], z, V, U)
        zs.append(z[0])
    return np.array(zs).reshape(len(zs), z0.shape[0])


@register("nn.rnn_weight_sharing")
def _rnn_weight_sharing(stmt, ctx):
    """Weight sharing as the chain rule through per-step copies: the core's Elman RNN (tanh)
    over T steps with recurrent matrix W (m x m) and the loss of ``nn.bptt``.  D = dL/dW (all
    steps share W); g_i = dL/d(W_tilde_i)_{ab}, the derivative by entry (a, b) of step i's own
    copy W_tilde_i of W (the others kept at W), for i = 1..T; L(V): the loss with step i's copy
    set to V and every other step at W (so that dL/dW_tilde_i is the derivative of L at
    W_tilde_i = W); J = dW_tilde_i/dW, the identity (W_tilde_i = W).  One step i and one entry
    (a, b) per batch.  All derivatives by central differences through the core's forward."""
    rng = ctx.rng("weight sharing")
    r = ctx.rng("configs")
    dims = [{"m": int(r.integers(1, 4)), "n": int(r.integers(1, 3)), "T": int(r.integers(2, 5))}
            for _ in range(4)]

    def extra(inst):
        m, n, T = inst.dims["m"], inst.dims["n"], inst.dims["T"]
        B = _batch(inst)
        i, a, b = (int(rng.integers(1, k + 1)) for k in (T, m, m))
        W = rng.normal(size=(B, m, m)) / np.sqrt(m)
        V = rng.normal(size=(B, m, n))
        xs = rng.normal(size=(B, T, n))
        c = rng.normal(size=(B, T, m))
        z0 = np.zeros(m)
        D, g = np.zeros((B, m, m)), np.zeros((B, T, 1))

        def loss(s, Us):
            return _rnn_loss(_rnn_unroll_steps(Us, V[s], xs[s], z0), c[s])

        for s in range(B):
            D[s] = _fd(lambda U: loss(s, [U] * T), W[s])
            for k in range(T):
                def at(e, k=k):
                    Us = [W[s]] * T
                    Us[k] = W[s] + e
                    return loss(s, Us)
                step = np.zeros((m, m))
                step[a - 1, b - 1] = 1e-5
                g[s, k, 0] = (at(step) - at(-step)) / 2e-5

        def L(data, Vt):
            vals = np.broadcast_to(Vt.arr, (B, m, m))
            out = np.empty(B)
            for s in range(B):
                Us = [W[s]] * T
                Us[i - 1] = vals[s]
                out[s] = loss(s, Us)
            return sval(out)

        inst.functions["L"] = Injected(L, f"the loss with step {i}'s copy of W set to the "
                                          "argument (the core's RNN)")
        return {"D": mval(D), "g": mval(g), "W": mval(W), "W_tilde_i": mval(W),
                "J": mval(np.broadcast_to(np.eye(m), (B, m, m))),
                "i": sval(np.full(B, i)), "a": sval(np.full(B, a)), "b": sval(np.full(B, b))}

    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("nn.bptt_example")
def _bptt_example(stmt, ctx):
    """A scalar recurrent network a_t = theta h_{t-1} + theta x_t + c y_{t-1} (y the targets,
    y_0 = 0), h_t = sigma(a_t) from h_0 = 0, y_hat_t = tanh(phi h_t), L_t = (y_hat_t - y_t)^2,
    L = sum_t L_t.  dL/dtheta is the total derivative; every other derivative the formula names
    is the immediate partial of one step's map (its other arguments held), all by central
    differences: dL_t/dy_hat_t (L_t is the formula's name for the loss at step t), dy_hat_t/dh_s, dh_j/dh_k, dh_i/dtheta, dh_j/da_k, da_j/dh_k,
    da_i/dtheta (zero unless the step's map uses the argument).  One i and one j >= 2 per batch."""
    rng = ctx.rng("bptt example")
    r = ctx.rng("configs")
    dims = [{"T": int(T)} for T in r.integers(2, 6, 6)]
    stmt = with_derivatives(stmt, {
        ("L", "theta"): "dL_dtheta", ("L_t", "y_hat"): "dL_dy", ("y_hat", "h"): "dy_dh",
        ("h", "h"): "dh_dh", ("h", "theta"): "dh_dtheta", ("h", "a"): "dh_da",
        ("a", "h"): "da_dh", ("a", "theta"): "da_dtheta"})
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))  # noqa: E731
    eps = 1e-6

    def d(f, x):
        return (f(x + eps) - f(x - eps)) / (2 * eps)

    def extra(inst):
        T = inst.dims["T"]
        B = _batch(inst)
        out = {k: np.zeros((B, T, T)) for k in ("dy_dh", "dh_dh", "dh_da", "da_dh")}
        out.update({k: np.zeros((B, T, 1)) for k in ("dL_dy", "dh_dtheta", "da_dtheta")})
        out["dL_dtheta"] = np.zeros(B)
        for s in range(B):
            x, y = rng.normal(size=T), rng.normal(size=T)
            theta, c, phi = rng.normal(size=3)

            def forward(th):
                h, hs, As = 0.0, [0.0], []
                for t in range(T):
                    a = th * h + th * x[t] + c * (y[t - 1] if t else 0.0)
                    h = sig(a)
                    As.append(a)
                    hs.append(h)
                return np.array(As), np.array(hs)  # hs[0] = h_0

            A, H = forward(theta)
            Y = np.tanh(phi * H[1:])
            out["dL_dtheta"][s] = d(lambda th: float(((np.tanh(phi * forward(th)[1][1:]) - y) ** 2).sum()), theta)
            for t in range(T):
                out["dL_dy"][s, t, 0] = d(lambda v: (v - y[t]) ** 2, Y[t])  # L_t by y_hat_t
                out["dy_dh"][s, t, t] = d(lambda v: np.tanh(phi * v), H[t + 1])
                out["dh_da"][s, t, t] = d(sig, A[t])
                step_a = lambda th, hp: th * hp + th * x[t] + c * (y[t - 1] if t else 0.0)  # noqa: E731
                out["da_dtheta"][s, t, 0] = d(lambda th: step_a(th, H[t]), theta)
                out["dh_dtheta"][s, t, 0] = d(lambda th: sig(step_a(th, H[t])), theta)
                if t:
                    out["da_dh"][s, t, t - 1] = d(lambda hp: step_a(theta, hp), H[t])
                    out["dh_dh"][s, t, t - 1] = d(lambda hp: sig(step_a(theta, hp)), H[t])
        vals = {k: (sval(v) if v.ndim == 1 else mval(v)) for k, v in out.items()}
        vals["i"] = sval(np.full(B, rng.integers(1, T + 1)))
        vals["j"] = sval(np.full(B, rng.integers(2, T + 1)))
        return vals

    return ctx.numeric(stmt, extra=extra, dims=dims)


# -- gradient of a convolution in its kernel ------------------------------------------------------

_KERNEL_HALF = 5  # kernel taps w_i for i = -5..5


@register("nn.conv_weight_gradient")
def _conv_weight_gradient(stmt, ctx):
    """f = y^{(l-1)} (the layer input) and g = dR/dy^{(l)} (the gradient at the layer output):
    random sequences on {0, ..., 4} as in ``nn.sequences``; f_bar the time reversal of f
    (rot180).  D(i) = dR/dw_i for the layer y^{(l)} = f * w (the core's true convolution
    ``convolve``, full mode, kernel taps w_{-5}..w_5) and R = sum_k g[k] y^{(l)}[k]: R is linear
    in w, so dR/dw_i is R evaluated at the unit kernel e_i, one run of the core per tap."""
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
        inst.functions["f"] = Injected(_sequence(1), "y^(l-1): a random sequence on {0..4}", {"tab": f})
        inst.functions["f_bar"] = Injected(_sequence(-1), "rot180(y^(l-1))", {"tab": f})
        inst.functions["g"] = Injected(_sequence(1), "dR/dy^(l): a random sequence on {0..4}", {"tab": g})
        inst.functions["D"] = Injected(grad_fn, "dR/dw_i through the core's convolve", {"tab": D})
        return {}

    return ctx.numeric(stmt, extra=extra)


# -- multi-head attention -------------------------------------------------------------------------

@register("nn.multi_head")
def _multi_head(stmt, ctx):
    """Two heads of the core's multi_head_attention (E = 2d, no biases) for one query xi and s
    keys/values (the columns of X and Z): g is its output; Q_j, K_j, V_j (d x E) are head j's row
    blocks of the core's w_q, w_k, w_v and W_j (E x d) the column block j of w_o, so head j sees
    the projected query Q_j xi, keys K_j x^t and values V_j z^t.  F(q, X, Z): single-head
    attention of the query q over the key columns of X and value columns of Z (the core's
    scaled_dot_product_attention, scale 1/sqrt(d))."""
    rng = ctx.rng("mha")
    r = ctx.rng("configs")
    dims = [{"d": int(d), "E": 2 * int(d), "s": int(s)}
            for d, s in zip(r.integers(1, 4, 4), r.integers(1, 5, 4))]

    def base(_, q, X, Z):
        qq = np.swapaxes(q.arr, -1, -2)                     # (T, 1, d)
        kk, vv = np.swapaxes(X.arr, -1, -2), np.swapaxes(Z.arr, -1, -2)
        if qq.shape[-1] != kk.shape[-1] or kk.shape[-2] != vv.shape[-2]:
            return mval(np.full(vv.shape[:-2] + (vv.shape[-1], 1), np.nan))
        return mval(np.swapaxes(nn.scaled_dot_product_attention(qq, kk, vv), -1, -2))

    def extra(inst):
        d, E = inst.dims["d"], inst.dims["E"]
        xi, X, Z = arr(inst, "xi"), arr(inst, "X"), arr(inst, "Z")
        T = xi.shape[0]
        out = {n: np.zeros((T, d, E)) for n in ("Q_1", "Q_2", "K_1", "K_2", "V_1", "V_2")}
        out.update({"W_1": np.zeros((T, E, d)), "W_2": np.zeros((T, E, d)), "g": np.zeros((T, E, 1))})
        for t in range(T):
            p = MHAParams_random(E, rng)
            y = nn.multi_head_attention(xi[t].T[None], X[t].T[None], Z[t].T[None], p, 2)
            out["g"][t] = y[0].T
            for j in (1, 2):
                rows = slice((j - 1) * d, j * d)
                out[f"Q_{j}"][t], out[f"K_{j}"][t] = p.w_q[rows], p.w_k[rows]
                out[f"V_{j}"][t], out[f"W_{j}"][t] = p.w_v[rows], p.w_o[:, rows]
        inst.functions["F"] = Injected(base, "single-head attention of the core (softmax(X^T q / sqrt(d)) weights on Z's columns)")
        return {k: mval(v) for k, v in out.items()}

    return ctx.numeric(stmt, extra=extra, dims=dims)


def MHAParams_random(E, rng):
    return nn.MHAParams.random(E, rng, bias=False)


@register("nn.rnn_cost")
def _rnn_cost(stmt, ctx):
    """An Elman layer of the core run over n steps with state size d (input size d): N_m counts the
    multiplications of the recurrent products U z_{t-1} (the size of U at every step), N_q the
    cell calls that must run one after the other (each takes the previous state)."""

    def extra(inst):
        n, d = ints(inst, "n"), ints(inst, "d")
        mults, steps = [], []
        for a, b in zip(n, d):
            U, V = np.zeros((b, b)), np.zeros((b, b))
            z, m, q = np.zeros((1, b)), 0, 0
            for _ in range(a):
                z = nn.rnn_cell(np.zeros((1, b)), z, V, U)
                m += U.size
                q += 1
            mults.append(m)
            steps.append(q)
        return {"N_m": sval(mults), "N_q": sval(steps)}

    return ctx.numeric(stmt, extra=extra)


# -- functions on sets ----------------------------------------------------------------------------

def _set_check(equivariant: bool):
    """X (M x F): M set elements as rows; P: a random permutation matrix.  f: for invariance the
    Deep Sets model rho(sum_m phi(x_m)) with phi(x) = tanh(W_1^T x), rho(h) = sum tanh(W_2^T h)
    (fixed random weights per trial); for equivariance the core's unmasked self-attention
    scaled_dot_product_attention(X W_q, X W_k, X W_v), one output row per element."""

    def check(stmt, ctx):
        rng = ctx.rng("sets")

        def extra(inst):
            X = arr(inst, "X")
            T, M, F = X.shape
            W = rng.normal(size=(4, T, F, F))
            if equivariant:
                def f(data, A):
                    w = data["W"]
                    return mval(nn.scaled_dot_product_attention(A.arr @ w[:, 0], A.arr @ w[:, 1], A.arr @ w[:, 2]))
                text = "the core's self-attention without mask, X -> softmax(XW_q (XW_k)^T / sqrt(F)) XW_v"
            else:
                def f(data, A):
                    w = data["W"]
                    h = np.tanh(A.arr @ w[:, 0]).sum(axis=-2, keepdims=True)
                    return sval(np.tanh(h @ w[:, 1]).sum(axis=(-1, -2)))
                text = "Deep Sets: rho(sum_m phi(x_m)), phi = tanh(W_1^T x), rho = sum tanh(W_2^T h)"
            inst.functions["f"] = Injected(lambda data, A: f(data, A), text, {"W": np.moveaxis(W, 1, 0)})
            return {"P": mval(random_permutations(rng, T, M))}

        return ctx.numeric(stmt, extra=extra)

    return check


register("nn.set_invariant")(_set_check(False))
register("nn.set_equivariant")(_set_check(True))


# -- remaining convolution / recurrent / graph lines ----------------------------------------------

def _batch(inst) -> int:
    return next(iter(inst.values.values())).arr.shape[0]


def _table_fn(key, text, fill=0.0):
    """A function of integer arguments reading a per-trial table data[key] (T, ...); 0-based
    positions, out-of-range arguments give ``fill``."""

    def f(data, *args):
        tab = data[key]
        T = tab.shape[0]
        idx = [np.broadcast_to(np.rint(np.asarray(a.arr, float)).astype(int), (T,)) for a in args]
        out = np.full(T, fill)
        for t in range(T):
            pos = tuple(int(i[t]) for i in idx)
            if all(0 <= p < n for p, n in zip(pos, tab.shape[1:])):
                out[t] = tab[(t,) + pos]
        return sval(out)

    return lambda data: Injected(f, text, data)


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
        inst.functions["x"] = _table_fn("grid", "input image x[u][a, b]")({"grid": xs})
        inst.functions["w"] = _table_fn("grid", "kernels w[r, u][i, j]")({"grid": ws})
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


def _connected_graphs(rng, T, M):
    """Random connected simple graphs (a random spanning tree plus random extra edges)."""
    A = np.zeros((T, M, M))
    for t in range(T):
        order = rng.permutation(M)
        for k in range(1, M):
            a, b = order[k], order[rng.integers(0, k)]
            A[t, a, b] = A[t, b, a] = 1
        extra = np.triu(rng.random((M, M)) < 0.3, 1)
        A[t] = np.maximum(A[t], extra | extra.T)
    return A


@register("nn.gcn_eigen")
def _gcn_eigen(stmt, ctx):
    """A_bar: the core's normalized_adjacency (self loops) of a random connected graph; D: the
    degree matrix of A + I; lambda, v: eigenvalues and unit eigenvectors of A_bar (numpy eigh,
    v_i the i-th column); e: the all-ones vector."""
    rng = ctx.rng("graphs")

    def extra(inst):
        M = inst.dims["M"]
        T = _batch(inst)
        A = _connected_graphs(rng, T, M)
        Ab = np.stack([nn.normalized_adjacency(a) for a in A])
        lam, V = np.linalg.eigh(Ab)
        deg1 = A.sum(-1) + 1
        return {"A_bar": mval(Ab), "lambda": mval(lam[..., None]), "v": mval(V),
                "D": mval(deg1[..., None] * np.eye(M)), "e": mval(np.ones((T, M, 1)))}

    return ctx.numeric(stmt, extra=extra)


@register("nn.graph_filtering")
def _graph_filtering(stmt, ctx):
    """L: the core's Laplacian of a random graph, U, Lambda its graph Fourier basis (core's
    graph_fourier_basis); the filter G_theta is the heat kernel t -> e^{-theta t}: H = G_theta(L)
    = expm(-theta L) by scipy's Pade algorithm (no eigen-decomposition), F = G_theta(Lambda)
    the diagonal of e^{-theta lambda_i}."""
    from scipy.linalg import expm

    rng = ctx.rng("graphs")

    def extra(inst):
        M = inst.dims["M"]
        T = _batch(inst)
        A = random_graphs(rng, T, M)
        th = arr(inst, "theta")
        L = np.stack([nn.laplacian(a) for a in A])
        basis = [nn.graph_fourier_basis(l) for l in L]
        lam = np.stack([b[0] for b in basis])
        U = np.stack([b[1] for b in basis])
        H = np.stack([expm(-t * l) for t, l in zip(th, L)])
        F = np.exp(-th[:, None] * lam)[..., None] * np.eye(M)
        return {"L": mval(L), "U": mval(U), "Lambda": mval(lam[..., None] * np.eye(M)),
                "H": mval(H), "F": mval(F)}

    return ctx.numeric(stmt, extra=extra)


@register("nn.polynomial_layer")
def _polynomial_layer(stmt, ctx):
    """A polynomial-kernel graph layer built from the core's polynomial_filter: F input and G
    output channels on M nodes (x_j, y_i the node signals of a channel, columns of X and Y),
    y_i = sum_j polynomial_filter(x_j, L, alpha[i, j, :]) + b_i with L the core's Laplacian of a
    random graph and K + 1 random coefficients per channel pair, read by a(i, j, k) (1-based
    channels, k = 0..K); i is the output channel the formula speaks of (one per batch)."""
    rng = ctx.rng("graphs")
    r = ctx.rng("configs")
    dims = []
    for _ in range(6):
        M, F, G, K = (int(r.integers(2, 5)) for _ in range(4))
        dims.append({"M": M, "F": F, "G": G, "K": K, "i": int(r.integers(1, G + 1))})

    def extra(inst):
        M, F, G, K = (inst.dims[k] for k in ("M", "F", "G", "K"))
        T = _batch(inst)
        A = random_graphs(rng, T, M)
        L = np.stack([nn.laplacian(a) for a in A])
        X, B = arr(inst, "x"), arr(inst, "b")
        al = rng.normal(size=(T, G, F, K + 1))
        Y = np.zeros((T, M, G))
        for t in range(T):
            for i in range(G):
                Y[t, :, i] = sum(nn.polynomial_filter(X[t][:, j], L[t], al[t, i, j]) for j in range(F))
                Y[t, :, i] += B[t][:, i]
        tab = np.zeros((T, G + 1, F + 1, K + 1))
        tab[:, 1:, 1:, :] = al
        inst.functions["a"] = _table_fn("grid", "alpha_ijk (random)")({"grid": tab})
        return {"L": mval(L), "y": mval(Y)}

    return ctx.numeric(stmt, extra=extra, dims=dims)


def _time_fn(key, text):
    """f(t): the per-trial matrix data[key][:, t - 1] (t = 1..T, constant within the batch)."""

    def f(data, tv):
        t = int(round(float(np.asarray(tv.arr).flat[0])))
        return mval(data[key][:, t - 1])

    return lambda data: Injected(f, text, data)


def _softplus(s):
    return np.logaddexp(0.0, s)


@register("nn.rnn_total_chain")
def _rnn_total_chain(stmt, ctx):
    """The core's Elman RNN (tanh) with recurrent U (m x m), input V (m x n), z_0 = 0, outputs
    y_hat_t = softplus(W z_t) (W k x m), loss L = sum_t |y_hat_t - y_t|^2 / 2 with random
    targets; w is one random entry of U.  g = dL/dw by central differences of the unrolled
    forward; a(t) = dL/dy_hat_t (1 x k row), b(t) = dy_hat_t/dz_t (k x m), c(t) = dz_t/dw the
    total derivative through the earlier states (central differences of the unrolled z_t),
    d(t) = the one-step partial of z_t in w with z_{t-1} held fixed (a wrong variant's factor)."""
    rng = ctx.rng("rnn")
    r = ctx.rng("configs")
    dims = [{"m": int(r.integers(2, 4)), "n": int(r.integers(1, 3)), "k": int(r.integers(1, 3)),
             "T": int(r.integers(2, 5))} for _ in range(4)]
    h = 1e-5

    def extra(inst):
        m, n, k, T = (inst.dims[x] for x in ("m", "n", "k", "T"))
        B = _batch(inst)
        out = {"a": np.zeros((B, T, 1, k)), "b": np.zeros((B, T, k, m)),
               "c": np.zeros((B, T, m, 1)), "d": np.zeros((B, T, m, 1))}
        g = np.zeros(B)
        for s in range(B):
            U = rng.normal(size=(m, m)) / np.sqrt(m)
            V, W = rng.normal(size=(m, n)), rng.normal(size=(k, m))
            xs, ys = rng.normal(size=(T, n)), rng.normal(size=(T, k))
            i, j = rng.integers(0, m, 2)
            E = np.zeros((m, m))
            E[i, j] = 1.0
            z0 = np.zeros(m)
            zs = _rnn_unroll(U, V, xs, z0)
            loss = lambda UU: 0.5 * float(np.sum((_softplus(_rnn_unroll(UU, V, xs, z0) @ W.T) - ys) ** 2))  # noqa: E731
            g[s] = (loss(U + h * E) - loss(U - h * E)) / (2 * h)
            dz = (_rnn_unroll(U + h * E, V, xs, z0) - _rnn_unroll(U - h * E, V, xs, z0)) / (2 * h)
            prev = np.vstack([z0[None], zs[:-1]])
            for t in range(T):
                pre = W @ zs[t]
                out["a"][s, t, 0] = _softplus(pre) - ys[t]
                out["b"][s, t] = (0.5 * (1 + np.tanh(pre / 2)))[:, None] * W
                out["c"][s, t, :, 0] = dz[t]
                out["d"][s, t, i, 0] = (1 - zs[t, i] ** 2) * prev[t, j]
        for name, what in (("a", "dL/dy_hat_t"), ("b", "dy_hat_t/dz_t"),
                           ("c", "dz_t/dw through the unrolled recurrence"),
                           ("d", "one-step partial of z_t in w (z_{t-1} fixed)")):
            inst.functions[name] = _time_fn(name, what)({name: out[name]})
        return {"g": sval(g)}

    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("nn.birnn")
def _birnn(stmt, ctx):
    """A bidirectional Elman RNN of the core: the forward cell runs over x_1..x_T, the backward
    cell (its own weights) over x_T..x_1; at a random step t, z_f and z_b are the two states
    after reading x_t.  y_hat: the output layer of a bidirectional RNN as frameworks build it,
    one matrix [W, W_tilde] (k x 2m) applied to the concatenated states, then psi = softplus."""
    rng = ctx.rng("birnn")

    def extra(inst):
        W, Wt = arr(inst, "W"), arr(inst, "W_tilde")
        B, k, m = W.shape
        n, T = 2, 4
        zf, zb, y = np.zeros((B, m, 1)), np.zeros((B, m, 1)), np.zeros((B, k, 1))
        for s in range(B):
            xs = rng.normal(size=(T, n))
            Uf, Ub = rng.normal(size=(2, m, m)) / np.sqrt(m)
            Vf, Vb = rng.normal(size=(2, m, n))
            fwd = _rnn_unroll(Uf, Vf, xs, np.zeros(m))
            bwd = _rnn_unroll(Ub, Vb, xs[::-1], np.zeros(m))[::-1]
            t = rng.integers(0, T)
            zf[s, :, 0], zb[s, :, 0] = fwd[t], bwd[t]
            both = np.concatenate([fwd[t], bwd[t]])
            y[s, :, 0] = _softplus(np.concatenate([W[s], Wt[s]], axis=1) @ both)
        inst.functions["psi"] = elementwise(_softplus, "softplus")
        return {"z_f": mval(zf), "z_b": mval(zb), "y_hat_t": mval(y)}

    return ctx.numeric(stmt, extra=extra)


@register("nn.rnn_jacobian_bound")
def _rnn_jacobian_bound(stmt, ctx):
    """The core's Elman RNN (tanh) with recurrent matrix W (the declared square(m), scaled by a
    random factor in [0.3, 3] per trial so both contracting and expanding W occur) and a random
    input matrix, run over s steps; v(r) = tanh'(pre-activation of z^r) = 1 - (z^r)^2, whose
    diagonal matrix diag(v(r)) is the sheets' S(z^r) (a matrix, so it keeps its place in the
    product)."""
    rng = ctx.rng("rnn")
    r = ctx.rng("configs")
    dims = []
    for _ in range(6):
        s = int(r.integers(2, 6))
        dims.append({"m": int(r.integers(1, 4)), "s": s, "t": int(r.integers(1, s))})

    def extra(inst):
        m, s = inst.dims["m"], inst.dims["s"]
        W0 = arr(inst, "W")
        B = W0.shape[0]
        W = W0 * (rng.uniform(0.3, 3.0, B) / np.linalg.norm(W0, 2, axis=(-2, -1)))[:, None, None]
        S = np.zeros((B, s, m, 1))
        for b in range(B):
            V = rng.normal(size=(m, 2))
            zs = _rnn_unroll(W[b], V, rng.normal(size=(s, 2)), np.zeros(m))
            S[b] = (1 - zs ** 2)[:, :, None]
        inst.functions["v"] = _time_fn("v", "1 - (z^r)^2: tanh' along the core's RNN run")({"v": S})
        return {"W": mval(W)}

    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("nn.rnn_gradient_flow")
def _rnn_gradient_flow(stmt, ctx):
    """The core's Elman RNN z^r = tanh(W z^{r-1} + U x^r) from z^0 = 0 over s steps, read out
    once at the end, y = G(z^s) = V z^s, with the loss R = sum c . tanh(y) + |y|^2 / 2.  Values:
    g_x = grad of R by the input x^t and g_z = grad by the state z^t (central differences through
    the core's forward from step t), J = dy/dz^s in denominator layout (m x p), e = grad_y R,
    v(r) = 1 - (z^r)^2 (the vector of tanh' at step r, whose diagonal matrix is the sheets'
    S(z^r)); W, U the recurrent and input matrices."""
    rng = ctx.rng("gradient flow")
    r = ctx.rng("configs")
    dims = []
    for _ in range(6):
        s = int(r.integers(2, 5))
        dims.append({"m": int(r.integers(1, 4)), "n": int(r.integers(1, 4)),
                     "p": int(r.integers(1, 3)), "s": s, "t": int(r.integers(1, s + 1))})

    def extra(inst):
        m, n, p, s, t = (inst.dims[k] for k in ("m", "n", "p", "s", "t"))
        B = _batch(inst)
        out = {k: np.zeros((B,) + sh) for k, sh in (("W", (m, m)), ("U", (m, n)), ("J", (m, p)),
               ("e", (p, 1)), ("g_x", (n, 1)), ("g_z", (m, 1)))}
        S = np.zeros((B, s, m, 1))
        for b in range(B):
            W = rng.normal(size=(m, m)) / np.sqrt(m)
            U = rng.normal(size=(m, n))
            V = rng.normal(size=(p, m))
            xs = rng.normal(size=(s, n))
            c = rng.normal(size=p)
            zs = _rnn_unroll(W, U, xs, np.zeros(m))
            R = lambda y: float(c @ np.tanh(y) + 0.5 * y @ y)  # noqa: E731

            def from_state(z, start):
                later = _rnn_unroll(W, U, xs[start:], z)
                return R(V @ (later[-1] if len(later) else z))

            def from_input(x):
                ys = xs.copy()
                ys[t - 1] = x
                return R(V @ _rnn_unroll(W, U, ys, np.zeros(m))[-1])

            out["W"][b], out["U"][b] = W, U
            for k in range(p):  # column k: the gradient of y_k by z^s
                out["J"][b, :, k] = _fd(lambda z, k=k: float(V[k] @ z), zs[-1])
            out["e"][b, :, 0] = _fd(R, V @ zs[-1])
            out["g_x"][b, :, 0] = _fd(from_input, xs[t - 1])
            out["g_z"][b, :, 0] = _fd(lambda z: from_state(z, t), zs[t - 1])
            S[b] = (1 - zs ** 2)[:, :, None]
        inst.functions["v"] = _time_fn("v", "1 - (z^r)^2: tanh' along the core's RNN run")({"v": S})
        return {k: mval(v) for k, v in out.items()}

    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("nn.chebnet_rescaled")
def _chebnet_rescaled(stmt, ctx):
    """L: the core's normalised Laplacian of a random graph; L_tilde = 2 L / lambda_max(L) - I,
    the argument the core's chebyshev_filter feeds to the Chebyshev recursion, recovered from the
    core as its degree-1 term: chebyshev_filter(I, L, [0, 1]) = T_1(L_tilde) I."""
    rng = ctx.rng("graphs")

    def extra(inst):
        M = inst.dims["M"]
        T = _batch(inst)
        A = random_graphs(rng, T, M)
        L = np.stack([nn.normalized_laplacian(a) for a in A])
        Lt = np.stack([nn.chebyshev_filter(np.eye(M), l, [0.0, 1.0]) for l in L])
        return {"L": mval(L), "L_tilde": mval(Lt)}

    return ctx.numeric(stmt, extra=extra)


# -- linear recurrence, sequence probabilities, language-model perplexity -----------------------

@register("nn.linear_recurrence")
def _linear_recurrence(stmt, ctx):
    """A = P diag(lambda) P^{-1} with a random well-conditioned P and real eigenvalues
    lambda = the core's lru_eigenvalues(nu, 0) in (0, 1); z_{t+1} is the core's lru run for one
    step in the eigenbasis (h0 = P^{-1} z_t, b = P^{-1} B, c = P), i.e. mapped back by P."""
    rng = ctx.rng("lru")

    def extra(inst):
        z, x, B = arr(inst, "z_t")[..., 0], arr(inst, "x_t")[..., 0], arr(inst, "B")
        T, m = z.shape
        A, zn = np.empty((T, m, m)), np.empty((T, m))
        for s in range(T):
            P = np.eye(m) + 0.4 * rng.normal(size=(m, m)) / np.sqrt(m)
            Pi = np.linalg.inv(P)
            nu = rng.uniform(-3.0, 1.0, m)
            lam = nn.lru_eigenvalues(nu, np.zeros(m)).real
            A[s] = P @ np.diag(lam) @ Pi
            zn[s] = nn.lru(x[s][None, None], nu, np.zeros(m), Pi @ B[s], P, h0=(Pi @ z[s])[None])[0, 0]
        return {"A": mval(A), "z_t+1": mval(zn[..., None])}

    return ctx.numeric(stmt, extra=extra)


def _random_joint(rng, K: int, T: int, alpha: float = 0.5) -> np.ndarray:
    """A random joint pmf over sequences in {0..K-1}^T (array of shape (K,) * T), dependent."""
    return rng.dirichlet(np.full(K ** T, alpha)).reshape((K,) * T)


def _prefix_prob(joint: np.ndarray, seq) -> float:
    """P(x_1..x_t = seq) for a prefix of length t (marginalising the later positions)."""
    tail = tuple(range(len(seq), joint.ndim))
    return float(joint.sum(axis=tail)[tuple(seq)] if tail else joint[tuple(seq)])


def _scalar_time_fn(key, text):
    """f(t): the per-trial number data[key][:, t - 1] (t = 1..T, constant within the batch)."""

    def f(data, tv):
        t = int(round(float(np.asarray(tv.arr).flat[0])))
        return sval(data[key][:, t - 1])

    return lambda data: Injected(f, text, data)


@register("nn.sequence_chain_rule")
def _sequence_chain_rule(stmt, ctx):
    """A random joint pmf over token sequences of length T (vocabulary K = 2..3) and a sequence x
    drawn from it; p = P(x_1..x_T) read from the table; c(t) = P(x_t | x_1..x_{t-1}) and
    b(t) = P(x_t | x_{t-1}) by marginalising the table; m(t) = P(x_t) the marginal."""
    rng = ctx.rng("joint")
    r = ctx.rng("configs")
    dims = [{"T": T, "K": int(r.integers(2, 4))} for T in (4, 3, 2, 1, 3, 4)]

    def extra(inst):
        T, K = inst.dims["T"], inst.dims["K"]
        B = _batch(inst)
        tabs = {k: np.zeros((B, T)) for k in "cbm"}
        p = np.zeros(B)
        for s in range(B):
            J = _random_joint(rng, K, T)
            x = np.unravel_index(rng.choice(K ** T, p=J.ravel()), J.shape)
            p[s] = J[x]
            for t in range(T):
                tabs["c"][s, t] = _prefix_prob(J, x[:t + 1]) / (_prefix_prob(J, x[:t]) if t else 1.0)
                marg = J.sum(axis=tuple(a for a in range(T) if a != t))
                tabs["m"][s, t] = marg[x[t]]
                if t:
                    pair = J.sum(axis=tuple(a for a in range(T) if a not in (t - 1, t)))
                    tabs["b"][s, t] = pair[x[t - 1], x[t]] / pair[x[t - 1]].sum()
                else:
                    tabs["b"][s, t] = marg[x[t]]
        for k, what in (("c", "P(x_t | x_1..x_{t-1}) from the joint table"),
                        ("b", "P(x_t | x_{t-1}) from the joint table"),
                        ("m", "P(x_t) from the joint table")):
            inst.functions[k] = _scalar_time_fn(k, what)({k: tabs[k]})
        return {"p": sval(p)}

    return ctx.numeric(stmt, extra=extra, dims=dims)


def _entropy_base(stmt, name="H") -> float:
    """The base a formula raises to the power of the entropy ``name`` (2 in 2^H, 10 in 10^H),
    e when it raises e or no number: perplexity is b^H with H measured in base b (bits for
    2^H), so the unit of H is the one its exponential announces."""
    import sympy as sp

    bases = set()
    for side in (e for r in stmt.relations for e in (r.lhs, r.rhs)):
        for node in sp.preorder_traversal(side):
            if isinstance(node, sp.Pow) and any(getattr(x, "name", None) == name
                                                for x in node.exp.free_symbols):
                bases.add(node.base)
            elif isinstance(node, sp.exp) and any(getattr(x, "name", None) == name
                                                  for x in node.args[0].free_symbols):
                bases.add(sp.E)
    numbers = {float(b) for b in bases if b.is_number and b.is_positive and b != 1}
    return numbers.pop() if len(numbers) == 1 else float(np.e)


@register("nn.perplexity")
def _perplexity(stmt, ctx):
    """A random autoregressive model over K = 2..3 tokens (a joint pmf over sequences of length
    N) and a sequence x of N tokens drawn from another random joint (the data); q_i =
    P_model(x_i | x_<i) by marginalising the model's table; PPL = P_model(x)^{-1/N}, the inverse
    geometric mean of the model's sequence probability; H = -log_b(P_model(x)) / N, the
    per-token cross-entropy in the base b the formula exponentiates (``_entropy_base``: nats
    for e^H, bits for 2^H), both read off the model's joint table directly."""
    base = _entropy_base(stmt)
    rng = ctx.rng("lm")
    r = ctx.rng("configs")
    dims = [{"N": N, "K": int(r.integers(2, 4))} for N in (4, 3, 2, 1, 4, 3)]

    def extra(inst):
        N, K = inst.dims["N"], inst.dims["K"]
        B = _batch(inst)
        q, ppl, H = np.zeros((B, N, 1)), np.zeros(B), np.zeros(B)
        for s in range(B):
            model, data = _random_joint(rng, K, N), _random_joint(rng, K, N)
            x = np.unravel_index(rng.choice(K ** N, p=data.ravel()), data.shape)
            for i in range(N):
                q[s, i, 0] = _prefix_prob(model, x[:i + 1]) / (_prefix_prob(model, x[:i]) if i else 1.0)
            ppl[s] = model[x] ** (-1.0 / N)
            H[s] = -np.log(model[x]) / N / np.log(base)
        return {"q": mval(q), "PPL": sval(ppl), "H": sval(H)}

    return ctx.numeric(stmt, extra=extra, dims=dims)


def _token_fn(key, text):
    """f(token): the per-trial value data[key][:, token - 1] for tokens 1..K; the argument may carry
    the batch axes of an expectation after the trial axis."""

    def f(data, v):
        tab = data[key]
        a = np.asarray(v.arr)
        tok = np.rint(a).astype(int) - 1
        if tok.ndim == 0 or tok.shape[0] != tab.shape[0]:
            tok = np.broadcast_to(tok, (tab.shape[0],) + tok.shape[1:] if tok.ndim else (tab.shape[0],))
        rows = np.arange(tab.shape[0]).reshape((-1,) + (1,) * (tok.ndim - 1))
        return sval(tab[rows, tok])

    return lambda data: Injected(f, text, data)


@register("nn.token_cross_entropy")
def _token_cross_entropy(stmt, ctx):
    """Random token distributions p (data) and q (model) on K = 2..4 tokens (labelled 1..K);
    x ~ p one token; X = (X_1..X_N) N tokens drawn independently from p (all K^N sequences as
    atoms, exact expectation); q(.) and p(.) are the pmfs as functions of the token;
    H = -sum_k p_k ln q_k computed directly."""
    rng = ctx.rng("tokens")
    r = ctx.rng("configs")
    dims = [{"N": N, "K": int(r.integers(2, 5))} for N in (3, 2, 1, 4)]

    def extra(inst):
        import itertools

        from ..evaluate import Distribution

        N, K = inst.dims["N"], inst.dims["K"]
        B = _batch(inst)
        p = rng.dirichlet(np.ones(K), size=B)
        q = rng.dirichlet(np.ones(K), size=B)
        seqs = np.array(list(itertools.product(range(K), repeat=N)))  # (K^N, N)
        probs = np.prod(p[:, seqs], axis=-1)  # (B, K^N)
        tokens = np.broadcast_to(np.arange(1.0, K + 1), (B, K)).copy()
        atoms = np.broadcast_to((seqs + 1.0)[None, :, :, None], (B,) + seqs.shape + (1,)).copy()
        inst.dists = [d for d in inst.dists if not {"x", "X"} & set(d.names)]
        inst.dists.append(Distribution(("x",), {"x": tokens}, p.copy()))
        inst.dists.append(Distribution(("X",), {"X": atoms}, probs, vector={"X": True}))
        inst.functions["q"] = _token_fn("q", "model pmf q over the tokens")({"q": q})
        inst.functions["p"] = _token_fn("p", "data pmf p over the tokens")({"p": p})
        return {"H": sval(-(p * np.log(q)).sum(axis=-1))}

    return ctx.numeric(stmt, extra=extra, dims=dims)
