"""garch11.unconditional_variance: decided by iterating E[r_t^2] = omega + (alpha + beta)
E[r_{t-1}^2], so a sign slip in the denominator is refuted."""
from tests.audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text, \
    claim_verdict


def test_canonical_and_recorded_typos():
    assert_canonical_holds_and_wrong_forms_fail("garch11.unconditional_variance")
    assert claim_verdict("garch11.unconditional_variance",
                         r"\mathbb{E}[\sigma_t^2] = \frac{\omega}{1 - \alpha - \beta}") in (
        "passed", "proved")


def test_sheet_lines():
    sheet = ("## Volatility\n\n"
             "- GARCH(1,1) long-run variance: "
             "$\\operatorname{Var}(r_t) = \\frac{\\omega}{1 - \\alpha - \\beta}$\n"
             "- GARCH(1,1) long-run variance: "
             "$\\operatorname{Var}(r_t) = \\frac{\\omega}{1 - \\alpha + \\beta}$\n")
    got = [f.verdict for f in audit_text(sheet, name="garch.md")]
    assert got == ["ok", "wrong"], got
