"""A claim's letter the formula leaves out, which its own sentence writes right before it
("from $n$ i.i.d. observations:"), was not given a value: leaving it out is the slip
(verify/audit/introduced.py). Words that may give it a value keep the audit unsure."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.introduced import introduced_before

HEAD = "## Information bound (Cramér–Rao)\n\n"


def _last(text: str):
    return audit_text(HEAD + text)[-1]


def test_letter_introduced_before_the_formula_makes_its_absence_the_slip():
    f = _last(r"An unbiased $\hat\beta$ from $n$ i.i.d. observations: "
              r"$$\operatorname{Var}(\hat\beta) \geq \frac{1}{I(\beta)}$$")
    assert f.verdict == "wrong"
    assert f.claim == "estimator.cramer_rao"


def test_right_form_under_the_same_sentence_holds():
    f = _last(r"An unbiased $\hat\beta$ from $n$ i.i.d. observations: "
              r"$$\operatorname{Var}(\hat\beta) \geq \frac{1}{n I(\beta)}$$")
    assert f.verdict == "ok"


@pytest.mark.parametrize("text", [
    # no sentence introduces n: the formula may be the one-draw case
    r"An unbiased $\hat\beta$: $$\operatorname{Var}(\hat\beta) \geq \frac{1}{I(\beta)}$$",
    # the words give n a value, or speak of one draw
    r"An unbiased $\hat\beta$, for a single draw out of $n$: "
    r"$$\operatorname{Var}(\hat\beta) \geq \frac{1}{I(\beta)}$$",
    r"An unbiased $\hat\beta$ from $n$ = 1 observation: "
    r"$$\operatorname{Var}(\hat\beta) \geq \frac{1}{I(\beta)}$$",
])
def test_without_the_letter_introduced_it_stays_unchecked(text):
    assert _last(text).verdict == "unchecked"


def test_introduced_before_reads_only_a_bare_name_close_before():
    assert introduced_before(r"\hat\beta n", "unbiased from", "i.i.d. observations:") == {"n"}
    assert introduced_before(r"\alpha", "step", ":") == {"alpha"}
    # a value, or too many words between: nothing introduced for this formula
    assert introduced_before("n", "from", "= 1 draws:") == frozenset()
    assert introduced_before("n", "with", "draws, and later on in the text we see:") == frozenset()
