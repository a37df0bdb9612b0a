"""A formula none of whose names stands for one of the claim's has only the claim's shape:
it is not credited as that claim (verify/audit/renaming.py, nothing_placed)."""
from __future__ import annotations

from audit_helpers import audit_text


def _found(text: str, latex: str):
    return next(f for f in audit_text(text) if f.latex == latex)


def test_a_formula_of_names_of_its_own_is_not_credited_by_a_claim_of_that_shape():
    # the first-order condition with a slip (f'(x_0) = 0 is right): lambda_max(A_hat) = 1
    # has the same shape, but nothing of it is the eigenvalue claim's
    f = _found("# Calculus\n\nAt a local minimum of a smooth function: $g'(x_0) = 1$.\n",
               "g'(x_0) = 1")
    assert not (f.verdict == "ok" and f.claim and "spectrum" in f.claim), (f.verdict, f.claim)


def test_the_claim_in_its_own_names_is_still_credited():
    f = _found("# Graph convolution\n\nWith self loops the propagation matrix has "
               "$\\lambda_{\\max}(\\hat{A}) = 1$.\n", "\\lambda_{\\max}(\\hat{A}) = 1")
    assert (f.verdict, f.claim) == ("ok", "gcn.spectrum")
