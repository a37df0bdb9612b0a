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
