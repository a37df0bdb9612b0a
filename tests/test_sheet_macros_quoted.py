"""A finding quotes the formula as the student wrote it: a sheet's own macros (``\\Tr`` for
``\\operatorname{Tr}``) are expanded to read it, not in what the report shows."""
from __future__ import annotations

from cheatsheet.sheets import formulas_of, read_sheet
from cheatsheet.verify.audit.report import unchecked_lines, wrong_lines
from audit_helpers import audit_text

SHEET = ("\\newcommand{\\Tr}{\\operatorname{Tr}}\n"
         "\\section*{Traces}\n"
         "For square $A$ and $B$ of one size: $\\Tr(A + B) = \\Tr(A) - \\Tr(B)$.\n"
         "\\begin{align*}\n\\Tr(A^T) &= \\Tr(A) \\\\\n\\Tr(AB) &= \\Tr(BA)\n\\end{align*}\n")


def test_segments_and_formulas_keep_the_text_as_written():
    sheet = read_sheet("s.tex", SHEET)
    first = sheet.segments[2]
    assert first.written == "\\Tr(A + B) = \\Tr(A) - \\Tr(B)"
    assert first.latex.startswith("\\operatorname{Tr}")
    assert sheet.segments[1].written == ""  # untouched by a macro
    rows = [f.written for s in sheet.segments for f in formulas_of(s)]
    assert "\\Tr(A^T) &= \\Tr(A)" in rows and "\\Tr(AB) &= \\Tr(BA)" in rows


def test_the_report_quotes_the_students_macro():
    findings = audit_text(SHEET, name="s.tex")
    wrong = [f for f in findings if f.verdict == "wrong"]
    assert wrong and wrong[0].latex.startswith("\\operatorname{Tr}")  # what was read
    text = "\n".join(wrong_lines(wrong[0], 100))
    assert "sheet:   \\Tr(A + B) = \\Tr(A) - \\Tr(B)" in text
    assert "operatorname" not in text.split("right:")[0]
    for f in findings:
        assert "operatorname" not in unchecked_lines(f, 100)[0]
