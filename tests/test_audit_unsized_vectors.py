"""A formula ill-sized in the sheet's own notation, where the sheet sized its matrix but not
its vectors, is wrong: no size of the vectors makes it well-formed.

The sheet says "A is m x p with m > p" and leaves the bold b unsized; (A A^T + mu I)^{-1}
A^T b multiplies an m x m inverse with a p-vector whatever the size of b. Before, any
unsized bold vector beside a sized matrix made the clash "the claim's sizes, not the
sheet's". Three mechanisms, each tested here in letters and words of our own (the red-team
sheet writes Phi, t, gamma): the vectors tried at each of the sheet's sizes; the words
before the line's other formula ("ridge regression, minimiser of $J$: $...$") name the
formula after the colon; a hatted result (w-hat) is the claim's starred one (w^*), not a
name the reading drops. A size clash read through a claim that lacks one of the formula's
names (no mu in least squares) stays unchecked: the right form shown would be another
formula."""
from __future__ import annotations

from audit_helpers import audit_text

HEAD = ("# Shrinkage\n\nInputs $A \\in \\mathbb{R}^{m \\times p}$ with $m > p$, outputs "
        "$\\mathbf{b}$, strength $\\mu > 0$.\n\n")
LABEL = "- ridge regression, minimiser of $\\|\\mathbf{b} - A\\mathbf{w}\\|^2 + " \
        "\\mu\\|\\mathbf{w}\\|^2$: "


def _last(formula: str, label: str = LABEL, head: str = HEAD):
    return audit_text(head + label + formula + "\n", "shrink.md")[-1]


def test_ill_sized_whatever_the_vector_size_is_wrong():
    f = _last("$\\hat{\\mathbf{w}} = \\left(A A^\\top + \\mu I\\right)^{-1} A^\\top \\mathbf{b}$")
    assert (f.verdict, f.claim) == ("wrong", "ridge.closed_form"), f.reason
    assert "A^TA + \\mu I" in f.expected


def test_the_right_form_and_the_dual_form_are_not_wrong():
    right = _last("$\\hat{\\mathbf{w}} = \\left(A^\\top A + \\mu I\\right)^{-1} A^\\top "
                  "\\mathbf{b}$")
    assert right.verdict == "ok", right.reason
    dual = _last("$\\hat{\\mathbf{w}} = A^\\top\\left(A A^\\top + \\mu I\\right)^{-1} "
                 "\\mathbf{b}$")
    assert dual.verdict != "wrong", dual.reason


def test_a_vector_size_that_fits_keeps_it_unchecked():
    """Without the sheet's m > p, b of p entries and A square make the product defined."""
    head = "# Shrinkage\n\nInputs $A \\in \\mathbb{R}^{m \\times p}$, outputs $\\mathbf{b}$.\n\n"
    f = _last("$\\hat{\\mathbf{w}} = \\left(A A^\\top + \\mu I\\right)^{-1} \\mathbf{b}$",
              head=head)
    assert f.verdict != "wrong", f.reason


def test_a_clash_read_through_a_claim_without_one_of_its_names_stays_unchecked():
    """Words that do not say ridge: the nearest recorded form is least squares' typo
    (X^T X + I)^{-1} X^T y, which has no mu, and would show a right form without it."""
    head = "# Fits\n\nInputs $A \\in \\mathbb{R}^{m \\times p}$ with $m > p$, outputs " \
           "$\\mathbf{b}$, $\\mu > 0$.\n\n"
    f = _last("$\\hat{\\mathbf{w}} = \\left(A^\\top A + \\mu I\\right)^{-1} A \\mathbf{b}$",
              label="- solution: ", head=head)
    assert f.claim != "blr.least-squares", (f.verdict, f.reason, f.expected)
