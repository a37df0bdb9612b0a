"""A recorded form read with words of its line carries that reading to another sheet only where
the same words stand beside it there too (verify/audit/recorded_words.py).

The decider here has not seen sheet 000, so the lines come from the other course sheets'
records: ``\\Sigma_{12} \\in \\mathbb{R}^{e \\times f}`` followed by "p.s.d." is read there as
``\\Sigma_{12} \\succeq 0`` (an off-diagonal block of a covariance called p.s.d.).
"""
from __future__ import annotations

from audit_helpers import audit_text

FIRST = ("000_502e73dc4320f9fe.txt",)

BLOCKS = ("# Gaussian blocks\n\nThe joint covariance is cut into blocks.\n\n"
          "$\\mathbf{{a}}_1 \\in \\mathbb{{R}}^e$ and ${block}$ {words}\n")


def _last(text: str):
    return audit_text(text, without=FIRST)[-1]


def test_an_off_diagonal_block_called_psd_is_caught():
    for block in ("\\Sigma_{12} \\in \\mathbb{R}^{e \\times f}",
                  "\\Sigma_{21} \\in \\mathbb{R}^{f \\times e}"):
        f = _last(BLOCKS.format(block=block, words="p.s.d."))
        assert (f.verdict, f.claim) == ("wrong", "gauss.block_psd"), (block, f.reason)


def test_the_words_inside_the_formula_count_too():
    f = _last(BLOCKS.format(block="\\Sigma_{12} \\in \\mathbb{R}^{e \\times f} \\text{ p.s.d.}",
                            words=""))
    assert (f.verdict, f.claim) == ("wrong", "gauss.block_psd"), f.reason


def test_without_the_words_a_block_size_is_no_claim():
    """The same size declaration with no 'p.s.d.' beside it says nothing wrong."""
    for words in ("", "(its transpose is the other block)."):
        f = _last(BLOCKS.format(block="\\Sigma_{12} \\in \\mathbb{R}^{e \\times f}",
                                words=words))
        assert f.verdict != "wrong", (words, f.reason)


def test_a_diagonal_block_called_psd_is_not_wrong():
    for block in ("\\Sigma_{11} \\in \\mathbb{R}^{e \\times e}",
                  "\\Sigma_{22} \\in \\mathbb{R}^{f \\times f}"):
        f = _last(BLOCKS.format(block=block, words="p.s.d."))
        assert f.verdict != "wrong", (block, f.reason)


def test_only_the_words_of_the_recorded_line_carry_its_reading():
    """Other words (of a size, not of definiteness) do not make the form the claim's."""
    f = _last(BLOCKS.format(block="\\Sigma_{12} \\in \\mathbb{R}^{e \\times f}",
                            words="with e rows."))
    assert f.verdict != "wrong", f.reason
