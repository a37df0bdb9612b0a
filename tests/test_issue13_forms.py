"""Issue 13, part 1: what the evaluator needed for canonical forms that are true as written.

Sums over all integers of finitely supported sequences are exact (not a window that happens
to hold the sampled supports); a softmax of a matrix acts on each row.
"""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.latex import parse, parse_expr
from cheatsheet.symbols import Declarations
from cheatsheet.verify.checks.nn import Injected
from cheatsheet.verify.evaluate import EvalError, Evaluator, Instance, Val
from cheatsheet.verify.support import window

T = 4
DECLS = Declarations.from_mapping({"f": "function", "h": "function", "u": "integer"})


def _seq(values: np.ndarray, start: np.ndarray) -> Injected:
    """x(t) = values[i, t - start[i]] on start..start+len-1, 0 elsewhere (per trial i)."""

    def fn(data, v):
        a = np.broadcast_to(np.asarray(v.arr, float), (T,))
        idx = np.rint(a).astype(int) - data["start"].astype(int)
        inside = (idx >= 0) & (idx < data["tab"].shape[1])
        safe = np.clip(idx, 0, data["tab"].shape[1] - 1)
        return Val(np.where(inside, data["tab"][np.arange(T), safe], 0.0))

    lo = start
    return Injected(fn, "a sequence", {"tab": values, "start": start},
                    support=(lo, lo + values.shape[1] - 1))


def _instance(u):
    rng = np.random.default_rng(7)
    f = _seq(rng.normal(size=(T, 3)), np.array([30.0, -40.0, 0.0, 100.0]))
    h = _seq(rng.normal(size=(T, 4)), np.array([-2.0, 5.0, -60.0, 0.0]))
    inst = Instance({"u": Val(np.asarray(u, float))}, functions={"f": f, "h": h})
    return inst, f, h


def _brute(f, h, u):
    """sum over t in a huge range, term by term."""
    ts = np.arange(-400, 401)
    return np.array([sum(f.fn(f.data, Val(np.full(T, float(t)))).arr[i]
                         * h.fn(h.data, Val(np.full(T, float(u[i] - t)))).arr[i] for t in ts)
                     for i in range(T)])


@pytest.mark.parametrize("latex", [r"\sum_{t=-\infty}^{\infty} f(t) h(u - t)",
                                   r"\sum_{t \in \mathbb{Z}} f(t) h(u - t)",
                                   r"\sum_{t=-\infty}^{\infty} f[t] h[u-t]"])
def test_sum_over_all_integers_is_exact_for_supports_far_from_zero(latex):
    u = np.array([28.0, -35.0, -58.0, 101.0])
    inst, f, h = _instance(u)
    got = Evaluator(inst)(parse_expr(latex, DECLS)).arr
    want = _brute(f, h, u)
    assert np.abs(want).max() > 0.1  # the supports overlap: a real sum, not 0 = 0
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    # a window around 0 misses those terms: the old reading would not have been exact
    window_sum = Evaluator(inst)(parse_expr(r"\sum_{t=-12}^{12} f(t) h(u - t)", DECLS)).arr
    assert not np.allclose(window_sum, want)


def test_the_window_comes_from_the_summand_and_a_half_line_cuts_it():
    u = np.array([28.0, -35.0, -58.0, 101.0])
    inst, f, h = _instance(u)
    ev = Evaluator(inst)
    import sympy as sp
    t = sp.Symbol("t", integer=True)
    body = parse_expr(r"f(t) h(u - t)", Declarations.from_mapping(
        {"f": "function", "h": "function", "u": "integer", "t": "integer"}))
    lo, hi = window(ev, body, t)
    # per trial, where both f(t) and h(u - t) can be non-zero: 30..30, -40..-40, 0..2 and
    # 100..101; the window is their union over the trials
    assert (lo, hi) == (-40, 101)
    half = Evaluator(inst)(parse_expr(r"\sum_{t=0}^{\infty} f(t) h(u - t)", DECLS)).arr
    full = _brute(f, h, u)
    assert half[1] == 0.0 and half[0] == pytest.approx(full[0])  # f of trial 1 sits below 0


def test_a_term_no_finite_support_confines_is_not_summed():
    inst, _, _ = _instance(np.zeros(T))
    for latex in (r"\sum_{t=-\infty}^{\infty} (f(t) + 1)", r"\sum_{t=0}^{\infty} 2^{-t}"):
        with pytest.raises(EvalError, match="infinite"):
            Evaluator(inst)(parse_expr(latex, DECLS))


def test_softmax_of_a_matrix_acts_on_each_row_and_of_a_vector_on_its_entries():
    d = Declarations.from_mapping({"S": "matrix(n, m)", "z": "vector(n)", "n": "dim", "m": "dim"})
    rng = np.random.default_rng(1)
    S, z = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 1))
    ev = Evaluator(Instance({"S": Val(S, True), "z": Val(z, True)}, dims={"n": 3, "m": 4}))
    rows = ev(parse_expr(r"\text{softmax}(S)", d)).arr
    np.testing.assert_allclose(rows, np.exp(S) / np.exp(S).sum(-1, keepdims=True))
    col = ev(parse_expr(r"\text{softmax}(z)", d)).arr
    np.testing.assert_allclose(col, np.exp(z) / np.exp(z).sum(-2, keepdims=True))


def test_attention_read_with_a_row_softmax_is_the_cores_attention():
    from cheatsheet.catalog import get_catalog

    claim = get_catalog()["attention.scaled_dot_product"]
    res = claim.verify()
    assert res.evidence.verdict == "passed"
    # the keys' softmax taken over the queries instead (columns) is another matrix
    from cheatsheet.verify.check import check_version

    ev = check_version(claim, r"O = \text{softmax}(\frac{KQ^\top}{\sqrt{d_k}})V",
                       claim.declarations, claim.layout, [], seed=0, key=("t",),
                       symbolic_first=False, thorough=False)
    assert ev.verdict == "refuted"


def test_statements_of_the_sum_over_z_read():
    st = parse(r"\sum_{t=-\infty}^{\infty} f(t)h(u-t) = \sum_{t=-\infty}^{\infty} f(u-t)h(t)",
               DECLS)
    assert len(st.relations) == 1
