"""A letter defined once as an expression of others (q = 1 - p) stands for it in table cells."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets import read_sheet
from cheatsheet.sheets.aliases import alias_of, put_aliases

TABLE = """# Notes

Conventions: $q = 1 - p$.

# Laws

| Law | Mean | Variance |
|---|---|---|
| Geometric$(p)$ | $\\dfrac{{1}}{{p}}$ | {var} |
"""


def test_only_a_letter_equal_to_a_sum_of_others_is_a_definition():
    assert alias_of("q = 1 - p") == ("q", "1 - p")
    assert alias_of("k = n - 1") == ("k", "n - 1")
    for other in ("q = p", "n = 10", "q = 1 - q", "q = \\frac{1}{p}", "x_i = 1 - p"):
        assert alias_of(other) is None


def test_the_definition_goes_into_letters_not_commands_or_words():
    q = [("q", "1 - p")]
    assert put_aliases("npq", q) == "np(1 - p)"
    assert put_aliases("\\dfrac{q}{p^2} \\text{q}", q) == "\\dfrac{(1 - p)}{p^2} \\text{q}"
    assert put_aliases("\\sqrt{q}\\epsilon", [("e", "1 - p")]) == "\\sqrt{q}\\epsilon"


def test_a_convention_reaches_every_section_a_plain_definition_only_its_own():
    sheet = read_sheet("t.md", TABLE.format(var="$\\dfrac{q}{p}$"))
    cell = next(s for s in sheet.segments if s.latex == "\\dfrac{q}{p}")
    assert cell.aliases == (("q", "1 - p"),)
    plain = TABLE.replace("Conventions: ", "Here ")
    cell = next(s for s in read_sheet("t.md", plain.format(var="$\\dfrac{q}{p}$")).segments
                if s.latex == "\\dfrac{q}{p}")
    assert cell.aliases == ()  # said under another heading, not as the sheet's convention


def test_a_cell_written_with_the_defined_letter_is_decided_in_the_laws_parameters():
    wrong = [(f.latex, f.claim, f.expected) for f in audit_text(TABLE.format(var="$\\dfrac{q}{p}$"))
             if f.verdict == "wrong"]
    assert wrong == [("\\dfrac{q}{p}", "geometric.variance", "\\frac{1 - p}{p^2}")]
    right = audit_text(TABLE.format(var="$\\dfrac{q}{p^2}$"))
    assert ("ok", "geometric.variance") in [(f.verdict, f.claim) for f in right]
    assert not [f for f in right if f.verdict == "wrong"]
