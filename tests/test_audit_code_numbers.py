"""A number typed as code (``1e-6``) in arithmetic the audit checks on its own
(verify/audit/generic.py). The reader takes ``1e-6`` for 1 times e, minus 6, so
``10^{-6} = 1e-6`` was called wrong; it is left unchecked now, and plain arithmetic that is
wrong is still called wrong. Numbers here are our own.
"""
from __future__ import annotations

from audit_helpers import audit_text

SHEET = """# Optimiser defaults

Stability constant: $10^{-6} = 1e-6$

Clip threshold: $2^{5} = 30$
"""


def test_code_style_numbers_are_not_called_wrong_and_plain_arithmetic_still_is():
    found = {f.line: f.verdict for f in audit_text(SHEET)}
    assert found[3] != "wrong"
    assert found[5] == "wrong"
