"""Information quantities in the fonts textbooks set them in: the KL divergence written
``\\mathcal{D}_{\\mathrm{KL}}`` (a calligraphic D labelled KL, as ``\\mathrm{D}_{\\mathrm{KL}}``
and ``D_{KL}`` already were) and the entropy written ``\\mathbb{H}`` (Murphy's notation).
Before, the first was a letter D with a subscript, so a Gaussian or Bernoulli KL written so
matched its claim only loosely and a typo stayed unchecked; the second was read as a set."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.match.tokens import keys, tokenize


def same(a: str, b: str) -> bool:
    return keys(tokenize(a)) == keys(tokenize(b))


def last(text: str):
    return audit_text(text)[-1]


def test_a_calligraphic_kl_compares_as_the_kl():
    assert same(r"\mathcal{D}_{\mathrm{KL}}(F \,\|\, G)", r"\mathrm{KL}(F \,\|\, G)")
    assert same(r"\mathcal{D}_\mathrm{KL}(F \| G)", r"D_{KL}(F \| G)")
    # a calligraphic D without that label stays a name (a data set, a domain)
    assert not same(r"\mathcal{D}_{n}(F)", r"\mathrm{KL}(F)")


def test_a_kl_closed_form_in_calligraphic_d_is_decided():
    row = ("- two coins: $\\mathcal{D}_{\\mathrm{KL}}\\left(\\mathrm{Bern}(r) \\,\\|\\, "
           "\\mathrm{Bern}(g)\\right) = r\\log\\frac{NUM}{DEN} + (1 - r)\\log\\frac{1 - r}{1 - g}$\n")
    right = last(row.replace("NUM", "r").replace("DEN", "g"))
    typo = last(row.replace("NUM", "g").replace("DEN", "r"))
    assert (right.verdict, right.claim) == ("ok", "kl.bernoulli")
    assert (typo.verdict, typo.claim) == ("wrong", "kl.bernoulli")
    gauss = ("- $\\mathcal{D}_{\\mathrm{KL}}(\\mathcal{N}(a, s^2) \\,\\|\\, \\mathcal{N}(b, w^2)) = "
             "\\log\\frac{w}{s} + \\frac{s^2 + (a - b)^2}{2 DEN} - \\frac{1}{2}$\n")
    assert last(gauss.replace("DEN", "w^2")).verdict == "ok"
    assert last(gauss.replace("DEN", "s^2")).verdict == "wrong"


def test_a_blackboard_entropy_is_read_as_the_entropy():
    line = "- $\\mathbb{H}(W, Z) = \\mathbb{H}(W) + \\mathbb{H}(Z \\mid W)$\n"
    found = last(line)
    assert (found.verdict, found.claim) == ("ok", "entropy.chain_rule")
    bound = last("- on $m$ values: $0 \\le \\mathbb{H}(W) \\le \\log m$\n")
    assert bound.verdict == "ok"
    assert "set" not in last("- $\\mathbb{H}(W) = 1 - \\log\\kappa$\n").reason
