"""Custom checks of backpropagation through time on the NumPy core: gradients of an unrolled
Elman RNN (per-step copies of the shared weights, the total chain rule through the states, the
path sum of a scalar example), the step-Jacobian bound and the gradient's flow back to the inputs.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from ..custom import register
from .nn import Injected, _batch, _fd, _time_fn, arr, mval, sval, with_derivatives
from .rnn_unroll import _perturbed, _rnn_losses, _rnn_losses_of, _rnn_states, _rnn_unroll, _softplus


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
            # central differences (``_fd``), every perturbation of one quantity in one pass
            for t in range(T):  # z_t moved, the later states run on from it
                zt = _perturbed(zs[t], 1e-5)  # (2, m, m)
                later = _rnn_states(np.broadcast_to(U, (T - t - 1, m, m)), V, xs[t + 1:T], zt)
                f = _rnn_losses_of(np.concatenate(
                    [np.broadcast_to(zs[:t], (2, m, t, m)), zt[..., None, :], later], axis=-2), c)
                out["G"][b, :, t] = (f[0] - f[1]) / (2 * 1e-5)
            out["S"][b] = (1 - zs ** 2).T
            out["Z"][b] = zs.T
            out["Z_bar"][b] = np.vstack([z0[None], zs[:-1]]).T
            out["X"][b] = xs[:T].T
            out["X_tilde"][b] = xs[1:].T
            Us = _perturbed(U, 1e-5)  # every step's matrix moved together
            f = _rnn_losses(np.broadcast_to(Us[..., None, :, :], (2, m * m, T, m, m)), V,
                            xs[:T], c)
            out["D_rec"][b] = ((f[0] - f[1]) / (2 * 1e-5)).reshape(m, m)
            f = _rnn_losses(np.broadcast_to(U, (T, m, m)), _perturbed(V, 1e-5), xs[:T], c)
            out["D_in"][b] = ((f[0] - f[1]) / (2 * 1e-5)).reshape(m, n)
        vals = {k: mval(v) for k, v in out.items() if k in ctx.decls}
        for g in grads:  # every declared gradient name, by its shape
            vals[g] = mval(out["D_rec" if ctx.decls[g].domain == "square" else "D_in"])
        return vals

    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("nn.rnn_weight_sharing")
def _rnn_weight_sharing(stmt, ctx):
    """Weight sharing as the chain rule through per-step copies: the core's Elman RNN (tanh)
    over T steps from a random first state z_0 with recurrent matrix W (m x m) and the loss of
    ``nn.bptt``.  D = dL/dW (all steps share W); g_i = dL/d(W_tilde_i)_{ab}, the derivative by
    entry (a, b) of step i's own copy W_tilde_i of W (the others kept at W), for i = 1..T;
    L(V): the loss with step i's copy
    set to V and every other step at W (so that dL/dW_tilde_i is the derivative of L at
    W_tilde_i = W); J = dW_tilde_i/dW, the identity (W_tilde_i = W).  One step i >= 2 and one entry
    (a, b) per batch.  All derivatives by central differences through the core's forward
    (``_rnn_losses``: every instance and perturbation of a batch in one unrolled pass)."""
    rng = ctx.rng("weight sharing")
    r = ctx.rng("configs")
    dims = [{"m": int(r.integers(1, 4)), "n": int(r.integers(1, 3)), "T": int(r.integers(2, 5))}
            for _ in range(4)]

    def extra(inst):
        m, n, T = inst.dims["m"], inst.dims["n"], inst.dims["T"]
        B = _batch(inst)
        # the loss as a function of step i's copy, for one step i >= 2
        i = int(rng.integers(2, T + 1))
        a, b = (int(rng.integers(1, m + 1)) for _ in range(2))
        W = rng.normal(size=(B, m, m)) / np.sqrt(m)
        V = rng.normal(size=(B, m, n))
        xs = rng.normal(size=(B, T, n))
        c = rng.normal(size=(B, T, m))
        # a nonzero first state (its own stream: the draws above stay as they were): from
        # z_0 = 0 step 1's gradient vanishes, and a sum that leaves step 1 out would pass
        z0 = ctx.rng("first state", B, m, n, T).normal(size=(B, m))
        Vb, xb, cb, zb = V[:, None, None], xs[:, None, None], c[:, None, None], z0[:, None, None]

        def steps(Ws):  # (...) x (m, m) -> the same matrix at every step: (..., T, m, m)
            return np.broadcast_to(Ws[..., None, :, :], Ws.shape[:-2] + (T, m, m))

        # D = dL/dW: every step's matrix moved together, entry by entry (B, 2, m*m, ...)
        Ws = np.stack([_perturbed(W[s], 1e-5) for s in range(B)])
        f = _rnn_losses(steps(Ws), Vb, xb, cb, zb)
        D = ((f[:, 0] - f[:, 1]) / (2 * 1e-5)).reshape(B, m, m)
        # g_k = dL/d(W_tilde_k)_{ab}: step k's copy alone moved by +-1e-5 at (a, b)
        step = np.zeros((m, m))
        step[a - 1, b - 1] = 1e-5
        Us = np.array(np.broadcast_to(W[:, None, None, None], (B, 2, T, T, m, m)))
        for k in range(T):
            Us[:, 0, k, k] = W + step
            Us[:, 1, k, k] = W + -step
        f = _rnn_losses(Us, Vb, xb, cb, zb)
        g = ((f[:, 0] - f[:, 1]) / 2e-5)[..., None]

        def L(data, Vt):
            Us = np.array(steps(W))
            Us[:, i - 1] = np.broadcast_to(Vt.arr, (B, m, m))
            return sval(_rnn_losses(Us, V, xs, c, z0))

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
    differences: dL_s/dy_hat_t (L_s the loss at step s, 0 unless s = t: ``_step_losses``),
    dy_hat_t/dh_s, dh_j/dh_k, dh_i/dtheta, dh_j/da_k, da_j/dh_k, da_i/dtheta (zero unless the
    step's map uses the argument).  One i and one j >= 2 per batch."""
    rng = ctx.rng("bptt example")
    r = ctx.rng("configs")
    dims = [{"T": int(T)} for T in r.integers(2, 6, 6)]
    stmt = _step_losses(stmt)
    stmt = with_derivatives(stmt, {
        ("L", "theta"): "dL_dtheta", ("y_hat", "h"): "dy_dh",
        ("h", "h"): "dh_dh", ("h", "theta"): "dh_dtheta", ("h", "a"): "dh_da",
        ("a", "h"): "da_dh", ("a", "theta"): "da_dtheta"})
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))  # noqa: E731
    eps = 1e-6

    def d(f, x):
        return (f(x + eps) - f(x - eps)) / (2 * eps)

    def extra(inst):
        T = inst.dims["T"]
        B = _batch(inst)
        out = {k: np.zeros((B, T, T)) for k in ("dy_dh", "dh_dh", "dh_da", "da_dh", "dL_dy")}
        out.update({k: np.zeros((B, T, 1)) for k in ("dh_dtheta", "da_dtheta")})
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
                out["dL_dy"][s, t, t] = d(lambda v: (v - y[t]) ** 2, Y[t])  # L_t by y_hat_t
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


def _step_losses(stmt):
    """Every derivative of a step's loss L_s (s a name or a number: L_t, L_i, L_2) by an
    output y_hat_k read as the entry (s, k) of the table dL_dy, which is dL_s/dy_hat_s where
    s = k and 0 elsewhere (the loss of step s does not see another step's output).  So a loss
    written at the wrong step, dL_i/dy_hat_t inside a sum over t, has a value and is decided,
    where as an undeclared name it had none."""
    import sympy as sp

    from cheatsheet.statement import Relation, Statement

    def swap(e):
        names = {s.name: s for s in e.atoms(sp.Symbol)}
        reps = {}
        for der in e.atoms(sp.Derivative):
            if len(der.variables) != 1:
                continue
            top, (var,) = der.expr, der.variables
            if not (isinstance(var, sp.Indexed) and str(var.base.label) == "y_hat"
                    and len(var.indices) == 1):
                continue
            name = getattr(top, "name", None) or type(top).__name__
            if not name.startswith("L_") or (
                    isinstance(top, sp.core.function.AppliedUndef) and top.args != (var,)):
                continue  # not a step's loss, or one of something else than the output
            rest = name[2:]
            step = (sp.Integer(rest) if rest.isdigit()
                    else names.get(rest) if rest.isalnum() else None)
            if step is not None:
                reps[der] = sp.IndexedBase("dL_dy")[step, var.indices[0]]
        return e.xreplace(reps)

    rel = lambda r: Relation(swap(r.lhs), r.op, swap(r.rhs))  # noqa: E731
    return Statement(tuple(rel(r) for r in stmt.relations),
                     None if stmt.expr is None else swap(stmt.expr),
                     tuple(rel(r) for r in stmt.premises), latex=stmt.latex)


def _rnn_chain_factor(e, total: bool = True):
    """A derivative of the RNN's chain rule, as the quantity it is read from: dL/dw -> g,
    dL/dy_hat_t -> a(t), dy_hat_t/dz_t -> b(t), dz_t/dw -> c(t) (the reader writes d and
    partial alike; the claim's note says which one it means).  An output by the state of a
    later step is 0; by the state of an earlier step, dy_hat_t/dz_{t-k}, it is the total
    derivative e_k(t) through the k steps between (``total``) or the immediate partial of
    y_hat_t = psi(W z_t), which is 0 (not ``total``).  A derivative between other quantities
    is left as written and cannot be evaluated."""
    import sympy as sp

    if not isinstance(e, sp.Derivative) or len(e.variables) != 1:
        return None
    top, (var,) = e.expr, e.variables

    def step(x, base):  # the step of y_hat_t / z_t: x[t], or the name y_hat_T of one step
        if isinstance(x, sp.Indexed) and str(x.base) == base and len(x.indices) == 1:
            return x.indices[0]
        name = getattr(x, "name", "")
        if isinstance(x, sp.Symbol) and name.startswith(base + "_") and name[len(base) + 1:].isalnum():
            rest = name[len(base) + 1:]
            return sp.Integer(rest) if rest.isdigit() else sp.Symbol(rest, integer=True, positive=True)
        return None

    # (the loss is L(...) as a function, or the name L where the formula also differentiates
    # by it, dw/dL)
    loss = type(top).__name__ == "L" or getattr(top, "name", None) == "L"
    if loss and getattr(var, "name", None) == "w":
        return sp.Symbol("g")
    if getattr(top, "name", None) == "w" and getattr(var, "name", type(var).__name__) == "L":
        # dw/dL, the fraction written upside down: for one weight and a scalar loss it can
        # only mean the inverse function's derivative, 1/(dL/dw), which the check computes
        return 1 / sp.Symbol("g")
    if loss and step(var, "y_hat") is not None:
        return sp.Function("a")(step(var, "y_hat"))
    t, r = step(top, "y_hat"), step(var, "z")
    if t is not None and r == t:
        return sp.Function("b")(t)
    if t is not None and r is not None and (t - r).is_integer:
        if (t - r).is_negative:  # an output before the state does not depend on it
            return sp.S.Zero
        if (t - r).is_Integer and 0 < t - r <= _LAG:
            return sp.Function(f"e{t - r}")(t) if total else sp.S.Zero
    t = step(top, "z")
    if t is not None and getattr(var, "name", None) == "w":
        return sp.Function("c")(t)
    t = step(var, "z")
    if t is not None and getattr(top, "name", None) == "w":
        # dw/dz_t, upside down: as dw/dL, the inverse's derivative, here along the path the
        # state takes as w moves, the row c(t)^T / |c(t)|^2 (1 / c(t) for a one-entry state)
        return sp.Function("cinv")(t)
    return None


_LAG = 2  # an output's derivative by a state up to this many steps earlier is computed


@register("nn.rnn_total_chain")
def _rnn_total_chain(stmt, ctx):
    """The core's Elman RNN (tanh) with recurrent U (m x m), input V (m x n), a random fixed
    first state z_0, outputs y_hat_t = softplus(W z_t) (W k x m), loss L = sum_{t=1}^T |y_hat_t -
    y_t|^2 / 2 with random targets; w is one random entry of U.  g = dL/dw by central
    differences of the unrolled forward; a(t) = dL/dy_hat_t (1 x k row), b(t) = dy_hat_t/dz_t
    (k x m), c(t) = dz_t/dw the total derivative through the earlier states (central
    differences of the unrolled z_t), d(t) = the one-step partial of z_t in w with z_{t-1} held
    fixed (a wrong variant's factor).  z_0 is not 0: from z_0 = 0 step 1's dz_1/dw vanishes
    and a sum that leaves step 1 out would pass.  The tables run from step 0 to T + 1 (one more
    input): the loss has no term at those two steps, so a is 0 there, and z_0 is fixed, so c
    and d are 0 at step 0; a sum written from 0 or to T + 1 adds terms that vanish, while an
    output read one step off (dL/dy_hat_{t-1}) reads a real step.  The derivatives a formula
    writes are read as these quantities (``_rnn_chain_factor``)."""
    from .theory import replace

    both = replace(stmt, _rnn_chain_factor), replace(stmt, lambda e: _rnn_chain_factor(e, False))
    stmt = both[0]
    rng = ctx.rng("rnn")
    r = ctx.rng("configs")
    dims = [{"m": int(r.integers(2, 4)), "n": int(r.integers(1, 3)), "k": int(r.integers(1, 3)),
             "T": int(r.integers(2, 5))} for _ in range(4)]
    h = 1e-5

    def extra(inst):
        m, n, k, T = (inst.dims[x] for x in ("m", "n", "k", "T"))
        B = _batch(inst)
        out = {"a": np.zeros((B, T + 2, 1, k)), "b": np.zeros((B, T + 2, k, m)),
               "c": np.zeros((B, T + 2, m, 1)), "d": np.zeros((B, T + 2, m, 1))}
        g = np.zeros(B)
        jac = np.zeros((B, T + 2, m, m))  # dz_t/dz_{t-1} = diag(1 - z_t^2) U (none at step 0)
        # the first state and the extra input on their own stream: the draws below stay as
        # they were
        more = ctx.rng("rnn first state and one more input", B, m, n, k, T)
        for s in range(B):
            U = rng.normal(size=(m, m)) / np.sqrt(m)
            V, W = rng.normal(size=(m, n)), rng.normal(size=(k, m))
            xs, ys = rng.normal(size=(T, n)), rng.normal(size=(T, k))
            i, j = rng.integers(0, m, 2)
            E = np.zeros((m, m))
            E[i, j] = 1.0
            z0 = more.normal(size=m)
            xs = np.vstack([xs, more.normal(size=(1, n))])  # x_{T+1}: the loss does not see it
            zs = np.vstack([z0[None], _rnn_unroll(U, V, xs, z0)])  # z_0 .. z_{T+1}
            loss = lambda UU: 0.5 * float(np.sum((_softplus(_rnn_unroll(UU, V, xs[:T], z0) @ W.T) - ys) ** 2))  # noqa: E731
            g[s] = (loss(U + h * E) - loss(U - h * E)) / (2 * h)
            dz = (_rnn_unroll(U + h * E, V, xs, z0) - _rnn_unroll(U - h * E, V, xs, z0)) / (2 * h)
            for t in range(T + 2):
                pre = W @ zs[t]
                if 1 <= t <= T:
                    out["a"][s, t, 0] = _softplus(pre) - ys[t - 1]
                out["b"][s, t] = (0.5 * (1 + np.tanh(pre / 2)))[:, None] * W
                if t:
                    jac[s, t] = (1 - zs[t] ** 2)[:, None] * U
                    out["c"][s, t, :, 0] = dz[t - 1]
                    out["d"][s, t, i, 0] = (1 - zs[t, i] ** 2) * zs[t - 1, j]
        with np.errstate(all="ignore"):  # none at step 0, where z_0 does not move with w
            norm2 = np.sum(out["c"] ** 2, axis=(2, 3), keepdims=True)
            out["cinv"] = np.swapaxes(out["c"], 2, 3) / np.where(norm2 > 0, norm2, np.nan)
        for name, what in (("a", "dL/dy_hat_t"), ("b", "dy_hat_t/dz_t"),
                           ("c", "dz_t/dw through the unrolled recurrence"),
                           ("cinv", "dw/dz_t, the inverse's derivative along the state's path"),
                           ("d", "one-step partial of z_t in w (z_{t-1} fixed)")):
            inst.functions[name] = _time_fn(name, what, 0)({name: out[name]})
        for lag in range(1, _LAG + 1):  # e_k(t) = b(t) J_t J_{t-1} ... J_{t-k+1}
            e = np.full_like(out["b"], np.nan)  # none before step k: no state before z_0
            for t in range(lag, T + 2):
                e[:, t] = out["b"][:, t]
                for q in range(t, t - lag, -1):
                    e[:, t] = e[:, t] @ jac[:, q]
            inst.functions[f"e{lag}"] = _time_fn(
                f"e{lag}", f"dy_hat_t/dz_(t-{lag}) through the recurrence", 0)({f"e{lag}": e})
        return {"g": sval(g)}

    if both[0] == both[1]:
        return ctx.numeric(stmt, extra=extra, dims=dims)
    return _either_reading(ctx.numeric(both[0], extra=extra, dims=dims),
                           ctx.numeric(both[1], extra=extra, dims=dims))


def _either_reading(total, partial):
    """One verdict from the two readings of dy_hat_t/dz_{t-k} (alternatives.over_readings): a
    refutation needs both refuted; where one holds and the other fails the line is undecided
    and says both."""
    from ..alternatives import over_readings

    return over_readings("the total derivative through the states", total,
                         [("the immediate partial", partial)],
                         of="an output's derivative by an earlier state")


# the runs behind v(r) go on _PAST steps after s, so a product written up to s + 1 reads the step
# the network would really take next (a value, not an index error or a zero)
_PAST = 2


@register("nn.rnn_jacobian_bound")
def _rnn_jacobian_bound(stmt, ctx):
    """The core's Elman RNN (tanh) with recurrent matrix W (the declared square(m), scaled by a
    random factor in [0.3, 3] per trial so both contracting and expanding W occur) and a random
    input matrix, run over s steps; v(r) = tanh'(pre-activation of z^r) = 1 - (z^r)^2, whose
    diagonal matrix diag(v(r)) is the sheets' S(z^r) (a matrix, so it keeps its place in the
    product).  A third of the runs are the bound's worst case: W a multiple of an orthogonal
    matrix (every singular value ||W||_2) and inputs so small that tanh is nearly linear
    (v(r) ~ 1), so the product's norm is ||W||_2 to the number of its factors: random W stays
    far below the bound and would let a product with one factor too many pass."""
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
        tight = ctx.rng("rnn tight", B, m, s)  # its own stream: the other runs stay as they were
        worst = tight.random(B) < 1 / 3
        q, _ = np.linalg.qr(tight.normal(size=(B, m, m)))
        W = np.where(worst[:, None, None],
                     q * np.linalg.norm(W, 2, axis=(-2, -1))[:, None, None], W)
        S = np.zeros((B, s + _PAST, m, 1))
        for b in range(B):
            V = rng.normal(size=(m, 2)) * (1e-4 if worst[b] else 1.0)
            zs = _rnn_unroll(W[b], V, rng.normal(size=(s, 2)), np.zeros(m))
            later = _rnn_unroll(W[b], V, rng.normal(size=(_PAST, 2)), zs[-1])
            S[b] = (1 - np.vstack([zs, later]) ** 2)[:, :, None]
        inst.functions["v"] = _time_fn("v", "1 - (z^r)^2: tanh' along the core's RNN run")({"v": S})
        return {"W": mval(W)}

    # a premise over every step r (||v(r)||_inf <= 1) holds by construction here (v = 1 - z^2
    # in (0, 1]) and names no value of the instance: it narrows nothing and is left out
    steps = {d.name for d in ctx.decls if d.domain == "index"}
    premises = tuple(a for a in ctx.options.assume
                     if not ({x.name for x in sp.sympify(a.lhs - a.rhs).free_symbols
                              if hasattr(x, "name")} & steps))
    return ctx.numeric(stmt, extra=extra, dims=dims, assume=premises)


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
        S = np.zeros((B, s + _PAST, m, 1))
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
            later = _rnn_unroll(W, U, rng.normal(size=(_PAST, n)), zs[-1])
            S[b] = (1 - np.vstack([zs, later]) ** 2)[:, :, None]
        inst.functions["v"] = _time_fn("v", "1 - (z^r)^2: tanh' along the core's RNN run")({"v": S})
        return {k: mval(v) for k, v in out.items()}

    return ctx.numeric(stmt, extra=extra, dims=dims)
