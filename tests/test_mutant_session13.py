"""Issue 13 (part 2), session 13: mutation survivors made decidable by the checks, recorded so
that they stay refuted, with forms in other notation that must keep holding.

- conv.kernel_chain_rule: the kernel tap j is declared an index of h (index(K)), so a sum over
  the units that reads past the layer under either count of its entries (from 0 to m, from 1 to
  m + 1) is not well-formed (verify/index_base.py), while the count from 0 (0 to m - 1) holds;
  with j a bare natural number the reading was not trusted and stayed an evaluation error.
- rnn.bptt_paths: the loss of any step s, dL_s/dy_hat_t, is the entry (s, t) of the check's
  table, 0 unless s = t (verify/checks/bptt.py ``_step_losses``); a loss at the wrong step has
  a value and is refuted, where it had none.
"""
from __future__ import annotations

import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.quiz.mutate import mutations
from mutants import decide_mutant

CAT = get_catalog()

CHAIN = r"\frac{\partial R}{\partial h_j} = \sum_{i=%s}^{%s} \frac{\partial R}{\partial x_i} \frac{\partial x_i}{\partial h_j}"
PATHS = (r"\frac{\partial h_i}{\partial \theta}, \frac{\partial h_j}{\partial h_{j-1}} = "
         r"\frac{\partial h_j}{\partial a_j} \frac{\partial a_j}{\partial h_{j-1}}, "
         r"\frac{\partial h_i}{\partial \theta} = \frac{\partial h_i}{\partial a_i} "
         r"\frac{\partial a_i}{\partial \theta}")
INNER = (r"\frac{\partial \hat{y}_t}{\partial h_t} \sum_{i=1}^{t} \left( \prod_{j=i+1}^{t} "
         r"\frac{\partial h_j}{\partial h_{j-1}} \right) ")


def _bptt(outer: str, loss: str) -> str:
    return r"\frac{\partial L}{\partial \theta} = " + outer + " " + loss + " " + INNER + PATHS


@pytest.mark.parametrize("lo,hi", [("0", "m"), ("1", "m+1")])
def test_kernel_chain_rule_sum_past_the_layer_is_refuted(lo, hi):
    latex = CHAIN % (lo, hi)
    assert latex in {m.latex for m in mutations(CAT["conv.kernel_chain_rule"].latex)}
    ev = decide_mutant("conv.kernel_chain_rule", latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)
    assert "no way of counting" in ev.counterexample["why"]


@pytest.mark.parametrize("lo,hi", [("1", "m"), ("0", "m-1")])
def test_kernel_chain_rule_counted_from_1_or_from_0_holds(lo, hi):
    ev = decide_mutant("conv.kernel_chain_rule", CHAIN % (lo, hi))
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)


def test_bptt_paths_loss_at_an_unbound_step_is_refuted():
    canon = CAT["rnn.bptt_paths"].latex
    latex = canon.replace(r"\partial L_t}", r"\partial L_{i}}", 1)
    assert latex != canon
    ev = decide_mutant("rnn.bptt_paths", latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


@pytest.mark.parametrize("outer,loss,holds", [
    # the loss of one fixed step by every output: only y_hat_2 counts
    (r"\sum_{t=1}^{T}", r"\frac{\partial L_{2}}{\partial \hat{y}_t}", False),
    # a double sum over the losses and the outputs: dL_t/dy_hat_s is 0 unless s = t
    (r"\sum_{s=1}^{T} \sum_{t=1}^{T}", r"\frac{\partial L_t}{\partial \hat{y}_s}", True),
    (r"\sum_{t=1}^{T}", r"\frac{\partial L_t}{\partial \hat{y}_t}", True),
])
def test_bptt_paths_step_losses_in_other_notation(outer, loss, holds):
    ev = decide_mutant("rnn.bptt_paths", _bptt(outer, loss))
    if holds:
        assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)
    else:
        assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


# -- the scorer: a mutant that holds wherever the canonical form holds (mutation/implication.py)

COSINE = r"\frac{%s}{%s} \geq \frac{t\gamma}{\sqrt{t}R} = \sqrt{t} \frac{\gamma}{R} \leq %s"


@pytest.mark.parametrize("num,den,top,true", [
    # the cosine turned over: at least 1 where the cosine is in (0, 1], as the canonical allows
    (r"\|w^*\| \|w_t\|", r"w_t^T w^*", "1", True),
    # a looser last bound, in this file's own notation
    (r"w_t^T w^*", r"\|w^*\| \|w_t\|", "3", True),
    # a tighter last bound is false on allowed instances
    (r"w_t^T w^*", r"\|w^*\| \|w_t\|", "0.5", False),
    # the previous weight's norm: true only along a perceptron run, not from the canonical form
    (r"w_t^T w^*", r"\|w^*\| \|w_{t-1}\|", "1", False),
    # the canonical form itself shows nothing here
    (r"w_t^T w^*", r"\|w^*\| \|w_t\|", "1", False),
])
def test_a_mutant_holding_wherever_the_canonical_form_holds_is_true(num, den, top, true):
    from mutants import mutation_script

    ms = mutation_script()
    claim = CAT["perceptron.cosine_bound"]
    assert ms.follows_on_allowed_instances(claim, COSINE % (num, den, top)) is true


def test_no_implication_where_the_canonical_form_holds_everywhere():
    # Cauchy-Schwarz holds on every instance: plain sampling would only test the mutant alone
    from mutants import mutation_script

    ms = mutation_script()
    claim = CAT["cauchy_schwarz.sums"]
    latex = (r"\left(\sum_{i=2}^n x_i y_i\right)^2 \leq \left(\sum_{i=1}^n x_i^2\right)"
             r"\left(\sum_{i=1}^n y_i^2\right)")
    assert not ms.follows_on_allowed_instances(claim, latex)


# -- the scorer: the canonical form for the entries of a sub-range (mutation/implication.py)

def _cs(lo_left, lo_x, op=r"\leq", hi_left="n"):
    return (r"\left(\sum_{i=%s}^{%s} x_i y_i\right)^2 %s \left(\sum_{i=%s}^n x_i^2\right)"
            r"\left(\sum_{i=1}^n y_i^2\right)" % (lo_left, hi_left, op, lo_x))


@pytest.mark.parametrize("latex,true", [
    (_cs("2", "1"), True),  # the mutant: Cauchy-Schwarz for entries 2..n, loosened
    (_cs("1", "1", hi_left="n-1"), True),  # entries 1..n-1, in this file's notation
    (_cs("1", "2"), False),  # a right sum narrowed: false (x = e_1)
    (_cs("2", "1", op=r"\geq"), False),  # the order turned
    (_cs("0", "1"), False),  # a range that is no sub-range
])
def test_the_canonical_form_on_a_sub_range_loosened_is_true(latex, true):
    from mutants import mutation_script

    assert mutation_script().narrowed_instance(CAT["cauchy_schwarz.sums"], latex) is true


# -- pacbayes.bound: which of ln(2 sqrt(n) / eps) and ln(sqrt(n) / eps) is true

def _worst_moment(n: int, grid: int = 1001) -> float:
    """max over p of E exp(2n (k/n - p)^2), k ~ Bin(n, p): the moment of one hypothesis's
    squared gap (0-1 loss, risk p) that the PAC-Bayes bound's constant must cover."""
    import numpy as np
    from scipy.special import logsumexp
    from scipy.stats import binom

    k = np.arange(n + 1)[None, :]
    p = np.linspace(0.0, 1.0, grid)[:, None]
    with np.errstate(divide="ignore"):  # log of a zero probability at p = 0, 1
        terms = binom.logpmf(k, n, p) + 2 * n * (k / n - p) ** 2
    return float(np.exp(logsumexp(terms, axis=1)).max())


@pytest.mark.parametrize("n", [8, 9, 10, 12, 16, 20, 32, 50, 100, 200, 400])
def test_pacbayes_with_ln_sqrt_n_over_eps_is_true_for_n_at_least_8(n):
    """The mutant ln(sqrt(n)/eps) of pacbayes.bound (Maurer's ln(2 sqrt(n)/eps)) survives
    because it is true: by Donsker-Varadhan, for every posterior Q at once,
    2n E_Q[gap^2] <= KL(Q||P) + ln E_P[exp(2n gap^2)], and with probability 1 - eps over the
    sample (Markov, P chosen before it) the last moment is at most M(n)/eps, where M(n) =
    max_p E exp(2n (k/n - p)^2); Jensen gives E_Q[gap] <= sqrt((KL + ln(M(n)/eps)) / 2n).
    Maurer's constant 2 sqrt(n) covers M(n) through the kl divergence; the direct moment is
    already below sqrt(n) (0.87 sqrt(n) at n = 8, 0.30 sqrt(n) at n = 400), so the sharper
    constant holds too, and no check can refute it."""
    import math

    assert _worst_moment(n) <= 0.9 * math.sqrt(n)


def test_pacbayes_two_sided_moment_exceeds_root_n_for_tiny_samples():
    # this two-sided argument needs n >= 5: at n = 2 the moment exceeds sqrt(n); the one-sided
    # moment with Markov's inequality on Z - 1 covers every n (test_mutant_pac_bayes_moment.py)
    import math

    assert _worst_moment(2) > math.sqrt(2)


# -- conv.weight_chain_rule: the sum over all integers, exact on finitely supported sequences

WCHAIN = r"\frac{\partial R}{\partial w_i} = \sum_{%s} \frac{\partial R}{\partial y_k} \frac{\partial %s_k}{\partial w_i}"


@pytest.mark.parametrize("rng,top,holds", [
    (r"k=-\infty}^{\infty", "y", True),  # the canonical form: no finite window
    (r"k \in \mathbb{Z}", "y", True),  # the same sum in set notation
    (r"k=1}^{\infty", "y", False),  # the terms at k <= 0 left out
    (r"k=-\infty}^{\infty", "c", False),  # the filter applied to the layer's own output
])
def test_weight_chain_rule_sums_over_all_integers(rng, top, holds):
    assert "-12" not in CAT["conv.weight_chain_rule"].latex
    ev = decide_mutant("conv.weight_chain_rule", WCHAIN % (rng, top))
    if holds:
        assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)
    else:
        assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_weight_chain_rule_factor_free_of_the_summed_index_is_decided():
    # sum_k dR/dy_i dy_k/dw_i: dR/dy_i does not confine k, dy_k/dw_i = f_{k-i} does (read as a
    # signal of the one offset k - i, conv_signals._one_offset); it was an unevaluated infinite sum
    latex = (r"\frac{\partial R}{\partial w_i} = \sum_{k=-\infty}^{\infty} "
             r"\frac{\partial R}{\partial y_{i}} \frac{\partial y_k}{\partial w_i}")
    assert latex in {m.latex for m in mutations(CAT["conv.weight_chain_rule"].latex)}
    ev = decide_mutant("conv.weight_chain_rule", latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_perceptron_cosine_with_the_previous_norm_is_true_by_novikoff():
    """The surviving mutant w_t^T w^* / (||w^*|| ||w_{t-1}||) >= sqrt(t) gamma / R is true: with
    the unit separator of the check (||w^*|| = 1), perceptron.alignment_growth gives
    w_t^T w^* >= t gamma and perceptron.norm_growth at t - 1 gives ||w_{t-1}|| <= R sqrt(t - 1),
    so the ratio is at least t gamma / (R sqrt(t - 1)) >= sqrt(t) gamma / R for t >= 2 (at t = 1
    the previous weight is w_0 = 0 and the ratio has no value).  SymPy proves the last step;
    the two premises are canonical forms the catalog checks on perceptron runs."""
    import sympy as sp

    from cheatsheet.verify.timelimit import time_limit

    s = sp.Symbol("s", positive=True)  # s = t - 1 >= 1
    g, R = sp.symbols("gamma R", positive=True)
    t = s + 1
    gap = t * g / (R * sp.sqrt(s)) - sp.sqrt(t) * g / R
    # gap = (g / R) sqrt(t) (sqrt(t) - sqrt(s)) / sqrt(s) > 0
    with time_limit(30):
        assert sp.simplify(gap - (g / R) * sp.sqrt(t) * (sp.sqrt(t) - sp.sqrt(s)) / sp.sqrt(s)) == 0
        # and sqrt(t) - sqrt(s) = 1 / (sqrt(t) + sqrt(s)) > 0
        assert sp.simplify((sp.sqrt(t) - sp.sqrt(s)) * (sp.sqrt(t) + sp.sqrt(s))) == 1
    assert all(CAT[c].check == "classic.perceptron"
               for c in ("perceptron.alignment_growth", "perceptron.norm_growth"))


# -- reinforcement.td: the steps of the run before the transition (reinforcement._earlier_steps)

@pytest.mark.parametrize("claim_id,latex,holds", [
    # the updates written one and two steps earlier, with the rewards and tables of that run
    ("td.update", r"V_t(S_{t-1}) = V_{t-1}(S_{t-1}) + \alpha \left[R_{t} + \gamma V_{t-1}(S_{t}) - V_{t-1}(S_{t-1})\right]", True),
    ("td.update", r"V_{t-1}(S_{t-2}) = V_{t-2}(S_{t-2}) + \alpha \left[R_{t-1} + \gamma V_{t-2}(S_{t-1}) - V_{t-2}(S_{t-2})\right]", True),
    ("sarsa.update", r"Q_t(S_{t-1}, A_{t-1}) = Q_{t-1}(S_{t-1}, A_{t-1}) + \alpha \left[R_{t} + \gamma Q_{t-1}(S_{t}, A_{t}) - Q_{t-1}(S_{t-1}, A_{t-1})\right]", True),
    ("mc.update", r"V_t(S_{t-1}) = V_{t-1}(S_{t-1}) + \alpha \left[G_{t-1} - V_{t-1}(S_{t-1})\right]", True),
    # members at the wrong step, once without a value
    ("td.update", r"V_{t+1}(S_t) = V_{t-1}(S_t) + \alpha \left[R_{t+1} + \gamma V_t(S_{t+1}) - V_t(S_t)\right]", False),
    ("sarsa.update", r"Q_{t+1}(S_t, A_t) = Q_t(S_t, A_t) + \alpha \left[R_{t+1} + \gamma Q_t(S_{t+1}, A_{t+1}) - Q_{t-1}(S_t, A_t)\right]", False),
    ("mc.update", r"V_{t+1}(S_t) = V_t(S_t) + \alpha \left[G_{t-1} - V_t(S_t)\right]", False),
    ("td.error", r"\delta_t = R_{t} + \gamma V(S_{t+1}) - V(S_t)", False),
])
def test_td_members_of_earlier_steps_have_the_runs_values(claim_id, latex, holds):
    ev = decide_mutant(claim_id, latex)
    if holds:
        assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)
    else:
        assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_an_earlier_td_error_is_left_undecided():
    # delta_{t-1} with an unindexed V: which table it means is the sheet's choice
    ev = decide_mutant("td.error", r"\delta_{t-1} = R_{t} + \gamma V(S_{t}) - V(S_{t-1})")
    assert ev.verdict not in ("refuted", "passed", "proved"), (ev.verdict, ev.detail)
