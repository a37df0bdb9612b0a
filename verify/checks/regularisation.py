"""Custom checks of the regularisation claims (weight decay, L1/L2 shrinkage, early stopping).

Every check computes the quantity the formula names by an independent route and then runs the
standard numeric comparison, so the canonical form and every sheet version get the same test:

* ``regularisation.omega``: the weight-decay penalty Omega_mu(theta) = mu/2 ||theta||^2 is supplied
  as a function, so ``\\nabla \\Omega_\\mu(\\theta)`` is a finite-difference gradient.
* ``regularisation.ridge_quadratic``: the minimiser of the local quadratic model plus an L2 penalty,
  1/2 (w - w*)^T H (w - w*) + pen/2 ||w||^2, solved as a stacked least-squares problem.  H comes
  from random eigenvalues and the orthogonal Q; a premise ``H = ...`` of the formula (the sheet's
  own convention, e.g. H = Q^T Lambda Q) decides how H is built from them.
* ``regularisation.gd_quadratic``: gradient descent from 0 on that quadratic, run step by step.
* ``regularisation.prox1d``: the minimiser of h/2 (x - c)^2 + penalty(x) found by golden-section
  search (the L1 soft-threshold and the L2 shrink of one coordinate).
* ``regularisation.residual``: y_k is replaced by the residual block alpha f(y_{k-1}, Theta_k) +
  y_{k-1} (f a random tanh layer) before the Jacobians are taken by finite differences, except
  where y_k is the variable of a derivative; other layers (y_{k+1}) are inputs of their own.
"""
from __future__ import annotations

import numpy as np

from cheatsheet.statement import Statement
from ..custom import register
from ..evaluate import Evaluator, Val
from ..functions import _p
from .. import trajectory


def _no_premises(stmt: Statement) -> Statement:
    return Statement(stmt.relations, stmt.expr, (), latex=stmt.latex)


def _names(stmt: Statement) -> set[str]:
    out = set()
    for s in stmt.free_symbols:
        out.add(getattr(s, "name", str(s)))
    for r in stmt.premises:
        for s in r.lhs.free_symbols | r.rhs.free_symbols:
            out.add(getattr(s, "name", str(s)))
    return out


# -- weight decay gradient -----------------------------------------------------------------

class _WeightDecay:
    """theta -> mu/2 ||theta||^2 with a per-trial mu (a function the evaluator can call)."""

    def __init__(self, mu):
        self.mu = mu

    def __call__(self, x: Val) -> Val:
        sq = 0.5 * (x.arr ** 2).sum(axis=(-1, -2))
        return Val(_p(self.mu, Val(sq)) * sq)

    def take(self, keep):
        return _WeightDecay(self.mu[keep])

    def describe(self, i):
        return f"theta -> {float(self.mu[i]):.4g}/2 ||theta||^2"


@register("regularisation.omega")
def _omega(stmt, ctx):
    def extra(inst):
        inst.functions["Omega_mu"] = _WeightDecay(inst.values["mu"].arr)
        return {}

    return ctx.numeric(stmt, extra=extra)


# -- ridge on a quadratic model and GD on it -----------------------------------------------

# claim id -> (minimiser, optimum, penalty) names
_RIDGE = {
    "wd.ridge-optimum": ("theta_mu_star", "theta_star", "mu"),
    "wd.eigen-shrinkage": ("theta_mu_star", "theta_star", "mu"),
    "es.ridge-eigenbasis": ("w", "w_star", "lambda"),
}


def _hessian(stmt, inst, rng):
    """Random eigenvalues -> Lambda; H from the formula's premise 'H = ...' or Q Lambda Q^T."""
    T = inst.values["Q"].arr.shape[0] if "Q" in inst.values else next(
        v.arr.shape[0] for v in inst.values.values() if v.arr.ndim)
    d = inst.dims["d"]
    ev = np.exp(rng.uniform(np.log(0.1), np.log(10), (T, d)))
    Lam = ev[..., None] * np.eye(d)
    inst.values["Lambda"] = Val(Lam, True)
    if "lambda_vec" in inst.values:
        inst.values["lambda_vec"] = Val(ev[..., None], True)
    names = _names(stmt)
    Q = inst.values["Q"].arr if "Q" in names else np.broadcast_to(np.eye(d), (T, d, d))
    H = None
    for r in stmt.premises:
        if getattr(r.lhs, "name", None) == "H" and r.op == "=":
            H = Evaluator(inst)(r.rhs).arr
    if H is None:
        H = Q @ Lam @ np.swapaxes(Q, -1, -2)
    inst.values["H"] = Val(np.array(H), True)
    return np.array(H)


def _ridge_min(H, opt, pen):
    """argmin_w 1/2 (w - opt)^T H (w - opt) + pen/2 ||w||^2 by stacked least squares."""
    T, d, _ = H.shape
    w, V = np.linalg.eigh((H + np.swapaxes(H, -1, -2)) / 2)
    root = V @ (np.sqrt(np.clip(w, 0, None))[..., None] * np.swapaxes(V, -1, -2))
    out = np.empty((T, d, 1))
    for t in range(T):
        A = np.vstack([root[t], np.sqrt(pen[t]) * np.eye(d)])
        rhs = np.concatenate([root[t] @ opt[t], np.zeros((d, 1))])
        out[t] = np.linalg.lstsq(A, rhs, rcond=None)[0]
    return out


@register("regularisation.ridge_quadratic")
def _ridge(stmt, ctx):
    target, opt, pen = _RIDGE[ctx.claim_id]
    rng = ctx.rng("spectrum")

    def extra(inst):
        H = _hessian(stmt, inst, rng)
        o = inst.values[opt].arr
        p = inst.values[pen].arr
        return {target: Val(_ridge_min(H, o, p), True)}

    return ctx.numeric(_no_premises(stmt), extra=extra)


# claim id -> (iterate after `steps` steps, iterate one step before or None, optimum, steps)
_GD = {
    "es.gd-error-recursion": ("w_t", "w_t-1", "w_star", "t"),
    "es.gd-eigenbasis": ("w_t", None, "w_star", "t"),
    "es.gd-trajectory": ("theta_(k)", None, "theta_star", "k"),
}


@register("regularisation.gd_quadratic")
def _gd(stmt, ctx):
    now, before, opt, steps = _GD[ctx.claim_id]
    rng = ctx.rng("spectrum")

    fam = now[:-2] if now.endswith("_t") and steps == "t" else None
    names = _names(stmt)

    def extra(inst):
        H = _hessian(stmt, inst, rng)
        o = inst.values[opt].arr
        eta = inst.values["eta"].arr[:, None, None]
        k = inst.values[steps].arr.astype(int)
        w = np.zeros_like(o)
        prev = np.zeros_like(o)
        out_now, out_prev = np.zeros_like(o), np.zeros_like(o)
        hist = [w]
        for s in range(1, int(k.max()) + 2):  # one step past the last t: w_{t+1} is on the run
            prev = w
            w = w - eta * (H @ (w - o))
            hist.append(w)
            hit = (k == s)[:, None, None]
            out_now = np.where(hit, w, out_now)
            out_prev = np.where(hit, prev, out_prev)
        vals = {now: Val(out_now, True)}
        if before:
            vals[before] = Val(out_prev, True)
        if fam is not None:  # every member of the run the formula names (w_{t+1}, w_{t-1})
            vals.update(trajectory.along({fam: np.stack(hist, axis=1)}, k, names,
                                         matrix=frozenset({fam})))
        return vals

    return ctx.numeric(_no_premises(stmt), extra=extra)


# -- one-coordinate proximal problems ------------------------------------------------------

# claim id -> (minimiser, centre, curvature name or None for 1, weight, penalty kind)
_PROX = {
    "l1.soft-threshold": ("a_star", "b", None, "beta", "l1"),
    "l1.coordinate": ("theta_i", "theta_i_star", "h_i", "lambda", "l1"),
    "l2.coordinate": ("theta_i", "theta_i_star", "h_i", "lambda", "l2"),
}


def _convex_argmin(slope, lo, hi, iters=200):
    """The minimiser of a convex function on [lo, hi], found by bisection on its right
    derivative ``slope`` (nondecreasing) for the point where it turns nonnegative.  A search on
    the values (golden section) stops at sqrt(machine eps) relative accuracy, since there the
    values differ by rounding only: a minimiser near 1e-4 then comes out with 1e-4 relative
    error and a true formula is "refuted"."""
    a, b = lo.copy(), hi.copy()
    for _ in range(iters):
        m = (a + b) / 2
        up = slope(m) >= 0
        a, b = np.where(up, a, m), np.where(up, m, b)
    return (a + b) / 2


@register("regularisation.prox1d")
def _prox(stmt, ctx):
    x, c, h, wname, kind = _PROX[ctx.claim_id]

    def extra(inst):
        cv = inst.values[c].arr
        hv = inst.values[h].arr if h else np.ones_like(cv)
        lam = inst.values[wname].arr
        # right derivative of h/2 (z - c)^2 + penalty(z): lam |z| has slope lam sgn(z) (lam
        # at 0), lam/2 z^2 has slope lam z
        if kind == "l1":
            pen = lambda z: lam * np.where(z >= 0, 1.0, -1.0)  # noqa: E731
        else:
            pen = lambda z: lam * z  # noqa: E731
        r = np.abs(cv) + 1.0
        z = _convex_argmin(lambda z: hv * (z - cv) + pen(z), -r, r)
        z = np.where(np.abs(z) < 1e-10, 0.0, z)
        return {x: Val(z)}

    return ctx.numeric(stmt, extra=extra)


# -- residual blocks ---------------------------------------------------------------------------

class _Block:
    """(y, Theta) -> tanh(Theta y + c): a smooth layer map R^d -> R^d, c per trial."""

    def __init__(self, c):
        self.c = c

    def __call__(self, y: Val, theta: Val) -> Val:
        Y, W = y.arr, theta.arr
        nb = max(Y.ndim, W.ndim) - 2
        c = self.c.reshape(self.c.shape[:1] + (1,) * (nb - 1) + self.c.shape[1:])
        return Val(np.tanh(W @ Y + c), True)

    def take(self, keep):
        return _Block(self.c[keep])

    def describe(self, i):
        return f"(y, Theta) -> tanh(Theta y + {np.round(self.c[i][:, 0], 3).tolist()})"


@register("regularisation.residual")
def _residual(stmt, ctx):
    """y_k is replaced by the residual block alpha f(y_{k-1}, Theta_k) + y_{k-1} before the
    derivatives are taken; f is a random tanh layer."""
    import sympy as sp
    from cheatsheet import ops

    syms = {getattr(s, "name", None): s for s in _all_symbols(stmt)}
    yk, prev = syms.get("y_k"), syms.get("y_k-1")
    if yk is not None and prev is not None:
        # built by hand: the reader gives a vecfunction's output a size symbol of its own, so it
        # refuses to parse 'alpha f(y_{k-1}, Theta_k) + y_{k-1}' (see the report)
        f_app = sp.Function("f")(prev, syms.get("Theta_k", sp.Symbol("Theta_k")))
        block = syms.get("alpha", sp.Symbol("alpha")) * ops.MatApply("call", prev.shape[0], 1, f_app) + prev
        rels = tuple(type(r)(_block_for(r.lhs, yk, block), r.op, _block_for(r.rhs, yk, block))
                     for r in stmt.relations)
        stmt = Statement(rels, stmt.expr, stmt.premises, latex=stmt.latex)
    rng = ctx.rng("block")

    def extra(inst):
        T, d = inst.values["y_k-1"].arr.shape[:2]
        f = inst.functions["f"] = _Block(rng.normal(size=(T, d, 1)))
        y, th = inst.values["y_k-1"], inst.values["Theta_k"]
        alpha = inst.values["alpha"].arr[:, None, None]
        return {"y_k": Val(alpha * f(y, th).arr + y.arr, True)}  # shown in counterexamples

    return ctx.numeric(stmt, extra=extra)


def _block_for(e, yk, block):
    """``e`` with the block in place of y_k, except in a derivative taken with respect to y_k:
    there y_k is the variable (d y_k / d y_k = I; f(y_{k-1}) does not change with it)."""
    from cheatsheet import ops

    if e == yk:
        return block
    if isinstance(e, ops.MatApply) and str(e.args[0]) == "partial" and len(e.args) > 4 \
            and e.args[4] == yk:
        return e
    if not e.args or not any(yk in getattr(a, "free_symbols", ()) for a in e.args):
        return e
    return e.func(*[_block_for(a, yk, block) for a in e.args])


def _all_symbols(stmt):
    import sympy as sp
    out = set()
    for r in stmt.relations:
        for side in (r.lhs, r.rhs):
            out |= {n for n in sp.preorder_traversal(side) if isinstance(n, (sp.Symbol, sp.MatrixSymbol))}
    return out
