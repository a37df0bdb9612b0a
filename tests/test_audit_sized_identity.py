"""An identity sized by a letter (I_M) lets the formula's unsized capitals take that size:
a clash made by one default size for every capital is no evidence the sheet is wrong
(verify/audit/sized_identity.py)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.verify.audit.as_written import _sides_differ
from cheatsheet.verify.audit.sized_identity import fits_some_size, identity_letters

_LAYOUTS = ("denominator", "numerator")


def test_the_letters_sizing_an_identity():
    assert identity_letters(r"\mathbf{I}_M + \mathbf{B}") == {"M"}
    assert identity_letters(r"I_{r} + Q^\top P") == {"r"}
    assert identity_letters(r"\mathbb{I}_k - H") == {"k"}
    assert identity_letters(r"\mathbf{I} + \mathbf{B}") == set()
    assert identity_letters(r"I_n + B") == set()  # (n: the default size itself)


def test_capitals_of_the_identitys_size_make_the_general_lemma_fit():
    text = (r"\det(\mathbf{B} + \mathbf{P}\mathbf{Q}^\top) = "
            r"\det(\mathbf{I}_r + \mathbf{Q}^\top\mathbf{B}^{-1}\mathbf{P})\det(\mathbf{B})")
    assert fits_some_size(text, {"B", "P", "Q", "I", "r"}, _LAYOUTS, _sides_differ)


def test_vectors_keep_their_length_so_a_number_plus_the_identity_still_clashes():
    text = (r"\det(\mathbf{B} + \mathbf{p}\mathbf{q}^\top) = "
            r"\det(\mathbf{I}_r + \mathbf{q}^\top\mathbf{B}^{-1}\mathbf{p})\det(\mathbf{B})")
    assert not fits_some_size(text, {"B", "p", "q", "I", "r"}, _LAYOUTS, _sides_differ)


def test_the_determinant_lemma_with_matrix_factors_is_not_called_wrong():
    sheet = "\n".join([
        "# Low-rank updates",
        "",
        r"Lemma for tall $\mathbf{U}, \mathbf{V}$: $\det(\mathbf{A} + \mathbf{U}\mathbf{V}^\top) = "
        r"\det(\mathbf{I}_k + \mathbf{V}^\top\mathbf{A}^{-1}\mathbf{U})\det(\mathbf{A})$",
    ])
    (f,) = [f for f in audit_text(sheet) if "=" in f.latex]
    assert f.verdict != "wrong", f.reason
