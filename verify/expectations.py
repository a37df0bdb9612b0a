"""Expectations, variances and covariances, exact on the atoms of sampled distributions.

Each independent distribution in an expectation gets its own new batch axis (the product law);
the body is evaluated once on all atoms and reduced with their weights.

A conditional expectation E[X | Y] inside an expectation becomes a new random variable of Y's
law before the atoms are bound: its value at each atom is the mean of X over the atoms with the
same value of Y (exact equality: on a law where Y takes each value once it is X itself).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from sympy.tensor.indexed import IndexException

from cheatsheet.latex.probability import CondExpect
from .arrays import EvalError, ShapeError, Val, _to_batch, kept


@dataclass
class Distribution:
    """A joint distribution of some random variables, as weighted atoms (batch, m, ...)."""

    names: tuple[str, ...]
    atoms: dict[str, np.ndarray]  # name -> (batch..., m) or (batch..., m, r, 1)
    probs: np.ndarray  # (batch..., m)
    vector: dict[str, bool] = field(default_factory=dict)
    label: str = ""  # "Poisson(lambda)" for a named law; empty for a sampled finite one
    # the same density on fewer quadrature nodes: how much a value moves between the two
    # bounds the quadrature's error (E[e^{tX}] near the edge of its range is off by 0.3%)
    coarse: "Distribution | None" = None


class ExpectationsMixin:
    def _E(self, e):
        return self.expect(e.args[0])

    _ExpectOver = _E  # E_{x ~ p}[...]: the mean over the random variables in the body
    def _Var(self, e):
        (x,) = e.args
        return self._cov(x, x, matrix=False)

    def _Cov(self, e):
        return self._cov(*e.args, matrix=False)

    def _Prob(self, e):
        return self.expect(e.args[0])

    def _random_names(self, expr) -> list[str]:
        names = set()
        for s in expr.atoms(sp.Symbol, sp.MatrixSymbol, sp.IndexedBase):
            n = s.name if hasattr(s, "name") else str(s)
            if isinstance(s, sp.IndexedBase):
                n = str(s.label)
            if n in self._rv_of:
                names.add(n)
        return sorted(names)

    def _CondExpect(self, e):
        raise EvalError("a conditional expectation E[X | Y] is a random variable (a function "
                        "of Y): it has a value only inside an expectation, variance or covariance")

    def _CondExpectAt(self, e):
        raise EvalError("a conditional expectation given an event Y = y has a value only in a "
                        "model of the joint law (a claim's own check), not on sampled atoms")

    def _conditionals(self, expr):
        """Each E[body | Y] in expr, innermost first, replaced by a new variable of Y's law."""
        while True:
            inner = next((n for n in sp.preorder_traversal(expr) if isinstance(n, CondExpect)
                          and not n.args[0].has(CondExpect)), None)
            if inner is None:
                return expr
            expr = expr.xreplace({inner: self._conditional_variable(inner)})

    def _conditional_variable(self, node) -> sp.Symbol:
        body, given = node.args
        if not all(isinstance(g, sp.Symbol) for g in given.args):
            raise EvalError("a conditional expectation given a vector or a matrix has a value "
                            "only in a model of the joint law (a claim's own check)")
        gnames = [g.name for g in given.args]
        laws = {id(self._rv_of[n]) for n in gnames if n in self._rv_of}
        if len(laws) != 1 or not all(n in self._rv_of for n in gnames):
            raise EvalError("a conditional expectation given variables that are not random "
                            "variables of one joint law")
        d = self._rv_of[gnames[0]]
        name = f"E[{sp.sstr(body)}|{','.join(gnames)}]"
        if name in d.atoms:
            return sp.Symbol(name, real=True)
        lead = d.probs.ndim - 1
        nb = max([lead] + [v.nbatch for v in self.env.values()])
        m = d.probs.shape[-1]
        points = [sp.Dummy(f"{n}_point", real=True) for n in gnames]
        # the body's mean over {Y = y} for y each atom of Y: the atoms as one more batch axis
        event = [sp.Eq(sp.Symbol(n, real=True), pt, evaluate=False)
                 for n, pt in zip(gnames, points)]
        ind = sp.Piecewise((sp.Integer(1), sp.And(*event) if len(event) > 1 else event[0]),
                           (sp.Integer(0), sp.true), evaluate=False)
        with kept(self.env, *(pt.name for pt in points)):
            for n, pt in zip(gnames, points):
                a = d.atoms[n]
                self.env[pt.name] = Val(a.reshape(a.shape[:lead] + (1,) * (nb - lead) + (m,)))
            num, den = self.expect(body * ind), self.expect(ind)
        if num.mat:
            raise EvalError("a conditional expectation of a vector")
        target = d.probs.shape[:lead] + (1,) * (nb - lead) + (m,)
        try:
            with np.errstate(invalid="ignore", divide="ignore"):
                value = np.broadcast_to(_to_batch(num, nb + 1) / _to_batch(den, nb + 1), target)
        except ValueError:
            raise EvalError("a conditional expectation that depends on more than its "
                            "conditioning variables") from None
        law = Distribution(d.names + (name,), {**d.atoms, name: value.reshape(d.probs.shape)},
                           d.probs, d.vector, d.label)
        for n in law.names:
            self._rv_of[n] = law
        return sp.Symbol(name, real=True)

    def expect(self, expr) -> Val:
        """E[expr] over the joint law of the random variables in it (exact on the atoms)."""
        if isinstance(expr, sp.Basic) and expr.has(CondExpect):
            expr = self._conditionals(expr)
        names = self._random_names(expr)
        if not names:
            return self.ev(expr)
        dists = []
        for n in names:
            d = self._rv_of[n]
            if all(d is not x for x in dists):
                dists.append(d)
        nb_outer = max((v.nbatch for v in self.env.values()), default=0)
        nb_outer = max(nb_outer, max(d.probs.ndim - 1 for d in dists))
        weights = None
        n_new = len(dists)
        with kept(self.env, *(name for d in dists for name in d.names)):
            # each independent distribution gets its own new batch axis: the product law
            for k, d in enumerate(dists):
                lead = d.probs.ndim - 1
                pad_before = nb_outer - lead
                for name in d.names:
                    a = d.atoms[name]
                    is_vec = d.vector.get(name, False)
                    core = a.shape[lead:]  # (m,) or (m, r, 1)
                    shape = a.shape[:lead] + (1,) * pad_before + (1,) * k + core[:1] \
                        + (1,) * (n_new - k - 1) + core[1:]
                    self.env[name] = Val(a.reshape(shape), is_vec)
                p = d.probs.reshape(d.probs.shape[:lead] + (1,) * pad_before + (1,) * k
                                    + d.probs.shape[lead:] + (1,) * (n_new - k - 1))
                weights = p if weights is None else weights * p
            v = self.ev(expr)
        target = nb_outer + n_new
        arr = _to_batch(v, target)
        w = weights
        if v.mat:
            w = w[..., None, None]
        axes = tuple(range(nb_outer, target))
        if all(_finite_law(d) for d in dists):
            _infinite_on_an_atom(arr, w, nb_outer)
        total = (arr * w).sum(axis=axes)
        if nb_outer:
            total = _without_truncated_quadrature(total, arr * w, dists, nb_outer, v.mat)
        return Val(total, v.mat)

    def _cov(self, a, b, matrix: bool) -> Val:
        return self.expect_val_product(a, b, self.expect(a), self.expect(b), outer=matrix)

    def expect_val_product(self, a, b, ma: Val, mb: Val, outer: bool) -> Val:
        """E[(a - E a)(b - E b)] (outer product for vectors), means computed beforehand."""
        ca, cb = sp.Dummy("mean_a"), sp.Dummy("mean_b")
        if outer:
            try:
                sa, sb = a.shape, b.shape
            except IndexException:  # one entry X_1 of a family read where a vector stands
                name = (f"{a.base.label}_{','.join(map(str, a.indices))}"
                        if isinstance(a, sp.Indexed) else sp.sstr(a))
                raise EvalError(f"the covariance matrix of {name} has no size: it is an "
                                "entry, not a vector") from None
            ca = sp.MatrixSymbol(ca.name, *sa)
            cb = sp.MatrixSymbol(cb.name, *sb)
            body = (a - ca) * (b - cb).T
        else:
            body = (a - ca) * (b - cb)
        self.env[ca.name] = ma
        self.env[cb.name] = mb
        try:
            return self.expect(body)
        finally:
            self.env.pop(ca.name, None)
            self.env.pop(cb.name, None)


_DISCRETE = ("Bernoulli", "Binomial", "Poisson", "Categorical", "Geometric", "Multinomial")


def _finite_law(d: Distribution) -> bool:
    """A law whose atoms are its own (a sampled finite law, a discrete named law), not the
    quadrature nodes of a density: a value at an atom is a value with positive probability."""
    return not d.label or d.label.startswith(_DISCRETE)


def _infinite_on_an_atom(arr, w, nb_outer: int) -> None:
    """E[...] of a variable that is infinite with positive probability (p / m at m = 0 for a
    Bernoulli m; only finite laws are asked, see _finite_law) has no value: ShapeError, as for a size mismatch, when that holds on every
    trial (a parameter that makes it finite on some trial leaves the trial to the comparison,
    where an overflow decides nothing)."""
    with np.errstate(all="ignore"):
        bad = np.isinf(arr) & (np.broadcast_to(w, np.broadcast_shapes(np.shape(w), arr.shape))
                               > 0)
    if not bad.size or not bad.any():
        return
    per_trial = bad.any(axis=tuple(range(nb_outer, bad.ndim))) if nb_outer else bad.any()
    if np.all(per_trial):
        raise ShapeError("the expectation has no value: the variable inside it is infinite "
                         "with positive probability (at an atom of its law)")


# a share of the mean that its outermost quadrature nodes carry beyond which the nodes do not
# reach where the integrand's mass lies: Gauss-Hermite's outermost nodes weigh e^{-z^2/2} at
# z ~ 10, so a polynomial or a moderate tilt leaves them ~1e-15 of the total
_TRUNCATED_SHARE = 1e-6
_UNBOUNDED = ("Normal",)  # (a Laguerre rule near the edge of a transform's range carries
# a visible share at its last node and is still right within its error: numeric._within_quadrature)


def _without_truncated_quadrature(total, terms, dists, nb_outer: int, mat: bool):
    """``total`` with the trials whose quadrature cannot be trusted set to nan (they decide
    nothing). E[e^{tX}] for X ~ N(mu, sigma^2) with sigma t = 20 has its mass 20 standard
    deviations out, past every node: the sum of the nodes' terms is then off by orders of
    magnitude, and a fine and a coarse rule are off alike, so their difference does not show
    it. What shows it is the outermost nodes carrying a visible share of the sum."""
    bad = None
    for k, d in enumerate(dists):
        if d.coarse is None or not d.label.startswith(_UNBOUNDED):
            continue
        axis = nb_outer + k
        with np.errstate(all="ignore"):
            mag = np.abs(terms)
            if mat:
                mag = mag.sum(axis=(-2, -1))
            others = tuple(a for a in range(nb_outer, mag.ndim) if a != axis)
            profile = mag.sum(axis=others) if others else mag  # (batch..., nodes)
            edge = np.maximum(profile[..., 0], profile[..., -1])
            share = edge / profile.sum(axis=-1)
        here = np.isfinite(share) & (share > _TRUNCATED_SHARE)
        bad = here if bad is None else bad | here
    if bad is None or not bad.any():
        return total
    bad = bad.reshape(bad.shape + (1,) * (np.ndim(total) - bad.ndim))
    return np.where(bad, np.nan, total)

