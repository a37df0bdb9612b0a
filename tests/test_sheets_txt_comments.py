"""In a plain-text sheet a ``#`` line holding a formula may be a code comment (a config file,
a script): it states its formula. A heading names its section, formula or not."""
from audit_helpers import audit_text

from cheatsheet.sheets import read_sheet

SHEET = (
    "# Activations (my notes)\n\n"
    "tanh:\n"
    "  # and the slope: $\\frac{d}{dv}\\tanh(v) = 1 + \\tanh^2(v)$\n"
    "  # $\\frac{d}{dv}\\tanh(v) = 1 + \\tanh^2(v)$ always\n"
    "## 2.1 Slope of $\\tanh(v)$ for real $v$\n"
    "$\\frac{d}{dv}\\tanh(v) = 1 - \\tanh^2(v)$\n")


def test_comment_lines_holding_a_formula_state_it():
    found = {f.line: f.verdict for f in audit_text(SHEET, name="notes.txt") if "=" in f.latex}
    assert found == {4: "wrong", 5: "wrong", 7: "ok"}


def test_headings_with_or_without_math_stay_headings():
    titles = [h.title for h in read_sheet("notes.txt", SHEET).headings]
    assert titles[0].startswith("Activations") and titles[-1].startswith("2.1 Slope")
    assert len(titles) == 2
