"""The Kraft inequality, which information-theory sheets state and the catalog lacked: the
lengths of a prefix code's codewords satisfy sum_i D^{-l_i} <= 1 (2^{-l_i} for a binary code).
Before, every such line was 'no claim of the catalog states this'.  A complete code's equality
is right and never wrong.  The log-sum inequality, stated beside it, lacked a claim too.
Letters of our own."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text


def _sums(text):
    return [f for f in audit_text(text) if r"\sum" in f.latex]


@pytest.mark.parametrize("latex, claim", [
    (r"\sum_j q^{-m_j} \le 1", "kraft.inequality"),
    (r"\sum_{k=1}^{K} 2^{-\lambda_k} \leq 1", "kraft.binary"),
])
def test_the_inequality_holds_in_other_letters(latex, claim):
    (f,) = _sums(f"# Codes\n\n- prefix code, codeword lengths: ${latex}$\n")
    assert (f.verdict, f.claim) == ("ok", claim), f.reason


SHEET = r"""# Codes

- Kraft, $q$-ary prefix code with lengths $m_j$: $\sum_j q^{-m_j} \le 1$
- binary prefix code: $\sum_{k=1}^{K} 2^{-\lambda_k} \leq 1$
- Kraft again: $<typo>$
"""


@pytest.mark.parametrize("latex, claim", [
    (r"\sum_j q^{-m_j} \geq 1", "kraft.inequality"),
    (r"\sum_k 2^{-\lambda_k} \geq 1", "kraft.binary"),
    (r"\sum_{k=1}^{K} 2^{-\lambda_k} \leq \frac{1}{2}", "kraft.binary"),
])
def test_a_typo_beside_the_right_forms_is_wrong(latex, claim):
    # the right lines confirm what the sheet's letters stand for; the typo is then sure
    *right, typo = _sums(SHEET.replace("<typo>", latex))
    assert [(f.verdict, f.claim) for f in right] == [("ok", "kraft.inequality"),
                                                     ("ok", "kraft.binary")]
    assert (typo.verdict, typo.claim) == ("wrong", claim), typo.reason


def test_a_complete_codes_equality_is_never_wrong():
    (f,) = _sums("# Codes\n\n- a complete code: $\\sum_{j=1}^{J} q^{-m_j} = 1$\n")
    assert f.verdict != "wrong", f.reason


def test_code_trees_give_prefix_codes():
    import numpy as np
    from cheatsheet.verify.checks.source_coding import code_lengths

    rng = np.random.default_rng(0)
    for D in (2, 3):
        for n in (1, 2, 4):
            sums = [float(np.sum(D ** -code_lengths(rng, n, D, False))) for _ in range(20)]
            assert max(sums) <= 1 + 1e-12 and min(sums) < 1
    assert float(np.sum(2.0 ** -code_lengths(rng, 4, 2, True))) == 1.0


LOGSUM = (r"\sum_{k=1}^{m} u_k \ln\frac{u_k}{v_k} {rel} \Big(\sum_{k=1}^{m} u_k\Big) "
          r"\ln\frac{\sum_{k=1}^{m} u_k}{\sum_{k=1}^{m} v_k}")


def test_the_log_sum_inequality_holds_and_its_turned_form_is_wrong():
    # stated beside the Kraft inequality on information sheets; no claim before either
    text = ("# Sums\n\n- log-sum, positive $u_k, v_k$: $" + LOGSUM.replace("{rel}", r"\ge")
            + "$\n- log-sum again: $" + LOGSUM.replace("{rel}", r"\le") + "$\n")
    right, turned = _sums(text)
    assert (right.verdict, right.claim) == ("ok", "logsum.inequality"), right.reason
    assert (turned.verdict, turned.claim) == ("wrong", "logsum.inequality"), turned.reason
