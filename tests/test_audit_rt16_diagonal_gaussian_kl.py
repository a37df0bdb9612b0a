"""The VAE's KL term, KL(N(mu, diag(sigma^2)) || N(0, I)), is a claim, and reads as sheets write it.

Red team 16 wrote it as ``\\mathrm{KL}(\\mathcal{N}(\\mathbf{a}, \\operatorname{diag}(\\mathbf{b}^2))
\\| \\mathcal{N}(\\mathbf{0}, I)) = \\frac12\\sum_j (a_j^2 + b_j^2 - \\log b_j^2 - 1)``. No claim
stated it (only the per-coordinate form with a prior variance lambda), so its typo (``+ \\log``)
stayed unchecked. Two readings had to change for a claim to decide it: ``diag`` of a column's
square is the square taken entry by entry (a column has no matrix power), and ``N(0, I)`` with
the bold zero read as the number 0 is the zero-mean law of the covariance's size.
"""
from __future__ import annotations

import numpy as np
import pytest

from audit_helpers import audit_text
from cheatsheet.symbols import Declarations
from cheatsheet.verify.checks.information import _gaussian, _kl
from cheatsheet.verify.evaluate import Val
from cheatsheet.verify.parsing import parse_cached


def _found(text: str, latex: str):
    return next(f for f in audit_text(text) if f.latex == latex)


def test_diag_of_a_squared_column_squares_its_entries():
    decls = Declarations.from_mapping({"r": "posvector(n)", "n": "dim"})
    rel = parse_cached(r"\operatorname{diag}(\mathbf{r}^2) = \operatorname{diag}(\mathbf{r})^2",
                       decls).relations[0]
    assert "HadamardPower" in str(rel.lhs)


def test_a_zero_mean_with_a_covariance_matrix_is_the_zero_vector():
    cov = Val(np.diag([2.0, 0.5]), True)
    law = _gaussian(Val(np.array(0.0)), cov)
    same = _gaussian(Val(np.zeros((2, 1)), True), cov)
    assert float(_kl(law, same).arr) == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(Exception):  # a nonzero number is no mean vector
        _gaussian(Val(np.array(1.0)), cov)


SHEET = ("## Encoder regulariser\n\nPosterior $\\mathcal{N}(\\boldsymbol{\\nu}, "
         "\\operatorname{diag}(\\boldsymbol{\\tau}^2))$ in $p$ dimensions, prior the standard "
         "normal:\n\n$$FORMULA$$\n")
LEFT = (r"D_{\mathrm{KL}}\left(\mathcal{N}(\boldsymbol{\nu}, \operatorname{diag}(\boldsymbol{\tau}^2))"
        r" \,\|\, \mathcal{N}(\mathbf{0}, \mathbf{I})\right) = ")
RIGHT = LEFT + r"\frac{1}{2}\sum_{k=1}^{p}\left(\nu_k^2 + \tau_k^2 - \ln\tau_k^2 - 1\right)"


def test_the_right_form_in_other_letters_is_ok():
    said = _found(SHEET.replace("FORMULA", RIGHT), RIGHT)
    assert (said.verdict, said.claim) == ("ok", "kl.diagonal-gaussian-to-standard"), said.reason


@pytest.mark.parametrize("typo", [
    LEFT + r"\frac{1}{2}\sum_{k=1}^{p}\left(\nu_k^2 + \tau_k^2 + \ln\tau_k^2 - 1\right)",
    LEFT + r"\sum_{k=1}^{p}\left(\nu_k^2 + \tau_k^2 - \ln\tau_k^2 - 1\right)",
])
def test_its_typos_in_other_letters_are_wrong(typo):
    said = _found(SHEET.replace("FORMULA", typo), typo)
    assert (said.verdict, said.claim) == ("wrong", "kl.diagonal-gaussian-to-standard"), \
        (said.verdict, said.reason)


def test_a_kl_between_densities_named_by_letters_is_not_called_wrong():
    # the encoder q and the prior p are the claim's laws only by the words around them: the
    # claim's check, drawing q and p as it draws laws, cannot say the formula is wrong
    left = r"D_{\mathrm{KL}}\left(g(\mathbf{u} \mid \mathbf{y}) \,\|\, h(\mathbf{u})\right) = "
    for right in (r"-\frac{1}{2}\sum_{k=1}^{p}\left(1 + \ln\tau_k^2 - \nu_k^2 - \tau_k^2\right)",
                  r"\frac{1}{2}\sum_{k=1}^{p}\left(\nu_k^2 + \tau_k^2 - \ln\tau_k^2 - 1\right)"):
        said = _found(SHEET.replace("FORMULA", left + right), left + right)
        assert said.verdict != "wrong", said.reason
