"""A recorded table row ``Name(params) \\quad value`` is read by the catalog as the claim's
quantity equal to the value (``E[e^{tX}] = value``): that reading adds only what the row's name
says, which the audit reads itself wherever a name stands for a claim's left side. So the row's
typo, typed again on another sheet as ``Name(params) = value``, is the claim's typo there too
(it was left unchecked as "read with words of the sheet it was recorded from"); and the law's
parameters written in the name (the alpha of Gam(alpha, beta)) are mentioned by the formula,
not values it fixes. Sheets, wording and layout are our own; the recorded row comes from
another sheet than the one left out."""
from __future__ import annotations

import pytest

from audit_helpers import audit_text

LEFT_OUT = ("000_502e73dc4320f9fe.txt",)


@pytest.mark.parametrize("text", [
    "## Generating functions of moments\n\nGamma waiting time: "
    "$\\text{Gam}(\\alpha, \\beta) = \\frac{1}{a - \\beta t}$\n",
    "# Transforms\n\n- Gamma law, MGF: "
    "$\\mathrm{Gam}(\\alpha, \\beta) = \\left(\\frac{1}{a - \\beta s}\\right)$\n",
    "# Transforms\n\n- Gamma law, MGF: $\\operatorname{Gam}(\\alpha, \\beta) = (a - \\beta t)^{-1}$\n",
])
def test_a_recorded_rows_typo_typed_with_an_equals_sign_is_wrong(text):
    (f,) = audit_text(text, without=LEFT_OUT)
    assert (f.verdict, f.claim) == ("wrong", "mgf.gamma"), f.reason
    assert f.counterexample is not None


def test_the_right_row_typed_the_same_way_holds():
    (f,) = audit_text("# Transforms\n\n- Gamma law, MGF: "
                      "$\\mathrm{Gam}(\\alpha, \\beta) = (1 - \\beta t)^{-\\alpha}$\n",
                      without=LEFT_OUT)
    assert f.verdict == "ok", f.reason
