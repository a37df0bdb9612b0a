"""Expectations, variances and covariances, exact on the atoms of sampled distributions.

Each independent distribution in an expectation gets its own new batch axis (the product law);
the body is evaluated once on all atoms and reduced with their weights.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from .arrays import Val, _to_batch, kept


@dataclass
class Distribution:
    """A joint distribution of some random variables, as weighted atoms (batch, m, ...)."""

    names: tuple[str, ...]
    atoms: dict[str, np.ndarray]  # name -> (batch..., m) or (batch..., m, r, 1)
    probs: np.ndarray  # (batch..., m)
    vector: dict[str, bool] = field(default_factory=dict)
    label: str = ""  # "Poisson(lambda)" for a named law; empty for a sampled finite one


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

    def expect(self, expr) -> Val:
        """E[expr] over the joint law of the random variables in it (exact on the atoms)."""
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
        total = (arr * w).sum(axis=axes)
        return Val(total, v.mat)

    def _cov(self, a, b, matrix: bool) -> Val:
        return self.expect_val_product(a, b, self.expect(a), self.expect(b), outer=matrix)

    def expect_val_product(self, a, b, ma: Val, mb: Val, outer: bool) -> Val:
        """E[(a - E a)(b - E b)] (outer product for vectors), means computed beforehand."""
        ca, cb = sp.Dummy("mean_a"), sp.Dummy("mean_b")
        if outer:
            ca = sp.MatrixSymbol(ca.name, *a.shape)
            cb = sp.MatrixSymbol(cb.name, *b.shape)
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
