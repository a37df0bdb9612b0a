"""Custom checks of the recurrent-network claims on the NumPy core: RNN, LSTM and GRU steps,
linear recurrences and LRU eigenvalues, backpropagation through time (per-step copies of shared
weights, gradient flow, the path sum), step-Jacobian bounds, bidirectional outputs and costs.
"""
from __future__ import annotations

import numpy as np

from cheatsheet import nn

from ..custom import register
from ..evaluate import Val
from ..trajectory import member, offsets_used
from .nn import (Injected, _batch, _configs, _fd, _time_fn, arr, elementwise, ints, mval, sval,
                 with_derivatives)

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
    non-linearity) = softplus and y_hat_t = psi(W_out z_t) with the declared matrix(k, m).
    Every member of z, y_hat and x the formula names has its value along one run of the cell
    (``_run_cell``), with the same matrices at every step."""
    rec = _by_domain(ctx, stmt, "square", ("m",))
    inp = _by_domain(ctx, stmt, "matrix", ("m", "n"))
    outm = _by_domain(ctx, stmt, "matrix", ("k", "m"))

    def step(path, k):
        inst = path.inst
        inst.functions["phi"] = elementwise(np.tanh, "tanh")
        inst.functions["psi"] = elementwise(lambda s: np.logaddexp(0, s), "softplus")
        x, z0 = path.fresh("x", k)[..., 0], path["z", k - 1][..., 0]
        U, V = arr(inst, rec), arr(inst, inp)
        z = np.stack([nn.rnn_cell(a[None], b[None], v, u)[0] for a, b, u, v in zip(x, z0, U, V)])
        path["z", k] = z[..., None]
        if outm is not None:
            path["y_hat", k] = np.logaddexp(0, arr(inst, outm) @ z[..., None])

    return _run_cell(stmt, ctx, ("z",), ("y_hat",) if outm is not None else (), step)


def _cell_configs(ctx, count=8):
    return _configs(ctx.rng("configs"), count, n=(1, 3), m=(1, 3), k=lambda c: c["n"] + c["m"])


_GATES = {"forget": ("F",), "input": ("G", "I_tilde"), "cand": ("V", "C_tilde"),
          "output": ("H", "O_tilde")}


@register("nn.lstm_cell")
def _lstm(stmt, ctx):
    """C_t, z_t: the core's LSTM cell on x_t, (z_{t-1}, C_{t-1}); the gate matrices act on
    x_tilde = [x_t, z_{t-1}] (length k = n + m) and are split into the core's input and hidden
    weights (torch gate order i, f, g, o).  Every member of C, z and x the formula names has its
    value along one run of the cell (``_run_cell``), the same matrices at every step; x_tilde,
    written without a step, is taken at the step of the latest state the formula names."""
    used = names_in(stmt)
    names = {g: next((n for n in opts if n in used),
                     next((n for n in opts if n in ctx.decls), None))
             for g, opts in _GATES.items()}
    offs = [o for o_s in offsets_used(used, {"z", "C"}).values() for o in o_s]
    here = max(offs) if offs else 0

    def step(path, k):
        inst = path.inst
        x = path.fresh("x", k)[..., 0]
        z0, c0 = path["z", k - 1][..., 0], path["C", k - 1][..., 0]
        n = x.shape[-1]
        Ws = [arr(inst, names[g]) for g in ("input", "forget", "cand", "output")]
        zs, cs = [], []
        for t in range(x.shape[0]):
            w = np.concatenate([W[t] for W in Ws], axis=0)  # (4m, n + m)
            h, c = nn.lstm_cell(x[t][None], (z0[t][None], c0[t][None]), w[:, :n], w[:, n:])
            zs.append(h[0])
            cs.append(c[0])
        path["z", k] = np.array(zs)[..., None]
        path["C", k] = np.array(cs)[..., None]
        path["xcat", k] = np.concatenate([x, z0], axis=-1)[..., None]

    def at_step(vals):
        out = {k: v for k, v in vals.items() if not k.startswith("xcat")}
        out["x_tilde"] = vals[member("xcat", here)]
        return out

    return _run_cell(stmt, ctx, ("z", "C"), ("xcat",), step, finish=at_step, last=here,
                     dims=_cell_configs(ctx))


def _gru_check(old_gate: str):
    """z_t: the core's GRU cell on x_t (length p) and z_{t-1} (length n).  ``old_gate`` names the
    matrix of the gate that keeps the old state: "U" (u_t = sigma(U x_tilde) weights z_{t-1}, the
    PyTorch convention) or "-G" (Gamma_u = sigma(G x_tilde) weights the candidate, so the core's
    update weights are -G).  z_tilde_t: the core cell's candidate (the cell run with the update
    gate shut); the reset-gate weights are random, the same at every step.  Every member of z,
    z_tilde, u and x the formula names has its value along one run of the cell
    (``_run_cell``); Gamma_u and x_tilde, written without a step, are taken at the step of the
    latest state the formula names (the one it updates)."""

    gate = old_gate.lstrip("-")
    sign = -1.0 if old_gate.startswith("-") else 1.0

    def check(stmt, ctx):
        weights = {}
        used = names_in(stmt)
        offs = [o for fam, o_s in offsets_used(used, {"z", "z_tilde", "u"}).items() for o in o_s]
        here = max(offs) if offs else 0

        def step(path, k):
            Gm = arr(path.inst, gate)
            x = path.fresh("x", k)[..., 0]
            z0 = path["z", k - 1][..., 0]
            T, n = z0.shape
            p = x.shape[-1]
            if (T, n, p) not in weights:
                r = ctx.rng("gru weights", p, n)
                weights[(T, n, p)] = [[r.normal(size=sh) for sh in ((n, p), (n, n), (n, p), (n, n))]
                                      for _ in range(T)]
            zs, cands, gates, xts = [], [], [], []
            for t in range(T):
                wr_i, wr_h, wn_i, wn_h = weights[(T, n, p)][t]
                w_ih = np.concatenate([wr_i, sign * Gm[t][:, :p], wn_i])
                w_hh = np.concatenate([wr_h, sign * Gm[t][:, p:], wn_h])
                zs.append(nn.gru_cell(x[t][None], z0[t][None], w_ih, w_hh)[0])
                shut = np.concatenate([np.zeros(n), np.full(n, -1e4), np.zeros(n)])
                cands.append(nn.gru_cell(x[t][None], z0[t][None], w_ih, w_hh, b_ih=shut)[0])
                xt = np.concatenate([x[t], z0[t]])
                gates.append(0.5 * (1 + np.tanh(0.5 * (Gm[t] @ xt))))
                xts.append(xt)
            path["z", k] = np.array(zs)[..., None]
            path["z_tilde", k] = np.array(cands)[..., None]
            path["u", k] = np.array(gates)[..., None]
            path["xcat", k] = np.array(xts)[..., None]

        def at_step(vals):
            out = {k: v for k, v in vals.items() if not k.startswith("xcat")}
            key = member("xcat", here)
            if key in vals:
                out["x_tilde"] = vals[key]
                if old_gate != "U":
                    out["Gamma_u"] = vals[member("u", here)]
            return out

        cfgs = _configs(ctx.rng("configs"), 8, n=(1, 3), p=(1, 3), k=lambda c: c["n"] + c["p"])
        return _run_cell(stmt, ctx, ("z",), ("z_tilde", "u", "xcat"), step,
                         finish=at_step, last=here, dims=cfgs)

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


def _rnn_states(Us, V, xs, z0):
    """The states of the Elman cell (tanh) from z0 with a recurrent matrix of its own for every
    step, for a stack of instances at once: Us (..., T, m, m) (Us[..., t] at step t), V (..., m, n),
    xs (..., T, n), z0 (..., m); returns (..., T, m).  Each step is the core's ``nn.rnn_cell``
    product for product (x V^T + z U^T, then tanh), batched with one matrix per instance, which
    rnn_cell (one weight matrix per call) cannot do: called instance by instance and perturbation
    by perturbation, nn.rnn_weight_sharing and nn.bptt cost ~0.75 s of every cold verify."""
    z = np.asarray(z0)[..., None, :]
    zs = []
    for t in range(xs.shape[-2]):
        z = np.tanh(xs[..., t, None, :] @ np.swapaxes(V, -1, -2)
                    + z @ np.swapaxes(Us[..., t, :, :], -1, -2))
        zs.append(z[..., 0, :])
    if not zs:
        return np.zeros(np.broadcast_shapes(z.shape[:-2], xs.shape[:-2]) + (0, z.shape[-1]))
    return np.stack(zs, axis=-2)


def _rnn_losses_of(zs, c):
    """``_rnn_loss`` of a stack of state sequences zs (..., T, m); returns (...).  Each sum runs
    over the T * m values of one sequence as one flat row, in the order ``_rnn_loss`` adds them
    (a sum over two axes may pair them otherwise and differ in the last bit)."""
    def flat_sum(a):
        a = np.ascontiguousarray(a)
        return a.reshape(a.shape[:-2] + (-1,)).sum(axis=-1)

    return flat_sum(c * np.tanh(zs)) + 0.5 * flat_sum(zs ** 2)


def _rnn_losses(Us, V, xs, c, z0=None):
    """``_rnn_loss`` of ``_rnn_states`` from z0 (default 0), for a stack of instances
    (c (..., T, m))."""
    z0 = np.zeros(Us.shape[-1]) if z0 is None else z0
    return _rnn_losses_of(_rnn_states(Us, V, xs, z0), c)


def _perturbed(a, eps):
    """a + d and a - d for every d that is eps at one entry of a and 0 elsewhere, in the order of
    ``np.ndindex(a.shape)``: (2, entries, *a.shape), the central differences of ``_fd`` at once."""
    d = np.zeros((a.size,) + a.shape)
    d.reshape(a.size, a.size)[np.arange(a.size), np.arange(a.size)] = eps
    return np.stack([a + d, a - d])


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

def _softplus(s):
    return np.logaddexp(0.0, s)


def _rnn_chain_factor(e):
    """A derivative of the RNN's chain rule, as the quantity it is read from: dL/dw -> g,
    dL/dy_hat_t -> a(t), dy_hat_t/dz_t -> b(t), dz_t/dw -> c(t) (the reader writes d and
    partial alike; the claim's note says which one it means).  A derivative between other
    quantities (another step's state, say) is left as written and cannot be evaluated."""
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
    t = step(top, "y_hat")
    if t is not None and step(var, "z") == t:
        return sp.Function("b")(t)
    t = step(top, "z")
    if t is not None and getattr(var, "name", None) == "w":
        return sp.Function("c")(t)
    return None


@register("nn.rnn_total_chain")
def _rnn_total_chain(stmt, ctx):
    """The core's Elman RNN (tanh) with recurrent U (m x m), input V (m x n), z_0 = 0, outputs
    y_hat_t = softplus(W z_t) (W k x m), loss L = sum_t |y_hat_t - y_t|^2 / 2 with random
    targets; w is one random entry of U.  g = dL/dw by central differences of the unrolled
    forward; a(t) = dL/dy_hat_t (1 x k row), b(t) = dy_hat_t/dz_t (k x m), c(t) = dz_t/dw the
    total derivative through the earlier states (central differences of the unrolled z_t),
    d(t) = the one-step partial of z_t in w with z_{t-1} held fixed (a wrong variant's factor);
    c and d are 0 at step 0 (z_0 is fixed), a and b exist from step 1 (the first output).
    The derivatives a formula writes are read as these quantities (``_rnn_chain_factor``)."""
    from .theory import replace

    stmt = replace(stmt, _rnn_chain_factor)
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
            tab, first = out[name], 1
            if name in ("c", "d"):  # z_0 is fixed: its derivatives in w are 0 (step 0)
                tab, first = np.concatenate([np.zeros_like(tab[:, :1]), tab], axis=1), 0
            inst.functions[name] = _time_fn(name, what, first)({name: tab})
        return {"g": sval(g)}

    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("nn.birnn")
def _birnn(stmt, ctx):
    """A bidirectional Elman RNN of the core: the forward cell runs over x_1..x_T, the backward
    cell (its own weights) over x_T..x_1; at a random step t, z_f and z_b are the two states
    after reading x_t.  y_hat: the output layer of a bidirectional RNN as frameworks build it,
    one matrix [W, W_tilde] (k x 2m) applied to the concatenated states, then psi = softplus.
    An output at another step (y_hat_{t-1}) is that step's output on the same run (none before
    the first step or after the last), so a left side at the wrong step is refuted."""
    rng = ctx.rng("birnn")
    names = {getattr(x, "name", str(x)) for x in stmt.free_symbols}
    near = sorted(offsets_used(names, {"y_hat"}).get("y_hat", set()) - {0})

    def extra(inst):
        W, Wt = arr(inst, "W"), arr(inst, "W_tilde")
        B, k, m = W.shape
        n, T = 2, 4
        zf, zb, y = np.zeros((B, m, 1)), np.zeros((B, m, 1)), np.zeros((B, k, 1))
        other = {o: np.full((B, k, 1), np.nan) for o in near}
        for s in range(B):
            xs = rng.normal(size=(T, n))
            Uf, Ub = rng.normal(size=(2, m, m)) / np.sqrt(m)
            Vf, Vb = rng.normal(size=(2, m, n))
            fwd = _rnn_unroll(Uf, Vf, xs, np.zeros(m))
            bwd = _rnn_unroll(Ub, Vb, xs[::-1], np.zeros(m))[::-1]
            t = rng.integers(0, T)
            zf[s, :, 0], zb[s, :, 0] = fwd[t], bwd[t]
            out = np.concatenate([W[s], Wt[s]], axis=1)
            y[s, :, 0] = _softplus(out @ np.concatenate([fwd[t], bwd[t]]))
            for o in near:
                if 0 <= t + o < T:
                    other[o][s, :, 0] = _softplus(out @ np.concatenate([fwd[t + o], bwd[t + o]]))
        inst.functions["psi"] = elementwise(_softplus, "softplus")
        return {"z_f": mval(zf), "z_b": mval(zb), "y_hat_t": mval(y),
                **{member("y_hat", o): mval(v) for o, v in other.items()}}

    return ctx.numeric(stmt, extra=extra)


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

# -- linear recurrence, sequence probabilities, language-model perplexity -----------------------

@register("nn.linear_recurrence")
def _linear_recurrence(stmt, ctx):
    """A = P diag(lambda) P^{-1} with a random well-conditioned P and real eigenvalues
    lambda = the core's lru_eigenvalues(nu, 0) in (0, 1); z_{t+1} is the core's lru run for one
    step in the eigenbasis (h0 = P^{-1} z_t, b = P^{-1} B, c = P), i.e. mapped back by P.
    Every member of z and x the formula names has its value along one run of that recurrence
    (the same A and B at every step; verify/trajectory.py)."""
    from ..trajectory import Recurrence

    rng = ctx.rng("lru")
    walk = ctx.rng("trajectory")
    used = names_in(stmt)

    def extra(inst):
        z, B = arr(inst, "z_t")[..., 0], arr(inst, "B")
        T, m = z.shape
        A, Ps, nus = np.empty((T, m, m)), [], []
        for s in range(T):
            P = np.eye(m) + 0.4 * rng.normal(size=(m, m)) / np.sqrt(m)
            nu = rng.uniform(-3.0, 1.0, m)
            lam = nn.lru_eigenvalues(nu, np.zeros(m)).real
            A[s] = P @ np.diag(lam) @ np.linalg.inv(P)
            Ps.append(P)
            nus.append(nu)

        def step(path, k):
            zk, xk = path["z", k][..., 0], path.fresh("x", k)[..., 0]
            zn = np.empty((T, m))
            for s in range(T):
                P, Pi = Ps[s], np.linalg.inv(Ps[s])
                zn[s] = nn.lru(xk[s][None, None], nus[s], np.zeros(m), Pi @ B[s], P,
                               h0=(Pi @ zk[s])[None])[0, 0]
            path["z", k + 1] = zn[..., None]

        rec = Recurrence(state={"z": (0,)}, lead={"z": 1, "x": 0}, step=step,
                         matrix=frozenset({"z", "x"}))
        return {"A": mval(A), **rec.members(inst, used, walk)}

    return ctx.numeric(stmt, extra=extra)


# -- cells in gate notation, along one run of the recurrence ------------------------------------
# A sheet writes an LSTM or GRU one gate per line (f_t = sigma(W_f x_t + U_f h_{t-1} + b_f)).
# Every member of a family the formula names (h_{t-2}, c_{t+1}, tilde h_{t-1}, x_{t-1}) gets its
# value along one run of the cell (verify/trajectory.py): the sampled state h_{t-1}, c_{t-1} is
# moved to the earliest step the formula needs, inputs of other steps are fresh draws, the
# weights are the same at every step.  A member written at the wrong step is then refuted.

_BIG = 1e4  # a pre-activation that saturates a gate exactly in floating point


def _run_cell(stmt, ctx, state, outputs, step_fn, finish=None, last=0, dims=None):
    """ctx.numeric with every member of ``state`` (drawn at offset -1) and ``outputs`` (written
    by each step) valued along one run; ``step_fn(path, k)`` writes step k's members, the run
    reaches at least step ``last``, and ``finish`` may turn the members into the values the
    formula needs (names written without a step)."""
    from ..trajectory import Recurrence

    used = names_in(stmt)
    if last:  # a name the run must reach although the formula does not write it with a step
        used = used | {member(outputs[0], last)}
    rng = ctx.rng("trajectory")
    fams = frozenset(state) | frozenset(outputs) | {"x"}
    rec = Recurrence(state={s: (-1,) for s in state},
                     lead={f: 0 for f in fams}, step=step_fn, matrix=fams)

    def extra(inst):
        vals = rec.members(inst, used, rng)
        return finish(vals) if finish else vals

    return ctx.numeric(stmt, extra=extra, dims=dims)


@register("nn.lstm_gates")
def _lstm_gates(stmt, ctx):
    """h_t, c_t: the core's lstm_cell on x_t, (h_{t-1}, c_{t-1}) with input weights W_*,
    recurrent weights U_*, biases b_* (torch gate order i, f, candidate c, o).  The gates are read
    off the core by probing it, not computed from the formula: f_t = c_t(c_{t-1} = 1) -
    c_t(c_{t-1} = 0); i_t = c_t(c_{t-1} = 0) with the candidate saturated at 1; tilde c_t the
    same with the input gate saturated; o_t = h_t with the forget gate saturated and c_{t-1} =
    100 (tanh(c_t) = 1)."""

    def step(path, k):
        inst = path.inst
        W = np.concatenate([arr(inst, f"W_{g}") for g in "ifco"], axis=1)
        U = np.concatenate([arr(inst, f"U_{g}") for g in "ifco"], axis=1)
        b = np.concatenate([arr(inst, f"b_{g}")[..., 0] for g in "ifco"], axis=1)
        x = path.fresh("x", k)[..., 0]
        h, c = path["h", k - 1][..., 0], path["c", k - 1][..., 0]
        T, m = h.shape
        out = {n: np.empty((T, m)) for n in ("h", "c", "f", "i", "o", "c_tilde")}

        def shift(block):
            s = np.zeros(4 * m)
            s["ifco".index(block) * m:("ifco".index(block) + 1) * m] = _BIG
            return s

        for t in range(T):
            def run(c_prev, bias_shift=0.0):
                return nn.lstm_cell(x[t][None], (h[t][None], c_prev[None]), W[t], U[t],
                                    b_ih=b[t] + bias_shift)

            out["h"][t], out["c"][t] = (a[0] for a in run(c[t]))
            zero, one = np.zeros(m), np.ones(m)
            out["f"][t] = run(one)[1][0] - run(zero)[1][0]
            out["i"][t] = run(zero, shift("c"))[1][0]
            out["c_tilde"][t] = run(zero, shift("i"))[1][0]
            out["o"][t] = run(100 * one, shift("f"))[0][0]
        for n, v in out.items():
            path[n, k] = v[..., None]

    return _run_cell(stmt, ctx, ("h", "c"), ("f", "i", "o", "c_tilde"), step)


def _gru_gates(keeps_old: bool):
    """h_t: the core's gru_cell on x_t and h_{t-1}; its update gate is built from W_z, U_z, b_z:
    z_t = sigma(W_z x_t + U_z h_{t-1} + b_z) is read off the core as the weight its output gives
    h_{t-1} (``keeps_old``, the PyTorch convention) or the candidate (the core's update weights
    are then -W_z, -U_z, -b_z); tilde h_t is the core cell's output with the update gate shut.
    The reset and candidate weights are random, the same at every step of a run."""

    def check(stmt, ctx):
        sign = 1.0 if keeps_old else -1.0
        weights = {}

        def step(path, k):
            inst = path.inst
            Wz, Uz, bz = arr(inst, "W_z"), arr(inst, "U_z"), arr(inst, "b_z")[..., 0]
            x = path.fresh("x", k)[..., 0]
            h = path["h", k - 1][..., 0]
            T, n = h.shape
            p = x.shape[-1]
            if (T, n, p) not in weights:  # the same reset/candidate weights at every step
                r = ctx.rng("gru weights", n, p)
                weights[(T, n, p)] = [[r.normal(size=s) for s in ((n, p), (n, n), (n, p), (n, n))]
                                      for _ in range(T)]
            out = {q: np.empty((T, n)) for q in ("h", "h_tilde", "z")}
            for t in range(T):
                wr_i, wr_h, wn_i, wn_h = weights[(T, n, p)][t]
                w_ih = np.concatenate([wr_i, sign * Wz[t], wn_i])
                w_hh = np.concatenate([wr_h, sign * Uz[t], wn_h])
                b_ih = np.concatenate([np.zeros(n), sign * bz[t], np.zeros(n)])

                def run(z_shift=0.0, n_shift=0.0):
                    shift = np.concatenate([np.zeros(n), np.full(n, z_shift), np.full(n, n_shift)])
                    return nn.gru_cell(x[t][None], h[t][None], w_ih, w_hh, b_ih=b_ih + shift)[0]

                out["h"][t] = run()
                out["h_tilde"][t] = run(z_shift=-_BIG)  # update gate shut: the candidate
                # the weight the core gives h_{t-1}: with the candidate saturated at +1 and -1
                # the output moves by 2 (1 - keep)
                keep = 1 - (run(n_shift=_BIG) - run(n_shift=-_BIG)) / 2
                out["z"][t] = keep if keeps_old else 1 - keep
            for q, v in out.items():
                path[q, k] = v[..., None]

        return _run_cell(stmt, ctx, ("h",), ("h_tilde", "z"), step)

    return check


register("nn.gru_gates")(_gru_gates(keeps_old=False))
register("nn.gru_gates_keep")(_gru_gates(keeps_old=True))


# -- parameter counts of recurrent layers ---------------------------------------------------------

_CELLS = {"rnn": (1, nn.rnn_cell), "gru": (3, nn.gru_cell), "lstm": (4, nn.lstm_cell)}


def _params_check(kind: str, biases: int):
    """N: the weights and biases of one layer of the core's ``kind`` cell with input size n_x
    and hidden size n_h, counted on the arrays the cell is run with (gates x (n_h x n_x) input
    weights, gates x (n_h x n_h) recurrent weights, ``biases`` bias vectors of gates x n_h: one
    as in Keras, two as in PyTorch and cuDNN)."""
    gates, cell = _CELLS[kind]

    def count(n_h: int, n_x: int) -> int:
        w_ih, w_hh = np.zeros((gates * n_h, n_x)), np.zeros((gates * n_h, n_h))
        bs = [np.zeros(gates * n_h) for _ in range(biases)]
        h = np.zeros((1, n_h))
        state = (h, h) if kind == "lstm" else h
        cell(np.zeros((1, n_x)), state, w_ih, w_hh, *bs)  # the arrays fit the cell
        return w_ih.size + w_hh.size + sum(b.size for b in bs)

    def check(stmt, ctx):
        def extra(inst):
            nh, nx = ints(inst, "n_h"), ints(inst, "n_x")
            return {"N": sval([count(int(a), int(b)) for a, b in zip(nh, nx)])}

        return ctx.numeric(stmt, extra=extra)

    return check


for _kind in _CELLS:
    register(f"nn.params_{_kind}")(_params_check(_kind, 1))
    register(f"nn.params_{_kind}_two_biases")(_params_check(_kind, 2))
