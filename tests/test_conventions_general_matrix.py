"""Words calling a lone matrix "general" right before it ("for a general square $C$") deny it
the symmetric claims, as "non-symmetric" does: red team 23's econometrics card wrote the
gradient of b'Ab as 2Ab for a general square A, a typo the symmetric claim would call ok once
its primes were read as transposes. Here in other letters (C, h)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.conventions import _denied_in


def test_general_before_a_matrix_denies_symmetry():
    assert _denied_in("for a general square ", right_before=True) == ["symmetric"]
    assert _denied_in("is a general matrix") == ["symmetric"]
    assert _denied_in("In general ", right_before=True) == []
    assert _denied_in("for a symmetric ", right_before=True) == []


def _verdict(words: str) -> str:
    text = (f"- for a {words} $\\mathbf{{C}}$: "
            r"$\frac{\partial\, \mathbf{h}^\top\mathbf{C}\mathbf{h}}{\partial \mathbf{h}} = 2\mathbf{C}\mathbf{h}$"
            "\n")
    (f,) = [f for f in audit_text(text) if "partial" in f.latex]
    return f.verdict


def test_the_symmetric_gradient_is_not_ok_for_a_general_matrix():
    assert _verdict("general square") != "ok"


def test_the_symmetric_gradient_of_a_symmetric_matrix_stays_ok():
    assert _verdict("symmetric") == "ok"
