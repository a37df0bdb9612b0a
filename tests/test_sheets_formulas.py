"""One math segment -> the formulas it states (cheatsheet.sheets.formulas).

Issue 8: one finding per formula; a chain ``a = b = c`` is one formula, two ``$...$`` on a line
are two. A split in the wrong place makes a finding about half a formula (a false verdict), a
missing split hides a wrong statement behind a right one.
"""
from __future__ import annotations

import pytest

from cheatsheet.sheets import Segment, formulas_of, read_sheet
from cheatsheet.sheets.formulas import has_relation, left_side


def split(latex: str, line: int = 10, continues: str = "") -> list[str]:
    return [f.latex for f in formulas_of(Segment(latex, line, True), continues=continues)]


def test_a_chain_is_one_formula():
    assert split("a = b = c") == ["a = b = c"]
    assert split(r"\operatorname{Var}(X) = E[X^2] - E[X]^2 \geq 0") == [
        r"\operatorname{Var}(X) = E[X^2] - E[X]^2 \geq 0"]


def test_two_dollar_pieces_on_one_line_are_two_formulas():
    sheet = read_sheet("s.md", "Rules: $a + b = b + a$ and $ab = ba$.\n")
    formulas = [f for seg in sheet.segments for f in formulas_of(seg)]
    assert [(f.latex, f.line) for f in formulas] == [("a + b = b + a", 1), ("ab = ba", 1)]


def test_aligned_rows_are_formulas_and_a_row_opening_with_a_relation_continues():
    latex = (r"\begin{aligned} f(x) &= (x+1)^2 \\ &= x^2 + 2x + 1 \\ g(x) &= 0 "
             r"\end{aligned}")
    assert split(latex) == [r"f(x) &= (x+1)^2 \\ &= x^2 + 2x + 1", "g(x) &= 0"]


def test_rows_keep_their_own_lines():
    fs = formulas_of(Segment("a &= b \\\\\n &= c \\\\\n d &= e \\\\\n h &\\le k", 20, True))
    assert [(f.latex.split("\n")[0].strip(), f.line) for f in fs] == [
        (r"a &= b \\", 20), ("d &= e", 22), (r"h &\le k", 23)]


def test_a_matrix_or_cases_row_break_does_not_split():
    latex = r"A = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}"
    assert split(latex) == [latex]
    latex = r"|x| = \begin{cases} x & x \geq 0 \\ -x & x < 0 \end{cases}"
    assert split(latex) == [latex]


def test_a_display_opening_with_a_relation_continues_the_formula_above():
    (f,) = formulas_of(Segment("= b + c", 5, True), continues="a")
    assert f.latex == "= b + c" and f.reading == "a = b + c" and f.line == 5
    # only a piece that opens with a relation continues
    (g,) = formulas_of(Segment("d = e", 6, True), continues="a")
    assert g.reading == "d = e"


@pytest.mark.parametrize("latex, parts", [
    (r"w_{ij} = w_{ji}, \quad w_{ii} = 0", [r"w_{ij} = w_{ji}", "w_{ii} = 0"]),
    (r"a = 1; b = 2", ["a = 1", "b = 2"]),
    (r"\sigma(-z) = 1 - \sigma(z) \qquad \sigma'(z) = \sigma(z)(1 - \sigma(z))",
     [r"\sigma(-z) = 1 - \sigma(z)", r"\sigma'(z) = \sigma(z)(1 - \sigma(z))"]),
])
def test_statements_joined_by_quad_comma_or_semicolon_are_separate(latex, parts):
    assert split(latex) == parts


@pytest.mark.parametrize("latex", [
    r"M(t) = \frac{1}{1 - \beta t} \quad \text{for } t < 1/\beta",  # a condition
    r"f(x, y) = x + y, \; x \in \mathbb{R}",  # no relation of its own after the comma
    r"i = 1, \dots, n",  # a fragment
    r"f(a, b) = a + b",  # commas inside brackets
    r"\max(0, x) = \operatorname{ReLU}(x)",
])
def test_conditions_fragments_and_bracketed_commas_stay_with_their_formula(latex):
    assert split(latex) == [latex]


def test_trailing_or_is_not_part_of_the_formula():
    assert split(r"x = 1 \quad \text{or}") == ["x = 1"]
    assert split(r"x = 1, \quad \text{or}") == ["x = 1"]
    assert split(r"e^{a} e^{b} = e^{a+b} \text{ and }") == [r"e^{a} e^{b} = e^{a+b}"]


def test_every_formula_is_a_substring_of_its_segment():
    for latex in [r"\begin{aligned} a &= b \\ &= c, \quad d = e \\ f &\le g. \end{aligned}",
                  r"a = 1; \; b = 2 \quad \text{or} \quad c = 3,",
                  r"\theta_{t+1} = \theta_t - \eta g_t \\ v = w"]:
        for piece in split(latex):
            assert piece in latex and piece == piece.strip()
            assert not piece.endswith((",", ";", "."))


def test_rows_giving_one_name_a_value_twice_are_steps():
    fs = formulas_of(Segment(r"\theta \leftarrow \theta - \eta g \\ \theta = \theta + 1 \\"
                             r" \theta = \theta / 2", 1, True))
    assert [f.steps for f in fs] == [False, True, True]
    fs = formulas_of(Segment(r"a = b \\ c = d", 1, True))
    assert not any(f.steps for f in fs)


def test_a_segment_with_no_relation_is_one_formula():
    assert split(r"\mathbb{E}") == [r"\mathbb{E}"]
    assert split(r"e^{\lambda(e^t - 1)}") == [r"e^{\lambda(e^t - 1)}"]


def test_relations_and_left_sides():
    assert has_relation(r"a \leq b") and has_relation("a := b") and has_relation(r"x \approx y")
    assert not has_relation(r"\text{for all } x") and not has_relation(r"\frac{a}{b}")
    assert left_side(r"f(x, y) = x + y") == "f(x, y)"
    assert left_side(r"\{a = b\} \leq c") == r"\{a = b\}"
    assert left_side("= b") == ""


def test_a_closing_control_space_keeps_its_space():
    # a transcription that lost its bars: "\ v\ " was "\|v\|"; a lone "\" would be unreadable
    latex = r"\ \mathbf{u} + \mathbf{v}\  \leq \ \mathbf{u}\  + \ \mathbf{v}\ "
    assert split(latex) == [latex]
    sheet = read_sheet("s.md", f"$${latex}$$\n\nand ${latex}$, \\quad\n")
    for seg in sheet.segments:
        assert [f.latex for f in formulas_of(seg)] == [latex]
    assert split("a = b \\\\ ") == ["a = b"]  # a row break is not a control space


@pytest.mark.parametrize("latex, reading", [
    (r"Gam(\alpha, \beta) \quad \left(\frac{1}{1 - \beta t}\right)^{\alpha}",
     r"\text{Gam}(\alpha, \beta) = \left(\frac{1}{1 - \beta t}\right)^{\alpha}"),
    (r"\mathcal{N}(\mu, \sigma^2) \quad \exp(\mu t)", r"\mathcal{N}(\mu, \sigma^2) = \exp(\mu t)"),
    (r"\text{Pois}(\lambda) \qquad e^{\lambda(e^t - 1)}",
     r"\text{Pois}(\lambda) = e^{\lambda(e^t - 1)}"),
])
def test_a_named_row_reads_as_the_names_quantity_equal_to_its_value(latex, reading):
    # a table typed as math: the law's name, \quad, its MGF (read like M(t) = ...)
    (f,) = formulas_of(Segment(latex, 3, True))
    assert f.latex == latex and f.reading == reading


@pytest.mark.parametrize("latex", [
    r"x \quad y", r"f(x) \quad g(x)", r"a = b \quad c = d", r"Gam(\alpha, \beta)",
])
def test_rows_that_name_nothing_read_as_written(latex):
    for f in formulas_of(Segment(latex, 3, True)):
        assert f.reading == f.latex
