"""Issue 13 (part 2): mutants that are true statements shown true from stated results (the
other claims of the same check, or a published theorem about the check's setting) by SymPy
algebra, never by random runs; the false neighbours of each stay refuted by the check.

- GD on a convex smooth f: f(x_{t-1}) - f^* <= ||x_0 - x^*||^2 / (2 eta t) follows from Drori
  and Teboulle's tight rate L ||x_0 - x^*||^2 / (4 t eta L + 2) one step back (eta <= 1/L);
  with 2 eta t^2 in place of 2 eta t it does not.
- GD on a strongly convex smooth f: (1 - eta mu)^{2t} for the squared distance is the
  contraction of the gradient step, whose algebra SymPy proves (contraction_algebra).
- perceptron: the cosine with ||w_{t-1}|| in place of ||w_t|| follows from Novikoff's two
  lemmas (||w_{t-1}|| <= R sqrt(t - 1)); at t = 1 the side divides by ||w_0|| = 0.
"""
from __future__ import annotations

import sys

import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.quiz.mutate import mutations
from mutants import ROOT, decide_mutant

sys.path.insert(0, str(ROOT / "scripts"))
from mutation.known_results import contraction_algebra, follows_from_results  # noqa: E402

CAT = get_catalog()
COS = (r"\frac{w_t^T w^*}{\|w^*\| \|w_{%s}\|} \geq \frac{t\gamma}{\sqrt{t}R}"
       r" = \sqrt{t} \frac{\gamma}{R} \leq 1")

TRUE = [  # (claim, mutant, produced by the quiz's operators)
    ("gd.rate_convex", r"f(x_{t-1}) - f(x^*) \leq \frac{1}{2\eta t} \|x_0 - x^*\|^2", True),
    ("gd.rate_strongly_convex", r"\|x_t - x^*\|^2 \leq (1 - \eta\mu)^{2t} \|x_0 - x^*\|^2", True),
    ("perceptron.cosine_bound", COS % "t-1", True),
    # not a mutant the operators make: one step later, by descent and the same theorem
    ("gd.rate_convex", r"f(x_{t+1}) - f(x^*) \leq \frac{1}{2\eta t} \|x_0 - x^*\|^2", False),
]

FALSE = [  # neighbours that are not true: never shown true, and the check refutes them
    ("gd.rate_convex", r"f(x_{t-1}) - f(x^*) \leq \frac{1}{2\eta t^2} \|x_0 - x^*\|^2"),
    ("gd.rate_strongly_convex", r"\|x_t - x^*\|^2 \leq (1 - \eta\mu)^{3t} \|x_0 - x^*\|^2"),
    ("gd.rate_strongly_convex", r"\|x_t - x^*\|^2 \leq (1 - \eta L)^{t} \|x_0 - x^*\|^2"),
    ("perceptron.cosine_bound", COS % "t+1"),
]


def test_contraction_algebra_is_proved():
    assert contraction_algebra()


@pytest.mark.parametrize("claim_id,latex,made", TRUE)
def test_true_mutant_follows_from_stated_results(claim_id, latex, made):
    if made:
        assert latex in {m.latex for m in mutations(CAT[claim_id].latex)}
    assert decide_mutant(claim_id, latex).verdict in ("passed", "proved")
    assert follows_from_results(CAT[claim_id], latex)


@pytest.mark.parametrize("claim_id,latex", FALSE)
def test_false_neighbour_is_not_shown_true_and_is_refuted(claim_id, latex):
    assert not follows_from_results(CAT[claim_id], latex)
    ev = decide_mutant(claim_id, latex)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


def test_canonical_form_is_no_mutant_shown_true():
    for cid in ("gd.rate_convex", "perceptron.cosine_bound"):
        assert not follows_from_results(CAT[cid], CAT[cid].latex)


def test_a_result_is_used_only_under_premises_the_claim_makes():
    """gd.rate_strongly_convex assumes mu <= L, which gd.rate_convex does not: its rate is no
    result for gd.rate_convex's mutants; the step-size theorems need eta <= 1/L assumed."""
    from mutation.known_results import _results

    refs = [r[0] for r in _results(CAT["gd.rate_convex"])]
    assert not any("gd.rate_strongly_convex" in r for r in refs)
    assert any("Drori" in r for r in refs)
    strong = [r[0] for r in _results(CAT["gd.rate_strongly_convex"])]
    assert any("gd.rate_convex" in r for r in strong)
