"""A table row whose first cell names the quantity its formula cell gives states
``name = cell`` (red team 14: ``| Precision | $\\frac{TP}{TP + FN}$ |`` "states no relation",
so a README's metric table was never checked)."""
from __future__ import annotations

import pytest

from cheatsheet.sheets import formulas_of, read_sheet
from cheatsheet.sheets.row_labels import row_name



@pytest.mark.parametrize("label, header, name", [
    ("Accuracy", "Formula", r"\text{Accuracy}"), ("Recall (TPR)", "Definition", r"\text{Recall}"),
    ("Softplus", "", None),  # a header that is a formula (g'(z)): not a column of values
    ("Variance", "Value", r"\operatorname{Var}(X)"), ("Mean", "value", r"\mathbb{E}[X]"),
    ("Poisson", "Formula", None),  # a law, not a quantity
    ("Bernoulli", "Mean", None),   # a law table: the column names the quantity
    ("$F_1$", "Formula", None), ("a label of far too many words", "Formula", None),
])
def test_row_name(label, header, name):
    assert row_name(label, header) == name


SCORES = """# Scores of a detector

| Score | Definition |
|---|---|
| Accuracy | $ACC$ |
| Specificity (TNR) | $\\frac{TN}{TN + FP}$ |

## Poisson law with rate $\\mu$

| Quantity | Value |
|---|---|
| Mean | $\\mu$ |
| Variance | $VAR$ |
"""


def test_a_wider_table_names_nothing(tmp_path):
    p = tmp_path / "acts.md"
    p.write_text("| Name | Formula | Derivative |\n|---|---|---|\n"
                 "| Softplus | $\\log(1 + e^{u})$ | $\\frac{1}{1 + e^{-u}}$ |\n", encoding="utf-8")
    assert not any(s.named for s in read_sheet(p).segments)


def test_an_update_keeps_its_own_left_side(tmp_path):
    p = tmp_path / "upd.md"
    p.write_text("| Method | Formula |\n|---|---|\n| TD(0) | $U(z) \\leftarrow U(z) + b\\,e$ |\n"
                 "| Drift | $c + b$ |\n", encoding="utf-8")
    readings = [f.reading for s in read_sheet(p).segments for f in formulas_of(s)]
    assert readings == [r"U(z) \leftarrow U(z) + b\,e", r"\text{Drift} = c + b"]


def test_the_row_label_is_the_left_side(tmp_path):
    p = tmp_path / "scores.md"
    p.write_text(SCORES.replace("ACC", "x"), encoding="utf-8")
    readings = [f.reading for s in read_sheet(p).segments for f in formulas_of(s)]
    assert r"\text{Accuracy} = x" in readings
    assert r"\operatorname{Var}(X) = VAR" in readings


def _sheet(acc: str, var: str) -> dict:
    """The findings by line of the whole audit (both passes, as ``cheatsheet audit`` runs)."""
    from audit_helpers import catalog
    from cheatsheet.verify.audit.run import audit_files

    text = SCORES.replace("ACC", acc).replace("VAR", var)
    res = audit_files(["scores.md"], catalog=catalog(), jobs=1, texts={"scores.md": text})
    return {f.line: f for f in res.findings}


def test_labelled_rows_are_checked():
    ok = _sheet(r"\frac{TP + TN}{TP + TN + FP + FN}", r"\mu")
    assert ok[5].verdict == "ok", ok[5].reason
    assert ok[6].verdict == "ok", ok[6].reason
    assert ok[13].verdict == "ok", ok[13].reason
    assert not any(f.verdict == "wrong" for f in ok.values())
    typo = _sheet(r"\frac{TP + TN}{TP + TN + FP + FN}", r"\mu^2")
    assert typo[13].verdict == "wrong", typo[13].reason
