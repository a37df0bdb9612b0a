"""An estimate labelled in its own subscript (\\hat\\sigma^2_{\\text{MLE}}), a note in words after
a formula (\\quad (\\text{Gaussian})) and a heading that only lists the sample ($u_1, \\dots,
u_n$): none hides which claim a textbook row states (red team 10, missed typo M1)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets import read_sheet
from cheatsheet.sheets.formulas import formulas_of

_ROW = ("\\subsection*{Estimation (i.i.d. sample $u_1, \\dots, u_n$)}\n\\begin{align}\n"
        "\\hat{\\lambda}_{\\text{MLE}} &= \\frac{n}{\\sum_{i=1}^{n} u_i} \\quad (\\text{exponential}) \\\\\n"
        "\\hat{\\sigma}^2_{\\text{MLE}} &= \\frac{1}{DIV}\\sum_{i=1}^{n} (u_i - \\bar{u})^2 "
        "\\quad (\\text{Gaussian})\n\\end{align}\n")


def test_a_note_in_words_after_a_formula_is_not_part_of_it():
    sheet = read_sheet("s.tex", _ROW.replace("DIV", "n"))
    read = [f.latex for seg in sheet.segments for f in formulas_of(seg)]
    assert any(x.endswith("(u_i - \\bar{u})^2") for x in read)
    assert not any("Gaussian" in x for x in read)


def test_the_mle_variance_labelled_mle_is_decided_as_the_mle():
    found = lambda text: [(f.verdict, f.claim) for f in audit_text(text, "s.tex")  # noqa: E731
                          if "sigma" in f.latex]
    assert found(_ROW.replace("DIV", "n")) == [("ok", "mle.gaussian_variance")]
    assert found(_ROW.replace("DIV", "n - 1")) == [("wrong", "mle.gaussian_variance")]


def test_the_unbiased_variance_with_no_label_is_still_not_the_mles_typo():
    text = ("## Estimation\n\n- $\\hat{\\sigma}^2 = \\frac{1}{n - 1}\\sum_{i=1}^{n} "
            "(x_i - \\bar{x})^2$\n")
    assert [f.verdict for f in audit_text(text) if "sigma" in f.latex] == ["unchecked"]
