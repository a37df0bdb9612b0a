"""Custom checks of the diffusion-model claims (``generative.*``): the DDPM forward marginal (by
iterating the forward chain), the reverse posterior (by conditioning), the forward, sampling and
training steps, and the variational bound on a discrete chain.

Each check computes the true quantity on a random noise schedule and substitutes it for the node
the formula names before the standard numeric comparison.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet import ops
from cheatsheet.statement import Relation, Statement

from ..custom import register
from .. import trajectory
from ..evaluate import Evaluator, Val
from .nodes import fname, mval, replace, sval, vals
from .generative import _Table, _kl, _kl_rule, _outcomes, _pairs_kl, _undef, stmt_symbols


# -- diffusion -------------------------------------------------------------------------------

def _schedule(rng, T, lowest: int = 2):
    """t in 2..5 (fixed per batch; ``lowest``..``lowest`` + 3 when the formula names members
    before t) and betas in (0.01, 0.6) for steps 1..t."""
    t = int(rng.integers(lowest, lowest + 4))
    beta = rng.uniform(0.01, 0.6, size=(T, t))
    return t, beta


def _diff_values(beta):
    alpha = 1 - beta
    abar = np.cumprod(alpha, axis=1)
    return {"beta_t": sval(beta[:, -1]), "alpha_t": sval(alpha[:, -1]),
            "alpha_bar_t": sval(abar[:, -1]), "alpha_bar_t-1": sval(abar[:, -2])}


# -- members of the schedule and of the chain at other steps (verify/trajectory.py) ---------------

_SCHEDULE = frozenset({"beta", "alpha", "alpha_bar", "beta_tilde", "sigma"})


def _names(stmt) -> set[str]:
    return {getattr(x, "name", str(x)) for x in stmt_symbols(stmt)}


def _extended(beta, names, rng):
    """The schedule with one more step t + 1 drawn (from its own stream, so the drawn schedule
    and everything after it stay as they were) when the formula names a member after t."""
    _, high = trajectory.span(names, _SCHEDULE | {"x"})
    if high <= 0:
        return beta
    return np.concatenate([beta, rng.uniform(0.01, 0.6, size=(len(beta), high))], axis=1)


def _schedule_members(beta, t, names):
    """Every member of the schedule's families the formula names (beta_{t-1}, alpha-bar_{t+1},
    the posterior variance beta-tilde_{t-1} and its root sigma_{t-1}), along the schedule
    ``beta`` of steps 1..S (S >= t); step 0 has only alpha-bar_0 = 1."""
    T, S = beta.shape
    nan = np.full((T, 1), np.nan)
    alpha = 1 - beta
    abar = np.concatenate([np.ones((T, 1)), np.cumprod(alpha, axis=1)], axis=1)
    with np.errstate(all="ignore"):
        btil = (1 - abar[:, :-1]) / (1 - abar[:, 1:]) * beta
    hist = {"beta": np.concatenate([nan, beta], axis=1),
            "alpha": np.concatenate([nan, alpha], axis=1), "alpha_bar": abar,
            "beta_tilde": np.concatenate([nan, btil], axis=1),
            "sigma": np.concatenate([nan, np.sqrt(btil)], axis=1)}
    used = trajectory.offsets_used(names, _SCHEDULE)
    return trajectory.along({f: hist[f] for f in used}, np.full(T, t), names)


def _chain_members(beta, t, x0, xt, names, rng):
    """x_{t-1}, x_{t-2}, ... and x_{t+1}, ... on one run of the forward chain through the
    sampled x_0 and x_t: earlier members drawn from the forward posterior q(x_{s-1} | x_s, x_0)
    (a bridge between the two sampled values), later ones by forward steps."""
    used = trajectory.offsets_used(names, {"x"}).get("x", set())
    out, cur = {}, xt
    for k in range(-1, min(used | {0}) - 1, -1):
        s = t + k + 1  # x_{s-1} given x_s and x_0
        if s - 1 == 0:
            nxt = x0
        else:
            mean, var = _posterior(beta[:, :s], x0, cur)
            nxt = mean + np.sqrt(var) * rng.normal(size=len(x0))
        out[trajectory.member("x", k)] = sval(nxt)
        cur = nxt
    cur = xt
    for k in range(1, max(used | {0}) + 1):
        b = beta[:, t + k - 1]
        cur = np.sqrt(1 - b) * cur + np.sqrt(b) * rng.normal(size=len(x0))
        out[trajectory.member("x", k)] = sval(cur)
    return out


def _names_of(e) -> set[str]:
    return {getattr(x, "name", str(x)) for x in e.free_symbols}


@register("generative.ddpm_marginal")
def _ddpm_marginal(stmt, ctx):
    """q(x_t | x_0) by iterating x_s = sqrt(1 - beta_s) x_{s-1} + sqrt(beta_s) n_s from a fixed x_0:
    its mean coefficient and variance are compared with the formula's, which are read off the
    formula by evaluating it at (x_0, eps) = (1, 0) and (0, +-1), or from N(x_t; m, V)."""
    rel = stmt.relations[-1]
    rhs = rel.rhs
    rng = ctx.rng("schedule")
    new = Statement((Relation(sp.Symbol("mean_coef"), "=", sp.Symbol("mean_coef_exact")),
                     Relation(sp.Symbol("noise_var"), "=", sp.Symbol("noise_var_exact"))),
                    latex=stmt.latex)

    # the step the left side speaks of (x_{t-1} = ... is the marginal one step earlier): the
    # exact coefficients are those of that step, the right side's schedule is read at its own
    lhs_steps = trajectory.offsets_used(_names_of(rel.lhs), {"x"}).get("x", {0})
    shift = next(iter(lhs_steps)) if len(lhs_steps) == 1 else 0
    names = _names(stmt)

    def extra(inst):
        T = len(next(iter(inst.values.values())).arr)
        t, beta = _schedule(rng, T)
        long = _extended(beta, names | {trajectory.member("x", shift)}, ctx.rng("schedule+"))
        mean_c, var = np.ones(T), np.zeros(T)
        for s in range(t + shift):
            mean_c = np.sqrt(1 - long[:, s]) * mean_c
            var = (1 - long[:, s]) * var + long[:, s]
        env = dict(inst.values)
        env.update(_diff_values(beta))
        env.update(_schedule_members(long, t, names))
        env["n"] = sval(np.full(T, 1.0))
        ev = Evaluator(inst)
        ev.env.update(env)

        def at(x0, eps):
            for k in ("x_0", "epsilon_0", "epsilon", "x_t"):
                ev.env[k] = sval(np.full(T, float(x0 if k == "x_0" else eps)))
            return ev

        if fname(rhs) == "N":
            _, m, V = rhs.args
            mc = at(1, 0).ev(m).arr
            Vv = at(0, 0).ev(V)
            v = Vv.arr[..., 0, 0] if Vv.mat else Vv.arr
        else:
            mc = at(1, 0).ev(rhs).arr
            up = at(0, 1).ev(rhs).arr
            down = at(0, -1).ev(rhs).arr
            v = ((up - down) / 2) ** 2
        return {"mean_coef": sval(np.broadcast_to(mc, (T,))),
                "noise_var": sval(np.broadcast_to(v, (T,))),
                "mean_coef_exact": sval(mean_c), "noise_var_exact": sval(var)}

    return ctx.numeric(new, extra=extra)


def _step_posterior(inst, rng, names=(), other=None, full_out=None):
    """One drawn schedule and the forward posterior q(x_{t-1} | x_t, x_0) at the instance:
    (T, beta, the schedule's values, x_0, x_t, posterior mean, posterior variance,
    alpha-bar_t).  The values include every member of the schedule and of the chain at other
    steps that ``names`` name, drawn from the generator ``other``."""
    T = len(inst.values["x_0"].arr)
    # a member k steps before t (sigma_{t-1}) has its posterior at a step >= 2 (at step 1 the
    # posterior of x_0 is exact, sigma_1 = 0, and a formula dividing by it has no value at all)
    low = min([o for f in trajectory.offsets_used(names, _SCHEDULE | {"x"}).values() for o in f]
              + [0])
    t, beta = _schedule(rng, T, 2 - low)
    v = _diff_values(beta)
    x0, xt = vals(inst, "x_0", "x_t")
    mean, var = _posterior(beta, x0, xt)
    if other is not None:
        full = _extended(beta, names, other)
        v.update(_schedule_members(full, t, names))
        v.update(_chain_members(full, t, x0, xt, names, other))
        if full_out is not None:
            full_out.append(full)  # the schedule with the steps after t the names call for
    return T, beta, v, x0, xt, mean, var, v["alpha_bar_t"].arr


def _posterior(beta, x0, xt):
    """Law of x_{t-1} given (x_t, x_0), conditioning the Gaussian pair (x_{t-1}, x_t) | x_0."""
    v = _diff_values(beta)
    at, ab1 = v["alpha_t"].arr, v["alpha_bar_t-1"].arr
    bt = v["beta_t"].arr
    m1, v1 = np.sqrt(ab1) * x0, 1 - ab1  # x_{t-1} | x_0
    m2, c12 = np.sqrt(at) * m1, np.sqrt(at) * v1  # x_t | x_0 and Cov(x_{t-1}, x_t)
    v2 = at * v1 + bt
    return m1 + c12 / v2 * (xt - m2), v1 - c12 ** 2 / v2


class _PosteriorMean:
    """(x, x_0, k) -> the mean of q(x_{s-1} | x_s = x, x_0) at step s = t + k of the drawn
    schedule (steps 1..t): a formula's tilde-mu is evaluated at the step its subscript names
    and at the inputs it is given, so mu_{t-1}(x_t, x_0) or mu_t(x_{t-1}, x_0) is not taken for
    mu_t(x_t, x_0).  No value (NaN) at a step the schedule does not have."""

    def __init__(self, beta):
        self.beta = np.asarray(beta, float)

    def __call__(self, x: Val, x0: Val, k: Val) -> Val:
        T, t = self.beta.shape
        s = t + int(np.asarray(k.arr).ravel()[0])
        X, X0 = np.broadcast_arrays(np.asarray(x.arr, float), np.asarray(x0.arr, float))
        if not 2 <= s <= t:
            return Val(np.full(X.shape, np.nan))
        mean, _ = _posterior(self.beta[:, :s], X0.reshape(T, -1)[:, 0], X.reshape(T, -1)[:, 0])
        return Val(mean.reshape(X.shape) if X.size == T else mean)

    def take(self, keep):
        return _PosteriorMean(self.beta[keep])

    def describe(self, i):
        return "the posterior mean of the drawn schedule, at the step and inputs given"


class _NoisePredictor:
    """eps_theta(x, ...) as a function of the noisy input it is fed: the noise that would turn
    x_0 into x at the step's alpha_bar, plus a per-trial error (0 for a perfect predictor).  A
    formula that feeds it x_0 or another step's value gets another number, so the input is
    decided with the rest of the formula (the other arguments, such as t, do not change it)."""

    def __init__(self, x0, ab, err):
        self.x0, self.ab, self.err = (np.asarray(a, float) for a in (x0, ab, err))

    def __call__(self, x: Val, *rest) -> Val:
        X = x.arr
        sh = lambda p: p.reshape(p.shape + (1,) * (X.ndim - p.ndim))  # noqa: E731
        return Val((X - np.sqrt(sh(self.ab)) * sh(self.x0)) / np.sqrt(1 - sh(self.ab))
                   + sh(self.err), x.mat)

    def take(self, keep):
        return _NoisePredictor(self.x0[keep], self.ab[keep], self.err[keep])

    def describe(self, i):
        return (f"x -> (x - sqrt({self.ab[i]:.4g}) x_0) / sqrt(1 - {self.ab[i]:.4g})"
                + (f" + {self.err[i]:.4g}" if self.err[i] else ""))


def _predictor(e):
    """epsilon_theta(input, ...) -> the sampled predictor applied to its input."""
    if _undef(e, "epsilon_theta") and e.args:
        return sp.Function("eps_predictor")(e.args[0])
    return None


def _loss_name(k: int) -> str:
    """The value name of the term L_{t+k} (L_exact for L_{t-1})."""
    return "L_exact" if k == -1 else f"L_exact_{'p' if k >= 0 else 'm'}{abs(k)}"


def _loss_term(beta, s, x0, xs, err):
    """The term L_{s-1} of the bound at step s of the schedule ``beta`` (steps 1..S), at x_s:
    ||mu_q - mu_theta||^2 / (2 sigma_s^2), mu_theta from the predicted noise (the true one plus
    ``err``); no value (NaN) at a step the schedule does not have or where sigma_s is 0."""
    if not 2 <= s <= beta.shape[1]:
        return np.full(len(x0), np.nan)
    b = beta[:, :s]
    ab = np.cumprod(1 - b, axis=1)[:, -1]
    eps = (xs - np.sqrt(ab) * x0) / np.sqrt(1 - ab) + err
    mean, var = _posterior(b, x0, xs)
    mu_theta, _ = _posterior(b, (xs - np.sqrt(1 - ab) * eps) / np.sqrt(ab), xs)
    return (mean - mu_theta) ** 2 / (2 * var)


@register("generative.ddpm_posterior")
def _ddpm_post(stmt, ctx):
    """The reverse posterior q(x_{t-1} | x_t, x_0) (mean and variance) from conditioning; eps_0 is
    the noise that produced x_t from x_0; L_{t-1} = ||mu_q - mu_theta||^2 / (2 sigma_t^2) with
    mu_theta built from a predicted noise eps_theta the same way as mu_q from eps_0."""
    sy = {k: sp.Symbol(k) for k in ("mu_exact", "eps_theta", "L_exact")}

    def rule(e):
        if isinstance(e, sp.core.function.AppliedUndef) and fname(e).startswith(("mu_q", "mu_tilde")):
            if len(e.args) == 2:  # mu_s(x, x_0): the posterior mean of step s at these inputs
                off = trajectory.offsets_used({fname(e)}, {"mu_q", "mu_tilde"})
                k = next(iter(next(iter(off.values()))), 0) if off else 0
                return sp.Function("posterior_mean")(*e.args, sp.Integer(k))
            return sy["mu_exact"]
        if _predictor(e) is not None:
            return _predictor(e)
        if isinstance(e, sp.Symbol) and e.name in losses:
            return sp.Symbol(_loss_name(losses[e.name]))
        return None

    # L_{s-1} is the term of the bound at step s (L_{t-1}: q(x_{t-1} | x_t, x_0)); a formula
    # naming another term (L_t beside alpha_t, sigma_t) is decided with that term's value
    offs = trajectory.offsets_used(_names(stmt), {"L"}).get("L", set())
    losses = {trajectory.member("L", k): k for k in offs}
    st = replace(replace(stmt, lambda e: e.args[0] if isinstance(e, ops.E) else None), rule)
    rng, other = ctx.rng("schedule"), ctx.rng("trajectory")
    # the chain members those terms are taken at (x_{t+1} for L_t); none for L_{t-1} alone
    names = _names(stmt) | {trajectory.member("x", k + 1) for k in offs if k != -1}

    def extra(inst):
        full = []
        T, beta, v, x0, xt, mean, var, ab = _step_posterior(inst, rng, names, other, full)
        eps0 = (xt - np.sqrt(ab) * x0) / np.sqrt(1 - ab)
        err = rng.normal(size=T)
        inst.functions["eps_predictor"] = _NoisePredictor(x0, ab, err)
        eps_th = eps0 + err  # what the predictor says at x_t
        # mu_theta is the model's reverse mean: the posterior mean with x_0 replaced by the
        # estimate implied by eps_theta
        x0_hat = (xt - np.sqrt(1 - ab) * eps_th) / np.sqrt(ab)
        mu_theta, _ = _posterior(beta, x0_hat, xt)
        inst.functions["posterior_mean"] = _PosteriorMean(beta)
        out = dict(v)
        out.update({"mu_exact": sval(mean), "sigma_t": sval(np.sqrt(var)),
                    "beta_tilde_t": sval(var), "sigma_epsilon": sval(np.sqrt(var)),
                    "epsilon_0": sval(eps0), "eps_theta": sval(eps_th),
                    "L_exact": sval((mean - mu_theta) ** 2 / (2 * var))})
        for k in offs - {-1}:
            xs = xt if k == -1 else v[trajectory.member("x", k + 1)].arr
            out[_loss_name(k)] = sval(_loss_term(full[0], beta.shape[1] + k + 1, x0, xs, err))
        return out

    return ctx.numeric(st, extra=extra)


# -- DDPM forward step and sampling step ---------------------------------------------------------

@register("generative.ddpm_forward_step")
def _ddpm_step(stmt, ctx):
    """The one-step kernel q(x_t | x_{t-1}) = N(x_t; a x_{t-1}, V) is read off the formula (a at
    x_{t-1} = 1, V the variance) for each beta_s of a random schedule and composed t times from
    x_0: the result must be the closed form N(sqrt(alpha_bar_t) x_0, 1 - alpha_bar_t) with
    alpha_s = 1 - beta_s, alpha_bar_t their product.  The names are decided too: the left side
    must be the law of x_t given x_{t-1} and the density's variable x_t (a kernel of x_{t-1}
    given itself, or a density of another variable, states another law: 'names_off' counts
    the names that differ)."""
    rel = stmt.relations[-1]
    rhs = rel.rhs
    rng = ctx.rng("schedule")
    new = Statement((Relation(sp.Symbol("mean_coef"), "=", sp.Symbol("mean_coef_exact")),
                     Relation(sp.Symbol("noise_var"), "=", sp.Symbol("noise_var_exact")),
                     Relation(sp.Symbol("names_off"), "=", sp.Integer(0))),
                    latex=stmt.latex)
    nxt, prev = sp.Symbol("x_t", real=True), sp.Symbol("x_t-1", real=True)
    lhs = rel.lhs
    given = lhs.args[0].args if (len(getattr(lhs, "args", ())) == 1
                                 and fname(lhs.args[0]) == "Given") else None
    off = 0 if given == (nxt, prev) else 1
    if fname(rhs) == "N" and rhs.args and rhs.args[0] != nxt:
        off += 1
    # a mean or covariance that names a step of the chain other than the one conditioned on
    # (x_{t+1} in a kernel given x_{t-1}) states another law: a name off, not a missing value
    stray = set()
    if fname(rhs) == "N" and len(rhs.args) == 3:
        stray = {getattr(a, "name", "") for part in rhs.args[1:] for a in part.free_symbols
                 if getattr(a, "name", "").startswith("x_")} - {"x_t-1", "x_0"}
        off += bool(stray)

    names = _names(stmt)
    offs = {o for v in trajectory.offsets_used(names, _SCHEDULE).values() for o in v}
    # every schedule member one step off (beta_{t-1} in the mean and the variance alike): a
    # schedule counted from 0, read as such; a kernel mixing steps is decided as written
    shift = offs.pop() if len(offs) == 1 else 0
    low = min(offs | {0}) if not shift else 0
    other = ctx.rng("trajectory")

    def extra(inst):
        T = len(next(iter(inst.values.values())).arr)
        t, beta = _schedule(rng, T)
        if fname(rhs) != "N":
            raise ValueError("expected a right side N(x_t; mean, covariance)")
        _, mean, cov = rhs.args
        ev = Evaluator(inst)
        ev.env["n"] = sval(np.full(T, 1.0))
        ev.env.update({name: sval(np.zeros(T)) for name in stray})  # counted in names_off
        coef, var = np.ones(T), np.zeros(T)
        # a kernel that names beta_{t-1} (another step of the schedule) is composed from the
        # first step at which every member it names exists
        first = min(1 - low, t)
        full = _extended(beta, names, other)
        for s in range(first - 1, t):
            ev.env.update(_schedule_members(full, s + 1 - shift, names))
            ev.env["beta_t"] = sval(beta[:, s])
            ev.env["alpha_t"] = sval(1 - beta[:, s])
            ev.env["x_t-1"] = sval(np.ones(T))
            a = np.broadcast_to(ev.ev(mean).arr, (T,))
            V = ev.ev(cov)
            v = np.broadcast_to(V.arr[..., 0, 0] if V.mat else V.arr, (T,))
            coef, var = a * coef, a * a * var + v
        abar = np.prod(1 - beta[:, first - 1:], axis=1)
        return {"mean_coef": sval(coef), "noise_var": sval(var),
                "mean_coef_exact": sval(np.sqrt(abar)), "noise_var_exact": sval(1 - abar),
                "names_off": sval(np.full(T, float(off)))}

    return ctx.numeric(new, extra=extra)


@register("generative.ddpm_sampling_step")
def _ddpm_sample(stmt, ctx):
    """One reverse sampling step x_{t-1} = m(x_t, eps_theta) + c z, z ~ N(0, I): with a perfect
    noise predictor (eps_theta(x, t) = the noise that turns x_0 into x, so eps_theta(x_t, t) =
    eps_0 and any other input gives another value) the step's mean m
    must be the posterior mean of q(x_{t-1} | x_t, x_0) and its noise scale c the posterior
    standard deviation sigma_t (given as sqrt(beta_tilde_t))."""
    rhs = stmt.relations[-1].rhs
    rng = ctx.rng("schedule")
    rels = [Relation(sp.Symbol("step_mean"), "=", sp.Symbol("post_mean")),
            Relation(sp.Symbol("step_scale"), "=", sp.Symbol("post_sd"))]
    # the left side must be the member one step before the one the step starts from (x_{t-1}
    # from x_t, or x_t from x_{t+1}): x_{t+1} = m(x_t, ...) + c z goes the wrong way
    made = trajectory.offsets_used(_names_of(stmt.relations[-1].lhs), {"x"}).get("x", set())
    start = trajectory.offsets_used(_names_of(rhs), {"x"}).get("x", set())
    if len(made) == 1 and start:
        left, from_ = next(iter(made)), min(start) - 1
        rels.append(Relation(sp.Symbol("left_side_step"), "=", sp.Symbol("step_made")))
    new = Statement(tuple(rels), latex=stmt.latex)

    body = replace(Statement((Relation(sp.Symbol("lhs"), "=", rhs),)),
                   _predictor).relations[0].rhs
    other, names = ctx.rng("trajectory"), _names(stmt)

    def extra(inst):
        T, beta, v, x0, xt, mean, var, ab = _step_posterior(inst, rng, names, other)
        inst.functions["eps_predictor"] = _NoisePredictor(x0, ab, np.zeros(T))  # perfect
        ev = Evaluator(inst)
        ev.env.update(v)
        ev.env.update({"sigma_t": sval(np.sqrt(var))})
        ev.env["z"] = sval(np.zeros(T))
        m = np.broadcast_to(ev.ev(body).arr, (T,))
        ev.env["z"] = sval(np.ones(T))
        c = np.broadcast_to(ev.ev(body).arr, (T,)) - m
        out = {"step_mean": sval(m), "step_scale": sval(c), "post_mean": sval(mean),
               "post_sd": sval(np.sqrt(var))}
        if len(rels) > 2:  # t + offset of the left side, and of the member the step makes
            out["left_side_step"] = sval(np.full(T, float(left)))
            out["step_made"] = sval(np.full(T, float(from_)))
        return out

    return ctx.numeric(new, extra=extra)


class _Denoiser:
    """(theta, x) -> tanh(a theta x + b theta + c x) + d theta: a noise predictor e_theta(x)
    whose output depends on its parameter theta, with per-trial coefficients."""

    def __init__(self, co):
        self.co = co  # (T, 4)

    def __call__(self, theta: Val, x: Val) -> Val:
        th, X = np.broadcast_arrays(theta.arr, x.arr)
        sh = lambda k: self.co[:, k].reshape((-1,) + (1,) * (th.ndim - 1))  # noqa: E731
        a, b, c, d = (sh(k) for k in range(4))
        return Val(np.tanh(a * th * X + b * th + c * X) + d * th)

    def take(self, keep):
        return _Denoiser(self.co[keep])

    def describe(self, i):
        a, b, c, d = (float(v) for v in self.co[i])
        return f"(theta, x) -> tanh({a:.3g} theta x + {b:.3g} theta + {c:.3g} x) + {d:.3g} theta"


@register("generative.ddpm_training_step")
def _ddpm_train(stmt, ctx):
    """One training step of the noise-prediction loss ||eps - e_theta(x_t)||^2: gradient
    descent on the network's parameter theta.  The network is a sampled smooth e(theta, x); the
    reference step theta - eta d/dtheta (eps - e(theta, x_t))^2 uses the exact derivative."""
    rng = ctx.rng("network")

    def extra(inst):
        th, eps, x, eta = vals(inst, "theta", "epsilon", "x_t", "eta")
        net = _Denoiser(rng.normal(size=(len(th), 4)))
        inst.functions["e"] = net
        a, b, c, d = (net.co[:, k] for k in range(4))
        u = a * th * x + b * th + c * x
        out = np.tanh(u) + d * th
        dout = (1 - np.tanh(u) ** 2) * (a * x + b) + d
        return {"theta_new": sval(th - eta * (-2 * (eps - out) * dout))}

    return ctx.numeric(stmt, extra=extra)


# -- diffusion variational bound on a discrete chain ----------------------------------------------

def _stoch(rng, *shape):
    return rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])


@register("generative.diffusion_vlb")
def _diffusion_vlb(stmt, ctx):
    """A diffusion with K = 3 states and S = 3 steps: random forward kernels Q_t (q(x_t|x_{t-1})),
    reverse model p(x_S) and kernels P_t (p_theta(x_{t-1}|x_t)), an observed x_0.  Everything is
    computed exactly by enumerating the 27 paths: -log p_theta(x_0) and the bound
    L_VLB = E_q[log q(x_{1:S}|x_0) / p(x_{0:S})].  A formula's own terms are evaluated, not
    assumed: an expectation over the paths (or over x_1) takes its body path by path, with the
    path probabilities q(x_{1:T}|x_0), p(x_{0:T}) and p_theta(x_0|x_1) as functions of the
    outcome; a KL between q(x_T|x_0) and p(x_T) is the one its arguments name, in their order;
    a sum over t of E_{q(x_t|x_0)} KL(q(x_{t-1}|x_t, x_0) || p_theta(x_{t-1}|x_t)) is summed
    between the bounds it writes (t = 1 adds the point-mass term; T is S), an empty range
    giving 0; an expectation over another law, or a step the chain does not have, cannot be
    evaluated."""
    x0s, x1s, xT = (sp.Symbol(n, real=True) for n in ("x_0", "x_1", "x_T"))
    path = sp.Symbol("path", real=True)
    t = sp.Symbol("t", integer=True)

    def given(e):
        return e.args[0].args if len(e.args) == 1 and fname(e.args[0]) == "Given" else None

    def law_T(e):  # KL arguments at the last step
        g = given(e) if _undef(e, "q") else None
        if g is not None and g == (xT, x0s):
            return "qT"
        if (isinstance(e, ops.Prob) or _undef(e, "p", "p_theta")) and e.args == (xT,):
            return "pT"
        return None

    def law_mid(e):  # KL arguments inside the sum over t
        g = given(e)
        if g is None or len(g) != 2 or not isinstance(g[0], sp.Indexed):
            return None
        prev = g[0].indices == (t - 1,)
        if _undef(e, "q") and prev and isinstance(g[1], sp.Tuple) and len(g[1]) == 2 \
                and isinstance(g[1][0], sp.Indexed) and g[1][0].indices == (t,) \
                and g[1][1] == x0s:
            return "post"
        if _undef(e, "p_theta", "p") and prev and isinstance(g[1], sp.Indexed) \
                and g[1].indices == (t,):
            return "model"
        return None

    K, S = 3, 3
    kl_T = _kl_rule(law_T)
    kl_mid = _kl_rule(law_mid, prefix="mid")
    T_sym = next((s for s in stmt_symbols(stmt) if s.name == "T"), None)
    flaw = _vlb_flaw(stmt, T_sym)
    if flaw:
        from ..evidence import Evidence

        cx = {"relation": "(not well-formed)", "why": flaw, "instance": {}, "seed": ctx.seed}
        return Evidence("refuted", "custom:generative.diffusion_vlb", trials=1, seed=ctx.seed,
                        counterexample=cx, detail="a term of the bound is not well-formed")

    def rule(e):
        if isinstance(e, sp.Sum) and len(e.limits) == 1:
            var, lo, hi = e.limits[0]
            body = e.function
            if isinstance(body, ops.E):  # over q(x_t | x_0): the law of the step summed over
                law = str(body.args[-1]) if len(body.args) > 1 else ""
                if law and "".join(law.split()) not in ("q(x_t|x_0)", "q"):
                    return None
                body = body.args[0]
            pair = kl_mid(body)
            top = sp.expand(hi - T_sym) if T_sym is not None else None
            if var != t or pair is None or not (lo.is_Integer and top is not None
                                                 and top.is_Integer):
                return None
            first, last = int(lo), S + int(top)  # T is S steps here
            if first < 1 or last > S:
                return None  # a step the chain does not have
            return sp.Symbol(f"{pair.name}_{first}_{last}")
        if isinstance(e, sp.Symbol) and e.name == "L_VLB":
            return sp.Symbol("vlb")
        if isinstance(e, sp.log) and _undef(e.args[0], "p_theta", "p") and e.args[0].args == (x0s,):
            return sp.Symbol("logpx")
        g = given(e)
        if _undef(e, "q") and g is not None and fname(g[0]) == "Symbol" and g[0].name == "x_1:T" \
                and g[1] == x0s:
            return sp.Function("qpath")(path)
        if (isinstance(e, ops.Prob) or _undef(e, "p", "p_theta")) and len(e.args) == 1 \
                and fname(e.args[0]) == "Symbol" and e.args[0].name == "x_0:T":
            return sp.Function("ppath")(path)
        if _undef(e, "p_theta", "p") and g == (x0s, x1s):
            return sp.Function("decoder")(x1s)
        return kl_T(e)

    st = replace(stmt, rule)
    rng = ctx.rng("chain")
    paths = list(np.ndindex(*(K,) * S))

    def one():
        Q = _stoch(rng, S, K, K)          # Q[t-1][i, j] = q(x_t = j | x_{t-1} = i)
        P = _stoch(rng, S, K, K)          # P[t-1][j, i] = p(x_{t-1} = i | x_t = j)
        pS = rng.dirichlet(np.ones(K))
        x0 = int(rng.integers(K))
        marg = [np.eye(K)[x0]]            # q(x_t | x_0), t = 0..S
        for s in range(S):
            marg.append(marg[-1] @ Q[s])
        qp, pp = [], []
        for pth in paths:
            xs = (x0,) + pth
            qp.append(np.prod([Q[s][xs[s], xs[s + 1]] for s in range(S)]))
            pp.append(pS[xs[S]] * np.prod([P[s][xs[s + 1], xs[s]] for s in range(S)]))
        qp, pp = np.array(qp), np.array(pp)
        out = {"logpx": np.log(pp.sum()), "vlb": (qp * np.log(qp / pp)).sum(),
               "qpath": qp, "ppath": pp, "marg1": marg[1], "dec": P[0][:, x0],
               "laws": {"qT": marg[S], "pT": pS}}
        # E_{q(x_t|x_0)} KL between the reverse posterior and the model, both orders, t = 1..S
        terms = {("post", "model"): [], ("model", "post"): []}
        for s in range(1, S + 1):         # q(x_{s-1} | x_s, x_0) proportional to q(x_{s-1}|x_0) Q_s
            fwd = rev = 0.0
            for j in range(K):
                post = marg[s - 1] * Q[s - 1][:, j]
                post = post / post.sum()
                with np.errstate(all="ignore"):
                    fwd += marg[s][j] * np.nansum(np.where(post > 0, post * np.log(post / P[s - 1][j]), 0))
                    rev += marg[s][j] * _kl(P[s - 1][j], post)
            terms[("post", "model")].append(fwd)
            terms[("model", "post")].append(rev)
        out["mid"] = {f"mid_{a}_{b}_{lo}_{hi}": sum(v[lo - 1:hi])
                      for (a, b), v in terms.items()
                      for lo in range(1, S + 1) for hi in range(1, S + 1)}
        return out

    def extra(inst):
        T = len(inst.values["x_0"].arr)
        runs = [one() for _ in range(T)]
        stack = lambda k: np.array([r[k] for r in runs])  # noqa: E731
        inst.dists.append(_outcomes("path", stack("qpath")))
        inst.dists.append(_outcomes("x_1", stack("marg1")))
        inst.functions["qpath"] = _Table(stack("qpath"), "q(x_{1:T}|x_0) per path")
        inst.functions["ppath"] = _Table(stack("ppath"), "p(x_{0:T}) per path")
        inst.functions["decoder"] = _Table(stack("dec"), "p_theta(x_0|x_1) for x_1 = 0..2")
        laws = {k: np.array([r["laws"][k] for r in runs]) for k in ("qT", "pT")}
        out = {k: sval(stack(k)) for k in ("logpx", "vlb")}
        out.update(_pairs_kl(laws))
        out.update({k: sval([r["mid"][k] for r in runs]) for k in runs[0]["mid"]})
        return out

    return ctx.numeric(st, extra=extra)


# -- terms of the bound that name no quantity --------------------------------------------------

def _step(e, t):
    """The step of a chain variable x_s (an entry of x, or x_0): s as an expression in t."""
    if isinstance(e, sp.Indexed) and str(e.base) == "x" and len(e.indices) == 1:
        return e.indices[0]
    if isinstance(e, sp.Symbol) and e.name.startswith("x_") and e.name[2:].isdigit():
        return sp.Integer(int(e.name[2:]))
    return None


def _law(e, t):
    """(step of the variable, steps it is conditioned on) of q(x_a | x_b, ...) or
    p_theta(x_a | x_b); None for anything else."""
    if not (_undef(e, "q", "p", "p_theta") and len(e.args) == 1 and fname(e.args[0]) == "Given"):
        return None
    var, cond = e.args[0].args[:2]
    conds = tuple(cond) if isinstance(cond, sp.Tuple) else (cond,)
    steps = [_step(c, t) for c in (var,) + conds]
    return None if any(s is None for s in steps) else (steps[0], tuple(steps[1:]))


def _show(s):
    text = sp.sstr(s).replace(" ", "")
    return "x_" + (text if s.is_Integer or s.is_Symbol else "{" + text + "}")


def _vlb_flaw(stmt, T_sym):
    """Why a sum of E_{q(x_s|x_0)} KL(q(x_a | ...) || p(x_b | ...)) over t is not well-formed,
    or None: the KL must compare two laws of one variable (a = b), neither conditioned on its
    own variable; every step it is conditioned on, other than the observed x_0, must be the one
    the expectation averages over; and every step it names, over the sum's range, must be a step
    of the chain x_0 ... x_T.  Otherwise the term is no number (a free x_t) or names a step that
    does not exist, and the line says nothing that can hold."""
    import re

    for rel in stmt.relations:
        for side in (rel.lhs, rel.rhs):
            for s in sp.preorder_traversal(side):
                if not (isinstance(s, sp.Sum) and len(s.limits) == 1):
                    continue
                t, lo, hi = s.limits[0]
                body, averaged = s.function, None
                if isinstance(body, ops.E) and len(body.args) > 1:
                    law = "".join(str(body.args[-1]).split())
                    m = re.fullmatch(r"q\(x_\{?([^|{}]+)\}?\|x_0\)", law)
                    if m:
                        try:
                            averaged = sp.sympify(m.group(1), locals={t.name: t})
                        except (sp.SympifyError, SyntaxError, TypeError):
                            averaged = None
                    body = body.args[0]
                if not (_undef(body, "D_KL", "KL") and len(body.args) == 1
                        and fname(body.args[0]) == "Given"):
                    continue
                laws = [_law(x, t) for x in body.args[0].args[:2]]
                if any(x is None for x in laws):
                    continue
                (a, ca), (b, cb) = laws
                if sp.simplify(a - b) != 0:
                    return (f"the KL inside the sum compares a law of {_show(a)} with a law of "
                            f"{_show(b)}: a divergence is between laws of one variable")
                for v, c in laws:
                    if v in c:
                        return f"a law of {_show(v)} given {_show(v)} itself"
                if averaged is not None:
                    free = [c for c in ca + cb if c != 0 and sp.simplify(c - averaged) != 0]
                    if free:
                        return (f"the KL is conditioned on {_show(free[0])}, which nothing "
                                f"averages over: the expectation is over {_show(averaged)}, so "
                                "the term is not a number")
                if T_sym is None:
                    continue
                used = {a} | set(ca) | set(cb) | ({averaged} if averaged is not None else set())
                for s_ in used:
                    for end in (lo, hi):
                        at = sp.expand(s_.subs(t, end))
                        over, under = sp.expand(at - T_sym), at
                        if (over.is_number and over > 0) or (under.is_number and under < 0):
                            where = sp.sstr(end).replace(" ", "")
                            return (f"at {t} = {where} the sum names {_show(at)}, a step the "
                                    "chain x_0, ..., x_T does not have")
    return None


# -- the score of the noised marginal, from the noise ---------------------------------------------

def _is_score_of_q(e) -> bool:
    """grad_{x_t} log q(x_t | x_0): a derivative (scalar, or the reader's 'partial' of a
    vector) of the log of a conditional density."""
    if isinstance(e, sp.Derivative):
        inner = e.expr
    elif isinstance(e, ops.MatApply) and str(e.args[0]) == "partial":
        inner = e.args[3]
    else:
        return False
    return isinstance(inner, sp.log) and any(
        fname(a) == "Given" for a in sp.preorder_traversal(inner.args[0]))


@register("generative.ddpm_score")
def _ddpm_score(stmt, ctx):
    """The score of q(x_t | x_0) = N(sqrt(abar) x_0, (1 - abar) I) at x_t = sqrt(abar) x_0 +
    sqrt(1 - abar) eps: x_t is set from the sampled x_0 and eps, and the score node is given
    the Gaussian's gradient -(x_t - sqrt(abar) x_0) / (1 - abar), computed here, never from
    eps (so a form written with x_t and one written with eps are decided alike)."""
    s = sp.Symbol("score_exact")
    vector = [False]

    def rule(e):
        if _is_score_of_q(e):
            vector[0] = isinstance(e, ops.MatApply)
            return sp.MatrixSymbol("score_exact", *e.shape) if vector[0] else s
        return None

    st = replace(stmt, rule)

    def extra(inst):
        x0, eps, ab = vals(inst, "x_0", "epsilon", "alpha_bar_t")
        ab = np.reshape(ab, np.shape(ab) + (1,) * (np.ndim(x0) - np.ndim(ab)))
        xt = np.sqrt(ab) * x0 + np.sqrt(1 - ab) * eps
        score = -(xt - np.sqrt(ab) * x0) / (1 - ab)
        wrap = mval if np.ndim(x0) > 1 else sval
        return {"x_t": wrap(xt), "score_exact": wrap(score)}

    return ctx.numeric(st, extra=extra)
