"""Letters a section's own lines bind (verify/audit/bound_letters.py): a formula that holds
only by reading such a letter as something else is not called right.

In letters of our own: a section writes an SVD M = P D Q^T and the Gram matrix M^T M =
Q D^T D Q^T (Q as the SVD's V), then M M^T = Q D D^T Q^T, where P belongs. That holds as the
Gram identity only with Q read as its U; read as the section reads Q, it fails. In the
catalog's letters under words of our own, A A^T = V Sigma Sigma^T V^T holds only as a
spectral filter with A, Sigma and V renamed, and fails the Gram identity the line above holds
as in those very letters. The right sections stay ok.
"""
from __future__ import annotations

import pytest

from audit_helpers import catalog
from cheatsheet.verify.audit import decide as decide_module
from cheatsheet.verify.audit.run import audit_files


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


def _audit(text: str) -> dict:
    res = audit_files(["s.md"], texts={"s.md": text}, catalog=catalog(), jobs=1)
    return {f.latex: f for f in res.findings}


_SVD = ("# Matrix factorisations\n\n## Singular values\n\n"
        "For a real matrix $M$ with singular value decomposition $M = P D Q^T$:\n\n"
        "$$M^T M = Q D^T D Q^T$$\n\n$${last}$$\n")


def test_a_letter_the_section_binds_read_as_another_is_no_hold():
    found = _audit(_SVD.replace("{last}", "M M^T = Q D D^T Q^T"))
    assert found["M^T M = Q D^T D Q^T"].verdict == "ok"
    slip = found["M M^T = Q D D^T Q^T"]
    assert slip.verdict == "unchecked" and "Q" in slip.reason and "fails" in slip.reason


def test_the_section_read_its_own_way_stays_ok():
    found = _audit(_SVD.replace("{last}", "M M^T = P D D^T P^T"))
    assert all(f.verdict == "ok" for k, f in found.items() if "=" in k)


_GRAM = ("# Gram matrices of a rectangular matrix\n\n"
         "$$\\mathbf{A}^{\\top}\\mathbf{A} = \\mathbf{V}\\mathbf{\\Sigma}^{\\top}"
         "\\mathbf{\\Sigma}\\mathbf{V}^{\\top}$$\n\n$${last}$$\n")


def test_a_hold_as_another_claim_renaming_letters_a_line_binds_is_no_hold():
    last = ("\\mathbf{A}\\mathbf{A}^{\\top} = \\mathbf{V}\\mathbf{\\Sigma}"
            "\\mathbf{\\Sigma}^{\\top}\\mathbf{V}^{\\top}")
    found = _audit(_GRAM.replace("{last}", last))
    first, slip = found.values()
    assert first.verdict == "ok" and first.claim == "svd.gram"
    assert slip.verdict == "unchecked" and "svd.gram" in slip.reason


def test_the_gram_matrices_written_right_stay_ok():
    last = ("\\mathbf{A}\\mathbf{A}^{\\top} = \\mathbf{U}\\mathbf{\\Sigma}"
            "\\mathbf{\\Sigma}^{\\top}\\mathbf{U}^{\\top}")
    assert all(f.verdict == "ok" for f in _audit(_GRAM.replace("{last}", last)).values())
