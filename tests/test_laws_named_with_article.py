"""A capitalised Gamma or Beta after an article names the law ("rates for the exponential and
the Gamma"), as "Gamma distribution" does: a sheet that says so above its table states the
Gamma row's moments in rates, and the row is decided, though the sentence names another law
too (issue 8, red team 18: the Gamma row's
cells "stated no relation" because the sentence was read as naming the exponential only).
A lower-case gamma, one without an article, the Gamma function, or a compound law (the
Beta-Bernoulli model) name no law. Letters and wording here are our own."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.laws import UNKNOWN_LAW, _prose_laws


@pytest.mark.parametrize("words, laws", [
    ("we give a rate, never a scale, for the Gamma.", {"gamma"}),
    ("shape and rate of a Gamma waiting time", {"gamma"}),
    ("under a Beta prior", {"beta"}),
    ("the Gamma function at half-integers", set()),
    ("momentum gamma and decay beta", set()),
    ("Gamma controls the discount", set()),
    ("in the Beta-Binomial model", {UNKNOWN_LAW}),
])
def test_an_article_makes_the_capitalised_name_a_law(words, laws):
    assert _prose_laws(words) == laws


TABLE = """# Waiting times

Our table gives a rate, never a scale, for the exponential and the Gamma.

| Law | Mean | Variance |
|---|---|---|
| Exponential $\\text{Exp}(r)$ | $\\frac{1}{r}$ | $\\frac{1}{r^2}$ |
| Gamma $\\text{Gamma}(k, r)$ | $\\frac{k}{r}$ | $VAR$ |
"""


def test_the_gamma_row_is_read_in_the_rate_the_sheet_says():
    right = audit_text(TABLE.replace("VAR", "\\frac{k}{r^2}"))
    typo = audit_text(TABLE.replace("VAR", "\\frac{k}{r}"))
    assert [f.verdict for f in right[-2:]] == ["ok", "ok"]
    assert [f.verdict for f in typo[-2:]] == ["ok", "wrong"]
    assert typo[-1].expected == "\\frac{k}{r^2}"
