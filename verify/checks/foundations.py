"""Custom checks for foundation formulas the generic engine cannot give meaning to alone.

``foundations.taylor``: Taylor's theorem with a remainder.  ``f^{(k)}(a)`` (any order, also a
summation index) needs the derivatives of the sampled function, so this check replaces ``f`` by a
per-trial function whose derivatives of every order are known in closed form,
``f(x) = sum_j c_j sin(w_j x + phi_j) + alpha e^{beta x} + p_0 + p_1 x + p_2 x^2 + p_3 x^3``, and
rewrites each k-th derivative of f in the statement (however the reader spelled it: ``f(a)^k``
from a reader that takes the order for a power, or a SymPy ``Derivative``/``Subs``) into a call of
that closed form.  Integrals are then evaluated by the engine's quadrature.

``foundations.lagrangian``: the Lagrangian of "maximise f(x, y) subject to g(x, y) = c" is decided
by what it is for: on a random concave quadratic f and a linear constraint g, the constrained
maximiser (x*, y*) must be a stationary point of the stated L(x, y, gamma) in all three variables
for some multiplier gamma*.  gamma* is fitted from the stated formula itself (its gradient is
affine in gamma), so any sign convention for the multiplier passes and a wrong formula (c
dropped, no multiplier, a squared constraint) is refuted by a non-zero partial derivative.
"""
from __future__ import annotations

from math import factorial

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet.statement import Relation, Statement

from ..custom import CheckContext, register
from ..evaluate import EvalError, Evaluator, ShapeError, Val, _to_batch
from .analysis import _Fn, _map_statement

# -- Taylor --------------------------------------------------------------------------------

_DER = sp.Function("f^(k)")  # f^(k)(k, a): the k-th derivative of f at a
_J = 3  # sine components


def _taylor_params(rng, T) -> dict:
    return {"c": rng.uniform(-1, 1, (T, _J)), "w": rng.uniform(0.3, 1.5, (T, _J)),
            "phi": rng.uniform(0, 2 * np.pi, (T, _J)), "alpha": rng.uniform(-1, 1, T),
            "beta": rng.uniform(-0.8, 0.8, T), "p": rng.uniform(-1, 1, (T, 4))}


def _derivative(P: dict, k: float, x: Val) -> Val:
    """The k-th derivative (k >= 0) of the closed-form family at x, per trial."""
    T = len(P["alpha"])
    X = _to_batch(x, x.nbatch) if x.nbatch else np.broadcast_to(x.arr, (T,))
    shaped = lambda a: a.reshape(a.shape + (1,) * (X.ndim - 1))
    out = np.zeros(X.shape)
    for j in range(_J):
        c, w, ph = (shaped(P[n][:, j]) for n in ("c", "w", "phi"))
        out = out + c * w ** k * np.sin(w * X + ph + k * np.pi / 2)
    a, b = shaped(P["alpha"]), shaped(P["beta"])
    out = out + a * b ** k * np.exp(b * X)
    for m in range(4):
        if k <= m:
            out = out + shaped(P["p"][:, m]) * (factorial(m) / factorial(m - int(k))) * X ** (m - int(k))
    return Val(out)


class _TaylorFn(_Fn):
    """f (one argument) and its derivatives f^(k)(k, x) (two arguments) of one family."""

    TEXT = "x ↦ Σ_j c_j sin(w_j x + phi_j) + alpha e^(beta x) + Σ_m p_m x^m"

    def __init__(self, params, text=TEXT):
        super().__init__(None, text, params)

    def __call__(self, *args):
        if len(args) == 1:
            return _derivative(self.params, 0, args[0])
        k, x = args
        kk = np.asarray(k.arr, float)
        if kk.ndim:
            if not np.all(kk == kk.flat[0]):
                raise ValueError("a derivative order that varies within a batch")
            kk = kk.flat[0]
        if kk < 0 or kk != int(kk):
            # no such derivative (an order -1 would be an antiderivative, fixed only up to a
            # constant): the formula names nothing, like a size mismatch
            raise ShapeError(f"is a derivative of order {kk:g}: only whole orders 0, 1, 2, ... "
                             "are defined, so the formula has no value")
        return _derivative(self.params, float(kk), x)

    def take(self, keep):
        return _TaylorFn({k: v[keep] for k, v in self.params.items()}, self.text)

    def describe(self, i):
        return self.text if self.text != self.TEXT else super().describe(i)


def _rewrite_derivatives(name: str):
    """A tree map: k-th derivatives of the function ``name`` -> f^(k)(k, point)."""

    def is_f(e):
        return isinstance(e, AppliedUndef) and type(e).__name__ == name and len(e.args) == 1

    def rw(e):
        if not isinstance(e, sp.Basic) or e.is_Atom:
            return e
        if isinstance(e, sp.Pow) and is_f(e.base):  # f^{(k)}(a) read as f(a)^k
            return _DER(rw(e.exp), rw(e.base.args[0]))
        if isinstance(e, sp.Subs):
            expr, variables, points = e.args
            if isinstance(expr, sp.Derivative) and is_f(expr.expr) and len(variables) == 1:
                (var, count), = expr.variable_count
                return _DER(rw(count), rw(points[0]))
        if isinstance(e, sp.Derivative) and is_f(e.expr) and len(e.variable_count) == 1:
            (var, count), = e.variable_count
            if e.expr.args[0] == var:
                return _DER(rw(count), var)
        args = [rw(a) for a in e.args]
        return e.func(*args) if args != list(e.args) else e

    return rw


@register("foundations.taylor")
def taylor(stmt: Statement, ctx: CheckContext):
    rewritten = _map_statement(stmt, _rewrite_derivatives("f"))

    def extra(inst):
        fn = _TaylorFn(_taylor_params(ctx.rng("taylor", *sorted(inst.dims.items())), _trials(inst)))
        inst.functions["f"] = fn
        inst.functions["f^(k)"] = _TaylorFn(fn.params, "(k, x) ↦ the k-th derivative of f at x")
        return {}

    return ctx.numeric(rewritten, extra=extra)


def _trials(inst) -> int:
    for v in inst.values.values():
        if v.arr.ndim:
            return v.arr.shape[0]
    raise ValueError("no batched value to size the trials by")


# -- Lagrangian ----------------------------------------------------------------------------

def _quadratic_problem(rng, T):
    """f(z) = -1/2 z^T Q z + b^T z (Q pd), g(z) = a^T z, level c; maximiser and multiplier."""
    B = rng.normal(size=(T, 2, 2))
    Q = B @ np.swapaxes(B, -1, -2) + 0.5 * np.eye(2)
    b = rng.normal(size=(T, 2))
    a = rng.normal(size=(T, 2))
    # |a| bounded away from 0: a near-zero constraint gradient puts the optimum far away with a
    # huge multiplier, where finite differences lose the digits the tolerance asks for
    a *= (rng.uniform(0.5, 2, T) / np.linalg.norm(a, axis=-1))[:, None]
    c = rng.uniform(-2, 2, T)
    Qi_b = np.linalg.solve(Q, b[..., None])[..., 0]
    Qi_a = np.linalg.solve(Q, a[..., None])[..., 0]
    gamma = ((a * Qi_b).sum(-1) - c) / (a * Qi_a).sum(-1)  # grad f = gamma grad g
    z = Qi_b - gamma[:, None] * Qi_a
    return Q, b, a, c, z


def _two_arg(fn, text, params):
    def call(x: Val, y: Val) -> Val:
        nb = max(x.nbatch, y.nbatch, 1)
        X, Y = _to_batch(x, nb), _to_batch(y, nb)
        return Val(fn(params, X, Y))
    return _Fn(call, text, params)


def _lagrangian_parts(stmt: Statement):
    """The stated L(x, y, gamma) = RHS: the right side (the definition's body)."""
    if len(stmt.relations) != 1 or stmt.relations[0].op != "=":
        raise ValueError("expected one definition L(x, y, gamma) = ...")
    rel = stmt.relations[0]
    return rel.rhs


@register("foundations.lagrangian")
def lagrangian(stmt: Statement, ctx: CheckContext):
    body = _lagrangian_parts(stmt)
    x, y, g = sp.Symbol("x", real=True), sp.Symbol("y", real=True), sp.Symbol("gamma", real=True)
    syms = {s.name: s for s in body.free_symbols}
    x, y, g = syms.get("x", x), syms.get("y", y), syms.get("gamma", g)
    grads = [sp.Derivative(body, v) for v in (x, y, g)]
    zero = sp.Integer(0)
    target = Statement(tuple(Relation(d, "=", zero) for d in grads), None, (), latex=stmt.latex)

    def extra(inst):
        T = _trials(inst)
        Q, b, a, c, z = _quadratic_problem(ctx.rng("lagrangian"), T)

        def f_num(P, X, Y):
            Qp = P["Q"].reshape(P["Q"].shape[:1] + (1,) * (X.ndim - 1) + (2, 2))
            bp = P["b"].reshape(P["b"].shape[:1] + (1,) * (X.ndim - 1) + (2,))
            Z = np.stack([X, Y], -1)
            return -0.5 * np.einsum("...i,...ij,...j->...", Z, Qp, Z) + (bp * Z).sum(-1)

        def g_num(P, X, Y):
            ap = P["a"].reshape(P["a"].shape[:1] + (1,) * (X.ndim - 1) + (2,))
            return ap[..., 0] * X + ap[..., 1] * Y

        inst.functions["f"] = _two_arg(f_num, "(x, y) ↦ -½ zᵀQz + bᵀz", {"Q": Q, "b": b})
        inst.functions["g"] = _two_arg(g_num, "(x, y) ↦ aᵀz", {"a": a})
        inst.values["c"] = Val(c)
        inst.values["x"], inst.values["y"] = Val(z[:, 0]), Val(z[:, 1])
        # the stated gradient is affine in gamma: fit gamma* by least squares from two values
        rows = []
        for gv in (0.0, 1.0):
            inst.values["gamma"] = Val(np.full(T, gv))
            ev = Evaluator(inst)
            rows.append(np.stack([np.broadcast_to(ev(d).arr, (T,)) for d in grads], -1))
        r0, r1 = rows
        slope = r1 - r0
        denom = (slope * slope).sum(-1)
        gstar = np.where(denom > 1e-12, -(slope * r0).sum(-1) / np.where(denom > 1e-12, denom, 1), 0.0)
        return {"c": Val(c), "x": Val(z[:, 0]), "y": Val(z[:, 1]), "gamma": Val(gstar)}

    return ctx.numeric(target, extra=extra)



# -- Jacobian layouts ----------------------------------------------------------------------

@register("foundations.jacobian_shape")
def jacobian_shape(stmt: Statement, ctx: CheckContext):
    """N_rows, N_cols: the size of df/dx for the sampled f = vecfunction(m, n), as the engine
    differentiates it under the version's layout (numerator: m x n, denominator: n x m)."""
    from cheatsheet.latex import parse_expr

    jac = parse_expr(r"\frac{\partial \mathbf{f}(\mathbf{x})}{\partial \mathbf{x}}", ctx.decls,
                     layout=ctx.options.layout)

    def extra(inst):
        rows, cols = Evaluator(inst)(jac).mshape
        T = _trials(inst)
        return {"N_rows": Val(np.full(T, float(rows))), "N_cols": Val(np.full(T, float(cols)))}

    return ctx.numeric(stmt, extra=extra)


JACOBIAN_ENTRY_SIZES = [{"m": 2, "n": 2}, {"m": 3, "n": 3}, {"m": 4, "n": 4}]


def _entry_partials(expr, found: dict):
    """d(...)/d x_k (a derivative by one entry of a vector) -> the derivative at t = 0 of
    (...)(x + t u_k), with u_k the unit vector of entry k: the engine differentiates by whole
    symbols only.  ``found`` collects (vector, index) -> (t, u_k)."""
    if isinstance(expr, sp.Derivative) and len(expr.variables) == 1 \
            and isinstance(expr.variables[0], sp.Indexed):
        var = expr.variables[0]
        vec = sp.MatrixSymbol(str(var.base.label), *_shape_of(expr.expr, str(var.base.label)))
        (idx,) = var.indices
        t, u = found.setdefault((vec.name, idx), (sp.Dummy(f"t_{idx}"),
                                                    sp.MatrixSymbol(f"unit_{idx}", *vec.shape)))
        body = _entry_partials(expr.expr, found).xreplace({vec: vec + t * u})
        return sp.Subs(sp.Derivative(body, t), (t,), (sp.Integer(0),))
    if not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        return expr
    new = [_entry_partials(a, found) for a in expr.args]
    return expr.func(*new) if any(n is not o for n, o in zip(new, expr.args)) else expr


def _shape_of(expr, name):
    for m in expr.atoms(sp.MatrixSymbol):
        if m.name == name:
            return m.shape
    raise EvalError(f"{name} is differentiated by an entry but never used as a vector")


@register("foundations.jacobian_entry")
def jacobian_entry(stmt: Statement, ctx: CheckContext):
    """Entry (i, j) of a Jacobian, written ``e_i^T M e_j``: ``e_i`` and ``e_j`` are the unit
    vectors of a random row i and column j (mostly i != j) of df/dx as the engine lays it out under the version's
    layout (numerator m x n, denominator n x m), so the right side must give that entry; a
    derivative by an entry x_k is taken along the unit vector of entry k.  Sizes m = n, so an
    entry formula that swaps or repeats an index stays well-formed and is refuted by its
    value."""
    found: dict = {}
    rels = tuple(Relation(_entry_partials(r.lhs, found), r.op, _entry_partials(r.rhs, found))
                 for r in stmt.relations)
    st = Statement(rels, None, stmt.premises, latex=stmt.latex)
    rng = ctx.rng("entry")
    calls = [0]

    def extra(inst):
        # an off-diagonal entry in two batches of three (a swapped or repeated index shows
        # there), a diagonal one in the third
        T = _trials(inst)
        i = int(rng.integers(1, inst.dims["m"] + 1))
        j = i if calls[0] % 3 == 2 else int((i + rng.integers(0, inst.dims["n"] - 1))
                                             % inst.dims["n"] + 1)
        calls[0] += 1
        k = {"i": i, "j": j}
        out = {name: Val(np.full(T, float(v))) for name, v in k.items()}
        for name, size in (("e_i", ctx.decls["e_i"].args[0]), ("e_j", ctx.decls["e_j"].args[0])):
            out[name] = _unit(T, inst.dims[size], k[name[-1]])
        for (vec, idx), (t, u) in found.items():
            n = inst.values[vec].mshape[0]
            if str(idx) not in k:
                raise EvalError(f"the entry index {idx} is neither i nor j")
            out[u.name] = _unit(T, n, k[str(idx)])
        return out

    return ctx.numeric(st, extra=extra, dims=JACOBIAN_ENTRY_SIZES)


def _unit(T, n, k) -> Val:
    e = np.zeros((T, n, 1))
    e[:, k - 1, 0] = 1.0
    return Val(e, True)
