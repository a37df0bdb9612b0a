"""Counts of small subgraphs from the adjacency matrix of a simple undirected graph, decided by
enumerating the vertices, never from the trace formulas.

The adjacency matrix A is a random symmetric 0/1 matrix with a zero diagonal (edge density
drawn per trial); the number of triangles N_triangle is counted over the vertex triples
i < j < k that are pairwise adjacent.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np

from ..custom import register
from ..evaluate import Val
from .nodes import sval


def random_graphs(rng, T: int, n: int) -> np.ndarray:
    """T adjacency matrices of simple undirected graphs on n vertices."""
    density = rng.uniform(0.2, 0.9, (T, 1, 1))
    upper = np.triu(rng.random((T, n, n)) < density, k=1)
    return (upper | np.swapaxes(upper, -1, -2)).astype(float)


def triangles(A: np.ndarray) -> np.ndarray:
    """Per graph, the number of vertex triples that are pairwise adjacent."""
    n = A.shape[-1]
    count = np.zeros(A.shape[0])
    for i, j, k in combinations(range(n), 3):
        count += A[:, i, j] * A[:, j, k] * A[:, i, k]
    return count


@register("graphs.triangle_count")
def _triangles(stmt, ctx):
    """N_triangle of a random simple graph with adjacency A (module docstring)."""
    rng = ctx.rng("graph")

    def extra(inst):
        A = np.asarray(inst.values["A"].arr, float)
        graphs = random_graphs(rng, A.shape[0], A.shape[-1])
        return {"A": Val(graphs, True), "N_triangle": sval(triangles(graphs))}

    return ctx.numeric(stmt, extra=extra)
