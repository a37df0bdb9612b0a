"""Words with accents are one word each, in the words that name a claim: "Variância",
"Função", "Densidade" (cheatsheet/match/index.py, words_of). Before, the accent split
"Variância" into "vari" and "ncia", so a sheet in Portuguese never named its claims, and its
typos stayed unchecked ("the words around it do not name the claim")."""
from __future__ import annotations

from audit_helpers import audit_text


def test_an_accented_word_is_one_word_and_folds_to_its_english():
    from cheatsheet.match.index import words_of

    assert {"variance", "sample"} <= words_of("Variância amostral")
    assert "funcao" in words_of("Função geradora")
    assert "density" in words_of("Densidade normal")
    assert not {"vari", "ncia"} & words_of("Variância")


_SHEET = ("# Resumo\n\n- Densidade normal: "
          "$\\varphi(x) = \\frac{1}{%s \\sqrt{2 \\pi}} e^{-(x - \\mu)^2 / (2\\sigma^2)}$\n")


def test_a_portuguese_typo_is_caught_and_its_right_form_is_not():
    (typo,) = audit_text(_SHEET % "\\sigma^2")
    (right,) = audit_text(_SHEET % "\\sigma")
    assert typo.verdict == "wrong"
    assert right.verdict != "wrong"


def test_the_matcher_and_the_sheet_reader_share_one_vocabulary():
    # every foreign word of cheatsheet/glossary.py names what its English names, whether the
    # sheet reader said it in English first (Portuguese, Spanish prose) or not (Italian, a
    # word inside \text{} in the math)
    from cheatsheet.glossary import OTHER_WORDS, PROSE_WORDS, plain
    from cheatsheet.match.index import words_of
    from cheatsheet.sheets.words import english

    for foreign, said in {**PROSE_WORDS, **OTHER_WORDS}.items():
        if "-" not in foreign:
            assert words_of(foreign) == words_of(said), foreign
    assert words_of("Média amostral") == words_of(english("Média amostral"))
    assert plain("Função") == "funcao"
