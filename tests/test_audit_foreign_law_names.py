"""A law named in the sheet's own language (Italian, Spanish, French, German) is a law named:
red team 13's "Esponenziale di intensità λ: ..., con E[X] = λ" was credited as the Poisson
mean, because only English words named laws and so nothing clashed."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.laws import sheet_laws


@pytest.mark.parametrize("words, law", [
    ("Distribuzione esponenziale di intensità", "exponential"),
    ("Distribución exponencial de tasa", "exponential"),
    ("Loi géométrique de paramètre", "geometric"),
    ("Legge binomiale", "binomial"),
    ("Normalverteilung", "normal"),
])
def test_a_law_named_in_another_language_is_named(words, law):
    assert sheet_laws(words, "", "P(T = t)", {}) == {law}


def test_a_foreign_named_law_keeps_another_laws_claim_off_its_formula():
    # E[X] = lambda is the Poisson mean letter for letter; said of an exponential it is a slip
    head = "# Tiempos de espera\n\n"
    typo = head + "- Distribución exponencial de tasa $\\lambda$: $E[X] = \\lambda$\n"
    assert [f.verdict for f in audit_text(typo) if "E[X]" in f.latex] != ["ok"]
    right = head + "- Distribución exponencial de tasa $\\lambda$: $E[X] = 1/\\lambda$\n"
    assert [f.verdict for f in audit_text(right) if "E[X]" in f.latex] == ["ok"]
