"""Markdown written for other renderers: pandoc / Quarto equation labels after a display and
tables written in HTML. Both were read wrongly or not at all: a label left every later dollar
paired with the wrong partner (prose read as math), and an HTML table's math was never seen.
"""
from __future__ import annotations

from cheatsheet.sheets import read_sheet
from tests.audit_helpers import audit_text


def _segs(text: str):
    return [(s.line, s.latex) for s in read_sheet("notes.md", text).segments]


def test_a_labelled_display_closes_and_the_dollars_after_it_pair_as_written():
    text = "\n".join([
        "# Step sizes",
        "",
        "$$",
        "r_{n+1} = r_n - c\\,\\nabla h(r_n)",
        "$$ {#eq-step}",
        "",
        "As @eq-step shows, $c$ is the step and $h$ the objective; also $$u = 2v$$ {#eq:u} here.",
    ])
    assert _segs(text) == [(4, "r_{n+1} = r_n - c\\,\\nabla h(r_n)"), (7, "c"), (7, "h"),
                           (7, "u = 2v")]


def test_a_brace_group_that_is_not_a_label_is_left_alone():
    text = "Sets: $$A = \\{1, 2\\}$$ {and more words}, then $b$.\n"
    assert [latex for _, latex in _segs(text)] == ["A = \\{1, 2\\}", "b"]


HTML_TABLE = "\n".join([
    "## Layer facts",
    "",
    "<table>",
    "<tr><th>Quantity</th><th>Expression</th></tr>",
    "<tr><td><b>logistic slope</b></td><td>$\\rho'(s) = \\rho(s)\\left(1 - \\rho(s)\\right)$</td></tr>",
    "<tr><td>clipped</td><td>$\\min(1, \\max(0, s))$ for $0 &lt; s$</td></tr>",
    "</table>",
])


def test_an_html_table_s_cells_are_read_on_their_rows_with_their_words():
    segs = read_sheet("notes.md", HTML_TABLE).segments
    assert [(s.line, s.latex) for s in segs] == [
        (5, "\\rho'(s) = \\rho(s)\\left(1 - \\rho(s)\\right)"),
        (6, "\\min(1, \\max(0, s))"), (6, "0 < s")]  # the entity decoded
    first = segs[0]
    assert first.cell and "logistic slope" in first.before and "Expression" in first.before


def test_a_table_split_by_a_blank_line_keeps_its_header():
    text = HTML_TABLE.replace("</th></tr>\n", "</th></tr>\n\n")
    segs = read_sheet("notes.md", text).segments
    assert [s.line for s in segs] == [6, 7, 7] and "Expression" in segs[0].before


def test_a_slip_in_an_html_table_is_called_wrong_and_the_right_row_ok():
    text = "\n".join([
        "## Activation derivatives",
        "",
        "<table>",
        "<tr><th>name</th><th>derivative</th></tr>",
        "<tr><td>hyperbolic tangent</td><td>$\\frac{d}{dv}\\tanh(v) = 1 - \\tanh^2(v)$</td></tr>",
        "<tr><td>hyperbolic tangent, slipped</td><td>$\\frac{d}{dv}\\tanh(v) = 1 + \\tanh^2(v)$</td></tr>",
        "</table>",
    ])
    verdicts = {f.line: f.verdict for f in audit_text(text)}
    assert verdicts == {5: "ok", 6: "wrong"}
