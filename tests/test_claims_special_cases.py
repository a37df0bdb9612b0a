"""Special cases of general claims that sheets state in their own right: the KL divergence
from a full-covariance Gaussian to the standard normal.  The claim's check refutes its slips,
and a sheet writing the special case in its own letters is read as it (the general
two-Gaussian claim's letters and shape are too far from it for the matcher)."""
from __future__ import annotations

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text


def test_gaussian_to_standard_kl_holds_and_its_slips_fail():
    assert_canonical_holds_and_wrong_forms_fail("kl.gaussian_to_standard")


_SHEET = """# Latent regularisers

- prior term: $D_{{KL}}(\\mathcal{{N}}(m, S) \\| \\mathcal{{N}}(0, I)) = \\tfrac12 (\\mathrm{{tr}}(S) + m^T m - k {sign} \\log\\det S)$
"""


def _finding(sign):
    (f,) = audit_text(_SHEET.format(sign=sign))
    return f


def test_a_sheet_writing_the_special_case_is_read_as_it():
    right = _finding("-")
    assert (right.verdict, right.claim) == ("ok", "kl.gaussian_to_standard")
    slip = _finding("+")
    assert (slip.verdict, slip.claim) == ("wrong", "kl.gaussian_to_standard")


def test_gaussian_rate_is_computed_from_test_channels_not_the_closed_form():
    import numpy as np

    from cheatsheet.verify.checks.rate_distortion import gaussian_rate

    assert abs(gaussian_rate(0.5, 2.0) - 0.5 * np.log(4.0)) < 1e-8
    assert gaussian_rate(3.0, 2.0) == 0.0  # past the source variance nothing need be sent
    assert_canonical_holds_and_wrong_forms_fail("rate_distortion.gaussian")


_RD = """# Lossy coding

- squared-error distortion, source variance $s^2$, $0 < D \\le s^2$: $R(D) = {rhs}$
"""


def test_a_sheet_stating_the_gaussian_rate_in_its_letters_is_read_as_it():
    *_, right = audit_text(_RD.format(rhs="\\tfrac12 \\log_2 (s^2 / D)"))
    assert (right.verdict, right.claim) == ("ok", "rate_distortion.gaussian")
    *_, slip = audit_text(_RD.format(rhs="\\tfrac12 \\log (D / s^2)"))
    assert (slip.verdict, slip.claim) == ("wrong", "rate_distortion.gaussian")


def test_another_bound_in_sigma_is_not_taken_for_the_rate():
    text = ("# Entropy\n\n- maximum entropy at second moment $s^2$: "
            "$h(Y) \\le \\frac{1}{2}\\log(2\\pi e s^2)$\n")
    *_, f = audit_text(text)
    assert f.claim != "rate_distortion.gaussian"
