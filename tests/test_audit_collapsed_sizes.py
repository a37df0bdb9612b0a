"""A size clash no layout explains: the formula fits only if two of the claim's sizes are one.

Refuted by sizes alone, a formula stays unchecked when its sizes may fit in a notation the
claim does not share (data as columns, a transposed weight, row vectors). A dropped or
misplaced transpose, or one block put for another, clashes in every layout of its letters and
fits only when two sizes the claim keeps apart are equal (the data matrix square, two blocks
of one size); where it then fails the claim's check too, it is wrong. Letters and wording are
our own; the convention cases must not be called wrong."""
from __future__ import annotations

from dataclasses import replace

from audit_helpers import audit_text, catalog
from cheatsheet.verify.audit.collapsed_sizes import collapse_reason, collapsed_sizes
from cheatsheet.verify.audit.readings import Reading


def _found(text: str) -> list[tuple[str, str]]:
    """(verdict, reason) of each formula that states a relation."""
    return [(f.verdict, f.reason) for f in audit_text(text) if "states no relation" not in
            f.reason]


def test_normal_equations_without_their_transpose_are_wrong():
    text = "## Fitting\n\nNormal equations of least squares: " \
           "$M^\\top M \\hat{\\boldsymbol{\\beta}} = M \\boldsymbol{c}$\n"
    ((verdict, reason),) = _found(text)
    assert verdict == "wrong"
    assert reason == "its sizes only fit if M is square"


def test_a_block_put_for_the_other_is_wrong():
    text = ("## Gaussian blocks\n\nConditional covariance of $\\mathbf{u}$ given $\\mathbf{v}$ "
            "(Schur complement): $\\Sigma_{u|v} = \\Sigma_{uu} - "
            "\\Sigma_{uv}\\Sigma_{uu}^{-1}\\Sigma_{vu}$\n")
    ((verdict, reason),) = _found(text)
    assert verdict == "wrong"
    assert "square" in reason and "\\" not in reason


def test_the_right_forms_hold():
    text = ("## Fitting\n\nNormal equations of least squares: "
            "$M^\\top M \\hat{\\boldsymbol{\\beta}} = M^\\top \\boldsymbol{c}$\n\n"
            "Conditional covariance of $\\mathbf{u}$ given $\\mathbf{v}$ (Schur complement): "
            "$\\Sigma_{u|v} = \\Sigma_{uu} - \\Sigma_{uv}\\Sigma_{vv}^{-1}\\Sigma_{vu}$\n")
    assert [v for v, _ in _found(text)] == ["ok", "ok"]


def test_samples_as_columns_are_not_called_wrong():
    text = ("## Fitting, samples as columns\n\nWith the samples as the columns of $Z$, the "
            "normal equations read $Z Z^\\top \\hat{\\boldsymbol{v}} = Z \\boldsymbol{c}$.\n")
    assert [v for v, _ in _found(text)] == ["unchecked"]


def _reading(claim_id: str, latex: str) -> Reading:
    claim = catalog()[claim_id]
    return Reading(latex=latex, decls=claim.declarations, layouts=("denominator",),
                   assume=list(claim.assume), names_back={}, narrowed={})


def test_a_layout_that_fits_is_a_convention_not_a_collapse():
    """X X^T w = X y fits with X laid out as D x N (data as columns); z^T-style row vectors
    likewise: some layout of the letters fits, so the sizes say nothing."""
    claim = catalog()["linreg.normal_equations"]
    assert collapsed_sizes(_reading(claim.id, r"X X^\top \hat{w} = X y"), claim) is None
    pair = collapsed_sizes(_reading(claim.id, r"X^\top X \hat{w} = X y"), claim)
    assert set(pair) == {"N", "D"}
    reading = replace(_reading(claim.id, r"X^\top X \hat{w} = X y"), names_back={"X": "A"})
    assert collapse_reason(reading, pair) == "its sizes only fit if A is square"


def test_the_square_special_case_is_no_collapse():
    """w = X^{-1} y fits only with X square, and there it is the least-squares solution: a
    special case for a square matrix, not a typo."""
    claim = catalog()["linreg.normal_equations"]
    assert collapsed_sizes(_reading(claim.id, r"\hat{w} = X^{-1} y"), claim) is None


def test_a_letter_the_claim_does_not_declare_proves_nothing():
    """G has a size the reader made up: a clash with it is no collapse of the claim's."""
    claim = catalog()["linreg.normal_equations"]
    assert collapsed_sizes(_reading(claim.id, r"X^\top X \hat{w} = G y"), claim) is None

