"""French and Italian words said in English before matching, as Portuguese and Spanish ones
are (red team 17's French and Italian sheets: "taux", "écart-type", "valeurs propres",
"campo recettivo" named no parameter, quantity or topic the matcher knows)."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.sheets.words import english


@pytest.mark.parametrize("written, said", [
    ("Exponentielle de taux", "Exponential de rate"), ("écart-type", "standard deviation"),
    ("Fonction génératrice des moments", "Moment generating function"),
    ("valeurs propres", "eigenvalues"), ("Gamma de forme", "Gamma of shape"),
    ("campo recettivo", "receptive field"), ("Deviazione standard", "Standard deviation"),
    ("Convoluzione trasposta", "Transposed convolution"), ("autovalori", "eigenvalues"),
])
def test_glossary_words(written, said):
    assert english(written) == said


def test_a_french_rate_names_the_laws_parameter():
    latex = r"\mathbb{E}[Y] = \rho"
    sheet = f"# Lois\n\n- Exponentielle de taux $\\rho$ : ${latex}$\n"
    found = next(f for f in audit_text(sheet) if f.latex == latex)
    assert found.verdict == "wrong", found.reason
    right = r"\mathbb{E}[Y] = \frac{1}{\rho}"
    found = next(f for f in audit_text(sheet.replace(latex, right)) if f.latex == right)
    assert found.verdict == "ok", found.reason
