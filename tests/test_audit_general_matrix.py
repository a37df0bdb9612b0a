"""A matrix the sheet gives free entries is not the claim's symmetric one (issue 8; red team
11's OK1: "P is not symmetric", then the gradient 2Pz of z^T P z, was called ok because the
word "symmetric" was read as the premise and the claim's symmetric A was taken for P)."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets.conventions import _SYMMETRIC, _PD, says

_SHEET = ("## Quadratic forms\n\nLet $A \\in \\mathbb{{R}}^{{n \\times n}}$ {words}.\n\n"
          "$\\nabla_x (x^\\top A x) = 2 A x$\n")


@pytest.mark.parametrize("words", ["be any square matrix", "be a matrix that is not symmetric",
                                   "be non-symmetric", "need not be symmetric"])
def test_the_symmetric_gradient_is_not_ok_for_a_matrix_with_free_entries(words):
    found = [f for f in audit_text(_SHEET.format(words=words)) if "nabla" in f.latex]
    assert [f.verdict for f in found] != ["ok"]
    assert found[0].verdict == "unchecked" and "symmetric" in found[0].reason


def test_the_symmetric_gradient_of_a_symmetric_matrix_is_still_ok():
    found = [f for f in audit_text(_SHEET.format(words="be symmetric")) if "nabla" in f.latex]
    assert [f.verdict for f in found] == ["ok"]


def test_words_that_deny_a_property_do_not_give_it():
    assert says(_SYMMETRIC, "a symmetric matrix")
    assert says(_SYMMETRIC, "symmetric, but not diagonal")
    for words in ("P is not symmetric", "a non-symmetric P", "not necessarily symmetric",
                  "need not be symmetric", "asymmetric"):
        assert not says(_SYMMETRIC, words), words
    assert not says(_PD, "is not positive definite")
