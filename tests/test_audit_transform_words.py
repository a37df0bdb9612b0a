"""Words naming another transform of a law than the claim's (verify/audit/other_quantity.py).

The Laplace transform E[e^{-sX}] of an exponential law is mu/(mu + s): against the MGF claim it
looks like "+ where - belongs", yet it is right. Under words that speak of the Laplace transform
(or the characteristic function, the probability-generating function ...) and never of the MGF,
a failed MGF check says nothing of the line; under words naming the MGF the same slip is wrong.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit import decide as decide_module
from cheatsheet.verify.audit.other_quantity import transform_said_instead


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    # (a loaded machine must not turn a decision into "no decision within 6 s")
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


_PLUS = r"\mathrm{Exp}(\mu) = \frac{\mu}{\mu + s}"
_MINUS = r"\mathrm{Exp}(\mu) = \frac{\mu}{\mu - s}"


def _sheet(heading: str, words: str, latex: str) -> str:
    return f"# Transforms of laws\n\n## {heading}\n\n{words}\n\n$${latex}$$\n"


def test_a_laplace_transform_is_not_a_typo_of_the_mgf():
    f = audit_text(_sheet("Laplace side", "Table of Laplace transforms, rate mu:", _PLUS))[0]
    assert f.verdict == "unchecked"
    assert "Laplace transform" in f.reason and "moment-generating" in f.reason


def test_the_same_slip_under_mgf_words_is_wrong():
    f = audit_text(_sheet("Generating functions", "Moment generating function, rate mu:",
                          _PLUS))[0]
    assert f.verdict == "wrong" and f.claim == "mgf.exponential"


def test_the_right_mgf_under_mgf_words_is_ok():
    f = audit_text(_sheet("Generating functions", "MGF with rate mu:", _MINUS))[0]
    assert f.verdict == "ok"


@pytest.mark.parametrize("said,expected", [
    ("characteristic function of the law", "characteristic function"),
    ("its pgf", "probability-generating function"),
    ("Laplace-Stieltjes transform", "Laplace transform"),
    ("MGF and Laplace transform side by side", ""),  # the claim's own is named too
    ("density of the Laplace distribution", ""),  # a law's name, not a transform
])
def test_the_transform_the_words_name(said, expected):
    assert transform_said_instead("MGF of the exponential distribution", said) == expected


def test_a_claim_of_no_transform_is_left_alone():
    assert transform_said_instead("Variance of the exponential distribution",
                                  "Laplace transform table") == ""
