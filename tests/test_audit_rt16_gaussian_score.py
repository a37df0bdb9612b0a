"""The score of a normal law, grad_x log N(x; mu, Sigma) = -Sigma^{-1}(x - mu), is a claim.

Red team 16's score-matching notes wrote it with sigma^2 I, and its typo sheet divided by s
where s^2 belongs; no claim stated it, so the typo stayed unchecked. Two claims now do (the
full covariance and the isotropic case diffusion models use), decided by differentiating the
density the check computes through a Cholesky factor. A score written with a precision matrix
of a density that is not named N stays a formula of its own.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text


def _found(text: str, latex: str):
    return next(f for f in audit_text(text) if f.latex == latex)


SHEET = "## Scores\n\nThe score of a Gaussian corruption of $\\mathbf{z}$:\n\n$$FORMULA$$\n"

OK = [
    (r"\nabla_{\mathbf{z}} \log \mathcal{N}(\mathbf{z}; \mathbf{m}, \tau^2 \mathbf{I})"
     r" = \frac{\mathbf{m} - \mathbf{z}}{\tau^2}", "gauss.score-isotropic"),
    (r"\nabla_{\mathbf{z}} \log \mathcal{N}(\mathbf{z}; \mathbf{m}, C) = -C^{-1}(\mathbf{z} - \mathbf{m})",
     "gauss.score"),
]
WRONG = [
    (r"\nabla_{\mathbf{z}} \log \mathcal{N}(\mathbf{z}; \mathbf{m}, \tau^2 \mathbf{I})"
     r" = \frac{\mathbf{m} - \mathbf{z}}{\tau}", "gauss.score-isotropic"),
    (r"\nabla_{\mathbf{z}} \log \mathcal{N}(\mathbf{z}; \mathbf{m}, C) = -C(\mathbf{z} - \mathbf{m})",
     "gauss.score"),
]


@pytest.mark.parametrize("latex, claim", OK)
def test_the_score_in_other_letters_is_ok(latex, claim):
    said = _found(SHEET.replace("FORMULA", latex), latex)
    assert (said.verdict, said.claim) == ("ok", claim), said.reason


@pytest.mark.parametrize("latex, claim", WRONG)
def test_its_typos_in_other_letters_are_wrong(latex, claim):
    said = _found(SHEET.replace("FORMULA", latex), latex)
    assert (said.verdict, said.claim) == ("wrong", claim), (said.verdict, said.reason)


def test_a_score_with_a_precision_matrix_is_not_called_wrong():
    latex = r"\nabla_{\mathbf{z}} \log q(\mathbf{z}) = -P(\mathbf{z} - \mathbf{m})"
    text = ("## Scores\n\nWith $P = C^{-1}$ the precision matrix of the Gaussian $q$, its score "
            "is\n\n$$" + latex + "$$\n")
    assert _found(text, latex).verdict != "wrong"
