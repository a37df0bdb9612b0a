"""Red team 19: a student's plain-text crib types its math bare (no dollars), and writes an
activation as a function letter applied to a vector.

- cheatsheet/sheets/bare_math.py: a sheet that marks no math at all has its formula runs
  read (before, such a sheet read 0 formulas);
- verify/audit/other_quantity.call_read_as_product: ``h = psi(u)`` read as a claim's
  ``Y = alpha F`` (psi a number times u) is no typo of that claim.
"""
from __future__ import annotations

from audit_helpers import audit_text


CRIB = ("CRIB\n=====\n"
        "logistic g: g′(u) = g(u)(1 − g(u)), and g(−u) = 1 − g(u)\n"
        "keep this in mind for the exam\n")


def test_a_sheet_without_delimiters_has_its_formulas_read():
    read = [f.latex for f in audit_text(CRIB, name="crib.txt")]
    assert read == ["g′(u) = g(u)(1 − g(u))", "g(−u) = 1 − g(u)"]  # not the ===== rule


def test_a_sheet_that_marks_its_math_is_read_as_before():
    marked = CRIB.replace("keep this", "keep $n \\ge 1$ and this")
    assert [f.latex for f in audit_text(marked, name="crib.txt")] == ["n \\ge 1"]


UPSAMPLE = ("UPSAMPLING NOTES\n"
            "transposed convolution, input n, kernel k, stride t, padding q per side: {}\n")


def test_a_bare_typo_is_caught_and_its_right_form_is_ok():
    wrong = audit_text(UPSAMPLE.format("m = (n − 1)t + 2q + k"), name="up.txt")
    right = audit_text(UPSAMPLE.format("m = (n − 1)t − 2q + k"), name="up.txt")
    assert [(f.verdict, f.claim) for f in wrong] == [("wrong", "conv.transposed_output_size")]
    assert [f.verdict for f in right] == ["ok"]


def test_an_activation_applied_to_a_vector_is_no_product():
    """h = phi(z) was 'wrong' as residual.parameter_jacobians' Y = alpha F under words
    naming the chain rule: phi read as the claim's number alpha times z."""
    for f in (r"\vec{h} = \psi(\vec{u})", r"\vec{h} = \varphi(\vec{s})"):
        sheet = "## Chain rule in matrix form\n\n- $" + f + "$\n"
        assert audit_text(sheet)[-1].verdict != "wrong"
