"""A formula that writes one of its own names wherever the claim has another (p_r for
p_data, twice) is not a slip made twice (verify/audit/explain.renamed_throughout)."""
from __future__ import annotations

from audit_helpers import audit_text

GAN = "## GANs\n\n- Best discriminator: $D^*(x) = \\dfrac{{{top}}}{{{bottom}}}$\n"


def test_a_law_named_with_its_own_subscript_is_not_a_typo():
    """Red team 10: p_r (r for real data) where the claim writes p_data, at both places."""
    text = GAN.format(top="p_r(x)", bottom="p_r(x) + p_g(x)")
    found = audit_text(text)[-1]
    assert found.verdict != "wrong"
    assert found.verdict == "ok" or "at every place" in found.reason


def test_a_name_swapped_at_one_place_is_still_caught():
    text = GAN.format(top="p_g(x)", bottom="p_{\\text{data}}(x) + p_g(x)")
    found = audit_text(text)[-1]
    assert (found.verdict, found.claim) == ("wrong", "gan.optimal-discriminator")
