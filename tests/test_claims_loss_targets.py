"""The focal loss and the label-smoothed target (data/claims/loss_targets.toml): canonical forms
hold and their slips are refuted by checks that compute the losses as the libraries do; a sheet
in letters of our own (K classes, class k) has its slips called wrong and its right lines not."""
from __future__ import annotations

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text

from cheatsheet.verify.checks.loss_targets import smoothed_targets


def test_the_smoothed_targets_read_off_the_loss_sum_to_one():
    q = smoothed_targets(5, 2, 0.3)
    assert abs(q.sum() - 1) < 1e-9 and abs(q[2] - (0.7 + 0.06)) < 1e-9
    assert abs(q[0] - 0.06) < 1e-9


def test_canonical_forms_hold_and_slips_are_refuted():
    assert_canonical_holds_and_wrong_forms_fail("focal.loss")
    assert_canonical_holds_and_wrong_forms_fail("label_smoothing.target")


SHEET = """# Classification losses

- Focal loss with focusing parameter $\\gamma$: $\\mathrm{FL}(p_t) = -(1 - p_t)^{\\gamma}\\log p_t$
- Focal loss with focusing parameter $\\gamma$: $\\mathrm{FL}(p_t) = -(1 - p_t)^{\\gamma}\\log(1 - p_t)$
- Label smoothing over $K$ classes, true class $y$: $q_k = (1 - \\varepsilon)\\,\\mathbb{1}[k = y] + \\frac{\\varepsilon}{K}$
- Label smoothing over $K$ classes, true class $y$: $q_k = (1 - \\varepsilon)\\,\\mathbb{1}[k = y] + \\varepsilon$
"""


def test_slips_of_the_two_losses_are_caught_and_right_lines_are_not():
    found = {}
    for f in audit_text(SHEET, "losses.md"):
        found.setdefault(f.line, []).append(f)
    assert all(f.verdict != "wrong" for f in found[3] + found[5])
    # (the lead-in's bare gamma, K, y state no relation: unchecked beside the formula)
    assert ("wrong", "focal.loss") in [(f.verdict, f.claim) for f in found[4]]
    assert ("wrong", "label_smoothing.target") in [(f.verdict, f.claim) for f in found[6]]
    assert ("ok", "focal.loss") in [(f.verdict, f.claim) for f in found[3]]
