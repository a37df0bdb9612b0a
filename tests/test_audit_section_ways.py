"""A sentence on how laws are parametrised ("rates, not scales") holds for its whole section,
subsections included: a table under a subheading reads its rows that way."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets import read_sheet
from cheatsheet.sheets.conventions import SheetConventions
from cheatsheet.verify.audit.table_cells import _about

TABLE = """\
| law | $\\mathbb{E}[T]$ | $\\operatorname{Var}(T)$ |
|---|---|---|
| $\\mathrm{Gamma}(k, \\theta)$ | $\\dfrac{k}{\\theta}$ | $\\dfrac{k}{\\theta}$ |
"""


def _text(preamble: str) -> str:
    return f"# Waiting times\n\n{preamble}\n\n## Continuous laws\n\n{TABLE}"


def _sheet(tmp_path: Path, preamble: str) -> Path:
    p = tmp_path / "waiting.md"
    p.write_text(_text(preamble), encoding="utf-8")
    return p


@pytest.mark.parametrize("preamble", [
    "Every waiting-time law below is written with a rate $\\theta$, never a scale.",
    "The gamma rows use a rate $\\theta > 0$; rates, not scales.",
])
def test_a_section_sentence_on_rates_reaches_a_table_under_a_subheading(tmp_path, preamble):
    found = [f for f in audit_text(_text(preamble)) if f.latex == "\\dfrac{k}{\\theta}"]
    verdicts = sorted((f.claim or "", f.verdict) for f in found)
    # the mean k/theta is right for a rate: never wrong; the variance k/theta is a typo
    assert ("gamma.mean_rate", "ok") in verdicts, verdicts
    assert ("gamma.variance_rate", "wrong") in verdicts, verdicts
    assert not any(v == "wrong" and "scale" in c for c, v in verdicts), verdicts


def test_a_sentence_about_another_law_does_not_choose_the_gamma_way(tmp_path):
    conv = SheetConventions(read_sheet(str(_sheet(
        tmp_path, "The exponential rows use a rate $\\theta$."))))
    said = conv.at(9).ways
    assert said and all("exponential" in s for s in said)
    assert _about(said, "gamma") == [] and _about(said, "exponential") == list(said)


def test_a_table_row_is_no_announcement_for_the_rows_after_it(tmp_path):
    p = tmp_path / "rows.md"
    p.write_text("# Laws\n\n| law | mean |\n|---|---|\n| Exponential, rate $\\lambda$ | "
                 "$1/\\lambda$ |\n| Gamma, scale $\\theta$ | $k\\theta$ |\n", encoding="utf-8")
    conv = SheetConventions(read_sheet(str(p)))
    assert conv.at(6).ways == ()
