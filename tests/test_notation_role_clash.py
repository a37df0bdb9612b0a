"""A line of the sheet confirms a letter's renaming or a matrix's size only in the renaming it
holds in (verify/audit/notation.py): dJ/dP = a r^T holds as the dense weight gradient
dL/dW = delta x^T only with a read as delta and r as x, the P of a sheet whose layer is
h = P^T a. Then dJ/da = P r is right, yet read with a as x and r as delta it fails
dL/dx = W^T delta by a transpose. The first line reads a and r otherwise, so it confirms
neither P's size nor P as W for it: the second stays unchecked, as it is on its own.
"""
from __future__ import annotations

import pytest

from cheatsheet.verify.audit import decide as decide_module
from test_topic_pinned_sizes import both_passes

HEAD = "## Gradients by backpropagation, dense layer\n\n"
WEIGHTS = "$$\\frac{\\partial J}{\\partial \\mathbf{P}} = \\mathbf{a}\\,\\mathbf{r}^\\top$$\n\n"
INPUT = "$$\\frac{\\partial J}{\\partial \\mathbf{a}} = \\mathbf{P}\\,\\mathbf{r}$$\n"


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


def _verdicts(text: str) -> dict:
    return {f.line: f.verdict for f in both_passes(text, "sheet.md")}


def test_a_line_holding_in_another_renaming_confirms_nothing():
    v = _verdicts(HEAD + WEIGHTS + INPUT)
    assert v[3] == "ok"
    assert v[5] == "unchecked"  # (was wrong: P's size and P as W "confirmed" by line 3)


def test_the_input_gradient_is_unchecked_on_its_own_too():
    assert _verdicts(HEAD + INPUT)[3] == "unchecked"



def test_a_line_reading_the_letters_alike_still_confirms():
    # dJ/dP = r a^T holds with r as delta and a as x, as dJ/da = P r reads them: there P r
    # is P where P^T belongs, in the sheet's own notation
    swapped = "$$\\frac{\\partial J}{\\partial \\mathbf{P}} = \\mathbf{r}\\,\\mathbf{a}^\\top$$\n\n"
    v = _verdicts(HEAD + swapped + INPUT)
    assert (v[3], v[5]) == ("ok", "wrong")
