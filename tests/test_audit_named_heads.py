"""A left side calling an upright name of the sheet's own (PP, SNR) is not the claim's quantity
renamed, unless the claim writes or spells that name (verify/audit/named_heads.py)."""
from __future__ import annotations

from audit_helpers import audit_text


def test_perplexity_by_its_own_name_is_not_a_kl_typo():
    # red team 11: read as a label for KL(p || p) = 0 under a heading "Divergence"
    found = audit_text("# Information theory identities\n## Divergence and mutual information\n"
                       "- Perplexity: $\\mathrm{PP}(p) = 2^{H(p)}$\n")
    assert [f.verdict for f in found] != ["wrong"]


def test_a_typo_under_a_name_the_claim_writes_is_still_caught():
    found = audit_text("# Beta distribution\n\n- Mode of the Beta law: $\\operatorname{mode}(X) "
                       "= \\frac{\\alpha - 1}{\\alpha + \\beta - 1}$\n")
    assert [(f.verdict, f.claim) for f in found] == [("wrong", "beta.mode")]


def test_the_claim_knows_names_its_title_spells_or_abbreviates():
    from types import SimpleNamespace

    from cheatsheet.verify.audit.named_heads import _claim_knows

    claim = SimpleNamespace(latex="x", wrong=[], sources=[], id="ols.se",
                            title="Standard error of a regression coefficient")
    assert _claim_knows("se", claim) and _claim_knows("standard", claim)
    assert not _claim_knows("pp", claim)


_HEADS = ("# Divergences\n\n"
          "- $\\mathrm{D}_{\\mathrm{KL}}(p \\,\\|\\, q) = \\mathrm{H}(p, q) - \\mathrm{H}(p)$\n"
          "- $\\mathrm{I}(U; V) = \\mathrm{H}(U \\mid V) - \\mathrm{H}(U)$\n")


def test_a_formula_that_holds_only_with_its_upright_name_read_as_the_claims_is_not_ok():
    # red team 11's OK2: the negated mutual information "held" as KL = H(p, q) - H(p), its I
    # read as KL and H(U | V) as a cross-entropy
    alone = "# Entropies\n\n" + _HEADS.splitlines()[3] + "\n"
    assert [f.verdict for f in audit_text(alone)] == ["unchecked"]
    found = {f.line: f for f in audit_text(_HEADS)}
    assert found[4].verdict == "unchecked"
    # the claim's own operator named in a subscript (D_KL) is the claim's
    assert found[3].verdict == "ok" and found[3].claim == "kl.cross_entropy_minus_entropy"
