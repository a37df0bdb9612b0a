"""Issue 13 (part 2), session 15: mutation survivors shown true by an argument of their own,
recorded so that they stay shown (and their false neighbours stay refuted).

- Rademacher bounds: the complexity is nonnegative (E_sigma sup_g >= sup_g E_sigma = 0), a
  declared premise; the check computes the premise's quantity as it computes the formula's, so
  a larger factor on it is a looser bound that SymPy shows true from the canonical form.
"""
from __future__ import annotations

import pytest

from cheatsheet.catalog import get_catalog
from mutants import decide_mutant, mutation_script

CAT = get_catalog()
MS = mutation_script()

RAD = r"\mathbb{E}[\Delta_{D_n}] \leq %s\mathbb{E}[\hat{\mathfrak{R}}_{D_n}(G)]"
ERM = r"\mathbb{E} [\mathcal{R}(\hat{h}_H)] \leq \mathcal{R}(h_H^*) + %s\mathbb{E}[\hat{\mathfrak{R}}_{D_n}(G)]"


@pytest.mark.parametrize("claim_id,form", [("rademacher.uniform-deviation", RAD),
                                           ("rademacher.erm-bound", ERM)])
def test_a_larger_factor_on_the_complexity_is_decided_and_shown_true(claim_id, form):
    looser = form % r"\frac{7}{2}"
    ev = decide_mutant(claim_id, looser)  # the premise is computed, not an unknown name
    assert ev.verdict in ("passed", "proved"), (ev.verdict, ev.detail)
    assert MS.implied(CAT[claim_id], looser)


@pytest.mark.parametrize("claim_id,form", [("rademacher.uniform-deviation", RAD),
                                           ("rademacher.erm-bound", ERM)])
def test_a_smaller_factor_is_not_shown_true_and_is_refuted(claim_id, form):
    tighter = form % r"\frac{1}{5}"
    assert not MS.implied(CAT[claim_id], tighter)
    ev = decide_mutant(claim_id, tighter)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)
