"""A legend after a formula ("width, input width, padding, kernel size, stride") names its
quantities: a parameter it names cannot have been fixed to a value by the formula, so a
constant in its place is the typo (verify/audit/legend.py). Letters and words of our own;
the course sheet that has such a line is left out of the matcher."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text
from cheatsheet.verify.audit.legend import legend_items

WITHOUT = ("002_3cc44bf5a04d8da0.txt",)


def _finding(divisor: str, legend: str):
    text = ("## Convolutional layers\n\nSpatial size after a conv: "
            f"$W_{{\\text{{out}}}} = \\lfloor \\frac{{W_{{\\text{{in}}}} + 2P - K}}{{{divisor}}} "
            f"\\rfloor + 1$, {legend}.\n")
    (found,) = audit_text(text, without=WITHOUT)
    return found


def test_a_constant_where_the_legend_names_the_stride_is_wrong():
    found = _finding("2", "width, input width, padding, kernel size, stride")
    assert found.verdict == "wrong" and found.claim == "conv.output_size"
    assert "{S}" in found.expected
    # the counterexample gives the stride too, so both sides can be recomputed
    values = found.counterexample["values"]
    assert "S" in values and values["S"] != 2
    assert found.counterexample["left"] != found.counterexample["right"]


def test_the_same_formula_with_the_stride_written_holds():
    assert _finding("S", "width, input width, padding, kernel size, stride").verdict == "ok"


@pytest.mark.parametrize("legend", [
    "width, input width, padding, kernel size",  # the stride is not named: it may be fixed
    "width, input width, padding, kernel size, stride 2",  # the legend gives its value
    "width, input width, padding, kernel size, unit stride",
])
def test_a_legend_that_does_not_leave_the_stride_free_decides_nothing(legend):
    assert _finding("2", legend).verdict == "unchecked"


def test_only_a_bare_list_is_a_legend():
    assert legend_items(", Height, Input size, padding, Kernel size, stride.") == [
        "height", "input size", "padding", "kernel size", "stride"]
    assert legend_items(" where the stride is two, padding one, kernel three") == []
    assert legend_items(", padding, stride") == []  # (two words may be a phrase)
    assert legend_items(", for $S = 2$, padding, stride") == []
