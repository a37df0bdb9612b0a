"""An expectation under a law written as a function (E_{x ~ P}[log P(x)/Q(x)]) is the sum over
its support, so it meets the catalog's sum forms (the KL divergence, entropies)."""
from __future__ import annotations

from audit_helpers import audit_text
from cheatsheet.sheets.habits import support_sums


def test_an_expectation_under_a_law_reads_as_the_sum_over_its_support():
    kl = r"D_{KL}(P \| Q) = \mathbb{E}_{x \sim P}\left[\log \frac{P(x)}{Q(x)}\right]"
    assert support_sums(kl) == \
        r"D_{KL}(P \| Q) = \sum_{x=1}^{n} P_{x} \left[\log \frac{P_{x}}{Q_{x}}\right]"
    assert support_sums(r"H(p) = \mathbb{E}_{x \sim p(x)}[-\log p(x)]") == \
        r"H(p) = \sum_{x=1}^{n} p_{x} \left[-\log p_{x}\right]"
    # the variable's own value needs the support's values, which are not stated
    assert support_sums(r"\mathbb{E}_{x \sim p}[x] = \mu") is None


def test_the_kl_divergence_as_an_expectation_is_checked_as_the_catalogs_sum():
    text = ("# KL divergence\n\n"
            "- KL: $D_{KL}(P \\| Q) = \\mathbb{E}_{x \\sim P}\\left[\\log \\frac{P(x)}{Q(x)}\\right]$\n"
            "- KL: $D_{KL}(P \\| Q) = \\mathbb{E}_{x \\sim P}\\left[\\log \\frac{Q(x)}{P(x)}\\right]$\n")
    found = audit_text(text)
    assert [(f.line, f.verdict) for f in found] == [(3, "ok"), (4, "wrong")], \
        [f.reason for f in found]
    assert found[1].claim == "kl.definition"
