"""Words leading in to a formula on its line give a lone letter a property, as words after it
do: "for a symmetric $Q$: $\\nabla_Q (u^T Q^{-1} u) = -Q^{-1} u u^T Q^{-1}$" holds where Q is
symmetric (red team 23's exam card said it of a covariance). Drawn as any square matrix, the
generic check refuted it: a false alarm. The property only narrows where the line claims to
hold, so a line wrong also for a symmetric Q stays wrong."""
from __future__ import annotations

from audit_helpers import audit_text

LAYOUT = "Gradients by a matrix have the shape of that matrix.\n\n"
GRAD = (r"$\nabla_{\mathbf{Q}} \left(\mathbf{u}^\top\mathbf{Q}^{-1}\mathbf{u}\right) = "
        r"%s\mathbf{Q}^{-1}\mathbf{u}\mathbf{u}^\top\mathbf{Q}^{-1}$")


def _verdict(words: str, sign: str) -> str:
    fs = [f for f in audit_text(LAYOUT + f"- {words} $\\mathbf{{Q}}$: {GRAD % sign}\n")
          if "nabla" in f.latex]
    assert len(fs) == 1, [f.latex for f in fs]
    return fs[0].verdict


def test_a_property_said_before_the_formula_is_granted():
    assert _verdict("for a symmetric", "-") != "wrong"


def test_a_line_wrong_for_a_symmetric_matrix_too_stays_wrong():
    assert _verdict("for a symmetric", "") == "wrong"


def test_no_property_said_leaves_the_refutation():
    assert _verdict("for a general", "-") == "wrong"
