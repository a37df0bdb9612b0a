"""A table cell whose row words name a claim clearly is that claim's right side even where
the claim's result is a bare name (F_1 = ...): readings.reading_for read no cell as such a
claim, so red team 18's F1 rows (a VIP-style 'Name | Formula' table) stayed unchecked, their
typo too. A written-out name is the same name in either case (\\mathrm{recall}, Recall)."""
from __future__ import annotations

from audit_helpers import audit_text

TABLE = "# Scores\n\n| Score | Definition |\n|---|---|\n| F1 measure | ${}$ |\n"


def test_a_right_f1_cell_in_counts_holds():
    f = audit_text(TABLE.format(r"\frac{2\,\mathrm{TP}}{2\,\mathrm{TP} + \mathrm{FP} + \mathrm{FN}}"))[-1]
    assert f.verdict == "ok", f.reason


def test_an_f1_cell_without_its_two_is_wrong():
    f = audit_text(TABLE.format(r"\frac{\mathrm{Precision} \cdot \mathrm{Recall}}{\mathrm{Precision} + \mathrm{Recall}}"))[-1]
    assert (f.verdict, f.claim) == ("wrong", "metrics.f1_words"), f.reason


def test_names_written_in_lower_case_are_the_same_names():
    f = audit_text(TABLE.format(r"\frac{\mathrm{precision} \cdot \mathrm{recall}}{\mathrm{precision} + \mathrm{recall}}"))[-1]
    assert (f.verdict, f.claim) == ("wrong", "metrics.f1_words"), f.reason
    f = audit_text(TABLE.format(r"\frac{2\,\mathrm{precision} \cdot \mathrm{recall}}{\mathrm{precision} + \mathrm{recall}}"))[-1]
    assert f.verdict == "ok", f.reason


def test_a_cell_whose_row_does_not_name_the_claim_is_not_read_as_it():
    table = TABLE.replace("F1 measure", "Overlap of two sets")
    f = audit_text(table.format(r"\frac{\mathrm{Precision} \cdot \mathrm{Recall}}{\mathrm{Precision} + \mathrm{Recall}}"))[-1]
    assert f.verdict != "wrong", f.reason


def test_a_list_item_is_not_read_as_a_bare_named_claim_by_its_label():
    # only a table cell's row or column words stand for the claim's name: a list item's
    # label may count another quantity (FLOPs, where the claim counts multiplications;
    # red team 14's transformer card was called wrong so: a guard with its words)
    sheet = ("# Compute\n\n- Attention score FLOPs per layer for one sequence: "
             "$2T^2 d$ for $QK^{\\top}$\n")
    assert all(f.verdict != "wrong" for f in audit_text(sheet)), \
        [(f.latex, f.reason) for f in audit_text(sheet)]
