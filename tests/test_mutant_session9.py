"""Surviving mutants of issue 13 (part 2) dealt with in session 9.

generative.gaussian_classifier fixed the class prior at 1/2 whatever the premise said, so a
premise with another prior (p(y=1) = 1/4) was false on every instance and the mutant had no
instance ('error'); the prior is now the premise's, and a premise that gives no probability
(p(y=1) = 2) is not well-formed."""
from __future__ import annotations

import pytest

from cheatsheet.catalog import get_catalog
from cheatsheet.quiz.mutate import mutations
from cheatsheet.verify.check import check_version
from cheatsheet.verify.checks.generative import premised_prior
from cheatsheet.latex import parse

CAT = get_catalog()
POSTERIOR = r"p(y=1|x) = \sigma((\mu_1 - \mu_0)^\top x + \frac{1}{2}(\|\mu_0\|^2 - \|\mu_1\|^2)"

REFUTED = [
    ("genclf.logistic-posterior", r"p(y=1) = \frac{1}{4} \implies " + POSTERIOR + ")"),
    ("genclf.logistic-posterior", r"p(y=1) = 2 \implies " + POSTERIOR + ")"),
]


def _decide(claim_id, latex, seed):
    c = CAT[claim_id]
    return check_version(c, latex, c.declarations, c.layout, list(c.assume), seed=seed,
                         key=("mutant",), symbolic_first=False, thorough=False)


@pytest.mark.parametrize("seed", [0, 1, 5])
@pytest.mark.parametrize("claim_id,latex", REFUTED,
                         ids=[f"{c}#{k}" for k, (c, _) in enumerate(REFUTED)])
def test_recorded_mutant_is_refuted_whatever_the_seed(claim_id, latex, seed):
    ev = _decide(claim_id, latex, seed)
    assert ev.verdict == "refuted" and ev.counterexample, (ev.verdict, ev.detail)


@pytest.mark.parametrize("seed", [0, 1, 5])
def test_the_canonical_form_still_holds(seed):
    c = CAT["genclf.logistic-posterior"]
    assert _decide(c.id, c.latex, seed).verdict in ("passed", "proved")


def test_recorded_mutants_are_the_quiz_operators_own():
    for claim_id, latex in REFUTED:
        assert latex in {m.latex for m in mutations(CAT[claim_id].latex)}, latex


@pytest.mark.parametrize("seed", [0, 1])
def test_an_unequal_prior_with_its_log_odds_holds(seed):
    """Decided under the premise's prior: with p(y=1) = 1/4 the bias gains log(1/3)."""
    latex = (r"p(y=1) = \frac{1}{4} \implies " + POSTERIOR + r" + \log\frac{1}{3})")
    assert _decide("genclf.logistic-posterior", latex, seed).verdict == "passed"


def test_the_prior_is_read_from_either_class():
    d = CAT["genclf.logistic-posterior"].declarations
    assert premised_prior(parse(r"p(y=0) = \frac{3}{4} \implies " + POSTERIOR + ")", d)) \
        == pytest.approx(0.25)
    assert premised_prior(parse(POSTERIOR + ")", d)) is None


# -- equivalent under the check's definitions (scripts/mutation/definitions.py) ---------------

DEFINED = [
    # x_bar is the mean: the cross term x_bar sum (y_i - y_bar) is 0
    ("linreg.simple_slope", r"\hat{\beta}_1 = \frac{\sum_{i=1}^n (x_i + \bar{x})(y_i - \bar{y})}"
                            r"{\sum_{i=1}^n (x_i - \bar{x})^2}"),
    ("gauss.mle_covariance", r"\hat{\boldsymbol{\Sigma}} = \frac{1}{n} \sum_{i=1}^n "
                             r"(\mathbf{x}_i + \hat{\boldsymbol{\mu}})(\mathbf{x}_i - "
                             r"\hat{\boldsymbol{\mu}})^T"),
]


@pytest.mark.parametrize("claim_id,latex", DEFINED)
def test_a_mutant_equal_under_the_checks_definitions_is_listed_apart(claim_id, latex):
    from mutants import mutation_script

    ms = mutation_script()
    assert ms.equivalent(CAT[claim_id], latex) is None  # plain sampling cannot show it
    from mutation.definitions import equivalent_by_definitions

    assert equivalent_by_definitions(CAT[claim_id], latex)


def test_a_different_slope_is_not_equal_under_the_definitions():
    from mutants import mutation_script

    mutation_script()  # puts scripts/ on the path
    from mutation.definitions import equivalent_by_definitions

    other = (r"\hat{\beta}_1 = \frac{\sum_{i=1}^n (x_i - \bar{x})(y_i - \bar{y})}"
             r"{\sum_{i=1}^n (y_i - \bar{y})^2}")
    assert not equivalent_by_definitions(CAT["linreg.simple_slope"], other)
    plus = (r"\hat{\beta}_1 = \frac{\sum_{i=1}^n (x_i + \bar{x})(y_i + \bar{y})}"
            r"{\sum_{i=1}^n (x_i - \bar{x})^2}")  # the cross term x_bar y_bar n is not 0
    assert not equivalent_by_definitions(CAT["linreg.simple_slope"], plus)


# -- a sum of terms SymPy shows nonnegative is >= 0 (scripts/mutation/truth.py) ---------------

def test_a_sum_of_nonnegative_terms_is_shown_true():
    from mutants import mutation_script

    ms = mutation_script()
    c = CAT["kernel.gaussian_psd"]
    squares = (r"\sum_{i=1}^N \sum_{j=1}^N c_{j} c_j \exp\left(-\frac{\|x_i - x_j\|^2}"
               r"{2\sigma^2}\right) \geq 0")
    assert ms.nonnegative_sum(c, squares)
    # c_i c_j has either sign: the kernel's positive semidefiniteness is not termwise
    laplace = (r"\sum_{i=1}^N \sum_{j=1}^N c_i c_j \exp\left(-\frac{\|x_i - x_j\|}"
               r"{2\sigma^2}\right) \geq 0")
    assert not ms.nonnegative_sum(c, laplace)
    assert not ms.nonnegative_sum(c, c.latex)  # nothing changed: nothing shown
