"""RMSNorm's entry formula (rmsnorm.entry): the canonical form holds and its slips are refuted by
the layer computed as torch.nn.RMSNorm does; epsilon outside the root is a convention (never
wrong); a sheet in letters of our own (h for the features, w for the gain, n of them) has the
root dropped called wrong and its right line not."""
from __future__ import annotations

import numpy as np

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text, catalog

from cheatsheet.verify.checks.rms_norm import rms_norm


def test_the_layer_has_unit_root_mean_square_with_unit_gain():
    x = np.array([[[3.0], [4.0], [0.0]]])
    y = rms_norm(x, np.ones((1, 3, 1)), np.array([0.0]))
    assert abs(np.sqrt(np.mean(y ** 2)) - 1) < 1e-12 and abs(y[0, 0, 0] - 3 / np.sqrt(25 / 3)) < 1e-12


def test_canonical_form_holds_and_slips_are_refuted():
    assert_canonical_holds_and_wrong_forms_fail("rmsnorm.entry")


def test_epsilon_outside_the_root_is_a_convention_not_a_typo():
    (conv,) = catalog()["rmsnorm.entry"].conventions
    found = audit_text("# Norms\n\n- RMSNorm: $" + conv["latex"] + "$\n", "norms.md")
    assert all(f.verdict != "wrong" for f in found)


SHEET = """# Normalisation layers

- RMSNorm over $n$ features with gain $\\mathbf{w}$: $y_i = \\frac{h_i}{\\sqrt{\\frac{1}{n}\\sum_{j=1}^{n} h_j^2 + \\epsilon}}\\, w_i$
- RMSNorm over $n$ features with gain $\\mathbf{w}$: $y_i = \\frac{h_i}{\\frac{1}{n}\\sum_{j=1}^{n} h_j^2 + \\epsilon}\\, w_i$
"""


def test_a_dropped_root_is_caught_and_the_right_line_is_not():
    found = {}
    for f in audit_text(SHEET, "norms.md"):
        found.setdefault(f.line, []).append(f)
    assert all(f.verdict != "wrong" for f in found[3])
    assert ("wrong", "rmsnorm.entry") in [(f.verdict, f.claim) for f in found[4]]
