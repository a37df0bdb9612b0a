"""Custom checks of the infinite-width and training-dynamics claims (``theory.*``): the NNGP
kernel and regression, the NTK (as a kernel, as the response of one prediction to a step on
another, its gradient flow and regression), linearised networks, minimum-norm gradient descent,
Langevin noise.

Each check computes the true quantity on a small random network or kernel and puts it in place of
the node the formula names, then runs the standard numeric comparison.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from cheatsheet import ops
from cheatsheet.statement import Relation, Statement

from ..custom import register
from ..evaluate import Val
from .nodes import fname, mval, replace, sval, vals
from .gaussian_models import condition


@register("theory.nngp_regression")
def _nngp(stmt, ctx):
    """Features: rows of Phi for the n training inputs, phi for the test input; f = features . g with
    g ~ N(0, I_B), y = f_train + eps.  Posterior of f(x) given y by conditioning the joint
    (f(x), y) through its precision matrix (n x n side)."""

    def extra(inst):
        Phi, phi, y, s = vals(inst, "Phi", "phi", "y", "sigma")
        n = Phi.shape[-2]
        F = np.concatenate([np.swapaxes(phi, -1, -2), Phi], axis=-2)  # (T, 1+n, B)
        J = F @ np.swapaxes(F, -1, -2)
        J[:, 1:, 1:] += (s ** 2)[:, None, None] * np.eye(n)
        m, cov = condition(J, 1, y)
        return {"m_*": sval(m[:, 0, 0]), "v_*": sval(cov[:, 0, 0])}

    return ctx.numeric(stmt, extra=extra)


# -- NTK function-space gradient flow --------------------------------------------------------

@register("theory.ntk_flow")
def _ntk_flow(stmt, ctx):
    """Model f_i(theta) = tanh(x_i^T theta) with 3 parameters; gradient flow on
    L = 1/2 ||y - f||^2 moves theta along J^T (y - f).  f_dot is the rate of change of the outputs
    along that direction (central differences of f itself); K = J J^T is the NTK Gram matrix."""
    rng = ctx.rng("ntk")

    def extra(inst):
        y = inst.values["y"].arr
        T, n = y.shape[0], y.shape[1]
        X = rng.normal(size=(T, n, 3))
        th = rng.normal(size=(T, 3, 1))
        f = np.tanh(X @ th)
        J = (1 - f ** 2) * X
        thdot = np.swapaxes(J, -1, -2) @ (y - f)
        h = 1e-6
        fdot = (np.tanh(X @ (th + h * thdot)) - np.tanh(X @ (th - h * thdot))) / (2 * h)
        return {"f": mval(f), "K": mval(J @ np.swapaxes(J, -1, -2)), "f_dot": mval(fdot)}

    return ctx.numeric(stmt, extra=extra)


# -- Langevin dynamics: fluctuation-dissipation ------------------------------------------------

@register("theory.langevin_noise")
def _langevin(stmt, ctx):
    """The velocity update v_{t+1} = a v_t - eta grad E + c eps with eps ~ N(0, 1) has, without a
    force, the stationary variance c^2 / (1 - a^2).  With friction gamma at temperature 1 the
    discretised Ornstein-Uhlenbeck step with noise sqrt(2 gamma eta) has stationary variance
    1 / (1 - eta gamma / 2) (-> 1 as eta -> 0).  a and c are read off the formula by evaluating
    its right side at (v_t, eps) = (0, 0), (1, 0), (0, 1) with the force set to 0; the force's
    coefficient by setting grad E to 1 at (0, 0): the step goes down the energy, so it is -eta
    (every term of the step is evaluated, the force included).  The left side must be the
    velocity one step after the one on the right (v_{t+1} from v_t, or v_t from v_{t-1})."""
    from .. import trajectory
    from ..evidence import Evidence
    from ..scope import display

    lhs, rhs = stmt.relations[0].lhs, stmt.relations[0].rhs
    # the left side is the velocity one step after the one the right side steps from
    names = {getattr(x, "name", "") for x in rhs.free_symbols}
    steps_in = sorted(trajectory.offsets_used(names, {"v"}).get("v", ()))
    steps_out = sorted(trajectory.offsets_used({getattr(lhs, "name", "")}, {"v"}).get("v", ()))
    if len(steps_in) == 1 and steps_out and steps_out != [steps_in[0] + 1]:
        shown = {k: display(trajectory.member("v", k)) for k in steps_in + steps_out}
        why = (f"the left side is {shown[steps_out[0]]} but the right side steps from "
               f"{shown[steps_in[0]]}: an update gives the velocity one step later")
        cx = {"relation": str(stmt.relations[0]), "why": why, "instance": {}, "seed": ctx.seed}
        return Evidence("refuted", "custom:theory.langevin_noise", trials=1, seed=ctx.seed,
                        counterexample=cx, detail="the update's steps do not follow each other")
    velocity = trajectory.member("v", steps_in[0]) if len(steps_in) == 1 else "v_t"
    new = Statement((Relation(sp.Symbol("stationary_var"), "=", sp.Symbol("target_var")),
                     Relation(sp.Symbol("force_coef"), "=", sp.Symbol("minus_eta"))),
                    latex=stmt.latex)

    def extra(inst):
        from ..evaluate import Evaluator

        T = len(inst.values["eta"].arr)
        eta, gam = vals(inst, "eta", "gamma")
        ev = Evaluator(inst)

        def at(v, e, force=0.0):
            ev.env.update({velocity: sval(np.full(T, v)), "epsilon": sval(np.full(T, e)),
                           "E_hat": sval(np.full(T, force))})
            return np.broadcast_to(ev.ev(rhs).arr, (T,))

        base = at(0.0, 0.0)
        a = at(1.0, 0.0) - base
        c = at(0.0, 1.0) - base
        return {"stationary_var": sval(c ** 2 / (1 - a ** 2)),
                "target_var": sval(1 / (1 - eta * gam / 2)),
                "force_coef": sval(at(0.0, 0.0, 1.0) - base), "minus_eta": sval(-eta)}

    return ctx.numeric(new, extra=extra)


# -- NTK / kernel regression with the linearised network ----------------------------------------

@register("theory.ntk_regression")
def _ntk_regression(stmt, ctx):
    """Linearised model h(beta)(x) = f_0(x) + beta . g(x) with p = n + 2 parameters: J (n x p) holds
    the gradients at the training inputs, g at the test input x; K = J J^T, k = J g.  The truth:
    alpha^* = argmin 1/2 ||K alpha - (y - f_0)||^2 by a least-squares solver, and h^* = the
    prediction at x of the linear regression in parameter space fitted to the residuals
    (minimum-norm beta, the point gradient descent from beta = 0 converges to)."""
    rng = ctx.rng("features")

    def extra(inst):
        y = inst.values["y"].arr
        T, n = y.shape[0], y.shape[1]
        p = n + 2
        J = rng.normal(size=(T, n, p))
        g = rng.normal(size=(T, p, 1))
        f0 = rng.normal(size=(T, n, 1))
        fx = rng.normal(size=T)
        K = J @ np.swapaxes(J, -1, -2)
        res = y - f0
        alpha = np.array([np.linalg.lstsq(K[i], res[i], rcond=None)[0] for i in range(T)])
        beta = np.array([np.linalg.lstsq(J[i], res[i], rcond=None)[0] for i in range(T)])
        h = fx + (np.swapaxes(g, -1, -2) @ beta)[:, 0, 0]
        out = {"K_theta_0": mval(K), "K": mval(K), "k": mval(J @ g), "f_0": mval(f0),
               "f_x": sval(fx), "alpha_star": mval(alpha), "h_star": sval(h)}
        return out

    return ctx.numeric(stmt, extra=extra)


# -- NNGP kernel: ReLU arc-cosine kernel -------------------------------------------------------

class _Elementwise:
    """A sampled-function stand-in: a fixed elementwise function (the same in every trial)."""

    def __init__(self, fn, label):
        self.fn, self.label = fn, label

    def __call__(self, *args):
        (a,) = args
        return Val(self.fn(a.arr), a.mat)

    def take(self, keep):
        return self

    def describe(self, i):
        return self.label


def _polar_nodes(nphi=1024, nr=4):
    """Nodes and weights for E over (u, v) ~ N(0, I_2) in polar form: r^2 / 2 ~ Exp(1) by
    Gauss-Laguerre, the angle by the trapezoid rule (exact enough for piecewise-smooth
    periodic integrands)."""
    s, ws = np.polynomial.laguerre.laggauss(nr)
    r = np.sqrt(2 * s)
    phi = 2 * np.pi * np.arange(nphi) / nphi
    R, P = np.meshgrid(r, phi, indexing="ij")
    W = np.outer(ws, np.full(nphi, 1.0 / nphi))
    return (R * np.cos(P)).ravel(), (R * np.sin(P)).ravel(), W.ravel()


@register("theory.nngp_kernel")
def _nngp_kernel(stmt, ctx):
    """phi is the ReLU and theta ~ N(0, I_d).  The expectation E_theta[...] in the formula is
    computed by quadrature over theta in the plane spanned by x and x' (the integrand depends on
    theta only through theta^T x and theta^T x'); the truth k(x, x') is the covariance of the
    network output, sigma_0^2 + sigma_v^2 times the closed-form arc-cosine kernel
    |x||x'| (sin t + (pi - t) cos t) / (2 pi), t the angle between x and x'."""
    from ..evaluate import Evaluator

    sy = {"k": sp.Symbol("k_exact"), "e": sp.Symbol("e_quad")}
    e_nodes = []

    def rule(e):
        if isinstance(e, sp.core.function.AppliedUndef) and fname(e) == "k":
            return sy["k"]
        if isinstance(e, ops.E):
            e_nodes.append(e.args[0])
            return sy["e"]
        return None

    st = replace(stmt, rule)
    u, v, w = _polar_nodes()

    relu_fn = _Elementwise(lambda a: np.maximum(a, 0.0), "phi = ReLU")

    def extra(inst):
        x, xp, s0, sv = vals(inst, "x", "x_prime", "sigma_0", "sigma_v")
        T = len(s0)
        inst.functions["phi"] = relu_fn
        nx, nxp = np.linalg.norm(x[..., 0], axis=-1), np.linalg.norm(xp[..., 0], axis=-1)
        cos = np.clip((x[..., 0] * xp[..., 0]).sum(-1) / (nx * nxp), -1, 1)
        t = np.arccos(cos)
        arc = nx * nxp * (np.sin(t) + (np.pi - t) * cos) / (2 * np.pi)
        out = {"k_exact": sval(s0 ** 2 + sv ** 2 * arc)}
        if e_nodes:
            # orthonormal basis of span{x, x'} (a random second direction if they are parallel)
            d = x.shape[-2]
            base = np.concatenate([x, xp, np.random.default_rng(0).normal(size=(T, d, 1))], -1)
            q, _ = np.linalg.qr(base)
            theta = q[:, None, :, 0:1] * u[None, :, None, None] + q[:, None, :, 1:2] * v[None, :, None, None]
            ev = Evaluator(inst)
            ev.env["theta"] = Val(theta, True)  # (T, N, d, 1): one more batch axis
            val = ev.ev(e_nodes[0])
            a = np.broadcast_to(val.arr, (T, len(w)))
            out["e_quad"] = sval((a * w).sum(-1))
        return out

    return ctx.numeric(st, extra=extra)


# -- linearised network: Taylor model, dual representation, losses, kernel gradient ----------

def _toy_net(th, u, c):
    """A small smooth model in its parameters: f(theta) = tanh(u . theta) + sin(c . theta) / 2."""
    return np.tanh((u * th).sum(-1)) + 0.5 * np.sin((c * th).sum(-1))


@register("theory.ntk_linearisation")
def _ntk_linearisation(stmt, ctx):
    """h is the true output f(theta_0 + beta)(x) of a smooth model at a tiny step beta (scale
    1e-5, so the O(|beta|^2) remainder stays below rtol even at --thorough's trial counts, where
    1e-4 was seen to exceed it); f_0 = f(theta_0)(x) and g its exact
    gradient in the parameters.  The first-order Taylor model must reproduce h."""
    rng = ctx.rng("linearisation")

    def extra(inst):
        g0 = inst.values["g"].arr
        T, p = g0.shape[0], g0.shape[1]
        u, c, th = (rng.normal(size=(T, p)) for _ in range(3))
        beta = 1e-5 * rng.normal(size=(T, p))
        t = np.tanh((u * th).sum(-1, keepdims=True))
        grad = (1 - t ** 2) * u + 0.5 * np.cos((c * th).sum(-1, keepdims=True)) * c
        return {"beta": mval(beta[..., None]), "g": mval(grad[..., None]),
                "f_0": sval(_toy_net(th, u, c)), "h": sval(_toy_net(th + beta, u, c))}

    return ctx.numeric(stmt, extra=extra)


@register("theory.ntk_features")
def _ntk_features(stmt, ctx):
    """Linearised model with p = n + 2 parameters: J (n x p) holds the parameter gradients at the
    training inputs, g the one at a test input, f_0 / f_x the initial outputs there, K = J J^T the
    NTK Gram matrix and k = J g the kernel values k(x_i, x).  Computed in parameter space: the
    outputs h on the training inputs of h(beta) = f_0 + J beta (beta sampled), with beta = J^T alpha
    when the statement speaks of alpha; the test prediction h = f_x + g . (J^T alpha); y_tilde = y - f_0."""
    rng = ctx.rng("ntk-features")
    names = {getattr(s, "name", str(s)) for s in stmt.free_symbols}

    def extra(inst):
        y = inst.values["y"].arr
        T, n = y.shape[0], y.shape[1]
        p = inst.values["beta"].arr.shape[1] if "beta" in inst.values else n + 2
        J = rng.normal(size=(T, n, p))
        g = rng.normal(size=(T, p, 1))
        f0 = rng.normal(size=(T, n, 1))
        fx = rng.normal(size=T)
        Jt = np.swapaxes(J, -1, -2)
        out = {"J": mval(J), "K": mval(J @ Jt), "k": mval(J @ g), "f_0": mval(f0),
               "f_x": sval(fx), "y_tilde": mval(y - f0)}
        if "alpha" in inst.values:
            alpha = inst.values["alpha"].arr
            beta = Jt @ alpha
        else:
            beta = inst.values["beta"].arr
        if "h" in names and inst.values.get("h") is not None and inst.values["h"].arr.ndim == 1:
            out["h"] = sval(fx + (np.swapaxes(g, -1, -2) @ beta)[:, 0, 0])
        else:
            out["h"] = mval(f0 + J @ beta)
        return out

    return ctx.numeric(stmt, extra=extra)


@register("theory.ntk_kernel_gradient")
def _ntk_kernel_gradient(stmt, ctx):
    """Model f(theta; x) = tanh(x^T theta) + sin(c^T theta) (x^T e) with p parameters.  d is the
    gradient in theta of the NTK entry k(x, z) = grad f(x) . grad f(z), by central differences of
    k itself; g_x, g_z are the exact parameter gradients and H_x, H_z the exact Hessians."""
    rng = ctx.rng("kernel-gradient")

    def parts(th, x, c, e):
        a = (x * th).sum(-1, keepdims=True)
        t = np.tanh(a)
        s, co = np.sin((c * th).sum(-1, keepdims=True)), np.cos((c * th).sum(-1, keepdims=True))
        xe = (x * e).sum(-1, keepdims=True)
        grad = (1 - t ** 2) * x + co * xe * c
        hess = (-2 * t * (1 - t ** 2))[..., None] * x[..., :, None] * x[..., None, :] \
            - (s * xe)[..., None] * c[..., :, None] * c[..., None, :]
        return grad, hess

    def extra(inst):
        T, p = inst.values["d"].arr.shape[:2]
        th, x, z, c, e = (rng.normal(size=(T, p)) for _ in range(5))
        x, z = 0.7 * x, 0.7 * z
        gx, Hx = parts(th, x, c, e)
        gz, Hz = parts(th, z, c, e)
        h = 1e-5
        d = np.zeros((T, p))
        for j in range(p):
            step = np.zeros(p)
            step[j] = h
            kp = (parts(th + step, x, c, e)[0] * parts(th + step, z, c, e)[0]).sum(-1)
            km = (parts(th - step, x, c, e)[0] * parts(th - step, z, c, e)[0]).sum(-1)
            d[:, j] = (kp - km) / (2 * h)
        return {"d": mval(d[..., None]), "g_x": mval(gx[..., None]), "g_z": mval(gz[..., None]),
                "H_x": mval(Hx), "H_z": mval(Hz)}

    return ctx.numeric(stmt, extra=extra)


@register("theory.min_norm_gd")
def _min_norm_gd(stmt, ctx):
    """Underdetermined least squares (n <= d): X = U diag(s) V^T with singular values in [1, 2],
    gradient descent on 1/2 ||X w - y||^2 with eta = 1/4 from a random w_0 in the row span of X
    (the span of the data points), 300 steps (contraction at most 3/4 per step): w_infty is the
    point it converges to.  X is replaced by the conditioned matrix."""
    rng = ctx.rng("min-norm")

    def extra(inst):
        y = inst.values["y"].arr
        T, n = y.shape[:2]
        d = inst.values["X"].arr.shape[2]
        U = np.linalg.qr(rng.normal(size=(T, n, n)))[0]
        V = np.linalg.qr(rng.normal(size=(T, d, n)))[0]
        s = rng.uniform(1, 2, size=(T, n))
        X = U @ (s[..., None] * np.swapaxes(V, -1, -2))
        Xt = np.swapaxes(X, -1, -2)
        w = Xt @ rng.normal(size=(T, n, 1))
        for _ in range(300):
            w = w - 0.25 * (Xt @ (X @ w - y))
        return {"X": mval(X), "w_infty": mval(w)}

    return ctx.numeric(stmt, extra=extra)


# -- the NTK as the response of one prediction to a step on another --------------------------

@register("theory.ntk_kernel")
def _ntk_kernel(stmt, ctx):
    """k(x, xi): how much the prediction at x moves per unit step of the parameters along the
    gradient of the prediction at xi, (f(theta + s g_xi)(x) - f(theta - s g_xi)(x)) / 2s with
    s = 1e-5 (a one-sided step of 1e-7 was off by 1e-5 relative and refuted the claim on some
    seeds), for a small smooth model whose inputs x, xi enter through their own feature vectors
    (u, c); g_x and g_xi are the exact parameter gradients at the two inputs."""
    rng = ctx.rng("ntk-kernel")

    def grad(th, u, c):
        t = np.tanh((u * th).sum(-1, keepdims=True))
        return (1 - t ** 2) * u + 0.5 * np.cos((c * th).sum(-1, keepdims=True)) * c

    def extra(inst):
        g0 = inst.values["g_x"].arr
        T, p = g0.shape[0], g0.shape[1]
        th = rng.normal(size=(T, p))
        (ux, cx), (uz, cz) = ((rng.normal(size=(T, p)), rng.normal(size=(T, p))) for _ in range(2))
        gx, gz = grad(th, ux, cx), grad(th, uz, cz)
        s = 1e-5
        k = (_toy_net(th + s * gz, ux, cx) - _toy_net(th - s * gz, ux, cx)) / (2 * s)
        return {"g_x": mval(gx[..., None]), "g_xi": mval(gz[..., None]), "k": sval(k)}

    return ctx.numeric(stmt, extra=extra)
