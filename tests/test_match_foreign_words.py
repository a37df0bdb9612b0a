"""Words of a sheet written in Italian, Spanish, French or German say what their English
counterparts say when the matcher weighs them (red team 13's Italian sheet: "Funzione
generatrice dei momenti della normale" found no MGF claim, so its typo went unchecked)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.index import words_of


def test_foreign_words_fold_into_the_english_ones():
    assert {"variance", "exponential"} <= words_of("Varianza della esponenziale")
    assert {"moment", "normal"} <= words_of("Funzione generatrice dei momenti della normale")
    assert {"likelihood", "estimator"} <= words_of("estimador de máxima verosimilitud")
    assert "mean" in words_of("Erwartungswert und Varianz") or \
        "expectation" in words_of("Erwartungswert und Varianz")


def _verdict(line):
    (f,) = [f for f in audit_text("# Riassunto\n\n" + line + "\n") if "=" in f.latex]
    return f.verdict


def test_a_slip_under_foreign_words_is_refuted_and_the_right_form_credited():
    head = "- Funzione generatrice dei momenti della normale: "
    assert _verdict(head + "$M_Y(s) = e^{\\mu s + \\sigma^2 s^2/2}$") == "ok"
    assert _verdict(head + "$M_Y(s) = e^{\\mu s + \\sigma s^2/2}$") == "wrong"
    assert _verdict("- Varianza della binomiale: $\\mathrm{Var}(K) = n p (1 + p)$") == "wrong"
