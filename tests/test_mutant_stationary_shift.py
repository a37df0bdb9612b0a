"""Issue 13 (part 2): a claim made for every time t (t declared: a stationary process, whose
mean and variance are the same at each t) has its form at t - 1 as an instance, so the
mutants Var(x_{t-1}) = sigma^2 / (1 - phi^2) and E[x_{t-1}] = c / (1 - phi) are true, not
typos the check misses.  Where the time is not declared, x_t may name one fixed iterate and
nothing is concluded."""
from __future__ import annotations

import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.claims import Claim
from cheatsheet.quiz.mutate import mutations
from mutants import mutation_script

TRUTH = mutation_script()


def _claim(symbols):  # letters of our own: z_s a stationary series, a / (1 - b) its mean
    return Claim(id="own.stationary_mean", topic="own", title="mean of a stationary series",
                 latex=r"\mathbb{E}[z_s] = \frac{a}{1 - b}", symbols=symbols)


FREE = {"z_s": "real", "s": "integer", "a": "real", "b": "interval(-0.5, 0.5)"}
FIXED = {"z_s": "real", "a": "real", "b": "interval(-0.5, 0.5)"}


def test_the_form_one_step_earlier_is_an_instance_when_the_time_is_declared():
    assert TRUTH.shifted_instance(_claim(FREE), r"\mathbb{E}[z_{s-1}] = \frac{a}{1 - b}")
    assert TRUTH.shifted_instance(_claim(FREE), r"\mathbb{E}[z_{s+1}] = \frac{a}{1 - b}")


@pytest.mark.parametrize("symbols,latex", [
    (FIXED, r"\mathbb{E}[z_{s-1}] = \frac{a}{1 - b}"),   # s not declared: one fixed iterate
    (FREE, r"\mathbb{E}[z_{s-1}] = \frac{a}{1 + b}"),    # shifted and changed
    (FREE, r"\mathbb{E}[z_{s-1}] = \frac{a}{1 - b} + z_s"),
])
def test_other_forms_are_not_shown_true(symbols, latex):
    assert not TRUTH.shifted_instance(_claim(symbols), latex)


@pytest.mark.parametrize("claim_id,latex", [
    ("ar1.variance", r"\operatorname{Var}(x_{t-1}) = \frac{\sigma^2}{1 - \phi^2}"),
    ("ar1.mean", r"\mathbb{E}[x_{t-1}] = \frac{c}{1 - \phi}"),
])
def test_the_ar1_survivors_are_instances_of_the_stationary_claims(claim_id, latex):
    claim = get_catalog()[claim_id]
    assert latex in {m.latex for m in mutations(claim.latex)}
    assert TRUTH.shifted_instance(claim, latex)
