"""A label whose head is a word of the claim's title (Attn(Q, K, V) for scaled dot-product
attention) names the output the claim defines, as words around it would
(verify/audit/readings.py: _head_names, label_names_claim).

Without it, the typo without the square root fell to a recorded typo of an unrelated claim
(a matrix derivative), which no word names, and stayed unchecked.
"""
from __future__ import annotations

from audit_helpers import audit_text

SHEET = "# Transformers\n\n$${form}$$\n"


def _one(form: str):
    return audit_text(SHEET.format(form=form))[-1]


def test_attention_without_the_root_is_caught():
    f = _one("\\mathrm{Attn}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{d_k}\\right)V")
    assert (f.verdict, f.claim) == ("wrong", "attention.scaled_dot_product"), f.reason


def test_attention_with_the_root_holds():
    for head in ("\\mathrm{Attn}", "\\operatorname{Attention}"):
        f = _one(f"{head}(Q, K, V) = \\mathrm{{softmax}}\\left(\\frac{{QK^\\top}}"
                 "{\\sqrt{d_k}}\\right)V")
        assert f.verdict == "ok", (head, f.reason)


def test_a_head_that_is_no_word_of_the_claim_names_nothing():
    """A name of the sheet's own (F) for the same right side is no word of the claim: the
    label does not name its output, so the typo stays unchecked."""
    f = _one("F(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{d_k}\\right)V")
    assert f.verdict != "wrong", f.reason
