"""The Kronecker product has a numeric meaning (``verify.operators.kron``): the block matrix
[a_ij B], on every instance of a batch, so that identities written with ``\\otimes`` are decided
(the kron.* claims) and their typos refuted."""
from __future__ import annotations

import numpy as np

from cheatsheet.latex import parse_expr
from cheatsheet.verify.arrays import Val
from cheatsheet.verify.evaluate import Instance, evaluate
from cheatsheet.verify.operators import kron


def test_kron_is_numpys_on_each_instance_of_a_batch():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(5, 2, 3)), rng.normal(size=(5, 4, 1))
    out = kron(Val(a, True), Val(b, True))
    assert out.mat and out.arr.shape == (5, 8, 3)
    for t in range(5):
        np.testing.assert_allclose(out.arr[t], np.kron(a[t], b[t]))


def test_kron_of_an_unbatched_and_a_batched_matrix():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(2, 2)), rng.normal(size=(3, 3, 2))
    out = kron(Val(a, True), Val(b, True))
    for t in range(3):
        np.testing.assert_allclose(out.arr[t], np.kron(a, b[t]))


def test_a_number_scales():
    out = kron(Val(np.asarray(2.0)), Val(np.eye(2), True))
    np.testing.assert_allclose(out.arr, 2 * np.eye(2))


def test_otimes_read_and_evaluated():
    syms = {"A": "square(2)", "B": "matrix(3, 2)"}
    expr = parse_expr(r"\mathbf{A} \otimes \mathbf{B}", syms)
    rng = np.random.default_rng(2)
    A, B = rng.normal(size=(2, 2)), rng.normal(size=(3, 2))
    got = evaluate(expr, Instance(values={"A": Val(A, True), "B": Val(B, True)})).arr
    np.testing.assert_allclose(got, np.kron(A, B))
    assert tuple(expr.shape) == (6, 4)


def test_vec_stacks_the_columns_and_meets_the_kronecker_identity():
    """vec (``MatApply('vec', ...)``, what ``\\operatorname{vec}`` reads to) stacks columns, so
    vec(AXB) = (B^T (x) A) vec(X) holds on the evaluator and the swapped factor does not."""
    import sympy as sp

    from cheatsheet import ops

    A, X, B = sp.MatrixSymbol("A", 2, 3), sp.MatrixSymbol("X", 3, 4), sp.MatrixSymbol("B", 4, 2)
    vec = lambda M: ops.MatApply("vec", M.rows * M.cols, 1, M)  # noqa: E731
    rng = np.random.default_rng(3)
    vals = {"A": rng.normal(size=(2, 3)), "X": rng.normal(size=(3, 4)), "B": rng.normal(size=(4, 2))}
    inst = Instance(values={k: Val(v, True) for k, v in vals.items()})
    np.testing.assert_allclose(evaluate(vec(X), inst).arr[:, 0], vals["X"].flatten(order="F"))
    left = evaluate(vec(A * X * B), inst).arr
    right = evaluate(sp.KroneckerProduct(B.T, A) * vec(X), inst).arr
    np.testing.assert_allclose(left, right)
    swapped = evaluate(sp.KroneckerProduct(A, B.T) * vec(X.T), inst).arr
    assert not np.allclose(left, swapped)
