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


def test_a_density_named_by_a_letter_is_not_the_claims_normal_law():
    """A density called by a letter, p(x), where the claim applies N(x; mu, Sigma): the line
    states the score of p, whatever law p is, and the check, which draws p as it likes, says
    nothing about it; never wrong against N's claim. (Red team 10's correct sheet wrote such a
    line, p a Gaussian named in words, and was called wrong when the match read p as N; here
    with the mean b, without the rule it is called wrong the same way.)"""
    latex = r"\nabla_{\mathbf{x}} \ln p(\mathbf{x}) = -\boldsymbol{\Sigma}^{-1}(\mathbf{x} - \mathbf{b})"
    said = _found("## Derivatives\n\n- $" + latex + "$\n", latex)
    assert said.verdict == "unchecked", said.reason
    assert "density p(...)" in said.reason


def test_the_rule_reads_the_letters_not_the_line():
    from cheatsheet.verify.audit.other_quantity import density_letter_for_law
    from cheatsheet.match.tokens import tokenize

    class _C:  # the two token lists a candidate carries
        def __init__(self, sheet, form):
            self.sheet_tokens, self.form_tokens = tokenize(sheet), tokenize(form)

    form = r"\nabla_{x} \log \mathcal{N}(x; \mu, \Sigma) = -\Sigma^{-1}(x - \mu)"
    assert density_letter_for_law(_C(r"\nabla_y \log q(y) = -S^{-1}(y - a)", form))
    assert not density_letter_for_law(
        _C(r"\nabla_y \log \mathcal{N}(y; a, S) = -S(y - a)", form))


def test_a_density_defined_by_its_formula_is_still_read_as_the_law():
    """p(y) = (the normal density written out, with a slip) defines p by the formula: the rule
    for densities named by a letter does not apply, and the slip (det C without its root) is
    wrong as before."""
    latex = (r"p(\mathbf{y}) = \frac{1}{(2\pi)^{d/2}\det(C)}\exp\left(-\frac{1}{2}"
             r"(\mathbf{y} - \mathbf{a})^{\top}C^{-1}(\mathbf{y} - \mathbf{a})\right)")
    text = "## Multivariate normal\n\nDensity of $\\mathcal{N}(\\mathbf{a}, C)$:\n\n$$" + latex + "$$\n"
    said = _found(text, latex)
    assert (said.verdict, said.claim) == ("wrong", "gauss.density"), said.reason
