"""Custom checks of the graph and set claims on the NumPy core: random graphs and permutations,
Laplacians and normalised adjacencies by role, GCN layers, spectral filters and Chebyshev
rescaling, invariant and equivariant maps of sets and graphs.
"""
from __future__ import annotations

import numpy as np

from cheatsheet import nn

from ..custom import register
from .nn import Injected, _batch, arr, mval, overlong_axes, strict_table_fn, sval

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
        # a sum over more channels or powers than there are coefficients for is not
        # well-formed (k = 0 to K + 1: no count fits); any other place outside reads 0
        long = overlong_axes(stmt, {"a": (G, F, K + 1)}, inst.dims)
        inst.functions["a"] = strict_table_fn(
            "grid", "alpha_ijk (random)", (1, 1, 0),
            {a: r for (fn, a), r in long.items() if fn == "a"})({"grid": tab})
        return {"L": mval(L), "y": mval(Y)}

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
