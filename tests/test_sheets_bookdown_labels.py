"""bookdown's equation labels inside the math (``(\\#eq:name)``) are markup, not part of the
formula (cheatsheet/sheets/equation_labels.py)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.equation_labels import trailing_label

_SHEET = "\n".join([
    "# Traces",
    "",
    r"$$\operatorname{tr}(\mathbf{P}\mathbf{Q}) = \operatorname{tr}(\mathbf{Q}\mathbf{P}) (\#eq:cyclic)$$",
    "",
    r"$$\operatorname{tr}(\mathbf{P} + \mathbf{Q}) = \operatorname{tr}(\mathbf{P}) - \operatorname{tr}(\mathbf{Q})\quad(\#eq:sum-of-traces)$$",
])


def test_a_label_ending_the_math_is_found():
    assert trailing_label(r"a = b (\#eq:ab)")
    assert trailing_label(r"a = b \qquad ( \#eq:cond-cov ).")
    assert trailing_label(r"a = b (\#fig:ab)") is None  # (only equation labels)
    assert trailing_label(r"a = (\#eq:ab) + b") is None  # (only at the end)


def test_a_labelled_display_is_read_and_decided_without_its_label():
    found = {f.line: f for f in audit_text(_SHEET, name="handout.md")}
    assert found[3].latex.rstrip().endswith(r"\operatorname{tr}(\mathbf{Q}\mathbf{P})")
    assert found[3].verdict == "ok", found[3].reason
    assert found[5].verdict == "wrong", found[5].reason
