"""scripts/mutation_score.py tells an equivalent or self-evidently true mutant from a survivor
without the claim's check (issue 13, part 2): SymPy with what the declarations say of a matrix,
and tautologies; a mutant of a premise is never 'equivalent' because its conclusion is."""
from __future__ import annotations

from pathlib import Path

from cheatsheet.catalog import get_catalog
from mutants import mutation_script

ROOT = Path(__file__).resolve().parent.parent


_script = mutation_script


MS = _script()
CAT = get_catalog()


def test_a_declared_symmetric_matrix_is_its_own_transpose():
    claim = CAT["sylvester.pd_sufficient"]  # A = symmetric(n)
    assert MS.equivalent(claim, r"\Delta_{\min}(\mathbf{A}) > 0 \implies "
                                r"\lambda_{\min}(\mathbf{A}^T) > 0") == "sympy"


def test_a_square_matrix_is_not_its_own_transpose():
    claim = CAT["perm.orthogonal"]  # P = square(M): nothing declared makes P^{-1} = P^T
    assert MS.equivalent(claim, r"PP^{-1} = I") is None


def test_a_mutated_premise_is_no_equivalent():
    claim = CAT["sylvester.pd_sufficient"]
    assert MS.equivalent(claim, r"\Delta_{\min}(\mathbf{A}) < 0 \implies "
                                r"\lambda_{\min}(\mathbf{A}) > 0") is None
    # the premise rewritten by the declared kind alone is the same premise
    assert MS.equivalent(claim, r"\Delta_{\min}(\mathbf{A}^T) > 0 \implies "
                                r"\lambda_{\min}(\mathbf{A}) > 0") == "sympy"


def test_a_tautology_is_true_whatever_the_check():
    assert MS._tautology(CAT["perm.inverse"], r"P^{-1} = P^{-1}")
    assert MS._tautology(CAT["perm.orthogonal"], r"PP^{-1} = I")
    assert not MS._tautology(CAT["perm.orthogonal"], r"PP^{\top} = I")
    assert not MS._tautology(CAT["perm.inverse"], r"P^{-1} = P^\top")
