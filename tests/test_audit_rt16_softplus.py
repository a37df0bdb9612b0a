"""softplus written as a word names log(1 + e^x), as sigmoid names 1 / (1 + e^{-x}).

Red team 16's numerics sheet wrote log(1 - sigma(x)) = -softplus(x); red team 13's typo sheet
log sigma(x) = softplus(-x) (the sign dropped). The reader read `\\operatorname{softplus}` as an
unknown function, so neither could be decided ("the function softplus is not given here").
softplus in an operator's face is now the function log(1 + e^x), entry by entry of a vector; a
softplus with a subscript or superscript (softplus_beta) is left a function of the sheet's own.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text


def _found(text: str, latex: str):
    return next(f for f in audit_text(text) if f.latex == latex)


SHEET = "## Activations\n\nWith $\\sigma$ the logistic sigmoid:\n\n$$FORMULA$$\n"

OK = [
    r"\log\sigma(v) = -\operatorname{softplus}(-v)",
    r"\mathrm{Softplus}(v) - \mathrm{Softplus}(-v) = v",
    r"\frac{d}{dv}\operatorname{softplus}(v) = \sigma(v)",
    r"\operatorname{softplus}(\mathbf{w}) - \operatorname{softplus}(-\mathbf{w}) = \mathbf{w}",
]
WRONG = [
    r"\log\sigma(v) = \operatorname{softplus}(-v)",
    r"\log\left(1 - \sigma(v)\right) = \operatorname{softplus}(v)",
]


@pytest.mark.parametrize("latex", OK)
def test_softplus_identities_in_other_letters_are_ok(latex):
    said = _found(SHEET.replace("FORMULA", latex), latex)
    assert said.verdict == "ok", (said.verdict, said.reason)


@pytest.mark.parametrize("latex", WRONG)
def test_their_sign_slips_are_wrong(latex):
    said = _found(SHEET.replace("FORMULA", latex), latex)
    assert said.verdict == "wrong", (said.verdict, said.reason)


def test_a_softplus_with_a_parameter_is_the_sheets_own():
    latex = r"\operatorname{softplus}_{\beta}(v) = \frac{1}{\beta}\log\left(1 + e^{\beta v}\right)"
    said = _found(SHEET.replace("FORMULA", latex), latex)
    assert said.verdict != "wrong", said.reason
