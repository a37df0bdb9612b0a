"""A wrong form the catalog records, typed again letter for letter, is wrong even where the
generic check finds it right under a premise the sheet does not state, and even where a claim
it only loosely resembles holds (verify/audit/rivals.py: _typed_again; decide.py: _conditional).

ReLU'(x) given as 1 for x >= 0 and 0 for x <= 0 is right for positive x (the generic check
says "holds only with x positive") and a recorded half of it reads as the case x >= 0 alone,
which holds; but the two rows give x = 0 two values, which the catalog records as wrong.
"""
from __future__ import annotations

from audit_helpers import audit_text

SHEET = "# Activations\n\nThe derivative of the rectifier:\n\n$${form}$$\n"
# the decider has not seen sheet 003: the line is known from sheet 004's record
WITHOUT = ("003_d0be79c078c94701.txt",)


def _last(form: str, without=WITHOUT):
    return audit_text(SHEET.format(form=form), without=without)[-1]


def test_overlapping_cases_with_two_values_are_caught():
    f = _last("\\text{ReLU}'(x) = \\begin{cases} 1 & x \\geq 0 \\\\ 0 & x \\leq 0 \\end{cases}")
    assert (f.verdict, f.claim) == ("wrong", "relu.derivative"), f.reason


def test_the_catalogs_own_wrong_variant_is_caught():
    f = _last("\\frac{d}{dx} \\max(x, 0) = \\begin{cases} 1 & x \\geq 0 \\\\ 0 & x \\leq 0 "
              "\\end{cases}", without=())
    assert (f.verdict, f.claim) == ("wrong", "relu.derivative"), f.reason


def test_cases_that_do_not_overlap_are_not_wrong():
    for rows in ("1 & x > 0 \\\\ 0 & x < 0", "1 & x > 0 \\\\ 0 & x \\leq 0",
                 "1 & x \\geq 0 \\\\ 0 & x < 0"):
        f = _last(f"\\text{{ReLU}}'(x) = \\begin{{cases}} {rows} \\end{{cases}}")
        assert f.verdict != "wrong", (rows, f.reason)


def test_a_formula_right_under_an_unstated_premise_stays_unchecked():
    """No recorded form typed again: the generic 'holds only with x, y positive' stands."""
    f = audit_text("# Logs\n\n$$\\log(xy) = \\log x + \\log y$$\n")[-1]
    assert f.verdict != "wrong", f.reason
