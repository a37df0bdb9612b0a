"""A recorded chain typed again is read as the catalog reads it (variants.py with
recorded_words.recorded_as_typed), and a primed call is a derivative, an informative token
(confidence.informative)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.tokens import tokenize
from cheatsheet.verify.audit.confidence import informative


def test_a_primed_call_counts_as_an_operator_and_a_primed_name_does_not():
    assert informative(tokenize(r"g'(t) = 3")) == informative(tokenize(r"\dot{g} = 3")) + 1
    assert informative(tokenize(r"w' = 3")) == informative(tokenize(r"w = 3"))


def test_a_recorded_chain_typed_again_is_not_read_as_a_name_for_its_rest():
    """sigma'(z) = sigma(-z) = 1 is recorded whole (both equalities false): typed again under
    other words, its first member is not taken for a mere name of 'sigma(-z) = 1'."""
    head = "Squashing: $\\sigma(z) = \\frac{1}{1+e^{-z}}$ and $"
    wrong = audit_text(head + "\\sigma'(z) = \\sigma(-z) = 1$ always.\n")[-1]
    assert (wrong.verdict, wrong.claim) == ("wrong", "sigmoid.symmetry"), wrong.reason
    right = audit_text(head + "\\sigma'(z) = \\sigma(z)(1-\\sigma(z))$ always.\n")[-1]
    assert right.verdict == "ok", right.reason
