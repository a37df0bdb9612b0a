"""The DDPM score written with the noise (ddpm.score-from-noise): the check computes the
Gaussian's gradient at x_t, so a dropped sign or root is refuted and the x_t form holds too."""
from tests.audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text, \
    claim_verdict


def test_canonical_and_recorded_typos():
    assert_canonical_holds_and_wrong_forms_fail("ddpm.score-from-noise")
    # written with x_t instead of the noise: the same value
    assert claim_verdict("ddpm.score-from-noise", r"\nabla_{x_t} \log q(x_t \mid x_0) = "
                         r"-\frac{x_t - \sqrt{\bar{\alpha}_t} x_0}{1 - \bar{\alpha}_t}") in (
        "passed", "proved")


def test_sheet_in_other_letters():
    """Right in other letters; the root dropped (in the claim's letters: a renamed typo is
    never sure) is wrong."""
    sheet = ("## Noising\n\n"
             "- $\\nabla_{\\mathbf{z}_t}\\log q(\\mathbf{z}_t \\mid \\mathbf{z}_0) = "
             "-\\frac{\\boldsymbol{\\varepsilon}}{\\sqrt{1 - \\bar\\alpha_t}}$\n"
             "- $\\nabla_{\\mathbf{x}_t}\\log q(\\mathbf{x}_t \\mid \\mathbf{x}_0) = "
             "-\\frac{\\boldsymbol{\\varepsilon}}{1 - \\bar\\alpha_t}$\n")
    got = [(f.verdict, f.claim) for f in audit_text(sheet, name="noise.md")]
    assert got == [("ok", "ddpm.score-from-noise"), ("wrong", "ddpm.score-from-noise")], got
