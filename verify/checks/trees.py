"""Impurity of a decision-tree node with class proportions p_1..p_K (CART, ID3).

The node's impurity is computed from what it means, never from the formula under test:

* the Gini impurity is the chance that two labels drawn independently from the node differ,
  the sum of p_j p_k over the pairs j != k (the off-diagonal mass of the outer product p p^T);
* the misclassification error is the error of predicting the node's majority class: the mass
  of the classes other than the most frequent one.

p is drawn from the declared simplex (a sparse Dirichlet half the time, so nearly pure nodes
occur), so a proportion left unsquared or a sign slip changes the value.
"""
from __future__ import annotations

import numpy as np

from ..arrays import EvalError
from ..custom import register
from ..evaluate import Val


def _proportions(inst) -> np.ndarray:
    v = inst.values.get("p")
    if v is None:
        raise EvalError("the node's class proportions p are not given")
    return np.asarray(v.arr, float).reshape(v.arr.shape[0], -1)


def gini(p: np.ndarray) -> np.ndarray:
    """The chance that two independent draws from p differ, per row."""
    outer = p[:, :, None] * p[:, None, :]
    return outer.sum(axis=(1, 2)) - np.einsum("tkk->t", outer)


def majority_error(p: np.ndarray) -> np.ndarray:
    """The mass outside the most frequent class, per row."""
    top = np.argmax(p, axis=1)
    return p.sum(axis=1) - p[np.arange(p.shape[0]), top]


@register("trees.impurity")
def _impurity(stmt, ctx):
    """The impurity the claim names (G or Gini: Gini, E: misclassification) of random
    proportions p."""
    which = {"tree.gini": ("G", gini), "tree.gini_pairs": ("G", gini),
             "tree.gini_words": ("Gini", gini),
             "tree.misclassification": ("E", majority_error)}[ctx.claim_id]

    def extra(inst):
        name, fn = which
        return {name: Val(fn(_proportions(inst)))}

    return ctx.numeric(stmt, extra=extra)
