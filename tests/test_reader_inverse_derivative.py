"""The derivative of an applied inverse function, ``\\frac{d}{dy} g^{-1}(y)`` (red team 9, FA2).

The reader reads it right: the change-of-variables check, given the sheet's form for an
increasing map, passes it in both spellings and still refutes the derivative of g itself.
What made the audit call the line wrong was the renaming before the reading: the matcher paired
the derivative's d with the claim's J and the reader was given ``\\frac{J}{Jx} T^{-1}(x)``, J over
J x. The marked tests wait for that fix in cheatsheet/match/tokens.py (patch:
/work/team/scratch/reader_fa5_fa2/differential_d.patch); remove the marks with it.
"""
from __future__ import annotations

import pytest

from cheatsheet.verify.check import check_version

from audit_helpers import audit_text, catalog

CLAIM = "flow.change-of-variables"


def decide(latex):
    claim = catalog()[CLAIM]
    return check_version(claim, latex, claim.declarations, claim.layout or "denominator",
                         list(claim.assume), seed=0, key=("test",), symbolic_first=True,
                         thorough=False)


@pytest.mark.parametrize("latex", [
    r"p_x(x) = p_z(T^{-1}(x)) \frac{d}{dx} T^{-1}(x)",
    r"p_x(x) = p_z(T^{-1}(x)) \frac{d T^{-1}(x)}{dx}",
    r"p_x(x) = p_z(T^{-1}(x)) \left|\frac{d}{dx} T^{-1}(x)\right|",
])
def test_the_derivative_of_the_inverse_is_evaluated(latex):
    assert decide(latex).holds


@pytest.mark.parametrize("latex", [
    r"p_x(x) = p_z(T^{-1}(x)) \frac{d}{dx} T(x)",
    r"p_x(x) = p_z(T^{-1}(x)) \frac{J}{J x} T^{-1}(x)",  # what the renaming gave the reader
])
def test_another_derivative_is_refuted(latex):
    assert decide(latex).verdict == "refuted"


SHEET = """# Change of variables

If $Y = g(X)$ with $g$ strictly increasing and differentiable,

$$f_Y(y) = f_X(g^{-1}(y)) {deriv}$$
"""


@pytest.mark.parametrize("deriv", [r"\frac{d}{dy} g^{-1}(y)", r"\frac{d g^{-1}(y)}{dy}"])
def test_the_monotone_change_of_variables_is_ok(deriv):
    f = audit_text(SHEET.replace("{deriv}", deriv))[-1]
    assert f.verdict == "ok", f.reason


def test_the_derivative_of_g_itself_is_still_wrong():
    f = audit_text(SHEET.replace("{deriv}", r"\frac{d}{dy} g(y)"))[-1]
    assert f.verdict == "wrong"


def test_the_differential_d_is_no_letter_to_rename():
    from cheatsheet.match.tokens import tokenize

    for latex in (r"\frac{d}{dy} g(y)", r"\frac{d g(y)}{dy}", r"\frac{d^2 y}{dx^2}"):
        assert "d" not in {t.ident for t in tokenize(latex)}, latex
