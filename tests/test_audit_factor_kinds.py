"""A factorisation stated beside a formula gives its factors their kinds for the generic check
(verify/audit/factor_kinds.py), in notation of our own: M = P S Q^T, B = R Omega R^T."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.verify.audit.factor_kinds import factor_kinds

SHEET = """# Linear algebra

## Factorisations

- {item}
"""


def _verdicts(item: str) -> dict:
    return {f.latex: f.verdict for f in audit_text(SHEET.format(item=item), "algebra.md")}


def test_the_factors_of_a_product_under_words_naming_the_factorisation():
    assert factor_kinds(["M = P S Q^\\top"], "its singular values") == (
        ("P", "orthogonal"), ("S", "diagonal"), ("Q", "orthogonal"))
    assert factor_kinds(["R \\Omega R^\\top"], "eigendecomposition") == (
        ("R", "orthogonal"), ("Omega", "diagonal"))
    assert factor_kinds(["M = P S Q^\\top"], "a product of three matrices") == ()
    assert factor_kinds(["M = P S Q"], "SVD") == ()  # (no transposed last factor)
    assert factor_kinds(["M = P S Q^\\top + E"], "SVD") == ()


def test_right_formulas_with_the_svd_factors_are_not_called_wrong():
    # (drawn as any square matrices, the two sides differ: each was called wrong before)
    for right in ("$M^{-1} = Q S^{-1} P^\\top$", "$M^\\top = Q S P^\\top$"):
        found = _verdicts(f"singular values: $M = P S Q^\\top$, so {right}")
        assert found[right.strip("$")] != "wrong", right


def test_a_right_formula_with_the_eigen_factors_is_not_called_wrong():
    found = _verdicts("spectral theorem: $B = R \\Omega R^\\top$ and $B R = R \\Omega$")
    assert found["B R = R \\Omega"] != "wrong"


def test_a_typo_with_the_factors_drawn_as_the_words_say_is_still_wrong():
    found = _verdicts("singular values: $M = P S Q^\\top$, so $M^{-1} = P S^{-1} Q^\\top$")
    assert found["M^{-1} = P S^{-1} Q^\\top"] == "wrong"
