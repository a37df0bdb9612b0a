"""What a sheet announces and where it holds (cheatsheet.sheets.conventions).

An announcement holds from where it is made to the end of its section, the nearest heading
wins; a mere mention of a convention is not an announcement. Symbol introductions become
declarations for the formulas after them. Getting a scope wrong reads a formula in a layout
its author did not use, which turns a right line into a false alarm.
"""
from __future__ import annotations

import pytest

from cheatsheet.sheets import Segment, read_sheet
from cheatsheet.sheets.conventions import SheetConventions, introductions

JAC = r"$\frac{\partial A x}{\partial x} = A$"


def conventions(text: str, name: str = "notes.md"):
    sheet = read_sheet(name, text)
    return sheet, SheetConventions(sheet)


def at_formula(text: str, latex: str):
    """The conventions in force where the (only) segment ``latex`` stands."""
    sheet, conv = conventions(text)
    (seg,) = [s for s in sheet.segments if s.latex == latex]
    return conv.at(seg.line)


def layouts_by_line(text: str) -> dict[int, str | None]:
    sheet, conv = conventions(text)
    return {s.line: conv.at(s.line).layout for s in sheet.segments}


# ------------------------------------------------------------------ layout

def test_an_announced_layout_holds_to_the_end_of_its_section_and_its_subsections():
    text = f"""# Matrix calculus

We use the numerator layout throughout.

{JAC}

## Gradients

{JAC}

# Probability

{JAC}
"""
    assert layouts_by_line(text) == {5: "numerator", 9: "numerator", 13: None}


def test_a_layout_holds_only_after_it_is_announced():
    text = f"# Calculus\n\n{JAC}\n\nFrom here on we use the denominator layout.\n\n{JAC}\n"
    assert layouts_by_line(text) == {3: None, 7: "denominator"}


def test_the_nearest_heading_wins():
    text = f"""# Calculus

We use the numerator layout.

{JAC}

## Denominator convention

{JAC}

# Other

{JAC}
"""
    # the inner heading names the other layout for its own section only
    assert layouts_by_line(text) == {5: "numerator", 9: "denominator", 13: None}


def test_an_announcement_in_a_subsection_does_not_leak_into_the_next_one():
    text = f"""# Calculus

## Jacobians

We use the denominator layout here.

{JAC}

## Gradients

{JAC}
"""
    assert layouts_by_line(text) == {7: "denominator", 11: None}


@pytest.mark.parametrize("sentence", [
    "Sometimes the denominator layout is used.",
    "Some authors use the denominator layout instead.",
    "The numerator layout and the denominator layout are related by a transpose.",
    "In numerator vs. denominator notation the results differ by a transpose.",
])
def test_a_mention_of_a_layout_is_not_an_announcement(sentence):
    text = f"# Calculus\n\n{sentence}\n\n{JAC}\n"
    assert layouts_by_line(text) == {5: None}


def test_a_heading_that_names_a_layout_announces_it_for_its_section():
    text = (f"4 Derivatives\n\n4.3 — Vector-by-Vector\n\n{JAC}\n\nDenominator Convention\n\n"
            f"{JAC}\n\n4.4 — Scalar-by-Matrix\n\n{JAC}\n")
    sheet, conv = conventions(text, "sheet.txt")
    lines = [s.line for s in sheet.segments]
    # the un-numbered heading sits under 4.3; 4.4 closes both
    assert [conv.at(line).layout for line in lines] == [None, "denominator", None]


# ------------------------------------------------------------------ log base, vectors

@pytest.mark.parametrize("sentence, base", [
    ("All logs are base 2.", "2"),
    ("Entropies are in bits.", "2"),
    ("Here log is the natural logarithm.", "e"),
    ("Entropies are in nats.", "e"),
    ("Log base 2 in bits, natural log in nats.", None),  # says both: nothing announced
])
def test_what_an_unmarked_log_means(sentence, base):
    text = f"# Information\n\n{sentence}\n\n$H(X) = -\\sum_x p(x) \\log p(x)$\n\n# Next\n\n$y = 1$\n"
    assert at_formula(text, r"H(X) = -\sum_x p(x) \log p(x)").log_base == base
    assert at_formula(text, "y = 1").log_base is None  # the next section is not told


def test_row_or_column_vectors():
    text = "# Notation\n\nAll vectors are row vectors.\n\n$x = 1$\n"
    assert at_formula(text, "x = 1").vectors == "row"
    text = "# Notation\n\nVectors are column vectors.\n\n$x = 1$\n"
    assert at_formula(text, "x = 1").vectors == "column"


# ------------------------------------------------------------------ symbol introductions

def intro(latex: str, after: str = "", before: str = "") -> dict[str, str]:
    return dict(introductions(Segment(latex, 1, False, before=before, after=after)))


@pytest.mark.parametrize("latex, words, expected", [
    (r"\mathbf{x} \in \mathbb{R}^n", "", {"x": "vector(n)", "n": "dim"}),
    (r"A \in \mathbb{R}^{m\times n}", "", {"A": "matrix(m, n)", "m": "dim", "n": "dim"}),
    (r"A \in \mathbb{R}^{n \times n}", "", {"A": "square(n)", "n": "dim"}),
    (r"S \in \mathbb{R}^{n \times n}", "symmetric", {"S": "symmetric(n)", "n": "dim"}),
    (r"\Sigma \in \mathbb{R}^{d \times d}", "p.s.d.", {"Sigma": "psd(d)", "d": "dim"}),
    (r"\Sigma \in \mathbb{R}^{d \times d}", "positive semi-definite", {"Sigma": "psd(d)",
                                                                       "d": "dim"}),
    (r"\Sigma \in \mathbb{R}^{d \times d}", "positive definite", {"Sigma": "pd(d)", "d": "dim"}),
    (r"Q \in \mathbb{R}^{n \times n}", "orthogonal", {"Q": "orthogonal(n)", "n": "dim"}),
    (r"a, b \in \mathbb{R}", "", {"a": "real", "b": "real"}),
    (r"\lambda \in \mathbb{R}_+", "", {"lambda": "positive"}),
    (r"p \in (0,1)", "", {"p": "prob"}),
    (r"k \in \mathbb{N}", "", {"k": "natural"}),
    # a law says what its parameters are, too
    (r"X \sim \text{Poisson}(\lambda)", "", {"X": "Poisson(lambda)", "lambda": "positive"}),
    (r"X \sim \operatorname{Pois}(\lambda)", "", {"X": "Poisson(lambda)", "lambda": "positive"}),
    (r"Y \sim \text{Bin}(n, p)", "", {"Y": "Binomial(n, p)", "n": "natural", "p": "prob"}),
    (r"f: \mathbb{R}^n \to \mathbb{R}", "", {"f": "function(n)", "n": "dim"}),
    (r"g: \mathbb{R}^n \rightarrow \mathbb{R}^m", "", {"g": "vecfunction(m, n)", "n": "dim",
                                                      "m": "dim"}),
])
def test_symbol_introductions(latex, words, expected):
    assert intro(latex, after=words) == expected


def test_a_size_named_e_does_not_make_eulers_number_a_size():
    assert intro(r"\mathbf{a}_1, \mathbf{u}_1 \in \mathbb{R}^e") == {"a_1": "vector(e)",
                                                                       "u_1": "vector(e)"}


def test_a_normal_law_is_introduced():
    assert intro(r"X \sim \mathcal{N}(\mu, \sigma^2)").get("X", "").startswith("Normal(")


@pytest.mark.parametrize("latex", [r"\mathbf{x} \sim \mathcal{N}(\boldsymbol{\mu}, \Sigma)",
                                   r"z \sim \mathcal{N}(0, I)",
                                   r"\mathbf{z} \sim \mathcal{N}(0, 1)"])
def test_a_random_vector_s_normal_law_declares_no_numbers(latex):
    """mu is a vector and Sigma, I matrices: declaring them real or positive would make
    every formula with them fail its sizes or be read as a scalar law."""
    assert not any(v.startswith(("Normal", "real", "positive")) for v in intro(latex).values())


def test_introduced_symbols_hold_for_the_rest_of_their_section_only():
    text = r"""# Setup

Let $A \in \mathbb{R}^{n \times n}$ be symmetric.

$A^T = A$

## Inside

$x = 1$

# Elsewhere

$A^T = A$
"""
    sheet, conv = conventions(text)
    lines = {s.latex: s.line for s in sheet.segments}
    assert conv.at(5).symbols.get("A") == "symmetric(n)"
    assert conv.at(lines["x = 1"]).symbols.get("A") == "symmetric(n)"
    assert "A" not in conv.at(13).symbols
    # the introduction itself is not in force before it
    assert "A" not in conv.at(3, strictly_before=True).symbols


def test_a_later_introduction_of_the_same_name_wins():
    text = r"""# Setup

$\mathbf{x} \in \mathbb{R}^n$

$y = 1$

$\mathbf{x} \in \mathbb{R}^d$

$z = 2$
"""
    assert at_formula(text, "y = 1").symbols["x"] == "vector(n)"
    assert at_formula(text, "z = 2").symbols["x"] == "vector(d)"
