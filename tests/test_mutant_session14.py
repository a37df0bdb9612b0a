"""Issue 13 (part 2), session 14: mutation survivors made decidable, recorded so that they stay
refuted, with correct forms in other notation that must keep holding.

- reinforcement.td: an earlier TD error delta_{t-k} has a value, R_{t-k+1} + gamma V(S_{t-k+1})
  - V(S_{t-k}) of the same run, with the table of step t - k or, where the formula writes an
  unindexed V, also with the current one; a refutation needs both readings refuted.
- nn.rnn_total_chain: dw/dz_t (the fraction upside down) is the inverse's derivative along the
  state's path, a row, so the chain a(t) b(t) dw/dz_t cannot be formed and is refuted.
- mutation scorer: a mutant the check passes whose forms the plain evaluator cannot read (the
  derivatives of the RNN chain rule) is compared as the check reads them (``check_reading``):
  a sum from t = 0 adds a vanishing term (z_0 does not move with w) and is listed as
  'defined', a sum from t = 2 is not.
"""
from __future__ import annotations

import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.quiz.mutate import mutations
from mutants import decide_mutant, mutation_script

CAT = get_catalog()

TD_MUTANTS = [
    ("td.error", r"\delta_{t-1} = R_{t+1} + \gamma V(S_{t+1}) - V(S_t)"),
    ("td.update_delta", r"V_{t+1}(S_t) = V_t(S_t) + \alpha \delta_{t-1}"),
]


@pytest.mark.parametrize("claim_id,latex", TD_MUTANTS)
def test_earlier_td_error_mutants_are_refuted(claim_id, latex):
    assert latex in {m.latex for m in mutations(CAT[claim_id].latex)}
    ev = decide_mutant(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


@pytest.mark.parametrize("claim_id,latex", [
    # the update of two steps back, with the error that step used
    ("td.update_delta", r"V_{t-1}(S_{t-2}) = V_{t-2}(S_{t-2}) + \alpha \delta_{t-2}"),
    ("td.update_delta", r"V_{t}(S_{t-1}) = V_{t-1}(S_{t-1}) + \alpha \delta_{t-1}"),
    # the earlier error written out with the table of its step
    ("td.error", r"\delta_{t-2} = R_{t-1} + \gamma V_{t-2}(S_{t-1}) - V_{t-2}(S_{t-2})"),
])
def test_earlier_td_errors_written_consistently_hold(claim_id, latex):
    ev = decide_mutant(claim_id, latex)
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)


def test_earlier_td_error_with_an_unindexed_table_is_not_called_wrong():
    # V unindexed: the current table or the one of step t - 2, the sheet's choice
    ev = decide_mutant("td.error", r"\delta_{t-2} = R_{t-1} + \gamma V(S_{t-1}) - V(S_{t-2})")
    assert ev.verdict != "refuted", ev.detail


@pytest.mark.parametrize("claim_id,latex", [
    ("td.update_delta", r"V_{t}(S_{t-1}) = V_{t-1}(S_{t-1}) + \alpha \delta_{t-2}"),
    ("td.update_delta", r"V_{t-1}(S_{t-2}) = V_{t-2}(S_{t-2}) - \alpha \delta_{t-2}"),
    ("td.error", r"\delta_{t-2} = R_{t-1} + V_{t-2}(S_{t-1}) - V_{t-2}(S_{t-2})"),
])
def test_earlier_td_error_typos_are_refuted(claim_id, latex):
    ev = decide_mutant(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


CHAIN = (r"\frac{d \mathcal{L}}{d w} = \sum_{t=%s}^{%s} \frac{\partial \mathcal{L}}{\partial "
         r"\hat{y}_t} \frac{\partial \hat{y}_t}{\partial z_t} %s")


def test_rnn_chain_rule_with_dw_by_dz_is_refuted():
    latex = CHAIN % ("1", "T", r"\frac{d w}{d z_t}")
    assert latex in {m.latex for m in mutations(CAT["rnn.total_chain_rule"].latex)}
    ev = decide_mutant("rnn.total_chain_rule", latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_rnn_chain_rule_still_holds():
    ev = decide_mutant("rnn.total_chain_rule", CHAIN % ("1", "T", r"\frac{d z_t}{d w}"))
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)


@pytest.mark.parametrize("lo,hi,same", [("0", "T", True), ("1", "T+1", True),
                                        ("2", "T", False), ("1", "T-1", False)])
def test_rnn_chain_rule_compared_as_the_check_reads_it(lo, hi, same):
    mutation_script()  # puts scripts/ on the path
    from mutation.definitions import equivalent_by_definitions

    latex = CHAIN % (lo, hi, r"\frac{d z_t}{d w}")
    assert equivalent_by_definitions(CAT["rnn.total_chain_rule"], latex) is same


# -- the vector arg min's search: each Newton step's stencil and step lengths in one pass -----

KMEANS_ABS = (r"\arg\min_\mu \sum_{i=1}^N r_i \|x_i - \mu\| = "
              r"\frac{\sum_{i=1}^N r_i x_i}{\sum_{i=1}^N r_i}")


def test_vector_arg_min_evaluates_its_body_in_few_passes(monkeypatch):
    # the geometric median (sum of distances) is not the weighted mean: refuted, with ~340
    # passes of the evaluator over the body (8206 when each stencil point and each halved
    # step was a pass of its own: seconds of CPU, minutes of wall-clock time under load)
    import cheatsheet.verify.extrema as extrema

    passes = []
    newton = extrema._newton

    def counted(f, w, n):
        return newton(lambda p: passes.append(1) or f(p), w, n)

    monkeypatch.setattr(extrema, "_newton", counted)
    ev = decide_mutant("kmeans.centroid", KMEANS_ABS)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)
    assert 0 < len(passes) < 1000, len(passes)


def test_points_evaluated_at_once_have_their_own_values():
    import numpy as np

    from cheatsheet.verify.extrema import _at_once

    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 1, 5, 3))

    def f(p):  # sum of distances to five points, per batch and start
        return np.sum(np.linalg.norm(x - np.swapaxes(p, -1, -2), axis=-1), axis=-1)

    points = [rng.normal(size=(2, 4, 3, 1)) for _ in range(6)]
    for got, p in zip(_at_once(f, points), points):
        assert np.array_equal(got, f(p))
