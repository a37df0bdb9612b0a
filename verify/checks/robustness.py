"""Custom checks of the robustness / interpretability claims.

* ``robustness.linear``: adversarial perturbations of a linear classifier f(x) = w^T x + b with a
  correctly classified x (y = sign f(x), so y is +-1).  The minimal L2 perturbation is the
  minimum-norm solution of w^T delta = -(w^T x + b) via numpy's pseudo-inverse; the optimal
  L-infinity perturbation minimises y w^T delta over the set the statement's premises describe
  (the box ||delta||_inf <= eps when there is none), searched over the box's vertices at several
  scales, so a premise that does not bound delta lets a larger perturbation win; the multiclass
  distance to the y/j boundary is the norm of the minimum-norm solution for the score difference.
* ``robustness.flip_iff``: a condition "delta flips the decision" must hold exactly when
  y (w^T (x + delta) + b) <= 0; the statement's relation is compared, trial by trial, with that
  indicator (so a condition that is only sufficient, or never true, is refuted).
* ``robustness.shapley``: random cooperative games on p <= 4 players; Shapley values by averaging
  marginal contributions over all p! orderings.  A formula summing over subsets S of the other
  players reads the subsets as S_1..S_K (K = 2^{p-1}) with s_k = |S_k|, u_k = Q(S_k u {j}) and
  q_k = Q(S_k), which the check supplies.
* ``robustness.fgsm``: a random smooth score f (linear plus tanh terms) under the logistic loss;
  the FGSM perturbation (or the PGD L-infinity direction at delta_t) is compared with the vertex
  of the box maximising the first-order model, all 2^d vertices enumerated with the exact
  gradient (the formula's own gradient is a finite difference).
* ``robustness.fairness``: random joint laws of binary (A, Y, Y_hat) from four families (generic,
  demographic parity, equalised odds, equal opportunity by construction).  The formula's
  probabilities P(E | C) are computed from the table, its free values (a, a', y...) range over
  {0, 1}; it must be true exactly on the laws meeting the criterion's independence definition.
"""
from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

from cheatsheet import ops
from cheatsheet.statement import Relation, Statement
from ..custom import register
from ..evaluate import Distribution, Evaluator, Val
from ..numeric import NumericOptions, compare


def _col(inst, name):
    return inst.values[name].arr


def _inner(a, b):
    return (a * b).sum(axis=(-1, -2))


def _min_norm(a, r):
    """Minimum-norm delta with a^T delta = r, per trial (Moore-Penrose pseudo-inverse of the
    1 x n system, computed by SVD)."""
    return np.linalg.pinv(np.swapaxes(a, -1, -2)) @ np.asarray(r)[..., None, None]


@register("robustness.linear")
def _linear(stmt, ctx):
    names = {getattr(s, "name", str(s)) for s in stmt.free_symbols}
    rng = ctx.rng("coordinate")

    def extra(inst):
        out = {}
        if "w_y" in inst.values:  # multiclass: distance to the y/j boundary
            a = _col(inst, "w_y") - _col(inst, "w_j")
            c = _col(inst, "b_y") - _col(inst, "b_j")
            x = _col(inst, "x")
            m = _inner(a, x) + c
            out["d_j"] = Val(np.linalg.norm(_min_norm(a, -m), axis=(-2, -1)))
            inst.functions["m_j"] = _Margin(a, c)
            return out
        w, x, b = _col(inst, "w"), _col(inst, "x"), _col(inst, "b")
        f = _inner(w, x) + b
        y = np.where(f >= 0, 1.0, -1.0)
        out["y"] = Val(y)
        if "delta_star" in inst.values:
            out["delta_star"] = Val(_min_norm(w, -f), True)
        if "epsilon" in inst.values and "delta" in inst.values and "flips" not in names:
            out["delta"] = Val(_best_perturbation(stmt, inst, w, y, _col(inst, "epsilon")), True)
            d = w.shape[-2]
            if "i" in inst.values:  # a componentwise reading: one coordinate per batch
                out["i"] = Val(np.full(len(y), float(rng.integers(1, d + 1))))
        return out

    return ctx.numeric(stmt, extra=extra)


# Scales of the box vertices offered as perturbations: inside, on and outside the budget, so
# that a premise which does not bound delta lets a larger one win.
_SCALES = (0.5, 1.0, 2.0, 4.0)


def _best_perturbation(stmt, inst, w, y, eps):
    """The perturbation minimising y w^T delta over the set the statement's premises describe
    (the box ||delta||_inf <= eps when it states none): candidates are the box's vertices at
    several scales, kept where every premise holds with delta set to them.  A premise that does
    not bound delta (a condition on w, say) keeps them all, and the largest one wins."""
    d = w.shape[-2]
    verts = np.array(list(itertools.product([-1.0, 1.0], repeat=d)))  # (V, d)
    scales = _SCALES if stmt.premises else (1.0,)
    cands = np.concatenate([k * verts for k in scales])  # (C, d)
    T = len(y)
    cand = eps[:, None, None] * cands[None]  # (T, C, d)
    feasible = np.ones(cand.shape[:2], bool)
    if stmt.premises:
        base = dict(inst.values)
        for c in range(cand.shape[1]):
            inst.values["delta"] = Val(cand[:, c, :, None], True)
            ev = Evaluator(inst)
            for rel in stmt.premises:
                out = compare(rel, ev(rel.lhs), ev(rel.rhs), T,
                              NumericOptions(rtol=1e-12, atol=1e-12))
                feasible[:, c] &= out.ok
        inst.values.clear()
        inst.values.update(base)
    obj = np.where(feasible, y[:, None] * (cand @ w)[..., 0], np.inf)  # (T, C): y w^T delta
    best = cand[np.arange(T), np.argmin(obj, axis=1)]
    return best[..., None]


class _Margin:
    """x -> a^T x + c with per-trial a, c (the score margin of class y over class j)."""

    def __init__(self, a, c):
        self.a, self.c = a, c

    def __call__(self, x: Val) -> Val:
        return Val(_inner(self.a, x.arr) + self.c)

    def take(self, keep):
        return _Margin(self.a[keep], self.c[keep])

    def describe(self, i):
        return (f"x -> {np.round(self.a[i][:, 0], 4).tolist()}^T x + {float(self.c[i]):.4g}")


_REL = {"<=": sp.Le, "<": sp.Lt, ">=": sp.Ge, ">": sp.Gt, "=": sp.Eq}


@register("robustness.flip_iff")
def _flip(stmt, ctx):
    """Each relation, as a 0/1 value, must equal the flip indicator on every trial."""
    flips = sp.Symbol("flips")
    rels = tuple(Relation(_REL[r.op](r.lhs, r.rhs, evaluate=False), "=", flips)
                 for r in stmt.relations)
    new = Statement(rels, None, stmt.premises, latex=stmt.latex)

    def extra(inst):
        w, x, b, dl = (_col(inst, n) for n in ("w", "x", "b", "delta"))
        f = _inner(w, x) + b
        y = np.where(f >= 0, 1.0, -1.0)
        flip = (y * (_inner(w, x + dl) + b) <= 0).astype(float)
        return {"y": Val(y), "flips": Val(flip)}

    return ctx.numeric(new, extra=extra)


SHAPLEY_DIMS = [{"p": 2, "K": 2}, {"p": 3, "K": 4}, {"p": 4, "K": 8}, {"p": 3, "K": 4}]


@register("robustness.shapley")
def _shapley(stmt, ctx):
    rng = ctx.rng("game")

    def extra(inst):
        p = inst.dims["p"]
        T = next(v.arr.shape[0] for v in inst.values.values() if v.arr.ndim)
        v = rng.normal(size=(T, 2 ** p)) * 2  # v[mask] = Q(S), bit i set = player i+1 in S
        phi = np.zeros((T, p))
        perms = list(itertools.permutations(range(p)))
        for order in perms:
            mask = 0
            for i in order:
                phi[:, i] += v[:, mask | (1 << i)] - v[:, mask]
                mask |= 1 << i
        phi /= len(perms)
        # the player phi_j is about (0-based), one per batch: j is a value of the formula too
        # (an index written s_j reads entry j, which must not vary within a batch)
        j = np.full(T, int(rng.integers(0, p)))
        others = [[k for k in range(p) if k != jj] for jj in range(p)]
        K = 2 ** (p - 1)
        s, u, q = (np.zeros((T, K, 1)) for _ in range(3))
        for t in range(T):
            rest = others[j[t]]
            for k, bits in enumerate(itertools.product([0, 1], repeat=p - 1)):
                mask = sum(1 << pl for pl, bit in zip(rest, bits) if bit)
                s[t, k, 0] = sum(bits)
                q[t, k, 0] = v[t, mask]
                u[t, k, 0] = v[t, mask | (1 << j[t])]
        return {"phi": Val(phi[..., None], True), "phi_j": Val(phi[np.arange(T), j]),
                "j": Val(j + 1.0),
                "Q_all": Val(v[:, -1]), "Q_emptyset": Val(v[:, 0]),
                "s": Val(s, True), "u": Val(u, True), "q": Val(q, True)}

    return ctx.numeric(stmt, extra=extra, dims=SHAPLEY_DIMS)


# -- FGSM: the maximiser of the linearised loss over the L-infinity ball ---------------------

class _Score:
    """x -> w^T x + c + s sum_i tanh(u_i x_i): a smooth nonlinear score with per-trial
    parameters (w, u columns, c, s scalars); ``grad`` is its exact gradient."""

    def __init__(self, w, u, c, s):
        self.w, self.u, self.c, self.s = w, u, c, s

    def __call__(self, x: Val) -> Val:
        X = x.arr
        nb = X.ndim - 2
        sh = lambda a: a.reshape(a.shape[:1] + (1,) * (nb - 1) + a.shape[1:])  # noqa: E731
        out = (sh(self.w) * X).sum(axis=(-1, -2)) + sh(self.c) \
            + sh(self.s) * np.tanh(sh(self.u) * X).sum(axis=(-1, -2))
        return Val(out)

    def grad(self, X):
        return self.w + self.s[:, None, None] * self.u * (1 - np.tanh(self.u * X) ** 2)

    def take(self, keep):
        return _Score(self.w[keep], self.u[keep], self.c[keep], self.s[keep])

    def describe(self, i):
        return (f"x -> {np.round(self.w[i][:, 0], 3).tolist()}^T x + {float(self.c[i]):.3g} + "
                f"{float(self.s[i]):.3g} sum tanh({np.round(self.u[i][:, 0], 3).tolist()} * x)")


class _LogLoss:
    """(s, y) -> log(1 + exp(-y s)), the logistic loss of a score s for a label y = +-1."""

    def __call__(self, s: Val, y: Val) -> Val:
        a, b = s.arr, y.arr
        b = b.reshape(b.shape + (1,) * (a.ndim - b.ndim))
        return Val(np.logaddexp(0.0, -b * a))

    def take(self, keep):
        return self

    def describe(self, i):
        return "(s, y) -> log(1 + exp(-y s))"


# claim id -> (perturbation name, radius name or None for 1, offset added to x or None)
_FGSM = {
    "adv.fgsm": ("delta", "epsilon", None),
    "adv.pgd-linf-direction": ("g_t", None, "delta_t"),
}


@register("robustness.fgsm")
def _fgsm(stmt, ctx):
    """The loss L(f(x), y) of a smooth score f with the logistic loss L is supplied; the
    perturbation the formula names is the best vertex of the box ||delta||_inf <= eps for the
    first-order model L + grad^T delta (all 2^d vertices enumerated, gradient exact)."""
    out_name, radius, offset = _FGSM[ctx.claim_id]
    rng = ctx.rng("score")
    # the direction at another step (g_{t-1}) is the one at that step's perturbation
    # (delta_{t-1}), when the claim declares it: each step's direction has its own point
    from .. import trajectory

    names = {getattr(x, "name", str(x)) for x in stmt.free_symbols}
    steps = {0: (out_name, offset)}
    if offset and out_name.endswith("_t") and offset.endswith("_t"):
        for k in trajectory.offsets_used(names, {out_name[:-2]}).get(out_name[:-2], ()):
            moved = trajectory.member(offset[:-2], k)
            if moved in ctx.decls:
                steps[k] = (trajectory.member(out_name[:-2], k), moved)

    def extra(inst):
        x = _col(inst, "x")
        T, d = x.shape[0], x.shape[-2]
        f = _Score(rng.normal(size=(T, d, 1)), rng.normal(size=(T, d, 1)),
                   rng.normal(size=T), rng.uniform(0.2, 1.5, T))
        inst.functions["f"] = f
        inst.functions["L"] = _LogLoss()
        y = np.where(rng.random(T) < 0.5, -1.0, 1.0)
        r = _col(inst, radius)[:, None, None] if radius else 1.0
        verts = np.array(list(itertools.product([-1.0, 1.0], repeat=d)))  # (V, d)
        out = {"y": Val(y)}
        for name, shift in steps.values():
            at = x + _col(inst, shift) if shift else x
            s = f(Val(at, True)).arr
            g = -y * (1 / (1 + np.exp(y * s)))  # dL/ds at (s, y)
            grad = g[:, None, None] * f.grad(at)  # (T, d, 1)
            best = verts[np.argmax((verts[None] @ grad)[..., 0], axis=1)]  # (T, d)
            out[name] = Val(r * best[..., None], True)
        return out

    return ctx.numeric(stmt, extra=extra)


# -- robust training: the worst loss over the budget -------------------------------------------

class _Linear:
    """x -> w^T x + b with per-trial w, b (a linear score)."""

    def __init__(self, w, b):
        self.w, self.b = w, b

    def __call__(self, x: Val) -> Val:
        X = x.arr
        nb = X.ndim - 2
        sh = lambda a: a.reshape(a.shape[:1] + (1,) * (nb - 1) + a.shape[1:])  # noqa: E731
        return Val((sh(self.w) * X).sum(axis=(-1, -2)) + sh(self.b))

    def take(self, keep):
        return _Linear(self.w[keep], self.b[keep])

    def describe(self, i):
        return f"x -> {np.round(self.w[i][:, 0], 4).tolist()}^T x + {float(self.b[i]):.4g}"


ROBUST_DIMS = [{"d": 1, "K": 2}, {"d": 2, "K": 4}, {"d": 3, "K": 8}, {"d": 2, "K": 4}]


@register("robustness.worst_case")
def _worst_case(stmt, ctx):
    """A linear score f(x) = w^T x + b under the logistic loss L(s, y) = log(1 + e^{-y s}): the
    worst loss over the budget ||delta||_inf <= eps is log(1 + exp(-y f(x) + eps ||w||_1)),
    attained at a vertex of the box.  A family delta_1..delta_K is the box's K = 2^d vertices;
    a single free delta is a random point inside the budget."""
    rng = ctx.rng("model")

    def extra(inst):
        x, eps = _col(inst, "x"), _col(inst, "epsilon")
        T, d = x.shape[0], x.shape[-2]
        w, b = rng.normal(size=(T, d, 1)), rng.normal(size=T)
        f = _Linear(w, b)
        inst.functions["f"] = f
        inst.functions["L"] = _LogLoss()
        y = np.where(rng.random(T) < 0.5, -1.0, 1.0)
        out = {"y": Val(y)}
        margin = y * f(Val(x, True)).arr - eps * np.abs(w).sum(axis=(-1, -2))
        out["R"] = Val(np.logaddexp(0.0, -margin))
        delta = inst.values["delta"]
        if delta.arr.shape[-1] == 1:  # one perturbation: a point inside the budget
            out["delta"] = Val(eps[:, None, None] * rng.uniform(-1, 1, (T, d, 1)), True)
        else:  # the family of the box's vertices, one per column
            verts = np.array(list(itertools.product([-1.0, 1.0], repeat=d))).T  # (d, K)
            out["delta"] = Val(eps[:, None, None] * verts[None], True)
        return out

    return ctx.numeric(stmt, extra=extra, dims=ROBUST_DIMS)


# -- group fairness on random joint laws of (A, Y, Y_hat) -------------------------------------

_FAIR_VARS = ("A", "Y", "Y_hat")  # cell (a, y, yh) of a 2 x 2 x 2 table


def _fair_tables(rng, T):
    """Random joint laws p[t, a, y, yh], a mix of four families so that every criterion is
    met on some trials and violated on others: generic; Y_hat independent of A (demographic
    parity); Y_hat independent of A given Y (equalised odds); given Y = 1 only (equal
    opportunity)."""
    fam = rng.integers(0, 4, T)
    p = rng.dirichlet(np.ones(8), T).reshape(T, 2, 2, 2)
    d = lambda *shape: rng.dirichlet(np.ones(shape[-1]), (T,) + shape[:-1])  # noqa: E731
    pa, pyh = d(2), d(2)
    dp = pa[:, :, None, None] * pyh[:, None, None, :] * d(2, 2, 2).transpose(0, 1, 3, 2)
    py, pa_y, pyh_y = d(2), d(2, 2), d(2, 2)  # p(y), p(a | y) [y, a], p(yh | y) [y, yh]
    eo = py[:, None, :, None] * pa_y.transpose(0, 2, 1)[..., None] * pyh_y[:, None, :, :]
    pyh_ay = d(2, 2, 2)  # p(yh | a, y) [a, y, yh], made a-free at y = 1
    pyh_ay[:, :, 1, :] = pyh_ay[:, :1, 1, :]
    eopp = py[:, None, :, None] * pa_y.transpose(0, 2, 1)[..., None] * pyh_ay
    for k, q in ((1, dp), (2, eo), (3, eopp)):
        p[fam == k] = q[fam == k]
    return p


def _fair_truth(kind, p):
    """Whether each table meets the criterion, computed from the factorisation."""
    tol = 1e-9
    if kind == "dp":  # p(a, yh) = p(a) p(yh)
        j = p.sum(axis=2)
        ok = np.abs(j - j.sum(2, keepdims=True) * j.sum(1, keepdims=True)) < tol
        return ok.all(axis=(1, 2))
    py = p.sum(axis=(1, 3), keepdims=True)  # p(a, yh | y) = p(a | y) p(yh | y)
    c = p / py
    gap = np.abs(c - c.sum(3, keepdims=True) * c.sum(1, keepdims=True)) < tol
    if kind == "eo":
        return gap.all(axis=(1, 2, 3))
    return gap[:, :, 1, :].all(axis=(1, 2))  # "eopp": at y = 1 only


def _event_mask(ev, vals):
    """Cells of the 2 x 2 x 2 table where a conjunction of equalities V = value holds."""
    parts = ev.args if isinstance(ev, sp.Tuple) else (ev,)
    mask = np.ones((2, 2, 2), bool)
    for e in parts:
        if not isinstance(e, sp.Equality):
            raise ValueError(f"event {e} is not an equality")
        var, val = (e.lhs, e.rhs) if getattr(e.lhs, "name", None) in _FAIR_VARS else (e.rhs, e.lhs)
        if getattr(var, "name", None) not in _FAIR_VARS:
            raise ValueError(f"event {e} names no variable of the table")
        v = float(val.subs(vals))
        cell = np.arange(2).reshape([2 if k == _FAIR_VARS.index(var.name) else 1 for k in range(3)])
        mask = mask & (cell == v)
    return mask


def _prob(node, vals, p):
    arg = node.args[0]
    if type(arg).__name__ == "Given":
        ev, cond = arg.args
        c = _event_mask(cond, vals)
        return (p * (c & _event_mask(ev, vals))).sum(axis=(1, 2, 3)) / (p * c).sum(axis=(1, 2, 3))
    return (p * _event_mask(arg, vals)).sum(axis=(1, 2, 3))


_FAIR = {"fair.demographic-parity": "dp", "fair.equalised-odds": "eo",
         "fair.equal-opportunity": "eopp"}
_CMP = {"=": lambda a, b: np.isclose(a, b, rtol=1e-9, atol=1e-12), "<=": np.less_equal,
        "<": np.less, ">=": np.greater_equal, ">": np.greater}


@register("robustness.fairness")
def _fairness(stmt, ctx):
    """The formula, with every value symbol (a, a', y, ...) ranging over {0, 1} (its
    'for all'), must be true on exactly the joint laws that meet the criterion.  P(E | C) is
    computed from the table; the stated and the true verdicts are compared as 0/1 values."""
    kind = _FAIR[ctx.claim_id]
    rng = ctx.rng("tables")
    probs = sorted({n for r in stmt.relations for side in (r.lhs, r.rhs)
                    for n in sp.preorder_traversal(side) if isinstance(n, ops.Prob)}, key=str)
    free = set()
    for r in stmt.relations:
        free |= r.lhs.free_symbols | r.rhs.free_symbols
    quant = sorted((s for s in free if s.name not in _FAIR_VARS), key=lambda s: s.name)
    dums = [sp.Dummy(f"p{k}") for k in range(len(probs))]
    sides = [(sp.lambdify(dums, r.lhs.xreplace(dict(zip(probs, dums))), "numpy"),
              sp.lambdify(dums, r.rhs.xreplace(dict(zip(probs, dums))), "numpy"), r.op)
             for r in stmt.relations]
    stated_sym, fair_sym = sp.Symbol("stated"), sp.Symbol("fair")
    new = Statement((Relation(stated_sym, "=", fair_sym),), None, (), latex=stmt.latex)

    def extra(inst):
        T = next(v.arr.shape[0] for v in inst.values.values() if v.arr.ndim)
        p = _fair_tables(rng, T)
        ok = np.ones(T, bool)
        for bits in itertools.product([0, 1], repeat=len(quant)):
            vals = dict(zip(quant, bits))
            pv = [_prob(n.xreplace(vals), vals, p) for n in probs]
            for lhs, rhs, op in sides:
                ok &= _CMP[op](np.broadcast_to(lhs(*pv), (T,)), np.broadcast_to(rhs(*pv), (T,)))
        return {"stated": Val(ok.astype(float)), "fair": Val(_fair_truth(kind, p).astype(float)),
                "p_table": Val(p.reshape(T, 8, 1), True)}

    return ctx.numeric(new, extra=extra)


# -- information of a feature about the target -------------------------------------------------

class _Pmf:
    """(values of the event's variables, values of the given's) -> P(event | given) under a
    finite joint law: the probabilities of the atoms whose values match, summed (value-based,
    so it answers at the atoms an expectation runs over as at any other point)."""

    def __init__(self, atoms, probs, event, given=()):
        self.atoms, self.probs, self.event, self.given = atoms, probs, event, given

    def _mass(self, names, vals):
        match = np.ones(vals[0].shape + (self.probs.shape[-1],), bool) if vals else None
        for n, v in zip(names, vals):
            a = self.atoms[n].reshape(self.atoms[n].shape[:1] + (1,) * (v.ndim - 1) + (-1,))
            match = match & np.isclose(v[..., None], a, rtol=0, atol=1e-12)
        p = self.probs.reshape(self.probs.shape[:1] + (1,) * (vals[0].ndim - 1) + (-1,))
        return (match * p).sum(-1)

    def __call__(self, *args: Val) -> Val:
        vals = np.broadcast_arrays(*[a.arr for a in args])
        k = len(self.event)
        joint = self._mass(self.event + self.given, vals)
        if not self.given:
            return Val(joint)
        return Val(joint / self._mass(self.given, vals[k:]))

    def take(self, keep):
        return _Pmf({n: a[keep] for n, a in self.atoms.items()}, self.probs[keep], self.event,
                    self.given)

    def describe(self, i):
        ev, gv = ", ".join(self.event), ", ".join(self.given)
        return f"p({ev}" + (f" | {gv}" if gv else "") + ") of the sampled joint law"


def _entropy(p, axes):
    q = p.sum(axis=axes) if axes else p
    q = q.reshape(q.shape[0], -1)
    with np.errstate(all="ignore"):
        return -np.where(q > 0, q * np.log(np.where(q > 0, q, 1)), 0).sum(-1)


# variables (feature X_j, target Y, the other features X_{-j}) -> levels of each
_INFO_VARS = ("X_j", "Y", "X_rest")
_INFO_LEVELS = [(2, 2, 2), (3, 2, 2), (2, 3, 2), (2, 2, 3)]


@register("robustness.information")
def _information(stmt, ctx):
    """A random joint pmf of a feature X_j, the target Y and the other features X_{-j} (2-3
    values each, at random real values): the functions p_... are its joint, marginal and
    conditional pmfs (p_XY, p_X, p_Y; p_XYgC, p_XgC, p_YgC given X_{-j}); the expectation runs
    over the same law.  I is the mutual information H(X_j) + H(Y) - H(X_j, Y), I_c the
    conditional one H(X_j, X_{-j}) + H(Y, X_{-j}) - H(X_j, Y, X_{-j}) - H(X_{-j}), both from
    entropies of the table."""
    rng = ctx.rng("information")
    sizes = itertools.cycle(_INFO_LEVELS)

    def extra(inst):
        T = len(inst.values["I"].arr)
        lv = next(sizes)
        p = rng.dirichlet(np.ones(int(np.prod(lv))), size=T).reshape((T,) + lv)
        grids = np.meshgrid(*[np.arange(k) for k in lv], indexing="ij")
        values = [rng.normal(size=(T, k)) for k in lv]
        atoms = {n: v[:, g.ravel()] for n, v, g in zip(_INFO_VARS, values, grids)}
        probs = p.reshape(T, -1)
        inst.dists[:] = [Distribution(_INFO_VARS, atoms, probs)]
        A, B, C = _INFO_VARS
        # a joint pmf's subscript names the order of its arguments: p_YX(y, x) = p_XY(x, y)
        for name, ev, gv in (("p_XY", (A, B), ()), ("p_YX", (B, A), ()), ("p_X", (A,), ()),
                             ("p_Y", (B,), ()), ("p_XYgC", (A, B), (C,)),
                             ("p_YXgC", (B, A), (C,)), ("p_XgC", (A,), (C,)),
                             ("p_YgC", (B,), (C,))):
            inst.functions[name] = _Pmf(atoms, probs, ev, gv)
        H = lambda *keep: _entropy(p, tuple(k for k in (1, 2, 3) if k not in keep))  # noqa: E731
        return {"I": Val(H(1) + H(2) - H(1, 2)),
                "I_c": Val(H(1, 3) + H(2, 3) - H(1, 2, 3) - H(3))}

    return ctx.numeric(stmt, extra=extra)


# -- vector norms ----------------------------------------------------------------------------

class _NormFn:
    """x -> ||x||_p with a per-trial p (numpy's vector norm), or max_i |x_i| when p is None."""

    def __init__(self, p=None):
        self.p = p

    def __call__(self, x: Val) -> Val:
        a = np.abs(x.arr[..., 0])
        if self.p is None:
            return Val(a.max(axis=-1))
        p = np.broadcast_to(self.p.reshape(self.p.shape + (1,) * (a.ndim - 1 - self.p.ndim)),
                            a.shape[:-1])
        rows = a.reshape(-1, a.shape[-1])
        out = [np.linalg.norm(r, ord=float(q)) for r, q in zip(rows, p.ravel())]
        return Val(np.array(out).reshape(a.shape[:-1]))

    def take(self, keep):
        return _NormFn(None if self.p is None else self.p[keep])

    def describe(self, i):
        return "x -> max_i |x_i|" if self.p is None else f"x -> ||x||_{float(self.p[i]):.4g}"


@register("robustness.norms")
def _norms(stmt, ctx):
    """N_p(x) is numpy's p-norm of x (p per trial), maxabs(x) is max_i |x_i|."""
    def extra(inst):
        if "p" in inst.values:
            inst.functions["N_p"] = _NormFn(inst.values["p"].arr)
        inst.functions["maxabs"] = _NormFn(None)
        return {}

    return ctx.numeric(stmt, extra=extra)
