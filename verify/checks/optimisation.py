"""Custom checks of the optimisation and classic-model claims.

Most checks follow one pattern: simulate what the formula talks about (an optimiser run from a
random state, a schedule from eta_0, a gradient-descent run on a random function of a known
class) with a reference implementation written here, hand the simulated quantities to the
statement as extra values, and let the standard numeric comparison decide the sheet's formula
on them.  So the same check decides the canonical form and every sheet variant, and a wrong
variant is refuted by a printed instance.  Optimisers are recurrences (verify/trajectory.py):
every member the formula names (theta_{t-1}, m_{t+1}, g_t) gets its value on one run, and a
formula refuted as written is tried in the update's other indexings and conventions.

Conventions: iterates are scalars where the optimiser is elementwise (Adam, RMSProp, AdaGrad,
momentum...), so one trial is one coordinate; gradients of a declared ``function`` are taken by
the same central difference the evaluator uses, so the reference and the formula see the same
numbers.  epsilon-type constants are declared tiny (as in practice), which makes the placement
of epsilon (inside or outside the root) immaterial, as it is between implementations.
"""
from __future__ import annotations

import math

import numpy as np

from ..custom import register
from ..evaluate import Val
from ..evidence import Evidence
from .. import trajectory
from ..trajectory import Recurrence

H = 1e-5  # the evaluator's finite-difference step


# ---------------------------------------------------------------- helpers -----------------------

def _num(inst, name):
    return inst.values[name].arr


def _grad1(fn, x: np.ndarray) -> np.ndarray:
    """d fn / dx by the evaluator's central difference (same float operations)."""
    up = fn(Val(x + H)).arr
    down = fn(Val(x - H)).arr
    return (up + (-1.0) * down) * (1.0 / (2 * H))


def _names(stmt) -> set[str]:
    out = set()
    for s in stmt.free_symbols:
        out.add(getattr(s, "name", str(s)))
    return out


def _lr(inst, used):
    for k in ("eta", "alpha"):
        if k in used and k in inst.values:
            return _num(inst, k)
    return _num(inst, "eta") if "eta" in inst.values else _num(inst, "alpha")


def _run_check(name, rec):
    """Register a check that gives every member of the recurrence's families the formula names
    a value along one run of ``rec`` (verify/trajectory.py), then compares numerically."""

    @register(name)
    def _check(stmt, ctx):
        return trajectory.decide(rec, stmt, ctx, _names(stmt))

    return _check


def _step_check(name, ref):
    """Register a check that compares the statement with one reference step (no family)."""

    @register(name)
    def _check(stmt, ctx):
        used = _names(stmt)
        return ctx.numeric(stmt, extra=lambda inst: ref(inst, used))

    return _check


# ------------------------------------------------------- optimiser steps (scalar coordinates) ---
# Each optimiser is a recurrence over the steps t + k (verify/trajectory.py): the step function
# writes what step k computes from the members before it, so theta_{t-1}, m_{t+1}, ... have
# the values one run gives them.

def _grad_at(p, x, fn="J"):
    return _grad1(p.inst.functions[fn], x)


def _gd_step(p, k):
    th = p["theta", k]
    p["theta", k + 1] = th - _lr(p.inst, p.names) * _grad_at(p, th)


def _momentum_step(p, k):
    th, prev = p["theta", k], p["theta", k - 1]
    p["theta", k + 1] = th - _lr(p.inst, p.names) * _grad_at(p, th) + _num(p.inst, "beta") * (th - prev)


def _nesterov_step(p, k):
    th, prev = p["theta", k], p["theta", k - 1]
    look = th + _num(p.inst, "beta") * (th - prev)
    p["theta_bar", k + 1] = look
    p["theta", k + 1] = look - _lr(p.inst, p.names) * _grad_at(p, look)


def _adagrad_step(p, k):
    th = p["theta", k]
    g = _grad_at(p, th)
    acc = p["gamma", k - 1] + g * g
    p["gamma", k] = acc
    p["theta", k + 1] = th - _lr(p.inst, p.names) / np.sqrt(acc + _num(p.inst, "epsilon")) * g


def _rmsprop_step(p, k):
    th = p["theta", k]
    g = _grad_at(p, th)
    beta = _num(p.inst, "beta")
    s = beta * p["s", k - 1] + (1 - beta) * g * g
    p["s", k] = s
    p["theta", k + 1] = th - _lr(p.inst, p.names) / (np.sqrt(s) + _num(p.inst, "epsilon")) * g


def _adam_step(p, k):
    """Kingma & Ba (2015), Algorithm 1, at step counter t + k."""
    th = p["theta", k]
    g = _grad_at(p, th)
    b1, b2, t = _num(p.inst, "beta_1"), _num(p.inst, "beta_2"), p.count(k)
    m = b1 * p["m", k - 1] + (1 - b1) * g
    v = b2 * p["v", k - 1] + (1 - b2) * g * g
    with np.errstate(all="ignore"):  # a counter of 0 (t + k = 0) has no bias correction
        mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
    p["m", k], p["v", k], p["m_hat", k], p["v_hat", k] = m, v, mh, vh
    p["theta", k + 1] = th - _lr(p.inst, p.names) * mh / (np.sqrt(vh) + _num(p.inst, "epsilon"))


def _signsgd_step(p, k):
    th = p["theta", k]
    p["theta", k + 1] = th - _lr(p.inst, p.names) * np.sign(_grad_at(p, th, "f_i_k"))


def _svrg_step(p, k):
    th, snap = p["theta", k], _num(p.inst, "theta_bar")
    fi, f = p.inst.functions["f_i"], p.inst.functions["f"]
    d = _grad1(fi, th) - _grad1(fi, snap) + _grad1(f, snap)
    p["theta", k + 1] = th - _lr(p.inst, p.names) * d


def _one_step(fn):
    return Recurrence(state={"theta": (0,)}, lead={"theta": 1}, step=fn)


RECURRENCES = {
    "optimisation.gd": _one_step(_gd_step),
    "optimisation.momentum": Recurrence(state={"theta": (0, -1)}, lead={"theta": 1},
                                        step=_momentum_step),
    "optimisation.nesterov": Recurrence(state={"theta": (0, -1)},
                                        lead={"theta": 1, "theta_bar": 1}, step=_nesterov_step,
                                        loose=("theta_bar",)),
    "optimisation.adagrad": Recurrence(state={"theta": (0,), "gamma": (-1,)},
                                       lead={"theta": 1, "gamma": 0}, loose=("theta",),
                                       step=_adagrad_step),
    "optimisation.rmsprop": Recurrence(state={"theta": (0,), "s": (-1,)},
                                       lead={"theta": 1, "s": 0}, loose=("theta",),
                                       step=_rmsprop_step),
    "optimisation.adam": Recurrence(state={"theta": (0,), "m": (-1,), "v": (-1,)},
                                    lead={"theta": 1, "m": 0, "v": 0, "m_hat": 0, "v_hat": 0},
                                    step=_adam_step, loose=("theta",)),
    "optimisation.signsgd": _one_step(_signsgd_step),
    "optimisation.svrg": _one_step(_svrg_step),
}
for _name, _rec in RECURRENCES.items():
    _run_check(_name, _rec)


# The same updates as other sheets index them (Kingma & Ba, PyTorch, CS231n): theta_t made from
# theta_{t-1} with g_t the gradient at theta_{t-1}; g is a family of the run.

def _grad_prev(p, k):
    g = _grad_at(p, p["theta", k - 1])
    p["g", k] = g
    return g


def _momentum(inst):
    return _num(inst, "beta") if "beta" in inst.values else _num(inst, "mu")


def _velocity(kappa, rho):
    """Momentum with a velocity: v_t = mu v_{t-1} + kappa g_t, theta_t = theta_{t-1} + rho v_t,
    kappa and rho functions of (mu, learning rate)."""

    def step(p, k):
        g, mu, lr = _grad_prev(p, k), _momentum(p.inst), _lr(p.inst, p.names)
        p["v", k] = mu * p["v", k - 1] + kappa(mu, lr) * g
        p["theta", k] = p["theta", k - 1] + rho(mu, lr) * p["v", k]

    return step


# The conventions of the velocity: the same iterates, with v scaled and signed another way.
# A line stating one of the two updates alone is right if it is right in one of them.
VELOCITY = {
    "ema": (_velocity(lambda mu, lr: 1 - mu, lambda mu, lr: -lr),
            "as an exponential moving average (v_t = beta v_{t-1} + (1 - beta) g_t)"),
    "torch": (_velocity(lambda mu, lr: 1.0, lambda mu, lr: -lr),
              "as PyTorch sums it (v_t = mu v_{t-1} + g_t, theta_t = theta_{t-1} - eta v_t)"),
    "cs231n": (_velocity(lambda mu, lr: -lr, lambda mu, lr: 1.0),
               "as a velocity (v_t = mu v_{t-1} - eta g_t, theta_t = theta_{t-1} + v_t)"),
    "ruder": (_velocity(lambda mu, lr: lr, lambda mu, lr: -1.0),
              "with the step as velocity (v_t = mu v_{t-1} + eta g_t, theta_t = theta_{t-1} - v_t)"),
}


def _nesterov_velocity(kappa, rho):
    """Sutskever et al. (2013): the gradient at the look-ahead point, where the momentum alone
    would move theta (theta_{t-1} + mu v_{t-1} for v_t = mu v_{t-1} - eta g, theta + v)."""

    def step(p, k):
        mu, lr, prev, th = _momentum(p.inst), _lr(p.inst, p.names), p["v", k - 1], p["theta", k - 1]
        rh = rho(mu, lr)
        p["v", k] = mu * prev + kappa(mu, lr) * _grad_at(p, th + rh * mu * prev)
        p["theta", k] = th + rh * p["v", k]

    return step


def _adamw_step(p, k):
    """Loshchilov & Hutter (2019), decoupled weight decay, with Kingma & Ba's indexing."""
    g = _grad_prev(p, k)
    b1, b2, t = _num(p.inst, "beta_1"), _num(p.inst, "beta_2"), p.count(k)
    m = b1 * p["m", k - 1] + (1 - b1) * g
    v = b2 * p["v", k - 1] + (1 - b2) * g * g
    with np.errstate(all="ignore"):
        mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
    p["m", k], p["v", k], p["m_hat", k], p["v_hat", k] = m, v, mh, vh
    th = p["theta", k - 1]
    step = mh / (np.sqrt(vh) + _num(p.inst, "epsilon")) + _num(p.inst, "lambda") * th
    p["theta", k] = th - _lr(p.inst, p.names) * step


def _decay_step(scale):
    """Gradient descent on J(theta) + scale * lambda ||theta||^2 (scale 1/2 or 1)."""

    def step(p, k):
        th, g = p["theta", k - 1], _grad_prev(p, k)
        p["theta", k] = th - _lr(p.inst, p.names) * (g + 2 * scale * _num(p.inst, "lambda") * th)

    return step


def _shifted(fn, extra=()):
    return Recurrence(state={"theta": (-1,), **{f: (-1,) for f in extra}},
                      lead={"theta": 0, "g": 0, **{f: 0 for f in extra}}, step=fn,
                      loose=("theta",))


def _velocity_check(name, primary):
    recs = {k: (_shifted(fn, ("v",)), said) for k, (fn, said) in VELOCITY.items()}
    rec = recs[primary][0]
    others = [v for k, v in recs.items() if k != primary]

    @register(name)
    def _check(stmt, ctx):
        names = _names(stmt)
        if "v" in trajectory.offsets_used(names, {"v"}) and not _gradient_named(stmt, names):
            return Evidence("undecided", f"custom:{name}", detail=(
                "it states the step without the velocity's update, and sheets scale and sign "
                "the velocity differently (theta_t = theta_{t-1} - alpha v_t for an average of "
                "the gradients, theta_{t-1} + v_t for v_t = mu v_{t-1} - eta g_t): the step "
                "alone is right in one of them"))
        return trajectory.decide(rec, stmt, ctx, names, alternatives=others)

    return _check


def _gradient_named(stmt, names) -> bool:
    """Does the formula name a gradient (g_t, or a derivative of the objective)?"""
    from sympy.core.function import AppliedUndef

    if trajectory.offsets_used(names, {"g"}):
        return True
    return any(getattr(f, "name", type(f).__name__) == "J"
               for r in stmt.relations for side in (r.lhs, r.rhs)
               for f in side.atoms(AppliedUndef))


_velocity_check("optimisation.momentum_ema", "ema")
_velocity_check("optimisation.momentum_velocity", "cs231n")
_velocity_check("optimisation.momentum_torch", "torch")

def _nesterov_rec(kappa, rho):
    return Recurrence(state={"theta": (-1,), "v": (-1,)}, lead={"theta": 0, "v": 0},
                      step=_nesterov_velocity(kappa, rho))


_NESTEROV = _nesterov_rec(lambda mu, lr: -lr, lambda mu, lr: 1.0)
_NESTEROV_OTHER = [
    (_nesterov_rec(lambda mu, lr: lr, lambda mu, lr: -1.0),
     "with the step as velocity (v_t = mu v_{t-1} + eta g at theta_{t-1} - mu v_{t-1}, "
     "theta_t = theta_{t-1} - v_t)"),
    (_nesterov_rec(lambda mu, lr: 1.0, lambda mu, lr: -lr),
     "as PyTorch sums the velocity (theta_t = theta_{t-1} - eta v_t)"),
]


@register("optimisation.nesterov_velocity")
def _nesterov_velocity_check(stmt, ctx):
    return trajectory.decide(_NESTEROV, stmt, ctx, _names(stmt), alternatives=_NESTEROV_OTHER)


SHIFTED = {
    "optimisation.adamw": Recurrence(state={"theta": (-1,), "m": (-1,), "v": (-1,)},
                                     lead={"theta": 0, "g": 0, "m": 0, "v": 0, "m_hat": 0,
                                           "v_hat": 0}, step=_adamw_step, loose=("theta",)),
}
for _name, _rec in SHIFTED.items():
    _run_check(_name, _rec)

_DECAY_HALF, _DECAY_FULL = _shifted(_decay_step(0.5)), _shifted(_decay_step(1.0))


@register("optimisation.weight_decay")
def _weight_decay(stmt, ctx):
    """A GD step on J + lambda/2 ||theta||^2 is weight decay: theta shrinks by 1 - alpha lambda
    before the loss's step.  Sheets that write the penalty lambda ||theta||^2 (no 1/2) shrink by
    1 - 2 alpha lambda: that reading is tried when the first refutes the formula."""
    names = _names(stmt)
    ev = trajectory.decide(_DECAY_HALF, stmt, ctx, names)
    if ev.verdict != "refuted":
        return ev
    alt = trajectory.decide(_DECAY_FULL, stmt, ctx, names)
    if alt.verdict == "passed":
        alt.detail += "; it holds for the penalty lambda ||theta||^2 (without the 1/2)"
        return alt
    return ev


# ------------------------------------------------------------ learning-rate schedules --------
# A schedule is checked against the run that defines it, step by step from eta_0 (or eta_max):
# multiply by gamma every s steps, by e^{-k} every step, add eta_max / T_w per warm-up step, or
# PyTorch's chainable form of cosine annealing.  The members eta_{t-1}, eta_{t+1} lie on the
# same run (verify/trajectory.along).

def _schedule_run(inst, names, first, step, horizon):
    """eta_0 .. eta_{max t + 1} by eta_j = step(eta_{j-1}, j), the members named given."""
    t = _num(inst, "t").astype(int)
    T = len(t)
    hist = np.empty((T, int(t.max()) + horizon + 1))
    hist[:, 0] = first
    with np.errstate(all="ignore"):
        for j in range(1, hist.shape[1]):
            hist[:, j] = step(hist[:, j - 1], j)
    out = trajectory.along({"eta": hist}, t, names | {"eta_t"})
    return out


def _schedule_check(name, first, step):
    @register(name)
    def _check(stmt, ctx):
        names = _names(stmt)
        _, high = trajectory.span(names, {"eta"})
        return ctx.numeric(stmt, extra=lambda inst: _schedule_run(
            inst, names, first(inst), lambda e, j: step(inst, e, j), max(high, 0) + 1))

    return _check


def _cosine(inst, e, j):
    """PyTorch's CosineAnnealingLR recursion (not the closed form): the excess over eta_min
    scales by (1 + cos(pi j / T)) / (1 + cos(pi (j-1) / T))."""
    lo, T = _num(inst, "eta_min"), _num(inst, "T")
    num, den = 1 + np.cos(np.pi * j / T), 1 + np.cos(np.pi * (j - 1) / T)
    return lo + (e - lo) * np.where(np.abs(den) > 1e-12, num / den, np.nan)


_schedule_check("optimisation.schedule_cosine", lambda inst: _num(inst, "eta_max"), _cosine)
_schedule_check("optimisation.schedule_step",
                lambda inst: _num(inst, "eta_0"),
                lambda inst, e, j: e * np.where(j % _num(inst, "s").astype(int) == 0,
                                                _num(inst, "gamma"), 1.0))
_schedule_check("optimisation.schedule_exponential", lambda inst: _num(inst, "eta_0"),
                lambda inst, e, j: e * (_num(inst, "gamma") if "gamma" in inst.values
                                        else np.exp(-_num(inst, "k"))))
_schedule_check("optimisation.schedule_inverse_time", lambda inst: _num(inst, "eta_0"),
                lambda inst, e, j: 1 / (1 / e + _num(inst, "k") / _num(inst, "eta_0")))
_schedule_check("optimisation.schedule_warmup", lambda inst: np.zeros_like(_num(inst, "t")),
                lambda inst, e, j: e + _num(inst, "eta_max") / _num(inst, "T_w"))


# ----------------------------------------------------------------- gradient clipping --------

@register("optimisation.clip_norm")
def _clip_norm(stmt, ctx):
    """Clipping by norm as torch.nn.utils.clip_grad_norm_ does it: a gradient longer than c is
    scaled down to length c, a shorter one is kept.  Half the gradients are drawn longer than
    c and half shorter, so both branches are decided."""
    rng = ctx.rng("clip")

    def extra(inst):
        g, c = _num(inst, "g"), _num(inst, "c")
        norm = np.sqrt((g ** 2).sum(axis=(-1, -2)))
        target = c * np.where(rng.random(len(c)) < 0.5, rng.uniform(1.2, 5, len(c)),
                              rng.uniform(0.1, 0.9, len(c)))
        g = g * (target / norm)[:, None, None]
        norm = target
        scale = np.where(norm > c, c / norm, 1.0)
        return {"g": Val(g, True), "g_tilde": Val(g * scale[:, None, None], True)}

    return ctx.numeric(stmt, extra=extra)


def _ref_flow(inst, used):
    """The vector field whose explicit Euler step of size eta is the GD step: (x_GD - x) / eta."""
    x = _num(inst, "x")
    eta = 1e-3
    step = x - eta * _grad1(inst.functions["f"], x)
    return {"x_dot": Val((step - x) / eta)}


_step_check("optimisation.gradient_flow", _ref_flow)


# ------------------------------------------------------------------------ Muon ----------------

def _polar(m: np.ndarray) -> np.ndarray:
    """The orthogonal (polar) factor U V^T of each matrix of a batch."""
    u, _, vt = np.linalg.svd(m, full_matrices=False)
    return u @ vt


class _Polar:
    def __call__(self, x: Val) -> Val:
        return Val(_polar(x.arr), True)

    def take(self, keep):
        return self

    def describe(self, i):
        return "M ↦ U Vᵀ (polar factor from the SVD M = U Σ Vᵀ)"


def _muon_step(p, k):
    """Muon with momentum mu, polar-factor orthogonalisation and the sqrt(d_out/d_in) scale;
    the gradient G of each step is an input of the run (the sampled G_t at step t)."""
    mu, eta = _num(p.inst, "mu")[:, None, None], _num(p.inst, "eta")[:, None, None]
    mom = mu * p["M", k - 1] + p.fresh("G", k)
    p["G", k] = p.fresh("G", k)
    p["M", k] = mom
    p["P", k] = _polar(mom)
    dout, din = p.inst.dims["d_out"], p.inst.dims["d_in"]
    p["W", k + 1] = p["W", k] - eta * math.sqrt(dout / din) * p["P", k]


MUON = Recurrence(state={"W": (0,), "M": (-1,)}, lead={"W": 1, "M": 0, "P": 0, "G": 0},
                  step=_muon_step, matrix=frozenset({"W", "M", "P", "G"}), loose=("W",))


@register("optimisation.muon")
def _muon(stmt, ctx):
    def orthogonalize(inst):
        inst.functions["orthogonalize"] = _Polar()

    return trajectory.decide(MUON, stmt, ctx, _names(stmt), before=orthogonalize)


@register("optimisation.muon_steepest")
def _muon_steepest(stmt, ctx):
    """The minimiser of <G, D> + lambda/2 ||D||_2^2 (spectral norm), found here by comparing the
    candidate -s U V^T for every scale s (the optimum has that direction: <G, UV^T> = ||G||_*
    is the largest inner product over the spectral-norm ball) on a fine grid refined twice."""

    def extra(inst):
        g = _num(inst, "G")
        if "lambda" in inst.values:
            lam = _num(inst, "lambda")
        else:  # the sheet's scale: lambda = d_out / d_in
            lam = np.full(len(g), inst.dims["d_out"] / inst.dims["d_in"])
        u, s, vt = np.linalg.svd(g, full_matrices=False)
        nuc = s.sum(axis=-1)
        # objective along D = -c U V^T: -c ||G||_* + lam/2 c^2; minimise over c >= 0 by search
        lo, hi = np.zeros_like(nuc), 4 * nuc / lam + 1
        for _ in range(200):  # ternary search on a convex function of c
            a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
            fa, fb = -a * nuc + lam / 2 * a * a, -b * nuc + lam / 2 * b * b
            left = fa <= fb
            hi = np.where(left, b, hi)
            lo = np.where(left, lo, a)
        c = (lo + hi) / 2
        inst.values["U"] = Val(u, True)
        inst.values["V"] = Val(np.swapaxes(vt, -1, -2), True)
        sig = s[..., :, None] * np.eye(s.shape[-1])
        return {"U": Val(u, True), "V": Val(np.swapaxes(vt, -1, -2), True),
                "Sigma": Val(sig, True), "Delta_W": Val(-c[:, None, None] * (u @ vt), True),
                "D": Val(-c[:, None, None] * (u @ vt), True)}

    return ctx.numeric(stmt, extra=extra)


# --------------------------------------------------------------- running averages ------------

@register("optimisation.polyak")
def _polyak(stmt, ctx):
    """Arithmetic means of a random sequence theta_1..theta_t (entries of the vector theta); the
    next mean theta-bar_{t+1} adds one more random term theta_{t+1} (a formula that names it
    must hold whatever that term is)."""
    rng = ctx.rng("next")

    def extra(inst):
        seq = _num(inst, "theta")[..., 0]  # (T, t)
        t = seq.shape[-1]
        mean_t = seq.mean(axis=-1)
        mean_prev = seq[:, : t - 1].mean(axis=-1)
        mean_next = (seq.sum(axis=-1) + rng.normal(size=len(seq))) / (t + 1)
        return {"theta_bar_t": Val(mean_t), "theta_bar_t-1": Val(mean_prev),
                "theta_bar_t+1": Val(mean_next),
                # the same quantities in the x, k spelling of the deep-learning sheet
                "x_bar_k+1": Val(mean_t), "x_bar_k": Val(mean_prev),
                "x_k+1": Val(seq[:, t - 1]), "k": Val(np.full(len(seq), float(t - 1)))}

    return ctx.numeric(stmt, extra=extra)


# ------------------------------------------------------------------- SVD shapes ----------------

@register("optimisation.svd")
def _svd(stmt, ctx):
    """U, Sigma, V of the full SVD of the sampled M (numpy), in the shapes the version
    declares: when a declared shape differs from the factor's, the product cannot be formed."""

    def extra(inst):
        M = _num(inst, "M")
        U, sv, Vt = np.linalg.svd(M, full_matrices=True)
        m, n = M.shape[-2:]
        S = np.zeros(M.shape)
        k = min(m, n)
        S[..., np.arange(k), np.arange(k)] = sv
        return {"U": Val(U, True), "Sigma": Val(S, True), "V": Val(np.swapaxes(Vt, -1, -2), True)}

    return ctx.numeric(stmt, extra=extra)


# ------------------------------------------------------------ minibatch variance --------------

@register("optimisation.minibatch_variance")
def _minibatch_variance(stmt, ctx):
    """s = 4 per-example gradients in R^2 per trial; V is their mean squared deviation from the
    full gradient, V_r the exact mean squared deviation of the average of r draws with
    replacement, by enumerating all s^r index tuples (r <= 3)."""
    import itertools

    rng = ctx.rng("minibatch")

    def extra(inst):
        r = np.minimum(_num(inst, "r").astype(int), 3)  # larger r fail the assumption anyway
        T, s = len(r), 4
        G = rng.normal(size=(T, s, 2))
        mean = G.mean(axis=1)
        V = ((G - mean[:, None]) ** 2).sum(-1).mean(-1)
        Vr = np.empty(T)
        for i in range(T):
            idx = np.array(list(itertools.product(range(s), repeat=int(r[i]))))
            avg = G[i][idx].mean(axis=1)
            Vr[i] = ((avg - mean[i]) ** 2).sum(-1).mean()
        out = {"V": Val(V), "V_r": Val(Vr)}
        if "g" in inst.values:  # the definition of V: per-example gradients g_i, full g_bar
            out.update({"g": Val(np.swapaxes(G, -1, -2), True), "g_bar": Val(mean[..., None], True)})
        return out

    return ctx.numeric(stmt, extra=extra, dims=[{"s": 4, "m": 2}])
