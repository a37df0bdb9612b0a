"""Portuguese and Spanish words said in English before matching (red team 14: a Brazilian
sheet's "Variância" column named no quantity and "Densidade normal" named no claim, so its
typos there went unchecked)."""
from __future__ import annotations

import pytest

from cheatsheet.sheets import read_sheet
from cheatsheet.sheets.words import english

from audit_helpers import audit_text


@pytest.mark.parametrize("written, said", [
    ("Variância", "Variance"), ("esperança", "expectation"), ("Função geradora de momentos",
                                                            "Moment generating function"),
    ("desvio padrão", "standard deviation"), ("Desviación estándar", "Standard deviation"),
    ("taxa", "rate"), ("tasa", "rate"), ("Densidade", "Density"), ("distribuição", "distribution"),
    ("Exponencial", "Exponential"),
])
def test_glossary_words(written, said):
    assert english(written) == said


def test_math_and_other_words_are_left_alone():
    assert english(r"Taxa $\taxa + \mathrm{media}$ e casa") == r"Rate $\taxa + \mathrm{media}$ e casa"


TABLE = r"""# Leis

| Lei | Esperança | Variância |
|---|---|---|
| Poisson($\mu$) | $\mu$ | $VAR$ |
| Uniforme($c$, $d$) | $\frac{c + d}{2}$ | $\frac{(d - c)^2}{12}$ |
"""


def test_a_portuguese_column_names_the_quantity(tmp_path):
    p = tmp_path / "leis.md"
    p.write_text(TABLE.replace("VAR", "\\mu"), encoding="utf-8")
    cell = [s for s in read_sheet(p).segments if s.cell and s.latex == r"\mu"][-1]
    assert "Variance" in cell.before
    typo = {f.latex: f for f in audit_text(TABLE.replace("VAR", "\\mu^2"))}
    assert typo[r"\mu^2"].verdict == "wrong", typo[r"\mu^2"].reason
    ok = {f.latex: f for f in audit_text(TABLE.replace("VAR", "\\mu"))}
    assert ok[r"\frac{(d - c)^2}{12}"].verdict == "ok", ok[r"\frac{(d - c)^2}{12}"].reason
    assert not any(f.verdict == "wrong" for f in ok.values())


SPANISH = ("# Densidades\n\n- Densidad normal: $f(x) = \\frac{{1}}{{{C}\\sqrt{{2\\pi}}}}"
           "\\exp\\left(-\\frac{{(x - \\mu)^2}}{{2\\sigma^2}}\\right)$\n")


def test_a_spanish_label_names_the_law():
    (right,) = audit_text(SPANISH.format(C="\\sigma"))
    assert right.verdict == "ok", right.reason
    (typo,) = audit_text(SPANISH.format(C="\\sigma^2"))
    assert typo.verdict == "wrong", typo.reason
