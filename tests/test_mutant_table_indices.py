"""Issue 13 (part 2): a sum over states 0..N or 1..N+1 in an HMM recursion fits no count of the
states, and is refuted as not well-formed, like a vector's sum past its end.

Two mechanisms: an index outside under both counts is a finding when the failing index itself
is made of sizes, declared indices and variables bound over such bounds, whatever the
instance drew for other indices of the expression (the sampled step t of o_{t+1});
and a check's table declares which arguments are entry indices (``entry_indices``: the state
of the forward variable), which the evaluator counts like a vector's entries.
"""
from __future__ import annotations

import numpy as np
import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.latex import parse_expr
from cheatsheet.quiz.mutate import mutations
from cheatsheet.symbols import Declarations
from cheatsheet.verify.evaluate import Evaluator, Instance, Val
from cheatsheet.verify.index_base import IndexRangeError, OutOfRange
from mutants import decide_mutant

CAT = get_catalog()

BOUND_MUTANTS = [
    ("hmm.forward_recursion",
     r"\alpha_{t+1}(j) = \left[\sum_{i=0}^{N} \alpha_t(i) a_{ij}\right] b_j(o_{t+1})"),
    ("hmm.forward_recursion",
     r"\alpha_{t+1}(j) = \left[\sum_{i=1}^{N+1} \alpha_t(i) a_{ij}\right] b_j(o_{t+1})"),
    ("hmm.backward_recursion", r"\beta_t(i) = \sum_{j=0}^{N} a_{ij} b_j(o_{t+1}) \beta_{t+1}(j)"),
    ("hmm.backward_recursion",
     r"\beta_t(i) = \sum_{j=1}^{N+1} a_{ij} b_j(o_{t+1}) \beta_{t+1}(j)"),
    ("hmm.state_posterior",
     r"\gamma_t(i) = \frac{\alpha_t(i) \beta_t(i)}{\sum_{j=0}^{N} \alpha_t(j) \beta_t(j)}"),
    ("hmm.state_posterior",
     r"\gamma_t(i) = \frac{\alpha_t(i) \beta_t(i)}{\sum_{j=1}^{N+1} \alpha_t(j) \beta_t(j)}"),
]


@pytest.mark.parametrize("claim_id,latex", BOUND_MUTANTS)
def test_hmm_sums_past_the_states_are_refuted(claim_id, latex):
    assert latex in {m.latex for m in mutations(CAT[claim_id].latex)}
    ev = decide_mutant(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)
    why = ev.counterexample["why"]
    assert "no way of counting" in why and "@" not in why  # plain words, no internal names


@pytest.mark.parametrize("claim_id,latex", [
    # states counted from 0 throughout: the same statement
    ("hmm.state_posterior",
     r"\gamma_t(i) = \frac{\alpha_t(i) \beta_t(i)}{\sum_{j=0}^{N-1} \alpha_t(j) \beta_t(j)}"),
])
def test_state_sums_that_fit_a_count_hold(claim_id, latex):
    assert decide_mutant(claim_id, latex).verdict == "passed"


def test_a_forward_recursion_counted_from_zero_is_no_finding():
    latex = (r"\alpha_{t+1}(j) = \left[\sum_{i=0}^{N-1} \alpha_t(i) a_{ij}\right] "
             r"b_j(o_{t+1})")
    assert decide_mutant("hmm.forward_recursion", latex).verdict != "refuted"


# -- the index rule in letters of our own -------------------------------------------------------

D = Declarations.from_mapping({"x": "vector(n)", "y": "vector(n)", "n": "dim", "c": "real"})


def _evaluate(latex):
    inst = Instance(values={"x": Val(np.arange(1.0, 4.0)[:, None], True),
                            "y": Val(np.arange(4.0, 7.0)[:, None], True),
                            "n": Val(np.asarray(3.0)), "c": Val(np.asarray(2.0))},
                    dims={"n": 3})
    return Evaluator(inst)(parse_expr(latex, D))


def test_a_sum_past_both_counts_is_ill_formed_beside_a_drawn_index():
    # y_c: c is drawn, not declared an index, so the old rule concluded nothing for the whole
    # expression; x_0 and x_n are outside through the sum's own bounds
    with pytest.raises(IndexRangeError):
        _evaluate(r"\sum_{k=0}^{n} x_k y_{c}")
    with pytest.raises(IndexRangeError):
        _evaluate(r"\sum_{k=1}^{n+1} x_k y_{c}")


def test_a_sum_from_zero_beside_a_drawn_index_concludes_nothing():
    # fits counted from 0, but y_c may fit that count only through the draw: no verdict
    with pytest.raises(OutOfRange) as info:
        _evaluate(r"\sum_{k=0}^{n-1} x_k y_{c}")
    assert not isinstance(info.value, IndexRangeError)
    assert float(_evaluate(r"\sum_{k=1}^{n} x_k y_{c}").arr) == pytest.approx(6 * 5)


def test_an_index_made_of_a_drawn_value_is_no_finding():
    # x_{c+2}: outside in both counts, but through the value drawn for c
    with pytest.raises(OutOfRange) as info:
        _evaluate(r"x_{c+2} + \sum_{k=1}^{n} y_k")
    assert not isinstance(info.value, IndexRangeError)
