"""Formulas that give a letter a property, or use another operator than a claim, are not
credited as that claim (verify/audit/symmetry.py, confidence.holds_as), and a definition's
prime written as a command is its derivative (cheatsheet/sheets/definitions.put_in)."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.symmetry import symmetric_name


@pytest.mark.parametrize("latex, name", [
    ("a_{pq} = a_{qp}", "a"),
    ("K_{m,n} = K_{n,m}", "K"),
    ("\\mathbf{C} = \\mathbf{C}^\\top", "C"),
    ("\\Gamma^{T} = \\Gamma", "Gamma"),
])
def test_a_formula_saying_a_letter_is_symmetric_is_recognised(latex, name):
    assert symmetric_name(latex) == name


@pytest.mark.parametrize("latex", [
    "a_{pq} = a_{pq}", "a_{pp} = 0", "a_{pq} = b_{qp}", "(CD)^T = D^T C^T", "C^T = C^T",
    "a_{pq} = a_{qp} = 1", "x_{k+1} = x_{1+k}",
])
def test_other_formulas_say_no_symmetry(latex):
    assert symmetric_name(latex) is None


def test_a_symmetric_coupling_is_no_claim_it_resembles():
    """An Ising coupling matrix's symmetry read in some claim's letters "held" by accident
    (as the gradient of a shared RNN weight): it is a property of the couplings, unchecked."""
    text = "Spin glass couplings: $J_{ab} = J_{ba}$ for all spins.\n"
    (f,) = audit_text(text)
    assert f.verdict == "unchecked" and f.claim is None
    assert "symmetric" in f.reason and "J" in f.reason


def test_a_pseudo_inverse_is_not_credited_as_an_inverse():
    """B^dagger = B^T is right only for orthonormal columns; read as the inverse of an
    orthogonal matrix it "held"."""
    text = "Least squares: $B^{\\dagger} = B^{\\top}$\n"
    (f,) = audit_text(text)
    assert f.verdict != "ok", f.reason


def test_an_inverse_stated_with_an_inverse_is_still_credited():
    text = "For a rotation $R$: $R^{-1} = R^\\top$\n"
    last = audit_text(text)[-1]
    assert last.verdict == "ok", last.reason


def test_a_prime_written_as_a_command_is_the_defined_function_s_derivative():
    """h(t) defined on the line, then h^{\\prime}(t) = ... is its derivative, as h'(t) is."""
    wrong = ("Logistic curve: $h(t) = \\frac{1}{1+e^{-t}}$ with "
             "$h^{\\prime}(t) = h(t) + h(-t)$.\n")
    right = ("Logistic curve: $h(t) = \\frac{1}{1+e^{-t}}$ with "
             "$h^{\\prime}(t) = h(t)\\,h(-t)$.\n")
    assert audit_text(wrong)[-1].verdict == "wrong"
    found = audit_text(right)[-1]
    assert found.verdict == "ok", found.reason


def test_a_formula_after_then_is_the_conclusion_not_a_condition():
    """"If ..., then $F$": F is what the sentence concludes; it was left unchecked as "a
    condition the sheet assumes" when wrong, and credited when right."""
    text = "If $R$ is a rotation matrix, then $R^{-1} = R$.\n"
    last = audit_text(text)[-1]
    assert "a condition the sheet assumes" not in last.reason


def test_the_formula_after_if_is_still_the_condition():
    text = "If $U V = 3 V U$, then the two maps share no eigenvector.\n"
    (f,) = audit_text(text)
    assert f.verdict == "unchecked" and "a condition the sheet assumes (after 'if')" in f.reason


def test_a_new_if_after_then_makes_a_condition_again():
    text = "Then, if $U V = 3 V U$, the two maps share no eigenvector.\n"
    (f,) = audit_text(text)
    assert f.verdict == "unchecked" and "a condition the sheet assumes (after 'if')" in f.reason


def test_a_recorded_typo_wrong_only_by_its_words_is_no_typo_under_other_words():
    """The catalog records "W^dagger = W^T" as wrong after "has orthogonal columns"; the
    same formula under "orthonormal columns" is right and was called wrong."""
    text = "Pseudo-inverse when the columns are orthonormal: $W^\\dagger = W^\\top$\n"
    (f,) = audit_text(text)
    assert f.verdict != "wrong", f.reason


def test_recorded_words_are_said_whatever_hyphens_and_spacing():
    from cheatsheet.verify.audit.recorded_words import _said
    assert _said("denominator-layout", "a Jacobian in denominator layout, entry")
    assert _said("numerator layout", "in numerator-layout form")
    assert not _said("denominator-layout", "in numerator layout")
