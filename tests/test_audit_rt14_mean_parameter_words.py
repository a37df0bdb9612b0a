"""A law given by its mean is said so even with a noun between the law's name and "with mean"
("Exponential service time with mean nu"): its mean parameter is then no rate mistaken for a
mean. Red team 14 ("Exponential lifetime with mean lambda: ..., E[T] = lambda") was called wrong
against the rate claim."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.verify.audit.laws import ways


def _found(text: str, latex: str):
    return next(f for f in audit_text(text) if f.latex == latex)


def test_the_mean_way_is_read_across_a_noun_or_two():
    assert "mean" in ways("Exponential service time with mean")
    assert "mean" in ways("exponential waiting times, of mean")
    assert "mean" not in ways("Exponential service time: its mean")  # the quantity stated


LINE = "Exponential service time with WAY $\\nu$: $\\mathbb{E}[S] = \\nu$\n"


def test_a_mean_parameter_is_not_refuted_and_the_rate_typo_still_is():
    said = _found(LINE.replace("WAY", "mean"), "\\mathbb{E}[S] = \\nu")
    assert said.verdict != "wrong", (said.verdict, said.claim, said.reason)
    typo = _found(LINE.replace("WAY", "rate"), "\\mathbb{E}[S] = \\nu")
    assert (typo.verdict, typo.claim) == ("wrong", "exponential.mean"), (typo.verdict, typo.reason)
