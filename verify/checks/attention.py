"""Custom checks of the attention claims on the NumPy core: scaled dot-product attention and its
weights, the attention (mixing) matrix, bilinear query-key scores, multi-head attention, patch
embeddings and the cost counts of an attention layer.
"""
from __future__ import annotations

import itertools

import numpy as np

from cheatsheet import nn

from ..custom import register
from ..evaluate import Val
from .information import merge_trials, mentions
from .nn import Injected, arr, ints, mval, sval

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


@register("nn.attention_softmax")
def _attention_softmax(stmt, ctx):
    """The attention weights named by a formula: A is the core's attention_weights(Q, K) (the
    scaled scores, softmax over the keys row by row); alpha is the core's row-wise softmax of
    a score matrix s.  Neither is computed from the formula under test, so a softmax taken over
    the queries (columns), an unscaled or a transposed score is refuted."""

    def weights(inst, fixed):
        out = {n: Val(np.asarray(float(k))) for n, k in fixed.items()}
        if "A" in inst.values and "Q" in inst.values:
            out["A"] = mval(nn.attention_weights(arr(inst, "Q"), arr(inst, "K")))
        if "alpha" in inst.values and "s" in inst.values:
            out["alpha"] = mval(nn.softmax(arr(inst, "s"), axis=-1))
        return out

    idx = [d for d in ctx.decls if d.kind == "index" and mentions(stmt, d.name)]
    if not idx:
        return ctx.numeric(stmt, extra=lambda inst: weights(inst, {}))
    # free entry indices (alpha_ij): every assignment, on a wide and a tall score matrix
    sizes = [d.args[0] for d in idx]
    last = None
    for n, m in ((2, 3), (3, 2)):
        dims = {d.name: v for d, v in zip((ctx.decls[k] for k in ("n", "m") if k in ctx.decls),
                                           (n, m))}
        for values in itertools.product(*(range(1, dims[str(sz)] + 1) for sz in sizes)):
            fixed = {d.name: v for d, v in zip(idx, values)}
            ev = ctx.numeric(stmt, extra=lambda inst, fixed=fixed: weights(inst, fixed),
                             dims=[dims], trials=8)
            if ev.verdict != "passed":
                if ev.verdict == "refuted" and ev.counterexample is not None:
                    ev.counterexample.setdefault("instance", {}).update(fixed)
                return ev
            last = ev if last is None else merge_trials(last, ev)
    return last


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
