"""A LaTeX source's comments announce conventions (sheets.latexdoc keeps their words as
notes, sheets.conventions reads them): red team 18's numbered identities said in a % comment
that the derivative by X has the shape of X, and d ln|det X| / dX = X^{-1} (the typo for
X^{-T}) was called ok 'in numerator layout'. A formula inside a comment is never read."""
from __future__ import annotations

from audit_helpers import audit_text

DOC = ("%s\n\\documentclass{article}\n\\begin{document}\n\\section{Gradients}\n"
       "\\begin{equation}\n\\frac{\\partial \\log\\lvert\\det \\mathbf{M}\\rvert}"
       "{\\partial \\mathbf{M}} = \\mathbf{M}^{-1}\n\\end{equation}\n\\end{document}\n")
SHAPE = ("% M is a general invertible square matrix. A gradient of a scalar with respect to\n"
         "% a matrix has the same shape as the matrix.")


def test_a_comment_fixes_the_layout_of_gradients():
    f = audit_text(DOC % SHAPE, name="sheet.tex")[-1]
    assert f.verdict == "wrong", f.reason


def test_without_the_comment_the_layout_stays_open():
    f = audit_text(DOC % "% identities", name="sheet.tex")[-1]
    assert f.verdict != "wrong", f.reason


def test_a_formula_in_a_comment_is_not_audited():
    text = DOC % (SHAPE + "\n% old version: $\\det(\\mathbf{M}\\mathbf{N}) = \\det(\\mathbf{M}) + 1$")
    fs = audit_text(text, name="sheet.tex")
    assert [f.verdict for f in fs] == ["wrong"], [f.latex for f in fs]
