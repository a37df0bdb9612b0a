"""Reading a sheet (cheatsheet.sheets): math segments, their lines, headings and words around.

Every finding of ``cheatsheet audit`` points at a line, and the conventions a sheet announces
hold for a section: a wrong line number or heading path sends the student to the wrong place or
reads a formula under the wrong convention.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from cheatsheet.sheets import SheetError, formulas_of, read_sheet

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
# the fixture sheets are those with an answer key beside them (README.md is not a sheet)
FIXTURE_SHEETS = sorted(p for p in (REPO / "tests" / "fixtures" / "sheets").glob("*.*")
                        if p.suffix in (".md", ".tex", ".txt")
                        and p.with_suffix(".key.toml").is_file())


def segs(text: str, name: str = "notes.md"):
    return read_sheet(name, text).segments


def by_latex(text: str, name: str = "notes.md") -> dict:
    return {s.latex: s for s in segs(text, name)}


def assert_on_its_line(text: str, name: str) -> int:
    """Every formula's first line of LaTeX stands on the line the reader gives it (with the
    macros the sheet defines expanded, as the reader reads it)."""
    from cheatsheet.sheets.macros import expand_macros
    lines = expand_macros(text).split("\n")
    n = 0
    for seg in read_sheet(name, text).segments:
        for f in formulas_of(seg):
            first = f.latex.split("\n")[0].strip()
            assert first in lines[f.line - 1], (f.line, f.latex)
            n += 1
    return n


# ------------------------------------------------------------------ Markdown

MARKDOWN = r"""# Probability

Variance
--------

Some text $a = b$ and $c = d$ on one line,
and a second line with $e = f$.

| Law | MGF |
|---|---|
| Poisson$(\lambda)$ | $e^{\lambda(e^t - 1)}$ |

- item one $x^2 \geq 0$
- item two $y = 1$

$$
\operatorname{Var}(X) = E[X^2] - E[X]^2
$$

\[ \log(xy) = \log x + \log y \]

Inline \(a + b = b + a\) here.

## Second

$z = 1$
"""


def test_markdown_lines_are_where_each_formula_starts():
    s = by_latex(MARKDOWN)
    assert s["a = b"].line == 6 and s["c = d"].line == 6
    assert s["e = f"].line == 7  # second line of the same paragraph
    assert s[r"e^{\lambda(e^t - 1)}"].line == 11
    assert s[r"x^2 \geq 0"].line == 13 and s["y = 1"].line == 14
    assert s[r"\operatorname{Var}(X) = E[X^2] - E[X]^2"].line == 17  # the line after $$
    assert s[r"\log(xy) = \log x + \log y"].line == 20
    assert s["a + b = b + a"].line == 22
    assert s["z = 1"].line == 26
    assert assert_on_its_line(MARKDOWN, "notes.md") == 11


def test_markdown_display_and_bracket_math_are_marked_display():
    s = by_latex(MARKDOWN)
    assert s[r"\operatorname{Var}(X) = E[X^2] - E[X]^2"].display
    assert s[r"\log(xy) = \log x + \log y"].display
    assert not s["a = b"].display and not s["a + b = b + a"].display


def test_markdown_headings_nest_setext_under_atx():
    sheet = read_sheet("notes.md", MARKDOWN)
    assert [(h.title, h.level, h.line) for h in sheet.headings] == [
        ("Probability", 1, 1), ("Variance", 2, 3), ("Second", 2, 24)]
    s = by_latex(MARKDOWN)
    assert s["a = b"].heading_path == ("Probability", "Variance")
    # '## Second' closes the setext level-2 section, not the '#' one
    assert s["z = 1"].heading_path == ("Probability", "Second")


def test_markdown_words_around_each_formula():
    s = by_latex(MARKDOWN)
    assert s["a = b"].before == "Some text" and s["a = b"].after == "and"
    assert s["c = d"].before == "and" and "second line with" in s["c = d"].after
    assert s["e = f"].before.endswith("second line with")
    assert s[r"x^2 \geq 0"].before == "item one"
    assert s["a + b = b + a"].before == "Inline" and s["a + b = b + a"].after == "here."
    # the words of the section reach the formula through its heading path
    assert "Variance" in s["a = b"].words()


def test_a_table_cell_formula_carries_its_row_and_column_words():
    cell = by_latex(MARKDOWN)[r"e^{\lambda(e^t - 1)}"]
    assert "Poisson" in cell.before and "MGF" in cell.before
    label = by_latex(MARKDOWN)[r"(\lambda)"]
    assert label.line == 11 and "Poisson" in label.before


def test_the_same_text_in_the_prose_above_does_not_move_a_formula():
    text = "so a = b holds, since\nwe have $a = b$ here\n"
    assert by_latex(text)["a = b"].line == 2
    text = "the pmf of the law,\nthen $p$ is it\n"
    assert by_latex(text)["p"].line == 2


def test_repeated_formulas_each_get_their_own_line():
    text = "$x = 1$ first\n\nagain $x = 1$\n\nand $x = 1$ again\n"
    assert [s.line for s in segs(text)] == [1, 3, 5]


def test_aligned_rows_in_a_display_get_their_own_lines():
    text = "$$\n\\begin{aligned}\na &= b \\\\\n  &= c \\\\\nd &= e\n\\end{aligned}\n$$\n"
    (seg,) = segs(text)
    fs = formulas_of(seg)
    assert [(f.latex.split("\n")[0].strip(), f.line) for f in fs] == [
        (r"a &= b \\", 3), ("d &= e", 5)]


def test_math_in_code_blocks_is_not_read():
    text = "```\n$z = 1$\n```\n\n`$w = 2$` in code\n\n$y = 3$\n"
    assert [(s.latex, s.line) for s in segs(text)] == [("y = 3", 7)]


# ------------------------------------------------------------------ transcribed plain text

PLAIN = r"""4 Derivatives

4.3 — Vector-by-Vector

We use the numerator layout.

$\frac{\partial \mathbf{A}\mathbf{x}}{\partial \mathbf{x}} = \mathbf{A}$
--

$a = b$ is a long sentence with math that goes on and on past the rule below it
--

Denominator Convention

$\frac{\partial \mathbf{A}\mathbf{x}}{\partial \mathbf{x}} = \mathbf{A}^T$

5 Information Theory

**D. (Entropy)** The entropy $H(X) = -\sum_x p(x) \log p(x)$.

$H(X) \geq 0$
"""


def test_plain_text_heading_like_lines_and_their_levels():
    sheet = read_sheet("sheet.txt", PLAIN)
    assert [(h.title, h.level, h.line) for h in sheet.headings] == [
        ("4 Derivatives", 1, 1), ("4.3 — Vector-by-Vector", 2, 3),
        ("Denominator Convention", 3, 13), ("5 Information Theory", 1, 17)]
    s = by_latex(PLAIN, "sheet.txt")
    jac = r"\frac{\partial \mathbf{A}\mathbf{x}}{\partial \mathbf{x}} = \mathbf{A}"
    assert s[jac].heading_path == ("4 Derivatives", "4.3 — Vector-by-Vector")
    assert s[jac + "^T"].heading_path[-1] == "Denominator Convention"
    assert s[r"H(X) \geq 0"].heading_path == ("5 Information Theory",)


def test_a_line_with_math_over_a_rule_is_a_formula_not_a_heading():
    sheet = read_sheet("sheet.txt", PLAIN)
    assert not any("a = b" in h.title for h in sheet.headings)
    s = by_latex(PLAIN, "sheet.txt")
    assert s["a = b"].line == 10
    assert s[r"\frac{\partial \mathbf{A}\mathbf{x}}{\partial \mathbf{x}} = \mathbf{A}"].line == 7


def test_plain_text_statement_label_and_lead_words():
    s = by_latex(PLAIN, "sheet.txt")
    entropy = s[r"H(X) = -\sum_x p(x) \log p(x)"]
    assert entropy.line == 19 and "The entropy" in entropy.before
    # a display opening its block is about the last words written above it
    assert "entropy" in s[r"H(X) \geq 0"].lead


def test_a_statement_label_names_the_formulas_after_it_in_its_section():
    text = ("# Inequalities\n\n**T. (Chebyshev)** For any random variable:\n\n"
            "$P(|X - \\mu| \\geq k) \\leq \\sigma^2 / k^2$\n\n$c = d$\n\n# Next\n\n$e = f$\n")
    s = by_latex(text)
    assert s[r"P(|X - \mu| \geq k) \leq \sigma^2 / k^2"].label == "T. (Chebyshev)"
    assert "Chebyshev" in s["c = d"].words()
    assert s["e = f"].label == "" and "Chebyshev" not in s["e = f"].words()


def test_a_short_bold_line_labels_the_formulas_under_it():
    # in a Markdown file a plain short line is prose or a label, not a section
    text = "# Optimisers\n\n**Adam updates**\n\n$m_t = \\beta_1 m_{t-1} + (1 - \\beta_1) g_t$\n"
    (seg,) = segs(text)
    assert seg.heading_path == ("Optimisers",) and seg.label == "Adam updates"
    assert "Adam" in seg.words()


# ------------------------------------------------------------------ LaTeX documents

LATEX = r"""\documentclass{article}
\usepackage{amsmath}
\begin{document}
\section{Probability}
The variance is $\operatorname{Var}(X) = E[X^2] - E[X]^2$ for any $X$.
\subsection{Bayes}
\[ P(A \mid B) = \frac{P(B \mid A) P(A)}{P(B)} \]
\begin{align}
a &= b \label{eq:first} \\
  &= c \\
d &= e
\end{align}
\begin{equation*}
  \log(xy) = \log x + \log y
\end{equation*}
% a comment $z = 1$
\section{Optimisers}
\textbf{Adam} update: $$m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t$$
\begin{figure} $q = 1$ \end{figure}
\end{document}
"""


def test_latex_sections_and_the_lines_of_math():
    sheet = read_sheet("notes.tex", LATEX)
    assert [(h.title, h.line) for h in sheet.headings] == [
        ("Probability", 4), ("Bayes", 6), ("Optimisers", 17)]
    assert sheet.headings[0].level < sheet.headings[1].level
    lines = {}
    for seg in sheet.segments:
        for f in formulas_of(seg):
            lines[f.latex.split("\\")[0].strip() or f.latex[:12]] = (f.line, seg.heading_path)
    s = by_latex(LATEX, "notes.tex")
    assert s[r"\operatorname{Var}(X) = E[X^2] - E[X]^2"].line == 5
    assert s[r"P(A \mid B) = \frac{P(B \mid A) P(A)}{P(B)}"].line == 7
    assert s[r"P(A \mid B) = \frac{P(B \mid A) P(A)}{P(B)}"].heading_path == (
        "Probability", "Bayes")
    assert s[r"\log(xy) = \log x + \log y"].line == 14
    adam = s[r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t"]
    assert adam.line == 18 and adam.heading_path == ("Optimisers",)
    assert "Adam" in adam.before


def test_latex_align_rows_start_on_their_own_lines_even_with_a_label():
    sheet = read_sheet("notes.tex", LATEX)
    (seg,) = [s for s in sheet.segments if s.latex.startswith("a &= b")]
    fs = formulas_of(seg)
    assert [f.line for f in fs] == [9, 11]  # 'a = b = c' starts on 9, 'd = e' on 11
    assert "label" not in seg.latex


def test_latex_comments_and_figures_hold_no_formulas():
    latexes = [s.latex for s in read_sheet("notes.tex", LATEX).segments]
    assert "z = 1" not in latexes and "q = 1" not in latexes


def test_latex_words_around_inline_math():
    s = by_latex(LATEX, "notes.tex")
    var = s[r"\operatorname{Var}(X) = E[X^2] - E[X]^2"]
    assert var.before == "The variance is" and var.after == "for any"


# ------------------------------------------------------------------ every real sheet

@pytest.mark.parametrize("path", FIXTURE_SHEETS, ids=lambda p: p.name)
def test_every_formula_of_the_fixture_sheets_stands_on_its_line(path):
    assert assert_on_its_line(path.read_text(encoding="utf-8"), str(path)) > 20


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source sheets (../shared/seeds) are absent")
def test_every_formula_of_the_source_sheets_stands_on_its_line():
    for path in sorted(SEEDS.glob("*.txt")):
        assert assert_on_its_line(path.read_text(encoding="utf-8"), path.name) > 100


# ------------------------------------------------------------------ files that are not sheets

def _error(path) -> str:
    with pytest.raises(SheetError) as info:
        read_sheet(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert "Traceback" not in message and "Error" not in message
    return message


def test_unreadable_files_give_one_line_that_says_why(tmp_path):
    assert "no such file" in _error(tmp_path / "missing.md")
    assert "directory" in _error(tmp_path)
    binary = tmp_path / "sheet.md"
    binary.write_bytes(b"%PDF-1.4\x00\x01\x02\x03")
    assert "binary" in _error(binary)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("line one\ncaf\xe9 $x = 1$\n".encode("latin-1"))
    message = _error(latin)
    assert "UTF-8" in message and "line 2" in message


def test_utf8_with_bom_and_windows_line_ends_read_with_the_right_lines(tmp_path):
    path = tmp_path / "win.md"
    path.write_bytes("\ufeff# T\r\n\r\n$a = b$\r\n\r\n$c = d$\r\n".encode("utf-8"))
    assert [(s.latex, s.line) for s in read_sheet(path).segments] == [("a = b", 3),
                                                                      ("c = d", 5)]


def test_an_empty_sheet_has_no_segments(tmp_path):
    path = tmp_path / "empty.md"
    path.write_text("")
    assert read_sheet(path).segments == []


def test_a_title_between_rules_of_dashes_is_a_heading():
    text = ("NOTES\n\n--- 4. SOFTMAX + CROSS-ENTROPY ---\n\n$p = 1$\n\n"
            "=== Kernels ===\n\n$k = 2$\n\n--- $x$ ---\n")
    found = by_latex(text, "notes.txt")
    assert [h.title for h in found["p = 1"].headings][-1] == "4. SOFTMAX + CROSS-ENTROPY"
    assert [h.title for h in found["k = 2"].headings][-1] == "Kernels"
    # (in Markdown too, where a short plain line is prose; a rule around math is no title)
    md = by_latex("Intro\n\n=== Kernels ===\n\n$k = 2$\n", "notes.md")
    assert md["k = 2"].heading_path[-1] == "Kernels"


def test_a_paragraph_line_ending_in_a_colon_leads_the_lines_after_it():
    # a transcribed sheet: one paragraph, a lead-in line per model, a formula per line
    text = ("RNN: $h_t = \\tanh(W h_{t-1})$; see below\n"
            "  $a_t = W h_{t-1}$\n"
            "LSTM, hidden size $m$:\n"
            "  $c_t = f_t c_{t-1}$\n"
            "  $h_t = o_t \\tanh(c_t)$\n")
    found = by_latex(text, "notes.txt")
    assert "LSTM" in found["h_t = o_t \\tanh(c_t)"].words()
    assert "LSTM" not in found["a_t = W h_{t-1}"].words()


def test_bracket_display_math_right_under_its_label_line_is_read():
    # no blank line between the label and \[ ... \]: inside the paragraph, as sheets write it
    text = ("Title line\n\nMarkov. For a nonnegative X and a > 0:\n"
            "\\[ \\Pr(X \\geq a) \\leq \\frac{\\mathbb{E}X}{a} \\]\n"
            "Chebyshev:\n\\[\n\\Pr(|X - \\mu| \\geq t) \\leq \\sigma^2 / t^2\n\\]\n"
            "$$\\begin{aligned} a &= b \\\\[4pt] c &= d \\end{aligned}$$\n")
    found = segs(text, "bounds.txt")
    assert [(s.line, s.latex.split()[0]) for s in found] == [
        (4, "\\Pr(X"), (7, "\\Pr(|X"), (9, "\\begin{aligned}")]
    assert "4pt" in found[2].latex  # (a line break's \\[4pt] is no display opener)


def test_a_latex_display_takes_the_words_of_the_sentence_it_ends():
    # inline math splits the label sentence from its display: the words before the inline
    # piece still name the display
    text = ("\\documentclass{article}\\begin{document}\n"
            "Done before. Weight decay step (a gradient step on $J + w^2$):\n"
            "\\begin{align*}\nw &\\leftarrow (1 - a)w\n\\end{align*}\n\\end{document}\n")
    display = [s for s in segs(text, "notes.tex") if s.display][0]
    assert "Weight decay step" in display.words() and "Done before" not in display.words()


def test_a_heading_s_math_keeps_its_indices():
    """Emphasis marks are cleaned from a heading's words only: "## Classifiers ($t_n \\in
    \\{-1, 1\\}$)" keeps t_n (it was t n: the label set said in the heading reached the
    checks about a letter no formula writes)."""
    sheet = read_sheet("labels.md", text="# Notes\n\n## Large *margin* ($t_n \\in \\{-1, 1\\}$)\n\n"
                                         "- loss: $\\max(0, 1 - t_n g_n)$\n")
    title = sheet.segments[-1].headings[-1].title
    assert "t_n \\in" in title and "margin" in title and "*" not in title
