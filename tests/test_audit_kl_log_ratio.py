"""The univariate Gaussian KL in the arrangement most notes print, log(s_2/s_1) + (s_1^2 +
(m_1 - m_2)^2)/(2 s_2^2) - 1/2 (red team 17: a MathJax sheet's KL with the 2 dropped stayed
"not sure": the catalog stated it only as 1/2 (ratio + distance - 1 + log ratio), too far in
form to be sure of the match). Letters of our own, and laws named by labels put in from the
same line (A = N(m_1, s_1^2), B = N(m_2, s_2^2))."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

LAWS = r"two normals $A = \mathcal{N}(m_1, s_1^2)$, $B = \mathcal{N}(m_2, s_2^2)$: "
RIGHT = r"\ln\frac{s_2}{s_1} + \frac{s_1^2 + (m_1 - m_2)^2}{2 s_2^2} - \frac12"
NO_TWO = r"\ln\frac{s_2}{s_1} + \frac{s_1^2 + (m_1 - m_2)^2}{s_2^2} - \frac12"
FLIPPED = r"\ln\frac{s_1}{s_2} + \frac{s_1^2 + (m_1 - m_2)^2}{2 s_2^2} - \frac12"


def _verdict(left: str, right: str, words: str = "") -> str:
    findings = audit_text(f"# Divergences\n\n- {words}${left} = {right}$\n")
    return findings[-1].verdict


@pytest.mark.parametrize("right, verdict", [(RIGHT, "ok"), (NO_TWO, "wrong"),
                                            (FLIPPED, "wrong")])
def test_the_log_ratio_arrangement_is_decided(right, verdict):
    left = r"\operatorname{KL}(\mathcal{N}(m_1, s_1^2) \,\|\, \mathcal{N}(m_2, s_2^2))"
    assert _verdict(left, right) == verdict


@pytest.mark.parametrize("right, verdict", [(RIGHT, "ok"), (NO_TWO, "wrong")])
def test_laws_named_by_labels_on_the_line_are_put_in(right, verdict):
    assert _verdict(r"\operatorname{KL}(A \,\|\, B)", right, LAWS) == verdict
