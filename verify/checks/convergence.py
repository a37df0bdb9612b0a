"""Custom checks of the convergence claims (``optimisation.*``): gradient-descent runs on random
convex / smooth / non-convex functions of a known class, steps on quadratics (optimal step,
stability, Newton), series and Robbins-Monro step-size conditions, the PL inequality of ridge.

Each check simulates what the formula talks about with a reference implementation written here,
hands the simulated quantities to the statement as extra values, and lets the standard numeric
comparison decide the sheet's formula on them (see optimisation.py).
"""
from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from .. import trajectory
from ..custom import register
from ..evaluate import Val
from ..evidence import Evidence
from .optimisation import _num


# ------------------------------------------------------------- gradient-descent runs ----------

class _Family:
    """Per-trial smooth functions with analytic gradients, callable on evaluator values.

    convex: f(x) = 1/2 x^T Q x + b^T x + c * logsumexp(C x) + d, Q positive definite with a
    spread spectrum (mu = lambda_min(Q) <= curvature <= lambda_max(Q) + c ||C||^2 / 2 = L);
    periodic: f(x) = sum_i a_i (1 - cos((R x)_i)) + d, R orthogonal: non-convex, L = max a,
    min d.  The level d is drawn of either sign and the convex minimiser lies at the scale of
    the starts, so f^* and x^* are no special values: a rate that adds f^* where it subtracts
    it, or measures x_0 + x^* for x_0 - x^*, fails on some run (issue 13's mutants).
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
            return (self._bc("a", x)[..., None] * (1 - np.cos(z))).sum(axis=(-1, -2)) \
                + self._level(x)
        Q, b, C = self._bc("Q", x), self._bc("b", x), self._bc("C", x)
        c = self.p["c"].reshape((-1,) + (1,) * (x.ndim - 3))
        xt = np.swapaxes(x, -1, -2)
        quad = 0.5 * (xt @ Q @ x)[..., 0, 0] + (np.swapaxes(b, -1, -2) @ x)[..., 0, 0]
        z = (C @ x)[..., 0]
        zm = z.max(axis=-1, keepdims=True)
        lse = (zm + np.log(np.exp(z - zm).sum(axis=-1, keepdims=True)))[..., 0]
        return quad + c * lse + self._level(x)

    def _level(self, x):
        d = self.p.get("d")
        return 0.0 if d is None else d.reshape((-1,) + (1,) * (x.ndim - 3))

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
            return "x ↦ Σ a_i (1 - cos((Rx)_i)) + d with " + ", ".join(
                f"{k}={v}" for k, v in p.items())
        return "x ↦ ½xᵀQx + bᵀx + c·logsumexp(Cx) + d with " + ", ".join(
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
    # b = -Q m: the quadratic's minimiser m at the scale of the starts (b ~ N(0, I) put it
    # ~1/lambda_min away, where x_0 + x^* and x_0 - x^* never come close)
    m = rng.normal(size=(T, n, 1))
    fam = _Family("convex", {"Q": Q, "b": -(Q @ m), "C": C, "c": c})
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


def _scaled(fam, scale):
    """s f - (s - 1) d: the same minimiser and level, curvature (mu, L) times s.  Correct rates
    are the same at every scale (eta ~ 1/L), a bound that drops a 1/eta or an L is not."""
    p = dict(fam.p)
    keys = ("a",) if fam.kind == "periodic" else ("Q", "b", "c")
    for k in keys:
        p[k] = p[k] * scale.reshape((-1,) + (1,) * (p[k].ndim - 1))
    return _Family(fam.kind, p)


def _gd_run(kind, step="random"):
    def check(stmt, ctx):
        names = {getattr(x, "name", str(x)) for x in stmt.free_symbols}
        # x_{t-1}, x_{t+1}: the iterates next to x_t on the same run (verify/trajectory.py)
        near = sorted(trajectory.offsets_used(names, {"x"}).get("x", set()) - {0})

        def extra(inst):
            rng = ctx.rng("run", len(inst.values["eta"].arr), tuple(sorted(inst.dims.items())))
            T = len(inst.values["eta"].arr)
            n = inst.dims.get("n", 2)
            if kind == "periodic":
                fam, mu, L, xs = _periodic_family(rng, T, n)
            else:
                fam, mu, L, xs = _convex_family(rng, T, n)
            # the level d of f, from its own stream (the run's draws stay as they were)
            fam.p["d"] = ctx.rng("level", T, tuple(sorted(inst.dims.items()))).uniform(-3, 3, T)
            # scales and starts from a stream of their own (the run's draws stay as they were)
            aux = ctx.rng("scale", T, tuple(sorted(inst.dims.items())))
            scale = np.where(aux.random(T) < 0.25, 1.0, 10 ** aux.uniform(-2, 4, T))
            u = aux.random(T)
            radius = np.where(u < 0.25, 10 ** aux.uniform(-2, -0.5, T),
                              np.where(u < 0.5, 10 ** aux.uniform(0.5, 1.5, T), 1.0))
            mirror = (aux.random(T) < 1 / 6) & (kind != "periodic")
            fam, L = _scaled(fam, scale), L * scale
            mu = None if mu is None else mu * scale
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
                # a third of them along the steepest one: f falls slowest there in absolute
                # terms when eta L is small (a bound that drops 1/eta fails there)
                far = np.linalg.norm(worst - xs, axis=(-2, -1))[:, None, None]
                steep = xs + vecs[:, :, -1:] * far
                worst = np.where((aux.random(T) < 1 / 3)[:, None, None], steep, worst)
                x0 = np.where((rng.random(T) < 0.75)[:, None, None], worst, x0)
            # starts close to x^* and far from it (a rate with a wrong power of ||x_0 - x^*||
            # fails only below 1, or only above it) and, for a sixth of the convex runs,
            # close to -x^* (x_0 + x^* is then small)
            x0 = np.where(mirror[:, None, None], -xs + 0.01 * (x0 - xs),
                          xs + radius[:, None, None] * (x0 - xs))
            fstar = fam.value(xs)
            x = x0.copy()
            xt = x0.copy()
            xk = {o: np.where((t + o == 0)[:, None, None], x0, np.nan) for o in near}
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
                for o in near:  # before x_0 (t + o < 0) the run has no iterate: NaN
                    xk[o] = np.where((k == t + o)[:, None, None], x, xk[o])
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
            out.update({trajectory.member("x", o): Val(v, True) for o, v in xk.items()})
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
    GD oscillates and does not converge).  Q is the sampled one scaled by 10^u, u in (-1, 1):
    the spectrum's scale is what a step is measured against, so a step bound that drops it
    (eta < 2) fails where lambda_max < 1."""
    rng = ctx.rng("step")

    def extra(inst):
        Q = _num(inst, "Q") * (10.0 ** rng.uniform(-1, 1, len(_num(inst, "Q"))))[:, None, None]
        lam = np.linalg.eigvalsh(Q)

        def rho(eta):  # I - eta Q has Q's eigenvectors, with eigenvalues 1 - eta lambda_i
            return np.abs(1 - eta[:, None] * lam).max(axis=-1)

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
        return {"Q": Val(Q, True), "eta_star": Val(star), "eta": Val(eta),
                "lambda_max": Val(lam[:, -1]), "lambda_min": Val(lam[:, 0])}

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
        bad = _infinite_term(s.function, var, lo)
        if bad is not None:
            k, value = bad
            cx = {"relation": str(rel), "instance": {str(var): k},
                  "lhs": f"a sum with the term {value} at {var} = {k}", "rhs": f"{rel.op} ∞",
                  "why": f"its term at {var} = {k} is {value}, which has no finite value, "
                         "so the sum has no value"}
            return Evidence("refuted", "custom:optimisation.series", counterexample=cx,
                            detail="a term of the series has no finite value (SymPy)", trials=1)
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


FIRST_TERMS = 64


def _infinite_term(body, var, lo):
    """(index, value) of the first of the series' first FIRST_TERMS terms that is not a finite
    number (1/t at t = 0), else None: a sum with such a term has no value, whatever its tail
    does.  Only a body of the index and numbers is asked (a named sequence has no value here)."""
    if not lo.is_Integer or body.free_symbols - {var}:
        return None
    for k in range(int(lo), int(lo) + FIRST_TERMS):
        v = body.subs(var, k)
        if v.is_number and (v.has(sp.zoo, sp.oo, -sp.oo, sp.nan) or v.is_finite is False):
            return k, sp.sstr(body.subs(var, sp.Symbol(str(k))))
    return None


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


# ------------------------------------------------------------ PL inequality of ridge ---------

@register("optimisation.ridge_min")
def _ridge_min(stmt, ctx):
    """f^* = min_w 1/2 ||X w - y||^2 + lambda ||w||^2, by solving (X^T X + 2 lambda I) w = X^T y.
    In a quarter of the trials the point w is the minimiser moved by 1e-3, with y scaled by
    10^u, u in (-2, 1): there both sides of an inequality between f and its gradient are small
    and nearly tight, so a side raised to another power or a norm left unsquared fails, while
    at random w, far from the minimiser, they passed.  In another quarter w is a point of the
    regularisation path, the minimiser for another penalty lambda' = c lambda, c in (0, 4):
    a gradient written with a wrong penalty (3 lambda w) vanishes on that path away from the
    minimiser, where f - f^* does not."""
    rng = ctx.rng("near")
    path_rng = ctx.rng("path")

    def extra(inst):
        X, y, lam = (_num(inst, k) for k in ("X", "y", "lambda"))
        d = X.shape[-1]
        Xt = np.swapaxes(X, -1, -2)
        out = {}
        if "w" in inst.values:
            T = len(X)
            near = (rng.uniform(size=T) < 0.25)[:, None, None]
            y = np.where(near, y * (10.0 ** rng.uniform(-2, 1, T))[:, None, None], y)
            out["y"] = Val(y, True)
        w = np.linalg.solve(Xt @ X + 2 * lam[:, None, None] * np.eye(d), Xt @ y)
        fs = 0.5 * ((X @ w - y) ** 2).sum((-1, -2)) + lam * (w ** 2).sum((-1, -2))
        out["f_star"] = Val(fs)
        if "w" in inst.values:
            scale = np.linalg.norm(w, axis=(-1, -2), keepdims=True) + 1e-12
            moved = w + 1e-3 * scale * rng.normal(size=w.shape)
            on_path = (path_rng.uniform(size=T) < 1 / 3)[:, None, None] & ~near
            pen = lam * path_rng.uniform(0, 4, T)
            path = np.linalg.solve(Xt @ X + 2 * pen[:, None, None] * np.eye(d), Xt @ y)
            out["w"] = Val(np.where(near, moved, np.where(on_path, path, _num(inst, "w"))), True)
        return out

    return ctx.numeric(stmt, extra=extra)
