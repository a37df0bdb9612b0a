"""An update written with an arrow that no claim decides says why its step reading stays
unchecked (variants.py): ``x <- x - m`` states an update, and "states no relation (a name,
a set or an expression on its own)", the reason of the formula as written, told the reader
(and the red team's tally of misses by reason) something false.
"""
from __future__ import annotations

from audit_helpers import audit_text


def _last(line: str):
    return audit_text("# Heavy ball\n\n" + line + "\n")[-1]


def test_an_undecided_arrow_update_gives_its_step_reading_reason():
    f = _last("- then the position: $\\mathbf{x} \\gets \\mathbf{x} - \\mathbf{m}$")
    assert f.verdict == "unchecked"
    assert not f.reason.startswith("states no relation"), f.reason
    assert "an update written with an arrow" in f.reason, f.reason


def test_a_bare_expression_still_states_no_relation():
    f = _last("- then the position: $\\mathbf{x} - \\mathbf{m}$, the step")
    assert f.reason.startswith("states no relation"), f.reason
