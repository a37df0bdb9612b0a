"""A formula that holds as a claim only by reading its own label as the claim's left side, in
the claim's letters, with no word naming the claim, is not credited.

Red team 15 planted "Bernoulli Fisher information: $I(p) = p(1 - p)$" (the reciprocal is right);
the audit called it ok as sigma' = sigma(1 - sigma) with p read as sigma: any label with that
right side "holds". A label under words that name the claim is still credited.
"""
from __future__ import annotations

from audit_helpers import audit_text


def _found(text: str, latex: str):
    return next(f for f in audit_text(text) if f.latex == latex)


def test_a_label_of_its_own_in_other_letters_is_not_ok():
    latex = r"J(q) = q(1 - q)"
    said = _found(f"## Estimators\n\n- Fisher information of a coin: ${latex}$\n", latex)
    assert said.verdict != "ok", (said.verdict, said.claim, said.reason)


def test_a_label_under_words_naming_the_claim_is_still_ok():
    latex = r"M(u) = e^{\lambda(e^{u} - 1)}"
    said = _found(f"- moment generating function of the Poisson law: ${latex}$\n", latex)
    assert said.verdict == "ok", (said.verdict, said.claim, said.reason)
