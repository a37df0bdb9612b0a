"""A list item "Label: $expression$" reads like a table row: the label names what the bare
expression gives (cheatsheet/sheets/row_labels.item_name, Decider._item_named). Sheets in
notation of our own: class shares w_j over J classes, other labels and wording."""
from __future__ import annotations

from tests.audit_helpers import audit_text


def _verdicts(text: str) -> list[tuple[str, str | None]]:
    return [(f.verdict, f.claim) for f in audit_text(text)]


def test_a_label_naming_the_claim_decides_a_bare_right_side():
    sheet = ("# Splitting a node\n\n"
             "Each class j of J has its share w_j of the node.\n\n"
             "- Gini: $1 - \\sum_{j=1}^{J} w_j$\n"
             "- Gini: $1 - \\sum_{j=1}^{J} w_j^2$\n")
    (bad, good) = _verdicts(sheet)
    assert bad == ("wrong", "tree.gini_words")
    assert good == ("ok", "tree.gini_words")


def test_a_label_of_prose_leaves_the_line_as_it_was():
    sheet = ("# Splitting a node\n\n"
             "- Example: $1 - \\sum_{j=1}^{J} w_j$\n"
             "- Note: $1 - \\sum_{j=1}^{J} w_j$\n"
             "- $1 - \\sum_{j=1}^{J} w_j$\n")
    assert [v for v, _ in _verdicts(sheet)] == ["unchecked"] * 3


def test_a_label_with_words_after_the_math_or_a_relation_is_not_read_as_a_name():
    from cheatsheet.sheets.row_labels import item_name

    assert item_name("Specificity:", "") == r"\text{Specificity}"
    assert item_name("where:", "") is None
    assert item_name("Specificity:", "for the negatives") is None
    assert item_name("in a long sentence that goes on:", "") is None
    sheet = ("# Counts\n\n"
             "- Specificity: $\\frac{TN}{TN + FP}$\n"
             "- Specificity: $\\frac{TN}{TN + FN}$ when the classes are balanced\n")
    ((first, claim), (second, _)) = _verdicts(sheet)
    assert (first, claim) == ("ok", "metrics.specificity")
    assert second == "unchecked"


def test_a_sum_limit_is_no_relation_of_a_named_cell():
    from cheatsheet.sheets.formulas import states_relation

    assert not states_relation(r"1 - \sum_{j=1}^{J} w_j")
    assert states_relation(r"\sum_{j=1}^{J} w_j = 1")
    assert states_relation(r"\mathbb{1}\{c_i = j\}")
