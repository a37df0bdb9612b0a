"""Custom checks of the optimisation and classic-model claims.

Most checks follow one pattern: simulate what the formula talks about (one optimiser step from a
random state, a gradient-descent run on a random function of a known class, a perceptron run on
separable data) with a reference implementation written here, hand the simulated quantities to
the statement as extra values, and let the standard numeric comparison decide the sheet's
formula on them.  So the same check decides the canonical form and every sheet variant, and a
wrong variant is refuted by a printed instance.

Conventions: iterates are scalars where the optimiser is elementwise (Adam, RMSProp, AdaGrad,
momentum...), so one trial is one coordinate; gradients of a declared ``function`` are taken by
the same central difference the evaluator uses, so the reference and the formula see the same
numbers.  epsilon-type constants are declared tiny (as in practice), which makes the placement
of epsilon (inside or outside the root) immaterial, as it is between implementations.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp

from ..custom import register
from ..evaluate import Val
from ..evidence import Evidence

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


def _step_check(name, ref):
    """Register a check that compares the statement with one reference optimiser step."""

    @register(name)
    def _check(stmt, ctx):
        used = _names(stmt)
        return ctx.numeric(stmt, extra=lambda inst: ref(inst, used))

    return _check


# ------------------------------------------------------- optimiser steps (scalar coordinates) ---

def _ref_gd(inst, used):
    th = _num(inst, "theta_t")
    g = _grad1(inst.functions["J"], th)
    return {"theta_t+1": Val(th - _lr(inst, used) * g)}


def _ref_momentum(inst, used):
    th, prev = _num(inst, "theta_t"), _num(inst, "theta_t-1")
    g = _grad1(inst.functions["J"], th)
    return {"theta_t+1": Val(th - _lr(inst, used) * g + _num(inst, "beta") * (th - prev))}


def _ref_nesterov(inst, used):
    th, prev = _num(inst, "theta_t"), _num(inst, "theta_t-1")
    look = th + _num(inst, "beta") * (th - prev)
    g = _grad1(inst.functions["J"], look)
    return {"theta_bar_t+1": Val(look), "theta_t+1": Val(look - _lr(inst, used) * g)}


def _ref_adagrad(inst, used):
    th = _num(inst, "theta_t")
    g = _grad1(inst.functions["J"], th)
    acc = _num(inst, "gamma_t-1") + g * g
    step = _lr(inst, used) / np.sqrt(acc + _num(inst, "epsilon")) * g
    return {"gamma_t": Val(acc), "theta_t+1": Val(th - step)}


def _ref_rmsprop(inst, used):
    th = _num(inst, "theta_t")
    g = _grad1(inst.functions["J"], th)
    beta = _num(inst, "beta")
    s = beta * _num(inst, "s_t-1") + (1 - beta) * g * g
    step = _lr(inst, used) / (np.sqrt(s) + _num(inst, "epsilon")) * g
    return {"s_t": Val(s), "theta_t+1": Val(th - step)}


def _ref_adam(inst, used):
    """Kingma & Ba (2015), Algorithm 1."""
    th = _num(inst, "theta_t")
    g = _grad1(inst.functions["J"], th)
    b1, b2, t = _num(inst, "beta_1"), _num(inst, "beta_2"), _num(inst, "t")
    m = b1 * _num(inst, "m_t-1") + (1 - b1) * g
    v = b2 * _num(inst, "v_t-1") + (1 - b2) * g * g
    mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
    new = th - _lr(inst, used) * mh / (np.sqrt(vh) + _num(inst, "epsilon"))
    return {"m_t": Val(m), "v_t": Val(v), "m_hat_t": Val(mh), "v_hat_t": Val(vh),
            "theta_t+1": Val(new)}


def _ref_signsgd(inst, used):
    th = _num(inst, "theta_t")
    g = _grad1(inst.functions["f_i_k"], th)
    return {"theta_t+1": Val(th - _lr(inst, used) * np.sign(g))}


def _ref_svrg(inst, used):
    th, snap = _num(inst, "theta_t"), _num(inst, "theta_bar")
    fi, f = inst.functions["f_i"], inst.functions["f"]
    d = _grad1(fi, th) - _grad1(fi, snap) + _grad1(f, snap)
    return {"theta_t+1": Val(th - _lr(inst, used) * d)}


def _ref_flow(inst, used):
    """The vector field whose explicit Euler step of size eta is the GD step: (x_GD - x) / eta."""
    x = _num(inst, "x")
    eta = 1e-3
    step = x - eta * _grad1(inst.functions["f"], x)
    return {"x_dot": Val((step - x) / eta)}


for _name, _ref in [("optimisation.gd", _ref_gd), ("optimisation.momentum", _ref_momentum),
                    ("optimisation.nesterov", _ref_nesterov),
                    ("optimisation.adagrad", _ref_adagrad),
                    ("optimisation.rmsprop", _ref_rmsprop), ("optimisation.adam", _ref_adam),
                    ("optimisation.signsgd", _ref_signsgd), ("optimisation.svrg", _ref_svrg),
                    ("optimisation.gradient_flow", _ref_flow)]:
    _step_check(_name, _ref)


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


@register("optimisation.muon")
def _muon(stmt, ctx):
    """Muon with momentum mu, polar-factor orthogonalisation and the sqrt(d_out/d_in) scale."""

    def extra(inst):
        mom = _num(inst, "mu")[:, None, None] * _num(inst, "M_t-1") + _num(inst, "G_t")
        p = _polar(mom)
        dout, din = inst.dims["d_out"], inst.dims["d_in"]
        w = _num(inst, "W_t") - _num(inst, "eta")[:, None, None] * math.sqrt(dout / din) * p
        inst.functions["orthogonalize"] = _Polar()
        return {"M_t": Val(mom, True), "P_t": Val(p, True), "W_t+1": Val(w, True)}

    return ctx.numeric(stmt, extra=extra)


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
    """Arithmetic means of a random sequence theta_1..theta_t (entries of the vector theta)."""

    def extra(inst):
        seq = _num(inst, "theta")[..., 0]  # (T, t)
        t = seq.shape[-1]
        mean_t = seq.mean(axis=-1)
        mean_prev = seq[:, : t - 1].mean(axis=-1)
        return {"theta_bar_t": Val(mean_t), "theta_bar_t-1": Val(mean_prev),
                # the same quantities in the x, k spelling of the deep-learning sheet
                "x_bar_k+1": Val(mean_t), "x_bar_k": Val(mean_prev),
                "x_k+1": Val(seq[:, t - 1]), "k": Val(np.full(len(seq), float(t - 1)))}

    return ctx.numeric(stmt, extra=extra)


# ------------------------------------------------------------- gradient-descent runs ----------

class _Family:
    """Per-trial smooth functions with analytic gradients, callable on evaluator values.

    convex: f(x) = 1/2 x^T Q x + b^T x + c * logsumexp(C x), Q positive definite with a spread
    spectrum (mu = lambda_min(Q) <= curvature <= lambda_max(Q) + c ||C||^2 / 2 = L);
    periodic: f(x) = sum_i a_i (1 - cos((R x)_i)), R orthogonal: non-convex, L = max a, min 0.
    """

    def __init__(self, kind, p):
        self.kind, self.p = kind, p

    def take(self, keep):
        return _Family(self.kind, {k: v[keep] for k, v in self.p.items()})

    def _bc(self, key, x):
        a = self.p[key]
        return a.reshape(a.shape[:1] + (1,) * (x.ndim - 3) + a.shape[1:]) if x.ndim > 3 else a

    def value(self, x):  # x: (T, ..., n, 1)
        if self.kind == "periodic":
            z = self._bc("R", x) @ x
            return (self._bc("a", x)[..., None] * (1 - np.cos(z))).sum(axis=(-1, -2))
        Q, b, C = self._bc("Q", x), self._bc("b", x), self._bc("C", x)
        c = self.p["c"].reshape((-1,) + (1,) * (x.ndim - 3))
        xt = np.swapaxes(x, -1, -2)
        quad = 0.5 * (xt @ Q @ x)[..., 0, 0] + (np.swapaxes(b, -1, -2) @ x)[..., 0, 0]
        z = (C @ x)[..., 0]
        zm = z.max(axis=-1, keepdims=True)
        lse = (zm + np.log(np.exp(z - zm).sum(axis=-1, keepdims=True)))[..., 0]
        return quad + c * lse

    def grad(self, x):  # x: (T, n, 1)
        if self.kind == "periodic":
            R = self.p["R"]
            return np.swapaxes(R, -1, -2) @ (self.p["a"][..., None] * np.sin(R @ x))
        Q, b, C, c = self.p["Q"], self.p["b"], self.p["C"], self.p["c"]
        z = (C @ x)[..., 0]
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        sm = (e / e.sum(axis=-1, keepdims=True))[..., None]
        return Q @ x + b + c[:, None, None] * (np.swapaxes(C, -1, -2) @ sm)

    def hess(self, x):
        Q, C, c = self.p["Q"], self.p["C"], self.p["c"]
        z = (C @ x)[..., 0]
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        sm = e / e.sum(axis=-1, keepdims=True)
        mid = sm[..., :, None] * np.eye(sm.shape[-1]) - sm[..., :, None] * sm[..., None, :]
        return Q + c[:, None, None] * (np.swapaxes(C, -1, -2) @ mid @ C)

    def __call__(self, x: Val) -> Val:
        return Val(self.value(x.arr))

    def describe(self, i):
        p = {k: np.round(np.asarray(v[i]), 3).tolist() for k, v in self.p.items()}
        if self.kind == "periodic":
            return "x ↦ Σ a_i (1 - cos((Rx)_i)) with " + ", ".join(f"{k}={v}" for k, v in p.items())
        return "x ↦ ½xᵀQx + bᵀx + c·logsumexp(Cx) with " + ", ".join(
            f"{k}={v}" for k, v in p.items())


def _convex_family(rng, T, n):
    q, _ = np.linalg.qr(rng.normal(size=(T, n, n)))
    lam = np.exp(rng.uniform(np.log(1e-2), 0, size=(T, n)))
    lam[:, 0] = 1.0
    Q = (q * lam[:, None, :]) @ np.swapaxes(q, -1, -2)
    k = n + 1
    C = rng.normal(size=(T, k, n))
    # half are pure quadratics: with a start along the flattest eigenvector they make the rates
    # tight, so a bound with a wrong exponent fails there and nowhere else
    c = rng.uniform(0, 1, T) * (rng.random(T) < 1 / 2)
    fam = _Family("convex", {"Q": Q, "b": rng.normal(size=(T, n, 1)), "C": C, "c": c})
    mu = lam.min(axis=1)
    L = lam.max(axis=1) + c * np.linalg.norm(C, ord=2, axis=(-2, -1)) ** 2 / 2
    # minimiser by damped Newton (backtracking on f): undamped steps overshoot on the
    # log-sum-exp part when mu is small, and a wrong x* then "refutes" true rates
    x = np.zeros((T, n, 1))

    def converged(x):
        return (np.sqrt((fam.grad(x) ** 2).sum(axis=(-1, -2)))
                < 1e-9 * (1 + np.abs(x).sum(axis=(-1, -2))))

    for _ in range(80):
        if converged(x).all():
            break
        d = np.linalg.solve(fam.hess(x), fam.grad(x))
        f0, step = fam.value(x), np.ones(T)
        slack = 1e-13 * (1 + np.abs(f0))  # a converged trial's step changes f by rounding only
        for _ in range(40):
            worse = fam.value(x - step[:, None, None] * d) > f0 + slack
            if not worse.any():
                break
            step = np.where(worse, step / 2, step)
        x = x - step[:, None, None] * d
    # trials where Newton did not converge get no minimiser: they are dropped, not misjudged
    ok = converged(x)
    x = np.where(ok[:, None, None], x, np.nan)
    return fam, mu, L, x


def _periodic_family(rng, T, n):
    q, _ = np.linalg.qr(rng.normal(size=(T, n, n)))
    a = np.exp(rng.uniform(np.log(0.05), 0, size=(T, n)))
    a[:, 0] = 1.0
    fam = _Family("periodic", {"R": q, "a": a})
    return fam, None, a.max(axis=1), np.zeros((T, n, 1))


def _gd_run(kind, step="random"):
    def check(stmt, ctx):
        def extra(inst):
            rng = ctx.rng("run", len(inst.values["eta"].arr), tuple(sorted(inst.dims.items())))
            T = len(inst.values["eta"].arr)
            n = inst.dims.get("n", 2)
            if kind == "periodic":
                fam, mu, L, xs = _periodic_family(rng, T, n)
            else:
                fam, mu, L, xs = _convex_family(rng, T, n)
            if step == "1/L":
                eta = 1.0 / L
            else:
                eta = np.where(rng.random(T) < 0.3, 1.0, rng.uniform(0.05, 1, T)) / L
            # short runs half the time: bounds with a wrong exponent differ most at small t
            t = np.where(rng.random(T) < 0.5, rng.integers(1, 4, T), rng.integers(1, 41, T))
            x0 = xs + rng.normal(size=(T, n, 1)) * rng.uniform(0.5, 4, T)[:, None, None]
            if kind != "periodic":
                # three runs in four start along the flattest direction of the Hessian at x*,
                # the worst case of the rates: random starts contract faster and would let a
                # bound with a wrong exponent pass
                _, vecs = np.linalg.eigh(fam.hess(np.nan_to_num(xs)))
                worst = xs + vecs[:, :, :1] * rng.uniform(0.5, 4, T)[:, None, None]
                x0 = np.where((rng.random(T) < 0.75)[:, None, None], worst, x0)
            fstar = fam.value(xs)
            x = x0.copy()
            xt = x0.copy()
            g0 = fam.grad(x0)
            gmin = (g0 ** 2).sum(axis=(-1, -2))
            eps = np.sqrt((g0 ** 2).sum(axis=(-1, -2))) * rng.uniform(0.01, 0.5, T)
            steps = np.where(np.sqrt(gmin) <= eps, 0, -1)
            g = g0
            for k in range(1, max(int(t.max()), 150) + 1):
                x = x - eta[:, None, None] * g
                g = fam.grad(x)
                gk = (g ** 2).sum(axis=(-1, -2))
                xt = np.where((k == t)[:, None, None], x, xt)
                gmin = np.where(k <= t, np.minimum(gmin, gk), gmin)
                steps = np.where((steps < 0) & (np.sqrt(gk) <= eps), k, steps)
            steps = np.where(steps < 0, np.inf, steps)
            inst.functions["f"] = fam
            out = {"x_0": Val(x0, True), "x_t": Val(xt, True), "x_star": Val(xs, True),
                   "x": Val(x0, True), "f_star": Val(fstar), "eta": Val(eta), "L": Val(L),
                   "t": Val(t.astype(float)), "g_min": Val(gmin), "T_epsilon": Val(steps),
                   "epsilon": Val(eps)}
            if mu is not None:
                out["mu"] = Val(mu)
            return out

        return ctx.numeric(stmt, extra=extra)

    return check


register("optimisation.gd_convex")(_gd_run("convex"))
register("optimisation.gd_nonconvex")(_gd_run("periodic"))
register("optimisation.gd_convex_step_1_over_L")(_gd_run("convex", "1/L"))
register("optimisation.gd_nonconvex_step_1_over_L")(_gd_run("periodic", "1/L"))


# ------------------------------------------------------------------ quadratics -----------------

@register("optimisation.quadratic_step")
def _quadratic_step(stmt, ctx):
    """For f = 1/2 x^T Q x: the step minimising the GD contraction max_i |1 - eta lambda_i|
    (eta_star), found by search on the spectrum, not by the formula; and eta, a step for which
    GD converges (the iteration matrix I - eta Q has spectral radius below 1): the supremum of
    those steps, found by bisection, times 1 - 10^-u with u in (2, 6), so eta comes as close to
    the boundary as rounding allows while staying a convergent step (at the supremum itself
    GD oscillates and does not converge)."""
    rng = ctx.rng("step")

    def extra(inst):
        Q = _num(inst, "Q")
        lam = np.linalg.eigvalsh(Q)
        n = Q.shape[-1]
        eye = np.eye(n)

        def rho(eta):
            m = eye - eta[:, None, None] * Q
            return np.abs(np.linalg.eigvalsh(m)).max(axis=-1)

        lo, hi = np.zeros(len(Q)), 10 / lam[:, 0]
        for _ in range(200):  # ternary search: rho is convex in eta
            a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
            left = rho(a) <= rho(b)
            hi, lo = np.where(left, b, hi), np.where(left, lo, a)
        star = (lo + hi) / 2
        lo, hi = np.zeros(len(Q)), 10 / lam[:, 0]
        for _ in range(80):  # bisection on "the iteration contracts"
            mid = (lo + hi) / 2
            ok = rho(mid) < 1
            lo, hi = np.where(ok, mid, lo), np.where(ok, hi, mid)
        eta = lo * (1 - 10.0 ** -rng.uniform(2, 6, len(lo)))
        return {"eta_star": Val(star), "eta": Val(eta), "lambda_max": Val(lam[:, -1]),
                "lambda_min": Val(lam[:, 0])}

    return ctx.numeric(stmt, extra=extra)


@register("optimisation.newton_quadratic")
def _newton_quadratic(stmt, ctx):
    """f(x) = 1/2 x^T A x + b^T x + c with A positive definite: the step d that lands on the
    minimiser, computed by solving A x* = -b (not from the formula)."""

    def extra(inst):
        A, b, x = _num(inst, "A"), _num(inst, "b"), _num(inst, "x")
        c = _num(inst, "c")
        xs = -np.linalg.solve(A, b)
        fam = _Quad(A, b, c)
        inst.functions["f"] = fam
        return {"d": Val(xs - x, True)}

    return ctx.numeric(stmt, extra=extra)


class _Quad:
    def __init__(self, A, b, c):
        self.A, self.b, self.c = A, b, c

    def take(self, keep):
        return _Quad(self.A[keep], self.b[keep], self.c[keep])

    def __call__(self, x: Val) -> Val:
        X = x.arr
        nb = X.ndim - 3
        A = self.A.reshape(self.A.shape[:1] + (1,) * nb + self.A.shape[1:])
        b = self.b.reshape(self.b.shape[:1] + (1,) * nb + self.b.shape[1:])
        c = self.c.reshape(self.c.shape[:1] + (1,) * nb)
        xt = np.swapaxes(X, -1, -2)
        return Val(0.5 * (xt @ A @ X)[..., 0, 0] + (np.swapaxes(b, -1, -2) @ X)[..., 0, 0] + c)

    def describe(self, i):
        return "x ↦ ½xᵀAx + bᵀx + c (A, b, c above)"


# ----------------------------------------------------------------- series (Robbins-Monro) ----

@register("optimisation.series")
def _series(stmt, ctx):
    """Relations ``sum_{t>=1} a_t  (< | =)  oo`` decided by the p-series test (a power of t) or
    SymPy's convergence test; a wrong one is shown by its partial sums (growing like the test
    says, or bounded)."""
    for rel in stmt.relations:
        s = rel.lhs
        if not isinstance(s, sp.Sum) or rel.rhs is not sp.oo or rel.op not in ("<", "="):
            return Evidence("error", "custom:optimisation.series",
                            detail=f"expected 'sum = oo' or 'sum < oo', got {rel}")
        var, lo, _ = s.limits[0]
        conv = _series_converges(s.function, var, lo)
        if conv is None:
            return Evidence("error", "custom:optimisation.series", detail="test inconclusive")
        holds = conv if rel.op == "<" else not conv
        if not holds:
            (var, lo, _), body = s.limits[0], s.function
            f = sp.lambdify(var, body, "numpy")
            parts = {}
            for N in (10 ** 2, 10 ** 4, 10 ** 6):
                k = np.arange(int(lo), N + 1, dtype=float)
                parts[f"N={N}"] = float(f"{float(np.sum(f(k))):.6g}")
            cx = {"relation": str(rel), "instance": {"partial sums": parts},
                  "lhs": "converges" if conv else "diverges (partial sums grow without bound)",
                  "rhs": str(rel.op) + " ∞",
                  "why": "the convergence test (p-series, else SymPy's): the series "
                         + ("converges" if conv else "diverges")}
            return Evidence("refuted", "custom:optimisation.series", counterexample=cx,
                            detail="series convergence by SymPy", trials=1)
    return Evidence("proved", "custom:optimisation.series", detail="SymPy convergence test")


# Power schedules alpha_t = t^-p for which SGD's iterates converge (the Robbins-Monro range
# 1/2 < p <= 1), with exact rationals so that SymPy's convergence test is decisive.
_CONVERGENT_POWERS = (sp.Rational(11, 20), sp.Rational(3, 4), sp.Rational(9, 10), sp.Integer(1))


def _schedule_terms(rel):
    """The series of a relation 'sum_t f(alpha_t) (= | <) oo' and the alpha_t entries it uses."""
    s = rel.lhs
    if not isinstance(s, sp.Sum) or rel.rhs is not sp.oo or rel.op not in ("<", "="):
        return None, ()
    return s, tuple(a for a in s.function.atoms(sp.Indexed) if str(a.base) == "alpha")


@functools.lru_cache(maxsize=256)
def _series_converges(body, var, lo):
    """Whether sum_{var >= lo} body converges: the p-series test when the term is a power of the
    index (sum t^e converges iff e < -1), else SymPy's convergence test (None if inconclusive)."""
    powers = sp.powsimp(body, force=True)
    if powers.is_Pow and powers.base == var and powers.exp.is_number:
        return bool(powers.exp < -1)
    conv = sp.Sum(body, (var, lo, sp.oo)).is_convergent()
    return bool(conv) if conv in (sp.true, sp.false, True, False) else None


@register("optimisation.robbins_monro")
def _robbins_monro(stmt, ctx):
    """A condition on the step sizes that SGD's convergence needs must hold for every schedule
    that converges: each relation 'sum_t g(alpha_t) (= | <) oo' is decided by SymPy's
    convergence test with alpha_t = t^-p for the exponents 1/2 < p <= 1 (Robbins-Monro
    schedules, for which SGD converges); one exponent where it fails refutes it."""
    for rel in stmt.relations:
        s, alphas = _schedule_terms(rel)
        if s is None or not alphas:
            return Evidence("error", "custom:optimisation.robbins_monro",
                            detail=f"expected a condition 'sum_t g(alpha_t) = oo' or '< oo', "
                                   f"got {rel}")
        var, lo, _ = s.limits[0]
        for p in _CONVERGENT_POWERS:
            body = s.function.xreplace({a: a.indices[0] ** (-p) for a in alphas})
            conv = _series_converges(body, var, lo)
            if conv is None:
                return Evidence("error", "custom:optimisation.robbins_monro",
                                detail="SymPy's convergence test was inconclusive")
            holds = conv if rel.op == "<" else not conv
            if not holds:
                cx = {"relation": str(rel), "instance": {"alpha_t": f"t^-{p}"},
                      "lhs": "converges" if conv else "diverges",
                      "rhs": f"{rel.op} ∞",
                      "why": (f"SGD converges with alpha_t = t^-{p} (1/2 < p <= 1), yet the "
                              f"condition fails for it: the series of {sp.sstr(body)} "
                              + ("converges" if conv else "diverges"))}
                return Evidence("refuted", "custom:optimisation.robbins_monro",
                                counterexample=cx, trials=1,
                                detail="series convergence by SymPy")
    return Evidence("proved", "custom:optimisation.robbins_monro",
                    detail="SymPy convergence test for alpha_t = t^-p, p in "
                           + ", ".join(map(str, _CONVERGENT_POWERS)))


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
        gamma = (y * (x * ws[:, None, :]).sum(-1)).min(axis=1)
        R = np.linalg.norm(x, axis=-1).max(axis=1)
        w = np.zeros((T, n))
        count = np.zeros(T, int)
        pick = rng.uniform(0, 1, T)
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
        t = count if final else np.maximum(1, np.ceil(pick * count)).astype(int)
        wt = hist[np.arange(T), t]
        return {"w_t": Val(wt[..., None], True), "w_star": Val(ws[..., None], True),
                "t": Val(t.astype(float)), "gamma": Val(gamma), "R": Val(R)}

    return ctx.numeric(stmt, extra=extra)


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
    """d softmax(x)_i / d x_j by central differences, standing in for the statement's derivative
    node; delta_ij the Kronecker delta; (i, j) alternate between distinct and equal by batch."""
    from cheatsheet.statement import Relation, Statement

    derivs = [d for r in stmt.relations for side in (r.lhs, r.rhs) for d in side.atoms(sp.Derivative)]
    J = sp.Symbol("J_sm")
    swap = {d: J for d in derivs}
    test = Statement(tuple(Relation(r.lhs.xreplace(swap), r.op, r.rhs.xreplace(swap))
                           for r in stmt.relations), latex=stmt.latex)
    calls = [0]

    def extra(inst):
        x = _num(inst, "x")[..., 0]
        n = x.shape[-1]
        i, j = _index_pair(calls, n)

        def sm(v):
            e = np.exp(v - v.max(axis=-1, keepdims=True))
            return e / e.sum(axis=-1, keepdims=True)

        e = np.zeros(n)
        e[j - 1] = 1e-6
        jac = (sm(x + e)[..., i - 1] - sm(x - e)[..., i - 1]) / 2e-6
        T = len(x)
        return {"J_sm": Val(jac), "i": Val(np.full(T, float(i))), "j": Val(np.full(T, float(j))),
                "delta_ij": Val(np.full(T, float(i == j)))}

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
    limit whatever the conditioning of X."""

    def extra(inst):
        X = _num(inst, "X")
        out = {"X_pinv": Val(np.linalg.pinv(X), True)}
        if "delta" in inst.values:
            smin = np.linalg.svd(X, compute_uv=False)[..., -1]
            out["delta"] = Val(_num(inst, "delta") * 1e1 * smin ** 2)
        return out

    return ctx.numeric(stmt, extra=extra)


@register("classic.sgd_least_squares")
def _sgd_lsq(stmt, ctx):
    """One SGD step on the sampled example's loss 1/2 (y_i - w^T x_i)^2, its gradient taken by
    central differences."""

    def extra(inst):
        w, x, y, eta = (_num(inst, k) for k in ("w_t", "x_i", "y_i", "eta"))
        loss = lambda V: 0.5 * (y - (np.swapaxes(V, -1, -2) @ x)[..., 0, 0]) ** 2  # noqa: E731
        return {"w_t+1": Val(w - eta[:, None, None] * _fd_grad(loss, w), True)}

    return ctx.numeric(stmt, extra=extra)


# ------------------------------------------- minibatch variance, PL of ridge, hyperplane geometry --

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


@register("optimisation.ridge_min")
def _ridge_min(stmt, ctx):
    """f^* = min_w 1/2 ||X w - y||^2 + lambda ||w||^2, by solving (X^T X + 2 lambda I) w = X^T y."""

    def extra(inst):
        X, y, lam = (_num(inst, k) for k in ("X", "y", "lambda"))
        d = X.shape[-1]
        Xt = np.swapaxes(X, -1, -2)
        w = np.linalg.solve(Xt @ X + 2 * lam[:, None, None] * np.eye(d), Xt @ y)
        fs = 0.5 * ((X @ w - y) ** 2).sum((-1, -2)) + lam * (w ** 2).sum((-1, -2))
        return {"f_star": Val(fs)}

    return ctx.numeric(stmt, extra=extra)


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

    def extra(inst):
        X = _num(inst, "X")
        T, _, s = X.shape
        yl = rng.choice([-1.0, 1.0], size=(T, s))
        w = (X @ rng.normal(size=(T, s, 1)))[..., 0]
        b = np.zeros(T)
        stop = rng.integers(1, 41, size=T)
        for k in range(40):
            score = yl * ((X * w[:, :, None]).sum(1) + b[:, None])
            wrong = score <= 0
            act = wrong.any(axis=1) & (k < stop)
            i = wrong.argmax(axis=1)
            xi = X[np.arange(T), :, i]
            yi = yl[np.arange(T), i]
            w = w + (act * yi)[:, None] * xi
            b = b + act * yi
        return {"w_t": Val(w[..., None], True)}

    return ctx.numeric(stmt, extra=extra)
