"""Operator words set in bold (Boyd's \\mathbf{var}) are the operators for the matcher too
(cheatsheet/match/bold_words.py)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.bold_words import bold_operator_words
from cheatsheet.match.tokens import tokenize


def keys(latex):
    return [t.key for t in tokenize(latex)]


def test_a_bold_operator_word_tokenises_as_the_upright_one():
    assert keys(r"\mathbf{Cov}(U, W)") == keys(r"\operatorname{Cov}(U, W)")
    assert keys(r"\bm{var}\,U") == keys(r"\mathrm{Var}\,U")
    assert keys(r"\mathop{\bf Tr}(G H)") == keys(r"\operatorname{tr}(G H)")
    assert keys(r"{\bf var}(U)") == keys(r"\operatorname{Var}(U)")
    assert keys(r"\boldsymbol{\mathrm{Cov}}(U, W)") == keys(r"\mathrm{Cov}(U, W)")
    # a bold letter is a vector or a matrix, and a bold word that names no operator stays
    for kept in ([r"\mathbf", "{", "P", "}"], [r"\mathbf", "{", "u", "v", "}"],
                 [r"\bm", "{", "G", "H", "}"]):
        assert bold_operator_words(kept) == kept


def test_a_sheet_in_bold_operator_words_is_matched_and_its_slip_caught():
    sheet = ("## Moments in bold\n\n"
             "- $\\mathbf{Cov}(U + W, U - W) = \\mathbf{var}\\,U SIGN \\mathbf{var}\\,W$\n")
    for sign, verdict in (("-", "ok"), ("+", "wrong")):
        [f] = [f for f in audit_text(sheet.replace("SIGN", sign)) if "Cov" in f.latex]
        assert f.verdict == verdict, (sign, f.reason)
