"""Custom checks of the recurrent cells on the NumPy core: RNN, LSTM and GRU steps written as one
line or one gate per line (every state member the formula names valued along one run of the cell),
a bidirectional layer's output, the cost of a recurrent layer and its parameter counts.
"""
from __future__ import annotations

import numpy as np

from cheatsheet import nn

from ..custom import register
from ..trajectory import member, offsets_used
from .nn import _configs, arr, elementwise, ints, mval, sval
from .rnn_unroll import _rnn_unroll, _softplus

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
