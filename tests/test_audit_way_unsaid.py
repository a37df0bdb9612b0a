"""A claim that states a law another way than the catalog's usual one (by its mean, its scale)
credits or refutes a formula in renamed letters only where the sheet says that way
(verify/audit/laws.py, way_unsaid)."""
from __future__ import annotations

from audit_helpers import audit_text


def _found(text: str, latex: str):
    return next(f for f in audit_text(text) if f.latex == latex)


def test_the_rate_letter_given_as_the_mean_is_not_credited_by_the_mean_parameter_claim():
    f = _found("Waiting time, exponential mean: $E[T] = \\lambda$\n", "E[T] = \\lambda")
    assert (f.verdict, f.claim) == ("wrong", "exponential.mean"), (f.verdict, f.claim, f.reason)
    right = _found("Waiting time, exponential mean: $E[T] = 1/\\lambda$\n", "E[T] = 1/\\lambda")
    assert right.verdict == "ok"


def test_another_letter_is_the_mean_parameter_only_where_the_sheet_says_so():
    bare = _found("Exponential law: $\\mathbb{E}[T] = \\tau$\n", "\\mathbb{E}[T] = \\tau")
    assert bare.verdict == "unchecked", (bare.verdict, bare.claim)
    said = _found("Exponential with mean $\\tau$: $\\mathbb{E}[T] = \\tau$\n",
                  "\\mathbb{E}[T] = \\tau")
    assert (said.verdict, said.claim) == ("ok", "exponential.mean_scale"), said.reason
