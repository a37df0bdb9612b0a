"""A bias correction divides by one minus its own average's decay (verify/audit/averages.py):
read line by line, Adam's v-hat corrected with beta_1 holds as the claim with the letters
renamed (red team 9, OK1), so the section's averages say which decay is whose."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.averages import (bias_correction_clash, corrected_with, decays,
                                              refuted)

ADAM = ("Adam, gradient $g_k$ at step $k$\n\n"
        "- first moment: $m_k = b_1 m_{k-1} + (1 - b_1) g_k$\n"
        "- second moment: $v_k = b_2 v_{k-1} + (1 - b_2) g_k^2$\n"
        "- bias correction: $\\hat{m}_k = \\frac{m_k}{1 - b_1^k}$\n"
        "- bias correction: $\\hat{v}_k = \\frac{v_k}{1 - B^k}$\n")


@pytest.mark.parametrize("latex, found", [
    (r"m_k = b_1 m_{k-1} + (1 - b_1) g_k", {"m": "b_1"}),
    (r"\mathbf{v}_t \leftarrow \beta_2 \mathbf{v}_{t-1} + (1-\beta_2)\, \mathbf{g}_t \odot "
     r"\mathbf{g}_t", {"v": r"\beta_2"}),
    (r"v_t = (1-\beta_{2}) g_t^2 + \beta_2 v_{t-1}", {"v": r"\beta_2"}),
    (r"v_t = \beta_2 v_{t-1} + (1 - \beta_1) g_t^2", {}),  # not an average of v by one decay
    (r"x_t = A x_{t-1} + B u_t", {}),
])
def test_an_average_binds_its_decay(latex, found):
    assert decays(latex) == found


def test_a_correction_names_its_average_and_decay():
    assert corrected_with(r"\hat{\mathbf{m}}_t = \dfrac{\mathbf{m}_t}{1-\beta_1^t}") == \
        ("m", r"\beta_1", "t")
    assert corrected_with(r"\hat v_t = v_t / (1 - \beta_2^{t})") == ("v", r"\beta_2", "t")
    assert corrected_with(r"\hat v_t = \frac{m_t}{1 - \beta_2^t}") is None


def test_the_check_can_fail_and_can_hold():
    assert refuted("b_2", "b_1") is not None
    assert refuted("b_2", "b_2") is None


def test_a_correction_with_the_other_averages_decay_is_wrong():
    last = audit_text(ADAM.replace("B^k", "b_1^k"), name="s.txt")[-1]
    assert last.verdict == "wrong" and last.reason.startswith("b_1 where b_2 belongs")
    assert "b_2^k" in last.expected
    assert last.counterexample["right"] == 1.0 and "k" in last.counterexample["values"]


def test_the_right_corrections_are_not_wrong():
    found = audit_text(ADAM.replace("B^k", "b_2^k"), name="s.txt")
    assert [f.verdict for f in found[-2:]] == ["ok", "ok"]


def test_a_decay_no_average_of_the_section_has_is_left_to_the_claims():
    """beta where the section only averages with b_1, b_2: a letter it never bound may be a
    renaming, so this rule says nothing."""
    assert bias_correction_clash(r"\hat{v}_k = \frac{v_k}{1 - \beta^k}",
                                 {"m": "b_1", "v": "b_2"}) is None
