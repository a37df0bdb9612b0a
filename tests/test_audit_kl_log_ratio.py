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


@pytest.mark.parametrize("right, verdict", [(RIGHT, "ok"), (NO_TWO, "wrong")])
def test_an_upright_d_with_the_kl_label_is_the_divergence(right, verdict):
    # \mathrm{D}_{\mathrm{KL}} was read as a word D with a subscript, no divergence at all
    assert _verdict(r"\mathrm{D}_{\mathrm{KL}}(A \,\|\, B)", right, LAWS) == verdict


def test_the_upright_d_and_its_label_make_one_operator():
    from cheatsheet.match.tokens import tokenize

    for left in (r"\mathrm{D}_{\mathrm{KL}}", r"\mathrm{D}_\mathrm{KL}", r"D_{\mathrm{KL}}"):
        assert [t.norm for t in tokenize(left + "(A \\| B)")][0] == "KL"
    assert [t.norm for t in tokenize(r"\mathrm{D}_{x}")][0] == "text:d"


def test_a_divergence_named_without_its_laws_is_compared_by_its_right_side():
    # "against N(0, I): D_KL = ..." names the value only; the laws are in the words
    words = (r"posterior $\mathcal{N}(\boldsymbol{\mu}, \operatorname{diag}(\boldsymbol{\sigma}^2))$"
             r" against $\mathcal{N}(\mathbf{0}, I)$: ")
    right = r"\frac12\sum_{i=1}^{d}\left(\sigma_i^2 + \mu_i^2 - 1 - \ln\sigma_i^2\right)"
    assert _verdict(r"\mathrm{D}_{\mathrm{KL}}", right, words) == "ok"
