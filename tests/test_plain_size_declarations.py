"""Sizes declared in plain math (a plain-text sheet's ``W ∈ ℝ^(p×q)``, the superscript's
group in round brackets) are read as TeX's ``W \\in \\mathbb{R}^{p \\times q}`` is
(conventions.introductions): before, such a line declared nothing, so a transpose on the wrong
factor "fit as the sheet writes it" (columns as tokens) and stayed unchecked.
"""
from __future__ import annotations

from dataclasses import replace

from audit_helpers import audit_text
from cheatsheet.sheets.conventions import introductions
from cheatsheet.sheets.model import Segment

DECLARED = "[one head, Q ∈ ℝ^(m×d_h), K ∈ ℝ^(m×d_h), V ∈ ℝ^(m×d_o), one token per row]\n"


def test_plain_declaration_gives_matrix_sizes():
    seg = Segment(latex="A ∈ ℝ^(p×q), u ∈ ℝ^(q)", line=1, display=False)
    got = dict(introductions(seg))
    assert got["A"] == "matrix(p, q)" and got["u"] == "vector(q)"
    assert introductions(replace(seg, latex="A = B C")) == []


def _verdict(line: str, declared: bool = True):
    text = "Attention notes\n\n" + (DECLARED if declared else "") + line + "\n"
    return audit_text(text, "notes.txt")[-1]


def test_transpose_on_the_wrong_factor_is_wrong_with_plain_sizes():
    f = _verdict("Attn(Q, K, V) = softmax(Qᵀ K/√d_h) V")
    assert (f.verdict, f.claim) == ("wrong", "attention.scaled_dot_product"), f.reason


def test_without_the_declaration_it_stays_unchecked():
    assert _verdict("Attn(Q, K, V) = softmax(Qᵀ K/√d_h) V", declared=False).verdict == "unchecked"


def test_the_right_form_with_plain_sizes_holds():
    assert _verdict("Attn(Q, K, V) = softmax(Q Kᵀ/√d_h) V").verdict == "ok"
