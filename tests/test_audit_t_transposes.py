"""A sheet that says its transpose is a superscript t has those superscripts read as
transposes (cheatsheet/sheets/t_transposes.py), in notation of our own (U, g, h); a t on what
is surely a number stays a power."""
from __future__ import annotations

import pytest
from audit_helpers import audit_text

from cheatsheet.sheets.t_transposes import announced, with_t_transposes

SAID = """# Linear maps

Here transposes are written with a superscript $\\mathsf{t}$.

- $\\nabla_{\\mathbf{h}} \\left(\\mathbf{g}^{\\mathsf{t}} \\mathbf{h}\\right) = \\mathbf{g}$
- $\\nabla_{\\mathbf{h}} \\left(\\mathbf{h}^{\\mathsf{t}} \\mathbf{U} \\mathbf{h}\\right) = \\left(\\mathbf{U} + \\mathbf{U}^{\\mathsf{t}}\\right) \\mathbf{h}$
- $\\nabla_{\\mathbf{h}} \\left(\\mathbf{h}^{\\mathsf{t}} \\mathbf{U} \\mathbf{h}\\right) = \\left(\\mathbf{U} - \\mathbf{U}^{\\mathsf{t}}\\right) \\mathbf{h}$
"""


@pytest.mark.parametrize("words", [
    "the transpose is a superscript $t$ ($U^{t}$)",
    "Transposes are denoted by $^{\\mathrm{t}}$.",
    "$U^t$ denotes the transpose of $U$.",
    "with the transpose, $\\mathsf{U}^{t}$, as in physics",
])
def test_the_words_that_announce_it(words):
    assert announced(words) is not None


@pytest.mark.parametrize("words", [
    "the transpose of $U$ at step $t$", "we write $t$ for the step; transposes use T",
    "a superscript $t$ counts the steps",
])
def test_words_that_do_not(words):
    assert announced(words) is None


def test_only_array_like_bases_after_the_words_are_transposed():
    text = ("Before: $U^{t}$.\nThe transpose is a superscript $t$.\n"
            "$\\mathbf{g}^t \\mathbf{h}$, $U_{k}^{\\mathsf{t}}$, $(\\vec{h} - \\vec{c})^{t}$, "
            "$\\Lambda^t$, $\\beta_2^t$, $e^{t}$, $2^t$, $\\left(\\frac{r-1}{r+1}\\right)^{t}$, "
            "$g^{t}$, $U^{t+1}$, $U^{th}$\n")
    out = with_t_transposes(text)
    assert out.count("\n") == text.count("\n")
    first, _, third = out.split("\n")[:3]
    assert first == "Before: $U^{t}$."
    for kept in ("\\mathbf{g}^{\\top} \\mathbf{h}", "U_{k}^{\\top}", "(\\vec{h} - \\vec{c})^{\\top}",
                 "\\Lambda^{\\top}"):
        assert kept in third, kept
    for power in ("\\beta_2^t", "e^{t}", "2^t", "\\right)^{t}", "g^{t}", "U^{t+1}", "U^{th}"):
        assert power in third, power


def test_without_the_words_nothing_changes():
    text = "## Maps\n\n$\\mathbf{U}^{\\mathsf{t}}\\mathbf{h}$ and $\\mathbf{g}^t$\n"
    assert with_t_transposes(text) == text


def test_announced_t_transposes_are_checked_both_ways():
    found = {f.line: f for f in audit_text(SAID, "maps.md")}
    assert found[5].verdict == "ok" and found[6].verdict == "ok"
    assert found[7].verdict == "wrong"


def test_unannounced_the_same_lines_are_not_called_wrong():
    found = audit_text(SAID.replace("Here transposes are written with a superscript $\\mathsf{t}$.\n", "\n"), "maps.md")
    assert all(f.verdict != "wrong" for f in found)


def test_a_capital_t_announced_does_not_make_lower_case_t_a_transpose():
    text = "The transpose is $^{\\mathsf{T}}$.\n$\\left(\\mathbf{U}\\mathbf{h}\\right)^{t}$\n"
    assert announced(text) is None and with_t_transposes(text) == text
