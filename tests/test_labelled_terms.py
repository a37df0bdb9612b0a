"""Underbraced labels and premises that state a feasible set: the two readings a line-by-line
review of the optimisation / theory / robustness sections needed, checked on their own."""
from __future__ import annotations

import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.verify.check import check_version
from cheatsheet.verify.checks.labels import labelled_terms

CATALOG = get_catalog()


def _decide(claim_id, latex):
    claim = CATALOG[claim_id]
    return check_version(claim, latex, claim.declarations, claim.layout, list(claim.assume),
                         seed=0, key=("test",), symbolic_first=False, thorough=False)


def test_labels_are_read_with_nested_braces_and_without_case_or_text():
    got = labelled_terms(r"a = \underbrace{\frac{1}{2} \|x\|^2}_{\text{Reg. Term}} + "
                         r"\underbrace{b_{i}}_{L_{t-1}} - \underbrace{c}_k")
    assert got == {"reg.term": ("Reg. Term", r"\frac{1}{2} \|x\|^2"),
                   "l_t-1": ("L_ t-1", "b_{i}"), "k": ("k", "c")}


def test_an_unlabelled_underbrace_is_no_label():
    assert labelled_terms(r"\underbrace{a + b} = c") == {}


RISK = "risk.decomposition"
# the sheet's equation holds (0 + excess = excess) although both labelled terms are wrong
MISLABELLED = (r"\underbrace{\mathcal{R}(\hat{f}_H) - \mathcal{R}(f^*)}_{\text{excess risk}} = "
               r"\underbrace{\mathcal{R}(\hat{f}_H) - \mathcal{R}(\hat{f}_H)}_{\text{estimation error}}"
               r" + \underbrace{\mathcal{R}(\hat{f}_H) - \mathcal{R}(f^*)}_{\text{approximation error}}")


def test_a_true_equation_with_a_mislabelled_term_is_refuted():
    ev = _decide(RISK, MISLABELLED)
    assert ev.verdict == "refuted" and ev.counterexample
    assert "estimation error" in ev.counterexample["why"]


def test_without_its_labels_the_same_equation_holds():
    plain = MISLABELLED
    for label in ("excess risk", "estimation error", "approximation error"):
        plain = plain.replace(r"_{\text{" + label + "}}", "")
    plain = plain.replace(r"\underbrace", "")
    assert _decide(RISK, plain).verdict in ("passed", "proved")


def test_swapped_labels_are_refuted_and_the_canonical_labels_hold():
    swapped = (r"\underbrace{\mathcal{R}(\hat{f}_H) - \mathcal{R}(f^*)}_{\text{excess risk}} = "
               r"\underbrace{\mathcal{R}(f_H^*) - \mathcal{R}(f^*)}_{\text{estimation error}} + "
               r"\underbrace{\mathcal{R}(\hat{f}_H) - \mathcal{R}(f_H^*)}_{\text{approximation error}}")
    assert _decide(RISK, swapped).verdict == "refuted"
    assert _decide(RISK, CATALOG[RISK].latex).verdict in ("passed", "proved")


@pytest.mark.parametrize("premise,verdict", [
    (r"\|\delta\|_\infty \leq \epsilon", "passed"),   # the budget: -eps sign(y w) is optimal
    (r"\|w\|_2 \leq \epsilon", "refuted"),            # bounds w: a larger delta does better
    (r"\|\delta\|_2 \leq \epsilon", "refuted"),       # another budget: another optimum
])
def test_the_premise_states_the_set_the_perturbation_is_optimal_over(premise, verdict):
    ev = _decide("adv.linf-optimal",
                 premise + r" \implies \delta_i = -\epsilon \operatorname{sign}(y w_i)")
    assert ev.verdict == verdict


def test_a_maximum_over_a_set_that_leaves_the_perturbation_free_is_refuted():
    claim = CATALOG["adv.robust-inner-max"]
    decls = claim.declarations_for(next(s for s in claim.sources if s.line == 878))
    ev = check_version(claim, r"R = \max_{S \in \mathcal{S}} L(f(x + \delta), y)", decls, claim.layout, [],
                       seed=0, key=("test",), symbolic_first=False, thorough=False)
    assert ev.verdict == "refuted"
    assert _decide("adv.robust-inner-max", claim.latex).verdict == "passed"
