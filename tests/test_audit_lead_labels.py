"""Words that name a bare expression's value: a label in another language, a label after the
line's previous value, a clause ending in a name ("the Gini impurity is $...$", "...: Gini
impurity $...$"), a name in words whose every word is the claim's title's (row_labels.py,
word_names.py, named_heads.py). Sheets in notation of our own: class shares w_j over J
classes, square filters of side F over C channels."""
from __future__ import annotations

from tests.audit_helpers import audit_text


def _verdicts(text: str) -> list[tuple[str, str | None]]:
    return [(f.verdict, f.claim) for f in audit_text(text)]


def test_a_label_in_german_names_the_claim_its_glossary_word_names():
    sheet = ("# Zählungen einer Klassifikation\n\n"
             "- Spezifität: $\\frac{TN}{FP + TN}$\n"
             "- Spezifität: $\\frac{TN}{TN + FN}$\n")
    assert _verdicts(sheet) == [("ok", "metrics.specificity"),
                                ("wrong", "metrics.specificity")]


def test_a_label_after_the_previous_value_of_its_line_names_its_own_value():
    sheet = ("# Zählungen\n\n"
             "- Präzision: $\\frac{TP}{FP + TP}$, Sensitivität: $\\frac{TP}{FN + TP}$\n"
             "- Präzision: $\\frac{TP}{FP + TP}$, Sensitivität: $\\frac{TP}{FP + TP}$\n")
    assert _verdicts(sheet) == [("ok", "metrics.precision"), ("ok", "metrics.recall"),
                                ("ok", "metrics.precision"), ("wrong", "metrics.recall")]


def test_a_clause_ending_in_a_name_names_the_value_after_it():
    sheet = ("# Splitting a node\n\n"
             "Node purity: the Gini impurity is $1 - \\sum_{j=1}^{J} w_j$.\n\n"
             "Node purity: the Gini impurity is $1 - \\sum_{j=1}^{J} w_j^2$.\n\n"
             "For one node, with shares of the J classes: Gini impurity "
             "$1 - \\sum_{j=1}^{J} w_j$\n")
    assert [v for v, _ in _verdicts(sheet)] == ["wrong", "ok", "wrong"]


def test_only_a_colon_or_a_verb_makes_the_words_before_math_its_name():
    from cheatsheet.sheets.row_labels import item_name, lead_label

    assert lead_label("prior and noise given: posterior precision", "") == \
        "posterior precision"
    assert lead_label("The stationary variance is", "when") == "stationary variance"
    # (the end of a phrase begun before the math before: "the first $M$ components is")
    assert lead_label("components is", ".") == ""
    assert lead_label("; its minimiser is", ".") == ""  # its: what was named before
    # (a longer subject is a phrase, not a name: "the variance of the sum is")
    assert item_name("In this model the stationary variance is", "when", "a + b") is None
    assert lead_label("input of size n, kernel", ",") == ""  # introduces a letter
    assert lead_label("the gradient of", "") == ""
    assert lead_label("given: the margin is", "times the norm") == ""  # value goes on
    assert item_name("the Gini impurity of", "", "1 - w") is None
    assert item_name("noise ...: posterior precision", "", "a I + b A") == \
        r"\operatorname{posterior precision}"
    # a setting or a worked number, not a formula: "sequence length $n$", "posterior Beta(5, 2)"
    assert item_name("Shapes: sequence length", ",", "n") is None
    assert item_name("so far: posterior", ".", r"\mathrm{Beta}(5, 2)") is None
    # a clause naming a quantity no claim's title holds leaves the value unchecked
    sheet = ("# Volatility\n\n"
             "In this model the stationary level is $\\frac{c}{1 - a - b}$ when $a + b < 1$.\n")
    assert _verdicts(sheet)[0][0] == "unchecked"


def test_a_name_in_words_that_is_a_phrase_of_the_claims_title_is_the_claims_own():
    sheet = ("# Splitting a node\n\n"
             "- Gini impurity: $1 - \\sum_{j=1}^{J} w_j$\n"
             "- Gini impurity: $1 - \\sum_{j=1}^{J} w_j^2$\n")
    assert [v for v, _ in _verdicts(sheet)] == ["wrong", "ok"]


def test_words_from_two_places_of_a_title_name_another_quantity():
    # the posterior's shape parameter, not the posterior mean whose title also says "shape"
    sheet = ("## Updates\n\n"
             "- Event counts $k_1, \\dots, k_n$ and a Gamma prior (shape $\\alpha$, rate "
             "$\\beta$): posterior shape $\\alpha + \\sum_{j=1}^{n} k_j$\n")
    assert "wrong" not in [v for v, _ in _verdicts(sheet)]
