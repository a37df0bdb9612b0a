"""The Gaussian channel's capacity C = 1/2 log(1 + P/N) (a fact red-team sheets state that the
catalog lacked): decided as h(Y) - h(Z) of the normal laws, in the unit of the line's
logarithms, so a right line in bits or in nats holds and a slip in it is wrong."""
from __future__ import annotations

import pytest
import sympy as sp

from audit_helpers import assert_canonical_holds_and_wrong_forms_fail, audit_text
from cheatsheet.latex import parse
from cheatsheet.verify.checks.channel_capacity import line_unit

CLAIM = "capacity.gaussian_channel"


def test_the_canonical_form_holds_and_every_recorded_wrong_form_fails():
    assert_canonical_holds_and_wrong_forms_fail(CLAIM, seed=4)


@pytest.mark.parametrize("latex, unit", [
    (r"C = \frac{1}{2}\ln(1 + x)", 1.0),
    (r"C = \frac{1}{2}\log_2(1 + x)", 2.0),
    (r"C = \log_{10}\sqrt{1 + x}", 10.0),
])
def test_the_unit_is_the_base_of_the_lines_logarithms(latex, unit):
    assert line_unit(parse(latex)) == pytest.approx(float(sp.log(unit)) if unit != 1.0 else 1.0)


SHEET = ("## Channels\n\nA real additive white Gaussian noise channel, transmit power $Q$, noise "
         "variance $V$, capacity per sample:\n\n$$FORMULA$$\n")


def _said(latex):
    (f,) = [f for f in audit_text(SHEET.replace("FORMULA", latex)) if f.latex == latex]
    return f


@pytest.mark.parametrize("latex", [
    r"C = \frac{1}{2}\log_2\left(1 + \frac{Q}{V}\right)",
    r"C = \frac{1}{2}\ln\left(1 + \frac{Q}{V}\right)",
])
def test_the_capacity_in_bits_or_nats_is_ok(latex):
    f = _said(latex)
    assert (f.verdict, f.claim) == ("ok", CLAIM), f.reason


@pytest.mark.parametrize("typo", [
    r"C = \frac{1}{2}\ln\left(1 + \frac{Q^2}{V}\right)",
    r"C = \frac{1}{2}\ln\left(\frac{Q}{V}\right)",
])
def test_a_slip_in_the_capacity_is_wrong(typo):
    f = _said(typo)
    assert (f.verdict, f.claim) == ("wrong", CLAIM), f.reason


def test_the_complex_channel_form_is_never_called_wrong():
    """log(1 + P/N) without the 1/2 is the capacity of a complex channel per complex use: a
    form right under another convention, so the audit leaves it unchecked."""
    f = _said(r"C = \ln\left(1 + \frac{Q}{V}\right)")
    assert f.verdict != "wrong", f.reason
