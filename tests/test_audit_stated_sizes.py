"""A derivative's size stated beside it, against the function's declared signature and the
layout in force (verify/audit/stated_sizes.py). Letters, layout and wording are our own."""
from __future__ import annotations

from audit_helpers import audit_text

_SHEET = ("## Derivatives of maps\n\n"
          "{layout}\n\n"
          "For a map $g: \\mathbb{{R}}^p \\to \\mathbb{{R}}^q$ the Jacobian has entries\n\n"
          "$$\\left(\\frac{{\\partial \\mathbf{{g}}}}{{\\partial \\mathbf{{z}}}}\\right)_{{ab}} = "
          "\\frac{{\\partial g_a}}{{\\partial z_b}}, \\qquad \\frac{{\\partial \\mathbf{{g}}}}"
          "{{\\partial \\mathbf{{z}}}} \\in \\mathbb{{R}}^{{{size}}}$$\n")
_NUMERATOR = "Throughout we take the numerator layout."
_DENOMINATOR = "Throughout we take the denominator layout."


def _jacobian(layout: str, size: str, signature: bool = True):
    text = _SHEET.format(layout=layout, size=size)
    if not signature:
        text = text.replace("For a map $g: \\mathbb{R}^p \\to \\mathbb{R}^q$", "For a map")
    (f,) = [f for f in audit_text(text) if "left(" in f.latex]
    return f


def test_a_size_the_declared_map_does_not_have_in_the_layout_in_force_is_wrong():
    f = _jacobian(_NUMERATOR, "p \\times q")
    assert f.verdict == "wrong", f.reason
    assert "q × p" in f.reason and "numerator" in f.reason
    assert f.expected.endswith("\\mathbb{R}^{q \\times p}")
    f = _jacobian(_DENOMINATOR, "q \\times p")
    assert f.verdict == "wrong" and "p × q" in f.reason, f.reason


def test_a_right_size_an_unsaid_layout_or_an_undeclared_map_is_not_wrong():
    assert _jacobian(_NUMERATOR, "q \\times p").verdict != "wrong"
    assert _jacobian(_DENOMINATOR, "p \\times q").verdict != "wrong"
    assert _jacobian("", "p \\times q").verdict != "wrong"  # either layout may be meant
    assert _jacobian(_NUMERATOR, "p \\times q", signature=False).verdict != "wrong"
    assert _jacobian(_NUMERATOR, "r \\times p").verdict != "wrong"  # letters never declared
