"""Custom checks of the classic-model claims (``classic.*``): the perceptron (runs, updates, span),
Cover's count, Hopfield energy, Hebbian learning, ridge, pseudo-inverse, SGD on least squares,
backpropagation in a small MLP, the softmax Jacobian, hyperplane geometry, Zaslavsky's count of
the regions of a hyperplane arrangement.

As in optimisation.py, each check simulates what the formula talks about and hands the result to
the standard numeric comparison.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ..custom import register
from ..evaluate import Val
from ..evidence import Evidence
from .. import trajectory
from .optimisation import _num


# ------------------------------------------------------------- classic models ------------------

class _Table:
    """A function of integer arguments given by a Python rule (Cover's counting function)."""

    def __init__(self, rule, text):
        self.rule, self.text = rule, text

    def __call__(self, *args: Val) -> Val:
        arrs = np.broadcast_arrays(*[np.asarray(a.arr, float) for a in args])
        out = np.vectorize(lambda *v: float(self.rule(*(int(round(x)) for x in v))))(*arrs)
        return Val(np.asarray(out, float))

    def take(self, keep):
        return self

    def describe(self, i):
        return self.text


def _cover_count(s, n, memo={}):
    """Homogeneous linear dichotomies of s points in general position in R^n, by the recursion
    C(s+1, n) = C(s, n) + C(s, n-1) with C(1, n) = 2 and C(s, 1) = 2 (n >= 1)."""
    if n <= 0:
        return 0
    if s <= 1 or n == 1:
        return 2 if s >= 1 else 1
    key = (s, n)
    if key not in memo:
        memo[key] = _cover_count(s - 1, n) + _cover_count(s - 1, n - 1)
    return memo[key]


@register("classic.cover")
def _cover(stmt, ctx):
    def extra(inst):
        inst.functions["C"] = _Table(_cover_count, "Cover's count by its recursion")
        return {}

    return ctx.numeric(stmt, extra=extra)


@register("classic.perceptron")
def _perceptron(stmt, ctx):
    """Perceptron (no bias, w_0 = 0, cyclic passes) on linearly separable data with margin:
    supplies an iterate w_t after t updates (a random t, or the total number of updates for the
    mistake bound), the unit separator w^*, its margin gamma and the radius R of the data."""
    final = "mistake" in ctx.claim_id
    names = {getattr(x, "name", str(x)) for x in stmt.free_symbols}
    low, high = trajectory.span(names, {"w"})

    def extra(inst):
        T = len(next(iter(v.arr for v in inst.values.values() if v.arr.ndim)))
        n = inst.dims["n"]
        rng = ctx.rng("perceptron", T, n)
        s = 12
        ws = rng.normal(size=(T, n))
        ws /= np.linalg.norm(ws, axis=1, keepdims=True)
        x = rng.normal(size=(T, s, n)) * rng.uniform(0.5, 2, (T, 1, 1))
        proj = (x * ws[:, None, :]).sum(-1)
        gap = rng.uniform(0.05, 0.5, T)[:, None]
        x = x + (np.sign(proj) * gap)[..., None] * ws[:, None, :]  # push away from the plane
        y = np.sign((x * ws[:, None, :]).sum(-1))
        # data at scales from 0.05 to 20: the run's mistakes do not change with the scale
        # (w_0 = 0, no bias), so a bound off by a power of R or gamma fails at some scale
        scale = 10.0 ** rng.uniform(-1.3, 1.3, T)
        x = x * scale[:, None, None]
        pick = rng.uniform(0, 1, T)
        # a quarter of the trials on data where the bounds are attained (see _tight_data): on
        # random data the run makes far fewer mistakes than R^2/gamma^2, so a bound off by a
        # power of R or gamma passed there
        tight, xt, yt, wt = _tight_data(rng, T, n, s)
        x = np.where(tight[:, None, None], xt * scale[:, None, None], x)
        y = np.where(tight[:, None], yt, y)
        ws = np.where(tight[:, None], wt, ws)
        gamma = (y * (x * ws[:, None, :]).sum(-1)).min(axis=1)
        R = np.linalg.norm(x, axis=-1).max(axis=1)
        w = np.zeros((T, n))
        count = np.zeros(T, int)
        hist = [w.copy()]
        for _ in range(5000):
            wrong = y * (x * w[:, None, :]).sum(-1) <= 0
            anyw = wrong.any(axis=1)
            if not anyw.any():
                break
            first = wrong.argmax(axis=1)
            upd = (y[np.arange(T), first][:, None] * x[np.arange(T), first]) * anyw[:, None]
            w = w + upd
            count += anyw
            hist.append(w.copy())
        hist = np.stack(hist, axis=1)  # (T, steps + 1, n)
        if final:
            t = count
        else:  # a step with every member the formula names (w_{t-1}, w_{t+1}) on the run
            lo, hi = max(1, -low), np.maximum(count - high, max(1, -low))
            t = np.minimum(lo + np.floor(pick * (hi - lo + 1)), hi).astype(int)
        # a member past the last update is no iterate of the run: that trial decides nothing
        out = trajectory.along({"w": hist[..., None]}, t, names | {"w_t"},
                               matrix=frozenset({"w"}), last=count)
        out.update({"w_star": Val(ws[..., None], True), "t": Val(t.astype(float)),
                    "gamma": Val(gamma), "R": Val(R)})
        return out

    return ctx.numeric(stmt, extra=extra)


def _tight_data(rng, T, n, s):
    """Data on which the perceptron's bounds hold with equality, for about a quarter of the T
    trials: the n points y_k Q e_k (labels y_k = +-1, Q a random signed permutation, so that
    the points are exactly orthogonal; repeated to fill s points) with the separator
    w^* = Q (1, ..., 1) / sqrt(n).  Then R = 1, gamma = 1/sqrt(n), and the run (w_0 = 0) errs
    on each point once: t = n = R^2/gamma^2 updates, and ||w_t|| = sqrt(t) = R sqrt(t) after t
    of them.  Returns (mask, x, y, w^*)."""
    perm = np.argsort(rng.uniform(size=(T, n)), axis=-1)
    Q = np.eye(n)[perm] * rng.choice([-1.0, 1.0], size=(T, 1, n))
    labels = rng.choice([-1.0, 1.0], size=(T, s))
    k = np.arange(s) % n
    x = labels[..., None] * np.swapaxes(Q, -1, -2)[:, k, :]   # row k: y_k (Q e_k)^T
    w = Q.sum(axis=-1) / np.sqrt(n)
    mask = (rng.uniform(0, 1, T) < 0.25) & (n <= s)
    return mask, x, labels, w


@register("classic.hopfield_energy")
def _hopfield(stmt, ctx):
    """The statement's right-hand side E(X) must not increase under one asynchronous update
    X_i <- sign(sum_j w_ij X_j + b_i) (symmetric w, zero diagonal, X in {-1, 1}^n)."""
    from cheatsheet.statement import Relation, Statement

    X = ctx.decls.sympy("X")
    Xn = sp.MatrixSymbol("X_new", *X.shape)
    (rel,) = stmt.relations
    energy = rel.rhs
    swap = {X: Xn}
    for base in energy.atoms(sp.IndexedBase):
        if str(base.label) == "X":
            swap[base] = sp.IndexedBase("X_new")
    moved = energy.xreplace(swap)
    if moved == energy:
        return Evidence("error", "custom:classic.hopfield_energy",
                        detail="the energy does not depend on the state X")
    test = Statement((Relation(moved, "<=", energy),), latex=stmt.latex)

    def extra(inst):
        w = _num(inst, "w").copy()
        n = w.shape[-1]
        w[..., np.arange(n), np.arange(n)] = 0.0
        xs = np.where(_num(inst, "X") >= 0, 1.0, -1.0)
        b = 2 * _num(inst, "b")  # biases comparable to the local fields
        T = len(w)
        i = ctx.rng("unit", T, n).integers(0, n, T)
        field = (w @ xs)[np.arange(T), i, 0] + b[np.arange(T), i, 0]
        xn = xs.copy()
        xn[np.arange(T), i, 0] = np.where(field >= 0, 1.0, -1.0)
        return {"w": Val(w, True), "X": Val(xs, True), "X_new": Val(xn, True), "b": Val(b, True)}

    return ctx.numeric(test, extra=extra)


@register("classic.ridge")
def _ridge(stmt, ctx):
    """The minimiser of 1/2 ||Xw - y||^2 + lambda/2 ||w||^2, by least squares on the stacked
    system [X; sqrt(lambda) I] w = [y; 0]."""

    def extra(inst):
        X, y, lam = _num(inst, "X"), _num(inst, "y"), _num(inst, "lambda")
        d = X.shape[-1]
        out = []
        for k in range(len(X)):
            A = np.vstack([X[k], math.sqrt(lam[k]) * np.eye(d)])
            rhs = np.vstack([y[k], np.zeros((d, 1))])
            out.append(np.linalg.lstsq(A, rhs, rcond=None)[0])
        return {"w_star": Val(np.stack(out), True)}

    return ctx.numeric(stmt, extra=extra)


# ------------------------------------------------ classic models: sheet 002 sections 1-3 ------

def _arrangement_regions(W: np.ndarray, b: np.ndarray) -> int:
    """Regions of the affine arrangement {x : W_k x + b_k = 0}, k = 1..m, in R^n, counted
    geometrically: with the hyperplanes in general position every region has a vertex on its
    boundary (m >= n), or meets the common flat (m < n); the points v + eps * W_S^+ s, s in
    {-1, 1}^|S|, around each vertex v of n hyperplanes S (or around the flat) reach every region
    touching it; the regions are the distinct sign patterns of all m hyperplanes there."""
    import itertools

    m, n = W.shape
    if m == 0:
        return 1
    k = min(m, n)
    signs = np.array(list(itertools.product((-1.0, 1.0), repeat=k)))  # (2^k, k)
    pats = set()
    for S in itertools.combinations(range(m), k):
        Ws, bs = W[list(S)], b[list(S)]
        P = np.linalg.pinv(Ws)
        v = -P @ bs
        pts = v[None, :] + 1e-6 * signs @ P.T  # (2^k, n)
        sg = (pts @ W.T + b[None, :]) > 0
        pats.update(map(bytes, np.packbits(sg, axis=1)))
    return len(pats)


class _Regions:
    """R(m): regions of m random affine hyperplanes in general position in R^n (n per batch)."""

    def __init__(self, n, rng):
        self.n, self.rng, self.memo = n, rng, {}

    def __call__(self, m: Val) -> Val:
        arr = np.asarray(m.arr, float)
        out = np.empty_like(arr)
        for idx, v in np.ndenumerate(arr):
            mm = int(round(v))
            if mm not in self.memo:
                W = self.rng.normal(size=(mm, self.n))
                self.memo[mm] = _arrangement_regions(W, self.rng.normal(size=mm))
            out[idx] = self.memo[mm]
        return Val(out)

    def take(self, keep):
        return self

    def describe(self, i):
        return f"number of regions of m random affine hyperplanes in R^{self.n}, counted at their vertices"


@register("classic.zaslavsky")
def _zaslavsky(stmt, ctx):
    def extra(inst):
        inst.functions["R"] = _Regions(inst.dims["n"], ctx.rng("arrangement", inst.dims["n"]))
        return {}

    return ctx.numeric(stmt, extra=extra)


def _index_pair(calls, n):
    """Batch-constant indices (1-based): distinct on even calls (when n > 1), equal on odd."""
    k = calls[0]
    calls[0] += 1
    i = k % n + 1
    j = i % n + 1 if (k % 2 == 0 and n > 1) else i
    return i, j


@register("classic.softmax_jacobian")
def _softmax_jacobian(stmt, ctx):
    """Each derivative d softmax(x)_a / d x_b of the statement by central differences, at the
    entry a and the variable b that node itself names (so d/dx_i softmax_i is not taken for
    d/dx_j softmax_i); delta_ij (also written delta_ji) the Kronecker delta; (i, j) alternate
    between distinct and equal by batch."""
    from sympy.matrices.expressions.matexpr import MatrixElement

    from cheatsheet.statement import Relation, Statement

    derivs = sorted({d for r in stmt.relations for side in (r.lhs, r.rhs)
                     for d in side.atoms(sp.Derivative)}, key=str)
    swap = {d: sp.Symbol("J_sm" if len(derivs) == 1 else f"J_sm{k + 1}")
            for k, d in enumerate(derivs)}
    test = Statement(tuple(Relation(r.lhs.xreplace(swap), r.op, r.rhs.xreplace(swap))
                           for r in stmt.relations), latex=stmt.latex)
    calls = [0]
    i_s, j_s = (sp.Symbol(n, integer=True, positive=True) for n in ("i", "j"))

    def entry_and_variable(d):
        """(row of softmax, 0-based; entry of x, 1-based) as expressions in i and j."""
        body, ((var, count),) = d.expr, d.variable_count
        if count != 1 or not isinstance(body, MatrixElement) \
                or not isinstance(var, sp.Indexed) or len(var.indices) != 1:
            raise ValueError("a derivative that is not of a softmax entry by an entry of x")
        return body.args[1], var.indices[0]

    parts = {swap[d]: entry_and_variable(d) for d in derivs}

    def extra(inst):
        x = _num(inst, "x")[..., 0]
        n = x.shape[-1]
        i, j = _index_pair(calls, n)

        def sm(v):
            e = np.exp(v - v.max(axis=-1, keepdims=True))
            return e / e.sum(axis=-1, keepdims=True)

        T = len(x)
        out = {"i": Val(np.full(T, float(i))), "j": Val(np.full(T, float(j))),
               "delta_ij": Val(np.full(T, float(i == j))),
               "delta_ji": Val(np.full(T, float(i == j)))}
        for name, (row, var) in parts.items():
            a = int(row.subs({i_s: i, j_s: j}))
            b = int(var.subs({i_s: i, j_s: j})) - 1
            if not (0 <= a < n and 0 <= b < n):
                raise ValueError("a softmax entry or variable outside the vector")
            e = np.zeros(n)
            e[b] = 1e-6
            out[name.name] = Val((sm(x + e)[..., a] - sm(x - e)[..., a]) / 2e-6)
        return out

    return ctx.numeric(test, extra=extra)


@register("classic.hebbian")
def _hebbian(stmt, ctx):
    """Hebbian weights of s random +-1 patterns (the columns of xi), accumulated one pattern at
    a time as w <- w + x x^T / n, then the self-connections removed; the entry (i, j) looked
    at alternates between batches between i != j and i = j (the claim assumes i != j)."""
    calls = [0]

    def extra(inst):
        xi = np.where(_num(inst, "xi") >= 0, 1.0, -1.0)
        n = xi.shape[-2]
        w = np.zeros(xi.shape[:1] + (n, n))
        for t in range(xi.shape[-1]):
            col = xi[..., :, t:t + 1]
            w = w + col @ np.swapaxes(col, -1, -2) / n
        w[..., np.arange(n), np.arange(n)] = 0.0
        i, j = _index_pair(calls, n)
        T = len(xi)
        return {"xi": Val(xi, True), "w": Val(w, True), "i": Val(np.full(T, float(i))),
                "j": Val(np.full(T, float(j)))}

    return ctx.numeric(stmt, extra=extra)


def _mlp_loss(W1, b1, W2, b2, x0, y):
    x1 = np.tanh(W1 @ x0 + b1)
    x2 = np.tanh(W2 @ x1 + b2)
    return 0.5 * ((x2 - y) ** 2).sum(axis=(-1, -2))


def _fd_grad(fn, X, h=1e-6):
    """Central-difference gradient of the per-trial scalar fn(X) by every entry of X (T, r, c)."""
    g = np.zeros_like(X)
    for idx in np.ndindex(*X.shape[1:]):
        e = np.zeros_like(X)
        e[(slice(None),) + idx] = h
        g[(slice(None),) + idx] = (fn(X + e) - fn(X - e)) / (2 * h)
    return g


@register("classic.backprop")
def _backprop(stmt, ctx):
    """A random two-layer tanh network x_1 = tanh(W_1 x_0 + b_1), x_2 = tanh(W_2 x_1 + b_2) with
    loss L = 1/2 ||x_2 - y||^2; every derivative of L is taken by central differences (G_1 by
    W_1, g_1 by b_1, h_1 by x_1, delta_l by the pre-activation z_l), not by backpropagation."""

    def extra(inst):
        W1, b1, W2, b2 = (_num(inst, k) for k in ("W_1", "b_1", "W_2", "b_2"))
        x0, y = _num(inst, "x_0"), _num(inst, "y")
        z1 = W1 @ x0 + b1
        x1 = np.tanh(z1)
        z2 = W2 @ x1 + b2
        x2 = np.tanh(z2)
        half = lambda out: 0.5 * ((out - y) ** 2).sum(axis=(-1, -2))  # noqa: E731
        G1 = _fd_grad(lambda V: _mlp_loss(V, b1, W2, b2, x0, y), W1)
        g1 = _fd_grad(lambda V: _mlp_loss(W1, V, W2, b2, x0, y), b1)
        h1 = _fd_grad(lambda V: half(np.tanh(W2 @ V + b2)), x1)
        d1 = _fd_grad(lambda V: half(np.tanh(W2 @ np.tanh(V) + b2)), z1)
        d2 = _fd_grad(lambda V: half(np.tanh(V)), z2)
        return {"x_1": Val(x1, True), "x_2": Val(x2, True), "G_1": Val(G1, True),
                "g_1": Val(g1, True), "h_1": Val(h1, True), "delta_1": Val(d1, True),
                "delta_2": Val(d2, True)}

    return ctx.numeric(stmt, extra=extra)


@register("classic.pinv")
def _pinv(stmt, ctx):
    """X^+ by NumPy's SVD-based pseudo-inverse (named X_pinv in the statements).  A vanishing
    delta (the limit) is scaled to the smallest nonzero singular value of X: delta = 1e-7
    sigma_min^2 times the sampled factor, so the regularised inverse is within ~1e-7 of its
    limit whatever the conditioning of X.  A competitor w of a least-squares fit is, in a
    quarter of the trials, the fit itself moved by 1e-3 with y scaled by 10^u, u in (-2, 1):
    random w are far from the fit, so a side raised to another power passed on them (the
    residuals there are large), while at the fit both sides are nearly equal and small."""
    rng = ctx.rng("competitor")

    def extra(inst):
        X = _num(inst, "X")
        P = np.linalg.pinv(X)
        out = {"X_pinv": Val(P, True)}
        if "delta" in inst.values:
            smin = np.linalg.svd(X, compute_uv=False)[..., -1]
            out["delta"] = Val(_num(inst, "delta") * 1e1 * smin ** 2)
        if {"w", "y"} <= set(inst.values):
            w, y = _num(inst, "w"), _num(inst, "y")
            T = len(X)
            near = (rng.uniform(size=T) < 0.25)[:, None, None]
            scale = (10.0 ** rng.uniform(-2, 1, T))[:, None, None]
            fit_y = y * scale
            fit_w = P @ fit_y + 1e-3 * scale * rng.normal(size=w.shape)
            out["y"] = Val(np.where(near, fit_y, y), True)
            out["w"] = Val(np.where(near, fit_w, w), True)
        return out

    return ctx.numeric(stmt, extra=extra)


def _sgd_lsq_step(p, k):
    """One SGD step on the sampled example's loss 1/2 (y_i - w^T x_i)^2, its gradient taken by
    central differences; every step of the run sees the same example."""
    x, y, eta = (_num(p.inst, n) for n in ("x_i", "y_i", "eta"))
    loss = lambda V: 0.5 * (y - (np.swapaxes(V, -1, -2) @ x)[..., 0, 0]) ** 2  # noqa: E731
    w = p["w", k]
    p["w", k + 1] = w - eta[:, None, None] * _fd_grad(loss, w)


SGD_LSQ = trajectory.Recurrence(state={"w": (0,)}, lead={"w": 1}, step=_sgd_lsq_step,
                                matrix=frozenset({"w"}))


@register("classic.sgd_least_squares")
def _sgd_lsq(stmt, ctx):
    names = {getattr(x, "name", str(x)) for x in stmt.free_symbols}
    return ctx.numeric(stmt, extra=lambda inst: SGD_LSQ.members(inst, names))


# ------------------------------------------------- hyperplane geometry, perceptron updates ---

def _plane_parts(w, b):
    """For hyperplanes {z: w.z + b = 0} (w: (T, n)): a point p0 on it found by solving for the
    coordinate with the largest |w_j|, and an orthonormal basis B (T, n, n-1) of its directions
    (the complement of w in a QR factorisation)."""
    T, n = w.shape
    j = np.abs(w).argmax(axis=1)
    p0 = np.zeros((T, n))
    p0[np.arange(T), j] = -b / w[np.arange(T), j]
    M = np.concatenate([w[..., None], np.random.default_rng(0).normal(size=(1, n, n - 1))
                        .repeat(T, axis=0)], axis=-1)
    Q = np.linalg.qr(M)[0]
    return p0, Q[..., 1:]


@register("classic.hyperplane")
def _hyperplane(stmt, ctx):
    """delta: the position of the hyperplane along its unit normal w/||w||, i.e. the foot of the
    perpendicular from 0 (closest point, by projecting onto the plane's directions) dotted with
    w/||w||; gamma: the label y (a random sign, replacing the sampled y) times the Euclidean
    distance from x to the plane, signed by the side of x."""
    rng = ctx.rng("hyperplane")

    def extra(inst):
        w = _num(inst, "w")[..., 0]
        b = _num(inst, "b")
        x = _num(inst, "x")[..., 0]
        T = len(b)
        p0, B = _plane_parts(w, b)
        Bt = np.swapaxes(B, -1, -2)
        unit = w / np.linalg.norm(w, axis=1, keepdims=True)
        foot0 = p0 - (B @ (Bt @ p0[..., None]))[..., 0]
        delta = (foot0 * unit).sum(-1)
        q = p0 + (B @ (Bt @ (x - p0)[..., None]))[..., 0]
        side = np.sign((w * x).sum(-1) + b)
        y = rng.choice([-1.0, 1.0], size=T)
        gamma = y * side * np.linalg.norm(x - q, axis=1)
        return {"delta": Val(delta), "gamma": Val(gamma), "y": Val(y)}

    return ctx.numeric(stmt, extra=extra)


@register("classic.perceptron_update")
def _perceptron_update(stmt, ctx):
    """One step of size 1 down the gradient (central differences) of the perceptron loss
    max(0, -y (x.w + b)) at a misclassified example: y is a random sign, flipped where the
    example would be classified correctly; w_prime, b_prime are the updated parameters."""
    rng = ctx.rng("perceptron-update")

    def extra(inst):
        w, x, b = _num(inst, "w"), _num(inst, "x"), _num(inst, "b")
        T = len(b)
        y = rng.choice([-1.0, 1.0], size=T)
        score = (w * x).sum((-1, -2)) + b
        y = np.where(y * score > 0, -y, y)

        def loss(W, B):
            return np.maximum(0.0, -y * ((W * x).sum((-1, -2)) + B))

        gw = _fd_grad(lambda W: loss(W, b), w)
        gb = (loss(w, b + 1e-6) - loss(w, b - 1e-6)) / 2e-6
        return {"y": Val(y), "w_prime": Val(w - gw, True), "b_prime": Val(b - gb)}

    return ctx.numeric(stmt, extra=extra)


@register("classic.perceptron_span")
def _perceptron_span(stmt, ctx):
    """Perceptron with bias on s < d random points (columns of X, random labels: separable since
    the points are independent) from w_0 = X c in their span; w_t is the weight after a random
    number of updates (at most 40)."""
    rng = ctx.rng("perceptron-span")
    names = {getattr(x, "name", str(x)) for r in (*stmt.relations, *stmt.premises)
             for side in (r.lhs, r.rhs) for x in side.free_symbols}  # w_0 of a premise too

    def extra(inst):
        X = _num(inst, "X")
        T, _, s = X.shape
        yl = rng.choice([-1.0, 1.0], size=(T, s))
        w = (X @ rng.normal(size=(T, s, 1)))[..., 0]
        b = np.zeros(T)
        stop = rng.integers(1, 41, size=T)
        hist = np.zeros((T, 41) + w.shape[1:])  # hist[:, j]: the weight after j updates
        hist[:, 0] = w
        count = np.zeros(T, int)
        for k in range(40):
            score = yl * ((X * w[:, :, None]).sum(1) + b[:, None])
            wrong = score <= 0
            act = wrong.any(axis=1) & (k < stop)
            i = wrong.argmax(axis=1)
            xi = X[np.arange(T), :, i]
            yi = yl[np.arange(T), i]
            w = w + (act * yi)[:, None] * xi
            b = b + act * yi
            count += act
            hist[np.arange(T), count] = w
        # w_t after its updates; its neighbours w_{t-1}, w_{t+1} on the same run
        return trajectory.along({"w": hist[..., None]}, count, names | {"w_t"},
                                matrix=frozenset({"w"}), last=count)

    return ctx.numeric(stmt, extra=extra)
