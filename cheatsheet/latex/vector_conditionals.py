"""Conditional moments of or given a vector: ``\\mathbb{E}[f_* \\mid \\mathbf{y}]``,
``\\operatorname{Var}(\\hat{\\boldsymbol\\beta} \\mid \\mathbf{X})``, ``\\mathbb{E}[\\mathbf{x}_a \\mid
\\mathbf{x}_b]``.

Regression, Gaussian-process and Bayesian sheets condition on the data, a vector or a matrix.
The reader keeps such a moment as the conditional quantity it is, never as the unconditional
one: a number given a vector is ``probability.CondExpect`` with the vector among what it is
given (a Var is E[b^2 | ...] - E[b | ...]^2, as given numbers); a vector's conditional mean and
covariance are ``MatApply('CondE', rows, 1, body, given...)`` and ``MatApply('CondVar', rows,
rows, body, given...)``.  Nothing in the generic checks gives these a value (sampled atoms do
not model a law given a vector), so a line stating one is decided only by a claim's check that
models that joint law (the GP predictive law, ``verify/checks/gp_prediction.py``) or, where
the sheet's left side names a claim's result, through that name (``audit/conditional_names``).
"""
from __future__ import annotations

import sympy as sp

from .. import ops
from .base import is_matrix


def _named(g) -> bool:
    """Is a conditioning term a name (a variable, a vector, a matrix, a sigma-field)?"""
    return isinstance(g, (sp.Symbol, sp.MatrixSymbol))


def vector_conditional(reader, op: str, body, given: list, node):
    """E[body | given] (``op`` "E") or Var(body | given) where the body or a given is a
    vector or a matrix."""
    if not all(_named(g) for g in given):
        reader.err("a conditional expectation given an expression; the reader reads "
                   "E[X | Y] given random variables, vectors or matrices", node)
    if is_matrix(body) and body.shape == (1, 1):
        body = reader.to_scalar(body)
    cond = tuple(given)
    if not is_matrix(body):
        from .probability import CondExpect

        c = sp.Tuple(*cond)
        if op == "E":
            return CondExpect(body, c)
        return CondExpect(body ** 2, c) - CondExpect(body, c) ** 2
    if body.shape[1] != 1:
        reader.err("a conditional expectation of a matrix (of a vector it is the "
                   "conditional mean)", node)
    if op == "E":
        return ops.MatApply("CondE", body.rows, 1, body, *cond)
    return ops.MatApply("CondVar", body.rows, body.rows, body, *cond)
